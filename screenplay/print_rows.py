"""The printed page's geometry, and each screenplay element turned into rows of print.

Why a module of its own: :mod:`screenplay.typeset` decides where pages break,
and that decision needs every element already cut into printed rows of the
right width at the right indent. This module is that first half: the
US-letter geometry as Final Draft prints it and the Fountain tools
(afterwriting's ``usletter`` profile, Highland) follow it: Courier 12 pt (10
characters and 6 lines to the inch), 55 lines a page from a 1 in top margin,
the page number at 0.5 in; action and scene headings at 1.5 in, 61 characters
wide; dialogue at 2.5 in, 35 wide; parentheticals at 3.1 in, 26 wide;
character cues at 3.7 in; transitions ending at 7.5 in. One blank line
before every block except parentheticals and dialogue under their cue. It
knows nothing of pages: a :class:`PrintBlock` is what the pager places whole
or splits.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from screenplay.emphasis import runs as style_runs
from screenplay.emphasis import styled_chars
from screenplay.model import Character, Element

__all__ = [
    "LINES_PER_PAGE", "PAGE_WIDTH", "PAGE_HEIGHT", "TOP_MARGIN", "LINE_HEIGHT", "CHAR_WIDTH", "PAGE_NUMBER_Y",
    "RIGHT_EDGE", "GEOMETRY", "TypesetLine", "PrintBlock", "wrap", "unplaced", "cue_text", "print_blocks",
]

LINES_PER_PAGE = 55
PAGE_WIDTH, PAGE_HEIGHT = 8.5, 11.0  # inches, US letter
TOP_MARGIN = 1.0
LINE_HEIGHT = 1 / 6  # Courier 12 pt: six lines to the inch
CHAR_WIDTH = 0.1  # and ten characters
PAGE_NUMBER_Y = 0.5
RIGHT_EDGE = 7.5

# element kind -> (left edge in inches, width in characters)
GEOMETRY: dict[str, tuple[float, int]] = {
    "scene_heading": (1.5, 61),
    "action": (1.5, 61),
    "character": (3.7, 38),
    "parenthetical": (3.1, 26),
    "dialogue": (2.5, 35),
    "lyrics": (2.5, 35),
    "transition": (1.5, 61),
    "centered": (1.5, 61),
}
# Dual dialogue: two narrower columns; kind -> (left x, right x, width).
DUAL_GEOMETRY: dict[str, tuple[float, float, int]] = {
    "character": (2.4, 5.6, 24),
    "parenthetical": (1.8, 5.0, 22),
    "dialogue": (1.5, 4.6, 27),
    "lyrics": (1.5, 4.6, 27),
}
SPEECH_KINDS = ("parenthetical", "dialogue", "lyrics")


@dataclass(frozen=True, slots=True)
class TypesetLine:
    """One printed line.

    ``page`` is 1-based (0 on the title page); ``row`` counts the 55 body lines
    from 0 (-1 for the page number above them); ``y`` is the baseline's
    distance from the top edge in inches, ``x`` the left edge of the text (for
    ``align == "R"`` the right edge). ``kind`` is the element type (``action``,
    ``dialogue``...) or a page furnishing: ``more``, ``page_number``,
    ``scene_number``, ``title``. ``line`` is the 1-based source line it prints
    (0 for furnishings that print none).
    """

    page: int
    row: int
    x: float
    y: float
    kind: str
    text: str
    runs: tuple[tuple[str, str], ...]
    line: int
    align: str = "L"


def wrap(text: str, width: int) -> list[tuple[int, int]]:
    """Where ``text`` (one line, no ``\\n``) breaks at ``width`` characters: ``(start, end)`` slices.

    Breaks at spaces; a word longer than the width breaks inside. Spaces at a
    break are dropped. An empty text is one empty line.
    """
    n = len(text)
    if n <= width:
        return [(0, n)]
    out: list[tuple[int, int]] = []
    start = 0
    while start < n:
        while start < n and text[start] == " ":
            start += 1
        if start >= n:
            break
        if n - start <= width:
            out.append((start, n))
            break
        cut = text.rfind(" ", start, start + width + 1)
        if cut <= start:
            out.append((start, start + width))
            start += width
            continue
        end = cut
        while end > start and text[end - 1] == " ":
            end -= 1
        out.append((start, end))
        start = cut + 1
    return out or [(0, 0)]


def unplaced(kind: str, x: float, text: str, runs: tuple[tuple[str, str], ...], line: int,
         align: str = "L") -> TypesetLine:
    """A line before it has a page (page, row and y are set when the pager places it)."""
    return TypesetLine(0, 0, x, 0.0, kind, text, runs, line, align)


def element_rows(kind: str, text: str, line: int, x: float, width: int, upper: bool = False,
          align: str = "L") -> list[TypesetLine]:
    """An element's text as printed rows; each ``\\n`` line of the source keeps its own line number."""
    out: list[TypesetLine] = []
    for i, part in enumerate(text.split("\n")):
        plain, styles = styled_chars(part)
        if upper:
            plain = plain.upper()
        for start, end in wrap(plain, width):
            piece = plain[start:end]
            out.append(unplaced(kind, x, piece, style_runs(piece, styles[start:end]), line + i, align))
    return out


