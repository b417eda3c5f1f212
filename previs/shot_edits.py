"""Hand edits of shots, made in the app's inspector, kept in the project store.

Why a separate layer instead of editing the stored plan: plans are cached by a
content key, so an edited plan written under that key would be indistinguishable
from the planner's and lost as soon as the scene is re-planned. Edits live
instead in ``shot_edits.json`` beside the plans and are laid over the plan every
time :func:`previs.pipeline.plan_script` runs.

Why edits follow their lines: a writer's revision (a typo fixed, a line added,
a scene moved or renumbered) must not cost the director's work. Each edit
remembers the words its shot covered (previs/edit_matching.py) and after every
re-plan is attached again to the shot that covers those words now, whatever its
id. Only an edit whose words are gone is an *orphan*: it stays in the store,
is reported (``script.fountain:48: the edit of shot 12B (CU, 85mm) no longer
applies: its lines were deleted``) and waits until the user re-applies it to
another shot or dismisses it. A shot note in the script (shots/locks.py) wins
over a hand edit for the fields the note gives.

Every field is validated against the camera vocabulary (shots/vocabulary.py)
when it is saved and again when it is applied, so a hand-edited JSON file
cannot smuggle in a size the renderers do not know. An edited shot's render
key changes (the shot is part of it), so it becomes dirty and re-renders; its
prompt is rewritten from the template when the camera changed and the prompt
was not itself edited, so prompt and camera agree.

File format (``format`` 2)::

    {"format": 2, "dismissed": 0, "undo": [[<edits before the last save>], ...],
     "edits": [{"uid": "e1", "shot": "3B", "scene": "3", "heading": "int. taxi - night",
                "lines": ["mara: it's tuesday."], "line": 48, "label": "CU, 85mm",
                "fields": {"size": "CU", "lens_mm": 85}, "orphan": null}]}

A format-1 file (edits keyed by scene hash) is read once: its edits attach by id
to the scene they were made on and learn their lines.
"""
from __future__ import annotations

import dataclasses
from typing import Any, Sequence

from screenplay.errors import PrevisError
from screenplay.model import Scene
from shots.locks import ShotLock, lock_target
from shots.model import Bible, Shot, ShotPlan
from shots.vocabulary import Angle, Movement, ShotSize
from previs.edit_matching import Candidate, Remembered, covered_lines, match
from previs.edit_report import EditReport, Orphan
from previs.hashing import stable_hash
from previs.store import ProjectStore

EDITS_FILE = "shot_edits.json"
EDITS_FORMAT = 2
UNDO_DEPTH = 20

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


def _plan_words(plan: ShotPlan) -> str:
    """Format 1's fingerprint of a scene's words (to read old files once)."""
    return stable_hash("scene-words", plan.scene, plan.heading,
                       [(s.id, s.action, [(d.character, d.text) for d in s.dialogue]) for s in plan.shots])


def load_edits(store: ProjectStore) -> dict:
    """``shot_edits.json`` in format 2 (an empty one when the file is missing; format 1 converted).

    Raises:
        PrevisError: the file is not JSON (store.read_json says where).
    """
    data = store.read_json(EDITS_FILE, default=None)
    if not isinstance(data, dict):
        return {"format": EDITS_FORMAT, "edits": [], "undo": [], "dismissed": 0}
    if data.get("format") == 1 and isinstance(data.get("scenes"), dict):
        edits = []
        for key, entry in data["scenes"].items():
            if not isinstance(entry, dict) or not isinstance(entry.get("shots"), dict):
                continue
            for shot_id, fields in entry["shots"].items():
                if isinstance(fields, dict):
                    edits.append({"uid": f"v1-{key[:8]}-{shot_id}", "shot": shot_id, "scene": entry.get("scene"),
                                  "v1": {"key": key, "text": entry.get("text")}, "fields": fields,
                                  "lines": None, "line": 0, "label": "", "heading": "", "orphan": None})
        return {"format": EDITS_FORMAT, "edits": edits, "undo": [], "dismissed": 0}
    edits = [e for e in data.get("edits") or [] if isinstance(e, dict) and isinstance(e.get("fields"), dict)]
    undo = [u for u in data.get("undo") or [] if isinstance(u, list)]
    dismissed = data.get("dismissed") if isinstance(data.get("dismissed"), int) else 0
    return {"format": EDITS_FORMAT, "edits": edits, "undo": undo, "dismissed": dismissed}


