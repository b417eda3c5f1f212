"""Shot decisions in the script: ``previs plan --annotate`` writes notes, notes lock shots, strip undoes.

Round trip on every corpus script through the CLI as a user runs it: the notes
change no shot (a fixed point: same shots, ids and fields, the line numbers moved
by exactly the notes above them), and stripping gives back the original bytes.
"""
from __future__ import annotations

import json
import re
import shutil

import pytest

from conftest import EXAMPLE, run_previs
from fake_openai import FakeOpenAI, Reply
from llm_scenes import bible as taxi_bible, good_answer, taxi_scene
from shots.locks import ShotLock
from shots.vocabulary import ShotSize
from tui_fixtures import make_session, project  # noqa: F401 - fixture


def _plan_json(script, *extra):
    proc = run_previs("plan", script.name, "--format", "json", *extra, cwd=script.parent, check=True)
    return json.loads(proc.stdout), proc.stderr


def _shots(doc):
    return {s["id"]: s for sc in doc["scenes"] for s in sc["shots"]}


def _note_lines(text: str) -> list[int]:
    shot_note = re.compile(r"^\[\[[0-9][0-9A-Z.-]*: [^\]]*\]\]$")  # [[12B: CU MARA, 85mm, push in]]
    return [n for n, line in enumerate(text.split("\n"), start=1) if shot_note.match(line)]


def _without_lines(shot: dict, notes_above) -> dict:
    """A shot with its line numbers taken back to the un-annotated script."""
    out = dict(shot)
    out["first_line"] -= notes_above(shot["first_line"])
    out["last_line"] -= notes_above(shot["last_line"])
    out["dialogue"] = [{**d, "line": d["line"] - notes_above(d["line"])} for d in shot["dialogue"]]
    out["parts"] = [{**p, "line": p["line"] - notes_above(p["line"])} for p in shot.get("parts", [])]
    return out


def test_annotate_is_a_fixed_point_and_strip_restores_the_bytes_on_every_corpus_script(corpus, tmp_path):
    scripts = sorted(corpus.glob("*.fountain"))
    assert len(scripts) >= 8
    for source in scripts:
        script = tmp_path / source.name
        shutil.copyfile(source, script)
        original = script.read_bytes()
        before, err = _plan_json(script, "--annotate")
        assert "shot notes into" in err and (tmp_path / (source.name + ".bak")).read_bytes() == original
        text = script.read_text("utf-8-sig")
        notes = _note_lines(text.replace("\r\n", "\n"))
        # one note per shot, each on its own line
        assert len(notes) == sum(len(sc["shots"]) for sc in before["scenes"]), source.name
        after, err = _plan_json(script)
        assert err == "", source.name  # every note reads back as a valid lock

        def notes_above(line, notes=notes):  # the annotated line number of an original line moves down
            return sum(1 for n in notes if n < line)

        old, new = _shots(before), _shots(after)
        assert list(old) == list(new), source.name
        for sid in old:
            assert _without_lines(new[sid], notes_above) == old[sid], (source.name, sid)
        stripped, err = _plan_json(script, "--strip-annotations")
        assert script.read_bytes() == original, source.name
        assert stripped["scenes"] == before["scenes"], source.name


def test_a_hand_edited_note_replans_and_rerenders_exactly_that_shot(project):
    run_previs("plan", project.name, "--annotate", cwd=project.parent, check=True)
    view = make_session(project).load()
    assert [i for i in view.dirty_ids() if i[0] in "34"] == []  # the notes themselves change no shot
    before = {st.id: st.shot for st in view.shots}
    text = project.read_text()
    # MARA's "We had a disagreement about fares." is 3E, planned as an MCU single on a 50mm
    assert "[[3E: MCU MARA, 50mm, static]]" in text
    project.write_text(text.replace("[[3E: MCU MARA, 50mm, static]]", "[[3E: CU MARA, 85mm, push in, low]]"))
    view = make_session(project).load()
    after = {st.id: st.shot for st in view.shots}
    assert [sid for sid in after if after[sid] != before[sid]] == ["3E"]  # same line count: nothing else moves
    shot = after["3E"]
    assert (shot.size.value, shot.lens_mm, shot.movement.value, shot.angle.value) == ("CU", 85, "push in", "low")
    assert shot.type.value == "single" and shot.subjects == ("mara-okafor",)  # what the note leaves out stays
    assert "close-up" in shot.prompt and "low angle" in shot.prompt
    assert [i for i in view.dirty_ids() if i[0] in "34"] == ["3E"]
    # a note can also change who is in frame (fields not given stay the planner's)
    project.write_text(project.read_text().replace("[[3E: CU MARA, 85mm, push in, low]]", "[[3E: MS MARA & JUNO]]"))
    shot = make_session(project).load().shot("3E").shot
    assert shot.subjects == ("mara-okafor", "juno-kestrel") and shot.lens_mm == 50
    assert {p.subject for p in shot.blocking} == {"mara-okafor", "juno-kestrel"}


