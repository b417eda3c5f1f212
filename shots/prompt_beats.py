"""What happens over a shot, as beats, and the prompt of each generated segment.

Why: a video model makes about five seconds per call, so a 20 s shot is generated as four
continued segments (``renders/diffusion/frames.py``). Given one prompt, each segment plays the
whole action again; given the shot's *beats* (the action's sentences and clauses, each spoken
line's delivery) spread evenly over the shot, each segment is told what happens in its own
stretch of time. The beats are kept on the shot (``Shot.beats``), in prompt words already (no
names, no jargon), so the renderer needs no bible to cut them up.

Rules:

- An action sentence is a beat; a long shot with few sentences splits them at clause joins
  (``, then``, ``;``, ``--``, ``and then``), then at a list of actions (``opens the door, grabs
  the gun, and runs``: each with the sentence's subject), so that there is a beat per ~4.5 s
  where the text allows.
- A spoken line in frame is a delivery beat per ~30 words (``shots/prompt_delivery.py``); a
  listener in frame while someone off screen talks gets a listening beat.
- Segment ``k`` of ``n`` covers ``[k/n, (k+1)/n)`` of the shot; the beats are spread evenly over
  it. A beat begun in an earlier segment is continued ("Continuing, ...").
"""
from __future__ import annotations

import math
import re
from typing import Sequence

from shots.model import Bible, Shot
from shots.prompt_budget import PROMPT_TOKEN_BUDGET, estimate_tokens, within_budget
from shots.prompt_delivery import delivery_beats
from shots.prompt_words import Referent, screen_text, unname
from shots.vocabulary import ShotType

SECONDS_PER_SEGMENT = 4.5  # about what one continued model call adds (frames.py: 4.6-4.7 s)
_CLAUSE = re.compile(r",\s+then\s+|;\s+|\s+--\s+|\s+\u2014\s*|,\s+and then\s+|\s+and then\s+")
_WORD = re.compile(r"[A-Za-z']+")


def action_block(beats: Sequence[str]) -> str:
    """How beats read inside a prompt: one sentence each."""
    return " ".join(b if b.endswith(("!", "?")) else b.rstrip(".") + "." for b in beats if b.strip())


def _split_clauses(sentence: str) -> list[str]:
    parts = [p.strip(" ,.") for p in _CLAUSE.split(sentence) if p and p.strip(" ,.")]
    return [p[:1].upper() + p[1:] for p in parts if len(_WORD.findall(p)) >= 2] or [sentence]


_LIST_JOIN = re.compile(r",\s+(?:and\s+)?(?:(?:then|finally|now)\s+)?(?=[a-z]+s\b)")
_NOT_VERBS = frozenset("his its this is was has as us yes less always sometimes perhaps".split())


def _split_actions(sentence: str) -> list[str]:
    """``She opens the door, grabs the flashlight, and finds the edge`` -> one beat per verb, each
    with the sentence's subject (``She grabs the flashlight``)."""
    parts = _LIST_JOIN.split(sentence)
    words = parts[0].split()
    verb_at = next((i for i, w in enumerate(words) if i and w.endswith("s") and w.lower() not in _NOT_VERBS), 0)
    if len(parts) < 2 or not verb_at or any(p.split()[0].lower() in _NOT_VERBS for p in parts[1:] if p.split()):
        return [sentence]
    subject = " ".join(words[:verb_at])
    return [parts[0].strip(" ,.")] + [f"{subject} {p.strip(' ,.')}" for p in parts[1:] if len(p.split()) >= 2]


def _action_beats(text: str, bible: Bible, refs: Sequence[Referent], wanted: int) -> list[str]:
    beats = screen_text(_drop_looks(unname(text, bible, refs), refs))
    for split_one in (_split_clauses, _split_actions):  # a long shot with few sentences: finer beats
        if len(beats) >= wanted:
            break
        split = [c for b in beats for c in split_one(b)]
        beats = split if len(split) > len(beats) else beats
    return beats


def _drop_looks(text: str, refs: Sequence[Referent]) -> str:
    """The script's own introduction of a look, after the name, goes: the prompt introduced it already."""
    lowered = text.lower()
    for r in refs:
        if r.look and len(r.look) > 1 and r.look.lower() in lowered:
            text = re.sub(r",\s*(?:now\s+)?" + re.escape(r.look) + r"\s*,\s*", " ", text, flags=re.I)
            text = re.sub(r"\s*\(\s*" + re.escape(r.look) + r"\s*\)", "", text, flags=re.I)
    return text


