"""The planning evaluation, cast half: who is in frame, what prompts say, who is a character.

Each case in tests/planning_eval/cast_cases.py was written from the script text
before the planner ran, with its reason; this file only checks them against the
heuristic plan made the way `previs plan` makes it (tests/planning_eval/harness.py).
"""
from __future__ import annotations

import colorsys

import pytest

from planning_eval.cast_cases import CASES, Expect
from planning_eval.harness import CORPUS, planned, script_path


def _case_id(c: Expect) -> str:
    return f"{c.script}:{c.kind}:{(c.where or '/'.join(c.names))[:28]}"


def _hue_family(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    h, s, v = colorsys.rgb_to_hsv(r, g, b)
    if s < 0.2:
        return "white" if v > 0.85 else "grey" if v > 0.25 else "black"
    deg = h * 360
    for name, hi in (("red", 20), ("orange", 40), ("yellow", 70), ("green", 170), ("blue", 260),
                     ("purple", 330), ("red", 361)):
        if deg < hi:
            return name
    return "red"


def _check(c: Expect) -> None:
    p = planned(c.script)
    why = f"{c.reason} [{c.script}: {c.where!r}]"
    if c.kind in ("in_frame", "not_in_frame", "exactly"):
        shots = p.covering(c.where)
        assert shots, f"no shot covers the line: {why}"
        seen = {s for shot in shots for s in shot.subjects}
        ids = {p.id_of(n) for n in c.names}
        if c.kind == "in_frame":
            assert ids <= seen, f"{sorted(ids - seen)} missing from {sorted(seen)}: {why}"
        elif c.kind == "not_in_frame":
            assert not ids & seen, f"{sorted(ids & seen)} in frame: {why}"
        else:
            assert seen == ids, f"in frame {sorted(seen)}, expected {sorted(ids)}: {why}"
    elif c.kind in ("never_in_scene", "never_together"):
        plan = p.plan_of(c.where)
        ids = {p.id_of(n) for n in c.names}
        for shot in plan.shots:
            if c.kind == "never_in_scene":
                assert not ids & set(shot.subjects), f"shot {shot.id} shows {sorted(ids & set(shot.subjects))}: {why}"
            else:
                assert not ids <= set(shot.subjects), f"shot {shot.id} shows them together: {why}"
    elif c.kind == "not_an_entry":
        entry = p.bible.get(c.names[0])
        assert entry is None or entry.name != c.names[0].upper(), f"{c.names[0]} is a bible entry: {why}"
    elif c.kind == "voice_only":
        entry = p.bible.get(c.names[0])
        assert entry is not None and entry.kind == "voice", f"{c.names[0]} should be a voice: {why}"
    elif c.kind in ("prompt_has", "prompt_lacks"):
        shots = p.covering(c.where)
        assert shots, f"no shot covers the line: {why}"
        for shot in shots:
            for word in c.names:
                has = word.lower() in shot.prompt.lower()
                assert has == (c.kind == "prompt_has"), f"shot {shot.id} prompt {shot.prompt!r}: {why}"
    elif c.kind in ("scene_prompt_has", "scene_prompt_lacks"):
        plan = p.plan_of(c.where)
        for word in c.names:
            hits = [s.id for s in plan.shots if word.lower() in s.prompt.lower()]
            if c.kind == "scene_prompt_has":
                assert hits, f"no prompt of scene {plan.scene} has {word!r}: {why}"
            else:
                assert not hits, f"shots {hits} have {word!r}: {why}"
    elif c.kind == "time_of_day":
        plan = p.plan_of(c.where)
        assert plan.time_of_day == c.names[0], f"time of day {plan.time_of_day!r}: {why}"
        assert all(s.time_of_day == c.names[0] for s in plan.shots), why
    elif c.kind == "look_lacks":
        entry = p.bible.get(c.names[0])
        assert entry is not None, why
        looks = [entry.look, *(text for _, text in entry.looks)]
        assert not any(c.names[1].lower() in look.lower() for look in looks), f"look {looks}: {why}"
    elif c.kind == "wears":
        entry = p.bible.get(c.names[0])
        assert entry is not None, why
        assert _hue_family(entry.color) == c.names[1], f"colour {entry.color}: {why}"
    elif c.kind in ("leaves", "stays"):
        present = _present_after(p, c.where)
        for name in c.names:
            here = p.id_of(name) in present
            assert here == (c.kind == "stays"), f"after the line the cast is {sorted(present)}: {why}"
    else:  # pragma: no cover - a typo in the cases
        raise AssertionError(f"unknown kind {c.kind}")


def _present_after(p, snippet: str) -> set[str]:
    """Who the cast model has in the scene right after the element containing ``snippet``."""
    from shots.cast_model import read_scene

    line = p.element_line(snippet)
    scene = next(sc for sc in p.screenplay.scenes if any(e.line == line for e in sc.elements))
    reading = read_scene(scene, p.bible)
    return set(next(lp.present for lp in reading.lines if lp.line == line))


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_planning_expectation(case: Expect):
    if not script_path(case.script).exists():
        pytest.skip(f"{case.script} is not present ({CORPUS} holds the corpus)")
    _check(case)


def test_the_evaluation_has_enough_cases_of_each_kind():
    kinds = {c.kind for c in CASES}
    assert len(CASES) >= 60
    assert {"in_frame", "not_in_frame", "exactly", "not_an_entry", "voice_only", "time_of_day", "wears"} <= kinds
    assert sum(c.pronoun for c in CASES) >= 20
