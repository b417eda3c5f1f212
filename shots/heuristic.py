"""The default planner: a coverage grammar a first AD would recognise. Offline, deterministic.

Why rules and not a model: the heuristic plan must exist with no network and no
GPU, come out byte-identical for the same input, and depend on nothing but the
scene itself and its characters' bible entries (so editing scene 5 re-plans
only scene 5, and the plan cache keyed on the scene stays valid).

The rules, in the order they apply:

1. **Units.** The scene's elements are cut into units: an action paragraph; a
   speech (a cue with its parentheticals and dialogue); a pair of dual-dialogue
   speeches; and elements that carry no picture of their own (transitions,
   centered text, notes, synopses, sections, page breaks), which join the shot
   before them (or the first shot). A shot is not an element (issue 16): an
   action paragraph is cut into beats (:mod:`shots.beats`: a sentence opening
   with or carrying a written camera move, ``CLOSE ON``, ``WE SEE``, ``PULL
   BACK``, ``WHIP PAN``...; otherwise beats of 10+ words in a paragraph of 24+),
   one unit each, and every shot says in ``parts`` which characters of which
   element it carries; read in order they give back every element whole.
   Transitions are never shots: :mod:`shots.transitions` writes them on the shot
   that holds them as ``transition_in`` (fade in) / ``transition_out``.
2. **Opening.** A scene with a heading opens on an establishing shot covering
   the heading and, if the scene starts with action, that first paragraph:
   EXT is wider than INT (EXT: EWS 18mm, slow pan if the action has no move of
   its own; INT: WS 24mm master). A scene whose time is CONTINUOUS, SAME,
   LATER or MOMENTS LATER is not a new place: it opens on the master instead;
   a heading that names a POV (``SNIPER SCOPE POV``) opens on a POV shot.
3. **Action.** The characters the paragraph refers to are the subjects (names,
   aliases, usable first names, role nouns, pronouns resolved to the nearest
   compatible present character: :mod:`shots.cast_model`); none ->
   WS master of the place and whoever is present, one -> MS single, two -> two-shot, three or more -> WS
   group; one person answering a speech without words (stares, nods, is
   stunned: :func:`shots.script_cues.is_reaction`) is a reaction (MCU). A prop in
   capitals after an article (``a brass KEY``), or ``INSERT`` / ``CLOSE ON`` in
   the text, makes an INSERT (100mm) of that prop, an ECU when it is a small
   thing (a ring, an eye, a key: the telling detail); a written push-in onto a
   part of someone (``We PUSH IN on the Old Woman's glass eye``) ends on an ECU;
   a written pull-back is never an insert (it reveals). Movement is motivated,
   from verbs: walk/run/drive/chase/cross/climb... -> tracking (size opens to
   MWS), enter/exit/arrive -> pan, stand up/sit down -> tilt,
   reveal/discover/realise/stare -> push in, fight/punch/shoot/struggle ->
   handheld (violence); written camera directions (PUSH IN, PULL BACK, CRANE,
   PAN, TRACK, HANDHELD) win. "looks up at"/"towers" -> low
   angle, "looks down at"/"from above" -> high, "overhead" -> overhead.
4. **Dialogue, two people.** A run of speeches between two people is one
   exchange on the scene's line: whoever stands further left on it (a pair new
   to it: the first to speak) is screen left looking right, the other screen
   right looking left, in every shot of the exchange (``blocking`` x/facing and
   ``screen_direction``; the line, eyelines, crossings, exits and entrances:
   :mod:`shots.geography`, placements: :mod:`shots.staging`). A speech that
   calls someone present by name (``..., Josephine, but``) is addressed to
   them; otherwise to the one it answers. Coverage alternates: the first speech of an exchange
   is an OTS over the listener's shoulder (MS 40mm), later speeches are clean
   singles (MCU 50mm) for lines of 8+ words and OTS for short ones; an
   exclamation or an intense parenthetical (whispers, screams, crying...) is a CU
   85mm, easing in (push-in). The dramatic shape: an exchange that runs past six
   speeches is the scene's core: from then every line is a CU single, the first
   of them pushing in. The camera sits at the listener's eye height: a child
   (by the look they have in this scene) seen by an adult is a high angle, an
   adult seen by a child a low one.
5. **Dialogue, three or more.** When a third person joins the talk (or three
   or more are in the scene and the speaker has no single partner), the first
   speech is a group master (WS 28mm) and following speeches are singles on
   each speaker, with every fourth going back to the group. The group's line
   holds in all of them: everyone keeps their place in screen order, and each
   single looks toward where the one addressed sits in the wide. Nobody who
   went out of the scene is seen over the shoulder.
6. **Reactions.** A ``(beat)``-like parenthetical (beat, pause, silence, a
   moment, stares, waits) after some dialogue is covered by a reaction shot
   (MCU) on the listener; so is a wordless answer in the action (rule 3).
7. **Long speeches and news.** Dialogue over 40 words (a group speech too) is
   split at a sentence boundary near the middle: the second part plays over a
   reaction on the listener (the last one spoken to), or over a push-in to a
   tighter single of the speaker when nobody else is there. A speech of 12+ words
   to a listener whose last sentence breaks news (a death, an illness, a
   confession: :func:`shots.script_cues.is_news`) plays that sentence over the
   listener's reaction, a CU pushing in.
8. **Off-screen voices.** V.O. and O.S./O.C. speech is never on the speaker's
   face: ``speaker`` stays empty; O.S. shows the listeners, V.O. shows the
   scene (whoever is present, or the place). So is the speech of a voice
   (a device), of the far end of a phone call and of an intercut's other
   location (the cast model says who these are); joint cues (``A AND B``,
   ``BOTH``) are one shot of all of them speaking together.
9. **Dual dialogue** is one two-shot carrying both speeches.
10. **Setups.** Shots with the same type, size, angle, lens and subjects share a
    setup number (the same camera position relit once), numbered in order of first
    use, and the seed of the setup's first shot: a setup that returns looks the same.
11. **Cutting** (:mod:`shots.cutting`). No two consecutive shots on one setup:
    merged when short and the second brings no camera move, else the second is
    re-framed a size tighter. A short reply to a short line played on an OTS
    plays in that shot, now a two-shot (quick exchanges are one framing); a
    reply of five words or fewer to a single of the one person it answers is
    heard over that single, unless it answers a question or is an outburst. Montage and action
    keep one shot per beat.

Durations: dialogue at 2.75 words a second plus half a second, action at 3.5
words a second (2-12 s), establishing 3 s, reactions 1.5 s.
"""
from __future__ import annotations

