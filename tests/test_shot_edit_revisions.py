"""Hand edits of shots survive the writer's revisions: they follow the words they covered.

Set-up for every case (the app's own session, on the example with scenes 3 and 4
rendered): three shots are edited and re-rendered -

- 3E, MARA's "We had a disagreement about fares." -> CU;
- 3H, the action "Juno holds out her hand. ..." -> high angle;
- 4B, the action "An old ship's bell hangs from a post." -> 85mm;

then the script is revised as a writer would, and we look at which edits are kept
(and on which shot), which are orphaned with which message, and which shots are
dirty (need a new render). The expected values come from the script text, with
the reason next to each.
"""
from __future__ import annotations

import re

import pytest

from conftest import run_previs
from tui_fixtures import make_session, project  # noqa: F401 - fixture

EDITS = {"3E": {"size": "CU"}, "3H": {"angle": "high"}, "4B": {"lens_mm": "85"}}
KEY_LINE = "Juno holds out her hand. Mara places the key in it. Juno turns it over under the lamp."
BELL = "An old ship's bell hangs from a post. Juno fits the key into a lock at its base."


def _edited(script):
    s = make_session(script)
    s.load()
    for shot_id, fields in EDITS.items():
        s.edit_shot(shot_id, fields)
    s.render(s.view.dirty_ids())
    return s


def _scene_block(text: str, heading: str, next_heading: str | None) -> str:
    start = text.index(heading)
    end = text.index(next_heading) if next_heading else len(text)
    return text[start:end]


def _state(script):
    view = make_session(script).load()
    fields = {st.id: (st.shot.size.value, st.shot.angle.value, st.shot.lens_mm) for st in view.shots}
    dirty = [i for i in view.dirty_ids() if i[0] in "34"]
    return view, fields, dirty


def test_inserting_a_line_mid_scene_moves_the_edit_with_its_lines(project):
    _edited(project)
    text = project.read_text()
    # (not a line of weather: thunder would be in every shot of the scene, so every prompt would change)
    project.write_text(text.replace(KEY_LINE, "A clock ticks on the wall.\n\n" + KEY_LINE))
    view, fields, dirty = _state(project)
    # a new action paragraph before Juno's hand is a new shot 3H; the hand shot is now 3J
    assert fields["3J"][1] == "high" and fields["3H"][1] == "eye level"
    assert fields["3E"][0] == "CU" and fields["4B"][2] == 85
    assert view.plan.edit_report.orphans == () and ("3H", "3J") in view.plan.edit_report.reattached
    # re-rendered: the new shot and every later shot of scene 3 (their ids, so their seeds, moved); nothing else
    later = [st.id for st in view.scene("3").shots][7:]
    assert later[0] == "3H" and dirty == later


def test_rewording_a_covered_line_keeps_the_edit(project):
    _edited(project)
    project.write_text(project.read_text().replace("We had a disagreement about fares.",
                                                   "We had a disagreement about the fare."))
    view, fields, dirty = _state(project)
    assert fields["3E"][0] == "CU"  # the reworded line is still 3E's line
    assert fields["3H"][1] == "high" and fields["4B"][2] == 85
    assert view.plan.edit_report.orphans == ()
    assert dirty == ["3E"]  # only the shot whose words (and voice) changed


def test_deleting_the_covered_lines_orphans_the_edit_and_says_so(project):
    _edited(project)
    text = project.read_text()
    bell_line = text.split("\n").index(BELL) + 1
    project.write_text(text.replace(BELL + "\n\n", ""))
    view, fields, dirty = _state(project)
    (orphan,) = view.plan.edit_report.orphans
    assert (orphan.shot_id, orphan.line, orphan.reason) == ("4B", bell_line, "its lines were deleted")
    assert fields["3E"][0] == "CU" and fields["3H"][1] == "high"
    assert all(lens != 85 for sid, (_, _, lens) in fields.items() if sid.startswith("4"))
    # scene 4 lost its second shot: the shots after it move up one letter and re-render
    assert dirty == [st.id for st in view.scene("4").shots][1:]
    # the orphan stays in the store until dismissed, and both commands say so, one line each
    expected = (f"{project.name}:{bell_line}: the edit of shot 4B (MS, 85mm) no longer applies: "
                f"its lines were deleted")
    plan = run_previs("plan", project.name, "--format", "csv", cwd=project.parent, check=True)
    assert plan.stderr.splitlines() == [expected]
    animatic = run_previs("animatic", project.name, "--scenes", "4", "--size", "160x90", "--quiet",
                          cwd=project.parent, check=True)
    assert expected in animatic.stderr.splitlines()
    s = make_session(project)
    s.load()
    assert len(s.view.plan.edit_report.orphans) == 1
    # putting the line back brings the edit back to its shot
    project.write_text(text)
    assert make_session(project).load().shot("4B").shot.lens_mm == 85


