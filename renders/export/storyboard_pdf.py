"""The director's storyboard: a grid of panels, one per shot, with frames from the render.

Each panel shows the shot's storyboard stills (renders/stills.py: saved when
the shot rendered, reused from the render cache like its video; grabbed from
the MP4 only when missing): the middle
frame of a static shot; the first and last frames of a moving one, side by side
with the move drawn as an arrow between them (the direction a board artist
would draw: across for pans and trucks, up/down for tilts and cranes, in or out
for push-ins and pull-outs). Under it: shot id, size/angle/move/lens, duration,
dialogue and action. Portrait A4, 2 columns x 3 rows by default.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from shots.vocabulary import Movement, ScreenDirection
from shots.progress import ProgressFn, report
from renders.model import RenderedShot, TimedShot
from renders.export.pdf_text import TextMeasure
# frame_indices and grab_frames are the storyboard's too (tests and the bible's reference stills use them)
from renders.stills import StoredStills, frame_indices, grab_frames, jpeg_bytes

__all__ = ["export_storyboard_pdf", "frame_indices", "grab_frames"]

def _arrow(pdf, x0: float, y0: float, x1: float, y1: float) -> None:
    import math

    pdf.line(x0, y0, x1, y1)
    ang = math.atan2(y1 - y0, x1 - x0)
    for side in (-1, 1):
        a = ang + math.pi - side * 0.45
        pdf.line(x1, y1, x1 + 2.2 * math.cos(a), y1 + 2.2 * math.sin(a))


def _move_arrow(pdf, movement: Movement, direction: ScreenDirection, x: float, y: float, w: float, h: float) -> None:
    """Draw the camera move over the image area (x, y, w, h)."""
    cx, cy = x + w / 2, y + h / 2
    pdf.set_draw_color(220, 30, 30)
    pdf.set_line_width(0.6)
    if movement in (Movement.TILT, Movement.PEDESTAL, Movement.CRANE):
        _arrow(pdf, cx, y + h * 0.8, cx, y + h * 0.2)
    elif movement in (Movement.PUSH_IN, Movement.ZOOM):
        _arrow(pdf, x + w * 0.15, y + h * 0.2, cx - w * 0.08, cy - h * 0.08)
        _arrow(pdf, x + w * 0.85, y + h * 0.8, cx + w * 0.08, cy + h * 0.08)
    elif movement is Movement.PULL_OUT:
        _arrow(pdf, cx - w * 0.08, cy - h * 0.08, x + w * 0.15, y + h * 0.2)
        _arrow(pdf, cx + w * 0.08, cy + h * 0.08, x + w * 0.85, y + h * 0.8)
    else:  # pan, truck, tracking, arc, handheld: across, in the screen direction
        if direction is ScreenDirection.RIGHT_TO_LEFT:
            _arrow(pdf, x + w * 0.8, cy, x + w * 0.2, cy)
        else:
            _arrow(pdf, x + w * 0.2, cy, x + w * 0.8, cy)
    pdf.set_draw_color(0)
    pdf.set_line_width(0.2)


def _panel_text(t: TimedShot) -> tuple[str, str, str]:
    s = t.shot
    spec = f"{s.size} \u00b7 {s.angle} \u00b7 {s.movement} \u00b7 {s.lens_mm}mm"
    names = {e.id: e.name for e in t.cast}
    lines = [f"{names.get(d.character, d.character)}: {d.text}" for d in s.dialogue]
    body = "\n".join([*lines, s.action or s.description])
    return f"{s.id}  ({t.frames / t.fps:.1f}s, {t.frames} fr)", spec, body


def export_storyboard_pdf(timed: Sequence[TimedShot], rendered: Sequence[RenderedShot],
                          path: str | os.PathLike[str], title: str = "", author: str = "",
                          columns: int = 2, rows: int = 3, progress: ProgressFn | None = None,
                          floorplans: dict | None = None) -> tuple[Path, str]:
    """Write the storyboard PDF.

    Args:
        timed: the shots in cut order.
        rendered: their MP4s (matched by shot id), each with its stills beside it where
            the render saved them; a shot with neither gives a grey panel.
        path: the .pdf to write.
        title, author: from the title page; the first page's header.
        columns, rows: panels per page (default 2 x 3).
        progress: told after each panel (stage ``"export storyboard-pdf"``).
        floorplans: scene id -> ``FloorPlan`` (``--with-floorplan``): a thumbnail on each scene's first panel.

    Returns:
        ``(path, note)``; ``note`` is a font warning for the user, or ``""``.

    Raises:
        PrevisError: no shots, a bad grid, a video that cannot be decoded, or
            the file cannot be written.
    """
    from fpdf import FPDF

    from renders.export.fonts import pdf_safe, setup_pdf_fonts

    if not timed:
        raise PrevisError("nothing to export: the animatic has no shots")
    if not (1 <= columns <= 6 and 1 <= rows <= 8):
        raise PrevisError(f"a storyboard grid of {columns}x{rows} does not fit a page; use 1-6 columns, 1-8 rows")
    by_id = {r.shot_id: r for r in rendered}
    floorplans = dict(floorplans or {})  # each is drawn once, on its scene's first panel
    doc_title = title or "Storyboard"

    class _Doc(FPDF):
        def header(self):
            self.set_font(family, "", 7)
            self.set_text_color(90)
            self.cell(0, 4, pdf_safe(f"{doc_title} \u2014 storyboard", family))
            self.cell(0, 4, f"page {self.page_no()}/{{nb}}", align="R", new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)

    pdf = _Doc(orientation="portrait", format="A4", unit="mm")
    texts = [title, author] + [x for t in timed for x in _panel_text(t)]
    family, note = setup_pdf_fonts(pdf, texts)
    pdf.set_auto_page_break(False)
    pdf.set_image_filter("DCTDecode")  # JPEG frame grabs: a tenth of the size of Flate
    pdf.set_margins(10, 8, 10)
    pdf.set_title(doc_title)
    if author:
        pdf.set_author(author)

    measure = TextMeasure(pdf)
    gap = 5.0
    usable_w = pdf.w - 20
    cell_w = (usable_w - gap * (columns - 1)) / columns
    per_page = columns * rows
    images = _PanelImages(by_id)
    try:
        for n, t in enumerate(timed):
            slot = n % per_page
            if slot == 0:
                images.prefetch(timed[n:n + 2 * per_page])  # this page and the next
                pdf.add_page()
                top = pdf.get_y() + 1
                if n == 0:
                    pdf.set_font(family, "B", 15)
                    pdf.multi_cell(0, 7, pdf_safe(doc_title, family), new_x="LMARGIN", new_y="NEXT")
                    if author:
                        pdf.set_font(family, "", 9)
                        pdf.multi_cell(0, 4.5, pdf_safe(author, family), new_x="LMARGIN", new_y="NEXT")
                    top = pdf.get_y() + 2
                cell_h = (pdf.h - 10 - top - gap * (rows - 1)) / rows
            col, row = slot % columns, slot // columns
            x = 10 + col * (cell_w + gap)
            y = top + row * (cell_h + gap)
            _draw_panel(pdf, measure, family, t, by_id.get(t.shot.id), images.get(t), x, y, cell_w, cell_h)
            plan_view = floorplans.pop(t.shot.scene, None)
            if plan_view is not None:  # --with-floorplan: the scene from above, over its first panel's corner
                from renders.export.floorplan_pdf import draw_thumbnail
                draw_thumbnail(pdf, plan_view, x + cell_w * 0.62, y, cell_w * 0.38, family, t.shot.id)
            report(progress, "export storyboard-pdf", t.shot.id, n + 1, len(timed))
    finally:
        images.close()
    from renders.export.pdf_file import save_pdf

    return save_pdf(pdf, path, "the storyboard"), note


class _PanelImages:
    """Each panel's images: its stored stills as files, else frames grabbed from its video.

    Grabbing is the slow fallback (a render cached before stills were saved):
    PyAV and Pillow let go of the GIL, so the missing grabs of a page and the
    next run in a few threads while the page is laid out; two pages at a time
    keep memory flat however long the script.
    """

    def __init__(self, by_id: dict[str, RenderedShot]):
        self.by_id = by_id
        self._stills = StoredStills()
        self._sources: dict[int, list | None] = {}
        self._pool: ThreadPoolExecutor | None = None
        self._pending: dict[int, object] = {}

    def _source(self, t: TimedShot) -> list | None:
        """The stills as files, or None when they must be grabbed (or [] when there is nothing to show)."""
        if id(t) not in self._sources:
            r = self.by_id.get(t.shot.id)
            stills = self._stills.find(t, r.path) if r else None
            if stills is None:
                stills = None if (r and os.path.isfile(r.path)) else []
            self._sources[id(t)] = stills
        return self._sources[id(t)]

    def prefetch(self, shots: Sequence[TimedShot]) -> None:
        """Start grabbing the panels among ``shots`` that have no stills."""
        for t in shots:
            if id(t) in self._pending or self._source(t) is not None:
                continue
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=max(1, min(4, os.cpu_count() or 1)))
            self._pending[id(t)] = self._pool.submit(_grab_jpegs, t, self.by_id[t.shot.id])

    def get(self, t: TimedShot) -> list:
        """The panel's images (file paths or in-memory JPEGs), [] for a shot with no render."""
        future = self._pending.pop(id(t), None)
        if future is not None:
            return future.result()
        source = self._source(t)
        return source if source is not None else _grab_jpegs(t, self.by_id[t.shot.id])

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)


