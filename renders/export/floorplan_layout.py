"""A scene seen from above: the cast's marks, their moves, the 180° line and every camera, as plain data.

Why this way: each shot is staged on its own by :func:`renders.greybox.staging.stage_shot`
(the greybox renders exactly that staging), with the shot's subject at the origin of
the shot's frame. A floor plan needs one frame for the whole scene, so each shot's frame
is placed in the scene's by a similarity (turn, scale, shift) that stands its figures on
the cast's marks:

- the first shot with people in it fixes the scene's frame (its camera looks "up" the page);
- a shot showing two or more marked characters is fitted onto their marks (least squares);
  when the fit is poor (they stand differently now, or would fall outside the frame) the
  characters *moved*: their marks follow the shot and the move is drawn as an arrow;
- a shot with one marked character is pinned on them and turned so that they face the way
  their mark faces; when that turn would catch someone not in the shot in the lens, the camera
  swings round them, 15° at a time, until only the framed characters are in the wedge;
- newcomers get their marks from the shot they first appear in (beside the others when no
  one in that shot is marked yet); an insert looks at a prop beside the last framed character.

So the diagram moves whenever the plan moves the greybox: a new lens changes the wedge, a new
size the camera's distance, a new placement the marks. The room is the greybox's room
(``room_plan``: window and door seeded by the location), grown to hold every mark and camera.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np

from shots.model import Bible, Shot, ShotPlan
from shots.vocabulary import Movement, ShotType
from renders.greybox.camera import pose_at, tracking_offset
from renders.greybox.palette import is_exterior
from renders.greybox.set_design import room_plan
from renders.greybox.staging import ShotStaging, stage_shot
from renders.export.floorplan_model import FloorPlan, Mark, Move, Point, Room, ShotCamera

SWING_STEP = math.radians(15.0)
FIT_TOLERANCE = 0.35  # metres a fitted figure may miss its mark before we call it a move
SCALE_RANGE = (0.5, 2.0)  # how much a shot's frame may be stretched onto the scene's
# moves that take the camera somewhere (a path on the plan); pans, tilts, zooms and handheld turn or shake in place
TRAVELLING = {Movement.PUSH_IN, Movement.PULL_OUT, Movement.TRUCK, Movement.TRACKING, Movement.PEDESTAL,
              Movement.CRANE, Movement.ARC}


@dataclass(frozen=True, slots=True)
class _Similarity:
    """scene = scale * R(angle) @ local + shift."""

    angle: float
    scale: float
    shift: tuple[float, float]

    def point(self, x: float, z: float) -> np.ndarray:
        c, s = math.cos(self.angle), math.sin(self.angle)
        return np.array([self.scale * (c * x - s * z) + self.shift[0], self.scale * (s * x + c * z) + self.shift[1]])

    def vector(self, x: float, z: float) -> np.ndarray:
        c, s = math.cos(self.angle), math.sin(self.angle)
        return np.array([c * x - s * z, s * x + c * z])


def _fit(local: np.ndarray, scene: np.ndarray, free_scale: bool) -> _Similarity:
    """The similarity (Umeyama, no mirror) taking ``local`` points (n, 2) closest onto ``scene``."""
    ml, ms = local.mean(axis=0), scene.mean(axis=0)
    a, b = local - ml, scene - ms
    # for 2-D the best turn has a closed form: angle of sum(conj(a) * b) in complex terms
    dot = float((a * b).sum())
    cross = float((a[:, 0] * b[:, 1] - a[:, 1] * b[:, 0]).sum())
    angle = math.atan2(cross, dot)
    var = float((a * a).sum())
    scale = 1.0
    if free_scale and var > 1e-9:
        scale = math.hypot(dot, cross) / var
    c, s = math.cos(angle), math.sin(angle)
    rot = scale * np.array([[c, -s], [s, c]]) @ ml
    return _Similarity(angle, scale, (float(ms[0] - rot[0]), float(ms[1] - rot[1])))


def _angle_of(v) -> float:
    return math.atan2(v[1], v[0])


class _SceneStager:
    """Walks a scene's shots in order, keeping the marks (rules in the module docstring)."""

    def __init__(self, plan: ShotPlan, bible: Bible, width: int, height: int):
        self.plan, self.bible, self.width, self.height = plan, bible, width, height
        self.marks: dict[str, Mark] = {}
        self.moves: list[Move] = []
        self.cameras: list[ShotCamera] = []
        self.pairs: list[tuple[str, str]] = []
        self.entrances: list[Move] = []  # where each latecomer first stands; the door is known at the end
        self.first: tuple[ShotStaging, _Similarity] | None = None
        self.last_subject: str | None = None

    def stage(self, shot: Shot) -> None:
        """Place ``shot``'s staging in the scene: its camera, any newcomers' marks, moves, its 180° pair."""
        cast = [e for e in (self.bible.get(s) for s in shot.subjects) if e is not None]
        st = stage_shot(shot, cast, max(shot.est_seconds, 0.5), self.width, self.height)
        figs = list(st.figures)
        known = [f for f in figs if f.id in self.marks]
        if not figs:
            t = self._insert(st)
        elif len(known) >= 2:
            t = self._fitted(st, known)
        elif len(known) == 1:
            f = known[0]
            m = self.marks[f.id]
            prefer = _angle_of(m.facing) - _angle_of(f.facing)
            t = self._swung(st, prefer, lambda a: _pinned(a, (f.x, f.z), (m.x, m.z)))
        elif not self.marks:
            t = _Similarity(0.0, 1.0, (0.0, 0.0))
        else:
            t = self._beside(st)
        inside = self.first is not None and not is_exterior(self.plan.int_ext or shot.int_ext)
        for f in figs:
            if f.id not in self.marks:
                p, v = t.point(f.x, f.z), t.vector(*f.facing)
                self.marks[f.id] = Mark(f.id, f.name, f.color, float(p[0]), float(p[1]),
                                        (float(v[0]), float(v[1])), shot.id)
                if inside:  # on set after the scene began: they come in through the door (drawn at the end)
                    self.entrances.append(Move(f.id, f.color, ((float(p[0]), float(p[1])),), shot.id))
        if figs and self.first is None:
            self.first = (st, t)
        self._walks(st, t)
        cam = self._camera(st, t)
        self._clear(cam, {f.id for f in figs})
        self.cameras.append(self._camera(st, t, cast_at=True))
        if len(figs) == 2 and shot.type in (ShotType.OTS, ShotType.TWO_SHOT):
            pair = tuple(sorted(f.id for f in figs))
            if pair not in self.pairs:
                self.pairs.append(pair)  # type: ignore[arg-type]
        main = [f.id for f in figs if not f.foreground]
        if main:
            self.last_subject = shot.speaker if shot.speaker in main else main[0]

    # --- placing one shot's frame -------------------------------------------------------
    def _fitted(self, st: ShotStaging, known) -> _Similarity:
        local = np.array([[f.x, f.z] for f in known])
        marks = np.array([[self.marks[f.id].x, self.marks[f.id].z] for f in known])
        t = _fit(local, marks, free_scale=True)
        if not SCALE_RANGE[0] <= t.scale <= SCALE_RANGE[1]:
            t = _fit(local, marks, free_scale=False)
        moved = [f for f, m in zip(known, marks) if np.linalg.norm(t.point(f.x, f.z) - m) > FIT_TOLERANCE]
        cam = self._camera(st, t)
        moved += [f for f in known if f not in moved and not cam.sees(*t.point(f.x, f.z))]
        for f in moved:  # they stand elsewhere now: the mark follows the shot, the walk is drawn
            old = self.marks[f.id]
            p = t.point(f.x, f.z)
            v = t.vector(*f.facing)
            self.moves.append(Move(f.id, old.color, ((old.x, old.z), (float(p[0]), float(p[1]))), st.shot.id))
            self.marks[f.id] = Mark(f.id, old.name, old.color, float(p[0]), float(p[1]),
                                    (float(v[0]), float(v[1])), st.shot.id)
        return t

    def _insert(self, st: ShotStaging) -> _Similarity:
        """The prop lies on a table just in front of whoever was last in frame; the lens looks across."""
        m = self.marks.get(self.last_subject or "") or next(iter(self.marks.values()), None)
        if m is None:
            return _Similarity(0.0, 1.0, (0.0, 0.0))
        prop = (m.x + 0.6 * m.facing[0], m.z + 0.6 * m.facing[1])
        # local forward is (0, 1): turning it by their facing's angle points the lens across it
        return self._swung(st, _angle_of(m.facing), lambda a: _pinned(a, (0.0, 0.0), prop))

    def _beside(self, st: ShotStaging) -> _Similarity:
        """Newcomers when nobody in the shot is marked: beside the others, in the first frame's direction."""
        right = max(m.x for m in self.marks.values())
        zs = [m.z for m in self.marks.values()]
        left_most = min(f.x for f in st.figures)
        shift = (right + 1.2 - left_most, sum(zs) / len(zs))
        return self._swung(st, 0.0, lambda a: _pinned(a, (0.0, 0.0), shift))

    def _swung(self, st: ShotStaging, prefer: float, place) -> _Similarity:
        """The first turn from ``prefer`` (then 15°, -15°, 30°... away) whose wedge holds nobody absent."""
        inside = {f.id for f in st.figures}
        tries = [prefer] + [prefer + k * sgn * SWING_STEP for k in range(1, 13) for sgn in (1, -1)]
        for a in tries:
            t = place(a)
            cam = self._camera(st, t)
            if not any(cam.sees(m.x, m.z) for mid, m in self.marks.items() if mid not in inside):
                return t
        return place(prefer)

    def _clear(self, cam: ShotCamera, framed: set[str]) -> None:
        """Whoever is on set but not in the shot and stands in its wedge steps just out of frame."""
        dx, dz = cam.direction
        for mid, m in list(self.marks.items()):
            if mid in framed or not cam.sees(m.x, m.z):
                continue
            vx, vz = m.x - cam.x, m.z - cam.z
            along = vx * dx + vz * dz
            across = vx * dz - vz * dx
            side = (1.0 if across >= 0 else -1.0) * (along * math.tan(cam.hfov / 2.0) + 0.5)
            x, z = cam.x + along * dx + side * dz, cam.z + along * dz - side * dx
            self.moves.append(Move(mid, m.color, ((m.x, m.z), (x, z)), cam.shot_id))
            self.marks[mid] = Mark(mid, m.name, m.color, x, z, m.facing, cam.shot_id)

    # --- what the shot adds to the plan -------------------------------------------------
    def _walks(self, st: ShotStaging, t: _Similarity) -> None:
        if st.shot.movement is not Movement.TRACKING:
            return
        a, b = tracking_offset(st.framing, 0.0), tracking_offset(st.framing, 1.0)
        for f in st.figures:
            p0, p1 = t.point(f.x + a, f.z), t.point(f.x + b, f.z)
            self.moves.append(Move(f.id, f.color, ((float(p0[0]), float(p0[1])), (float(p1[0]), float(p1[1]))),
                                   st.shot.id))

    def _camera(self, st: ShotStaging, t: _Similarity, cast_at: bool = False) -> ShotCamera:
        """The shot's camera placed by ``t``; its move's path and the cast on set only with ``cast_at``
        (the final placement; the trial placements of a swing need only the wedge)."""
        b = st.framing.base
        pos = t.point(b.x, b.z)
        d = t.vector(math.sin(b.yaw), math.cos(b.yaw))
        path: tuple[Point, ...] = ()
        note = ""
        if cast_at and st.shot.movement in TRAVELLING:
            poses = [pose_at(st.framing, k / 8) for k in range(9)]
            path = tuple((float(p[0]), float(p[1])) for p in (t.point(q.x, q.z) for q in poses))
            heights = [q.y for q in poses]
            if st.shot.movement in (Movement.CRANE, Movement.PEDESTAL):
                note = f"{st.shot.movement} {min(heights):.1f}-{max(heights):.1f} m"
        far = max([math.hypot(f.x - b.x, f.z - b.z) for f in st.figures] + [st.framing.distance])
        # the lens's view at the height the shot aims at, laid on the floor (see ShotCamera)
        back = math.tan(b.pitch) * (st.framing.target[1] - b.y)
        spread = math.atan(math.cos(b.pitch) * math.tan(b.hfov / 2.0))
        return ShotCamera(st.shot.id, st.shot.setup, float(pos[0]), float(pos[1]), (float(d[0]), float(d[1])),
                          b.hfov, st.shot.lens_mm, st.shot.movement, path, note,
                          tuple(f.id for f in st.figures), t.scale * far + 0.8,
                          tuple((m.id, m.x, m.z) for m in self.marks.values()) if cast_at else (),
                          t.scale * back, spread)

    def floorplan(self) -> FloorPlan:
        lines = []
        for a, b in self.pairs:
            ma, mb = self.marks[a], self.marks[b]
            d = np.array([mb.x - ma.x, mb.z - ma.z])
            n = float(np.linalg.norm(d))
            if n < 1e-6:
                continue
            d /= n
            lines.append(((ma.x - 1.5 * d[0], ma.z - 1.5 * d[1]), (mb.x + 1.5 * d[0], mb.z + 1.5 * d[1])))
        p = self.plan
        room = self._room()
        moves = list(self.moves)
        if room is not None:
            door = tuple((a + b) / 2 for a, b in zip(*room.door))
            moves = [Move(e.id, e.color, (door, e.points[0]), e.shot) for e in self.entrances] + moves
        return FloorPlan(p.scene, p.heading, p.eighths, room, tuple(self.marks.values()), tuple(moves),
                         tuple(lines), tuple(self.cameras))

    def _room(self) -> Room | None:
        """The first framed shot's room (its walls' directions, window and door), grown to hold everything."""
        if self.first is None or is_exterior(self.plan.int_ext or self.first[0].shot.int_ext):
            return None
        st, t = self.first
        inv = _Similarity(-t.angle, 1.0, (0.0, 0.0))
        pts = [(m.x, m.z) for m in self.marks.values()] + [(c.x, c.z) for c in self.cameras]
        pts += [p for c in self.cameras for p in c.path] + [p for mv in self.moves for p in mv.points]
        local = [inv.point((x - t.shift[0]) / t.scale, (z - t.shift[1]) / t.scale) for x, z in pts]
        base = room_plan(st.space, st.shot.location)
        hw = max([base.half_width] + [abs(p[0]) + 0.8 for p in local])
        back = max([base.back] + [p[1] + 0.8 for p in local])
        front = min([base.front] + [p[1] - 0.8 for p in local])

        def at(x: float, z: float) -> Point:
            q = t.point(x, z)
            return (float(q[0]), float(q[1]))

        corners = (at(-hw, back), at(hw, back), at(hw, front), at(-hw, front))
        window = (at(base.window_x - base.window_width / 2, back), at(base.window_x + base.window_width / 2, back))
        door = (at(base.door_x - base.door_width / 2, back), at(base.door_x + base.door_width / 2, back))
        return Room(corners, window, door)


def _pinned(angle: float, local: Point, scene: Point) -> _Similarity:
    """The turn ``angle`` about a local point that lands on a scene point."""
    c, s = math.cos(angle), math.sin(angle)
    x, z = local
    return _Similarity(angle, 1.0, (scene[0] - (c * x - s * z), scene[1] - (s * x + c * z)))


def scene_floorplan(plan: ShotPlan, bible: Bible, width: int = 640, height: int = 360) -> FloorPlan:
    """The floor plan of one scene.

    Args:
        plan: the scene's shots (their staging decides everything drawn).
        bible: the characters (silhouettes, colours).
        width, height: the render's frame size (the aspect decides each camera's distance, as in the greybox).

    Returns:
        The :class:`FloorPlan`.
    """
    stager = _SceneStager(plan, bible, width, height)
    for shot in plan.shots:
        stager.stage(shot)
    return stager.floorplan()


def floorplans(plans: Sequence[ShotPlan], bible: Bible, width: int = 640, height: int = 360) -> list[FloorPlan]:
    """:func:`scene_floorplan` of every scene that has shots."""
    return [scene_floorplan(p, bible, width, height) for p in plans if p.shots]
