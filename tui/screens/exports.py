"""Exports: the same files ``previs export`` writes (shot lists, storyboard, OTIO/EDL/XML, SRT),
from the same table (previs/exports.py), written through the session in this screen's worker.
The storyboard's floor-plan thumbnails (``--with-floorplan``) are a checkbox shown while the
storyboard is ticked."""
from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Footer, Input, Label, Log, SelectionList

from previs.exports import EXPORTS
from tui.messages import ExportFinished, ViewUpdated
from tui.screens.base import ProjectScreen

STORYBOARD = "storyboard-pdf"  # the one format the floor-plan checkbox applies to

class ExportsScreen(ProjectScreen):
    MODE = "exports"
    BINDINGS = [Binding("ctrl+e", "export", "Export")]
    DEFAULT_CSS = """
    #export-form { height: auto; padding: 0 1; }
    #export-formats { height: 11; }
    #export-row { height: auto; }
    #export-folder { width: 1fr; }
    #export-floorplan { display: none; }
    #export-log { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        with Vertical(id="export-form"):
            yield Label("Formats (space to tick)")
            yield SelectionList[str](*[(f"{f.name:<15} {f.help}{' (renders)' if f.needs_animatic else ''}", f.name,
                                        f.name in ("csv", "shotlist-pdf")) for f in EXPORTS], id="export-formats")
            yield Checkbox("storyboard: a floor-plan thumbnail per scene", id="export-floorplan")
            yield Label("Folder")
            with Horizontal(id="export-row"):
                yield Input(id="export-folder")
                yield Button("Export", variant="primary", id="export")
        yield Log(id="export-log", highlight=False)
        yield Footer()

    def show_view(self, view) -> None:
        folder = self.query_one("#export-folder", Input)
        if not folder.value:
            folder.value = str(self.app.session.store.root / "exports")

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        """The floor-plan checkbox only means something for the storyboard, so it shows only then."""
        self.query_one("#export-floorplan", Checkbox).display = STORYBOARD in event.selection_list.selected

    def action_export(self) -> None:
        formats = list(self.query_one(SelectionList).selected)
        if not formats:
            self.app.notify("tick at least one format", severity="warning")
            return
        self.query_one(Log).write_line(f"exporting {', '.join(formats)} ...")
        with_floorplan = STORYBOARD in formats and self.query_one("#export-floorplan", Checkbox).value
        self.export_worker(formats, self.query_one("#export-folder", Input).value.strip() or None, with_floorplan)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_worker(self, formats: list[str], folder: str | None, with_floorplan: bool = False) -> None:
        """Write the files through the session (the animatic is built first when a format needs it)."""
        written, notes = self.app.session.export(formats, folder, with_floorplan=with_floorplan)
        self.post_message(ExportFinished({k: str(v) for k, v in written.items()}, notes))
        self.app.post_message(ViewUpdated(self.app.session.view))  # shots it rendered are no longer dirty

    def on_export_finished(self, message: ExportFinished) -> None:
        self.last_export = message
        self.export_done(message.written, message.notes)
        self.app.notify(f"exported {', '.join(message.written)}", timeout=4)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export":
            self.action_export()

    def export_done(self, written: dict, notes: list[str]) -> None:
        log = self.query_one(Log)
        for fmt, path in written.items():
            log.write_line(f"{fmt:<15} {path}")
        for note in notes:
            log.write_line(f"warning: {note}")
