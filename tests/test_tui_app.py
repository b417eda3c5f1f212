"""The app driven with Pilot, as a user drives it: every screen and action on a real project."""
from __future__ import annotations

import asyncio
import os
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Input

from tui_fixtures import atomic_save, make_session, project, wait_for  # noqa: F401 - fixture

SIZE = (110, 34)


def make_app(script: Path, **kwargs):
    from tui.app import PrevisApp

    kwargs.setdefault("watch", False)
    return PrevisApp(make_session(script), **kwargs)


async def loaded(pilot, app, n: int = 1) -> None:
    await wait_for(pilot, lambda: app.loads >= n and app.view is not None, what="the project to load")


def test_every_screen_opens_and_the_palette_lists_every_action(project):
    from tui.palette import ACTIONS

    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            names = {}
            for key in "1234567":
                await pilot.press(key)
                await pilot.pause(0.1)
                names[key] = type(app.screen).__name__
            assert names == {"1": "ScriptScreen", "2": "ScenesScreen", "3": "ShotsScreen", "4": "CharactersScreen",
                             "5": "RenderQueueScreen", "6": "PreviewScreen", "7": "ExportsScreen"}
            titles = {c.title for c in app.get_system_commands(app.screen)}
            assert {a.title for a in ACTIONS if a.title} <= titles
            keys = {b.key for b in app.BINDINGS}  # the same table gives the key bindings
            assert {a.key for a in ACTIONS} == keys and "r" in keys and "ctrl+r" in keys
            await pilot.press("question_mark")
            await pilot.pause(0.1)
            assert type(app.screen).__name__ == "HelpScreen"
            from textual.widgets import DataTable

            rows = app.screen.query_one(DataTable).row_count
            assert rows >= 30
            await pilot.press("escape")
            await pilot.pause(0.1)
            assert type(app.screen).__name__ == "ExportsScreen"
            # the palette runs an action: "Scenes"
            await pilot.press("ctrl+p")
            await pilot.pause(0.2)
            await pilot.press(*"Scenes")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert type(app.screen).__name__ == "ScenesScreen"

    asyncio.run(go())


def test_script_view_highlights_every_element_and_jumps_to_shots_and_back(project):
    from tui.widgets.fountain_view import STYLES, FountainView

    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            fv = app.screen.query_one(FountainView)
            kinds = set(fv.types)
            assert {"title_page_field", "scene_heading", "action", "character", "dialogue",
                    "parenthetical", "transition"} <= kinds
            assert kinds - {""} <= set(STYLES)
            await pilot.press("]")
            await pilot.press("]")
            await pilot.press("]")
            await pilot.pause(0.1)
            heading3 = app.view.scene("3").scene.line
            assert fv.cursor == heading3 and app.current_scene == "3"
            await pilot.press("enter")
            await pilot.pause(0.3)
            assert type(app.screen).__name__ == "ShotsScreen"
            from textual.widgets import DataTable

            table = app.screen.query_one("#shots", DataTable)
            assert table.row_count == len(app.view.scene("3").shots)
            await pilot.press("down")
            await pilot.pause(0.1)
            assert app.current_shot == "3B"
            await pilot.press("g")
            await pilot.pause(0.3)
            assert type(app.screen).__name__ == "ScriptScreen"
            assert app.screen.query_one(FountainView).cursor == app.view.shot("3B").shot.first_line

    asyncio.run(go())


def test_edit_a_shot_in_the_inspector(project):
    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            app.select_scene("4")
            await pilot.press("3")
            await pilot.pause(0.3)
            from textual.widgets import Input, Select

            screen = app.screen
            assert app.current_shot == "4A" and not app.view.shot("4A").dirty
            screen.query_one("#size", Select).value = "ECU"
            lens = screen.query_one("#lens_mm", Input)
            lens.value = "100"
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.view.shot("4A").shot.size.value == "ECU", what="the edit")
            shot = app.view.shot("4A")
            assert shot.dirty and shot.shot.lens_mm == 100
            assert (app.session.store.root / "shot_edits.json").exists()
            await pilot.pause(0.2)
            from textual.widgets import DataTable

            row = screen.query_one("#shots", DataTable).get_row("4A")
            assert row[1] == "ECU" and str(row[-1]) == "dirty"
            # a value outside the vocabulary never gets past the session: one modal, nothing saved
            app.edit_shot("4A", {"movement": "somersault"})
            await wait_for(pilot, lambda: type(app.screen).__name__ == "ErrorScreen", what="the error modal")
            assert "not a Movement" in app.screen.message
            await pilot.press("escape")

    asyncio.run(go())


