"""The first AD's shot list as a PDF: landscape, grouped by scene, headings on every page.

It is the same table as the CSV (``shotlist_table.py``), laid out for print:
a header (frame rate, aspect ratio, draft date), then each scene opens with a
bar (number, INT/EXT, location, day/night, page eighths, setups) and its own
table whose heading row repeats when the scene runs over a page.

The table is drawn here, cell by cell, with text wrapped by ``pdf_text.py``:
fpdf2's ``table()`` measured and shaped every cell twice, which was nine
seconds on a feature's 1,700 shots (a 2-core machine) and most of the export.
"""
from __future__ import annotations

import os
from pathlib import Path

from screenplay.errors import PrevisError
from shots.model import ShotPlan
from shots.progress import ProgressFn, report
from shots.shotlist import setup_count
from renders.export.shotlist_table import ShotListSource, eighths_text, shot_rows

# Relative column widths; Description, Dialogue and Notes get the room.
_WIDTHS = {
    "Scene #": 5, "Shot #": 7, "Setup #": 5, "INT/EXT": 6, "Location": 15, "Day/Night": 9,
    "Description": 26, "Size": 7, "Type": 13, "Angle": 8, "Movement": 9, "Lens (mm)": 7,
    "Equipment": 10, "Cast": 14, "Page (eighths)": 8, "Dialogue": 22, "Dialogue lines": 8,
    "Transition in": 11, "Transition out": 11, "Props": 13, "Wardrobe": 14, "FX": 12,
    "Est. duration": 7, "Sound": 8, "Notes": 14,
}
# Printed headings: the CSV's names, shortened so narrow columns never break a word.
_SHORT = {
    "Scene #": "Sc.", "Shot #": "Shot", "Setup #": "Set", "INT/EXT": "I/E", "Day/Night": "D/N",
    "Movement": "Move", "Lens (mm)": "Lens", "Page (eighths)": "Pages", "Est. duration": "Est.",
    "Dialogue lines": "Lines", "Transition in": "In", "Transition out": "Out", "Equipment": "Equip.",
}
_FONT = 5.5  # points
_LINE = 2.5  # mm per text line
_PAD = 0.7  # mm inside each cell
_MARGIN = 8.0


def scene_header_text(plan: ShotPlan) -> str:
    """``Scene 12 · INT. KITCHEN · NIGHT · 1 3/8 pages · 3 setups``."""
    where = " ".join(p for p in (f"{plan.int_ext}." if plan.int_ext else "", plan.location) if p) or plan.heading
    setups = setup_count(plan)
    parts = [f"Scene {plan.scene}", where, plan.time_of_day, f"{eighths_text(plan.eighths)} pages",
             f"{setups} setup{'s' if setups != 1 else ''}"]
    return " \u00b7 ".join(p for p in parts if p)


