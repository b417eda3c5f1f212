"""A floor plan as a small picture: what the app shows beside the shot list (in half blocks).

The same view (:func:`floorplan_layout.fit_view`) and the same plan data as the PDF, painted
with Pillow at terminal resolution: walls, window and door, every camera's wedge (the
selected shot's in orange, over the others), the 180° line, the cast as discs in their bible
colours, and the cameras as dots (the selected one orange). Text would be unreadable at two
pixels a cell, so names live in the shot table next to it.
"""
from __future__ import annotations

from renders.export.floorplan_model import FloorPlan, fit_view, wedge_points
from renders.export.floorplan_pdf import DOOR, HIGHLIGHT, LINE_180, WINDOW

# on a dark terminal; the set's, the line's and the highlight's colours are the PDF's
BACKGROUND = (28, 30, 34)
WALL = (200, 200, 200)
WEDGE = (70, 90, 130)
CAMERA = (235, 235, 235)


def floorplan_image(fp: FloorPlan, width: int, height: int, highlight: str | None = None):
    """Paint ``fp`` into a ``width`` x ``height`` RGB PIL image; ``highlight`` is the selected shot's id."""
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (max(width, 1), max(height, 1)), BACKGROUND)
    wedges = Image.new("RGB", img.size, BACKGROUND)
    shade = ImageDraw.Draw(wedges)
    # a terminal has few pixels: frame the cast and the selected camera; the rest may run off the edge
    lit = fp.camera(highlight) if highlight else None
    pts = [(m.x, m.z) for m in fp.marks] + ([(lit.x, lit.z), *lit.path] if lit is not None else [])
    if lit is None or not fp.marks:
        x0, z0, x1, z1 = fp.bounds(room=False)
    else:
        x0, z0 = min(p[0] for p in pts), min(p[1] for p in pts)
        x1, z1 = max(p[0] for p in pts), max(p[1] for p in pts)
    to, k = fit_view((x0 - 0.6, z0 - 0.6, x1 + 0.6, z1 + 0.6), 0, 0, width - 1, height - 1, margin=0.02)
    for _, _, cam in fp.setups():
        shade.polygon([to(*p) for p in wedge_points(cam)], fill=WEDGE)
    if lit is not None:
        shade.polygon([to(*p) for p in wedge_points(lit)], fill=HIGHLIGHT)
    img = Image.blend(img, wedges, 0.55)
    draw = ImageDraw.Draw(img)
    if fp.room is not None:
        c = [to(*p) for p in fp.room.corners]
        draw.line([c[3], c[0], c[1], c[2]], fill=WALL, width=1)
        draw.line([to(*p) for p in fp.room.window], fill=WINDOW, width=2)
        draw.line([to(*p) for p in fp.room.door], fill=DOOR, width=2)
    for a, b in fp.lines:
        draw.line([to(*a), to(*b)], fill=LINE_180, width=1)
    for mv in fp.moves:
        draw.line([to(*p) for p in mv.points], fill=mv.color, width=1)
    r = max(1.5, 0.3 * k)
    for m in fp.marks:
        x, y = to(m.x, m.z)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=m.color)
    for _, _, cam in fp.setups():
        if cam.path:
            draw.line([to(*p) for p in cam.path], fill=CAMERA, width=1)
        x, y = to(cam.x, cam.z)
        draw.rectangle([x - 0.5, y - 0.5, x + 0.5, y + 0.5], fill=CAMERA)
    if lit is not None:
        x, y = to(lit.x, lit.z)
        draw.rectangle([x - 1, y - 1, x + 1, y + 1], fill=HIGHLIGHT)
    return img