def _grab_jpegs(t: TimedShot, r: RenderedShot) -> list:
    """A panel's frames grabbed from its video as JPEG files in memory.

    Encoded here, in the worker thread (Pillow lets go of the GIL), so the PDF
    embeds the JPEG as it is and hashes kilobytes instead of raw pixels.
    """
    import io

    return [io.BytesIO(jpeg_bytes(image)) for image in grab_frames(r.path, frame_indices(t))]


def _draw_panel(pdf, measure, family: str, t: TimedShot, r: RenderedShot | None, images: list, x: float, y: float,
                w: float, h: float) -> None:
    """One panel in the box (x, y, w, h): the picture (or a grey "no render"), then its caption."""
    aspect = (r.height / r.width) if r and r.width else 9 / 16
    text_h = 21.0
    img_h = min(w * aspect, h - text_h)
    img_w = img_h / aspect
    ix = x + (w - img_w) / 2
    if not images:
        pdf.set_fill_color(200, 200, 200)
        pdf.rect(ix, y, img_w, img_h, style="F")
        pdf.set_font(family, "", 7)
        pdf.set_xy(ix, y + img_h / 2 - 2)
        pdf.cell(img_w, 4, "no render", align="C")
    elif len(images) == 1:
        pdf.image(images[0], x=ix, y=y, w=img_w, h=img_h)
    else:  # first and last side by side, the move drawn across both
        half_w = (img_w - 2) / 2
        half_h = half_w * aspect
        iy = y + (img_h - half_h) / 2
        pdf.image(images[0], x=ix, y=iy, w=half_w, h=half_h)
        pdf.image(images[-1], x=ix + half_w + 2, y=iy, w=half_w, h=half_h)
        pdf.set_font(family, "", 6)
        for label, left in (("first", ix), ("last", ix + half_w + 2)):
            measure.draw(left + (half_w - measure.width(label)) / 2, iy + half_h + 0.5, half_w, 3, label)
        _move_arrow(pdf, t.shot.movement, t.shot.screen_direction, ix, iy, img_w, half_h)
    pdf.rect(ix, y, img_w, img_h)
    _draw_panel_text(pdf, measure, family, t, x, y + img_h + 1.2, w, y + h)


def _draw_panel_text(pdf, measure, family: str, t: TimedShot, x: float, top: float, w: float, bottom: float) -> None:
    """The caption under a panel's picture: shot id and length, the camera spec, dialogue and action.

    Drawn line by line with ``pdf.text`` (through :class:`TextMeasure`): fpdf2's
    ``cell`` measured and shaped every line again, a third of a feature's layout.
    """
    from renders.export.fonts import pdf_safe

    head, spec, body = _panel_text(t)
    pad = pdf.c_margin  # where ``cell`` put its text
    pdf.set_font(family, "B", 8.5)
    measure.draw(x + pad, top, w - pad, 4, measure.wrap(pdf_safe(head, family), w - pad, 1)[0])
    pdf.set_font(family, "", 7)
    measure.draw(x + pad, top + 4, w - pad, 3.6, measure.wrap(pdf_safe(spec, family), w - pad, 1)[0])
    top += 7.6
    max_lines = max(1, int((bottom - top) / 3.4))
    for i, line in enumerate(measure.wrap(pdf_safe(body, family), w, max_lines)):
        measure.draw(x, top + i * 3.4, w, 3.4, line)