def test_a_malformed_note_is_a_one_line_warning_and_the_planner_choice_stands(tmp_path):
    script = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, script)
    plain, _ = _plan_json(script)
    lines = script.read_text().split("\n")
    at = lines.index("She raps on the taxi window.")  # shot 1D starts here
    lines[at:at] = ["[[1D: XXL MARA, 35mm]]"]
    at = lines.index("Exactly.") - 1  # DEV's cue: shot 2E (MARA's "It's Tuesday." plays over Dev's 2D)
    lines[at:at] = ["[[2E: CU NOBODY, 85mm]]"]
    at = lines.index("Where did you get that?") - 2  # DEV's cue, then (beat): shot 2G
    lines[at:at] = ["[[2G: MS, 900mm]]"]
    at = lines.index("He starts the engine anyway.")  # a note cut with the boneyard is not read
    lines[at:at] = ["/* [[2J: CU DEV]]", "[[2J: ECU DEV]] */"]
    script.write_text("\n".join(lines))
    doc, err = _plan_json(script)
    n = [i + 1 for i, x in enumerate(lines) if x.startswith("[[") and not x.endswith("*/")]
    assert err.splitlines() == [
        f"{script.name}:{n[0]}: shot note 1D: 'XXL MARA' is not a size, lens (85mm), move or angle; "
        f"the planner's choice stands",
        f"{script.name}:{n[1]}: shot note 2E: no character 'NOBODY' in the bible; the planner's choice stands",
        f"{script.name}:{n[2]}: shot note 2G: lens 900mm is outside 8-600mm; the planner's choice stands",
    ]
    for sid in ("1D", "2E", "2G", "2J"):
        assert (_shots(doc)[sid]["size"], _shots(doc)[sid]["lens_mm"]) == (_shots(plain)[sid]["size"],
                                                                            _shots(plain)[sid]["lens_mm"])


def test_the_llm_planner_gets_the_notes_in_its_request_and_must_honour_them(tmp_path):
    from shots.llm import LLMPlanner

    scene = taxi_scene()  # DEV speaks on lines 5-6: the answer's second shot starts at line 5
    lock = ShotLock("2B", line=4, anchor_line=5, size=ShotSize.CU, lens_mm=85)
    honoured = json.loads(good_answer())
    honoured["shots"][1].update(size="CU", lens_mm=85)
    answers = iter([good_answer(), json.dumps(honoured)])  # the first ignores the note, the second follows it
    with FakeOpenAI(responder=lambda req: Reply.chat(next(answers))) as server:
        planner = LLMPlanner(model="fake", base_url=server.base_url, api_key="sk-test-0000", cache_dir=tmp_path)
        (plan,) = planner.plan_all([scene], taxi_bible(), locks=[(lock,)])
        first, second = server.chat_requests
    asked = [m["content"] for m in first.body["messages"] if m["role"] == "user"]
    assert "the shot starting at line 5 (id 2B): size CU, lens_mm 85" in asked[-1]
    retry = second.body["messages"][-1]["content"]
    assert "shot 2B: the script fixes size 'CU', the answer has 'MCU'" in retry
    shot = plan.shots[1]
    assert (shot.id, shot.size.value, shot.lens_mm) == ("2B", "CU", 85)


def test_an_app_edit_of_a_noted_shot_rewrites_its_note(project):
    run_previs("plan", project.name, "--annotate", cwd=project.parent, check=True)
    s = make_session(project)
    s.load()
    view = s.edit_shot("3E", {"size": "CU", "lens_mm": "85"})
    assert (view.shot("3E").shot.size.value, view.shot("3E").shot.lens_mm) == ("CU", 85)
    text = project.read_text()
    assert "[[3E: CU MARA, 85mm, static]]" in text and "[[3E: MCU MARA, 50mm, static]]" not in text
    assert (project.parent / (project.name + ".bak")).exists()


def test_a_note_edited_in_a_text_editor_rerenders_that_shot_live_in_the_app(project):
    import asyncio

    from tui.app import PrevisApp
    from tui_fixtures import atomic_save, wait_for

    run_previs("plan", project.name, "--annotate", cwd=project.parent, check=True)

    async def go():
        app = PrevisApp(make_session(project), watch=True, live=True)
        async with app.run_test(size=(110, 34)) as pilot:
            await wait_for(pilot, lambda: app.loads >= 1 and app.view is not None, what="the load")
            await pilot.pause(0.5)  # the watcher is up
            text = project.read_text()
            assert "[[4B: MS JUNO, 35mm, static]]" in text  # the bell: Juno in a medium single
            atomic_save(project, text.replace("[[4B: MS JUNO, 35mm, static]]", "[[4B: CU JUNO, 85mm, push in]]"))
            await wait_for(pilot, lambda: app.loads >= 2, what="the reload after the save")
            shot = app.view.shot("4B").shot
            assert (shot.size.value, shot.lens_mm, shot.movement.value) == ("CU", 85, "push in")
            job = app.queue.history[-1]
            assert job.label == "live: scene 4" and list(job.shot_ids) == ["4B"]
            await wait_for(pilot, lambda: job.state in ("done", "failed"), what="the live render")
            assert job.state == "done" and app.view.scene("4").state == "rendered"

    asyncio.run(go())
