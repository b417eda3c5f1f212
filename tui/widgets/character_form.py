"""The character form: look, later looks per scene, colour, scratch voice, reference image of one bible entry."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from shots.looks import looks_text

VARIANTS = ("m1", "m2", "m3", "m4", "m5", "m6", "m7", "f1", "f2", "f3", "f4", "f5")


class CharacterForm(VerticalScroll):
    """Bound to one bible entry; posts :class:`Saved` with only the fields that changed."""

    DEFAULT_CSS = """
    CharacterForm { width: 52; border-left: solid $primary; padding: 0 1; }
    CharacterForm Label { margin-top: 1; color: $text-muted; }
    CharacterForm #character-title { text-style: bold; }
    CharacterForm Horizontal { height: auto; margin-top: 1; }
    """

    class Saved(Message):
        def __init__(self, entry_id: str, fields: dict) -> None:
            self.entry_id = entry_id
            self.fields = fields
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.entry = None

    def compose(self) -> ComposeResult:
        yield Static("no character selected", id="character-title")
        yield Label("Look (copied verbatim into every prompt)")
        yield Input(id="look")
        yield Label("Later looks (scene: look | scene: look)")
        yield Input(id="looks")
        yield Label("Colour (#rrggbb, the greybox mannequin)")
        yield Input(id="color", restrict=r"#?[0-9a-fA-F]{0,6}")
        yield Label("Voice (espeak-ng variant)")
        yield Select([(v, v) for v in VARIANTS], allow_blank=False, id="voice_variant")
        yield Label("Pitch (0-99)")
        yield Input(type="integer", id="voice_pitch")
        yield Label("Rate (words a minute)")
        yield Input(type="integer", id="voice_rate")
        yield Label("Reference image (path)")
        yield Input(id="reference_image")
        with Horizontal():
            yield Button("Save", variant="primary", id="save-character")
            yield Button("Revert", id="revert-character")

    def show_entry(self, entry) -> None:
        self.entry = entry
        self.query_one("#character-title", Static).update(Text(f"{entry.name}  ·  {entry.id}  ·  v{entry.version}"))
        self.query_one("#look", Input).value = entry.look
        self.query_one("#looks", Input).value = looks_text(entry.looks)
        self.query_one("#color", Input).value = entry.color
        variant = entry.voice.variant if entry.voice.variant in VARIANTS else VARIANTS[0]
        self.query_one("#voice_variant", Select).value = variant
        self.query_one("#voice_pitch", Input).value = str(entry.voice.pitch)
        self.query_one("#voice_rate", Input).value = str(entry.voice.rate)
        self.query_one("#reference_image", Input).value = entry.reference_image or ""

    def changed_fields(self) -> dict:
        e = self.entry
        if e is None:
            return {}
        form = {
            "look": self.query_one("#look", Input).value.strip(),
            "looks": self.query_one("#looks", Input).value.strip(),
            "color": self.query_one("#color", Input).value.strip().lower(),
            "voice_variant": self.query_one("#voice_variant", Select).value,
            "voice_pitch": self.query_one("#voice_pitch", Input).value.strip(),
            "voice_rate": self.query_one("#voice_rate", Input).value.strip(),
            "reference_image": self.query_one("#reference_image", Input).value.strip(),
        }
        current = {"look": e.look.strip(), "looks": looks_text(e.looks), "color": e.color.lower(), "voice_variant": e.voice.variant,
                   "voice_pitch": str(e.voice.pitch), "voice_rate": str(e.voice.rate),
                   "reference_image": e.reference_image or ""}
        return {k: v for k, v in form.items() if v != current[k]}

    def save(self) -> None:
        if self.entry is None:
            return
        fields = self.changed_fields()
        if not fields:
            self.app.notify("nothing changed", timeout=2)
            return
        self.post_message(self.Saved(self.entry.id, fields))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save-character":
            self.save()
        elif event.button.id == "revert-character" and self.entry is not None:
            self.show_entry(self.entry)
