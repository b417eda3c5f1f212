"""A parsed screenplay laid out on pages, the way a script is printed: plain data, no PDF.

Why a layout of its own: the script PDF, the lined script and the page eighths
of every scene and shot must agree to the line, so the layout is decided once
here and every consumer reads the same :class:`TypesetLine` objects (page, row,
x, element type, text, styled runs, source line).

The layout is the US-letter industry standard as Final Draft prints it and the
Fountain tools (afterwriting's ``usletter`` profile, Highland) follow it:
Courier 12 pt (10 characters and 6 lines to the inch), 55 lines a page from a
1 in top margin, the page number at 0.5 in; action and scene headings at
1.5 in, 61 characters wide; dialogue at 2.5 in, 35 wide; parentheticals at
3.1 in, 26 wide; character cues at 3.7 in; transitions ending at 7.5 in;
scene numbers in both margins. One blank line before every block except
parentheticals and dialogue under their cue.

Page breaks follow the typing-pool rules: a scene heading never ends a page;
a cue never ends a page without a line of its speech; speech split by a page
break ends with ``(MORE)`` and resumes under ``NAME (CONT'D)``, never right
after a parenthetical; action splits between lines, keeping two lines on each
side when it can; dual dialogue never splits; ``===`` starts a new page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from screenplay.emphasis import runs as style_runs
from screenplay.emphasis import styled_chars
from screenplay.model import Character, Element, Screenplay

__all__ = [
    "LINES_PER_PAGE", "PAGE_WIDTH", "PAGE_HEIGHT", "TOP_MARGIN", "LINE_HEIGHT", "CHAR_WIDTH",
    "TypesetLine", "Layout", "typeset",
]

LINES_PER_PAGE = 55
PAGE_WIDTH, PAGE_HEIGHT = 8.5, 11.0  # inches, US letter
TOP_MARGIN = 1.0
LINE_HEIGHT = 1 / 6  # Courier 12 pt: six lines to the inch
CHAR_WIDTH = 0.1  # and ten characters
PAGE_NUMBER_Y = 0.5
RIGHT_EDGE = 7.5

# element kind -> (left edge in inches, width in characters)
_GEOMETRY: dict[str, tuple[float, int]] = {
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
_DUAL: dict[str, tuple[float, float, int]] = {
    "character": (2.4, 5.6, 24),
    "parenthetical": (1.8, 5.0, 22),
    "dialogue": (1.5, 4.6, 27),
    "lyrics": (1.5, 4.6, 27),
}
_SPEECH = ("parenthetical", "dialogue", "lyrics")


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


@dataclass(frozen=True, slots=True)
class Layout:
    """A typeset script: body lines in page order, the title page's lines, the page count."""

    lines: tuple[TypesetLine, ...]
    title_lines: tuple[TypesetLine, ...]
    pages: int

    def page(self, number: int) -> list[TypesetLine]:
        """The lines printed on body page ``number`` (1-based)."""
        return [ln for ln in self.lines if ln.page == number]

    @property
    def page_length(self) -> float:
        """The body's length in pages, to the eighth: full pages plus the last one's share."""
        body = [ln for ln in self.lines if ln.row >= 0]
        if not body:
            return 0.0
        last = body[-1]
        return last.page - 1 + round((last.row + 1) * 8 / LINES_PER_PAGE) / 8


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


def _unplaced(kind: str, x: float, text: str, runs: tuple[tuple[str, str], ...], line: int,
         align: str = "L") -> TypesetLine:
    """A line before it has a page (page, row and y are set when the pager places it)."""
    return TypesetLine(0, 0, x, 0.0, kind, text, runs, line, align)


def _rows(kind: str, text: str, line: int, x: float, width: int, upper: bool = False,
          align: str = "L") -> list[TypesetLine]:
    """An element's text as printed rows; each ``\\n`` line of the source keeps its own line number."""
    out: list[TypesetLine] = []
    for i, part in enumerate(text.split("\n")):
        plain, styles = styled_chars(part)
        if upper:
            plain = plain.upper()
        for start, end in wrap(plain, width):
            piece = plain[start:end]
            out.append(_unplaced(kind, x, piece, style_runs(piece, styles[start:end]), line + i, align))
    return out


def _cue_text(e: Character, contd: bool = False) -> str:
    ext = f" ({e.extension})" if e.extension else ""
    return f"{e.name}{ext}" + (" (CONT'D)" if contd and "CONT'D" not in (e.extension or "").upper() else "")


@dataclass
class _Block:
    """A unit the pager places: its rows, the blank lines before it, and how it may split."""

    kind: str  # "heading", "action", "speech", "dual", "other", "break"
    rows: list[TypesetLine]
    blank: int = 1
    cue: Character | None = None
    cue_x: float = 0.0
    heading: Element | None = None


