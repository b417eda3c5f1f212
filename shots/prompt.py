"""Shot -> the prompt a video model reads, and its negative prompt.

Why this shape: a video model's text encoder reads a prompt as a picture and its motion, and
reads only so many tokens (``shots/prompt_budget.py``). So a prompt is a few plain sentences in
a fixed order, most important first, because a text encoder cuts from the end:

1. **Camera**: the camera phrase of the shot's size, angle, movement and lens
   (``shots.vocabulary.camera_phrase``), verbatim: the validators look for it.
2. **Who, by their look**: every character in frame as what they are and their bible look text,
   verbatim (``a man (40's and handsome) and a boy (AGE 3)``); never a name (a name means nothing
   to the encoder, and an actor's name may pull that face: identity is the look and the
   reference image). Second, so no budget ever cuts it.
3. **Layout** of a multi-person framing: who is in the foreground of an over-the-shoulder and on
   which side, who stands left and right, where each looks (from ``Shot.blocking``).
4. **Setting, light and atmosphere**: interior/exterior, the place, the light of the time of day,
   and the scene's weather and air (``Shot.atmosphere``: rain, fog, smoke), in every shot of it.
5. **What happens** over the shot's duration: its beats (``shots/prompt_beats.py``): the action
   without script jargon (``INSERT -``, ``BACK TO SCENE``, ``We PUSH IN``), each line's delivery
   with its emotion, gesture and eyeline. Last, because only this part is shortened to fit.

No "film still": these are prompts for moving pictures. A shot generated in several segments
gets a prompt per segment (:func:`shots.prompt_beats.segment_prompt`).

The one entry point planners use is :func:`with_prompt` (the heuristic planner, the LLM planner
once it has the shot's description and action, and edits that change a shot). The LLM planner's
own prose, and hand-edited prompts, go through :func:`ensure_consistency`, which puts back the
camera phrase and any missing look text right after the camera, where no truncation reaches.

Prompts depend only on the shot, the bible entries it names and its scene's atmosphere, never
on other scenes, so editing one scene changes no prompt elsewhere.
"""
from __future__ import annotations

import dataclasses
import operator
import re
from typing import Sequence

from shots.caseless_pattern import CaselessPattern
from shots.looks import look_in_scene
from shots.model import Bible, Shot
from shots.prompt_beats import action_block, shot_beats
from shots.prompt_budget import PROMPT_TOKEN_BUDGET, estimate_tokens, within_budget
from shots.prompt_words import Referent, find_entry, referents, unname
from shots.vocabulary import ShotType, camera_phrase

NEGATIVE_BASE = ("blurry, low quality, distorted faces, deformed hands, extra limbs, extra fingers, "
                 "text, captions, subtitles, watermark, logo, split screen, duplicated characters")

_LIGHT = {
    "NIGHT": "night, low-key lighting, practical lights, deep shadows",
    "DAY": "daylight, soft natural light",
    "MORNING": "early morning light, soft and cool",
    "DAWN": "dawn, pale blue light with warm horizon",
    "DUSK": "dusk, warm low sun, long shadows",
    "EVENING": "evening, warm golden light",
    "SUNSET": "sunset, golden-hour backlight",
    "SUNRISE": "sunrise, warm low light",
    "AFTERNOON": "afternoon daylight",
    "LATER": "",
    "CONTINUOUS": "",
}
# Words that say a person is in the picture even when the planner found no character for it.
_PEOPLE = CaselessPattern(
    r"\b(?:he|she|they|him|her|his|hers|them|their|someone|somebody|anyone|everyone|people|person|persons|"
    r"man|men|woman|women|boy|boys|girl|girls|kid|kids|child|children|baby|crowd|crowds|figure|figures|guy|guys|"
    r"family|couple|soldiers?|police|cops?|officers?|guards?|workers?|students?|audience|dancers?|players?|"
    r"hands?|fingers?|face|faces|eyes|feet|body|bodies|somebody's|who|whose)\b")
_MANY = CaselessPattern(r"\b(?:crowd|people|others|everyone|group)\b")  # a shot that means more people
_POV = re.compile(r"\s*\bpov\b\s*")


