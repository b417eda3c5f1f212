"""Scenes: every scene with INT/EXT, location, time, page eighths, animatic length, shots, render state.

Enter opens the scene's shots, ``g`` shows it in the script, ``R`` renders it.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer

from shots.shotlist import eighths_text
from tui.screens.base import ProjectScreen
from tui.workers import clock_text

STATE_STYLE = {"rendered": "green", "partial": "yellow", "dirty": "red"}


class ScenesScreen(ProjectScreen):
    MODE = "scenes"
    BINDINGS = [
        Binding("g", "show_in_script", "In script"),
    ]

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        table = DataTable(id="scenes", cursor_type="row", zebra_stripes=True)
        table.add_columns("Scene", "I/E", "Location", "Time", "Pages", "Length", "Shots", "Rendered", "State")
        yield table
        yield Footer()

    def show_view(self, view) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for sc in view.scenes:
            s = sc.scene
            table.add_row(
                # script text goes in as Text, never as a str a DataTable would read as markup
                sc.id, Text(s.int_ext or "-"), Text(s.location or (sc.plan.heading or "(opening)")),
                Text(s.time_of_day or "-"),
                eighths_text(sc.plan.eighths), clock_text(sc.frames, view.fps), str(len(sc.shots)),
                f"{sc.rendered_count}/{len(sc.shots)}", Text(sc.state, style=STATE_STYLE[sc.state]), key=sc.id)
        ids = [sc.id for sc in view.scenes]
        if self.app.current_scene in ids:
            table.move_cursor(row=ids.index(self.app.current_scene), animate=False)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.app.select_scene(event.row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.app.show_shots(event.row_key.value)

    def action_show_in_script(self) -> None:
        sc = self.app.view.scene(self.app.current_scene) if self.app.view else None
        if sc is not None:
            self.app.show_script(sc.scene.line)
