"""Craft checks (shots/craft.py) on plans written by hand for a scene parsed from text.

Each expectation is read off the script below before any check runs: Ben walks out at
line 11, so he may not be in frame for Anna's last line; Anna's and Ben's lines are
spoken on screen; the MESSAGE MACHINE is a voice.
"""
from __future__ import annotations

import screenplay
from shots.bible import extract_bible
from shots.craft import absent_in_frame, craft_problems, same_setup_cuts, unseen_speakers
from shots.cast_model import read_scene
from shots.coverage import speech_blocks
from shots.ids import shot_id
from shots.model import Shot, ShotPlan
from shots.vocabulary import Angle, Movement, ShotSize, ShotType

KITCHEN = """INT. KITCHEN - DAY

ANNA (40s, green apron) chops onions. BEN (12, red cap) watches her.

ANNA
Pass me the salt.

BEN
Get it yourself.

Ben walks out.

ANNA
Fine.

MESSAGE MACHINE
You have one new message.
"""
# lines: 1 heading, 3 action, 5-6 ANNA, 8-9 BEN, 11 exit, 13-14 ANNA, 16-17 MACHINE


def _scene():
    sp = screenplay.parse(KITCHEN)
    bible = extract_bible(sp)
    scene = next(s for s in sp.scenes if s.heading is not None)
    return scene, bible


def _plan(scene, bible, specs) -> ShotPlan:
    """``specs``: (first, last, size, type, subjects, setup[, prop]) per shot."""
    shots = []
    for i, spec in enumerate(specs):
        first, last, size, kind, subjects, setup = spec[:6]
        elements = [e for e in scene.elements if first <= e.line and e.end_line <= last]
        shots.append(Shot(id=shot_id(scene.id, i), scene=scene.id, index=i, setup=setup, size=ShotSize(size),
                          type=ShotType(kind), angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=50,
                          subjects=tuple(subjects), speaker=None, first_line=first, last_line=last,
                          description="", dialogue=speech_blocks(elements, bible),
                          prop=spec[6] if len(spec) > 6 else None))
    return ShotPlan(scene.id, tuple(shots), "test", scene.line, scene.end_line)


GOOD = [(1, 3, "WS", "master", ["anna", "ben"], 1), (5, 6, "MCU", "single", ["anna"], 2),
        (8, 9, "MCU", "single", ["ben"], 3), (11, 11, "WS", "master", ["anna", "ben"], 1),
        (13, 17, "MCU", "single", ["anna"], 2)]


def test_a_plan_a_director_would_cut_passes():
    scene, bible = _scene()
    assert craft_problems(_plan(scene, bible, GOOD), scene, bible) == []


def test_someone_who_walked_out_is_not_in_frame_for_the_next_line():
    scene, bible = _scene()
    specs = GOOD[:4] + [(13, 17, "MS", "two-shot", ["anna", "ben"], 4)]  # Ben left at line 11
    problems = absent_in_frame(_plan(scene, bible, specs).shots, read_scene(scene, bible), bible)
    assert len(problems) == 1 and "'ben' is not in the scene at lines 13-17" in problems[0]


def test_a_voice_is_never_in_frame():
    scene, bible = _scene()
    specs = GOOD[:4] + [(13, 17, "MCU", "two-shot", ["anna", "message-machine"], 4)]
    problems = absent_in_frame(_plan(scene, bible, specs).shots, read_scene(scene, bible), bible)
    assert len(problems) == 1 and "'message-machine' is only a voice" in problems[0]


def test_two_consecutive_shots_on_one_setup_are_a_jump_cut():
    scene, bible = _scene()
    specs = [GOOD[0], (5, 9, "WS", "master", ["anna", "ben"], 1)] + GOOD[3:]  # master, master, master, Anna
    problems = same_setup_cuts(_plan(scene, bible, specs).shots)
    assert [p.split(" are ")[0] for p in problems] == ["shots 1A and 1B", "shots 1B and 1C"]
    assert "merge them into one shot" in problems[0]


def test_a_dissolve_between_two_shots_on_one_setup_is_deliberate():
    from dataclasses import replace

    scene, bible = _scene()
    plan = _plan(scene, bible, [GOOD[0], (5, 17, "WS", "master", ["anna", "ben"], 1)])
    shots = (replace(plan.shots[0], transition_out="dissolve"), plan.shots[1])
    assert same_setup_cuts(shots) == []


def test_a_line_over_a_listener_is_a_reaction_but_over_nobody_it_is_not():
    scene, bible = _scene()
    reading = read_scene(scene, bible)
    reaction = GOOD[:2] + [(8, 9, "CU", "reaction", ["anna"], 4)] + GOOD[3:]  # Ben's line on Anna's face
    assert unseen_speakers(_plan(scene, bible, reaction).shots, reading, bible) == []
    empty = GOOD[:2] + [(8, 9, "WS", "establishing", [], 4)] + GOOD[3:]  # Ben's line over an empty kitchen
    problems = unseen_speakers(_plan(scene, bible, empty).shots, reading, bible)
    assert len(problems) == 1 and "'ben' speaks on screen at line 9" in problems[0]
    insert = GOOD[:2] + [(8, 9, "INSERT", "insert", [], 4, "the salt cellar")] + GOOD[3:]  # a chosen cutaway
    assert unseen_speakers(_plan(scene, bible, insert).shots, reading, bible) == []


def test_a_voice_needs_no_face():
    scene, bible = _scene()
    # the machine's message over the empty kitchen is fine: nobody speaks on screen there
    specs = GOOD[:4] + [(13, 14, "MCU", "single", ["anna"], 2), (16, 17, "WS", "establishing", [], 5)]
    assert unseen_speakers(_plan(scene, bible, specs).shots, read_scene(scene, bible), bible) == []