def setting_phrase(shot: Shot, bible: Bible | None = None, refs: Sequence[Referent] = ()) -> str:
    """``Interior, the boy's bedroom, night, low-key lighting...`` from the shot's copied scene heading."""
    parts = []
    ie = {"INT": "interior", "EXT": "exterior", "INT/EXT": "interior and exterior"}.get(shot.int_ext, "")
    if ie:
        parts.append(ie)
    if shot.location:
        place = unname(shot.location, bible, refs, parts=False) if bible is not None else shot.location
        parts.append(_POV.sub(" ", place.lower()).strip())  # SNIPER SCOPE POV: a view, no jargon
    tod = shot.time_of_day.upper().strip()
    light = None
    for key, words in _LIGHT.items():
        if key in tod:
            light = words
            break
    if light:
        parts.append(light)
    elif tod and light is None:  # CONTINUOUS, LATER: says nothing about the light
        parts.append(tod.lower())
    return ", ".join(parts)


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def _sentences(parts: Sequence[str]) -> str:
    """The camera phrase as written, then each non-empty part as a capitalised sentence."""
    return ". ".join([parts[0]] + [_capital(p.strip()) for p in parts[1:] if p.strip()]) + "."


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def subject_sentence(shot: Shot, refs: list[Referent], bible: Bible) -> str:
    """Sentence 2: the kind of shot and who is in it by look (``Two-shot of a man (...) and a boy (...)``)."""
    if shot.type == ShotType.INSERT or (not refs and shot.prop):
        thing = unname(shot.prop or "a small detail", bible, refs)
        thing = thing[:1].lower() + thing[1:]
        hands = f", held by {refs[0].the}" if refs else ""
        return f"Close detail of {thing}{hands}"
    kind = "Shot" if shot.type == ShotType.SINGLE else _capital(shot.type.phrase)
    if not refs:
        return kind
    return f"{kind} of {_and([r.intro for r in refs])}"


def layout_sentence(shot: Shot, refs: list[Referent]) -> str:
    """Sentence 3: where each person is in frame and where they look; ``""`` for a lone, centred subject."""
    places = {p.subject: p for p in shot.blocking}
    placed = [(r, places.get(r.entry.id)) for r in refs]
    placed = [(r, p) for r, p in placed if p is not None]
    if not placed:
        return ""
    fg = [(r, p) for r, p in placed if p.depth == "fg"]
    if shot.type == ShotType.OTS and fg:
        near, p = fg[0]
        others = [(r, q) for r, q in placed if r is not near]
        sentence = (f"In the {_side_word(p.x)} foreground, the back of {near.the}'s head and shoulder, "
                    "soft and out of focus")
        if others:
            far, q = others[0]
            sentence += (f"; {far.the} faces the camera from the {_side_word(q.x)} of frame, in focus, "
                         f"looking at {near.the}")
        return _capital(sentence)
    if len(placed) == 1:
        r, p = placed[0]
        if p.facing in ("left", "right"):
            return _capital(f"{r.the} is {_where(p.x)}, facing {p.facing}")
        return ""
    ordered = sorted(placed, key=lambda rp: rp[1].x)
    bits = []
    for r, p in ordered:
        depth = " in the background" if p.depth == "bg" else " in the foreground" if p.depth == "fg" else ""
        facing = f", facing {p.facing}" if p.facing in ("left", "right") else ""
        where = "" if " on the " in r.the else " " + _where(p.x)
        bits.append(f"{r.the}{where}{depth}{facing}")
    return _capital("; ".join(bits))


def _side_word(x: float) -> str:
    return "left" if x < 0.5 else "right"


def _where(x: float) -> str:
    return "on the left" if x < 0.42 else "on the right" if x > 0.58 else "in the centre"


def shows_no_one(shot: Shot, bible: Bible) -> bool:
    """Whether the shot means to show nobody: no characters, and no word of a person in its text.

    A shot whose subjects the planner only missed ("A cab driver honks") still shows a person,
    so its negative prompt must not ask for no people.
    """
    if shot.subjects or shot.speaker or shot.dialogue:
        return False
    text = " ".join((shot.action, shot.description, shot.prop or ""))
    if _PEOPLE.search(text):
        return False
    return unname(text, bible, []) == text  # no character named either


def negative_prompt(shot: Shot, bible: Bible) -> str:
    """The negative prompt: the base list; ``people, faces`` only for a shot that shows no one
    (:func:`shows_no_one`); ``crowd, extra people`` for one or two characters alone."""
    negative = NEGATIVE_BASE
    refs = [s for s in shot.subjects if (e := find_entry(bible, s)) is not None and e.kind != "voice"]
    if shows_no_one(shot, bible):
        negative += ", people, faces"
    elif 1 <= len(refs) <= 2 and not _MANY.search(shot.action + " " + shot.description):
        negative += ", crowd, extra people"
    return negative


