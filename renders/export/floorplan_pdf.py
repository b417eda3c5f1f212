"""Floor plans as a PDF: each scene from above, with marks, moves, the 180° line and every camera setup.

One landscape A4 page per scene (a scene with more than ``SETUPS_PER_PAGE`` setups goes on
over more pages, the set and the cast repeated, the cameras shared out): the diagram on the
left, drawn to scale from :mod:`renders.export.floorplan_layout`, a legend on the right
(setups with their lens, move and shots; the cast in their bible colours; the symbols) and a
scale bar under the diagram. :func:`draw_floorplan` draws one diagram into any box, so the
storyboard's thumbnails (``--with-floorplan``) are the same drawing, smaller.
"""
from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from shots.model import Bible, ShotPlan
from shots.progress import ProgressFn, report
from renders.export.floorplan_layout import floorplans
from renders.export.floorplan_model import FloorPlan, ShotCamera, fit_view, wedge_points
from renders.export.fonts import pdf_safe
from renders.export.pdf_text import TextMeasure
from renders.export.shotlist_table import eighths_text

SETUPS_PER_PAGE = 8
WALL = (60, 60, 60)
WINDOW = (70, 140, 210)
DOOR = (150, 100, 50)
LINE_180 = (200, 40, 40)
WEDGE = (120, 150, 200)
HIGHLIGHT = (240, 140, 20)
MARK_RADIUS_M = 0.28


def _arrow(pdf, pts: Sequence[tuple[float, float]], head: float) -> None:
    """A polyline with an arrowhead at its last point."""
    if len(pts) < 2:
        return
    pdf.polyline(list(pts))
    (x0, y0), (x1, y1) = pts[-2], pts[-1]
    ang = math.atan2(y1 - y0, x1 - x0)
    for side in (-1, 1):
        a = ang + math.pi - side * 0.45
        pdf.line(x1, y1, x1 + head * math.cos(a), y1 + head * math.sin(a))


def number_at(cam: ShotCamera, to, u: float) -> tuple[float, float]:
    """Where a camera's setup number sits on the page: just behind the camera body."""
    x, y = to(cam.x, cam.z)
    return x - cam.direction[0] * 6.0 * u, y + cam.direction[1] * 6.0 * u


def _camera_icon(pdf, cam: ShotCamera, to, u: float, number: str, family: str, fill) -> None:
    """A camera body behind the lens point, turned the way it looks, and its setup number beside it."""
    x, y = to(cam.x, cam.z)
    dx, dy = cam.direction[0], -cam.direction[1]  # page y points down
    nx, ny = -dy, dx
    body = [(x - dx * 3.6 * u + nx * s * 1.4 * u, y - dy * 3.6 * u + ny * s * 1.4 * u) for s in (-1, 1)]
    front = [(x - dx * 0.8 * u + nx * s * 1.4 * u, y - dy * 0.8 * u + ny * s * 1.4 * u) for s in (1, -1)]
    pdf.set_fill_color(*fill)
    pdf.polygon([body[0], body[1], front[0], front[1]], style="DF")
    pdf.polygon([(x, y), (x - dx * 0.8 * u + nx * 0.9 * u, y - dy * 0.8 * u + ny * 0.9 * u),
                 (x - dx * 0.8 * u - nx * 0.9 * u, y - dy * 0.8 * u - ny * 0.9 * u)], style="DF")
    bx, by = number_at(cam, to, u)
    pdf.set_fill_color(255, 255, 255)
    pdf.circle(bx, by, 1.9 * u, style="DF")
    pdf.set_font(family, "B", 6.5 * u)
    pdf.text(bx - 0.9 * u * len(number), by + 0.9 * u, number)


def draw_floorplan(pdf, fp: FloorPlan, x: float, y: float, w: float, h: float, family: str,
                   setups: set[int] | None = None, highlight: str | None = None, labels: bool = True,
                   measure: TextMeasure | None = None) -> float:
    """Draw the diagram of ``fp`` into the box ``(x, y, w, h)`` (mm) of the current page.

    Args:
        pdf: the fpdf2 document.
        fp: the scene's floor plan.
        family: the font family registered on ``pdf``.
        setups: the setup numbers whose cameras to draw (all when None).
        highlight: a shot id whose wedge is drawn in the highlight colour.
        labels: write names and shot lists (off for thumbnails).
        measure: the document's :class:`TextMeasure` (made here when None).

    Returns:
        The scale, millimetres per metre (for a scale bar).
    """
    with pdf.rect_clip(x, y, w, h):  # wedges reach past the bounds; the box keeps them off the legend
        return _draw(pdf, fp, x, y, w, h, family, setups, highlight, labels, measure)


