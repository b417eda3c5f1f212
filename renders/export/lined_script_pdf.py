"""The lined script: the typeset screenplay with the shot plan drawn on it, as a script supervisor marks it.

Each shot is a vertical tramline over the printed lines it covers, its id
written at the top. The line is straight where the character speaking is on
camera and wavy where they are off (a V.O., or a speaker outside the shot's
subjects); a short bar marks where a shot starts and ends, and a shot that
runs on to the next page simply stops at the bottom (no bar) and picks up at
the top of the next one. Shots that overlap on a page take separate columns,
left to right, so no two lines or labels collide.

:func:`tramlines` is pure data (what to draw, where), so tests and other
writers read the same geometry the PDF shows.
"""
from __future__ import annotations

import os
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from screenplay.model import Screenplay
from screenplay.typeset import LINE_HEIGHT, Layout, typeset
from shots.model import Shot, ShotPlan
from shots.progress import ProgressFn, report

__all__ = ["TramSegment", "Tramline", "tramlines", "export_script_pdfs", "FIRST_COLUMN_X", "COLUMN_STEP"]

FIRST_COLUMN_X = 1.3  # inches: the first column sits in the left margin, the next ones over the text
COLUMN_STEP = 0.32
_LABEL_ROOM = 0.3  # a column is free again this far (inches) below the shot above it: room for the label
_OFFSCREEN = ("VO", "OS", "OC", "OFF", "PRELAP")
_MARKED = ("scene_heading", "action", "character", "parenthetical", "dialogue", "lyrics", "transition",
           "centered", "more")


@dataclass(frozen=True, slots=True)
class TramSegment:
    """A stretch of one tramline, ``top``/``bottom`` in inches from the page's top; wavy = speaker off camera."""

    top: float
    bottom: float
    wavy: bool


@dataclass(frozen=True, slots=True)
class Tramline:
    """One shot's line on one page.

    ``starts``/``ends``: the shot begins/finishes on this page (an end bar is
    drawn there); ``column`` counts from 0 at :data:`FIRST_COLUMN_X`.
    """

    shot_id: str
    page: int
    column: int
    x: float
    top: float
    bottom: float
    segments: tuple[TramSegment, ...]
    starts: bool
    ends: bool


def _off_camera_lines(shot: Shot) -> set[int]:
    """Source lines of speech whose speaker is off camera in this shot."""
    out: set[int] = set()
    for d in shot.dialogue:
        ext = (d.extension or "").upper().replace(".", "").replace(" ", "")
        if d.character in shot.subjects and ext not in _OFFSCREEN:
            continue
        first = d.line - (1 if d.parenthetical else 0)
        out.update(range(first, d.line + d.text.count("\n") + 1))
    return out


def _segments(rows, off: set[int]) -> tuple[TramSegment, ...]:
    segs: list[TramSegment] = []
    for r in rows:
        top, bottom = r.y - LINE_HEIGHT * 0.8, r.y + LINE_HEIGHT * 0.2
        wavy = r.line in off and r.kind in ("parenthetical", "dialogue", "lyrics", "more")
        if segs and segs[-1].wavy == wavy:
            segs[-1] = TramSegment(segs[-1].top, bottom, wavy)
        else:
            segs.append(TramSegment(top, bottom, wavy))
    return tuple(segs)