async def _open_character(pilot, app, entry_id: str):
    """The characters screen (key 4) with ``entry_id`` selected in its table."""
    await loaded(pilot, app)
    await pilot.press("4")
    await pilot.pause(0.3)
    screen = app.screen
    ids = [e.id for e in app.view.bible.entries]
    screen.query_one("#characters").move_cursor(row=ids.index(entry_id))
    await pilot.pause(0.1)
    return screen


def test_edit_a_character_marks_their_shots_dirty(project):
    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open_character(pilot, app, "juno-kestrel")
            assert screen.current == "juno-kestrel"
            screen.query_one("#look", Input).value = "70s, tiny, silver braid, red naval coat"
            n = app.loads
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.loads > n, what="the reload after the edit")
            juno = set(app.view.characters_in("juno-kestrel"))
            assert juno and all(app.view.shot(i).dirty for i in juno)
            assert not any(st.dirty for st in app.view.scene("4").shots if st.id not in juno)

    asyncio.run(go())


def test_later_looks_are_edited_in_the_character_form(project):
    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            screen = await _open_character(pilot, app, "juno-kestrel")
            screen.query_one("#looks", Input).value = "4: 70s, tiny, silver braid, yellow oilskin"
            n = app.loads
            await pilot.press("ctrl+s")
            await wait_for(pilot, lambda: app.loads > n, what="the reload after the edit")
            assert app.view.bible.get("juno-kestrel").looks == (("4", "70s, tiny, silver braid, yellow oilskin"),)
            assert all("yellow oilskin" in st.shot.prompt for st in app.view.scene("4").shots
                       if "juno-kestrel" in st.shot.subjects)

    asyncio.run(go())


def test_a_rendered_frame_becomes_a_characters_reference_still(project):
    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            single = next(st for st in app.view.shots if len(st.shot.subjects) == 1 and st.rendered is not None)
            several = next(st for st in app.view.shots if len(st.shot.subjects) > 1)
            app.select_shot(several.id)
            n = app.loads
            await pilot.press("s")  # two characters in frame: a warning, nothing saved
            await pilot.pause(0.3)
            assert app.loads == n
            who = single.shot.subjects[0]
            app.select_shot(single.id)
            await pilot.press("s")
            await wait_for(pilot, lambda: app.loads > n, what="the reload after the reference still")
            entry = next(e for e in app.view.bible.entries if e.id == who)
            assert entry.reference_image and entry.reference_image.endswith(f"references/{who}.png")
            assert (project.parent / entry.reference_image).is_file()
            assert entry.version == 2

    asyncio.run(go())