def _speech_block(cue: Character, body: list[Element], dual_side: int | None) -> _Block:
    rows: list[TypesetLine] = []
    if dual_side is None:
        x, width = _GEOMETRY["character"]
        rows.append(_unplaced("character", x, _cue_text(cue), ((_cue_text(cue), ""),), cue.line))
        for e in body:
            x, width = _GEOMETRY[e.type]
            rows.extend(_rows(e.type, e.text, e.line, x, width))
    else:
        x = _DUAL["character"][dual_side]
        rows.append(_unplaced("character", x, _cue_text(cue), ((_cue_text(cue), ""),), cue.line))
        for e in body:
            geo = _DUAL[e.type]
            rows.extend(_rows(e.type, e.text, e.line, geo[dual_side], geo[2]))
    return _Block("speech", rows, cue=cue, cue_x=rows[0].x)


def _blocks(elements: Iterable[Element]) -> list[_Block]:
    """Group printed elements into blocks (a cue with its speech is one block)."""
    items = [e for e in elements if e.type not in ("title_page_field", "note", "section", "synopsis")]
    blocks: list[_Block] = []
    i = 0
    while i < len(items):
        e = items[i]
        kind = e.type
        if kind == "character":
            j = i + 1
            while j < len(items) and items[j].type in _SPEECH:
                j += 1
            body = list(items[i + 1:j])
            if e.dual and j < len(items) and items[j].type == "character" and items[j].dual:
                k = j + 1
                while k < len(items) and items[k].type in _SPEECH:
                    k += 1
                left = _speech_block(e, body, 0)
                right = _speech_block(items[j], list(items[j + 1:k]), 1)
                blocks.append(_dual_block(left, right))
                i = k
                continue
            blocks.append(_speech_block(e, body, None))
            i = j
        elif kind == "page_break":
            blocks.append(_Block("break", [], 0))
            i += 1
        elif kind == "scene_heading":
            x, width = _GEOMETRY[kind]
            blocks.append(_Block("heading", _rows(kind, e.text, e.line, x, width), heading=e))
            i += 1
        elif kind in ("transition", "centered"):
            x, width = _GEOMETRY[kind]
            align = "R" if kind == "transition" else "C"
            rows = _rows(kind, e.text, e.line, RIGHT_EDGE if align == "R" else x + width * CHAR_WIDTH / 2,
                         width, upper=kind == "transition", align=align)
            # consecutive centered lines (one element each) print as one block
            follows = kind == "centered" and i > 0 and items[i - 1].type == "centered" \
                and items[i - 1].end_line + 1 == e.line
            blocks.append(_Block("other", rows, 0 if follows else 1))
            i += 1
        elif kind in _SPEECH:  # speech without a cue (after a page break or a note): print as speech
            x, width = _GEOMETRY[kind]
            blocks.append(_Block("other", _rows(kind, e.text, e.line, x, width)))
            i += 1
        else:  # action
            x, width = _GEOMETRY["action"]
            blocks.append(_Block("action", _rows("action", e.text, e.line, x, width)))
            i += 1
    return blocks


def _dual_block(left: _Block, right: _Block) -> _Block:
    """Two speeches side by side: row i of each column shares a printed line."""
    height = max(len(left.rows), len(right.rows))
    rows: list[TypesetLine] = []
    for i in range(height):
        if i < len(left.rows):
            rows.append(left.rows[i])
        if i < len(right.rows):
            rows.append(dataclass_replace_row(right.rows[i], same_line=True))
    return _Block("dual", rows)


def dataclass_replace_row(row: TypesetLine, same_line: bool) -> TypesetLine:
    """A right-column row, marked to share the printed line of the left row before it."""
    return _unplaced(row.kind, row.x, row.text, row.runs, row.line, "L+" if same_line else row.align)


class _Pager:
    """Places blocks on 55-line pages."""

    def __init__(self) -> None:
        self.out: list[TypesetLine] = []
        self.page = 1
        self.row = 0

    def new_page(self) -> None:
        self.page += 1
        self.row = 0

    def put(self, r: TypesetLine, share: bool = False) -> None:
        row = self.row - 1 if share else self.row
        align = "L" if r.align == "L+" else r.align
        self.out.append(TypesetLine(self.page, row, r.x, TOP_MARGIN + (row + 1) * LINE_HEIGHT, r.kind, r.text,
                                    r.runs, r.line, align))
        if not share:
            self.row += 1

    def put_rows(self, rows: list[TypesetLine]) -> None:
        for r in rows:
            self.put(r, share=r.align == "L+")

    def room(self) -> int:
        return LINES_PER_PAGE - self.row

    def gap(self, blank: int) -> int:
        return blank if self.row > 0 else 0

    def skip(self, blank: int) -> None:
        self.row += self.gap(blank)


def _printed_height(rows: list[TypesetLine]) -> int:
    return sum(1 for r in rows if r.align != "L+")