import threading
from dataclasses import replace
from typing import Sequence

from screenplay.errors import PrevisError
from screenplay.model import Scene
from shots.continuity import SceneContext
from shots.cutting import setup_key
from shots.coverage import element_text, part_lines, validate_plan
from shots.ids import shot_id, shot_seed
from shots.locks import ShotLock, apply_locks
from shots.model import Bible, ElementPart, Shot, ShotPlan
from shots.progress import ProgressFn, check_cancel, report
from shots.atmosphere import scene_atmosphere
from shots.prompt import with_prompt
from shots.scene_rules import scene_drafts
from shots.script_cues import LENS
from shots.intercut import place_fields
from shots.transitions import with_transitions

HEURISTIC_VERSION = 5  # bump whenever a rule changes: cached plans are keyed on it
LONG_SPEECH_WORDS = 40


class HeuristicPlanner:
    """Deterministic rule-based coverage (rules in the module docstring).

    Args:
        long_speech_words: dialogue longer than this is split with a reaction or cutaway.
        validate: check every plan with :func:`shots.coverage.validate_plan` (a failure is a bug
            and raises PrevisError naming the scene).
    """

    name = "heuristic"

    def __init__(self, long_speech_words: int = LONG_SPEECH_WORDS, validate: bool = True):
        self.long_speech_words = int(long_speech_words)
        self.validate = validate

    def cache_fields(self) -> dict:
        """Everything besides scene and bible that determines the output."""
        return {"version": HEURISTIC_VERSION, "long_speech_words": self.long_speech_words}

    def plan_all(self, scenes: Sequence[Scene], bible: Bible, progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None, locks: Sequence[Sequence[ShotLock]] = (),
                 contexts: Sequence[SceneContext | None] | None = None) -> list[ShotPlan]:
        """Plan each scene in order, reporting ``plan`` progress and honouring ``cancel``.

        ``locks``: each scene's shot notes (shots/locks.py); a locked shot takes the note's fields.
        ``contexts`` (one per scene, from :func:`shots.continuity.scene_contexts` over the whole
        script) carry what each scene inherits from the one before it.
        """
        out = []
        for i, scene in enumerate(scenes):
            check_cancel(cancel)
            plan = self.plan(scene, bible, contexts[i] if contexts else None)
            if i < len(locks) and locks[i]:
                plan = apply_locks(plan, locks[i], bible)[0]
            out.append(plan)
            report(progress, "plan", scene.id, i + 1, len(scenes), f"scene {scene.id}")
        return out

    def plan(self, scene: Scene, bible: Bible, context: SceneContext | None = None) -> ShotPlan:
        """Cover ``scene`` with shots.

        Args:
            scene: one parsed scene.
            bible: its characters (every cue must resolve to an entry, by name or alias).
            context: what the scene inherits (resolved time of day, starting cast, an intercut's
                other side); None reads the scene on its own.

        Returns:
            A plan that passes :func:`shots.coverage.validate_plan`.

        Raises:
            PrevisError: a cue names a character the bible lacks.
        """
        drafts = scene_drafts(scene, bible, self.long_speech_words, context)
        time_of_day = context.time_of_day if context is not None else scene.time_of_day
        shots = _finish(drafts, scene, bible, time_of_day)
        heading = scene.heading.text if scene.heading else ""
        plan = ShotPlan(scene=scene.id, shots=tuple(shots), planner=self.name, first_line=scene.line,
                        last_line=scene.end_line, heading=heading, int_ext=scene.int_ext,
                        location=scene.location, time_of_day=time_of_day, eighths=scene.eighths)
        plan = with_transitions(plan, scene)
        if self.validate:
            problems = validate_plan(plan, scene, bible)
            if problems:
                raise PrevisError(f"heuristic plan of scene {scene.id} is inconsistent (a bug): {problems[0]}",
                                  None, scene.line)
        return plan



