"""Project world polygons through a :class:`CameraPose` and paint them.

The greybox is a painter's-algorithm renderer on top of Pillow's polygon
filler: a set is a few dozen flat faces, so projecting all their corners in
one numpy product and filling each face costs well under a millisecond, far
less than a per-pixel rasteriser in Python would. The same faces are painted
twice per frame: once in colour (the beauty pass) and once as a flat grey
whose brightness is inverse depth (the control pass for diffusion), so the
two videos always agree on layout.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from renders.greybox.camera import NEAR, CameraPose

RGB = tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class DepthScale:
    """Maps camera distance to a control-video grey: near (``near`` m or closer) = 255, ``far`` or beyond = ~0.

    Inverse depth (like a disparity map from a monocular depth model), so the
    grey resolves near things finely and flattens the distance, as depth
    ControlNets were trained to expect.
    """

    near: float
    far: float

    def value(self, z: float) -> int:
        """The grey for distance ``z``, in video (limited) range: 16 far .. 235 near, so the
        depth pass is the control video's Y plane as it is."""
        if z <= self.near:
            return 235
        inv = (1.0 / z - 1.0 / self.far) / (1.0 / self.near - 1.0 / self.far)
        return int(round(16 + 219 * inv)) if inv > 0 else 16


class Projector:
    """Projects world points for one frame's camera at one frame size."""

    __slots__ = ("pose", "basis", "origin", "f", "cx", "cy", "width", "height")

    def __init__(self, pose: CameraPose, width: int, height: int):
        self.pose = pose
        self.basis = pose.basis()
        self.origin = np.array([pose.x, pose.y, pose.z])
        self.f = pose.focal_px(width)
        self.cx = width / 2.0
        self.cy = height / 2.0
        self.width = width
        self.height = height

    def to_camera(self, points: np.ndarray) -> np.ndarray:
        """World points (N, 3) to camera space (N, 3): x right, y up, z forward."""
        return (points - self.origin) @ self.basis

    def to_screen(self, cam: np.ndarray) -> np.ndarray:
        """Camera-space points (N, 3) with z > 0 to pixel coordinates (N, 2)."""
        z = cam[:, 2]
        out = np.empty((cam.shape[0], 2))
        out[:, 0] = self.cx + self.f * cam[:, 0] / z
        out[:, 1] = self.cy - self.f * cam[:, 1] / z
        return out


def clip_near(poly: np.ndarray) -> np.ndarray:
    """Clip a camera-space polygon (k, 3) to ``z >= NEAR`` (Sutherland-Hodgman, one plane)."""
    out = []
    k = len(poly)
    for i in range(k):
        a = poly[i]
        b = poly[(i + 1) % k]
        ina, inb = a[2] >= NEAR, b[2] >= NEAR
        if ina:
            out.append(a)
        if ina != inb:
            t = (NEAR - a[2]) / (b[2] - a[2])
            out.append(a + (b - a) * t)
    return np.array(out) if out else np.empty((0, 3))


def polygon_screen(cam: np.ndarray, proj: Projector) -> tuple[list[tuple[float, float]], float] | None:
    """Screen polygon and mean depth of a camera-space polygon, or None when it is behind the camera."""
    z = cam[:, 2]
    if z.min() < NEAR:
        if z.max() < NEAR:
            return None
        cam = clip_near(cam)
        if len(cam) < 3:
            return None
    pts = proj.to_screen(cam)
    return list(map(tuple, pts.tolist())), float(cam[:, 2].mean())