def tramlines(layout: Layout, plans: Sequence[ShotPlan]) -> list[Tramline]:
    """Where every shot's tramline goes, page by page.

    Args:
        layout: the typeset script.
        plans: the scene plans (shots with ``first_line``/``last_line``).

    Returns:
        One :class:`Tramline` per shot per page it covers, in page order,
        columns assigned so that lines and labels on a page never overlap.
    """
    printed = sorted((ln for ln in layout.lines if ln.row >= 0 and ln.kind in _MARKED),
                     key=lambda ln: (ln.line, ln.page, ln.row))
    keys = [ln.line for ln in printed]
    pieces: list[tuple[int, float, float, Shot, list, bool, bool]] = []
    for plan in plans:
        for shot in plan.shots:
            found = printed[bisect_left(keys, shot.first_line):bisect_right(keys, shot.last_line)]
            rows = sorted(found, key=lambda ln: (ln.page, ln.row))
            if not rows:
                continue
            pages = sorted({r.page for r in rows})
            for page in pages:
                on_page = [r for r in rows if r.page == page]
                pieces.append((page, on_page[0].y - LINE_HEIGHT * 0.8, on_page[-1].y + LINE_HEIGHT * 0.2, shot,
                               on_page, page == pages[0], page == pages[-1]))
    pieces.sort(key=lambda p: (p[0], p[1]))
    out: list[Tramline] = []
    column_bottoms: dict[int, list[float]] = {}
    for page, top, bottom, shot, rows, starts, ends in pieces:
        bottoms = column_bottoms.setdefault(page, [])
        column = next((c for c, b in enumerate(bottoms) if b + _LABEL_ROOM <= top), len(bottoms))
        if column == len(bottoms):
            bottoms.append(bottom)
        else:
            bottoms[column] = bottom
        out.append(Tramline(shot.id, page, column, FIRST_COLUMN_X + column * COLUMN_STEP, top, bottom,
                            _segments(rows, _off_camera_lines(shot)), starts, ends))
    return out


def _draw_tramline(pdf, t: Tramline) -> None:
    pdf.set_draw_color(200, 0, 0)
    pdf.set_line_width(0.012)
    for seg in t.segments:
        if not seg.wavy:
            pdf.line(t.x, seg.top, t.x, seg.bottom)
            continue
        points, y, side = [], seg.top, 1
        while y < seg.bottom:
            points.append((t.x + 0.035 * side, y))
            y += 0.05
            side = -side
        points.append((t.x, seg.bottom))
        pdf.polyline(points)
    if t.starts:
        pdf.line(t.x - 0.06, t.top, t.x + 0.06, t.top)
    if t.ends:
        pdf.line(t.x - 0.06, t.bottom, t.x + 0.06, t.bottom)
    pdf.set_font("helvetica", "B", 7)
    pdf.set_text_color(200, 0, 0)
    width = pdf.get_string_width(t.shot_id)
    pdf.text(t.x - width / 2, t.top - 0.05, t.shot_id)
    pdf.set_text_color(0)


def export_script_pdfs(screenplay: Screenplay, plans: Sequence[ShotPlan], path: str | os.PathLike[str],
                       title: str = "", author: str = "", lined: bool = False,
                       progress: ProgressFn | None = None) -> tuple[Path, str]:
    """Write the typeset script, lined with the plan's shots when ``lined``.

    ``progress`` is told after each page (stage ``"export script-pdf"`` or ``"export lined-script-pdf"``).

    Returns:
        ``(path, note)``; ``note`` is a font warning for the user, or ``""``.

    Raises:
        PrevisError: the file cannot be written.
    """
    from renders.export.script_pdf import draw_page, export_script_pdf, new_script_document, write_pdf

    layout = typeset(screenplay)
    if not lined:
        return export_script_pdf(layout, path, title, author, progress=progress)
    pdf, family, note, typewriter = new_script_document(layout, title, author)
    lines_by_page: dict[int, list] = {}
    for ln in layout.lines:
        lines_by_page.setdefault(ln.page, []).append(ln)
    trams_by_page: dict[int, list[Tramline]] = {}
    for t in tramlines(layout, plans):
        trams_by_page.setdefault(t.page, []).append(t)
    for number in range(1, layout.pages + 1):
        pdf.add_page()
        draw_page(pdf, lines_by_page.get(number, []), family, typewriter)
        for t in trams_by_page.get(number, []):
            _draw_tramline(pdf, t)
        report(progress, "export lined-script-pdf", str(number), number, layout.pages)
    return write_pdf(pdf, path, "lined script"), note
