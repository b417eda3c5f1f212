"""The inspector: edit one shot's size, angle, move, lens, description and prompt.

Choices come straight from the camera vocabulary (shots/vocabulary.py), so the
form cannot offer a value the planners and renderers do not know; the session
validates again before anything is saved (previs/shot_edits.py).
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from shots.vocabulary import Angle, Movement, ShotSize


def _options(enum) -> list[tuple[str, str]]:
    return [(f"{m.value}  {m.phrase}", m.value) for m in enum]


class ShotInspector(VerticalScroll):
    """A form bound to one shot; posts :class:`Saved` with only the fields that changed."""

    DEFAULT_CSS = """
    ShotInspector { width: 42; border-left: solid $primary; padding: 0 1; }
    ShotInspector Label { margin-top: 1; color: $text-muted; }
    ShotInspector #inspector-title { text-style: bold; }
    ShotInspector TextArea { height: 8; }
    ShotInspector Horizontal { height: auto; margin-top: 1; }
    """

    class Saved(Message):
        def __init__(self, shot_id: str, fields: dict) -> None:
            self.shot_id = shot_id
            self.fields = fields
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.shot = None

    def compose(self) -> ComposeResult:
        yield Static("no shot selected", id="inspector-title")
        yield Label("Size")
        yield Select(_options(ShotSize), allow_blank=False, id="size")
        yield Label("Angle")
        yield Select(_options(Angle), allow_blank=False, id="angle")
        yield Label("Move")
        yield Select(_options(Movement), allow_blank=False, id="movement")
        yield Label("Lens (mm)")
        yield Input(type="integer", id="lens_mm")
        yield Label("Description")
        yield Input(id="description")
        yield Label("Prompt")
        yield TextArea(id="prompt", soft_wrap=True)
        with Horizontal():
            yield Button("Save", variant="primary", id="save")
            yield Button("Revert", id="revert")

    def show_shot(self, shot) -> None:
        """Fill the form from ``shot`` (a shots.model.Shot)."""
        self.shot = shot
        self.query_one("#inspector-title", Static).update(Text(f"Shot {shot.id}  ·  {shot.type.value}"))
        self.query_one("#size", Select).value = shot.size.value
        self.query_one("#angle", Select).value = shot.angle.value
        self.query_one("#movement", Select).value = shot.movement.value
        self.query_one("#lens_mm", Input).value = str(shot.lens_mm)
        self.query_one("#description", Input).value = shot.description
        self.query_one("#prompt", TextArea).text = shot.prompt

    def changed_fields(self) -> dict:
        """Fields whose form value differs from the shot's."""
        s = self.shot
        if s is None:
            return {}
        form = {
            "size": self.query_one("#size", Select).value,
            "angle": self.query_one("#angle", Select).value,
            "movement": self.query_one("#movement", Select).value,
            "lens_mm": self.query_one("#lens_mm", Input).value.strip(),
            "description": self.query_one("#description", Input).value.strip(),
            "prompt": self.query_one("#prompt", TextArea).text.strip(),
        }
        current = {"size": s.size.value, "angle": s.angle.value, "movement": s.movement.value,
                   "lens_mm": str(s.lens_mm), "description": s.description.strip(), "prompt": s.prompt.strip()}
        return {k: v for k, v in form.items() if v != current[k]}

    def save(self) -> None:
        fields = self.changed_fields()
        if self.shot is None:
            return
        if not fields:
            self.app.notify("nothing changed", timeout=2)
            return
        self.post_message(self.Saved(self.shot.id, fields))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.save()
        elif event.button.id == "revert" and self.shot is not None:
            self.show_shot(self.shot)
