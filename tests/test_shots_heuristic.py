"""The heuristic planner: a coverage grammar, the 180-degree rule, determinism, scene-local stability."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import screenplay
from previs.hashing import canonical_json
from shots.bible import extract_bible, scene_cast
from shots.coverage import validate_plan
from shots.heuristic import HeuristicPlanner
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "the-night-shift.fountain"
CORPUS = ROOT.parent / "shared" / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*.fountain")) if CORPUS.exists() else []


def plan_text(text: str):
    sp = screenplay.parse(text)
    bible = extract_bible(sp)
    planner = HeuristicPlanner()
    plans = [planner.plan(s, bible) for s in sp.scenes if s.heading is not None or s.elements]
    for scene, plan in zip([s for s in sp.scenes if s.heading is not None or s.elements], plans):
        assert validate_plan(plan, scene, bible) == []
    return sp, bible, plans


def axis_problems(plans) -> list[str]:
    """Within each run of shots noting the same 180-degree line: any two people shown together keep
    one left-right order, and a speaker looking left or right gives the shot that screen direction.
    In the shots of a two-person exchange that show only them, each also keeps one side of frame and one facing (unless they
    move), and the screen-left one is left of the other (a group's line: shots/geography.py)."""
    problems = []
    for plan in plans:
        runs: list[list] = []
        for shot in plan.shots:
            if not shot.notes.startswith("180°"):
                runs.append([])
            elif runs and runs[-1] and runs[-1][-1].notes == shot.notes:
                runs[-1].append(shot)
            else:
                runs.append([shot])
        for run in runs:
            pair = re.fullmatch(r"180° line: (.+) screen left, (.+) screen right", run[0].notes) if run else None
            pair_ids = {re.sub(r"[^a-z0-9]+", "-", n.lower()).strip("-") for n in pair.groups()} if pair else set()
            sides, order = {}, {}
            for shot in run:
                two_hander = bool(pair_ids) and {p.subject for p in shot.blocking} <= pair_ids
                placed = [p for p in shot.blocking if p.facing in ("left", "right")]
                if shot.speaker is None and shot.screen_direction != ScreenDirection.NEUTRAL:
                    placed = []  # someone moves (comes in, crosses, goes out, travels): they face their way
                for a in shot.blocking:
                    for b in shot.blocking:
                        if a.subject < b.subject and order.setdefault((a.subject, b.subject), a.x < b.x) != (a.x < b.x):
                            problems.append(f"{shot.id}: {a.subject} and {b.subject} swapped sides")
                for p in placed if two_hander else ():
                    side = ("L" if p.x < 0.5 else "R", p.facing)
                    if sides.setdefault(p.subject, side) != side:
                        problems.append(f"{shot.id}: {p.subject} jumped the line ({sides[p.subject]} -> {side})")
                if len(placed) == 2 and two_hander:
                    a, b = placed
                    if (a.facing == "right") != (a.x < b.x):
                        problems.append(f"{shot.id}: {a.subject} and {b.subject} do not face each other")
                for p in placed:
                    if shot.speaker == p.subject and p.depth != "fg":
                        want = ScreenDirection.LEFT_TO_RIGHT if p.facing == "right" else ScreenDirection.RIGHT_TO_LEFT
                        if shot.screen_direction != want:
                            problems.append(f"{shot.id}: screen direction {shot.screen_direction} for a speaker facing {p.facing}")
    return problems


def test_exterior_opens_wider_than_interior_and_continuous_opens_on_the_master():
    _, _, plans = plan_text("EXT. FIELD - DAY\n\nWind.\n\nINT. BARN - DAY\n\nHay.\n\nINT. BARN - CONTINUOUS\n\nMore hay.\n")
    ext, int_, cont = (p.shots[0] for p in plans)
    assert (ext.type, ext.size, ext.lens_mm) == (ShotType.ESTABLISHING, ShotSize.EWS, 18)
    assert (int_.type, int_.size, int_.lens_mm) == (ShotType.ESTABLISHING, ShotSize.WS, 24)
    assert cont.type == ShotType.MASTER
    assert ext.lens_mm < int_.lens_mm
    assert ext.first_line == 1 and ext.last_line == 3  # heading + first action paragraph


def test_two_person_exchange_is_shot_reverse_shot_on_one_axis():
    text = "INT. CAFE - DAY\n\nLENA (30s) and OMAR (30s) sit at a table.\n\n" + "\n\n".join(
        f"{who}\n{line}" for who, line in [
            ("LENA", "You came back after all this time, and you brought nothing with you."),
            ("OMAR", "I brought myself."), ("LENA", "That was always the problem with you, Omar, always."),
            ("OMAR", "Fair."), ("LENA", "So what do you actually want from me now, after everything?"),
        ]) + "\n"
    _, _, (plan,) = plan_text(text)
    speech = [s for s in plan.shots if s.speaker]
    assert speech[0].type == ShotType.OTS
    assert {s.type for s in speech} <= {ShotType.OTS, ShotType.SINGLE}
    assert ShotType.SINGLE in {s.type for s in speech}
    lena = {s.blocking[-1].x < 0.5 for s in speech if s.speaker == "lena"}
    omar = {s.blocking[-1].x < 0.5 for s in speech if s.speaker == "omar"}
    assert len(lena) == 1 and len(omar) == 1 and lena != omar
    assert axis_problems([plan]) == []
    # the same camera position is reused: Lena's singles share one setup
    lena_singles = {s.setup for s in speech if s.speaker == "lena" and s.type == ShotType.SINGLE}
    assert len(lena_singles) == 1


def test_beat_makes_a_reaction_on_the_listener():
    text = ("INT. OFFICE - DAY\n\nKIM (50s) faces JO (20s).\n\nKIM\nYou're fired.\n\n"
            "JO\nWhat?\n(beat)\nFine.\n")
    _, _, (plan,) = plan_text(text)
    reaction = [s for s in plan.shots if s.type == ShotType.REACTION]
    assert len(reaction) == 1 and reaction[0].subjects == ("kim",)
    assert reaction[0].first_line == reaction[0].last_line == 10  # the (beat) itself


def test_inserts_and_movement_from_verbs():
    text = ("EXT. ROAD - DAY\n\nNothing.\n\nSAM (40s) walks along the verge.\n\nSam finds a rusty KEY in the grass.\n\n"
            "A truck enters from the left.\n\nThe fog lifts and reveals the sea.\n\nSam looks up at the tower.\n")
    _, _, (plan,) = plan_text(text)
    by_line = {s.first_line: s for s in plan.shots}
    assert by_line[5].movement == Movement.TRACKING and by_line[5].subjects == ("sam",)
    # a key is a small thing: its insert is an extreme close-up, the telling detail (issue 16)
    assert by_line[7].type == ShotType.INSERT and by_line[7].prop == "key" and by_line[7].size == ShotSize.ECU
    assert by_line[9].movement == Movement.PAN
    assert by_line[11].movement == Movement.PUSH_IN
    assert by_line[13].angle == Angle.LOW


def test_voice_over_and_off_screen_are_not_on_the_speakers_face():
    text = ("INT. FLAT - NIGHT\n\nNIA (20s) reads alone.\n\nNIA (V.O.)\nI never slept that year.\n\n"
            "MUM (O.S.)\nLights out!\n")
    _, _, (plan,) = plan_text(text)
    vo = next(s for s in plan.shots if s.dialogue and s.dialogue[0].character == "nia")
    os_ = next(s for s in plan.shots if s.dialogue and s.dialogue[0].character == "mum")
    assert vo.speaker is None and os_.speaker is None
    assert "mum" not in os_.subjects and os_.subjects == ("nia",)


def test_three_people_get_a_group_master_and_dual_dialogue_a_two_shot():
    text = ("INT. BAR - NIGHT\n\nAL (30s), BO (30s) and CY (30s) drink.\n\nAL\nCheers.\n\nBO\nCheers.\n\n"
            "CY\nCheers to that.\n\nAL\nAgain!\n\nBO ^\nAgain!\n")
    _, _, (plan,) = plan_text(text)
    speech = [s for s in plan.shots if s.dialogue]
    assert speech[0].type == ShotType.GROUP and set(speech[0].subjects) == {"al", "bo", "cy"}
    assert speech[-1].type == ShotType.TWO_SHOT and len(speech[-1].dialogue) == 2


def test_long_speech_is_split_with_a_push_in_and_heading_only_scenes_get_a_shot():
    long = " ".join(f"Sentence number {i} is here." for i in range(20))
    _, _, plans = plan_text(f"INT. HALL - DAY\n\nVIC (60s) stands alone.\n\nVIC\n{long}\n\nEXT. SKY - DAY\n\n")
    hall, sky = plans
    parts = [s for s in hall.shots if s.dialogue]
    # nobody to cut to: the camera pushes in on her for the second half (issue 16: a reaction or a push-in)
    assert len(parts) == 2 and parts[1].size == ShotSize.CU and parts[1].movement == Movement.PUSH_IN
    assert " ".join(d.text for s in parts for d in s.dialogue) == long
    # both shots carry the one speech, each its characters of it, in order
    a, b = parts[0].parts[-1], parts[1].parts[0]
    assert [p.kind for p in parts[0].parts] == ["character", "dialogue"]
    assert a.line == b.line and a.kind == "dialogue" and (a.start, a.end, b.end) == (0, b.start, len(long))
    assert len(sky.shots) == 1 and sky.shots[0].type == ShotType.ESTABLISHING


def test_unknown_speaker_is_a_one_line_error():
    sp = screenplay.parse("INT. A - DAY\n\nZED\nHi.\n")
    from shots.model import Bible
    from screenplay.errors import PrevisError

    with pytest.raises(PrevisError) as err:
        HeuristicPlanner().plan(sp.scenes[-1], Bible())
    assert err.value.line == 3 and "ZED" in str(err.value)


def test_example_plan():
    sp, bible, plans = plan_text(EXAMPLE.read_text("utf-8"))
    assert axis_problems(plans) == []
    taxi = next(p for p in plans if p.scene == "2")
    assert any(s.type == ShotType.INSERT and s.prop == "key" for s in taxi.shots)
    assert any(s.type == ShotType.OTS for s in taxi.shots)
    assert all(s.int_ext == "INT" and s.location == "TAXI" for s in taxi.shots)


def _all_ids(plans):
    return [s.id for p in plans for s in p.shots]


@pytest.mark.skipif(not CORPUS_FILES, reason="shared corpus absent")
@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.stem)
def test_corpus_scripts(path):
    sp = screenplay.load(path)
    bible = extract_bible(sp)
    scenes = [s for s in sp.scenes if s.heading is not None or s.elements]
    first = [HeuristicPlanner().plan(s, bible) for s in scenes]
    for scene, plan in zip(scenes, first):
        assert validate_plan(plan, scene, bible) == [], scene.id
        cast = set(scene_cast(scene, bible))  # what a cached plan must be keyed on
        assert {x for s in plan.shots for x in (*s.subjects, *(d.character for d in s.dialogue))} <= cast
    for plan in first:
        ids = [s.id for s in plan.shots]
        assert len(ids) == len(set(ids))
    if len({s.id for s in scenes}) == len(scenes):  # written scene numbers may repeat in a draft
        assert len(set(_all_ids(first))) == len(_all_ids(first))
    assert axis_problems(first) == []
    sp2 = screenplay.load(path)
    bible2 = extract_bible(sp2)
    planner = HeuristicPlanner()
    second = [planner.plan(s, bible2) for s in sp2.scenes if s.heading is not None or s.elements]
    assert canonical_json(first) == canonical_json(second)


