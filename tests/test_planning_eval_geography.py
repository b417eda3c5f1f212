"""The planning evaluation, geography: the group's line, crossings and screen direction across scenes.

Each case in tests/planning_eval/geography_cases.py was written from the script text
before the planner ran, with its reason; this file only checks them against the
heuristic plan made the way `previs plan` makes it (tests/planning_eval/harness.py).
The checks read the same staging data the greybox draws from: each shot's
``blocking`` (x from 0 = frame left to 1 = frame right, facing) and ``screen_direction``.
"""
from __future__ import annotations

import pytest

from planning_eval.geography_cases import CASES, Geo
from planning_eval.harness import CORPUS, planned, script_path
from shots.vocabulary import ScreenDirection, ShotType

MOVING = (ScreenDirection.LEFT_TO_RIGHT, ScreenDirection.RIGHT_TO_LEFT)


def _case_id(c: Geo) -> str:
    return f"{c.script}:{c.kind}:{c.scene[:14]}:{(c.where or '/'.join(c.names))[:24]}"


def _x(shot, who: str) -> float | None:
    return next((p.x for p in shot.blocking if p.subject == who), None)


def _plan_with(p, where: str):
    """The plan of the scene holding the line (a heading like LIVING ROOM may start two scenes)."""
    line = p.element_line(where)
    return next(pl for pl in p.plans if pl.first_line <= line <= pl.last_line)


def _shots(p, c: Geo):
    plan = _plan_with(p, c.where) if c.where else p.plan_of(c.scene)
    shots = list(plan.shots)
    if c.span:
        line = p.element_line(c.edge or c.where)
        shots = [s for s in shots if (s.first_line < line if c.span == "before" else s.last_line >= line)]
    assert shots, f"no shots in span: {c.reason}"
    return shots


def _sign(a: float, b: float) -> int:
    return (a > b) - (a < b)


def _order(shots, a: str, b: str) -> set[int]:
    """The signs of x(a) - x(b) over the shots that show both."""
    return {_sign(_x(s, a), _x(s, b)) for s in shots if _x(s, a) is not None and _x(s, b) is not None}


def _covering_with(p, c: Geo, where: str, who: str):
    line = p.element_line(where)
    plan = _plan_with(p, where)
    return [s for s in plan.shots if s.first_line <= line <= s.last_line and _x(s, who) is not None]


def _check(c: Geo) -> None:
    p = planned(c.script)
    why = f"{c.reason} [{c.script}: {c.scene!r} {c.where!r}]"
    ids = [p.id_of(n) if n != "|" else n for n in c.names] if c.kind not in ("same_direction", "opposite_direction") \
        else []
    if c.kind == "sides":
        k = ids.index("|")
        left, right = ids[:k], ids[k + 1:]
        shots = _shots(p, c)
        signs = set().union(*(_order(shots, a, b) for a in left for b in right))
        assert signs and 0 not in signs, f"no shot shows both sides, or two stand on one spot ({signs}): {why}"
        assert len(signs) == 1, f"the sides swap between shots: {why}"
    elif c.kind == "between":
        end1, end2, *middle = ids
        shots = _shots(p, c)
        seen = 0
        for s in shots:
            a, b = _x(s, end1), _x(s, end2)
            for m in middle:
                x = _x(s, m)
                if None in (a, b, x):
                    continue
                seen += 1
                assert min(a, b) < x < max(a, b), f"shot {s.id}: {m} at {x} not between {a} and {b}: {why}"
        assert seen, f"no shot shows the ends with someone between: {why}"
    elif c.kind == "order_kept":
        shots = _shots(p, c)
        for i, a in enumerate(ids):
            for b in ids[i + 1:]:
                signs = _order(shots, a, b)
                assert len(signs) <= 1 and 0 not in signs, f"{a} and {b} swap sides ({signs}): {why}"
    elif c.kind == "eyeline":
        looker, other = ids
        side = _order(_shots(p, c), other, looker)
        assert len(side) == 1 and 0 not in side, f"{other} has no one side of {looker} ({side}): {why}"
        want = "right" if side == {1} else "left"
        shots = _covering_with(p, c, c.where, looker)
        facings = [next(pl.facing for pl in s.blocking if pl.subject == looker) for s in shots]
        assert facings, f"no shot covering the line shows {looker}: {why}"
        assert all(f == want for f in facings), f"{looker} faces {facings}, {other} is to the {want}: {why}"
    elif c.kind == "moves":
        shots = _covering_with(p, c, c.where, ids[0])
        assert any(s.screen_direction in MOVING for s in shots), \
            f"{[(s.id, str(s.screen_direction)) for s in shots]}: {why}"
    elif c.kind in ("same_direction", "opposite_direction"):
        here = {s.screen_direction for s in p.covering(c.where)} & set(MOVING)
        there = {s.screen_direction for s in p.covering(c.names[0])} & set(MOVING)
        assert len(here) == 1 and len(there) == 1, f"directions {here} and {there}: {why}"
        same = here == there
        assert same == (c.kind == "same_direction"), f"directions {here} and {there}: {why}"
    elif c.kind == "order_restored":
        a, b = ids
        shots = p.plan_of(c.scene).shots if not c.where else _plan_with(p, c.where).shots
        crossing, back = p.element_line(c.edge), p.element_line(c.where)
        before = _order([s for s in shots if s.last_line < crossing], a, b)
        after = _order([s for s in shots if s.first_line >= back], a, b)
        assert len(before) == 1 and before == after, f"order before {before}, after {after}: {why}"
    elif c.kind == "sides_carried":
        shots = [*_plan_with(p, c.where).shots, *_plan_with(p, c.edge).shots]
        signs = _order(shots, *ids)
        assert len(signs) == 1 and 0 not in signs, f"orders {signs} across the two scenes: {why}"
    elif c.kind == "opposed":
        plan = _plan_with(p, c.where)
        facings = [{pl.facing for s in plan.shots if s.subjects == (who,) and s.type == ShotType.SINGLE
                    and s.speaker == who for pl in s.blocking} for who in ids]
        assert all(len(f) == 1 and f != {"camera"} for f in facings) and facings[0] != facings[1], \
            f"singles face {facings}: {why}"
    elif c.kind == "enters_from_direction":
        shots = [s for s in _covering_with(p, c, c.where, ids[0]) if s.screen_direction in MOVING]
        assert shots, f"no shot of the entrance has a screen direction: {why}"
        s = shots[0]
        x = _x(s, ids[0])
        if s.screen_direction == ScreenDirection.LEFT_TO_RIGHT:
            assert x < 0.5, f"shot {s.id} moves left to right but {ids[0]} stands at {x}: {why}"
        else:
            assert x > 0.5, f"shot {s.id} moves right to left but {ids[0]} stands at {x}: {why}"
    else:  # pragma: no cover - a typo in the cases
        raise AssertionError(f"unknown kind {c.kind}")


