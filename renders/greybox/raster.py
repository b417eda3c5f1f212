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
        if z <= self.near:
            return 255
        inv = (1.0 / z - 1.0 / self.far) / (1.0 / self.near - 1.0 / self.far)
        return int(round(16 + 239 * inv)) if inv > 0 else 16


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


def segment_screen(a: np.ndarray, b: np.ndarray, proj: Projector) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """Screen endpoints of a camera-space segment clipped to the near plane, or None."""
    if a[2] < NEAR and b[2] < NEAR:
        return None
    if a[2] < NEAR:
        a = a + (b - a) * ((NEAR - a[2]) / (b[2] - a[2]))
    elif b[2] < NEAR:
        b = b + (a - b) * ((NEAR - b[2]) / (a[2] - b[2]))
    pts = proj.to_screen(np.stack([a, b]))
    return (pts[0, 0], pts[0, 1]), (pts[1, 0], pts[1, 1])