def test_editing_one_scene_changes_nothing_elsewhere():
    path = CORPUS / "the-last-birthday-card.fountain"
    text = path.read_text("utf-8") if path.exists() else EXAMPLE.read_text("utf-8")
    sp = screenplay.parse(text)
    scenes = [s for s in sp.scenes if s.heading is not None]
    target = scenes[min(4, len(scenes) - 1)]
    lines = text.split("\n")
    # edit a line inside the target scene and add a new action paragraph there
    at = target.elements[0].line - 1
    lines[at] = lines[at] + " Then a long silence."
    lines.insert(at + 1, "\nA DOG barks somewhere far away.")
    edited = "\n".join(lines)

    def fingerprint(t):
        s = screenplay.parse(t)
        bible = extract_bible(s)
        planner = HeuristicPlanner()
        return {sc.id: [(x.id, x.seed, x.prompt, x.negative_prompt, x.size, x.type) for x in planner.plan(sc, bible).shots]
                for sc in s.scenes if sc.heading is not None}

    before, after = fingerprint(text), fingerprint(edited)
    assert before.keys() == after.keys()
    changed = [k for k in before if before[k] != after[k]]
    assert changed == [target.id]


def test_scene_cast_includes_silent_characters_named_in_action():
    sp, bible, plans = plan_text(EXAMPLE.read_text("utf-8"))
    pier = next(s for s in sp.scenes if s.id == "4")
    assert "juno-kestrel" not in {bible.get(n).id for n in pier.speakers if bible.get(n)}
    assert "juno-kestrel" in scene_cast(pier, bible)
    assert scene_cast(pier, bible) == tuple(sorted(scene_cast(pier, bible)))


def test_plan_all_reports_progress_and_honours_cancel():
    import threading

    from shots.planner import get_planner
    from shots.progress import Cancelled

    sp = screenplay.parse(EXAMPLE.read_text("utf-8"))
    bible = extract_bible(sp)
    scenes = [s for s in sp.scenes if s.heading is not None]
    planner = get_planner("heuristic")
    seen = []
    plans = planner.plan_all(scenes, bible, progress=seen.append)
    assert [p.scene for p in plans] == [s.id for s in scenes]
    assert seen[-1].stage == "plan" and seen[-1].done == seen[-1].total == len(scenes)
    assert planner.cache_fields()["version"] >= 1
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        planner.plan_all(scenes, bible, cancel=cancel)
