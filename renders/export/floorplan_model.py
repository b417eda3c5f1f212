"""The floor plan's plain data: marks, moves, cameras, the room, and how a view maps them onto a page.

Made by :mod:`renders.export.floorplan_layout`, drawn by ``floorplan_pdf.py`` (pages, storyboard
thumbnails) and ``floorplan_image.py`` (the app). Metres, scene frame: x to the right, z up the page.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from shots.vocabulary import Movement

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a character stands (metres, scene frame: x right, z up the page) and which way they face."""

    id: str
    name: str
    color: tuple[int, int, int]
    x: float
    z: float
    facing: Point
    shot: str  # the shot that put them there


@dataclass(frozen=True, slots=True)
class Move:
    """A character walking from one point to another (a re-blocking, or a tracking shot's walk)."""

    id: str
    color: tuple[int, int, int]
    points: tuple[Point, ...]
    shot: str


@dataclass(frozen=True, slots=True)
class ShotCamera:
    """One shot's camera on the plan: position, look direction (unit), horizontal field of view
    (radians), its path when it moves, and who is in frame.

    The wedge on the floor is the lens's view at the height the shot aims at: a camera that looks
    down (a high angle, an overhead) sees the floor around and even behind the point below it, so its
    wedge's apex lies ``back`` metres behind the camera and its half-angle ``spread`` narrows with the
    tilt. At eye level ``back`` is about 0 and ``spread`` half the lens's field of view."""

    shot_id: str
    setup: int
    x: float
    z: float
    direction: Point
    hfov: float
    lens_mm: int
    movement: Movement
    path: tuple[Point, ...]
    height_note: str  # "crane 1.6-3.4 m" for moves that change height, else ""
    subjects: tuple[str, ...]
    reach: float  # how long to draw the wedge: a little past the furthest subject
    cast_at: tuple[tuple[str, float, float], ...] = ()  # everyone on set during the shot, where they stand
    back: float = 0.0  # metres from the camera back to the wedge's apex
    spread: float = 0.0  # the wedge's half-angle on the floor (radians); 0 means hfov / 2

    def in_frame(self) -> set[str]:
        """Who of those on set during the shot stands inside its wedge."""
        return {cid for cid, x, z in self.cast_at if self.sees(x, z)}

    def sees(self, x: float, z: float) -> bool:
        """True when the floor point ``(x, z)`` is inside this camera's field-of-view wedge."""
        vx, vz = x - self.x, z - self.z
        along = vx * self.direction[0] + vz * self.direction[1] + self.back
        if along <= 1e-9:
            return False
        across = abs(vx * self.direction[1] - vz * self.direction[0])
        return math.atan2(across, along) <= self.half_angle + 1e-6

    @property
    def half_angle(self) -> float:
        """The floor wedge's half-angle, radians."""
        return self.spread or self.hfov / 2.0


@dataclass(frozen=True, slots=True)
class Room:
    """The set from above: corners of the walls (back-left, back-right, front-right, front-left;
    the front is the open fourth wall) and the window and door as wall segments."""

    corners: tuple[Point, Point, Point, Point]
    window: tuple[Point, Point]
    door: tuple[Point, Point]


@dataclass(frozen=True, slots=True)
class FloorPlan:
    """Everything a scene's overhead diagram draws."""

    scene: str
    heading: str
    eighths: int
    room: Room | None  # None outdoors
    marks: tuple[Mark, ...]
    moves: tuple[Move, ...]
    lines: tuple[tuple[Point, Point], ...]  # 180° lines
    cameras: tuple[ShotCamera, ...]  # one per shot, in shot order

    def camera(self, shot_id: str) -> ShotCamera | None:
        """The camera of one shot, or None."""
        return next((c for c in self.cameras if c.shot_id == shot_id), None)

    def setups(self) -> list[tuple[int, tuple[str, ...], ShotCamera]]:
        """``(setup number, its shots, the camera of its first shot)`` in setup order."""
        seen: dict[int, list[ShotCamera]] = {}
        for c in self.cameras:
            seen.setdefault(c.setup, []).append(c)
        return [(n, tuple(c.shot_id for c in cams), cams[0]) for n, cams in sorted(seen.items())]

    def bounds(self, room: bool = True) -> tuple[float, float, float, float]:
        """``(x0, z0, x1, z1)`` holding the marks, moves and cameras, and the room's walls with ``room``."""
        pts = [(m.x, m.z) for m in self.marks] + [(c.x, c.z) for c in self.cameras]
        pts += [p for mv in self.moves for p in mv.points] + [p for c in self.cameras for p in c.path]
        if self.room is not None and room:
            pts += list(self.room.corners)
        if not pts:
            return (-3.0, -3.0, 3.0, 3.0)
        xs, zs = [p[0] for p in pts], [p[1] for p in pts]
        return (min(xs), min(zs), max(xs), max(zs))


def fit_view(bounds: tuple[float, float, float, float], x: float, y: float, w: float, h: float,
             margin: float = 0.06):
    """A function from scene metres to a box on a page or an image (``x, y`` its top-left, y down), keeping
    the scale equal on both axes and z pointing up; and that scale (units per metre).

    Both painters (the PDF and the terminal's picture) draw through it, so they agree on the view.
    """
    x0, z0, x1, z1 = bounds
    span_x, span_z = max(x1 - x0, 1.0), max(z1 - z0, 1.0)
    k = min(w / span_x, h / span_z) * (1.0 - 2 * margin)
    ox = x + (w - span_x * k) / 2.0
    oy = y + (h - span_z * k) / 2.0

    def to(px: float, pz: float) -> tuple[float, float]:
        return (ox + (px - x0) * k, oy + (z1 - pz) * k)

    return to, k


def wedge_points(cam: ShotCamera, reach: float | None = None) -> tuple[Point, Point, Point, Point]:
    """The field-of-view wedge from the camera to ``reach`` metres ahead, in scene metres: near left, far
    left, far right, near right (the near corners meet at the lens unless the camera looks down)."""
    r = cam.reach if reach is None else reach
    dx, dz = cam.direction
    nx, nz = -dz, dx  # to the left of the look direction
    t = math.tan(cam.half_angle)
    near, far = cam.back * t, (cam.back + r) * t
    return ((cam.x + nx * near, cam.z + nz * near), (cam.x + dx * r + nx * far, cam.z + dz * r + nz * far),
            (cam.x + dx * r - nx * far, cam.z + dz * r - nz * far), (cam.x - nx * near, cam.z - nz * near))
