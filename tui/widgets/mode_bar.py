"""The strip of screen names at the top, with the current one lit, so the number keys are discoverable."""
from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

MODES = (("1", "script", "Script"), ("2", "scenes", "Scenes"), ("3", "shots", "Shots"),
         ("4", "characters", "Characters"), ("5", "queue", "Render queue"), ("6", "preview", "Preview"),
         ("7", "exports", "Exports"))


class ModeBar(Static):
    DEFAULT_CSS = """
    ModeBar { height: 1; background: $panel; color: $text-muted; }
    """

    def __init__(self, current: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.current = current

    def on_mount(self) -> None:
        self.update(self.bar_text(""))

    def bar_text(self, status: str) -> Text:
        text = Text()
        for key, mode, title in MODES:
            style = "bold reverse" if mode == self.current else ""
            text.append(f" {key} {title} ", style=style)
        text.append("  ? help ", style="dim")
        if status:
            text.append(f"  {status}", style="italic")
        return text

    def set_status(self, status: str) -> None:
        self.update(self.bar_text(status))
