"""Orphaned shot edits: hand edits whose lines the writer deleted, kept until the user decides.

Why a list and not a silent drop: a director's reframing is work; when its lines
are gone, previs cannot know which shot should inherit it. So the edit waits
here (previs/shot_edits.py keeps it in the store): ``a`` re-applies it to the
shot that is current in the app, ``d`` dismisses it for good.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static


class OrphansScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("a", "reapply", "Re-apply to current shot"),
        Binding("d", "dismiss_orphan", "Dismiss"),
        Binding("escape", "close", "Close"),
    ]
    DEFAULT_CSS = """
    OrphansScreen { align: center middle; }
    #orphans-box { width: 90%; height: 80%; border: thick $warning; background: $surface; padding: 0 1; }
    #orphans-title { text-style: bold; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="orphans-box"):
            yield Static("", id="orphans-title")
            table = DataTable(id="orphans", cursor_type="row")
            table.add_columns("Shot", "Line", "Was", "Edit", "Why")
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.show_view(self.app.view)

    def show_view(self, view) -> None:
        """Fill the list from ``view`` (the app calls it again after each load)."""
        report = view.plan.edit_report if view is not None else None
        orphans = report.orphans if report is not None else ()
        current = self.app.current_shot or "-"
        self.query_one("#orphans-title", Static).update(
            Text(f"{len(orphans)} orphaned shot edits  ·  a: re-apply to the current shot ({current})  ·  d: dismiss"))
        table = self.query_one(DataTable)
        table.clear()
        for o in orphans:
            edit = ", ".join(f"{k} {v}" for k, v in o.fields.items())
            # what was edited and why it no longer applies quote the script: Text, never markup
            table.add_row(o.shot_id, str(o.line), Text(o.label), Text(edit), Text(o.reason), key=o.uid)

    def _selected(self) -> str | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def action_reapply(self) -> None:
        uid = self._selected()
        if uid is not None and self.app.current_shot:
            self.app.edit_worker("reapply", uid, {"shot": self.app.current_shot})

    def action_dismiss_orphan(self) -> None:
        uid = self._selected()
        if uid is not None:
            self.app.edit_worker("dismiss", uid, {})

    def action_close(self) -> None:
        self.dismiss(None)
