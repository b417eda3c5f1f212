"""Script: the Fountain text, highlighted by element type, with scene navigation.

``[`` / ``]`` jump between scene headings; enter (or ``s``) on a line opens the
shots of the scene it belongs to; the Shots screen's ``g`` comes back here.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from tui.screens.base import ProjectScreen
from tui.widgets.fountain_view import FountainView


class ScriptScreen(ProjectScreen):
    MODE = "script"
    BINDINGS = [
        Binding("]", "next_scene", "Next scene"),
        Binding("[", "previous_scene", "Prev scene"),
        Binding("s", "open_shots", "Shots of scene"),
    ]
    DEFAULT_CSS = """
    #scene-line { height: 1; background: $boost; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        yield Static("", id="scene-line")
        yield FountainView(id="fountain")
        yield Footer()

    def show_view(self, view) -> None:
        fv = self.query_one(FountainView)
        source = (self.app.script_text(), id(view.screenplay))
        if source != getattr(self, "_source", None):  # a render finishing changes no text: keep the lines
            self._source = source
            fv.set_source(source[0], view.screenplay.elements)
        if self.app.current_line:
            fv.go_to(self.app.current_line)
        self._describe(fv.cursor)

    def _describe(self, line: int) -> None:
        view = self.app.view
        sc = view.scene_at_line(line) if view else None
        if sc is None:
            self.query_one("#scene-line", Static).update("")
            return
        heading = sc.plan.heading or "(before the first scene)"
        self.query_one("#scene-line", Static).update(  # Text: a heading is shown as written, never as markup
            Text(f"scene {sc.id}  {heading}  ·  {len(sc.shots)} shots  ·  {sc.state}"))

    def on_fountain_view_cursor_moved(self, event: FountainView.CursorMoved) -> None:
        self.app.current_line = event.line
        sc = self.app.view.scene_at_line(event.line) if self.app.view else None
        if sc is not None:
            self.app.current_scene = sc.id
            shot = next((s for s in sc.shots if s.shot.first_line <= event.line <= s.shot.last_line), None)
            if shot is not None:
                self.app.current_shot = shot.id
        self._describe(event.line)

    def on_fountain_view_line_selected(self, event: FountainView.LineSelected) -> None:
        self.action_open_shots()

    def _headings(self) -> list[int]:
        view = self.app.view
        return [sc.scene.line for sc in view.scenes if sc.scene.heading is not None] if view else []

    def action_next_scene(self) -> None:
        fv = self.query_one(FountainView)
        nxt = next((l for l in self._headings() if l > fv.cursor), None)
        if nxt is not None:
            fv.go_to(nxt)

    def action_previous_scene(self) -> None:
        fv = self.query_one(FountainView)
        prev = [l for l in self._headings() if l < fv.cursor]
        if prev:
            fv.go_to(prev[-1])

    def action_open_shots(self) -> None:
        self.app.show_shots(self.app.current_scene)

    def go_to_line(self, line: int) -> None:
        self.query_one(FountainView).go_to(line)
