"""Help: every key binding of the app and of each screen, read from the bindings themselves
so the help can never disagree with the keys."""
from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Static


def _key(binding: Binding) -> str:
    return ", ".join(k.strip() for k in binding.key.split(","))


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close")]
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    #help-box { width: 84; height: 90%; border: thick $primary; background: $surface; padding: 0 1; }
    #help-title { text-style: bold; height: 2; }
    #help-keys { height: 1fr; }
    """

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box"):
            yield Static("previs — keys  (ctrl+p: command palette with every action; esc closes)", id="help-title")
            table = DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)
            table.add_columns("Where", "Key", "Action")
            for where, bindings in self.sections:
                for b in bindings:
                    if b.description:
                        table.add_row(where, _key(b), b.description)
            yield table

    def action_dismiss(self, result=None) -> None:
        self.dismiss(None)
