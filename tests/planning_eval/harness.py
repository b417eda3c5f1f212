"""Plan a script the way a user's `previs plan` does, and answer questions about the result.

Why a harness: the planning evaluation (tests/test_planning_eval_*.py and
benchmarks/planning.py) asks the same few questions of many scripts ("which
shots cover the line that says X?", "who is in them?"), and each script is
planned once through :func:`previs.pipeline.plan_script` (the product's path:
bible sync, continuity across scenes, the heuristic planner) into a
throw-away project folder.
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SCRIPTS = Path(__file__).resolve().parent / "scripts"
EXAMPLE = REPO / "examples" / "the-night-shift.fountain"
CORPUS = REPO.parent / "shared" / "corpus"


def script_path(name: str) -> Path:
    """``example``, a corpus file name (``brick-and-steel``) or one of ours (``pronouns``)."""
    if name == "example":
        return EXAMPLE
    own = SCRIPTS / f"{name}.fountain"
    return own if own.exists() else CORPUS / f"{name}.fountain"


@dataclass
class Planned:
    """One planned script: its screenplay, bible and plans."""

    screenplay: object
    bible: object
    plans: tuple

    @property
    def shots(self):
        return [s for p in self.plans for s in p.shots]

    def element_line(self, snippet: str) -> int:
        """The line of the first element (action, dialogue) whose text contains ``snippet``."""
        for e in self.screenplay.elements:
            if snippet in (getattr(e, "text", None) or ""):
                return e.line
        raise LookupError(f"no element contains {snippet!r}")

    def covering(self, snippet: str):
        """Shots that carry ``snippet``: those whose part of its element overlaps the snippet's
        characters (a shot is not an element: issue 16), or, in plans without parts, whose line span
        holds the element."""
        element = next(e for e in self.screenplay.elements if snippet in (getattr(e, "text", None) or ""))
        start = element.text.index(snippet)
        end = start + len(snippet)
        carrying = [s for s in self.shots
                    if any(p.line == element.line and p.start < end and start < p.end for p in s.parts)]
        if carrying:
            return carrying
        return [s for s in self.shots if s.first_line <= element.line <= s.last_line]

    def plan_of(self, heading_snippet: str):
        """The plan of the first scene whose heading contains ``heading_snippet``."""
        for p in self.plans:
            if heading_snippet in (p.heading or ""):
                return p
        raise LookupError(f"no scene heading contains {heading_snippet!r}")

    def id_of(self, name: str) -> str:
        """The bible id of a character as the script names it (a cue, an alias or the full name)."""
        entry = self.bible.get(name)
        if entry is None:
            raise LookupError(f"{name!r} is not in the bible")
        return entry.id


_CACHE: dict[str, Planned] = {}


def planned(name: str) -> Planned:
    """The heuristic plan of a script (planned once per test run)."""
    if name not in _CACHE:
        from previs.pipeline import plan_script

        with tempfile.TemporaryDirectory(prefix="previs-eval-") as tmp:
            result = plan_script(script_path(name), project_dir=tmp)
        _CACHE[name] = Planned(result.screenplay, result.bible, tuple(result.plans))
    return _CACHE[name]
