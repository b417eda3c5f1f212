"""The one modal every worker failure ends in (the app's Worker.StateChanged handler opens it)."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ErrorScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close")]
    DEFAULT_CSS = """
    ErrorScreen { align: center middle; }
    #error-box { width: 80%; max-width: 100; height: auto; border: thick $error; background: $surface; padding: 1 2; }
    #error-title { text-style: bold; color: $error; }
    #error-message { margin: 1 0; }
    """

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(id="error-box"):
            yield Static(self.title_text, id="error-title")
            yield Static(self.message, id="error-message", markup=False)
            yield Button("OK", variant="error", id="error-ok")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(None)

    def action_close(self) -> None:
        self.dismiss(None)