def test_moving_a_scene_keeps_every_edit_and_renders_nothing(project):
    _edited(project)
    text = project.read_text()
    three = _scene_block(text, "INT. HARBOUR OFFICE", "EXT. PIER")
    moved = text.replace(three, "")
    moved = moved.replace("> FADE OUT.", "> FADE OUT.\n\n" + three.rstrip("\n"))
    project.write_text(moved)
    view, fields, dirty = _state(project)
    assert [sc.id for sc in view.scenes][-2:] == ["4", "3"]
    assert (fields["3E"][0], fields["3H"][1], fields["4B"][2]) == ("CU", "high", 85)
    assert view.plan.edit_report.orphans == () and view.plan.edit_report.reattached == ()
    assert dirty == []  # same words, same shots: a move is not a change of any shot


def test_renumbering_scenes_carries_the_edits_to_the_new_ids(project):
    _edited(project)
    project.write_text(project.read_text().replace("#3#", "#30#").replace("#4#", "#40#"))
    view, fields, dirty = _state(project)
    assert (fields["30E"][0], fields["30H"][1], fields["40B"][2]) == ("CU", "high", 85)
    assert sorted(view.plan.edit_report.reattached) == [("3E", "30E"), ("3H", "30H"), ("4B", "40B")]
    assert view.plan.edit_report.orphans == ()
    # every shot of a renumbered scene has a new id (and seed): all of them re-render, nothing else
    assert dirty == [st.id for sc in ("30", "40") for st in view.scene(sc).shots]


def test_orphans_can_be_reapplied_or_dismissed_and_the_last_edit_undone(project):
    s = _edited(project)
    text = project.read_text()
    project.write_text(text.replace(BELL + "\n\n", ""))
    view = s.load()
    (orphan,) = view.plan.edit_report.orphans
    view = s.reapply_orphan(orphan.uid, "4C")
    assert view.shot("4C").shot.lens_mm == 85 and view.plan.edit_report.orphans == ()
    view = s.undo_shot_edit()  # undoes the re-application: the orphan is back
    assert [o.uid for o in view.plan.edit_report.orphans] == [orphan.uid]
    view = s.dismiss_orphan(orphan.uid)
    assert view.plan.edit_report.orphans == () and view.plan.edit_report.dismissed == 1
    view = s.edit_shot("3A", {"size": "EWS"})
    assert view.shot("3A").shot.size.value == "EWS"
    view = s.undo_shot_edit()
    assert view.shot("3A").shot.size.value != "EWS"


def test_the_app_lists_orphans_to_reapply_or_dismiss_counts_them_and_undoes(project):
    import asyncio

    from textual.widgets import DataTable

    from tui.app import PrevisApp
    from tui_fixtures import wait_for

    _edited(project)
    project.write_text(project.read_text().replace(BELL + "\n\n", ""))

    async def go():
        app = PrevisApp(make_session(project), watch=False)
        async with app.run_test(size=(110, 34)) as pilot:
            await wait_for(pilot, lambda: app.loads >= 1 and app.view is not None, what="the load")
            assert "edits 2 · 0 re-attached · 1 orphaned · 0 dismissed" in app.status_text()
            app.select_shot("4C")
            await pilot.press("O")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "OrphansScreen", what="the orphan list")
            await pilot.pause(0.1)
            table = app.screen.query_one(DataTable)
            assert table.row_count == 1 and [str(c) for c in table.get_row_at(0)[:3]] == ["4B", str(_bell_line()), "MS, 85mm"]
            await pilot.press("a")  # re-apply to the current shot, 4C
            await wait_for(pilot, lambda: app.view.shot("4C").shot.lens_mm == 85, what="the re-application")
            assert "0 orphaned" in app.status_text() and app.screen.query_one(DataTable).row_count == 0
            await pilot.press("escape", "ctrl+z")  # undo the re-application: the orphan is back
            await wait_for(pilot, lambda: len(app.view.plan.edit_report.orphans) == 1, what="the undo")
            assert app.view.shot("4C").shot.lens_mm != 85
            await pilot.press("O")
            await wait_for(pilot, lambda: type(app.screen).__name__ == "OrphansScreen", what="the orphan list")
            await pilot.press("d")
            await wait_for(pilot, lambda: app.view.plan.edit_report.dismissed == 1, what="the dismissal")
            assert "0 orphaned · 1 dismissed" in app.status_text()

    asyncio.run(go())


def _bell_line() -> int:
    from tui_fixtures import EXAMPLE

    return EXAMPLE.read_text().split("\n").index(BELL) + 1
