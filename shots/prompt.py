"""Shot -> text prompt for a video model, from a template.

Why: consistency across shots is carried by text as much as by seeds. Every
prompt therefore contains (1) the camera phrase derived from the shot's size,
angle, movement and lens (``shots.vocabulary.camera_phrase``), so the model
frames the shot the way the plan says, and (2) the canonical look text of every
character in frame, *verbatim* from the bible, so MARA wears the same yellow
rain jacket in 2C as in 14F. The LLM planner writes richer prose but passes its
prompts through :func:`ensure_consistency`, which restores both if missing.

Prompts depend only on the shot and the bible entries of its subjects, never on
other scenes, so editing one scene changes no prompt elsewhere.
"""
from __future__ import annotations

import re

from shots.looks import look_in_scene
from shots.model import Bible, BibleEntry, Shot
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
_WS = re.compile(r"\s+")
_EMPHASIS = re.compile(r"[*_]+")


_LOOKUP: dict[int, tuple[Bible, dict[str, BibleEntry]]] = {}


def _entry(bible: Bible, key: str) -> BibleEntry | None:
    """``bible.get`` through an index built once per bible (prompts are written for every shot)."""
    hit = _LOOKUP.get(id(bible))
    if hit is None or hit[0] is not bible:
        index: dict[str, BibleEntry] = {}
        for e in bible.entries:
            index.setdefault(e.id, e)
        for e in bible.entries:
            index.setdefault(e.name.upper(), e)
            for a in e.aliases:
                index.setdefault(a.upper(), e)
        if len(_LOOKUP) > 8:
            _LOOKUP.clear()
        hit = _LOOKUP[id(bible)] = (bible, index)
    return hit[1].get(key) or hit[1].get(key.strip().upper()) or bible.get(key)


def character_phrase(entry: BibleEntry, scene_id: str | None = None) -> str:
    """How a character is named in a prompt: ``Mara Okafor (30s, wiry, yellow rain jacket)``.

    The look text goes in exactly as the bible holds it for that scene (a later look from
    ``entry.looks`` once the script has moved on, see :func:`shots.looks.look_in_scene`); this
    exact substring is what :func:`ensure_consistency` and the validator look for.
    """
    name = entry.name.title()
    look = look_in_scene(entry, scene_id)
    return f"{name} ({look})" if look.strip() else name


def setting_phrase(shot: Shot) -> str:
    """``interior, taxi, night, low-key lighting...`` from the shot's copied scene heading."""
    parts = []
    ie = {"INT": "interior", "EXT": "exterior", "INT/EXT": "interior and exterior"}.get(shot.int_ext, "")
    if ie:
        parts.append(ie)
    if shot.location:
        parts.append(shot.location.lower())
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


def _clean(text: str, limit: int = 240) -> str:
    text = _WS.sub(" ", _EMPHASIS.sub("", text)).strip()
    if len(text) > limit:
        cut = text[:limit].rsplit(" ", 1)[0]
        text = cut.rstrip(",;:") + "..."
    return text


def _capital(sentence: str) -> str:
    return sentence[:1].upper() + sentence[1:]


def write_prompt(shot: Shot, bible: Bible) -> tuple[str, str]:
    """A prompt and a negative prompt for one shot, from a fixed template.

    Template: ``<camera phrase>. <shot type> of <characters with looks>[, speaking].
    <what is seen>. <setting and light>. cinematic film still, previsualization.``

    Args:
        shot: the shot (its camera fields, subjects, description, setting).
        bible: where each subject's canonical look text comes from.

    Returns:
        ``(prompt, negative_prompt)``; the prompt contains the camera phrase and every
        in-frame character's look text verbatim.
    """
    cam = camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm)
    entries = [e for e in (_entry(bible, s) for s in shot.subjects) if e is not None]
    who = ", ".join(character_phrase(e, shot.scene) for e in entries)
    kind = shot.type.phrase
    if shot.type == ShotType.INSERT:
        subject = f"{kind} of {shot.prop or 'a detail'}"
    elif who:
        subject = f"{kind} of {who}"
        if shot.speaker and (sp := _entry(bible, shot.speaker)) is not None:
            subject += f", {sp.name.title()} speaking"
    else:
        subject = f"{kind}, no people"
    sentences = [cam, subject]
    seen = _clean(shot.description) if shot.description else ""
    if seen:
        sentences.append(seen.rstrip("."))
    setting = setting_phrase(shot)
    if setting:
        sentences.append(setting)
    sentences.append("cinematic film still, previsualization, coherent anatomy")
    # the camera phrase stays exactly as camera_phrase() writes it (validators look for it verbatim)
    prompt = ". ".join([cam] + [_capital(s.strip()) for s in sentences[1:] if s.strip()]) + "."
    negative = NEGATIVE_BASE
    if not entries:
        negative += ", people, faces"
    elif len(entries) <= 2:
        negative += ", crowd, extra people"
    return ensure_consistency(prompt, shot, bible), negative


def ensure_consistency(prompt: str, shot: Shot, bible: Bible) -> str:
    """Make ``prompt`` carry what cross-shot consistency needs, adding only what is missing.

    Args:
        prompt: any prompt (the template's, or an LLM's).
        shot: the shot it is for.
        bible: canonical look texts.

    Returns:
        ``prompt`` with the camera phrase prepended if absent, and ``Name (look)``
        appended for each in-frame character whose look text is not already present
        verbatim. An already consistent prompt comes back unchanged.
    """
    cam = camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm)
    out = prompt.strip()
    if cam not in out:
        out = f"{cam}. {out}" if out else f"{cam}."
    missing = []
    for subject in shot.subjects:
        entry = _entry(bible, subject)
        if entry is None:
            continue
        look = look_in_scene(entry, shot.scene)
        if look.strip() and look not in out:
            missing.append(character_phrase(entry, shot.scene))
        elif not look.strip() and entry.name.title() not in out and entry.name not in out:
            missing.append(character_phrase(entry, shot.scene))
    if missing:
        out = out.rstrip()
        if not out.endswith("."):
            out += "."
        out += " Featuring " + "; ".join(missing) + "."
    return out


def prompt_problems(prompt: str, shot: Shot, bible: Bible) -> list[str]:
    """What :func:`ensure_consistency` would have to add, in words (``[]`` when consistent)."""
    problems = []
    cam = camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm)
    if cam not in prompt:
        problems.append(f"shot {shot.id}: prompt lacks the camera phrase {cam!r}")
    for subject in shot.subjects:
        entry = _entry(bible, subject)
        look = look_in_scene(entry, shot.scene) if entry is not None else ""
        if look.strip() and look not in prompt:
            problems.append(f"shot {shot.id}: prompt lacks {entry.name}'s look text {look!r}")
    return problems
