"""The floor plan beside the shot list, driven with Pilot: it lights the selected shot's camera and
follows the inspector's size and lens before anything is saved."""
from __future__ import annotations

import asyncio
import math

from tui_fixtures import make_session, project, wait_for  # noqa: F401 - fixture

SIZE = (110, 40)
LIT = "#f48c14"  # the highlight orange (240, 140, 20) as the half-block picture quantises it


def test_the_floor_plan_lights_the_selected_camera_and_redraws_as_lens_and_size_change(project):
    async def go():
        from textual.widgets import DataTable, Input, Select

        from tui.app import PrevisApp
        from tui.widgets.floor_plan import FloorPlanView

        app = PrevisApp(make_session(project), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.loads >= 1 and app.view is not None, what="the project to load")
            app.select_scene("2")
            await pilot.press("3")
            await pilot.pause(0.3)
            view = app.screen.query_one(FloorPlanView)
            await wait_for(pilot, lambda: view.plan is not None and view.draws > 0, what="the floor plan")
            assert view.plan.scene == "2" and view.highlight == app.current_shot == "2A"
            assert LIT in app.export_screenshot()  # the selected camera is drawn lit

            app.screen.query_one("#shots", DataTable).move_cursor(row=2)  # 2C: Mara's MCU, 50mm
            await wait_for(pilot, lambda: view.highlight == "2C", what="the highlight to follow the cursor")
            assert app.current_shot == "2C"
            before = view.plan.camera("2C")
            mara = next(m for m in view.plan.marks if m.id == "mara-okafor")
            draws = view.draws

            app.screen.query_one("#lens_mm", Input).value = "100"  # typed, not saved
            await wait_for(pilot, lambda: view.plan.camera("2C").lens_mm == 100, what="the wedge to redraw")
            await pilot.pause(0.1)
            narrow = view.plan.camera("2C")
            assert narrow.hfov < before.hfov * 0.6 and view.draws > draws
            assert app.view.shot("2C").shot.lens_mm == 50  # nothing saved

            app.screen.query_one("#size", Select).value = "WS"
            await wait_for(pilot, lambda: view.plan.camera("2C").reach > narrow.reach, what="the size redraw")
            wide = view.plan.camera("2C")
            assert math.dist((wide.x, wide.z), (mara.x, mara.z)) > 3 * math.dist((narrow.x, narrow.z),
                                                                                  (mara.x, mara.z))
            assert wide.in_frame() >= {"mara-okafor"}

    asyncio.run(go())


def test_a_graphics_terminal_gets_the_floor_plan_as_a_real_picture(project):
    async def go():
        from tui.app import PrevisApp
        from tui.widgets.floor_plan import FloorPlanView

        app = PrevisApp(make_session(project), watch=False, graphics=True)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.loads >= 1 and app.view is not None, what="the project to load")
            app.select_scene("3")
            await pilot.press("3")
            picture = app.screen.query_one("#floor-plan-image")
            await wait_for(pilot, lambda: picture.image is not None, what="the picture")
            half_blocks = app.screen.query_one(FloorPlanView)
            assert not half_blocks.display and half_blocks.plan.scene == "3"
            width, height = picture.image.size
            assert width >= 8 * 20 and height >= 16 * 6  # eight by sixteen pixels a cell, not two
            first = picture.image
            app.screen.query_one("#shots").move_cursor(row=3)  # 3D
            await wait_for(pilot, lambda: picture.image is not first, what="the highlight to move")
            assert half_blocks.highlight == "3D"

    asyncio.run(go())