def _place_speech(p: _Pager, block: _Block) -> None:
    rows = block.rows
    cue = block.cue
    while True:
        need = p.gap(block.blank) + len(rows)
        if need <= p.room():
            p.skip(block.blank)
            p.put_rows(rows)
            return
        fit = p.room() - p.gap(block.blank) - 1  # rows that fit above (MORE)
        # keep the cue with two lines of speech; never end on a parenthetical
        while fit > 1 and rows[fit - 1].kind == "parenthetical":
            fit -= 1
        if fit < 3 or len(rows) - fit < 1:
            if p.row == 0:  # a speech longer than a page, already at the top: split anyway
                fit = max(2, min(fit, LINES_PER_PAGE - 1))
            else:
                p.new_page()
                continue
        p.skip(block.blank)
        p.put_rows(rows[:fit])
        more_x = _GEOMETRY["character"][0]
        p.put(_unplaced("more", more_x, "(MORE)", (("(MORE)", ""),), rows[fit - 1].line))
        p.new_page()
        text = _cue_text(cue, contd=True) if cue is not None else "(CONT'D)"
        cont = _unplaced("character", block.cue_x, text, ((text, ""),), rows[fit].line)
        rows = [cont] + rows[fit:]
        block = _Block("speech", rows, 0, cue, block.cue_x)


def _place_action(p: _Pager, block: _Block) -> None:
    rows = block.rows
    blank = block.blank
    while True:
        if p.gap(blank) + len(rows) <= p.room():
            p.skip(blank)
            p.put_rows(rows)
            return
        fit = p.room() - p.gap(blank)
        if fit >= 2 and len(rows) - fit >= 2:
            pass
        elif p.row == 0:
            fit = LINES_PER_PAGE
        elif fit >= 2 and len(rows) - 2 >= 2:
            fit = len(rows) - 2
        else:
            p.new_page()
            continue
        p.skip(blank)
        p.put_rows(rows[:fit])
        p.new_page()
        rows = rows[fit:]
        blank = 0


def _scene_numbers(block: _Block, p: _Pager) -> None:
    """The scene number in both margins, on the heading's first printed line."""
    number = getattr(block.heading, "scene_number", None)
    if not number:
        return
    first = p.out[-len(block.rows)]
    for x, align in ((1.5 - 0.3, "R"), (RIGHT_EDGE + 0.3, "L")):
        p.out.append(TypesetLine(first.page, first.row, x, first.y, "scene_number", number,
                                 ((number, ""),), first.line, align))


def _page_numbers(lines: list[TypesetLine], pages: int) -> list[TypesetLine]:
    """``2.`` top right on every page but the first, as scripts number them."""
    out = []
    for n in range(2, pages + 1):
        text = f"{n}."
        out.append(TypesetLine(n, -1, RIGHT_EDGE, PAGE_NUMBER_Y + LINE_HEIGHT, "page_number", text,
                               ((text, ""),), 0, "R"))
    merged = sorted(lines + out, key=lambda ln: (ln.page, ln.row))
    return merged


def _title_page(screenplay: Screenplay) -> tuple[TypesetLine, ...]:
    """Title, credit, author and source centred from 3.5 in; contact and draft date bottom left/right."""
    fields = {f.key.lower(): f for f in screenplay.title_page}
    out: list[TypesetLine] = []
    row = 15  # 3.5 in from the top
    for key in ("title", "credit", "author", "authors", "source"):
        f = fields.get(key)
        if f is None:
            continue
        for part in f.value.split("\n"):
            plain, styles = styled_chars(part.strip())
            if key == "title":
                plain = plain.upper()
            out.append(TypesetLine(0, row, PAGE_WIDTH / 2, TOP_MARGIN + (row + 1) * LINE_HEIGHT, "title", plain,
                                   style_runs(plain, styles), f.line, "C"))
            row += 1
        row += 1 if key != "title" else 3
    for keys, x, align in ((("contact", "copyright", "notes"), 1.5, "L"), (("draft date", "date", "revision"), RIGHT_EDGE, "R")):
        parts = [(p.strip(), fields[k].line) for k in keys if k in fields for p in fields[k].value.split("\n")]
        row = LINES_PER_PAGE - len(parts)
        for text, line in parts:
            plain, styles = styled_chars(text)
            out.append(TypesetLine(0, row, x, TOP_MARGIN + (row + 1) * LINE_HEIGHT, "title", plain,
                                   style_runs(plain, styles), line, align))
            row += 1
    return tuple(out)


def typeset(screenplay: Screenplay) -> Layout:
    """Lay the screenplay out on pages (see the module docstring for the layout).

    Args:
        screenplay: a parsed script.

    Returns:
        A :class:`Layout`: every printed body line in page order (page
        numbers and scene numbers included), the title page's lines, and
        the number of body pages (at least 1).
    """
    p = _Pager()
    for block in _blocks(screenplay.elements):
        if block.kind == "break":
            if p.row > 0:
                p.new_page()
            continue
        if block.kind == "speech":
            _place_speech(p, block)
        elif block.kind == "action":
            _place_action(p, block)
        else:
            height = _printed_height(block.rows)
            # a heading keeps its first following line with it
            extra = 2 if block.kind == "heading" else 0
            if p.gap(block.blank) + height + extra > p.room() and p.row > 0:
                p.new_page()
            p.skip(block.blank)
            p.put_rows(block.rows)
            if block.kind == "heading":
                _scene_numbers(block, p)
    pages = max(1, p.page if p.row > 0 or p.page == 1 else p.page - 1)
    lines = _page_numbers(p.out, pages)
    return Layout(tuple(lines), _title_page(screenplay), pages)
