"""The first AD's shot list as a PDF: landscape, grouped by scene, headings on every page.

It is the same table as the CSV (``shotlist_table.py``), laid out for print:
each scene opens with a header (number, INT/EXT, location, day/night, page
eighths) and its own table whose heading row fpdf2 repeats when the scene runs
over a page. Text is drawn in a Unicode font (``fonts.py``).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from shots.model import Bible, ShotPlan
from renders.export.shotlist_table import eighths_text, shot_rows

# Relative column widths; Description, Location, Cast and Notes get the room.
_WIDTHS = {
    "Scene #": 7, "Shot #": 8, "Setup #": 7, "INT/EXT": 9, "Location": 22, "Day/Night": 13,
    "Description": 42, "Size": 10, "Type": 16, "Angle": 11, "Movement": 12, "Lens (mm)": 8,
    "Equipment": 15, "Cast": 20, "Page (eighths)": 9, "Est. duration": 9, "Sound": 12, "Notes": 20,
}
# Printed headings: the CSV's names, shortened so narrow columns never break a word.
_SHORT = {
    "Scene #": "Sc.", "Shot #": "Shot", "Setup #": "Set", "INT/EXT": "I/E", "Day/Night": "D/N",
    "Movement": "Move", "Lens (mm)": "Lens mm", "Page (eighths)": "Pages", "Est. duration": "Est.",
}


def scene_header_text(plan: ShotPlan) -> str:
    """``Scene 12 · INT. KITCHEN · NIGHT · 1 3/8 pages``."""
    where = " ".join(p for p in (f"{plan.int_ext}." if plan.int_ext else "", plan.location) if p) or plan.heading
    parts = [f"Scene {plan.scene}", where, plan.time_of_day, f"{eighths_text(plan.eighths)} pages"]
    return " \u00b7 ".join(p for p in parts if p)


def export_shotlist_pdf(plans: Sequence[ShotPlan], path: str | os.PathLike[str], title: str = "",
                        author: str = "", bible: Bible | None = None) -> tuple[Path, str]:
    """Write the shot list PDF.

    Args:
        plans: every scene's plan, in order.
        path: the .pdf to write.
        title: the script's title (page header and first line).
        author: the script's author(s), under the title.
        bible: for character names in the Cast column.

    Returns:
        ``(path, note)``; ``note`` is a font warning for the user, or ``""``.

    Raises:
        PrevisError: nothing to list, or the file cannot be written.
    """
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    from renders.export.fonts import pdf_safe, setup_pdf_fonts

    if not any(p.shots for p in plans):
        raise PrevisError("nothing to export: the plan has no shots")
    columns, rows = shot_rows(plans, bible)
    header_title = title or "Shot list"

    class _Doc(FPDF):
        def header(self):
            self.set_font(family, "", 7)
            self.set_text_color(90)
            self.cell(0, 4, pdf_safe(f"{header_title} \u2014 shot list", family), align="L")
            self.cell(0, 4, f"page {self.page_no()}/{{nb}}", align="R", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)
            self.ln(1)

    pdf = _Doc(orientation="landscape", format="A4", unit="mm")
    texts = [title, author, *columns, *(v for r in rows for v in r.values()), *(scene_header_text(p) for p in plans)]
    family, note = setup_pdf_fonts(pdf, texts)
    pdf.set_auto_page_break(True, margin=10)
    pdf.set_margins(10, 8, 10)
    pdf.set_title(title or "Shot list")
    if author:
        pdf.set_author(author)
    pdf.add_page()
    pdf.set_font(family, "B", 16)
    pdf.multi_cell(0, 8, pdf_safe(title or "Shot list", family), new_x="LMARGIN", new_y="NEXT")
    if author:
        pdf.set_font(family, "", 10)
        pdf.multi_cell(0, 5, pdf_safe(author, family), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    widths = tuple(_WIDTHS.get(c, 10) for c in columns)
    by_scene: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        by_scene.setdefault(r.get("Scene #", ""), []).append(r)
    for plan in plans:
        scene_rows = by_scene.get(plan.scene, [])
        if not scene_rows:
            continue
        if pdf.will_page_break(22):
            pdf.add_page()
        pdf.set_font(family, "B", 10)
        pdf.set_fill_color(225, 225, 225)
        pdf.cell(0, 6, pdf_safe(scene_header_text(plan), family), fill=True, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1)
        pdf.set_font(family, "", 6.5)
        with pdf.table(col_widths=widths, line_height=3.2, repeat_headings=1, text_align="LEFT",
                       headings_style=FontFace(emphasis="BOLD", fill_color=(240, 240, 240)),
                       padding=0.8) as table:
            head = table.row()
            for c in columns:
                head.cell(pdf_safe(_SHORT.get(c, c), family))
            for r in scene_rows:
                row = table.row()
                for c in columns:
                    row.cell(pdf_safe(str(r.get(c, "")), family))
        pdf.ln(3)
    from renders.export.pdf_file import save_pdf

    return save_pdf(pdf, path, "the shot list"), note
