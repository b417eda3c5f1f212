"""validate_plan: the contract every planner's output must meet."""
from __future__ import annotations

import dataclasses

import screenplay
from shots.bible import extract_bible
from shots.coverage import validate_plan
from shots.heuristic import HeuristicPlanner
from shots.model import DialogueLine
from shots.vocabulary import ShotSize

TEXT = """\
INT. KITCHEN - NIGHT

ANNA (40s, tired, green apron) stirs a pot. BEN (40s, tall, rumpled suit) comes in.

ANNA
You're late. Again. I kept the soup warm for an hour and then I gave up and ate alone, which is fine, because I like eating alone. I really do. The radio is better company than you are lately, and it never smells of cigarettes.

BEN
(beat)
Sorry.

He sits.
"""


def _setup():
    sp = screenplay.parse(TEXT)
    scene = sp.scenes[-1]
    bible = extract_bible(sp)
    plan = HeuristicPlanner().plan(scene, bible)
    return scene, bible, plan


def test_the_heuristic_plan_is_valid():
    scene, bible, plan = _setup()
    assert validate_plan(plan, scene, bible) == []


def test_a_gap_is_reported_with_its_line():
    scene, bible, plan = _setup()
    broken = dataclasses.replace(plan, shots=plan.shots[:-1])
    problems = validate_plan(broken, scene, bible)
    assert any("line 12" in p and "not covered" in p for p in problems), problems


def test_overlap_duplicate_ids_and_bad_values_are_reported():
    scene, bible, plan = _setup()
    a, b = plan.shots[0], plan.shots[1]
    overlapping = dataclasses.replace(b, first_line=a.first_line)
    problems = validate_plan(dataclasses.replace(plan, shots=(a, overlapping, *plan.shots[2:])), scene, bible)
    assert any("overlap" in p or "covered by 2 shots" in p for p in problems), problems

    dup = dataclasses.replace(b, id=a.id)
    problems = validate_plan(dataclasses.replace(plan, shots=(a, dup, *plan.shots[2:])), scene, bible)
    assert any("used twice" in p for p in problems)

    bad = dataclasses.replace(a, size="huge", lens_mm=3, subjects=("nobody",), speaker="ghost")
    problems = validate_plan(dataclasses.replace(plan, shots=(bad, *plan.shots[1:])), scene, bible)
    text = "\n".join(problems)
    assert "size 'huge' is not a ShotSize" in text
    assert "lens 3 mm" in text
    assert "'nobody' is not in the character bible" in text
    assert "speaker 'ghost'" in text


def test_dialogue_must_be_carried():
    scene, bible, plan = _setup()
    shots = tuple(dataclasses.replace(s, dialogue=()) for s in plan.shots)
    problems = validate_plan(dataclasses.replace(plan, shots=shots), scene, bible)
    assert any("dialogue at line" in p for p in problems)


def test_a_long_speech_may_run_over_a_cutaway_only_if_the_parts_add_up():
    scene, bible, plan = _setup()
    split = [s for s in plan.shots if s.dialogue and s.dialogue[0].line == 6]
    assert len(split) == 2, "Anna's long speech is split over a reaction on Ben"
    assert split[1].subjects == ("ben",) and split[1].speaker is None
    # break the split: drop words from the second part
    second = split[1]
    bad = dataclasses.replace(second, dialogue=(dataclasses.replace(second.dialogue[0], text="Nope."),))
    shots = tuple(bad if s.id == second.id else s for s in plan.shots)
    problems = validate_plan(dataclasses.replace(plan, shots=shots), scene, bible)
    assert problems, "a split whose parts do not give back the speech is a coverage error"


def test_ids_must_follow_the_scene():
    scene, bible, plan = _setup()
    renamed = tuple(dataclasses.replace(s, id=f"X{s.index}") for s in plan.shots)
    problems = validate_plan(dataclasses.replace(plan, shots=renamed), scene, bible)
    assert any("id should be 1A" in p for p in problems)


def test_insert_needs_a_prop_and_placements_stay_in_frame():
    scene, bible, plan = _setup()
    s = plan.shots[0]
    bad = dataclasses.replace(s, size=ShotSize.INSERT, type=type(s.type)("insert"), prop=None,
                              blocking=(dataclasses.replace(s.blocking[0], x=1.5),) if s.blocking else ())
    problems = validate_plan(dataclasses.replace(plan, shots=(bad, *plan.shots[1:])), scene, bible)
    assert any("insert must say what it shows" in p for p in problems)
