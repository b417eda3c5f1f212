"""The greybox set: a room for INT, open ground and skyline for EXT, a table for inserts.

A set only has to tell the viewer where they are and how the camera moves, so
it is a handful of flat faces in metres: floor and walls split into strips
along depth (the strips shade toward the distance in the beauty pass and give
the control pass a depth gradient), a window and a door, ground lines that
make pans and tracking readable, and for exteriors a sky and a skyline. The
set is laid out once per shot around where the camera will go (its whole
move), and seeded by the *location* name, so every shot in the same location
sees the same window, door and skyline.
"""
from __future__ import annotations

import random
import zlib
from dataclasses import dataclass

import numpy as np

from renders.greybox.camera import TABLE_HEIGHT
from renders.greybox.palette import Palette, mix, shade
from renders.greybox.raster import DepthScale

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True, eq=False)
class Face:
    """A flat convex polygon. ``relative`` faces (the sky) sit at infinity: their
    corners are offsets from the camera, so they never parallax."""

    verts: np.ndarray  # (k, 3) metres
    color: RGB
    relative: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class Line:
    """A line on the set (floor boards, skirting), beauty pass only."""

    a: np.ndarray
    b: np.ndarray
    color: RGB
    width: int = 1


@dataclass(frozen=True, slots=True, eq=False)
class SetLayout:
    """Everything the set paints, in painter's order, and its depth scale."""

    items: tuple[Face | Line, ...]
    background: RGB
    depth: DepthScale
    card: np.ndarray | None = None  # an insert's prop card corners (4, 3), for its label


@dataclass(frozen=True, slots=True)
class SetSpace:
    """Where the set must reach: the camera's whole path and the subjects' positions."""

    cam_z_min: float
    cam_y_max: float
    x_reach: float  # the largest |x| the camera or a subject reaches
    bg_z: float  # the furthest subject plane
    distance: float  # camera to target at the first frame


def _quad(x0: float, y0: float, z0: float, x1: float, y1: float, z1: float, axis: str) -> np.ndarray:
    """An axis-aligned rectangle: ``axis`` is the constant one ("y" floor, "x" side wall, "z" back wall)."""
    if axis == "y":
        return np.array([[x0, y0, z0], [x1, y0, z0], [x1, y0, z1], [x0, y0, z1]], dtype=float)
    if axis == "x":
        return np.array([[x0, y0, z0], [x0, y1, z0], [x0, y1, z1], [x0, y0, z1]], dtype=float)
    return np.array([[x0, y0, z0], [x1, y0, z0], [x1, y1, z0], [x0, y1, z0]], dtype=float)


def _depth_steps(start: float, cam_z: float, end: float, ratio: float = 1.7) -> list[float]:
    """Strip boundaries from ``start`` to ``end``: one strip behind the camera, then geometric from it."""
    zs = [start]
    d = 0.3
    while cam_z + d < end:
        if cam_z + d > zs[-1] + 1e-6:
            zs.append(cam_z + d)
        d *= ratio
    zs.append(end)
    return zs


def _location_rng(location: str) -> random.Random:
    return random.Random(zlib.crc32((location or "").strip().upper().encode("utf-8")))


def _sky(p: Palette) -> list[Face]:
    """Bands of sky from the horizon up, at infinity."""
    r = 1000.0
    bands = [(-2.0, 2.0), (2.0, 6.0), (6.0, 12.0), (12.0, 22.0), (22.0, 40.0), (40.0, 85.0)]
    faces = []
    for i, (a0, a1) in enumerate(bands):
        y0, y1 = r * np.tan(np.radians(a0)), r * np.tan(np.radians(a1))
        col = mix(p.sky_horizon, p.sky_top, min(1.0, i / (len(bands) - 1)))
        faces.append(Face(_quad(-4 * r, y0, r, 4 * r, y1, r, "z"), col, relative=True))
    return faces


def exterior(p: Palette, space: SetSpace, location: str) -> SetLayout:
    """Open ground to the horizon, sky, and a skyline of blocks seeded by the location."""
    items: list[Face | Line] = list(_sky(p))
    start = space.cam_z_min - 3.0
    zs = _depth_steps(start, space.cam_z_min, 160.0, ratio=2.0) + [2000.0]  # beyond 160 m it is all haze
    n = len(zs) - 1
    for i in range(n):
        k = min(1.0, i / max(n - 3, 1))
        col = shade(mix(p.ground_near, p.ground_far, k), 1.0 if i % 2 == 0 else 0.96)
        # only as wide as the widest lens could see at that distance, so near strips
        # never reach round behind a panning camera (which would need clipping)
        span = 2.2 * (zs[i + 1] - space.cam_z_min) + space.x_reach + 10.0
        items.append(Face(_quad(-span, 0.0, zs[i], span, 0.0, zs[i + 1], "y"), col))
    reach = max(12.0, space.x_reach + 6.0)
    step = 3.0
    x = -reach
    while x <= reach + 1e-6:
        items.append(Line(np.array([x, 0.0, start]), np.array([x, 0.0, 70.0]), p.line))
        x += step
    rng = _location_rng(location)
    blocks = []
    for _ in range(9):
        z = rng.uniform(18.0, 50.0) + max(0.0, space.bg_z)
        bx = rng.uniform(-30.0, 30.0) + (space.x_reach * rng.choice((-1, 1)) if space.x_reach > 6 else 0.0)
        w = rng.uniform(2.5, 8.0)
        h = rng.uniform(2.5, 12.0)
        blocks.append((z, bx, w, h, rng.uniform(0.82, 1.12)))
    for z, bx, w, h, k in sorted(blocks, reverse=True):
        items.append(Face(_quad(bx - w / 2, 0.0, z, bx + w / 2, h, z, "z"), shade(p.scenery, k)))
    depth = DepthScale(near=max(0.2, 0.5 * space.distance), far=max(40.0, 4.0 * space.distance))
    return SetLayout(tuple(items), p.sky_horizon, depth)


