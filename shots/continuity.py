"""What a scene inherits from the scene before it: time of day, light, and who is there.

Why: a heading like ``INT. TAXI - CONTINUOUS`` says nothing about the light,
yet the taxi is as dark as the night road it just left; ``.AT THE DOOR`` is
still Baxter's apartment, with Baxter in it. A planner sees one scene at a
time (so a cached plan depends only on its inputs), so what a scene inherits
is worked out here, over the whole script, and handed to the planner as a
:class:`SceneContext` that also enters the plan's cache key.

Rules:

- A heading whose time is CONTINUOUS, SAME, SAME TIME, MOMENTS LATER, LATER,
  CONTINUED, INTERCUT (or that has no time at all and follows an intercut), and
  a secondary slug (a forced heading with no INT./EXT., like ``.AT THE DOOR``)
  that no transition separates from the scene before, takes the previous
  scene's resolved time of day (and so its light).
- CONTINUOUS, CONTINUED and secondary slugs also start with the cast the
  previous scene ended with (see :class:`shots.cast_model.CastReader`); SAME
  (same time, often another place) and LATER do not.
- A scene after an ``INTERCUT`` (a transition or a heading saying so) knows the
  speakers of the scene before as ``elsewhere``: the other location's people.
- The raw heading text stays in ``ShotPlan.heading``; ``ShotPlan.time_of_day`` and
  every shot's ``time_of_day`` carry the resolved one.
- CONTINUOUS, CONTINUED and secondary slugs also inherit the screen geography the
  previous scene ended with (:class:`shots.geography.ScreenLine`): the line of the
  people it carries over (who stands screen left of whom), and every traveller's screen
  direction, so someone who went out of frame left comes into this scene from the
  right, still moving right to left. Any other scene that opens on someone coming in
  (its first action has an entering verb: :data:`shots.geography.ENTERING`) inherits
  the directions of those who went out of the scene before. The previous scene is
  walked by the heuristic rules (:class:`shots.scene_rules.SceneRules`) to find them,
  whatever planner plans it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from screenplay.model import Action, Character, Scene, Transition
from shots.cast_model import read_scene
from shots.geography import ENTERING, ScreenLine
from shots.model import Bible
from shots.scene_rules import SceneRules
from shots.vocabulary import ScreenDirection

_INHERITS_TIME = re.compile(r"\b(CONTINUOUS|SAME|SAME TIME|MOMENTS LATER|LATER|CONTINUED|INTERCUT|A MOMENT LATER)\b")
_INHERITS_CAST = re.compile(r"\b(CONTINUOUS|CONTINUED)\b")
_INTERCUT = re.compile(r"\bINTERCUT\b", re.I)
_REAL_TIME = re.compile(r"\b(DAY|NIGHT|MORNING|DAWN|DUSK|EVENING|SUNSET|SUNRISE|AFTERNOON|NOON|MIDNIGHT)\b")


@dataclass(frozen=True, slots=True)
class SceneContext:
    """What a scene inherits: its resolved time of day, the cast it starts with, the intercut's other side,
    the line its carried cast stands on (screen left to right) and the travellers' screen directions."""

    time_of_day: str = ""
    present: tuple[str, ...] = ()
    elsewhere: tuple[str, ...] = ()
    line: tuple[str, ...] = ()
    travel: tuple[tuple[str, ScreenDirection], ...] = ()


