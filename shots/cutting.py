"""Cutting: the scene's drafts read as an editor reads them, in order, two at a time.

Why a pass of its own: the coverage rules (:mod:`shots.scene_rules`) pick a shot
for each unit of script without looking back; whether two neighbours cut together
is only visible once both exist. The rules (rule 11 of :mod:`shots.heuristic`):

- **No same-setup cut.** Two consecutive shots on one setup (:func:`setup_key`)
  play as a jump cut. They are merged into one shot when they are short, neither
  is a montage beat, and they are not the beats of one paragraph or speech (those
  were cut on purpose) and the second brings no camera move of its own; otherwise
  the second goes one size tighter (an insert to
  an ECU; an ECU, or a speaking close-up, one size wider), which is another setup.
- **Quick exchanges are not cut on every line.** A short reply (at most
  :data:`QUICK_REPLY_WORDS` words) to a short line (:data:`QUICK_LINE_WORDS`) played on an over-the-shoulder
  or a two-shot of the same two people plays in that shot, turned into a two-shot,
  up to :data:`QUICK_RUN_WORDS` words: back-and-forth banter is one framing, not
  ping-pong.
- **A one-word answer stays on the face it answers.** A reply of at most
  :data:`HELD_REPLY_WORDS` words, to a single of the one person it answers, is heard
  over that single (a reaction to being answered), not a cut of its own; not the
  answer to a question (that is what we wait to see) nor an outburst.
- **A returning setup keeps its seed.** The heuristic planner gives every shot of
  one setup the seed of its first shot, so the film cuts back to the same picture.
"""
from __future__ import annotations

from typing import Callable

from shots.drafts import Draft
from shots.script_cues import LENS, word_count
from shots.vocabulary import Movement, ShotSize, ShotType, tighter, wider

MERGE_SECONDS = 10.0  # two same-setup neighbours longer than this together are re-framed, not merged
QUICK_LINE_WORDS = 12
QUICK_REPLY_WORDS = 8
QUICK_RUN_WORDS = 30
HELD_REPLY_WORDS = 5
HELD_SECONDS = 15.0


def setup_key(d: Draft) -> tuple:
    """What makes a camera setup: type, size, angle, lens and who is in frame."""
    return (d.type.value, d.size.value, d.angle.value, d.lens or LENS[d.size], d.subjects)


def cut_drafts(drafts: list[Draft], name: Callable[[str], str]) -> list[Draft]:
    """The drafts with the cutting rules applied (module docstring); ``name`` writes a character's name."""
    out: list[Draft] = []
    for d in drafts:
        prev = out[-1] if out else None
        if prev is not None and _quick_reply(prev, d):
            _absorb(prev, d, name)
            continue
        if prev is not None and _held_reply(prev, d):
            _merge(prev, d)
            continue
        if prev is not None and setup_key(prev) == setup_key(d):
            if _mergeable(prev, d):
                _merge(prev, d)
                continue
            _reframe(d)
        out.append(d)
    return out


def _words(d: Draft) -> int:
    return sum(word_count(p.text) for p in d.dialogue)


def _split_from(a: Draft, b: Draft) -> bool:
    """True when ``b`` goes on with an element ``a`` carries part of (beats of one paragraph or speech)."""
    return any(line in a.spans for line in b.spans)


def _mergeable(a: Draft, b: Draft) -> bool:
    return ("montage beat" not in (a.notes, b.notes) and not _split_from(a, b) and not a.place and not b.place
            and a.est + b.est <= MERGE_SECONDS and a.type != ShotType.INSERT
            and b.movement in (a.movement, Movement.STATIC))  # a new move is a new shot


def _merge(a: Draft, b: Draft) -> None:
    """``b`` into ``a``: its elements, dialogue, action and time."""
    lines = {e.line for e in a.elements}
    a.elements.extend(e for e in b.elements if e.line not in lines)
    for line, span in b.spans.items():
        a.spans.setdefault(line, span)
    a.dialogue = a.dialogue + b.dialogue
    a.action = " ".join(x for x in (a.action, b.action) if x)
    a.est = round(a.est + b.est, 1)
    a.speaker = a.speaker or b.speaker
    a.notes = a.notes or b.notes


def _reframe(d: Draft) -> None:
    """Put ``d`` on another setup: one size tighter (an ECU, or a close-up of someone speaking, one
    wider: a face in dialogue is not pushed to an ECU; an insert becomes an ECU)."""
    if d.size == ShotSize.INSERT:
        d.size = ShotSize.ECU
    elif d.size == ShotSize.ECU or (d.size == ShotSize.CU and d.dialogue):
        d.size = wider(d.size)
    else:
        d.size = tighter(d.size)
    if d.type not in (ShotType.OTS, ShotType.GROUP):  # their lens is their own; the others follow the size
        d.lens = None


def _quick_reply(a: Draft, b: Draft) -> bool:
    """True when ``b`` is a short reply to ``a``'s short line, between the two people ``a`` frames."""
    if a.type not in (ShotType.OTS, ShotType.TWO_SHOT) or len(a.subjects) != 2 or not a.dialogue:
        return False
    if b.type not in (ShotType.OTS, ShotType.SINGLE) or not b.dialogue or b.speaker is None or b.spans or a.spans:
        return False
    pair = set(a.subjects)
    return (b.speaker in pair and {p.character for p in b.dialogue} <= pair and a.size == ShotSize.MS
            and b.size not in (ShotSize.CU, ShotSize.ECU) and not a.place and not b.place
            and _words(b) <= QUICK_REPLY_WORDS and _words(a) + _words(b) <= QUICK_RUN_WORDS
            and (a.type == ShotType.TWO_SHOT or _words(a) <= QUICK_LINE_WORDS)
            and "montage beat" not in (a.notes, b.notes))


def _absorb(a: Draft, b: Draft, name: Callable[[str], str]) -> None:
    """``b`` plays in ``a``, now a two-shot of both (profiles, each keeping their side of the line)."""
    _merge(a, b)
    if a.type == ShotType.OTS:
        a.type = ShotType.TWO_SHOT
        a.lens = None
        a.blocking = tuple(type(p)(p.subject, 0.3 if p.x < 0.5 else 0.7, p.facing if p.facing != "camera" else
                                   ("right" if p.x < 0.5 else "left"), "mid") for p in a.blocking)
        left, right = sorted(a.blocking, key=lambda p: p.x)
        a.description = f"{name(left.subject)} and {name(right.subject)} trade lines."


def _held_reply(a: Draft, b: Draft) -> bool:
    """True when ``b`` is a few words answering ``a``, a single of the one person they answer."""
    if a.type != ShotType.SINGLE or a.speaker is None or len(a.subjects) != 1 or not a.dialogue or a.place:
        return False
    if (b.type not in (ShotType.OTS, ShotType.SINGLE) or b.speaker in (None, a.speaker) or b.spans or b.place
            or b.movement != Movement.STATIC):  # an outburst (a push-in) is the point: it gets its shot
        return False
    if a.dialogue[-1].text.rstrip().endswith("?"):
        return False  # the answer to a question is what we wait for: on the face that gives it
    answers = b.listener == a.speaker and a.listener == b.speaker  # the two talk to each other
    return (answers and all(p.character == b.speaker for p in b.dialogue) and _words(b) <= HELD_REPLY_WORDS
            and a.est + b.est <= HELD_SECONDS and "montage beat" not in (a.notes, b.notes)
            and a.dialogue[-1].character == a.speaker)
