"""The greybox camera: where a shot's size, angle, lens and move put the lens.

A planner speaks in production words (MCU, low angle, 85mm, push in); the
greybox turns them into a pinhole camera in a metre-scaled world so that the
words *look* right: a close-up is framed so a 1.75 m mannequin's face fills the
frame at that lens, a wide shot shows full bodies and the set, a low angle puts
the lens below the eyes looking up. Framing is solved from the vertical extent
a size shows (``SIZE_EXTENT``), the lens's field of view
(:func:`shots.vocabulary.horizontal_fov_degrees`) and the frame's aspect, so a
longer lens moves the camera back rather than changing what a CU means.

World axes: x to the right, y up (floor at 0), z away from the camera. The
subject the shot is about stands at the origin.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass

import numpy as np

from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, horizontal_fov_degrees

# size -> (metres of a 1.75 m person visible top to bottom, aim height as a fraction of that person)
SIZE_EXTENT: dict[ShotSize, tuple[float, float]] = {
    ShotSize.ECU: (0.17, 0.925),
    ShotSize.CU: (0.33, 0.90),
    ShotSize.MCU: (0.64, 0.865),  # chest up, with a little headroom
    ShotSize.MS: (1.0, 0.78),  # waist up
    ShotSize.MWS: (1.42, 0.675),  # mid-thigh up (cowboy)
    ShotSize.FS: (2.3, 0.52),
    ShotSize.WS: (4.4, 0.48),
    ShotSize.EWS: (11.0, 0.50),
    ShotSize.INSERT: (0.55, 0.0),  # a prop on a table: special-cased by the set
}

# angle -> elevation of the camera above its target, degrees (eye level is solved separately)
ANGLE_ELEVATION: dict[Angle, float] = {
    Angle.EYE_LEVEL: 0.0,
    Angle.HIGH: 28.0,
    Angle.LOW: -18.0,
    Angle.OVERHEAD: 80.0,
    Angle.WORMS_EYE: -38.0,
    Angle.DUTCH: 0.0,
}

DUTCH_ROLL_DEG = 14.0
NEAR = 0.05  # metres: the near clipping plane
TABLE_HEIGHT = 0.78


@dataclass(frozen=True, slots=True)
class CameraPose:
    """One frame's camera: position (world metres), yaw/pitch/roll (radians), horizontal FOV (radians)."""

    x: float
    y: float
    z: float
    yaw: float
    pitch: float
    roll: float
    hfov: float

    def basis(self) -> np.ndarray:
        """3x3 matrix whose columns are the camera's right, up and forward vectors in world space."""
        cy, sy = math.cos(self.yaw), math.sin(self.yaw)
        cp, sp = math.cos(self.pitch), math.sin(self.pitch)
        fwd = np.array([sy * cp, sp, cy * cp])
        right = np.array([cy, 0.0, -sy])
        up = np.cross(fwd, right)
        if self.roll:
            cr, sr = math.cos(self.roll), math.sin(self.roll)
            right, up = cr * right + sr * up, -sr * right + cr * up
        return np.stack([right, up, fwd], axis=1)

    def focal_px(self, width: int) -> float:
        """Focal length in pixels for a frame ``width`` pixels wide."""
        return (width / 2.0) / math.tan(self.hfov / 2.0)


@dataclass(frozen=True, slots=True)
class Framing:
    """The planned (first-frame) camera of a shot and what moves it."""

    base: CameraPose
    target: tuple[float, float, float]
    distance: float  # camera to target, metres
    movement: Movement
    direction: int  # +1 left-to-right (or neutral), -1 right-to-left
    seed: int
    seconds: float


def vertical_fov(hfov: float, width: int, height: int) -> float:
    """Vertical FOV (radians) for a horizontal FOV and a frame aspect."""
    return 2.0 * math.atan(math.tan(hfov / 2.0) * height / width)