def export_shotlist_pdf(source: ShotListSource, path: str | os.PathLike[str],
                        progress: ProgressFn | None = None) -> tuple[Path, str]:
    """Write the shot list PDF.

    Args:
        source: the plans, bible, screenplay, title, header and order.
        path: the .pdf to write.
        progress: told after each scene (stage ``"export shotlist-pdf"``).

    Returns:
        ``(path, note)``; ``note`` is a font warning for the user, or ``""``.

    Raises:
        PrevisError: nothing to list, or the file cannot be written.
    """
    from fpdf import FPDF

    from renders.export.fonts import pdf_safe, setup_pdf_fonts
    from renders.export.pdf_text import TextMeasure

    plans = list(source.plans)
    if not any(p.shots for p in plans):
        raise PrevisError("nothing to export: the plan has no shots")
    columns, rows = shot_rows(source)
    doc_title = source.title or "Shot list"
    header_line = " \u00b7 ".join(f"{k}: {v}" for k, v in source.header.items())
    if source.order == "setup":
        header_line = " \u00b7 ".join(p for p in (header_line, "shooting order (by setup)") if p)

    pdf = FPDF(orientation="landscape", format="A4", unit="mm")
    texts = [doc_title, source.author, header_line, *columns, *(v for r in rows for v in r.values()),
             *(scene_header_text(p) for p in plans)]
    family, note = setup_pdf_fonts(pdf, texts)
    pdf.set_auto_page_break(False)
    pdf.set_margins(_MARGIN, _MARGIN, _MARGIN)
    pdf.set_title(doc_title)
    if source.author:
        pdf.set_author(source.author)
    measure = TextMeasure(pdf)
    usable = pdf.w - 2 * _MARGIN
    total = sum(_WIDTHS.get(c, 8) for c in columns)
    widths = [usable * _WIDTHS.get(c, 8) / total for c in columns]
    bottom = pdf.h - _MARGIN
    safe = {c: pdf_safe(_SHORT.get(c, c), family) for c in columns}

    def page_header() -> float:
        pdf.add_page()
        pdf.set_font(family, "", 7)
        pdf.set_text_color(90)
        measure.draw(_MARGIN, 4, usable, 3.5, pdf_safe(f"{doc_title} \u2014 shot list", family))
        number = f"page {pdf.page_no()}"
        measure.draw(pdf.w - _MARGIN - measure.width(number), 4, 30, 3.5, number)
        pdf.set_text_color(0)
        return _MARGIN

    def table_head(y: float) -> float:
        pdf.set_font(family, "B", _FONT)
        pdf.set_fill_color(240, 240, 240)
        h = _LINE + 2 * _PAD
        pdf.rect(_MARGIN, y, usable, h, style="F")
        x = _MARGIN
        for c, w in zip(columns, widths):
            measure.draw(x + _PAD, y + _PAD, w - 2 * _PAD, _LINE, measure.wrap(safe[c], w - 2 * _PAD, 1)[0])
            x += w
        pdf.set_font(family, "", _FONT)
        return y + h

    y = page_header()
    pdf.set_font(family, "B", 15)
    for line in measure.wrap(pdf_safe(doc_title, family), usable):
        measure.draw(_MARGIN, y, usable, 7, line)
        y += 7
    pdf.set_font(family, "", 9)
    for text in (source.author, header_line):
        if text:
            for line in measure.wrap(pdf_safe(text, family), usable):
                measure.draw(_MARGIN, y, usable, 4.5, line)
                y += 4.5
    y += 2
    by_scene: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_scene.setdefault(r.get("Scene #", ""), []).append(r)
    pdf.set_draw_color(170)
    pdf.set_line_width(0.1)
    for n, plan in enumerate(plans):
        scene_rows = by_scene.get(plan.scene, [])
        if not scene_rows:
            continue
        if y + 22 > bottom:
            y = page_header()
        pdf.set_font(family, "B", 9)
        pdf.set_fill_color(225, 225, 225)
        pdf.rect(_MARGIN, y, usable, 5.5, style="F")
        measure.draw(_MARGIN + 1, y + 0.5, usable - 2, 4.5, pdf_safe(scene_header_text(plan), family))
        y = table_head(y + 6.5)
        for r in scene_rows:
            cells = [measure.wrap(pdf_safe(r.get(c, ""), family), w - 2 * _PAD) for c, w in zip(columns, widths)]
            h = max(len(c) for c in cells) * _LINE + 2 * _PAD
            if y + h > bottom:
                y = table_head(page_header())
            x = _MARGIN
            for lines, w in zip(cells, widths):
                for i, line in enumerate(lines):
                    if line:
                        measure.draw(x + _PAD, y + _PAD + i * _LINE, w - 2 * _PAD, _LINE, line)
                x += w
            pdf.line(_MARGIN, y + h, _MARGIN + usable, y + h)
            y += h
        y += 3
        report(progress, "export shotlist-pdf", plan.scene, n + 1, len(plans))
    from renders.export.pdf_file import save_pdf

    return save_pdf(pdf, path, "the shot list"), note