def _finish(drafts: list, scene: Scene, bible: Bible, time_of_day: str) -> list[Shot]:
    """Ids, seeds, setups, line spans and prompts of :func:`shots.scene_rules.scene_drafts`
    (``time_of_day``: the resolved one)."""
    setups: dict[tuple, int] = {}
    seeds: dict[int, int] = {}
    shots: list[Shot] = []
    int_ext, location = scene.int_ext, scene.location
    atmosphere = scene_atmosphere(scene)
    for i, d in enumerate(drafts):
        lens = d.lens or LENS[d.size]
        setup = setups.setdefault(setup_key(d), len(setups) + 1)
        if setup not in seeds:  # a returning setup looks the same (rule 11): its first shot's seed
            seeds[setup] = shot_seed(scene.id, i)
        seed = seeds[setup]
        parts = tuple(ElementPart(e.line, e.type, *d.spans.get(e.line, (0, len(element_text(e)))))
                      for e in d.elements)
        lines = [n for e, p in zip(d.elements, parts) for n in part_lines(e, p.start, p.end)]
        if d.covers_heading and scene.heading is not None:
            lines.append(scene.heading.line)
        first, last = (min(lines), max(lines)) if lines else (scene.line, scene.line)
        where = place_fields(d.place) if d.place else (int_ext, location, time_of_day)
        shot = Shot(id=shot_id(scene.id, i), scene=scene.id, index=i, setup=setup, size=d.size, type=d.type,
                    angle=d.angle, movement=d.movement, lens_mm=lens, subjects=d.subjects, speaker=d.speaker,
                    first_line=first, last_line=last, description=d.description, dialogue=d.dialogue,
                    action=d.action, seed=seed, est_seconds=float(d.est),
                    screen_direction=d.direction, blocking=d.blocking, prop=d.prop, notes=d.notes, parts=parts,
                    int_ext=where[0], location=where[1], time_of_day=where[2], atmosphere=atmosphere)
        shots.append(with_prompt(shot, bible, atmosphere))
    return shots
