"""Characters: the bible, editable. Saving bumps the entry's version in bible.yaml,
so exactly the shots the character appears in turn dirty."""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer

from tui.screens.base import ProjectScreen
from tui.widgets.character_form import CharacterForm


class CharactersScreen(ProjectScreen):
    MODE = "characters"
    BINDINGS = [Binding("ctrl+s", "save_character", "Save character")]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        with Horizontal():
            table = DataTable(id="characters", cursor_type="row", zebra_stripes=True)
            table.add_columns("Name", "Colour", "Voice", "Shots", "Dirty", "v", "Look")
            yield table
            yield CharacterForm(id="character-form")
        yield Footer()

    def show_view(self, view) -> None:
        table = self.query_one(DataTable)
        table.clear()
        dirty = {s.id for s in view.shots if s.dirty}
        for e in view.bible.entries:
            shots = view.characters_in(e.id)
            v = e.voice
            look = e.look if len(e.look) <= 40 else e.look[:39] + "…"
            # names, looks and voices come from the script and bible.yaml: Text, never read as markup
            table.add_row(Text(e.name), Text("██ ", style=e.color) + Text(e.color),
                          Text(f"{v.variant} p{v.pitch} r{v.rate}"), str(len(shots)),
                          str(sum(s in dirty for s in shots)), str(e.version), Text(look), key=e.id)
        ids = [e.id for e in view.bible.entries]
        if self.current in ids:
            table.move_cursor(row=ids.index(self.current), animate=False)
        elif ids:
            self.current = ids[0]
        self._show(self.current)

    def _show(self, entry_id: str | None) -> None:
        view = self.app.view
        entry = next((e for e in view.bible.entries if e.id == entry_id), None) if view else None
        if entry is not None:
            self.query_one(CharacterForm).show_entry(entry)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value:
            self.current = event.row_key.value
            self._show(self.current)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.query_one("#look").focus()

    def on_character_form_saved(self, event: CharacterForm.Saved) -> None:
        self.app.edit_character(event.entry_id, event.fields)

    def action_save_character(self) -> None:
        self.query_one(CharacterForm).save()