def _draw(pdf, fp: FloorPlan, x: float, y: float, w: float, h: float, family: str, setups: set[int] | None,
          highlight: str | None, labels: bool, measure: TextMeasure | None) -> float:
    to, k = fit_view(fp.bounds(), x, y, w, h)
    measure = measure or TextMeasure(pdf)
    u = 1.0 if labels else 0.55  # icon size: page or thumbnail
    pdf.set_line_width(0.2 * u)
    if fp.room is not None:
        c = [to(*p) for p in fp.room.corners]
        pdf.set_draw_color(*WALL)
        pdf.set_line_width(0.9 * u)
        pdf.polyline([c[3], c[0], c[1], c[2]])
        pdf.set_line_width(0.2 * u)
        pdf.set_dash_pattern(1.5, 1.5)
        pdf.line(*c[2], *c[3])  # the open fourth wall
        pdf.set_dash_pattern()
        pdf.set_draw_color(*WINDOW)
        pdf.set_line_width(1.4 * u)
        pdf.line(*to(*fp.room.window[0]), *to(*fp.room.window[1]))
        pdf.set_draw_color(255, 255, 255)
        pdf.set_line_width(0.5 * u)
        pdf.line(*to(*fp.room.window[0]), *to(*fp.room.window[1]))
        pdf.set_draw_color(*DOOR)
        pdf.set_line_width(1.4 * u)
        pdf.line(*to(*fp.room.door[0]), *to(*fp.room.door[1]))
        pdf.set_line_width(0.2 * u)
    chosen = [(n, shots, cam) for n, shots, cam in fp.setups() if setups is None or n in setups]
    lit = fp.camera(highlight) if highlight else None
    with pdf.local_context(fill_opacity=0.16):
        for n, shots, cam in chosen:
            pdf.set_fill_color(*WEDGE)
            pdf.polygon([to(*p) for p in wedge_points(cam)], style="F")
        if lit is not None:
            pdf.set_fill_color(*HIGHLIGHT)
            pdf.polygon([to(*p) for p in wedge_points(lit)], style="F")
    pdf.set_draw_color(*WEDGE)
    for n, shots, cam in chosen:
        a, b, c, d = (to(*p) for p in wedge_points(cam))
        pdf.line(*a, *b)
        pdf.line(*d, *c)
    pdf.set_draw_color(*LINE_180)
    pdf.set_dash_pattern(2.0 * u, 1.0 * u)
    for a, b in fp.lines:
        pdf.line(*to(*a), *to(*b))
    pdf.set_dash_pattern()
    if labels:
        pdf.set_text_color(*LINE_180)
        pdf.set_font(family, "", 6)
        for a, _ in fp.lines:
            px, py = to(*a)
            pdf.text(px + 0.8, py - 0.8, "180°")
        pdf.set_text_color(0)
    for mv in fp.moves:
        pdf.set_draw_color(*mv.color)
        pdf.set_dash_pattern(1.0 * u, 0.8 * u)
        _arrow(pdf, [to(*p) for p in mv.points], 2.0 * u)
        pdf.set_dash_pattern()
    r = max(MARK_RADIUS_M * k, 1.3 * u)
    pdf.set_draw_color(20, 20, 20)
    for m in fp.marks:
        px, py = to(m.x, m.z)
        pdf.set_fill_color(*m.color)
        pdf.circle(px, py, r, style="DF")
        pdf.line(px, py, px + m.facing[0] * r * 1.7, py - m.facing[1] * r * 1.7)
        if labels:
            pdf.set_font(family, "B", 6.5)
            short = pdf_safe(m.name.split()[0] if m.name.split() else m.name, family)
            wide = measure.width(short)
            measure.draw(px - wide / 2, py + r + 0.6, wide + 1, 2.8, short)
    for n, shots, cam in chosen:
        if cam.path:
            pdf.set_draw_color(*HIGHLIGHT if lit is not None and lit.setup == n else (40, 40, 40))
            pdf.set_line_width(0.45 * u)
            _arrow(pdf, [to(*p) for p in cam.path], 2.2 * u)
            pdf.set_line_width(0.2 * u)
        pdf.set_draw_color(20, 20, 20)
        fill = HIGHLIGHT if lit is not None and lit.setup == n else (230, 230, 230)
        _camera_icon(pdf, cam, to, u, str(n), family, fill)
        if labels:
            bx, by = number_at(cam, to, u)
            words = ", ".join(shots) + (f" ({cam.height_note})" if cam.height_note else "")
            pdf.set_font(family, "", 6)
            pdf.text(bx + 2.5, by + 3.6, words)  # under and right of the number, clear of the wedge
    pdf.set_draw_color(0)
    pdf.set_fill_color(255, 255, 255)
    return k