_BOILERPLATE = re.compile(r"\b(?:speaks|speaking|listens as|goes on|hears|voice-over|heard)\b|"
                         r"^(?:over .*shoulder onto|point of view:|"
                         r"master of|establishing view of|wide view of)\b", re.I)


_WORD_RUN = re.compile(r"\w+")
_ASCII_NON_WORD = {c: chr(c) if chr(c).isalnum() or chr(c) == "_" else " " for c in range(128)}


def _squash(text: str) -> str:
    """The words of ``text`` (runs of ``\\w``) in lower case, one space apart."""
    if text.isascii():  # every shot asks: without a regex on ASCII text
        return " ".join(text.translate(_ASCII_NON_WORD).split()).lower()
    return " ".join(_WORD_RUN.findall(text)).lower()


def _own_description(shot: Shot) -> str:
    """The description when it says something the action does not (an LLM's, or one edited by
    hand); the planner's own ("X speaks to Y", the action's first sentence) adds nothing."""
    text = shot.description.strip()
    if not text or _BOILERPLATE.search(text):
        return ""
    if _squash(text).rstrip(" .") in _squash(shot.action):
        return ""
    return text


def shot_beats(shot: Shot, bible: Bible, refs: Sequence[Referent]) -> tuple[str, ...]:
    """What happens over ``shot``, in prompt words, in order (rules in the module docstring).

    Args:
        shot: the shot (its action, dialogue, description, type and blocking).
        bible: for names to replace.
        refs: the shot's subjects as :func:`shots.prompt_words.referents` names them.

    Returns:
        The beats (each one sentence without its full stop); ``()`` when nothing happens.
    """
    wanted = max(1, math.ceil(shot.est_seconds / SECONDS_PER_SEGMENT))
    beats: list[str] = []
    own = _own_description(shot)
    if own:
        beats += _action_beats(own, bible, refs, 1)
    if shot.action.strip():
        beats += _action_beats(shot.action, bible, refs, wanted - len(shot.dialogue))
    if shot.dialogue:
        beats += delivery_beats(shot, bible, refs, wanted)
    if shot.type == ShotType.REACTION and refs:
        who = refs[0].the[:1].upper() + refs[0].the[1:]
        beats.append(f"{who} reacts in silence, the feeling plain on the face")
    return tuple(dict.fromkeys(b for b in beats if b))


def segment_beats(beats: Sequence[str], index: int, count: int) -> list[str]:
    """The beats of segment ``index`` of ``count`` (evenly spread; a continued beat says so)."""
    if count <= 1 or not beats:
        return list(beats)
    start, end = index / count, (index + 1) / count
    out = []
    for j, beat in enumerate(beats):
        b0, b1 = j / len(beats), (j + 1) / len(beats)
        if b1 <= start + 1e-9 or b0 >= end - 1e-9:
            continue
        out.append(beat if b0 >= start - 1e-9 else "Continuing, " + beat[:1].lower() + beat[1:])
    return out


def segment_prompt(shot: Shot, index: int, count: int, budget: int = PROMPT_TOKEN_BUDGET) -> str:
    """The prompt of segment ``index`` of a shot generated in ``count`` segments.

    The shot's prompt with its action (the beats it carries) replaced by the beats of that
    segment. A prompt that does not carry its beats (edited by hand, or written by an LLM
    without :func:`shots.prompt.with_prompt`) is used whole for every segment.

    Returns:
        A prompt within ``budget`` tokens (:func:`shots.prompt_budget.estimate_tokens`) when the
        shot's own prompt is.
    """
    beats = list(shot.beats)
    if count <= 1 or not beats:
        return shot.prompt
    for m in range(len(beats), 0, -1):
        block = action_block(beats[:m])
        if block in shot.prompt:
            break
    else:
        return shot.prompt
    head, tail = shot.prompt.split(block, 1)
    mine = within_budget(head + tail, [action_block([b]) for b in segment_beats(beats, index, count)], budget)
    return (head + " ".join(mine) + tail).replace("  ", " ").strip()


def segment_prompts(shot: Shot, count: int) -> tuple[str, ...]:
    """:func:`segment_prompt` for each of ``count`` segments."""
    return tuple(segment_prompt(shot, k, count) for k in range(max(1, count)))


def over_budget(prompt: str, budget: int = PROMPT_TOKEN_BUDGET) -> bool:
    """Whether ``prompt`` costs more than ``budget`` tokens."""
    return estimate_tokens(prompt) > budget
