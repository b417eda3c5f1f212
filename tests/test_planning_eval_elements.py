"""Planning evaluation, special elements and transitions: hand-written expectations over the corpus.

Every expectation below was written from the script text (quoted in ``line``), with
the reason a director would give, before the planner was run on it; none was copied
from the planner's output. The heuristic planner must meet all of them. A line is
found by its text, so the expectations survive edits elsewhere in a script.

Scripts: the public corpus in ../shared/corpus (read, never copied into the repo) and
the bundled example.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

import pytest

import screenplay
from shots.bible import extract_bible
from shots.heuristic import HeuristicPlanner

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "the-night-shift.fountain"
CORPUS = ROOT.parent / "shared" / "corpus"


@dataclass(frozen=True)
class Planned:
    scenes: tuple  # Screenplay.scenes
    shots: tuple  # every shot, in order
    bible: object
    lines: tuple[str, ...]

    def line_of(self, text: str, nth: int = 0) -> int:
        """1-based number of the ``nth`` line holding ``text``."""
        hits = [n for n, line in enumerate(self.lines, 1) if text in line]
        return hits[nth]

    def shot_at(self, text: str, nth: int = 0):
        line = self.line_of(text, nth)
        return next(s for s in self.shots if s.first_line <= line <= s.last_line)

    def id(self, name: str) -> str:
        entry = self.bible.get(name)
        assert entry is not None, f"{name} is not a character"
        return entry.id

    def alone(self, text: str, nth: int = 0) -> bool:
        """True when a shot covers nothing but this line (a transition made a shot)."""
        line = self.line_of(text, nth)
        return any(s.first_line == s.last_line == line for s in self.shots)


@lru_cache(maxsize=None)
def planned(path: str) -> Planned:
    sp = screenplay.load(path)
    bible = extract_bible(sp)
    planner = HeuristicPlanner()
    shots = tuple(s for scene in sp.scenes for s in planner.plan(scene, bible).shots)
    lines = tuple(Path(path).read_text(encoding="utf-8").splitlines())
    return Planned(sp.scenes, shots, bible, lines)


@dataclass(frozen=True)
class Expect:
    script: str
    line: str  # the script text the expectation is about
    reason: str
    check: Callable[[Planned], bool]


def _insert_of(p: Planned, text: str, word: str) -> bool:
    s = p.shot_at(text)
    return s.type.value == "insert" and s.size.value in ("INSERT", "ECU") and word in (s.prop or "")


def _leaves(p: Planned, text: str, kind: str) -> bool:
    """The shot holding the transition ``text`` leaves by ``kind``, and no shot is that line alone."""
    return p.shot_at(text).transition_out == kind and not p.alone(text)


EXPECTATIONS = [
    # -- inserts and CLOSE ON / ANGLE ON -----------------------------------------------------------
    Expect("big-fish", "INSERT:  The encyclopedia article",
           "INSERT: names what the insert shows: the encyclopedia article, at insert size",
           lambda p: _insert_of(p, "INSERT:  The encyclopedia article", "encyclopedia article")),
    Expect("big-fish", "INSERT:  The encyclopedia article",
           "an insert of a page shows the page, not Young Edward reading it",
           lambda p: p.shot_at("INSERT:  The encyclopedia article").subjects == ()),
    Expect("big-fish", "CLOSE ON Edward's hand as he turns knobs.",
           "CLOSE ON a hand is a detail (insert/ECU) of the hand, not a single of Edward",
           lambda p: _insert_of(p, "CLOSE ON Edward's hand", "hand")),
    Expect("big-fish", "CLOSE ON water SPLASHING into the claw-foot bathtub",
           "CLOSE ON a thing is an insert of that thing",
           lambda p: _insert_of(p, "CLOSE ON water SPLASHING", "water")),
    Expect("big-fish", "CLOSE ON the license plates.  Missouri.",
           "the plates are the prop the insert shows",
           lambda p: _insert_of(p, "CLOSE ON the license plates", "license plates")),
    Expect("big-fish", "CLOSE ON Will, bewildered to see that this man really exists.",
           "CLOSE ON a character is a close-up of that character alone",
           lambda p: (p.shot_at("CLOSE ON Will, bewildered").size.value == "CU"
                      and p.shot_at("CLOSE ON Will, bewildered").subjects == (p.id("WILL"),))),
    Expect("big-fish", "CLOSE ON Edward, smiling nervously. ... as we PULL BACK, we see why",
           "a close-up on Edward that pulls back (the written move is kept, not dropped)",
           lambda p: (p.shot_at("CLOSE ON Edward, smiling nervously").subjects[:1] == (p.id("EDWARD"),)
                      and p.shot_at("CLOSE ON Edward, smiling nervously").movement.value == "pull out")),
    Expect("big-fish", "ANGLE ON Will, still fuming with righteous anger.",
           "ANGLE ON a character frames that character",
           lambda p: p.id("WILL") in p.shot_at("ANGLE ON Will, still fuming").subjects
           and p.shot_at("ANGLE ON Will, still fuming").type.value != "insert"),
    Expect("big-fish", "ANGLE ON Amos, stunned, megaphone dangling.",
           "ANGLE ON Amos is a shot of Amos",
           lambda p: p.shot_at("ANGLE ON Amos, stunned").subjects == (p.id("AMOS"),)),
    # -- montage beats -------------------------------------------------------------------------------
    Expect("big-fish", "QUICK MONTAGE as he demonstrates: / Open a jar.  Open a letter. ...",
           "each beat of the quick montage (each thing the hand does) is a shot of its own",
           lambda p: len({p.shot_at("Open a jar.").id} | {s.id for s in p.shots if s.dialogue and any(
               d.line == p.line_of("Open a jar.") for d in s.dialogue)}) >= 6),
    Expect("big-fish", "Open a jar.  Open a letter.  Scratch yourself while wearing mittens. ...",
           "montage beats are short shots (at most 2.5 s), not one 13 s static MCU",
           lambda p: all(s.est_seconds <= 2.5 for s in p.shots
                         if any(d.line == p.line_of("Open a jar.") for d in s.dialogue))),
    Expect("big-fish", "QUICK MONTAGE as he demonstrates:",
           "the montage slug is a direction, never a shot of its own",
           lambda p: not p.alone("QUICK MONTAGE as he demonstrates:")),
    # -- intercut ----------------------------------------------------------------------------------
    Expect("big-fish", "INTERCUT HALLWAY / BEDROOM, then EDWARD (CONT'D) There was one time when I was eleven...",
           "after the intercut Edward speaks in the bedroom, shown alone: Will is out in the hallway",
           lambda p: (p.shot_at("There was one time when I was eleven").subjects == (p.id("EDWARD"),)
                      and "BEDROOM" in p.shot_at("There was one time when I was eleven").location)),
    Expect("the-last-birthday-card", "> INTERCUT WITH: / INT. SCOTT'S APARTMENT / BAXTER: That's great!",
           "Baxter is on the phone in his own apartment, not in Scott's",
           lambda p: "BAXTER" in p.shot_at("That's great!").location
           and p.shot_at("That's great!").subjects == (p.id("BAXTER"),)),
    Expect("the-last-birthday-card", "SCOTT: I got another birthday card today.",
           "Scott speaks in his apartment, and the far end of the line is not in his frame",
           lambda p: p.shot_at("I got another birthday card today.").subjects == (p.id("SCOTT"),)
           and "SCOTT" in p.shot_at("I got another birthday card today.").location),
    # -- transitions: never a shot, always on one ---------------------------------------------------------
    Expect("big-fish", "MATCH CUT TO:",
           "a match cut is how one shot gives way to the next, on the shot before it",
           lambda p: _leaves(p, "MATCH CUT TO:", "match_cut")),
    Expect("big-fish", "FLASH CUT TO:",
           "a flash cut is a kind of cut, kept by name for the editor",
           lambda p: _leaves(p, "FLASH CUT TO:", "flash_cut")),
    Expect("big-fish", "CUT TO BLACK.",
           "the film ends on black: the last shot goes to black",
           lambda p: _leaves(p, "CUT TO BLACK.", "fade_out")),
    Expect("big-fish", "CUT TO: (every one)",
           "none of the script's CUT TO: lines is a shot",
           lambda p: not any(p.alone("CUT TO:", k) for k in range(sum("CUT TO:" == ln.strip() for ln in p.lines)))),
    Expect("the-last-birthday-card", "# ACT I / = synopsis / > HERE WE GO:",
           "a preamble of sections, synopses and a transition is no scene: no scene 0",
           lambda p: p.scenes[0].heading is not None and p.scenes[0].id != "0"),
    Expect("the-last-birthday-card", "FADE OUT.",
           "the first act fades out to black on the shot that holds it",
           lambda p: _leaves(p, "FADE OUT.", "fade_out")),
    Expect("the-last-birthday-card", "TIME CUT TO:",
           "a time cut is a cut, named",
           lambda p: _leaves(p, "TIME CUT TO:", "time_cut")),
    Expect("the-library-freak-out", "> FADE IN:",
           "the film opens by fading in from black on its first shot",
           lambda p: p.shots[0].transition_in == "fade_in" and not p.alone("> FADE IN:")),
    Expect("the-library-freak-out", "> FADE OUT:",
           "the film ends by fading out to black",
           lambda p: _leaves(p, "> FADE OUT:", "fade_out")),
    Expect("my-living-memory", "FADE IN:",
           "FADE IN: before the first heading opens scene 1; it is not a scene 0 with an empty room",
           lambda p: p.scenes[0].id == "1" and p.shots[0].transition_in == "fade_in"),
    Expect("my-living-memory", "DISSOLVE TO:",
           "the dissolve belongs to the shot it leaves",
           lambda p: _leaves(p, "DISSOLVE TO:", "dissolve")),
    Expect("printing-trouble", "> FADE TO:",
           "FADE TO: goes out to black and up again on the next scene",
           lambda p: _leaves(p, "> FADE TO:", "dip_to_black")),
    Expect("printing-trouble", "> CUT TO:",
           "a forced CUT TO: is a cut, not a shot",
           lambda p: _leaves(p, "> CUT TO:", "cut")),
    Expect("brick-and-steel", "SMASH CUT TO:",
           "a smash cut is a cut, kept by name",
           lambda p: _leaves(p, "SMASH CUT TO:", "smash_cut")),
    Expect("brick-and-steel", "> BURN TO PINK.",
           "a burn is an optical (through a colour): drawn as a dissolve, on the shot before it",
           lambda p: p.shot_at("> BURN TO PINK.").transition_out in ("dissolve", "fade_out")
           and not p.alone("> BURN TO PINK.")),
    Expect("the-night-shift", "FADE IN: (before EXT. HARBOUR ROAD)",
           "the example opens on a fade in of scene 1; there is no scene 0",
           lambda p: [s.id for s in p.scenes] == ["1", "2", "3", "4"] and p.shots[0].transition_in == "fade_in"),
    Expect("the-night-shift", "CUT TO:",
           "the taxi scene's last shot cuts to the harbour office",
           lambda p: p.shot_at("CUT TO:").transition_out == "cut" and p.shot_at("CUT TO:").scene == "2"),
    Expect("the-night-shift", "> FADE OUT.",
           "the example ends on a fade to black",
           lambda p: p.shots[-1].transition_out == "fade_out"),
]


def _path(script: str) -> Path:
    return EXAMPLE if script == "the-night-shift" else CORPUS / f"{script}.fountain"


@pytest.mark.parametrize("expect", EXPECTATIONS, ids=[f"{e.script}:{e.line[:40]}" for e in EXPECTATIONS])
def test_expectation(expect: Expect, corpus):
    assert expect.check(planned(str(_path(expect.script)))), f"{expect.script}: {expect.line!r}: {expect.reason}"


def test_there_are_enough_expectations():
    assert len(EXPECTATIONS) >= 25