def draw_thumbnail(pdf, fp: FloorPlan, x: float, y: float, w: float, family: str, shot_id: str | None = None) -> None:
    """A small floor plan in a white, framed box (``w`` wide, 3:4), the way the storyboard puts one on the
    first panel of each scene; ``shot_id``'s camera is highlighted."""
    h = w * 0.75
    pdf.set_fill_color(255, 255, 255)
    pdf.set_draw_color(120)
    pdf.rect(x, y, w, h, style="DF")
    draw_floorplan(pdf, fp, x, y, w, h, family, highlight=shot_id, labels=False)
    pdf.set_font(family, "", 5)
    pdf.set_text_color(90)
    pdf.text(x + 1, y + h - 1, f"floor plan, scene {fp.scene}")
    pdf.set_text_color(0)
    pdf.set_draw_color(0)


def _scale_bar(pdf, x: float, y: float, k: float, family: str) -> None:
    """A bar of a round number of metres, 20 to 50 mm long."""
    metres = next((m for m in (0.5, 1, 2, 5, 10, 20, 50, 100) if m * k >= 20), 200)
    pdf.set_fill_color(0)
    pdf.rect(x, y, metres * k / 2, 1.2, style="F")
    pdf.rect(x + metres * k / 2, y, metres * k / 2, 1.2, style="D")
    pdf.set_font(family, "", 7)
    pdf.text(x, y + 4.5, "0")
    pdf.text(x + metres * k - 3, y + 4.5, f"{metres:g} m")
    pdf.set_fill_color(255, 255, 255)


def _legend(pdf, fp: FloorPlan, chosen, x: float, y: float, w: float, family: str, plan: ShotPlan,
            measure: TextMeasure) -> None:
    pdf.set_font(family, "B", 9)
    pdf.text(x, y, "Setups")
    y += 5
    by_id = {s.id: s for s in plan.shots}
    pdf.set_font(family, "", 7)
    for n, shots, cam in chosen:
        s = by_id[shots[0]]
        words = (f"{n}.  {s.lens_mm}mm {s.size} {s.movement}"
                 f"{' (' + cam.height_note + ')' if cam.height_note else ''}: {', '.join(shots)}")
        for line in measure.wrap(words, w, max_lines=4):
            pdf.text(x, y, line)
            y += 3.0
        y += 1.2
    y += 3
    pdf.set_font(family, "B", 9)
    pdf.text(x, y, "Cast")
    y += 5
    pdf.set_font(family, "", 7)
    for m in fp.marks:
        pdf.set_fill_color(*m.color)
        pdf.circle(x + 1.3, y - 1.1, 1.3, style="DF")
        measure.draw(x + 4, y - 2.3, w - 4, 3.0, pdf_safe(m.name, family))
        y += 4.2
    y += 3
    pdf.set_font(family, "B", 9)
    pdf.text(x, y, "Key")
    y += 5
    pdf.set_font(family, "", 7)
    keys = [("mark (facing tick)", "mark"), ("character move", "move"), ("180° line", "line"),
            ("camera, setup no. and lens wedge", "wedge"), ("camera move (dolly, track, crane)", "path"),
            ("window / door", "set")]
    for words, kind in keys:
        if kind == "mark":
            pdf.set_fill_color(200, 200, 200)
            pdf.circle(x + 1.3, y - 1.1, 1.3, style="DF")
        elif kind == "move":
            pdf.set_dash_pattern(1.0, 0.8)
            _arrow(pdf, [(x, y - 1), (x + 6, y - 1)], 1.6)
            pdf.set_dash_pattern()
        elif kind == "line":
            pdf.set_draw_color(*LINE_180)
            pdf.set_dash_pattern(2.0, 1.0)
            pdf.line(x, y - 1, x + 6, y - 1)
            pdf.set_dash_pattern()
            pdf.set_draw_color(0)
        elif kind == "wedge":
            with pdf.local_context(fill_opacity=0.3):
                pdf.set_fill_color(*WEDGE)
                pdf.polygon([(x, y - 1), (x + 6, y - 3), (x + 6, y + 1)], style="F")
        elif kind == "path":
            pdf.set_line_width(0.45)
            _arrow(pdf, [(x, y - 1), (x + 6, y - 1)], 1.6)
            pdf.set_line_width(0.2)
        else:
            pdf.set_line_width(1.2)
            pdf.set_draw_color(*WINDOW)
            pdf.line(x, y - 1, x + 2.6, y - 1)
            pdf.set_draw_color(*DOOR)
            pdf.line(x + 3.4, y - 1, x + 6, y - 1)
            pdf.set_draw_color(0)
            pdf.set_line_width(0.2)
        pdf.text(x + 8, y, words)
        y += 4.2


