"""Where a shot puts its camera and its cast: the staging both the greybox and the floor plan read.

Why one function: the greybox draws a shot through its camera and the floor plan
(``renders/export/floorplan_layout.py``) draws the same shot from above; if each
worked out the camera and the marks for itself, a plan edit (a lens, a size, a
placement) could move one and not the other. :func:`stage_shot` is the only
place a shot's words become metres, and its answer is plain data.

The staging is in the shot's own frame (the greybox's world axes: x to the
right, y up, z away from the camera; the subject the shot is about at the
origin). The floor plan places each shot's frame in the scene's.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from shots.blocking import spread_blocking
from shots.looks import colour_in_scene
from shots.model import BibleEntry, Shot
from shots.vocabulary import Movement, ShotSize
from renders.greybox.camera import Framing, frame_shot, pose_at, tracking_offset
from renders.greybox.mannequin import Figure, build, facing_vector
from renders.greybox.palette import is_exterior, parse_hex
from renders.greybox.set_design import Room, SetSpace, room_plan


@dataclass(frozen=True, slots=True)
class ShotStaging:
    """One shot staged in metres: its camera (``framing``, animated by :func:`camera.pose_at`),
    the figures on their marks, the space the set must reach, and the room (None outdoors)."""

    shot: Shot
    framing: Framing
    figures: tuple[Figure, ...]
    space: SetSpace
    room: Room | None
    insert: bool  # an insert: the camera looks down at a prop on a table at the origin


def cast_lookup(cast: Sequence[BibleEntry]):
    """A function from a bible id, a name or an alias (any case) to the entry, or None."""
    by_key: dict[str, BibleEntry] = {}
    for e in cast:
        by_key[e.id] = e
        by_key[e.name.upper()] = e
        for a in e.aliases:
            by_key[a.upper()] = e
    return lambda key: by_key.get(key) or by_key.get((key or "").upper())


def stage_shot(shot: Shot, cast: Sequence[BibleEntry], seconds: float, width: int, height: int) -> ShotStaging:
    """Stage ``shot``: solve its camera from size, angle, lens and move, and stand its cast on their marks.

    Args:
        shot: the planned shot (its ``blocking``, or the default spread when it has none).
        cast: bible entries of its subjects (their silhouettes and colours).
        seconds: the shot's length (a tracking shot travels at a walking pace).
        width, height: the frame size in pixels (the aspect decides the vertical field of view).

    Returns:
        The :class:`ShotStaging`.
    """
    lookup = cast_lookup(cast)
    insert = shot.size is ShotSize.INSERT
    blocking = () if insert else (shot.blocking or spread_blocking(shot.subjects, shot.speaker))
    main = None
    for pl in blocking:
        if pl.depth != "fg" and (main is None or pl.subject == shot.speaker):
            main = pl
    main_entry = lookup(main.subject) if main else None
    subject_height = build(main_entry.silhouette)[0] if main_entry else 1.75
    framing = frame_shot(shot.size, shot.angle, shot.lens_mm, shot.movement, shot.screen_direction, shot.seed,
                         seconds, width, height, subject_height)
    figures = _place(shot, framing, blocking, lookup, insert)
    space = _space(framing, figures)
    room = None if is_exterior(shot.int_ext) else room_plan(space, shot.location)
    return ShotStaging(shot, framing, figures, space, room, insert)


def _place(shot: Shot, fr: Framing, blocking, lookup, insert: bool) -> tuple[Figure, ...]:
    """Each placement's feet in metres: across the frame at its depth's distance, ``x`` 0..1 spanning the lens."""
    b = fr.base
    # the camera's forward axis (CameraPose.basis()'s third column, without building the whole basis)
    fwd = np.array([math.sin(b.yaw) * math.cos(b.pitch), math.sin(b.pitch), math.cos(b.yaw) * math.cos(b.pitch)])
    horiz = math.hypot(fr.target[0] - b.x, fr.target[2] - b.z)
    half_w = math.tan(b.hfov / 2.0)
    walking = shot.movement is Movement.TRACKING
    figures = []
    for pl in blocking:
        entry = lookup(pl.subject)
        if entry is None and insert:
            continue
        depth = pl.depth if pl.depth in ("fg", "mid", "bg") else "mid"
        z = {"fg": -0.45 * horiz, "mid": 0.0, "bg": max(1.8, 0.6 * fr.distance)}[depth]
        aim = np.array([0.0, fr.target[1], z]) - np.array([b.x, b.y, b.z])
        dist = max(float(aim @ fwd), 0.2)
        x = (min(max(float(pl.x), -0.5), 1.5) - 0.5) * 2.0 * half_w * dist
        h, w = build(entry.silhouette if entry else "average")
        color = parse_hex(colour_in_scene(entry, shot.scene)) if entry else (160, 160, 160)
        figures.append(Figure(entry.id if entry else pl.subject, entry.name if entry else pl.subject.upper(),
                              x, z, facing_vector(pl.facing, depth == "fg"), h, w, color,
                              foreground=depth == "fg", walking=walking))
    return tuple(figures)


def _space(framing: Framing, figures: Sequence[Figure]) -> SetSpace:
    """Where the set must reach: the camera's whole move and every figure (with its walk)."""
    poses = [pose_at(framing, t) for t in (0.0, 0.25, 0.5, 0.75, 1.0)]
    track = abs(tracking_offset(framing, 0.0))
    reach = max([abs(p.x) for p in poses] + [abs(f.x) + track for f in figures] + [0.0])
    bg = max([f.z for f in figures] + [0.0])
    return SetSpace(min(p.z for p in poses), max(p.y for p in poses), reach, bg, framing.distance)