def _save(store: ProjectStore, data: dict) -> None:
    store.ensure()
    store.write_json(EDITS_FILE, data)


def _label(shot: Shot) -> str:
    return f"{shot.size.value}, {shot.lens_mm}mm"


def _heading(scene: Scene) -> str:
    return " ".join(scene.heading.text.split()).lower() if scene.heading is not None else ""


def _record(edit: dict, scene: Scene, shot: Shot) -> None:
    """Point ``edit`` at ``shot`` (its id, scene, words and line as they are now)."""
    edit.update(shot=shot.id, scene=scene.id, heading=_heading(scene), lines=list(covered_lines(scene, shot)),
                line=shot.first_line, label=_label(shot), orphan=None)
    edit.pop("v1", None)


def _edit_at(edits: list[dict], shot_id: str) -> dict | None:
    return next((e for e in edits if e.get("shot") == shot_id and not e.get("orphan")), None)


def edit_shot(scene: Scene, shot: Shot, fields: dict[str, Any], store: ProjectStore,
              bible: Bible | None = None) -> Shot:
    """Record a hand edit of ``shot`` (a shot of ``scene``, as the app shows it) and return the edited shot.

    A field set back to the planner's value is still recorded (the user chose it);
    ``fields`` with ``None`` values remove that field's edit. The edit remembers the
    words the shot covers, so it follows them through the writer's revisions.

    Args:
        scene: the parsed scene the shot belongs to.
        shot: the shot being edited (edits already applied).
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
    edits: list[dict] = data["edits"]
    _remember_for_undo(data)
    edit = _edit_at(edits, shot.id)
    if edit is None:
        taken = {e.get("uid") for e in edits}
        uid = next(f"e{n}" for n in range(1, len(edits) + 2) if f"e{n}" not in taken)
        edit = {"uid": uid, "fields": {}}
        edits.append(edit)
    for name, value in clean.items():
        if value is None:
            edit["fields"].pop(name, None)
        else:
            edit["fields"][name] = value
    edited = _apply_to_shot(shot, clean_only(edit["fields"]), bible)
    _record(edit, scene, edited)
    if not edit["fields"]:
        edits.remove(edit)
    _save(store, data)
    return edited


def undo_last_edit(store: ProjectStore) -> bool:
    """Put the edits back as they were before the last :func:`edit_shot`. False when there is nothing to undo."""
    data = load_edits(store)
    if not data["undo"]:
        return False
    data["edits"] = data["undo"].pop(0)
    _save(store, data)
    return True


def _remember_for_undo(data: dict) -> None:
    data["undo"] = ([[dict(e) for e in data["edits"]]] + data["undo"])[:UNDO_DEPTH]


def _orphan(data: dict, uid: str) -> dict:
    edit = next((e for e in data["edits"] if e.get("uid") == uid and e.get("orphan")), None)
    if edit is None:
        raise PrevisError(f"no orphaned edit {uid!r}")
    return edit


def dismiss_orphan(store: ProjectStore, uid: str) -> None:
    """Delete an orphaned edit for good (counted in the store's ``dismissed``).

    Raises:
        PrevisError: no orphan with that id.
    """
    data = load_edits(store)
    edit = _orphan(data, uid)
    data["edits"].remove(edit)
    data["dismissed"] += 1
    _save(store, data)


def reapply_orphan(store: ProjectStore, uid: str, scene: Scene, shot: Shot) -> None:
    """Attach an orphaned edit to ``shot`` (its fields win over an edit the shot already has).

    Raises:
        PrevisError: no orphan with that id.
    """
    data = load_edits(store)
    edit = _orphan(data, uid)
    _remember_for_undo(data)
    present = _edit_at(data["edits"], shot.id)
    if present is not None:
        edit["fields"] = {**present["fields"], **edit["fields"]}
        data["edits"].remove(present)
    _record(edit, scene, shot)
    _save(store, data)


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
        from shots.prompt import with_prompt

        edited = with_prompt(edited, bible)
    return edited


def apply_shot_edits(plans: Sequence[ShotPlan], scenes: Sequence[Scene], store: ProjectStore,
                     bible: Bible | None = None, keys: Sequence[str] = (),
                     locks: Sequence[Sequence[ShotLock]] = ()) -> tuple[list[ShotPlan], EditReport]:
    """Attach the stored hand edits to the shots that cover their lines now, and lay them over the plans.

    The store is rewritten (atomically) when an edit moved to another shot, learned new
    lines, or became an orphan, so the next revision is compared with the latest words.

    Args:
        plans: one plan per scene, as the planner made them.
        scenes: the parsed scene of each plan (same order).
        store: the project store holding ``shot_edits.json``.
        bible: the bible, to rewrite prompts whose camera was edited (optional).
        keys: each scene's plan key (only to read a format-1 file).
        locks: each scene's shot notes; a field a note gives is not overridden by an edit.

    Returns:
        (the plans with edited shots replaced, what happened to the edits).

    Raises:
        PrevisError: ``shot_edits.json`` is not JSON.
    """
    data = load_edits(store)
    edits: list[dict] = data["edits"]
    if not edits:
        return list(plans), EditReport(dismissed=data["dismissed"])
    before = [dict(e) for e in edits]
    where: dict[str, tuple[int, Shot]] = {}
    candidates = []
    for i, (plan, scene) in enumerate(zip(plans, scenes)):
        heading = _heading(scene)
        for shot in plan.shots:
            where[shot.id] = (i, shot)
            candidates.append(Candidate(shot.id, heading, covered_lines(scene, shot)))
    placed: dict[str, tuple[str, float]] = {}
    for e in edits:  # format 1: the scene it was made on is unchanged -> same ids
        v1 = e.get("v1")
        if v1 and e.get("shot") in where:
            i, _ = where[e["shot"]]
            if v1.get("key") in set(keys) or v1.get("text") == _plan_words(plans[i]):
                placed[e["uid"]] = (e["shot"], 1.0)
    remembered = [Remembered(e["uid"], str(e.get("shot")), str(e.get("heading") or ""), tuple(e.get("lines") or ()))
                  for e in edits if e.get("lines") and e["uid"] not in placed]
    taken = {sid for sid, _ in placed.values()}
    placed.update(match(remembered, [c for c in candidates if c.shot_id not in taken]))

    locked: dict[str, set[str]] = {}
    for plan, scene_locks in zip(plans, locks):
        for lock in scene_locks:
            target = lock_target(plan, lock)
            if target is not None:
                locked.setdefault(target.id, set()).update(lock.fields())
    new_shots: dict[str, Shot] = {}
    moved: list[tuple[str, str]] = []
    orphans: list[Orphan] = []
    for e in edits:
        hit = placed.get(e["uid"])
        if hit is None:
            if not e.get("orphan"):
                e["orphan"] = ("made before previs followed lines; re-apply or dismiss it" if e.get("v1")
                               else "its lines were deleted")
            orphans.append(Orphan(e["uid"], str(e.get("shot")), int(e.get("line") or 0), str(e.get("label") or ""),
                                  e["orphan"], dict(e["fields"])))
            continue
        i, shot = where[hit[0]]
        if hit[0] != e.get("shot"):
            moved.append((str(e.get("shot")), hit[0]))
        fields = {k: v for k, v in clean_only(e["fields"]).items() if k not in locked.get(shot.id, ())}
        new = _apply_to_shot(shot, fields, bible)
        new_shots[shot.id] = new
        _record(e, scenes[i], new)
    if edits != before:
        _save(store, data)
    out = [dataclasses.replace(p, shots=tuple(new_shots.get(s.id, s) for s in p.shots))
           if any(s.id in new_shots for s in p.shots) else p for p in plans]
    return out, EditReport(applied=len(new_shots), reattached=tuple(moved), orphans=tuple(orphans),
                           dismissed=data["dismissed"])
