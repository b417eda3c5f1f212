"""Which shot of a revised plan a hand edit belongs to, by the text of the lines it covered.

Why text and not ids or scene hashes: a writer's revision moves ids (a new
paragraph adds a shot before yours), renumbers scenes, moves them, rewords a
line. What stays is the words the shot covers. So an edit remembers those words
(:func:`covered_lines`) and is matched again after every re-plan:

1. exactly the same lines: the shot with the same id if there is one, else the
   one under the same heading, else the first;
2. otherwise the best tolerant match: each remembered line counts with its
   length and its best similarity (difflib ratio over words >= 0.6) to a line of the
   candidate; 70% of the score is how much of the edit's text is found, 30% how
   much of the candidate is the edit's (so a shot that merely contains a short
   line like ``(beat)`` among much else scores low). Candidates under the same
   heading are tried first; a score under 0.5 means the lines are gone.

Each shot takes at most one edit; the best scores are placed first.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from screenplay.model import Scene
from shots.model import Shot

LINE_SIMILAR = 0.6  # a reworded line still counts as the same line
MATCH_THRESHOLD = 0.5  # below this the edit's lines are gone
_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().lower()


def covered_lines(scene: Scene, shot: Shot) -> tuple[str, ...]:
    """The words a shot covers, one string per element (cues folded into their speech), normalised.

    A long speech split over two shots counts with the part each shot carries, and so does an
    action paragraph cut into beats (``Shot.parts``).
    """
    parts: dict[int, list[str]] = {}
    for d in shot.dialogue:
        parts.setdefault(d.line, []).append(d.text)
    carried = {p.line: (p.start, p.end) for p in shot.parts}  # () in plans written before parts
    out: list[str] = []
    cue = ""
    elements = ([scene.heading] if scene.heading is not None else []) + list(scene.elements)
    for e in elements:
        kind = e.type
        if kind == "character":
            cue = e.name
        if not shot.first_line <= e.line <= shot.last_line or kind in ("character", "note", "page_break"):
            continue
        if carried and e.line not in carried and kind != "scene_heading":
            continue  # another shot's element on a shared line
        if kind == "action" and e.line in carried:  # the beat of a paragraph this shot carries
            start, end = carried[e.line]
            out.append(_norm(e.text[start:end]))
            continue
        if kind == "dialogue":
            for text in parts.get(e.line, [e.text]):
                out.append(_norm(f"{cue}: {text}"))
        elif kind == "parenthetical":
            out.append(_norm(f"{cue} {e.text}"))
        else:
            out.append(_norm(getattr(e, "text", "") or kind))
    return tuple(out)


@dataclass(frozen=True)
class Candidate:
    """A shot of the new plan: its id, the heading of its scene and the lines it covers."""

    shot_id: str
    heading: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Remembered:
    """What an edit remembers of its shot: a key of the caller's, the id, heading and lines."""

    key: str
    shot_id: str
    heading: str
    lines: tuple[str, ...]


def _found(lines: Sequence[str], other: Sequence[str]) -> float:
    """How much of ``lines`` (weighted by length) has a similar line in ``other``.

    Similarity is difflib's ratio over words (a reworded line keeps most of its words),
    with the cheap upper bounds tried first: on a feature an orphan is compared with
    every shot of the script on every load.
    """
    total = sum(len(x) or 1 for x in lines)
    if not total:
        return 0.0
    got = 0.0
    other_words = [tuple(b.split()) for b in other]
    for a in lines:
        if a in other:
            got += len(a) or 1
            continue
        words = tuple(a.split())
        best = 0.0
        matcher = None
        for b in other_words:
            la, lb = len(words), len(b)
            if not la or not lb or 2 * min(la, lb) / (la + lb) < LINE_SIMILAR:
                continue
            if matcher is None:
                matcher = difflib.SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(words)  # difflib caches what it learns about the second sequence
            matcher.set_seq1(b)
            if matcher.quick_ratio() < LINE_SIMILAR:
                continue
            best = max(best, matcher.ratio())
        if best >= LINE_SIMILAR:
            got += (len(a) or 1) * best
    return got / total


def score(edit_lines: Sequence[str], shot_lines: Sequence[str]) -> float:
    """0..1: how surely a shot covering ``shot_lines`` is the one an edit of ``edit_lines`` was made on."""
    if not edit_lines or not shot_lines:
        return 0.0
    forward = _found(edit_lines, shot_lines)
    if forward == 0.0:
        return 0.0
    return 0.7 * forward + 0.3 * _found(shot_lines, edit_lines)


def match(edits: Iterable[Remembered], candidates: Sequence[Candidate]) -> dict[str, tuple[str, float]]:
    """Attach edits to shots.

    Returns:
        ``{edit key: (shot id, score)}`` for each edit that found its shot; the others are orphans.
    """
    edits = list(edits)
    by_lines: dict[tuple[str, ...], list[Candidate]] = {}
    for c in candidates:
        by_lines.setdefault(c.lines, []).append(c)
    proposals: list[tuple[float, int, int, str, str]] = []  # (score, same id, same heading, key, shot)
    for e in edits:
        exact = by_lines.get(e.lines, []) if e.lines else []
        if exact:
            for c in exact:
                proposals.append((1.0, c.shot_id == e.shot_id, c.heading == e.heading, e.key, c.shot_id))
            continue
        near = [c for c in candidates if c.heading == e.heading]
        scored = [(score(e.lines, c.lines), c) for c in near]
        if not any(s >= MATCH_THRESHOLD for s, _ in scored):
            scored = [(score(e.lines, c.lines), c) for c in candidates]
        for s, c in scored:
            if s >= MATCH_THRESHOLD:
                proposals.append((s, c.shot_id == e.shot_id, c.heading == e.heading, e.key, c.shot_id))
    proposals.sort(key=lambda p: (-p[0], -p[1], -p[2]))
    placed: dict[str, tuple[str, float]] = {}
    taken: set[str] = set()
    for s, _, _, key, shot_id in proposals:
        if key in placed or shot_id in taken:
            continue
        placed[key] = (shot_id, s)
        taken.add(shot_id)
    return placed