def frame_shot(size: ShotSize, angle: Angle, lens_mm: float, movement: Movement, direction: ScreenDirection,
               seed: int, seconds: float, width: int, height: int, subject_height: float = 1.75) -> Framing:
    """Solve the planned camera for a shot.

    Args:
        size, angle, lens_mm, movement, direction: the shot's camera words.
        seed: the shot's seed (handheld shake, which way a dutch tilt leans).
        seconds: shot length, for moves that travel at a speed (tracking).
        width, height: frame size in pixels (the aspect decides the vertical FOV).
        subject_height: height of the mannequin the shot is framed on, metres.

    Returns:
        The :class:`Framing`; :func:`pose_at` animates it.
    """
    hfov = math.radians(horizontal_fov_degrees(max(4.0, float(lens_mm))))
    vfov = vertical_fov(hfov, width, height)
    extent, aim = SIZE_EXTENT.get(size, SIZE_EXTENT[ShotSize.MS])
    scale = subject_height / 1.75
    if size is ShotSize.INSERT:
        target = (0.0, TABLE_HEIGHT, 0.0)
        elevation = math.radians(52.0 if angle is Angle.EYE_LEVEL else max(ANGLE_ELEVATION.get(angle, 0.0), 20.0))
    else:
        extent *= scale if size not in (ShotSize.WS, ShotSize.EWS) else 1.0
        target = (0.0, aim * subject_height, 0.0)
        elevation = math.radians(ANGLE_ELEVATION.get(angle, 0.0))
    distance = (extent / 2.0) / math.tan(vfov / 2.0)
    tx, ty, tz = target
    if size is not ShotSize.INSERT and angle in (Angle.EYE_LEVEL, Angle.DUTCH):
        # eye level: the lens sits at the subject's eye height and looks at the aim point
        eye = 0.93 * subject_height
        dy = ty - eye
        horiz = math.sqrt(max(distance * distance - dy * dy, 0.01))
        cam = (tx, eye, tz - horiz)
    else:
        cam_y = ty + distance * math.sin(elevation)
        if cam_y < 0.08:  # a low angle never goes through the floor
            cam_y = 0.08
        horiz = math.sqrt(max(distance * distance - (cam_y - ty) ** 2, 0.01))
        cam = (tx, cam_y, tz - horiz)
    pitch = math.atan2(ty - cam[1], tz - cam[2])
    roll = 0.0
    if angle is Angle.DUTCH:
        roll = math.radians(DUTCH_ROLL_DEG) * (1 if seed % 2 == 0 else -1)
    base = CameraPose(cam[0], cam[1], cam[2], 0.0, pitch, roll, hfov)
    sign = -1 if direction is ScreenDirection.RIGHT_TO_LEFT else 1
    return Framing(base, target, distance, movement, sign, seed, seconds)


def _ease(t: float) -> float:
    return t * t * (3.0 - 2.0 * t)


def _look_at(x: float, y: float, z: float, target: tuple[float, float, float]) -> tuple[float, float]:
    dx, dy, dz = target[0] - x, target[1] - y, target[2] - z
    return math.atan2(dx, dz), math.atan2(dy, math.hypot(dx, dz))


def tracking_offset(framing: Framing, t: float) -> float:
    """How far (metres, along x) a tracking shot's camera and subjects have travelled at ``t`` (0..1)."""
    if framing.movement is not Movement.TRACKING:
        return 0.0
    travel = 1.3 * max(framing.seconds, 0.5)  # a walking pace
    return framing.direction * travel * (t - 0.5)


def pose_at(framing: Framing, t: float) -> CameraPose:
    """The camera at time ``t`` (0 = first frame, 1 = last) of the shot's move.

    Args:
        framing: from :func:`frame_shot`.
        t: normalised time, 0..1.

    Returns:
        The animated :class:`CameraPose`. Handheld shake is a deterministic sum
        of sines seeded by the shot's seed, so the same shot shakes the same way.
    """
    b = framing.base
    m = framing.movement
    e = _ease(min(max(t, 0.0), 1.0))
    d = framing.direction
    x, y, z, yaw, pitch, roll, hfov = b.x, b.y, b.z, b.yaw, b.pitch, b.roll, b.hfov
    tx, ty, tz = framing.target
    if m in (Movement.PUSH_IN, Movement.PULL_OUT):
        k = (1.0 - 0.3 * e) if m is Movement.PUSH_IN else (1.0 + 0.5 * e)
        x, y, z = tx + (x - tx) * k, ty + (y - ty) * k, tz + (z - tz) * k
    elif m is Movement.ZOOM:
        focal = 18.0 / math.tan(hfov / 2.0)
        hfov = 2.0 * math.atan(18.0 / (focal * (1.0 + 0.5 * e)))
    elif m is Movement.PAN:
        yaw += math.radians(11.0) * d * (e - 0.5) * 2.0
    elif m is Movement.TILT:
        pitch += math.radians(7.0) * (e - 0.5) * 2.0
    elif m is Movement.TRUCK:
        x += d * 0.18 * framing.distance * (e - 0.5) * 2.0
    elif m is Movement.TRACKING:
        x += tracking_offset(framing, t)
    elif m is Movement.PEDESTAL:
        y += 0.12 * framing.distance * (e - 0.5) * 2.0
    elif m is Movement.CRANE:
        y += (0.6 + 0.35 * framing.distance) * e
        z -= 0.15 * framing.distance * e
        yaw, pitch = _look_at(x, y, z, framing.target)
    elif m is Movement.ARC:
        ang = math.radians(20.0) * d * (e - 0.5) * 2.0
        rx, rz = x - tx, z - tz
        x = tx + rx * math.cos(ang) + rz * math.sin(ang)
        z = tz - rx * math.sin(ang) + rz * math.cos(ang)
        yaw, pitch = _look_at(x, y, z, framing.target)
    elif m is Movement.HANDHELD:
        rng = random.Random(framing.seed * 7919 + 17)
        secs = t * framing.seconds
        jitter = []
        for _ in range(5):
            s = 0.0
            for freq in (0.55, 1.3, 3.1):
                s += math.sin(2 * math.pi * freq * secs + rng.uniform(0, 2 * math.pi)) / freq
            jitter.append(s / 2.4)
        yaw += math.radians(0.9) * jitter[0]
        pitch += math.radians(0.7) * jitter[1]
        roll += math.radians(0.6) * jitter[2]
        x += 0.012 * framing.distance * jitter[3]
        y += 0.010 * framing.distance * jitter[4]
    return CameraPose(x, y, z, yaw, pitch, roll, hfov)