def test_render_a_shot_then_cancel_a_long_job(project):
    from previs.session import Session
    from renders.model import RenderSettings
    from tui.app import PrevisApp

    async def go():
        # large frames: every shot is dirty and the whole job lasts ~10 s, long enough to cancel
        app = PrevisApp(Session(project, settings=RenderSettings(960, 540, 24)), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            app.select_shot("1A")
            await pilot.press("5")
            await pilot.press("r")
            await wait_for(pilot, lambda: app.last_job is not None, what="the shot render")
            assert app.last_job.outcome == "done" and app.last_job.rendered == 1
            assert not app.view.shot("1A").dirty
            await pilot.pause(0.1)
            # everything else: cancel as soon as the first progress arrives
            app.last_job = None
            await pilot.press("A")
            job = app.queue.history[-1]
            await wait_for(pilot, lambda: job.state == "running" and job.rendered >= 1, what="a shot of the job")
            await pilot.press("x")
            await wait_for(pilot, lambda: app.last_job is not None, what="the cancel")
            assert app.last_job.outcome == "cancelled"
            store = app.session.store.root
            assert not list((store / "tmp").glob("*.mp4"))  # no half-written file
            for mp4 in (store / "shots").glob("*.mp4"):
                if not mp4.name.endswith(".control.mp4"):
                    assert mp4.with_suffix(".json").exists()
            fresh = Session(project, settings=RenderSettings(960, 540, 24)).load()
            assert len(fresh.dirty_ids()) > 0  # not everything rendered
            assert [j.state for j in app.queue.history] == ["done", "cancelled"]

    asyncio.run(go())


def test_playback_advances_in_real_time_and_shows_dialogue(project):
    async def go():
        app = make_app(project)
        async with app.run_test(size=(80, 30)) as pilot:
            await loaded(pilot, app)
            # the first shot of scene 3 in which Juno speaks ("You're late. The tide isn't.")
            speaks = next(st.id for st in app.view.scene("3").shots
                          if any(d.character == "juno-kestrel" for d in st.shot.dialogue))
            app.select_shot(speaks)
            await pilot.press("6")
            await pilot.pause(0.2)
            screen = app.screen
            player = screen.player
            await wait_for(pilot, lambda: len(player.frames) == player.expected and player.frames,
                           what="decoded frames")
            await pilot.press("space")
            await pilot.pause(0.3)
            assert player.playing
            f0, t0 = player.frame, time.monotonic()
            await asyncio.sleep(1.0)
            f1, t1 = player.frame, time.monotonic()
            per_second = (f1 - f0) / (t1 - t0)
            assert 8 <= per_second <= 14, per_second
            await pilot.press("space")
            assert not player.playing
            at = player.frame
            await pilot.press("right")
            assert player.frame == at + 1
            await pilot.press("left", "left")
            assert player.frame == at - 1
            # the dialogue line under the picture follows the frame
            clip = player.clips[0]
            cue = clip.cues[0]
            player.seek(int((cue.offset + 2) * 12 / clip.fps))
            assert player.dialogue().startswith(cue.character.upper())
            await pilot.press("v")  # the whole scene
            await pilot.pause(0.2)
            assert screen.scope == "scene" and len(player.clips) == len(app.view.scene("3").shots)

    asyncio.run(go())


def test_open_in_system_player_runs_the_configured_command(project, tmp_path, monkeypatch):
    record = tmp_path / "opened.txt"
    opener = tmp_path / "opener.py"
    opener.write_text(f"import sys; open({str(record)!r}, 'w').write(sys.argv[1])\n")
    monkeypatch.setenv("PREVIS_OPEN_WITH", f"{sys.executable} {opener}")

    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            app.select_shot("4B")
            await pilot.press("o")
            await wait_for(pilot, record.exists, what="the opener to run")
            assert record.read_text() == app.view.shot("4B").rendered.path

    asyncio.run(go())


async def _export_csv(pilot, app, folder: Path):
    """On the Exports screen, tick only csv, set the folder and press ctrl+e; returns the screen."""
    from textual.widgets import Input, SelectionList

    await loaded(pilot, app)
    await pilot.press("7")
    await pilot.pause(0.3)
    screen = app.screen
    sl = screen.query_one(SelectionList)
    sl.deselect_all()
    sl.select("csv")
    screen.query_one("#export-folder", Input).value = str(folder)
    await pilot.press("ctrl+e")
    return screen


def test_export_from_the_app(project):
    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            out = project.parent / "handoff"
            screen = await _export_csv(pilot, app, out)
            await wait_for(pilot, lambda: getattr(screen, "last_export", None) is not None, what="the export")
            assert set(screen.last_export.written) == {"csv"}
            csv = Path(screen.last_export.written["csv"])
            assert csv.parent == out and "3B" in csv.read_text()

    asyncio.run(go())


def test_a_failed_export_from_the_exports_screen_is_one_modal(project):
    # the export worker lives on the Exports screen; its failure still reaches the app's one error path
    async def go():
        app = make_app(project)
        async with app.run_test(size=SIZE) as pilot:
            blocker = project.parent / "a-file"
            blocker.write_text("not a folder")
            await _export_csv(pilot, app, blocker)
            await wait_for(pilot, lambda: type(app.screen).__name__ == "ErrorScreen", what="the error modal")
            assert app.screen.title_text == "Export failed"

    asyncio.run(go())


def test_saving_the_script_replans_the_changed_scene_and_queues_its_dirty_shots(project):
    async def go():
        app = make_app(project, watch=True, live=True)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            await pilot.pause(0.5)  # the watcher is up
            before = {sc.id: sc.key for sc in app.view.scenes}
            text = project.read_text()
            atomic_save(project, text.replace("Get out of my cab.", "Get out of my cab. Now."))
            await wait_for(pilot, lambda: app.loads >= 2, what="the reload after the save")
            after = {sc.id: sc.key for sc in app.view.scenes}
            assert [i for i in after if after[i] != before[i]] == ["2"]
            assert app.queue.history and app.queue.history[-1].label == "live: scene 2"
            assert all(i.startswith("2") for i in app.queue.history[-1].shot_ids)
            await wait_for(pilot, lambda: app.queue.history[-1].state in ("done", "failed"), what="the live render")
            assert app.queue.history[-1].state == "done"
            assert app.view.scene("2").state == "rendered"

    asyncio.run(go())


def test_graphics_terminals_get_a_full_resolution_still_until_playback(project):
    async def go():
        app = make_app(project, graphics=True)
        async with app.run_test(size=SIZE) as pilot:
            await loaded(pilot, app)
            app.select_shot("4B")
            await pilot.press("6")
            screen = app.screen
            still = screen.query_one("#still")
            await wait_for(pilot, lambda: still.display and still.image is not None, what="the still")
            assert still.image.size == (160, 90) and not screen.player.display
            await pilot.press("space")
            await pilot.pause(0.2)
            assert not still.display and screen.player.display

    asyncio.run(go())
