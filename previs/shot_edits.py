"""Hand edits of shots, made in the app's inspector, kept in the project store.

Why a separate layer instead of editing the stored plan: plans are cached by a
content key, so an edited plan written under that key would be indistinguishable
from the planner's and lost as soon as the scene is re-planned. Edits live
instead in ``shot_edits.json`` beside the plans and are laid over the plan every
time :func:`previs.pipeline.plan_script` runs:

- an edit is keyed by the shot id **and** the plan key of the scene it was made
  on, so it survives re-planning of an unchanged scene (same key, same ids)
  and is dropped once the scene's text changes (new key: the shot it named
  may not exist any more, or cover different lines);
- a bible edit also changes a scene's plan key (the cast is part of it) without
  changing the scene's words, so each entry also records a fingerprint of the
  scene's words as the plan covered them (``text``); an entry whose plan key
  is gone but whose words match still applies, and moves to the new key when
  next saved;
- every field is validated against the camera vocabulary (shots/vocabulary.py)
  when it is saved and again when it is applied, so a hand-edited JSON file
  cannot smuggle in a size the renderers do not know.

An edited shot's render key changes (the shot is part of it), so it becomes
dirty and re-renders; its prompt is rewritten from the template when the camera
changed and the prompt was not itself edited, so prompt and camera agree.

File format (``format`` 1)::

    {"format": 1, "scenes": {"<plan key>": {"scene": "3", "text": "<fingerprint>",
                                            "shots": {"3A": {"size": "CU", "lens_mm": 85}}}}}
"""
from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from screenplay.errors import PrevisError
from shots.model import Bible, Shot, ShotPlan
from shots.vocabulary import Angle, Movement, ShotSize
from previs.hashing import stable_hash
from previs.store import ProjectStore

EDITS_FILE = "shot_edits.json"
EDITS_FORMAT = 1

# The fields a hand edit may change, in the inspector's order.
EDITABLE_FIELDS = ("size", "angle", "movement", "lens_mm", "description", "prompt")
CAMERA_FIELDS = ("size", "angle", "movement", "lens_mm")
LENS_RANGE = (8, 600)


def validate_field(name: str, value: Any) -> Any:
    """The stored (plain JSON) form of one edited field, checked against the vocabulary.

    Args:
        name: one of :data:`EDITABLE_FIELDS`.
        value: what the user typed (a code or a phrase for enums, a number for the lens).

    Returns:
        The canonical plain value: an enum's code (``"CU"``), an ``int`` lens, a stripped string.

    Raises:
        PrevisError: an unknown field or a value outside the vocabulary; the message lists the choices.
    """
    if name == "size":
        return _parse_enum(ShotSize, value).value
    if name == "angle":
        return _parse_enum(Angle, value).value
    if name == "movement":
        return _parse_enum(Movement, value).value
    if name == "lens_mm":
        try:
            mm = int(str(value).strip().lower().removesuffix("mm").strip())
        except ValueError:
            raise PrevisError(f"lens must be a focal length in mm, like 35, not {value!r}") from None
        lo, hi = LENS_RANGE
        if not lo <= mm <= hi:
            raise PrevisError(f"lens {mm}mm is outside {lo}-{hi}mm")
        return mm
    if name in ("description", "prompt"):
        text = str(value).strip()
        if name == "description" and not text:
            raise PrevisError("a shot needs a description")
        return text
    raise PrevisError(f"{name!r} cannot be edited; editable: {', '.join(EDITABLE_FIELDS)}")


def _parse_enum(cls, value):
    try:
        return cls.parse(value)
    except ValueError as exc:
        raise PrevisError(str(exc)) from None


def plan_text_key(plan: ShotPlan) -> str:
    """A fingerprint of the scene's words as ``plan`` covers them (ids, actions, dialogue).

    None of these are editable, so the key of an edited plan equals the key of the plan it came from.
    """
    return stable_hash("scene-words", plan.scene, plan.heading,
                       [(s.id, s.action, [(d.character, d.text) for d in s.dialogue]) for s in plan.shots])


def load_edits(store: ProjectStore) -> dict:
    """``shot_edits.json`` as a dict (an empty one when the file is missing).

    Raises:
        PrevisError: the file is not JSON (store.read_json says where).
    """
    data = store.read_json(EDITS_FILE, default=None)
    if not isinstance(data, dict) or not isinstance(data.get("scenes"), dict):
        return {"format": EDITS_FORMAT, "scenes": {}}
    return data


def _entry_for(scenes: dict, key: str, plan: ShotPlan) -> tuple[str, dict] | None:
    entry = scenes.get(key)
    if isinstance(entry, dict):
        return key, entry
    words = plan_text_key(plan)
    for old_key, old in scenes.items():
        if isinstance(old, dict) and old.get("scene") == plan.scene and old.get("text") == words:
            return old_key, old
    return None


