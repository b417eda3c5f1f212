"""Shot.parts (issue 16.1): which part of which element a shot carries, checked, stored and read back.

The validator (shots/coverage.py) is tested by breaking a real plan's parts the ways a planner
could (a gap, an overlap, the order, a wrong kind, a range past the text) and by giving it a plan
written before parts existed (older plan JSON on disk). The store round trip goes through the
product's path: `previs plan --format json`, and a second `plan_script` that reads the cached plan.
"""
from __future__ import annotations

import dataclasses
import json

import screenplay
from conftest import run_previs
from previs.serialize import from_plain
from shots.bible import extract_bible
from shots.coverage import validate_plan
from shots.heuristic import HeuristicPlanner
from shots.model import ShotPlan

# One paragraph of three beats (a noise and the door; the drawer and the gun; CLOSE ON the gun), and
# a long speech with a listener: both are several shots carrying parts of one element.
SCRIPT = """INT. KITCHEN - NIGHT

MARA (30s) and her brother TOM (30s) sit at the table.

Mara hears a noise from the hall. She crosses to the door and opens it. Nobody there. She turns back to the table, pulls the drawer open and grabs the GUN inside. CLOSE ON the gun in her shaking hand.

TOM
I saw him again today, down by the river where we used to fish when we were small. He looked older than Dad ever did. He did not see me, or he pretended not to, and I stood there like a fool with my hands in my pockets. Then he walked away and I let him go, the way we always let him go.
"""


def _plan():
    sp = screenplay.parse(SCRIPT)
    bible = extract_bible(sp)
    (scene,) = [s for s in sp.scenes if s.heading is not None]
    return HeuristicPlanner().plan(scene, bible), scene, bible


def _with_parts(plan, index, parts):
    shots = list(plan.shots)
    shots[index] = dataclasses.replace(shots[index], parts=tuple(parts))
    return dataclasses.replace(plan, shots=tuple(shots))


def test_shots_share_elements_and_their_parts_tile_each_one():
    plan, scene, bible = _plan()
    assert validate_plan(plan, scene, bible) == []
    action = next(e for e in scene.elements if e.text.startswith("Mara hears"))
    speech = next(e for e in scene.elements if e.type == "dialogue")
    for element in (action, speech):
        pieces = [(p.start, p.end) for s in plan.shots for p in s.parts if p.line == element.line]
        assert len(pieces) >= 2 and pieces[0][0] == 0 and pieces[-1][1] == len(element.text)
        assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:]))


def test_the_validator_names_a_gap_an_overlap_the_order_and_a_bad_range():
    plan, scene, bible = _plan()
    i, shot = next((i, s) for i, s in enumerate(plan.shots) if len(s.parts) == 1 and s.parts[0].start > 0)
    part = shot.parts[0]
    gap = _with_parts(plan, i, [dataclasses.replace(part, start=part.start + 5)])
    assert any("skips characters" in p for p in validate_plan(gap, scene, bible))
    overlap = _with_parts(plan, i, [dataclasses.replace(part, start=part.start - 5)])
    assert any("overlaps the part before it" in p for p in validate_plan(overlap, scene, bible))
    kind = _with_parts(plan, i, [dataclasses.replace(part, kind="dialogue")])
    assert any("says 'dialogue' but the element there is" in p for p in validate_plan(kind, scene, bible))
    past = _with_parts(plan, i, [dataclasses.replace(part, end=part.end + 1000)])
    assert any("are not a range of its" in p for p in validate_plan(past, scene, bible))
    swapped = list(plan.shots)
    swapped[i - 1], swapped[i] = (dataclasses.replace(swapped[i - 1], parts=swapped[i].parts),
                                  dataclasses.replace(swapped[i], parts=swapped[i - 1].parts))
    out_of_order = dataclasses.replace(plan, shots=tuple(swapped))
    assert any("in order" in p or "overlaps" in p for p in validate_plan(out_of_order, scene, bible))
    bare = _with_parts(plan, i, [])
    assert any("carries no parts while other shots do" in p for p in validate_plan(bare, scene, bible))


def test_a_plan_written_before_parts_is_still_read_and_checked_by_its_lines():
    sp = screenplay.parse("INT. HALL - DAY\n\nVIC (60s) waits.\n\nVIC\nHello.\n")
    bible = extract_bible(sp)
    (scene,) = [s for s in sp.scenes if s.heading is not None]
    plan = HeuristicPlanner().plan(scene, bible)
    doc = json.loads(json.dumps(dataclasses.asdict(plan), default=str))
    for shot in doc["shots"]:
        del shot["parts"]  # older plan JSON on disk has no such field
    old = from_plain(ShotPlan, doc)
    assert all(s.parts == () for s in old.shots)
    assert validate_plan(old, scene, bible) == []


def test_the_plan_json_carries_the_parts_and_reads_back_equal(tmp_path):
    script = tmp_path / "kitchen.fountain"
    script.write_text(SCRIPT)
    out = run_previs("plan", script.name, "--format", "json", cwd=tmp_path, check=True).stdout
    doc = json.loads(out)
    (scene_doc,) = doc["scenes"]
    plan = from_plain(ShotPlan, scene_doc)
    assert sum(len(s.parts) for s in plan.shots) > len(plan.shots)
    expected, scene, bible = _plan()
    assert [s.parts for s in plan.shots] == [s.parts for s in expected.shots]
    # planned again from the store's cached plan: the same parts
    again = json.loads(run_previs("plan", script.name, "--format", "json", cwd=tmp_path, check=True).stdout)
    assert again["scenes"] == doc["scenes"]
