"""Measuring and wrapping text for the PDFs, fast: per-character widths, cached.

Why not fpdf2's ``multi_cell``: it measures every candidate line character
by character through the font's tables and shapes it again to draw it; on a
feature's shot list and storyboard that was most of the export (tens of
seconds). Text here is wrapped once with cached character widths (fpdf2
does not kern, so a line's width is the sum of its characters') and drawn
line by line with ``pdf.text``.
"""
from __future__ import annotations

__all__ = ["TextMeasure"]

ELLIPSIS = "\u2026"


class TextMeasure:
    """Widths and line breaks in the document's current font, size and style."""

    def __init__(self, pdf) -> None:
        self.pdf = pdf
        self._tables: dict[tuple, dict[str, float]] = {}

    def _table(self) -> dict[str, float]:
        key = (self.pdf.font_family, self.pdf.font_style, self.pdf.font_size_pt)
        table = self._tables.get(key)
        if table is None:
            table = self._tables[key] = {}
        return table

    def width(self, text: str) -> float:
        """The width of ``text`` in the current font, in the document's unit."""
        table = self._table()
        total = 0.0
        for ch in text:
            w = table.get(ch)
            if w is None:
                w = table[ch] = self.pdf.get_string_width(ch)
            total += w
        return total

    def wrap(self, text: str, width: float, max_lines: int | None = None) -> list[str]:
        """``text`` broken into lines no wider than ``width`` (at spaces; inside a word only if it must).

        Each ``\\n`` starts a new line. With ``max_lines``, the last kept line
        ends in an ellipsis when text was cut.
        """
        space = self.width(" ")
        lines: list[str] = []
        for para in text.split("\n"):
            line, line_w = "", 0.0
            for word in para.split():
                word_w = self.width(word)
                if line and line_w + space + word_w <= width:
                    line, line_w = f"{line} {word}", line_w + space + word_w
                    continue
                if line:
                    lines.append(line)
                while word_w > width and len(word) > 1:
                    cut = self._fit(word, width)
                    lines.append(word[:cut])
                    word = word[cut:]
                    word_w = self.width(word)
                line, line_w = word, word_w
            lines.append(line)
        if max_lines is not None and len(lines) > max_lines:
            kept = lines[:max_lines]
            last = kept[-1].rstrip()
            while last and self.width(last + ELLIPSIS) > width:
                last = last[:-1]
            kept[-1] = last + ELLIPSIS
            return kept
        return lines

    def draw(self, x: float, top: float, width: float, height: float, line: str) -> None:
        """Draw one line in a box of ``height`` at (``x``, ``top``): ``pdf.text`` when the current
        font has every letter, else ``pdf.cell``, which knows the fallback fonts (CJK)."""
        cmap = getattr(self.pdf.current_font, "cmap", None)
        if cmap is None or all(ord(ch) in cmap for ch in line):
            self.pdf.text(x, top + height * 0.76, line)
        else:
            self.pdf.set_xy(x, top)
            self.pdf.cell(width, height, line)

    def _fit(self, word: str, width: float) -> int:
        total = 0.0
        table = self._table()
        for i, ch in enumerate(word):
            total += table.get(ch) or self.width(ch)
            if total > width:
                return max(1, i)
        return len(word)
