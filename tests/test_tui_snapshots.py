"""Snapshots of the app's screens at a fixed size (pytest-textual-snapshot).

Update after an intended change with ``pytest tests/test_tui_snapshots.py --snapshot-update``
and look at the SVGs in tests/__snapshots__/ before committing them. The screens
show planner and timing output, so a change to the heuristic planner or the
voices legitimately changes the Scenes and Shots snapshots.
"""
from __future__ import annotations

from tui_fixtures import make_session, project, wait_for  # noqa: F401 - fixture

SIZE = (110, 34)


def _app(script):
    from tui.app import PrevisApp

    return PrevisApp(make_session(script), watch=False)


def _after_load(*keys: str, line: int | None = None, scene: str | None = None):
    async def run_before(pilot) -> None:
        app = pilot.app
        await wait_for(pilot, lambda: app.loads >= 1, what="the project to load")
        if scene:
            app.select_scene(scene)
        if line:
            app.show_script(line)
        for key in keys:
            await pilot.press(key)
            await pilot.pause(0.2)
        await pilot.pause(0.3)
        await pilot.wait_for_scheduled_animations()

    return run_before


def test_script_screen(project, snap_compare):
    assert snap_compare(_app(project), terminal_size=SIZE, run_before=_after_load(line=22))


def test_scenes_screen(project, snap_compare):
    assert snap_compare(_app(project), terminal_size=SIZE, run_before=_after_load("2", scene="3"))


def test_shots_screen_with_inspector(project, snap_compare):
    assert snap_compare(_app(project), terminal_size=SIZE, run_before=_after_load("3", scene="3"))


def test_help_screen(project, snap_compare):
    assert snap_compare(_app(project), terminal_size=SIZE, run_before=_after_load("question_mark"))
