"""Mannequins: a character as a few flat shapes in its bible colour.

A greybox figure must say *who* (colour, build, a name label), *where* (feet on
the floor at the planned screen position and depth) and *which way they look*
(eyes on the side of the head they face, the back of the head darker), and
nothing else. Joints are placed in 3D and projected with the frame's camera,
so a low angle foreshortens the body and a close-up fills the frame with the
head, with no special cases per shot size.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from renders.greybox.canvas import Canvas
from renders.greybox.palette import mix, shade
from renders.greybox.raster import NEAR, DepthScale, Projector

RGB = tuple[int, int, int]

# silhouette -> (height m, width factor)
SILHOUETTES: dict[str, tuple[float, float]] = {
    "average": (1.75, 1.0),
    "tall": (1.92, 0.95),
    "short": (1.58, 1.0),
    "broad": (1.80, 1.3),
    "slim": (1.76, 0.8),
    "child": (1.22, 0.9),
}

# joint indices
HEAD, NECK, SH_L, SH_R, HIP_L, HIP_R, FOOT_L, FOOT_R, HAND_L, HAND_R, EYE_L, EYE_R, MOUTH, TOP = range(14)


def build(silhouette: str) -> tuple[float, float]:
    """Height (m) and width factor of a silhouette word (unknown words are ``average``)."""
    return SILHOUETTES.get((silhouette or "average").strip().lower(), SILHOUETTES["average"])


def facing_vector(facing: str, foreground: bool) -> tuple[float, float]:
    """Unit (x, z) direction a figure faces. Left/right are three-quarter views, as
    actors cheat toward the lens; a foreground (over-the-shoulder) figure faces into the scene."""
    f = (facing or "camera").strip().lower()
    sx = -1.0 if f == "left" else 1.0 if f == "right" else 0.0
    if foreground or f in ("away", "back"):
        vx, vz = sx * 0.6, 1.0
    elif sx:
        vx, vz = sx, -0.55
    else:
        vx, vz = 0.0, -1.0
    n = math.hypot(vx, vz)
    return vx / n, vz / n


@dataclass(frozen=True, slots=True, eq=False)
class Figure:
    """One mannequin in one shot. ``x``/``z`` are where its feet stand (metres)."""

    id: str
    name: str
    x: float
    z: float
    facing: tuple[float, float]
    height: float
    width: float
    color: RGB
    foreground: bool = False
    walking: bool = False

    def joints(self, dx: float = 0.0, phase: float = 0.0) -> np.ndarray:
        """World positions (14, 3) of the joints; ``dx`` shifts the figure (tracking), ``phase`` swings the walk."""
        h, w = self.height, self.width
        child = h < 1.4
        r = (0.085 if child else 0.065) * h
        fx, fz = self.facing
        sx, sz = -fz, fx  # the figure's right-hand side... mirrored: left is -side
        swing = 0.16 * h * math.sin(phase) if self.walking else 0.0
        # local (side, up, forward) offsets
        local = np.array([
            [0.0, h - r * 1.05, 0.0],  # HEAD centre
            [0.0, h - r * 2.3, 0.0],  # NECK
            [-0.125 * h * w, 0.815 * h - (0.02 if child else 0.0), 0.0],  # SH_L
            [0.125 * h * w, 0.815 * h - (0.02 if child else 0.0), 0.0],  # SH_R
            [-0.075 * h * w, 0.52 * h, 0.0],  # HIP_L
            [0.075 * h * w, 0.52 * h, 0.0],  # HIP_R
            [-0.06 * h, 0.0, swing],  # FOOT_L
            [0.06 * h, 0.0, -swing],  # FOOT_R
            [-0.16 * h * w, 0.47 * h, 0.04 * h - swing * 0.6],  # HAND_L
            [0.16 * h * w, 0.47 * h, 0.04 * h + swing * 0.6],  # HAND_R
            [-0.38 * r, h - r * 0.9, 0.8 * r],  # EYE_L
            [0.38 * r, h - r * 0.9, 0.8 * r],  # EYE_R
            [0.0, h - r * 1.55, 0.85 * r],  # MOUTH
            [0.0, h, 0.0],  # TOP of head
        ])
        out = np.empty_like(local)
        out[:, 0] = self.x + dx + local[:, 0] * sx + local[:, 2] * fx
        out[:, 1] = local[:, 1]
        out[:, 2] = self.z + local[:, 0] * sz + local[:, 2] * fz
        return out

    @property
    def head_radius(self) -> float:
        return (0.085 if self.height < 1.4 else 0.065) * self.height


@dataclass(frozen=True, slots=True)
class Drawn:
    """Where a figure landed on screen this frame (for labels and mouth flaps)."""

    head: tuple[float, float]
    head_px: float
    top_y: float
    depth: float
    mouth: tuple[float, float] | None  # None when the face is turned away or too small
    dark: RGB


def draw_figure(fig: Figure, proj: Projector, canvas: Canvas, scale: DepthScale, ambient: float,
                dx: float = 0.0, phase: float = 0.0, beauty: bool = True) -> Drawn | None:
    """Paint one mannequin in the beauty planes (if ``beauty``) and the depth plane (if the canvas has one).

    Args:
        fig: the figure.
        proj: this frame's projector.
        canvas: the frame being painted.
        scale: the set's depth scale (one grey for the whole figure).
        ambient: palette light level, dims the figure at night.
        dx, phase: tracking shift and walk phase.
        beauty: paint colour (False paints depth only).

    Returns:
        Where it landed, or None when it is behind the camera.
    """
    cam = proj.to_camera(fig.joints(dx, phase))
    if cam[[HEAD, HIP_L, HIP_R, FOOT_L, FOOT_R], 2].min() < NEAR:
        return None
    pts = proj.to_screen(cam)
    p = [tuple(v) for v in pts.tolist()]
    zs = cam[:, 2].tolist()
    f = proj.f
    h = fig.height
    k = ambient * (0.42 if fig.foreground else 1.0)
    to_cam = -(fig.facing[0] * (fig.x + dx - proj.pose.x) + fig.facing[1] * (fig.z - proj.pose.z))
    faces_camera = to_cam > 0.15 * math.hypot(fig.x + dx - proj.pose.x, fig.z - proj.pose.z)

    def width_px(metres: float, z: float) -> int:
        return max(1, int(round(metres * f / z)))

    leg_w = width_px(0.075 * h * fig.width, zs[HIP_L])
    arm_w = width_px(0.05 * h * fig.width, zs[SH_L])
    neck_w = width_px(0.045 * h, zs[NECK])
    far_arm, near_arm = ((SH_L, HAND_L), (SH_R, HAND_R)) if zs[SH_L] > zs[SH_R] else ((SH_R, HAND_R), (SH_L, HAND_L))
    torso = [p[SH_L], p[SH_R], p[HIP_R], p[HIP_L]]
    head_r = fig.head_radius * f / zs[HEAD]
    hx, hy = p[HEAD]
    head_box = (hx - head_r * 0.86, hy - head_r, hx + head_r * 0.86, hy + head_r)
    dark = shade(fig.color, 0.25 * k)
    if beauty:
        body = shade(fig.color, k)
        legs = shade(fig.color, 0.62 * k)
        arms = shade(fig.color, 0.86 * k)
        skin = shade(mix(fig.color, (214, 200, 186), 0.62), k)
        head_col = skin if faces_camera else shade(fig.color, 0.45 * k)  # the back of the head reads as hair
        canvas.line(p[HIP_L], p[FOOT_L], legs, leg_w)
        canvas.line(p[HIP_R], p[FOOT_R], legs, leg_w)
        canvas.line(p[far_arm[0]], p[far_arm[1]], arms, arm_w)
        canvas.polygon(torso, [(x / 2, y / 2) for x, y in torso], body)
        canvas.line(p[NECK], p[HEAD], skin, neck_w)
        canvas.line(p[near_arm[0]], p[near_arm[1]], arms, arm_w)
        canvas.ellipse(head_box, head_col)
        if faces_camera and head_r >= 4:
            eye_r = max(1.0, head_r * 0.1)
            for e in (EYE_L, EYE_R):
                if zs[e] < zs[HEAD] + fig.head_radius * 0.2:  # the eye on the far side of a 3/4 head hides
                    ex, ey = p[e]
                    canvas.ellipse((ex - eye_r, ey - eye_r, ex + eye_r, ey + eye_r), dark)
            mx, my = p[MOUTH]
            canvas.line((mx - head_r * 0.18, my), (mx + head_r * 0.18, my), dark, max(1, int(head_r * 0.06)))
    if canvas.D is not None:
        grey = scale.value(zs[NECK])
        canvas.depth_line(p[HIP_L], p[FOOT_L], grey, leg_w)
        canvas.depth_line(p[HIP_R], p[FOOT_R], grey, leg_w)
        canvas.depth_line(p[SH_L], p[HAND_L], grey, arm_w)
        canvas.depth_line(p[SH_R], p[HAND_R], grey, arm_w)
        canvas.depth_polygon(torso, grey)
        canvas.depth_line(p[NECK], p[HEAD], grey, neck_w)
        canvas.depth_ellipse(head_box, grey)
    mouth = p[MOUTH] if faces_camera and head_r >= 4 else None
    return Drawn((hx, hy), head_r, p[TOP][1], zs[NECK], mouth, dark)


def draw_open_mouth(canvas: Canvas, drawn: Drawn) -> None:
    """Open the mouth of a figure drawn earlier (a speaking frame); drawn over the
    cached still so a static shot need not repaint the whole figure."""
    if drawn.mouth is None:
        return
    mx, my = drawn.mouth
    r = drawn.head_px
    canvas.ellipse((mx - r * 0.2, my - r * 0.14, mx + r * 0.2, my + r * 0.14), drawn.dark)