def with_prompt(shot: Shot, bible: Bible, atmosphere: str | None = None) -> Shot:
    """``shot`` with its prompt, negative prompt and beats written (and its atmosphere, if given).

    The one function planners call once a shot's camera, subjects, blocking, description,
    action and dialogue are decided (the heuristic and LLM planners, and edits that change them).

    Args:
        shot: the shot.
        bible: the characters' look texts.
        atmosphere: the scene's weather and air (:func:`shots.atmosphere.scene_atmosphere`);
            None keeps ``shot.atmosphere``.

    Returns:
        The shot with ``prompt`` (within :data:`shots.prompt_budget.PROMPT_TOKEN_BUDGET` tokens,
        camera and looks first), ``negative_prompt``, ``beats`` and ``atmosphere`` set.
    """
    if atmosphere is not None and atmosphere != shot.atmosphere:
        shot = dataclasses.replace(shot, atmosphere=atmosphere)
    refs = referents(shot.subjects, bible, shot.scene, shot.blocking)
    beats = shot_beats(shot, bible, refs)
    head = [camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm),
            subject_sentence(shot, refs, bible), layout_sentence(shot, refs), setting_phrase(shot, bible, refs),
            _capital(shot.atmosphere)]
    head_text = _sentences(head)
    said = [action_block([b]) for b in beats]
    kept = within_budget(head_text, said, PROMPT_TOKEN_BUDGET)
    if len(kept) < len(said) and estimate_tokens(head_text) > PROMPT_TOKEN_BUDGET:
        head_text = _sentences([head[0], head[1], head[3], head[4]])  # a big group: the looks outrank the layout
        kept = within_budget(head_text, said, PROMPT_TOKEN_BUDGET)
    prompt = " ".join([head_text, *kept])
    # the head introduces every subject with its look right after the camera phrase, so the
    # prompt is consistent by construction (ensure_consistency would add nothing)
    return _written(shot, prompt, negative_prompt(shot, bible), beats)


_SHOT_FIELDS = tuple(f.name for f in dataclasses.fields(Shot))
_SHOT_VALUES = operator.attrgetter(*_SHOT_FIELDS)
_WRITTEN_AT = tuple(_SHOT_FIELDS.index(n) for n in ("prompt", "negative_prompt", "beats"))


def _written(shot: Shot, prompt: str, negative: str, beats: tuple[str, ...]) -> Shot:
    """``dataclasses.replace(shot, prompt=..., negative_prompt=..., beats=...)`` at half the cost
    (every shot of every plan passes here)."""
    values = list(_SHOT_VALUES(shot))
    for at, value in zip(_WRITTEN_AT, (prompt, negative, beats)):
        values[at] = value
    return Shot(*values)


def write_prompt(shot: Shot, bible: Bible) -> tuple[str, str]:
    """``(prompt, negative_prompt)`` of :func:`with_prompt` (for callers that keep only those two)."""
    done = with_prompt(shot, bible)
    return done.prompt, done.negative_prompt


def look_within_budget(prompt: str, look: str, budget: int = PROMPT_TOKEN_BUDGET) -> bool:
    """Whether ``look`` is in ``prompt`` early enough that a text encoder reading ``budget`` tokens
    reads all of it (an LLM's prose may put the looks last, where the cut falls)."""
    at = prompt.find(look)
    return at >= 0 and estimate_tokens(prompt[:at + len(look)]) <= budget


def _missing_looks(prompt: str, shot: Shot, bible: Bible) -> list[str]:
    missing = []
    for r in referents(shot.subjects, bible, shot.scene, shot.blocking):
        if r.look and not look_within_budget(prompt, r.look):
            missing.append(r.intro)
    return missing


def ensure_consistency(prompt: str, shot: Shot, bible: Bible) -> str:
    """Make ``prompt`` carry what cross-shot consistency needs, adding only what is missing.

    Args:
        prompt: any prompt (the template's, an LLM's, or one edited by hand).
        shot: the shot it is for.
        bible: canonical look texts.

    Returns:
        ``prompt`` with the camera phrase put first if absent, and ``Featuring a man (look)``
        right after the camera phrase for each in-frame character whose look text is not
        already present verbatim within the text-encoder budget (:func:`look_within_budget`):
        near the start, where the budget never cuts.
        An already consistent prompt comes back unchanged.
    """
    cam = camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm)
    out = prompt.strip()
    if cam not in out:
        out = f"{cam}. {out}" if out else f"{cam}."
    missing = _missing_looks(out, shot, bible)
    if missing:
        at = out.index(cam) + len(cam)
        if out[at:at + 1] == ".":
            at += 1
        out = f"{out[:at].rstrip()} Featuring {'; '.join(missing)}. {out[at:].lstrip()}".strip()
    return out


def prompt_problems(prompt: str, shot: Shot, bible: Bible) -> list[str]:
    """What :func:`ensure_consistency` would have to add, in words (``[]`` when consistent)."""
    problems = []
    cam = camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm)
    if cam not in prompt:
        problems.append(f"shot {shot.id}: prompt lacks the camera phrase {cam!r}")
    for subject in shot.subjects:
        entry = find_entry(bible, subject)
        look = look_in_scene(entry, shot.scene) if entry is not None else ""
        if look.strip() and look.strip() not in prompt:
            problems.append(f"shot {shot.id}: prompt lacks {entry.name}'s look text {look!r}")
        elif look.strip() and not look_within_budget(prompt, look.strip()):
            problems.append(f"shot {shot.id}: {entry.name}'s look text comes past the first "
                            f"{PROMPT_TOKEN_BUDGET} tokens, where a text encoder may cut it")
    return problems

