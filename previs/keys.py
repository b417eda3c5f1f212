"""Every cache key of a run, in one place: what a stored plan, shot render, mixdown and cut depend on.

Why a module of its own: the pipeline computes these keys once per run
(:func:`previs.pipeline.prepare_run`) and the app shows them (a shot is dirty
until the store holds a render under its key), so the rule for each key must
live in exactly one place. Keys ignore where a scene sits in the script: a
plan is keyed by its scene's content with line numbers relative to the
heading, a render leaves out absolute line numbers, and a bible entry counts
without its first line, so inserting a line in scene 3 (or moving a scene)
re-plans and re-renders nothing in scene 5.
"""
from __future__ import annotations

from typing import Sequence

from screenplay.model import Scene
from shots.model import Bible, BibleEntry
from renders.model import RenderSettings, TimedShot
from previs.hashing import stable_hash, to_plain

PLAN_FORMAT = 2  # bump when the stored plan format changes
CUT_FORMAT = 1


def scene_fingerprint(scene: Scene) -> list:
    """The scene's content with line numbers relative to its start."""
    base = scene.line
    out = []
    for e in (list(scene.lead_in) + ([scene.heading] if scene.heading else []) + list(scene.elements)):
        d = {k: v for k, v in to_plain(e).items() if k not in ("line", "end_line")}
        out.append([e.type, d, e.line - base, e.end_line - base])
    if scene.intercut_with:  # the other place of an intercut is part of what the plan shows
        out.append(["intercut", scene.intercut_with, list(scene.intercut_cast)])
    return out


def entry_key(entry: BibleEntry) -> dict:
    """A bible entry as a cache key sees it: without the line it was first found on (a scene moved
    or a line inserted above a character's entrance changes no picture)."""
    plain = to_plain(entry)
    plain.pop("first_line", None)
    return plain


def cast_of_scene(scene: Scene, bible: Bible) -> list[dict]:
    """Every character the scene's shots can show (speakers, introductions, named in action), as key data."""
    from shots.bible import scene_cast

    return [entry_key(e) for e in (bible.get(i) for i in scene_cast(scene, bible)) if e is not None]


def plan_key(scene: Scene, bible: Bible, planner_name: str, planner_fields: dict, locks: Sequence = (),
             context=None) -> str:
    """The store key of a scene's plan: its content, id, cast, the planner with its settings, and
    what the scene inherits from the one before (a :class:`shots.continuity.SceneContext`, or None).

    A scene's shot notes (shots.locks.ShotLock, lines relative to the heading) enter it only when
    it has some, so an unannotated script keeps its keys.
    """
    extra = [[lock.shot_id, lock.anchor_line - scene.line, lock.fields()] for lock in locks]
    inherited = [to_plain(context)] if context is not None else []
    return stable_hash("plan", PLAN_FORMAT, scene_fingerprint(scene), scene.id,
                       cast_of_scene(scene, bible), planner_name, planner_fields, *([extra] if extra else []),
                       *inherited)


def shot_fingerprint(timed: TimedShot) -> dict:
    """What a render depends on: the shot minus absolute line numbers, timing, cues, cast."""
    shot = to_plain(timed.shot)
    # transitions are the cut's; page eighths move with page breaks, i.e. with edits elsewhere
    for k in ("first_line", "last_line", "transition_in", "transition_out", "eighths"):
        shot.pop(k, None)
    for d in shot.get("dialogue", []):
        d.pop("line", None)
    for part in shot.get("parts", []):  # which part of an element, not where the element sits
        part.pop("line", None)
    cues = [{"offset": c.offset, "frames": c.clip.frames, "character": c.character, "text": c.text}
            for c in timed.cues]
    return {"shot": shot, "frames": timed.frames, "fps": timed.fps, "cues": cues,
            "cast": [entry_key(e) for e in timed.cast]}


def render_key(timed: TimedShot, renderer, settings: RenderSettings) -> str:
    """The store key of a shot's render. A backend may add per-shot inputs (diffusion: the
    digests of the reference images of the characters in frame) through ``shot_cache_fields``."""
    per_shot = renderer.shot_cache_fields(timed) if hasattr(renderer, "shot_cache_fields") else {}
    return stable_hash("shot", shot_fingerprint(timed), renderer.name, renderer.version,
                       renderer.cache_fields(), per_shot, settings)


def mix_key(timed: Sequence[TimedShot], fps: int) -> str:
    """The store key of the dialogue mixdown: where each cue sits and which clip it plays."""
    return stable_hash("mix", [(t.start, shot_fingerprint(t)["cues"],
                                [c.clip.wav.rsplit("/", 1)[-1] for c in t.cues]) for t in timed], fps)


def transitions_of(timed: Sequence[TimedShot]) -> list[tuple[str | None, str | None]]:
    """Each shot's (transition_in, transition_out): what the cut draws between shots."""
    return [(t.shot.transition_in, t.shot.transition_out) for t in timed]


def cut_key(render_keys: Sequence[str], timed: Sequence[TimedShot], mix: str) -> str:
    """The store key of the cut: the shots' renders, their lengths, the mixdown and the transitions
    between shots (a fade or dissolve changes the cut, never a shot's render)."""
    return stable_hash("cut", CUT_FORMAT, list(render_keys), [t.frames for t in timed], mix,
                       transitions_of(timed))