def cue_text(e: Character, contd: bool = False) -> str:
    ext = f" ({e.extension})" if e.extension else ""
    return f"{e.name}{ext}" + (" (CONT'D)" if contd and "CONT'D" not in (e.extension or "").upper() else "")


@dataclass
class PrintBlock:
    """A unit the pager places: its rows, the blank lines before it, and how it may split."""

    kind: str  # "heading", "action", "speech", "dual", "other", "break"
    rows: list[TypesetLine]
    blank: int = 1
    cue: Character | None = None
    cue_x: float = 0.0
    heading: Element | None = None


def speech_block(cue: Character, body: list[Element], dual_side: int | None) -> PrintBlock:
    rows: list[TypesetLine] = []
    if dual_side is None:
        x, width = GEOMETRY["character"]
        rows.append(unplaced("character", x, cue_text(cue), ((cue_text(cue), ""),), cue.line))
        for e in body:
            x, width = GEOMETRY[e.type]
            rows.extend(element_rows(e.type, e.text, e.line, x, width))
    else:
        x = DUAL_GEOMETRY["character"][dual_side]
        rows.append(unplaced("character", x, cue_text(cue), ((cue_text(cue), ""),), cue.line))
        for e in body:
            geo = DUAL_GEOMETRY[e.type]
            rows.extend(element_rows(e.type, e.text, e.line, geo[dual_side], geo[2]))
    return PrintBlock("speech", rows, cue=cue, cue_x=rows[0].x)


def print_blocks(elements: Iterable[Element]) -> list[PrintBlock]:
    """Group printed elements into blocks (a cue with its speech is one block)."""
    items = [e for e in elements if e.type not in ("title_page_field", "note", "section", "synopsis")]
    blocks: list[PrintBlock] = []
    i = 0
    while i < len(items):
        e = items[i]
        kind = e.type
        if kind == "character":
            j = i + 1
            while j < len(items) and items[j].type in SPEECH_KINDS:
                j += 1
            body = list(items[i + 1:j])
            if e.dual and j < len(items) and items[j].type == "character" and items[j].dual:
                k = j + 1
                while k < len(items) and items[k].type in SPEECH_KINDS:
                    k += 1
                left = speech_block(e, body, 0)
                right = speech_block(items[j], list(items[j + 1:k]), 1)
                blocks.append(dual_block(left, right))
                i = k
                continue
            blocks.append(speech_block(e, body, None))
            i = j
        elif kind == "page_break":
            blocks.append(PrintBlock("break", [], 0))
            i += 1
        elif kind == "scene_heading":
            x, width = GEOMETRY[kind]
            blocks.append(PrintBlock("heading", element_rows(kind, e.text, e.line, x, width), heading=e))
            i += 1
        elif kind in ("transition", "centered"):
            x, width = GEOMETRY[kind]
            align = "R" if kind == "transition" else "C"
            rows = element_rows(kind, e.text, e.line, RIGHT_EDGE if align == "R" else x + width * CHAR_WIDTH / 2,
                         width, upper=kind == "transition", align=align)
            # consecutive centered lines (one element each) print as one block
            follows = kind == "centered" and i > 0 and items[i - 1].type == "centered" \
                and items[i - 1].end_line + 1 == e.line
            blocks.append(PrintBlock("other", rows, 0 if follows else 1))
            i += 1
        elif kind in SPEECH_KINDS:  # speech without a cue (after a page break or a note): print as speech
            x, width = GEOMETRY[kind]
            blocks.append(PrintBlock("other", element_rows(kind, e.text, e.line, x, width)))
            i += 1
        else:  # action
            x, width = GEOMETRY["action"]
            blocks.append(PrintBlock("action", element_rows("action", e.text, e.line, x, width)))
            i += 1
    return blocks


def dual_block(left: PrintBlock, right: PrintBlock) -> PrintBlock:
    """Two speeches side by side: row i of each column shares a printed line."""
    height = max(len(left.rows), len(right.rows))
    rows: list[TypesetLine] = []
    for i in range(height):
        if i < len(left.rows):
            rows.append(left.rows[i])
        if i < len(right.rows):
            rows.append(dataclass_replace_row(right.rows[i], same_line=True))
    return PrintBlock("dual", rows)


def dataclass_replace_row(row: TypesetLine, same_line: bool) -> TypesetLine:
    """A right-column row, marked to share the printed line of the left row before it."""
    return unplaced(row.kind, row.x, row.text, row.runs, row.line, "L+" if same_line else row.align)