@dataclass(frozen=True, slots=True)
class Room:
    """An interior set seen from above, in metres of the shot's frame: side walls at ``x = +-half_width``,
    the back wall at ``z = back`` (with the window and the door in it), open toward ``z = front``."""

    back: float
    front: float
    half_width: float
    ceiling: float
    has_ceiling: bool
    window_x: float
    window_width: float
    door_x: float
    door_width: float = 0.9


def room_plan(space: SetSpace, location: str) -> Room:
    """The room around the camera's whole move; the window and door are seeded by the location name."""
    back = max(space.bg_z + 1.6, 2.6)
    front = min(space.cam_z_min - 3.0, -6.0)
    hw = max(3.5, space.x_reach + 1.5)
    ceiling = 2.9
    has_ceiling = space.cam_y_max < ceiling - 0.3
    if not has_ceiling:
        ceiling = 3.0  # a set with no roof, seen from above
    rng = _location_rng(location)
    win_w = rng.uniform(1.2, 2.0)
    win_x = rng.uniform(-hw + 0.4 + win_w / 2, hw - 0.4 - win_w / 2)
    win_x = min(max(win_x, -2.5), 2.5)
    door_x = win_x + (1.9 if win_x < 0 else -1.9) + win_w / 2 * (1 if win_x < 0 else -1)
    return Room(back, front, hw, ceiling, has_ceiling, win_x, win_w, door_x)


def interior(p: Palette, space: SetSpace, location: str, room: Room | None = None) -> SetLayout:
    """A box room around the camera's whole move: floor, three walls, ceiling, a window and a door."""
    room = room or room_plan(space, location)
    back, front, hw, ceiling, has_ceiling = room.back, room.front, room.half_width, room.ceiling, room.has_ceiling
    zs = _depth_steps(front, space.cam_z_min, back, ratio=2.0)
    n = len(zs) - 1
    items: list[Face | Line] = []
    if has_ceiling:
        for i in range(n):
            col = shade(p.ceiling, 1.0 - 0.35 * i / max(n, 1))
            items.append(Face(_quad(-hw, ceiling, zs[i], hw, ceiling, zs[i + 1], "y"), col))
    for side in (-1.0, 1.0):
        for i in range(n):
            col = shade(p.wall_side, (1.0 - 0.3 * i / max(n, 1)) * (1.0 if i % 2 == 0 else 0.97))
            items.append(Face(_quad(side * hw, 0.0, zs[i], side * hw, ceiling, zs[i + 1], "x"), col))
    items.append(Face(_quad(-hw, 0.0, back, hw, ceiling, back, "z"), p.wall))
    win_x, win_w, door_x = room.window_x, room.window_width, room.door_x
    wz = back - 0.01
    items.append(Face(_quad(win_x - win_w / 2, 1.0, wz, win_x + win_w / 2, 2.2, wz, "z"), p.window))
    frame_col = shade(p.wall, 0.7)
    items.append(Line(np.array([win_x, 1.0, wz]), np.array([win_x, 2.2, wz]), frame_col, 2))
    items.append(Line(np.array([win_x - win_w / 2, 1.6, wz]), np.array([win_x + win_w / 2, 1.6, wz]), frame_col, 2))
    half_door = room.door_width / 2
    items.append(Face(_quad(door_x - half_door, 0.0, wz, door_x + half_door, 2.05, wz, "z"), p.door))
    for i in range(n):
        k = i / max(n - 1, 1)
        col = shade(mix(p.ground_near, p.ground_far, k), 1.0 if i % 2 == 0 else 0.95)
        items.append(Face(_quad(-hw, 0.0, zs[i], hw, 0.0, zs[i + 1], "y"), col))
    x = -hw + 0.75
    while x < hw - 0.1:
        items.append(Line(np.array([x, 0.0, front]), np.array([x, 0.0, back]), p.line))
        x += 0.75
    skirt = shade(p.wall, 0.6)
    for side in (-1.0, 1.0):
        items.append(Line(np.array([side * hw, 0.0, front]), np.array([side * hw, 0.0, back]), skirt, 2))
    items.append(Line(np.array([-hw, 0.0, back - 0.02]), np.array([hw, 0.0, back - 0.02]), skirt, 2))
    far = max(back - space.cam_z_min, 1.0) * 1.4
    depth = DepthScale(near=max(0.15, 0.5 * space.distance), far=max(far, 2.0 * space.distance))
    return SetLayout(tuple(items), p.wall, depth)


def insert_table(layout: SetLayout, p: Palette, ambient: float) -> SetLayout:
    """Add a table top and a blank prop card at the origin (the insert's subject)."""
    wood = shade(mix(p.ground_near, (150, 112, 74), 0.6), max(ambient, 0.5))
    y = TABLE_HEIGHT
    table = Face(_quad(-1.0, y, -0.55, 1.0, y, 0.75, "y"), wood)
    edge = Face(np.array([[-1.0, y, -0.55], [1.0, y, -0.55], [1.0, y - 0.06, -0.55], [-1.0, y - 0.06, -0.55]]),
                shade(wood, 0.7))
    shadow = Face(_quad(-0.19, y + 0.0005, -0.125, 0.2, y + 0.0005, 0.135, "y"), shade(wood, 0.55))
    card = _quad(-0.18, y + 0.001, -0.12, 0.18, y + 0.001, 0.12, "y")
    card_face = Face(card, shade((238, 232, 218), max(ambient, 0.6)))
    return SetLayout(layout.items + (edge, table, shadow, card_face), layout.background, layout.depth, card)
