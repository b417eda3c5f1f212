"""The storyboard's floor-plan thumbnails from the app's Exports screen (issue 20, point 3), driven
with Pilot: the checkbox shows once the storyboard is ticked, and ticking it puts a floor plan on
each scene's first panel of the PDF the export writes (read back with pypdfium2)."""
from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pypdfium2 as pdfium

from tui_fixtures import make_session, project, wait_for  # noqa: F401 - fixture

SIZE = (110, 40)


def test_the_exports_screen_writes_the_storyboard_with_floor_plans_when_ticked(project):
    async def go():
        from textual.widgets import Checkbox, Input, SelectionList

        from tui.app import PrevisApp

        app = PrevisApp(make_session(project), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.loads >= 1 and app.view is not None, what="the project to load")
            await pilot.press("7")
            await pilot.pause(0.3)
            screen = app.screen
            box = screen.query_one("#export-floorplan", Checkbox)
            formats = screen.query_one(SelectionList)
            formats.deselect_all()
            await pilot.pause(0.1)
            assert not box.display  # csv/shot-list defaults: nothing for it to apply to
            formats.select("storyboard-pdf")
            await wait_for(pilot, lambda: box.display, what="the floor-plan checkbox to show")
            box.focus()
            await pilot.press("space")  # tick it as a user would
            assert box.value
            out = project.parent / "boards"
            screen.query_one("#export-folder", Input).value = str(out)
            await pilot.press("ctrl+e")
            await wait_for(pilot, lambda: getattr(screen, "last_export", None) is not None, timeout=240,
                           what="the storyboard export")
            pdf = Path(screen.last_export.written["storyboard-pdf"])
            assert pdf.parent == out

        doc = pdfium.PdfDocument(str(pdf))
        try:
            text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        finally:
            doc.close()
        # the example has four scenes; each one's first panel carries its floor plan's caption
        assert re.findall(r"floor plan, scene (\d+)", text) == ["1", "2", "3", "4"]

    asyncio.run(go())