def edits_for(store: ProjectStore, plan: ShotPlan, key: str) -> dict[str, dict]:
    """The edits that apply to ``plan`` (made under plan key ``key``): ``{shot id: {field: value}}``."""
    found = _entry_for(load_edits(store)["scenes"], key, plan)
    if found is None:
        return {}
    shots = found[1].get("shots")
    return {k: dict(v) for k, v in shots.items() if isinstance(v, dict)} if isinstance(shots, dict) else {}


def edit_shot(plan: ShotPlan, shot: Shot, key: str, fields: dict[str, Any], store: ProjectStore,
              bible: Bible | None = None) -> Shot:
    """Record a hand edit of ``shot`` (in ``plan``, whose scene has plan key ``key``) and return the edited shot.

    A field set back to the planner's value is still recorded (the user chose it);
    ``fields`` with ``None`` values remove that field's edit.

    Args:
        plan: the scene's plan as the app shows it (edits already applied).
        shot: the shot being edited (one of ``plan.shots``).
        key: the plan key of the scene (see :func:`previs.pipeline.plan_key`).
        fields: field name -> new value (see :data:`EDITABLE_FIELDS`).
        store: the project store; ``shot_edits.json`` is rewritten atomically.
        bible: used to rewrite the prompt from the template when the camera changes.

    Returns:
        The shot with the edits applied.

    Raises:
        PrevisError: a field or value the vocabulary does not allow (nothing is saved then).
    """
    clean = {name: (None if value is None else validate_field(name, value)) for name, value in fields.items()}
    data = load_edits(store)
    scenes: dict = data["scenes"]
    found = _entry_for(scenes, key, plan)
    if found is not None and found[0] != key:
        scenes.pop(found[0])  # the bible changed under an unchanged scene: follow the new key
    entry = found[1] if found is not None else {}
    entry["scene"] = plan.scene
    entry["text"] = plan_text_key(plan)
    shot_edits = dict(entry.get("shots") or {}).get(shot.id) or {}
    for name, value in clean.items():
        if value is None:
            shot_edits.pop(name, None)
        else:
            shot_edits[name] = value
    shots = dict(entry.get("shots") or {})
    if shot_edits:
        shots[shot.id] = shot_edits
    else:
        shots.pop(shot.id, None)
    entry["shots"] = shots
    if shots:
        scenes[key] = entry
    else:
        scenes.pop(key, None)
    store.ensure()
    store.write_json(EDITS_FILE, {"format": EDITS_FORMAT, "scenes": scenes})
    return _apply_to_shot(shot, clean_only(shot_edits), bible)


def clean_only(edits: dict) -> dict:
    """The valid part of one shot's stored edits (a hand-damaged field is ignored, not fatal)."""
    out = {}
    for name, value in edits.items():
        try:
            out[name] = validate_field(name, value)
        except PrevisError:
            continue
    return out


def _apply_to_shot(shot: Shot, edits: dict, bible: Bible | None) -> Shot:
    if not edits:
        return shot
    changes: dict[str, Any] = {}
    if "size" in edits:
        changes["size"] = ShotSize(edits["size"])
    if "angle" in edits:
        changes["angle"] = Angle(edits["angle"])
    if "movement" in edits:
        changes["movement"] = Movement(edits["movement"])
    if "lens_mm" in edits:
        changes["lens_mm"] = int(edits["lens_mm"])
    if "description" in edits:
        changes["description"] = edits["description"]
    edited = dataclasses.replace(shot, **changes)
    if "prompt" in edits and edits["prompt"]:
        edited = dataclasses.replace(edited, prompt=edits["prompt"])
    elif any(f in edits for f in (*CAMERA_FIELDS, "description")) and bible is not None:
        from shots.prompt import write_prompt

        prompt, negative = write_prompt(edited, bible)
        edited = dataclasses.replace(edited, prompt=prompt, negative_prompt=negative)
    return edited


def apply_shot_edits(plans: Sequence[ShotPlan], store: ProjectStore, keys: Sequence[str],
                     bible: Bible | None = None) -> list[ShotPlan]:
    """Lay the stored hand edits over freshly planned (or cached) plans.

    Args:
        plans: one plan per scene, as the planner made them.
        store: the project store holding ``shot_edits.json``.
        keys: the plan key of each plan's scene (same order as ``plans``).
        bible: the bible, to rewrite prompts whose camera was edited (optional).

    Returns:
        The plans with edited shots replaced; plans without edits are returned as they came.

    Raises:
        PrevisError: ``shot_edits.json`` is not JSON.
    """
    data = load_edits(store)
    scenes = data["scenes"]
    if not scenes:
        return list(plans)
    out = []
    for plan, key in zip(plans, keys):
        found = _entry_for(scenes, key, plan)
        shots = found[1].get("shots") if found is not None else None
        if not isinstance(shots, dict) or not shots:
            out.append(plan)
            continue
        new_shots = tuple(_apply_to_shot(s, clean_only(shots.get(s.id) or {}), bible) for s in plan.shots)
        out.append(dataclasses.replace(plan, shots=new_shots))
    return out