def page_count(fp: FloorPlan) -> int:
    """How many pages a scene's floor plan takes."""
    return max(1, math.ceil(len(fp.setups()) / SETUPS_PER_PAGE))


def export_floorplan_pdf(plans: Sequence[ShotPlan], bible: Bible, path: str | os.PathLike[str], title: str = "",
                         width: int = 640, height: int = 360,
                         progress: ProgressFn | None = None) -> tuple[Path, str]:
    """Write the floor plans PDF: one page per scene, more when a scene has many setups.

    Args:
        plans: the scenes' shot plans.
        bible: the characters (colours, names, silhouettes).
        path: the .pdf to write.
        title: the script's title, in each page's header.
        width, height: the render's frame size (the aspect places the cameras, as in the greybox).
        progress: told after each scene (stage ``"export floorplan-pdf"``).

    Returns:
        ``(path, note)``; ``note`` is a font warning for the user, or ``""``.

    Raises:
        PrevisError: no shots, or the file cannot be written.
    """
    from fpdf import FPDF

    from renders.export.fonts import setup_pdf_fonts
    from renders.export.pdf_file import save_pdf

    chosen = [p for p in plans if p.shots]
    if not chosen:
        raise PrevisError("nothing to export: the plan has no shots")
    plans_by_scene = {p.scene: p for p in chosen}
    fps = floorplans(chosen, bible, width, height)
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_title(f"{title} floor plans".strip())
    texts = [title] + [p.heading for p in chosen] + [m.name for fp in fps for m in fp.marks]
    family, note = setup_pdf_fonts(pdf, texts)
    measure = TextMeasure(pdf)
    for i, fp in enumerate(fps):
        plan = plans_by_scene[fp.scene]
        setups = fp.setups()
        pages = page_count(fp)
        for page in range(pages):
            part = setups[page * SETUPS_PER_PAGE:(page + 1) * SETUPS_PER_PAGE]
            pdf.add_page()
            pdf.set_font(family, "B", 13)
            measure.draw(10, 8, 277, 6.5, pdf_safe(f"Scene {fp.scene} \u00b7 {plan.heading or plan.location}", family))
            pdf.set_font(family, "", 8)
            more = f" \u00b7 page {page + 1} of {pages}" if pages > 1 else ""
            measure.draw(10, 15.5, 277, 4, pdf_safe(f"{eighths_text(fp.eighths)} pages \u00b7 {len(setups)} setup"
                                                    f"{'s' if len(setups) != 1 else ''}{more} \u00b7 {title} "
                                                    f"\u00b7 floor plan", family))
            k = draw_floorplan(pdf, fp, 10, 22, 200, 172, family, setups={n for n, _, _ in part}, measure=measure)
            pdf.set_draw_color(180)
            pdf.rect(10, 22, 200, 172)
            pdf.set_draw_color(0)
            _scale_bar(pdf, 12, 198, k, family)
            _legend(pdf, fp, part, 216, 26, 72, family, plan, measure)
        report(progress, "export floorplan-pdf", fp.scene, i + 1, len(fps))
    return save_pdf(pdf, path, "floor plans PDF"), note
