"""Page eighths measured on the typeset pages, the way a breakdown counts them.

Why from the layout and not from character counts: a scene's length is how
much of the printed pages it fills, page breaks, (MORE)/(CONT'D) and all, and
the shot list, ``previs stats``, the timing warnings and the exports must give
the number a script supervisor gets from the printed script.

A span of source lines runs from its first printed line to the first printed
line after it (so a scene owns the blank space up to the next heading, and the
empty end of a page its last line sits on). Each page's share is rounded to
eighths (55 / 8 lines an eighth) with at least 1/8 for any page it touches,
as breakdown sheets do.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from screenplay.model import Screenplay
from screenplay.typeset import LINES_PER_PAGE, Layout, typeset

__all__ = ["PageRuler", "ruler_for"]


@dataclass(frozen=True)
class PageRuler:
    """Measures spans of source lines in eighths on one layout."""

    lines: tuple[int, ...]  # source line of each printed body line, in page order
    positions: tuple[int, ...]  # its absolute row: (page - 1) * 55 + row
    end: int  # the absolute row after the last printed line (where the last span stops)

    @classmethod
    def of(cls, layout: Layout) -> "PageRuler":
        body = [(ln.line, (ln.page - 1) * LINES_PER_PAGE + ln.row) for ln in layout.lines
                if ln.row >= 0 and ln.line > 0]
        body.sort(key=lambda t: t[1])
        # a running max keeps the source lines sorted for bisect (dual columns share rows)
        lines: list[int] = []
        positions: list[int] = []
        top = 0
        for line, pos in body:
            top = max(top, line)
            lines.append(top)
            positions.append(pos)
        # the script ends after its last printed line, not at the foot of its last page
        return cls(tuple(lines), tuple(positions), positions[-1] + 1 if positions else 0)

    def position(self, source_line: int) -> int:
        """The absolute row of the first printed line at or after ``source_line``."""
        i = bisect_left(self.lines, source_line)
        return self.positions[i] if i < len(self.positions) else self.end

    def eighths(self, first_line: int, last_line: int) -> int:
        """Eighths of a page that source lines ``first_line..last_line`` fill (0 if they print nothing).

        Args:
            first_line: the span's first source line (1-based).
            last_line: its last source line.
        """
        start, stop = self.position(first_line), self.position(last_line + 1)
        if stop <= start:
            return 0
        total = 0
        while start < stop:
            page_end = (start // LINES_PER_PAGE + 1) * LINES_PER_PAGE
            rows = min(stop, page_end) - start
            total += max(1, round(rows * 8 / LINES_PER_PAGE))
            start = min(stop, page_end)
        return total


def ruler_for(screenplay: Screenplay) -> PageRuler:
    """Typeset ``screenplay`` and return the ruler over its pages."""
    return PageRuler.of(typeset(screenplay))