@pytest.mark.parametrize("case", CASES, ids=_case_id)
def test_geography_expectation(case: Geo):
    if not script_path(case.script).exists():
        pytest.skip(f"{case.script} is not present ({CORPUS} holds the corpus)")
    _check(case)


def test_every_kind_is_exercised():
    assert {c.kind for c in CASES} >= {"sides", "between", "order_kept", "eyeline", "moves", "same_direction",
                                        "opposite_direction", "enters_from_direction", "order_restored", "opposed",
                                        "sides_carried"}


def _drawn_x(p, shot, colours: dict[str, str]) -> dict[str, float]:
    """Render the shot's first greybox frame with the named people in pure red / green and return
    the mean x (0..1) of each one's pixels: where the renderer really drew them."""
    import dataclasses

    import numpy as np

    from renders.greybox import render_frames
    from renders.model import RenderSettings, TimedShot

    cast = tuple(dataclasses.replace(e, color=colours.get(e.id, "#808080")) for e in p.bible.entries
                 if e.id in shot.subjects)
    frame = next(render_frames(TimedShot(shot, 24, 1, cues=(), cast=cast), RenderSettings(320, 180, 24)))
    rgb = frame.astype(int)
    out = {}
    for who, colour in colours.items():
        k = {"#ff0000": 0, "#00ff00": 1}[colour]
        main, others = rgb[..., k], np.delete(rgb, k, axis=2)
        xs = np.nonzero((main > 60) & (main > 2 * others[..., 0]) & (main > 2 * others[..., 1]))[1]
        assert len(xs) > 50, f"{who} is not drawn in shot {shot.id}"
        out[who] = xs.mean() / frame.shape[1]
    return out


def test_the_greybox_draws_the_line_and_the_entrance():
    """The staging data is what the greybox draws: the mannequins of the kitchen's group shots stand
    in the line's order before and after Kim's crossing, and Nina comes onto the fire escape on the
    side her screen direction says (moving left to right she enters from the left)."""
    p = planned("geography")
    kitchen = p.plan_of("KITCHEN")
    crossing = p.element_line("Kim gets up, walks around the table")
    before = next(s for s in kitchen.shots if len(s.subjects) == 3 and s.last_line < crossing)
    after = next(s for s in kitchen.shots if len(s.subjects) == 3 and s.first_line > crossing)
    for shot, (a, b) in ((before, ("rosa", "dev")), (after, ("kim", "dev"))):
        drawn = _drawn_x(p, shot, {a: "#ff0000", b: "#00ff00"})
        planned_x = {pl.subject: pl.x for pl in shot.blocking}
        assert (drawn[a] < drawn[b]) == (planned_x[a] < planned_x[b]), f"shot {shot.id}: {drawn} vs {planned_x}"
    rosa_side = {pl.subject: pl.x for pl in before.blocking}
    kim_side = {pl.subject: pl.x for pl in after.blocking}
    assert (rosa_side["rosa"] < rosa_side["dev"]) == (kim_side["kim"] < kim_side["dev"]), \
        "after walking around the table Kim sits on Rosa's side of Dev"
    entrance = p.covering("Nina bursts out onto the fire escape")[0]
    x = _drawn_x(p, entrance, {"nina": "#ff0000"})["nina"]
    assert entrance.screen_direction in MOVING
    assert (x < 0.5) == (entrance.screen_direction == ScreenDirection.LEFT_TO_RIGHT), (x, entrance.screen_direction)