class FaceBatch:
    """All faces of a set, projected together: one matrix product per frame, then
    only faces that cross the near plane are clipped one by one."""

    def __init__(self, faces: list[np.ndarray], relative: list[bool]):
        self.count = len(faces)
        sizes = [len(f) for f in faces]
        self.starts = np.cumsum([0] + sizes)
        self.verts = np.concatenate(faces) if faces else np.empty((0, 3))
        self.absolute = np.repeat(np.array([not r for r in relative], dtype=float), sizes)[:, None]
        self.sizes = np.array(sizes, dtype=float)

    def project(self, proj: Projector) -> list[tuple[list, list, float] | None]:
        """Per face: (screen polygon, the same at half scale, mean camera depth), or None when behind the camera."""
        if not self.count:
            return []
        cam = self.verts @ proj.basis - self.absolute * (proj.origin @ proj.basis)
        z = cam[:, 2]
        idx = self.starts[:-1]
        zmin = np.minimum.reduceat(z, idx)
        zmax = np.maximum.reduceat(z, idx)
        zmean = (np.add.reduceat(z, idx) / self.sizes).tolist()
        zs = np.maximum(z, NEAR)
        scr = np.empty((len(z), 2))
        scr[:, 0] = proj.cx + proj.f * cam[:, 0] / zs
        scr[:, 1] = proj.cy - proj.f * cam[:, 1] / zs
        pts = list(map(tuple, scr.tolist()))
        half = list(map(tuple, (scr * 0.5).tolist()))
        # faces wholly outside the frame (most of a room in a close shot) are not filled at all
        off = ((np.maximum.reduceat(scr[:, 0], idx) < 0) | (np.minimum.reduceat(scr[:, 0], idx) > proj.width)
               | (np.maximum.reduceat(scr[:, 1], idx) < 0) | (np.minimum.reduceat(scr[:, 1], idx) > proj.height))
        out: list[tuple[list, list, float] | None] = []
        starts = self.starts.tolist()
        for k, (lo, hi, outside) in enumerate(zip(zmin.tolist(), zmax.tolist(), off.tolist())):
            if lo >= NEAR and outside:
                out.append(None)
            elif lo >= NEAR:
                out.append((pts[starts[k]:starts[k + 1]], half[starts[k]:starts[k + 1]], zmean[k]))
            elif hi < NEAR:
                out.append(None)
            else:
                hit = polygon_screen(cam[starts[k]:starts[k + 1]], proj)
                out.append(None if hit is None else (hit[0], [(x / 2, y / 2) for x, y in hit[0]], hit[1]))
        return out


class LineBatch:
    """All set lines projected together, clipped to the near plane and to the frame
    (a thin line thousands of pixels long off-screen would cost Pillow its full length)."""

    def __init__(self, a: list[np.ndarray], b: list[np.ndarray]):
        self.count = len(a)
        self.a = np.array(a, dtype=float).reshape(-1, 3)
        self.b = np.array(b, dtype=float).reshape(-1, 3)

    def project(self, proj: Projector) -> list[tuple[tuple[float, float], tuple[float, float]] | None]:
        if not self.count:
            return []
        off = proj.origin @ proj.basis
        ca = self.a @ proj.basis - off
        cb = self.b @ proj.basis - off
        za, zb = ca[:, 2:3], cb[:, 2:3]
        visible = (za[:, 0] >= NEAR) | (zb[:, 0] >= NEAR)
        with np.errstate(divide="ignore", invalid="ignore"):
            ta = np.where(za == zb, 0.0, (NEAR - za) / (zb - za))
            tb = np.where(za == zb, 0.0, (NEAR - zb) / (za - zb))
        ca, cb = np.where(za < NEAR, ca + (cb - ca) * ta, ca), np.where(zb < NEAR, cb + (ca - cb) * tb, cb)
        floor = np.array([-np.inf, -np.inf, NEAR])
        sa, sb = proj.to_screen(np.maximum(ca, floor)), proj.to_screen(np.maximum(cb, floor))
        p0, p1, ok = clip_segments(sa, sb, -2.0, -2.0, proj.width + 2.0, proj.height + 2.0)
        ok &= visible
        return [((a[0], a[1]), (b[0], b[1])) if good else None
                for a, b, good in zip(p0.tolist(), p1.tolist(), ok.tolist())]


def clip_segments(p0: np.ndarray, p1: np.ndarray, xmin: float, ymin: float, xmax: float, ymax: float):
    """Liang-Barsky for many 2D segments at once: returns clipped (p0, p1, inside-mask)."""
    d = p1 - p0
    t0 = np.zeros(len(p0))
    t1 = np.ones(len(p0))
    ok = np.isfinite(d).all(axis=1)
    for p, q in ((-d[:, 0], p0[:, 0] - xmin), (d[:, 0], xmax - p0[:, 0]),
                 (-d[:, 1], p0[:, 1] - ymin), (d[:, 1], ymax - p0[:, 1])):
        ok &= ~((p == 0) & (q < 0))
        with np.errstate(divide="ignore", invalid="ignore"):
            r = q / p
        t0 = np.where(p < 0, np.maximum(t0, r), t0)
        t1 = np.where(p > 0, np.minimum(t1, r), t1)
    ok &= t0 <= t1
    return p0 + t0[:, None] * d, p0 + t1[:, None] * d, ok
