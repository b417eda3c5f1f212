"""The typeset screenplay as a PDF: what ``screenplay/typeset.py`` laid out, drawn with fpdf2.

All layout decisions (margins, wrapping, page breaks, (MORE)/(CONT'D), scene
and page numbers) live in the typesetter, so the script PDF, the lined script
(``lined_script_pdf.py``) and the page eighths never disagree; this module
only puts the lines on paper.

The font is PDF's own Courier when every letter is in Latin-1 (typographic
quotes and dashes become their typewriter forms, as in any Courier script),
else DejaVu Sans Mono, which has Courier's advance (0.6 em), so the layout
holds either way.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable

from screenplay.errors import PrevisError
from shots.progress import ProgressFn, report
from screenplay.typeset import CHAR_WIDTH, PAGE_HEIGHT, PAGE_WIDTH, Layout, TypesetLine

__all__ = ["new_script_document", "draw_page", "write_pdf", "export_script_pdf"]

_TYPEWRITER = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                             "\u2014": "--", "\u2026": "...", "\u00a0": " "})
_MONO_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/share/fonts/TTF")
_MONO_FILES = {"": "DejaVuSansMono.ttf", "B": "DejaVuSansMono-Bold.ttf", "I": "DejaVuSansMono-Oblique.ttf",
               "BI": "DejaVuSansMono-BoldOblique.ttf"}


def _font(pdf, texts: Iterable[str]) -> tuple[str, str, bool]:
    """``(family, note, typewriter)``: Courier when Latin-1 will do, else a Unicode monospace."""
    needs_unicode = False
    for text in texts:
        try:
            text.translate(_TYPEWRITER).encode("latin-1")
        except UnicodeEncodeError:
            needs_unicode = True
            break
    if not needs_unicode:
        return "courier", "", True
    for folder in _MONO_DIRS:
        if os.path.isfile(os.path.join(folder, _MONO_FILES[""])):
            for style, name in _MONO_FILES.items():
                path = os.path.join(folder, name)
                pdf.add_font("prevismono", style, path if os.path.isfile(path) else os.path.join(folder, _MONO_FILES[""]))
            return "prevismono", "", False
    return "courier", ("no Unicode monospace font found: letters outside Latin-1 print as '?'; "
                       "install Debian's fonts-dejavu-core"), True


def new_script_document(layout: Layout, title: str = "", author: str = ""):
    """An fpdf2 document in inches on US letter, with the script's font registered.

    Returns:
        ``(pdf, family, note, typewriter)``; pass them on to :func:`draw_page`.
    """
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="in", format=(PAGE_WIDTH, PAGE_HEIGHT))
    pdf.set_auto_page_break(False)
    pdf.set_margins(0, 0, 0)
    pdf.set_title(title or "Screenplay")
    if author:
        pdf.set_author(author)
    family, note, typewriter = _font(pdf, (ln.text for ln in (*layout.title_lines, *layout.lines)))
    return pdf, family, note, typewriter


def draw_page(pdf, lines: Iterable[TypesetLine], family: str, typewriter: bool, size: float = 12) -> None:
    """Draw one page's typeset lines on the current fpdf2 page (runs keep their emphasis)."""
    for ln in lines:
        text = ln.text.translate(_TYPEWRITER) if typewriter else ln.text
        if typewriter:
            text = text.encode("latin-1", "replace").decode("latin-1")
        width = len(text) * CHAR_WIDTH * size / 12
        x = ln.x - width if ln.align == "R" else ln.x - width / 2 if ln.align == "C" else ln.x
        pos = 0
        for run_text, style in ln.runs:
            piece = text[pos:pos + len(run_text)]
            pos += len(run_text)
            if not piece:
                continue
            pdf.set_font(family, style, size)
            pdf.text(x, ln.y, piece)
            x += len(piece) * CHAR_WIDTH * size / 12


def write_pdf(pdf, path: str | os.PathLike[str], what: str) -> Path:
    """Write the document atomically (renders/export/pdf_file.py), as a one-line PrevisError when
    the file cannot be written or does not open."""
    from renders.export.pdf_file import save_pdf

    return save_pdf(pdf, path, f"the {what}")


def export_script_pdf(layout: Layout, path: str | os.PathLike[str], title: str = "",
                      author: str = "", progress: ProgressFn | None = None) -> tuple[Path, str]:
    """Write the typeset screenplay: a title page (when the script has one), then the body pages.

    Args:
        layout: ``screenplay.typeset.typeset(screenplay)``.
        path: the .pdf to write.
        title, author: document metadata.
        progress: told after each page (stage ``"export script-pdf"``).

    Returns:
        ``(path, note)``; ``note`` is a font warning for the user, or ``""``.

    Raises:
        PrevisError: the file cannot be written.
    """
    pdf, family, note, typewriter = new_script_document(layout, title, author)
    if layout.title_lines:
        pdf.add_page()
        draw_page(pdf, layout.title_lines, family, typewriter)
    by_page: dict[int, list[TypesetLine]] = {}
    for ln in layout.lines:
        by_page.setdefault(ln.page, []).append(ln)
    for number in range(1, layout.pages + 1):
        pdf.add_page()
        draw_page(pdf, by_page.get(number, []), family, typewriter)
        report(progress, "export script-pdf", str(number), number, layout.pages)
    return write_pdf(pdf, path, "script"), note