def scene_contexts(scenes: Sequence[Scene], bible: Bible) -> tuple[SceneContext, ...]:
    """One context per scene, in order (rules in the module docstring).

    Args:
        scenes: the script's scenes in order (all of them: a scene inherits from the one before).
        bible: the characters.

    Returns:
        A :class:`SceneContext` for each scene.
    """
    out: list[SceneContext] = []
    prev_time = ""
    prev_cast: tuple[str, ...] = ()
    prev_speakers: tuple[str, ...] = ()
    prev_line: tuple[str, ...] = ()
    prev_travel: tuple[tuple[str, ScreenDirection], ...] = ()
    prev_intercut = False
    prev_transition = True
    for i, scene in enumerate(scenes):
        written = scene.time_of_day
        heading = scene.heading.text.upper() if scene.heading is not None else ""
        secondary = scene.heading is not None and not scene.int_ext and not prev_transition
        inherits_time = bool(_INHERITS_TIME.search(written) or _INHERITS_TIME.search(heading)) or secondary \
            or (prev_intercut and not _REAL_TIME.search(written))
        time = written
        if inherits_time and prev_time and not _REAL_TIME.search(written):
            time = prev_time
        inherits_cast = _inherits_cast(scene, prev_transition)
        present = prev_cast if inherits_cast else ()
        context = SceneContext(time_of_day=time, present=present,
                               elsewhere=prev_speakers if (prev_intercut or _INTERCUT.search(heading)) else (),
                               line=tuple(p for p in prev_line if p in present) if inherits_cast else (),
                               travel=prev_travel)
        out.append(context)
        prev_time = time or prev_time
        prev_intercut = any(_INTERCUT.search(getattr(e, "text", "") or "") for e in scene.elements
                            if isinstance(e, (Transition, Action)))
        prev_transition = bool(scene.elements) and isinstance(scene.elements[-1], Transition) or any(
            isinstance(e, Action) and re.fullmatch(r"\s*(?:[A-Z ]+ TO:|FADE OUT\.?|FADE IN:)\s*", e.text)
            for e in scene.elements[-1:])
        nxt = scenes[i + 1] if i + 1 < len(scenes) else None
        if nxt is not None and _needs_before(nxt, prev_intercut, prev_transition):
            prev_cast, prev_speakers = _walk(scene, bible, context)  # only read a scene the next one inherits from
        else:
            prev_cast, prev_speakers = (), ()
        if nxt is not None and _inherits_cast(nxt, prev_transition):
            prev_line, prev_travel = _geography(scene, bible, context).end()
        elif nxt is not None and _opens_on_an_entrance(nxt):
            prev_line, prev_travel = (), _geography(scene, bible, context).gone_out()
        else:
            prev_line, prev_travel = (), ()
    return tuple(out)


def _needs_before(scene: Scene, after_intercut: bool, after_transition: bool) -> bool:
    """Does ``scene`` inherit the cast or the speakers of the scene before it?"""
    heading = scene.heading.text.upper() if scene.heading is not None else ""
    return after_intercut or bool(_INTERCUT.search(heading)) or _inherits_cast(scene, after_transition)


def _inherits_cast(scene: Scene, after_transition: bool) -> bool:
    """Does ``scene`` start with the cast (and so the geography) of the scene before it?"""
    heading = scene.heading.text.upper() if scene.heading is not None else ""
    secondary = scene.heading is not None and not scene.int_ext and not after_transition
    return secondary or bool(_INHERITS_CAST.search(scene.time_of_day or heading))


def _opens_on_an_entrance(scene: Scene) -> bool:
    """Does ``scene``'s first action have someone come in?"""
    first = next((e for e in scene.elements if isinstance(e, (Action, Character)) and not
                  (isinstance(e, Action) and not e.text.strip())), None)
    return isinstance(first, Action) and bool(ENTERING.search(first.text))


def _geography(scene: Scene, bible: Bible, context: SceneContext) -> ScreenLine:
    """The screen geography at the end of ``scene``, as the heuristic rules stage it."""
    rules = SceneRules(scene, bible, 10 ** 6, context)  # long speeches unsplit: splitting moves no one
    rules.drafts()
    return rules.staging.line


def _walk(scene: Scene, bible: Bible, context: SceneContext) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Read ``scene`` as the planner will: who is there at its end, and who spoke in it."""
    reading = read_scene(scene, bible, context.present, context.elsewhere)
    return reading.end, reading.speakers
