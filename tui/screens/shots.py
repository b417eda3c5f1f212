"""Shots: one scene's shot table and the inspector that edits the highlighted shot.

An edit is saved through the session (previs/shot_edits.py): it persists in the
project store, survives re-planning of the unchanged scene, and turns the shot
dirty (its render key changes) so the render queue picks it up.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Static

from tui.screens.base import ProjectScreen
from tui.widgets.shot_inspector import ShotInspector
from tui.workers import clock_text

STATE_STYLE = {"rendered": "green", "dirty": "red"}


class ShotsScreen(ProjectScreen):
    MODE = "shots"
    BINDINGS = [
        Binding("]", "next_scene", "Next scene"),
        Binding("[", "previous_scene", "Prev scene"),
        Binding("g", "show_in_script", "In script"),
        Binding("ctrl+s", "save_edit", "Save edit"),
        Binding("i", "focus_inspector", "Inspect"),
    ]
    DEFAULT_CSS = """
    #shot-scene { height: 1; background: $boost; padding: 0 1; }
    #shots-left { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        with Horizontal():
            with Vertical(id="shots-left"):
                yield Static("", id="shot-scene")
                table = DataTable(id="shots", cursor_type="row", zebra_stripes=True)
                table.add_columns("Shot", "Size", "Type", "Angle", "Move", "Lens", "Subjects", "Length", "State")
                yield table
            yield ShotInspector(id="inspector")
        yield Footer()

    def _scene(self, view):
        sc = view.scene(self.app.current_scene) if self.app.current_scene else None
        if sc is None and view.scenes:
            sc = next((s for s in view.scenes if s.shots), view.scenes[0])
        return sc

    def show_view(self, view) -> None:
        sc = self._scene(view)
        table = self.query_one(DataTable)
        table.clear()
        if sc is None:
            return
        self.app.current_scene = sc.id
        heading = sc.plan.heading or "(before the first scene)"
        self.query_one("#shot-scene", Static).update(  # Text: a heading is shown as written, never as markup
            Text(f"scene {sc.id}  {heading}  ·  {len(sc.shots)} shots  ·  {clock_text(sc.frames, view.fps)}"))
        for st in sc.shots:
            s = st.shot
            names = ", ".join((view.bible.get(x).name.split()[0] if view.bible.get(x) else x)
                              for x in s.subjects) or "-"
            table.add_row(s.id, s.size.value, s.type.value, s.angle.value, s.movement.value, f"{s.lens_mm}mm",
                          Text(names), clock_text(st.timed.frames, view.fps),
                          Text(st.state, style=STATE_STYLE[st.state]), key=s.id)
        ids = [st.id for st in sc.shots]
        if self.app.current_shot in ids:
            table.move_cursor(row=ids.index(self.app.current_shot), animate=False)
        elif ids:
            self.app.current_shot = ids[0]
        self._inspect(self.app.current_shot)

    def _inspect(self, shot_id: str | None) -> None:
        st = self.app.view.shot(shot_id) if (self.app.view and shot_id) else None
        if st is not None:
            self.query_one(ShotInspector).show_shot(st.shot)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.app.current_shot = event.row_key.value
            self._inspect(event.row_key.value)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_focus_inspector()

    def on_shot_inspector_saved(self, event: ShotInspector.Saved) -> None:
        self.app.edit_shot(event.shot_id, event.fields)

    def _move_scene(self, delta: int) -> None:
        view = self.app.view
        if view is None or not view.scenes:
            return
        ids = [sc.id for sc in view.scenes]
        i = ids.index(self.app.current_scene) if self.app.current_scene in ids else 0
        self.app.select_scene(ids[max(0, min(len(ids) - 1, i + delta))])
        self.app.current_shot = None
        self.sync_view(force=True)

    def action_next_scene(self) -> None:
        self._move_scene(1)

    def action_previous_scene(self) -> None:
        self._move_scene(-1)

    def action_show_in_script(self) -> None:
        st = self.app.view.shot(self.app.current_shot) if (self.app.view and self.app.current_shot) else None
        if st is not None:
            self.app.show_script(st.shot.first_line)

    def action_save_edit(self) -> None:
        self.query_one(ShotInspector).save()

    def action_focus_inspector(self) -> None:
        self.query_one("#size").focus()
