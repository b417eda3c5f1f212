"""Script text that looks like markup is shown as written, on every screen of the app.

Textual reads ``[bold]…[/]`` and ``[link=…]`` in a plain string as markup: a
heading, a character's name, a look or a hand edit holding such text was styled
(or, with a stray ``[/]``, crashed the app with a MarkupError). The script below
puts markup-like text in a heading, a character's name, an action, a
parenthetical, a dialogue line and a note; the bible's look and an orphaned
shot edit carry more. The app must start and show each one literally.
"""
from __future__ import annotations

import asyncio
import html
import re

from tui_fixtures import SETTINGS, wait_for

SCENE_TWO = """EXT. [/]STREET - DAY

MAYA [/] walks out into [red]rain[/red].
"""

SCRIPT = """Title: Markup [bold]test[/]

INT. THE [bold]BAR[/bold] [/] - NIGHT

MAYA [/] enters. A sign: [link=https://example.com]click[/link] and [/] stop.

MAYA [/]
(whispering [b]loud[/b])
Say [bold]nothing[/]. Or [/] this.

[[a note about [b]this]]

""" + SCENE_TWO

SIZE = (140, 40)


def screen_text(app) -> str:
    """Everything the screen shows, as text (the SVG screenshot without its tags)."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def test_markup_like_script_text_is_shown_literally_on_every_screen(tmp_path):
    from previs.session import Session
    from tui.app import PrevisApp

    script = tmp_path / "markup.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    # a look typed with markup, and a hand edit of a shot whose lines are then deleted (an orphan)
    setup = Session(script, settings=SETTINGS)
    view = setup.load()
    (maya,) = [e.id for e in view.bible.entries]
    setup.edit_character(maya, look="[bold]grey[/] coat")
    setup.edit_shot(view.scene("2").shots[0].id, {"description": "[/] wide [bold]x[/]"})
    script.write_text(SCRIPT.replace(SCENE_TWO, ""), encoding="utf-8")

    async def go():
        app = PrevisApp(Session(script, settings=SETTINGS), watch=False)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.loads >= 1 and app.view is not None, what="the project to load")
            await pilot.pause(0.2)
            shown = screen_text(app)  # the script screen: the text itself and the scene line above it
            assert "INT. THE [bold]BAR[/bold] [/] - NIGHT" in shown
            assert "Say [bold]nothing[/]. Or [/] this." in shown
            assert "(whispering [b]loud[/b])" in shown
            assert "[link=https://example.com]click[/link]" in shown
            assert "[[a note about [b]this]]" in shown
            await pilot.press("]")  # to the first scene heading: the line above names the scene
            await pilot.pause(0.2)
            assert "scene 1  INT. THE [bold]BAR[/bold] [/] - NIGHT" in screen_text(app)

            await pilot.press("2")
            await pilot.pause(0.2)
            assert "THE [bold]BAR[/bold] [/]" in screen_text(app)  # the scene list's location

            await pilot.press("3")
            await pilot.pause(0.2)
            shown = screen_text(app)  # the shot list's scene line and subjects
            await pilot.press("]")  # to the first scene heading: the line above names the scene
            await pilot.pause(0.2)
            assert "scene 1  INT. THE [bold]BAR[/bold] [/] - NIGHT" in screen_text(app)
            assert "MAYA" in shown

            await pilot.press("4")
            await pilot.pause(0.2)
            shown = screen_text(app)  # the characters table and the form's title
            assert "MAYA [/]  ·" in shown
            assert "[bold]grey[/] coat" in shown

            await pilot.press("O")
            await pilot.pause(0.2)
            shown = screen_text(app)
            assert type(app.screen).__name__ == "OrphansScreen"
            assert "description [/] wide [bold]x[/]" in shown

    asyncio.run(go())
