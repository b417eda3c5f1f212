"""A parsed screenplay laid out on pages, the way a script is printed: plain data, no PDF.

Why a layout of its own: the script PDF, the lined script and the page eighths
of every scene and shot must agree to the line, so the layout is decided once
here and every consumer reads the same :class:`TypesetLine` objects (page, row,
x, element type, text, styled runs, source line).

The layout is the US-letter industry standard as Final Draft prints it (the
geometry, and each element cut into rows of print: :mod:`screenplay.print_rows`);
this module places those rows on 55-line pages, with the page numbers, the scene
numbers in both margins and the title page.

Page breaks follow the typing-pool rules: a scene heading never ends a page;
a cue never ends a page without a line of its speech; speech split by a page
break ends with ``(MORE)`` and resumes under ``NAME (CONT'D)``, never right
after a parenthetical; action splits between lines, keeping two lines on each
side when it can; dual dialogue never splits; ``===`` starts a new page.
"""
from __future__ import annotations

from dataclasses import dataclass

from screenplay.emphasis import runs as style_runs
from screenplay.emphasis import styled_chars
from screenplay.model import Screenplay
from screenplay.print_rows import (
    CHAR_WIDTH, GEOMETRY, LINE_HEIGHT, LINES_PER_PAGE, PAGE_HEIGHT, PAGE_NUMBER_Y, PAGE_WIDTH, RIGHT_EDGE,
    TOP_MARGIN, PrintBlock, TypesetLine, cue_text, print_blocks, unplaced,
)

__all__ = [
    "LINES_PER_PAGE", "PAGE_WIDTH", "PAGE_HEIGHT", "TOP_MARGIN", "LINE_HEIGHT", "CHAR_WIDTH",
    "TypesetLine", "Layout", "typeset",
]


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


def _place_speech(p: _Pager, block: PrintBlock) -> None:
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
        more_x = GEOMETRY["character"][0]
        p.put(unplaced("more", more_x, "(MORE)", (("(MORE)", ""),), rows[fit - 1].line))
        p.new_page()
        text = cue_text(cue, contd=True) if cue is not None else "(CONT'D)"
        cont = unplaced("character", block.cue_x, text, ((text, ""),), rows[fit].line)
        rows = [cont] + rows[fit:]
        block = PrintBlock("speech", rows, 0, cue, block.cue_x)


def _place_action(p: _Pager, block: PrintBlock) -> None:
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


def _scene_numbers(block: PrintBlock, p: _Pager) -> None:
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
    for block in print_blocks(screenplay.elements):
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
