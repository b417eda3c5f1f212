"""The Fountain source, coloured by what the parser says each line is.

Why the parser's elements and not a regex highlighter: the parser already
decided what every line is (a character cue vs. an all-caps action line, a
forced heading, dual dialogue...), with source line numbers; colouring from
those elements means the view shows exactly what previs will plan from.
Inline notes and boneyard, which the parser removes from elements, are marked
from the raw text. Drawn with the Line API so a 120-page script scrolls as fast
as a 3-page one.
"""
from __future__ import annotations

import re

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

# One style per element type of the parse contract (docs/ARCHITECTURE.md), plus the two
# things the parser removes from elements.
STYLES: dict[str, Style] = {
    "title_page_field": Style(color="#9ab0d0", italic=True),
    "scene_heading": Style(color="#ffd75f", bold=True),
    "action": Style(color="#d0d0d0"),
    "character": Style(color="#5fd7ff", bold=True),
    "parenthetical": Style(color="#87afaf", italic=True),
    "dialogue": Style(color="#ffffff"),
    "lyrics": Style(color="#d787ff", italic=True),
    "transition": Style(color="#ff8787", bold=True),
    "centered": Style(color="#ffaf5f"),
    "synopsis": Style(color="#87d787", italic=True),
    "note": Style(color="#afaf5f", italic=True),
    "section": Style(color="#8787ff", bold=True, underline=True),
    "page_break": Style(color="#6c6c6c"),
    "boneyard": Style(color="#6c6c6c", strike=True),
}
GUTTER = Style(color="#6c6c6c")
CURSOR = Style(bgcolor="#303a4a")
_NOTE = re.compile(r"\[\[.*?\]\]")
_BONE = re.compile(r"/\*.*?\*/", re.S)


def line_types(elements, line_count: int) -> list[str]:
    """The element type of each source line (index 0 = line 1); ``""`` for blank/unclaimed lines."""
    types = [""] * (line_count + 1)
    for e in elements:
        for n in range(e.line, min(e.end_line, line_count) + 1):
            if 1 <= n <= line_count and not types[n - 1]:
                types[n - 1] = e.type
    return types


def boneyard_lines(text: str) -> set[int]:
    """1-based lines inside ``/* ... */`` (the parser drops them entirely)."""
    out: set[int] = set()
    for m in _BONE.finditer(text):
        first = text.count("\n", 0, m.start()) + 1
        last = first + m.group(0).count("\n")
        out.update(range(first, last + 1))
    return out


class FountainView(ScrollView, can_focus=True):
    """Read-only, highlighted script with a line cursor; posts :class:`LineSelected` on enter."""

    DEFAULT_CSS = """
    FountainView { height: 1fr; background: $surface; }
    """
    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "cursor(-20)", "Page up", show=False),
        Binding("pagedown", "cursor(20)", "Page down", show=False),
        Binding("home", "cursor_to(1)", "Top", show=False),
        Binding("end", "cursor_to(-1)", "End", show=False),
    ]

    cursor: reactive[int] = reactive(1)  # 1-based source line

    class LineSelected(Message):
        """Enter was pressed on ``line``."""

        def __init__(self, line: int) -> None:
            self.line = line
            super().__init__()

    class CursorMoved(Message):
        def __init__(self, line: int) -> None:
            self.line = line
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.lines: list[str] = []
        self.types: list[str] = []
        self.bones: set[int] = set()
        self._cache: dict[int, Strip] = {}
        self._gutter = 4

    def set_source(self, text: str, elements) -> None:
        """Show ``text`` coloured by the parsed ``elements`` (keeps the cursor line if it still exists)."""
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")
        self.types = line_types(elements, len(self.lines))
        self.bones = boneyard_lines("\n".join(self.lines))
        self._gutter = len(str(len(self.lines))) + 1
        self._cache.clear()
        width = max((len(l) for l in self.lines), default=0) + self._gutter + 2
        self.virtual_size = Size(width, len(self.lines))
        self.cursor = max(1, min(self.cursor, len(self.lines)))
        self.refresh()

    def _line_text(self, n: int) -> Text:
        raw = self.lines[n - 1].expandtabs(4)
        kind = "boneyard" if n in self.bones and not self.types[n - 1] else self.types[n - 1]
        text = Text(raw, style=STYLES.get(kind, Style()))
        for m in _NOTE.finditer(raw):
            text.stylize(STYLES["note"], m.start(), m.end())
        for m in _BONE.finditer(raw):
            text.stylize(STYLES["boneyard"], m.start(), m.end())
        gutter = Text(f"{n:>{self._gutter - 1}} ", style=GUTTER)
        return gutter + text

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        n = scroll_y + y + 1
        width = self.size.width
        if not 1 <= n <= len(self.lines):
            return Strip.blank(width)
        strip = self._cache.get(n)
        if strip is None:
            strip = Strip(list(self._line_text(n).render(self.app.console)))
            self._cache[n] = strip
        strip = strip.crop(scroll_x, scroll_x + width).extend_cell_length(width)
        if n == self.cursor:
            strip = strip.apply_style(CURSOR)
        return strip

    # -- cursor ---------------------------------------------------------------------------
    def action_cursor(self, delta: int) -> None:
        self.cursor = max(1, min(len(self.lines), self.cursor + delta))

    def action_cursor_to(self, line: int) -> None:
        self.cursor = len(self.lines) if line < 0 else max(1, min(len(self.lines), line))

    def go_to(self, line: int, top: bool = True) -> None:
        """Put the cursor on ``line`` and scroll it near the top of the view."""
        self.cursor = max(1, min(len(self.lines) or 1, line))
        if top:
            self.scroll_to(y=max(0, self.cursor - 3), animate=False)

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.pop(old, None)
        self._cache.pop(new, None)
        top = self.scroll_offset.y
        height = max(1, self.size.height)
        if new - 1 < top:
            self.scroll_to(y=new - 1, animate=False)
        elif new - 1 >= top + height:
            self.scroll_to(y=new - height, animate=False)
        self.refresh()
        self.post_message(self.CursorMoved(new))

    def key_enter(self) -> None:
        self.post_message(self.LineSelected(self.cursor))

    def on_click(self, event) -> None:
        self.cursor = max(1, min(len(self.lines), self.scroll_offset.y + event.y + 1))
