"""Beats: where a paragraph or a speech may be cut, as character ranges of its text.

Why a module of its own: a shot is not an element (issue 16). An action paragraph
with several beats, or a written camera direction in its middle (``CLOSE ON``,
``PULL BACK TO REVEAL``, ``WE SEE``, ``PUSH IN``, ``WHIP PAN``), is several shots;
a long speech is cut at a sentence. Every cut is a character offset into the
element's own text, so the shots' :class:`shots.model.ElementPart` ranges read in
order give back the text whole (``shots/coverage.py`` checks it). Pure text in,
ranges out.

The beat rules (the coverage rules in :mod:`shots.heuristic` use them):

- A sentence that opens with a camera direction starts a new beat.
- Otherwise an action paragraph of at least :data:`SPLIT_WORDS` words is cut into beats
  of at least :data:`BEAT_WORDS` words at sentence ends (a last short sentence joins the
  beat before it): one shot per beat, so "He opens the door. He grabs the gun." in a
  longer paragraph is two shots, a 25-word description of a room one.
"""
from __future__ import annotations

import re

from shots.script_cues import word_count

SPLIT_WORDS = 24  # an action paragraph shorter than this is one beat unless a camera direction cuts it
BEAT_WORDS = 10  # the least a beat of plain action carries
MAX_BEATS = 4  # a paragraph is at most this many shots (a montage is read apart, one shot per line)

# Written camera directions that open a new shot inside a paragraph.
CAMERA_DIRECTION = re.compile(
    r"^(?:CLOSE ON|CLOSE-UP ON|CLOSE UP ON|EXTREME CLOSE(?:[ -]?UP)? ON|ECU ON|CU ON|ANGLE ON|WIDE ON|WIDE SHOT|"
    r"NEW ANGLE|REVERSE ANGLE|PULL(?:S)? BACK|PULL(?:S)? OUT|PUSH(?:ES)? IN|WE (?:SLOWLY )?PUSH IN|WE PULL BACK|"
    r"We (?:slowly )?PUSH IN|We PULL BACK|"
    r"WE SEE|WE HEAR HIM|WHIP PAN|WHIP-PAN|PAN(?:S)? (?:TO|UP|DOWN|ACROSS|OVER)|TILT(?:S)? (?:UP|DOWN)|"
    r"CRANE (?:UP|DOWN)|TRACK(?:ING)? (?:WITH|ON)|REVEAL|THE CAMERA|CAMERA)\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\u201d\u2019]*\s+")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of ``text`` as ``[start, end)`` ranges that tile it exactly: the whitespace
    after a sentence belongs to it, so the ranges joined are ``text``."""
    cuts = [m.end() for m in _SENTENCE_END.finditer(text) if m.end() < len(text)]
    bounds = [0, *cuts, len(text)]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a]


def opens_with_direction(sentence: str) -> bool:
    """True when a sentence opens with a written camera direction (``PULL BACK TO REVEAL...``,
    ``We PUSH IN on Edward``). A move written inside a sentence (``and as we PULL BACK, we see
    why``) goes on from the shot it is in: one continuous shot, no cut."""
    return bool(CAMERA_DIRECTION.match(sentence.lstrip(" \t\n\"'(")))


def action_beats(text: str, directions_only: bool = False) -> list[tuple[int, int]]:
    """The beats of an action paragraph as ranges that tile ``text`` (one range: no cut).

    Args:
        text: the paragraph's text, as the parser keeps it.
        directions_only: cut only at written camera directions (a ``CLOSE ON`` paragraph).

    Returns:
        ``[start, end)`` ranges in order, at most :data:`MAX_BEATS`.
    """
    sentences = sentence_spans(text)
    if len(sentences) < 2:
        return [(0, len(text))]
    long_enough = word_count(text) >= SPLIT_WORDS and not directions_only
    beats: list[list[int]] = []
    for a, b in sentences:
        words = word_count(text[a:b])
        if not beats:
            beats.append([a, b, words])
            continue
        direction = opens_with_direction(text[a:b])
        if direction or (long_enough and beats[-1][2] >= BEAT_WORDS):
            beats.append([a, b, words])
        else:
            beats[-1][1], beats[-1][2] = b, beats[-1][2] + words
    # a short plain tail joins the beat before it (a direction keeps its own shot)
    if len(beats) > 1 and beats[-1][2] < BEAT_WORDS // 2 and not opens_with_direction(text[beats[-1][0]:]):
        tail = beats.pop()
        beats[-1][1], beats[-1][2] = tail[1], beats[-1][2] + tail[2]
    while len(beats) > MAX_BEATS:  # fold the two shortest neighbours together
        k = min(range(len(beats) - 1), key=lambda i: beats[i][2] + beats[i + 1][2])
        beats[k][1], beats[k][2] = beats[k + 1][1], beats[k][2] + beats[k + 1][2]
        del beats[k + 1]
    return [(a, b) for a, b, _ in beats]


def cut_near_middle(text: str) -> int | None:
    """A sentence end near the middle of ``text`` (a long speech's cut), as a character offset, or None
    for a single sentence: the first sentence end at or past half the words."""
    sentences = sentence_spans(text)
    if len(sentences) < 2:
        return None
    half = word_count(text) / 2
    acc = 0
    for a, b in sentences[:-1]:
        acc += word_count(text[a:b])
        if acc >= half:
            return b
    return sentences[-2][1]


def last_sentence(text: str) -> int | None:
    """Where the last sentence of ``text`` starts, or None for a single sentence."""
    sentences = sentence_spans(text)
    return sentences[-1][0] if len(sentences) >= 2 else None
