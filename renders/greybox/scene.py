"""One shot, laid out once and painted frame by frame.

:class:`ShotScene` turns a :class:`TimedShot` into everything that does not
change during the shot (framing, set, mannequins, text images) and then paints
any frame on demand, beauty and/or depth. A static camera is painted once and
only the parts that change (mouths, subtitle, counter) are drawn per frame;
that is most of the speed of the renderer on dialogue scenes.
"""
from __future__ import annotations

import math

import numpy as np
from PIL import Image

from shots.vocabulary import Movement
from renders.model import RenderSettings, TimedShot
from renders.greybox import burnin
from renders.greybox.camera import Framing, pose_at, tracking_offset
from renders.greybox.canvas import Canvas, Overlay
from renders.greybox.mannequin import Drawn, draw_figure, draw_open_mouth
from renders.greybox.palette import palette_for, parse_hex
from renders.greybox.raster import FaceBatch, LineBatch, Projector
from renders.greybox.set_design import Face, exterior, insert_table, interior
from renders.greybox.staging import cast_lookup, stage_shot

OFF_SCREEN = ("V.O.", "O.S.", "O.C.", "VO", "OS")
MOVING = {Movement.HANDHELD, Movement.TRACKING}


class ShotScene:
    """A shot ready to paint.

    Args:
        timed: the shot and its length, cues and cast.
        settings: frame size and fps.
    """

    def __init__(self, timed: TimedShot, settings: RenderSettings):
        shot = timed.shot
        self.timed = timed
        self.width, self.height, self.fps = settings.width, settings.height, settings.fps
        self.frames = timed.frames
        seconds = self.frames / max(self.fps, 1)
        self.palette = palette_for(shot.int_ext, shot.time_of_day)
        self.ambient = self.palette.ambient
        lookup = cast_lookup(timed.cast)
        staging = stage_shot(shot, timed.cast, seconds, self.width, self.height)
        self.staging = staging
        self.framing: Framing = staging.framing
        self.figures = list(staging.figures)
        self.space = staging.space
        if staging.room is None:
            layout = exterior(self.palette, self.space, shot.location)
        else:
            layout = interior(self.palette, self.space, shot.location, staging.room)
        if staging.insert:
            layout = insert_table(layout, self.palette, self.ambient)
        self.layout = layout
        faces = [it for it in layout.items if isinstance(it, Face)]
        lines = [it for it in layout.items if not isinstance(it, Face)]
        self._faces = FaceBatch([f.verts for f in faces], [f.relative for f in faces])
        self._lines = LineBatch([ln.a for ln in lines], [ln.b for ln in lines])
        # painter's order as (is_face, batch index, colour, depth?, width)
        self._order = []
        fi = li = 0
        for it in layout.items:
            if isinstance(it, Face):
                self._order.append((True, fi, it.color, not it.relative, 0))
                fi += 1
            else:
                self._order.append((False, li, it.color, False, it.width))
                li += 1
        # text, rendered once
        words = f"{shot.id}  {shot.size} · {shot.angle} · {shot.movement} · {shot.lens_mm}mm"
        self.slate = self._overlay(burnin.slate(words, self.height))
        self.counter = burnin.Counter(self.height, self.fps)
        self.counter_glyphs = {c: self._overlay(g) for c, g in self.counter.glyphs.items()}
        self.counter_total = self._overlay(self.counter.image(f" / {self.counter.text(self.frames)}"))
        self.labels = {f.id: self._overlay(burnin.label(f.name, f.color, self.height))
                       for f in self.figures if not f.foreground}
        self.prop_text = (shot.prop or shot.description or "INSERT").strip() if staging.insert else None
        self._prop_cache: dict[int, Overlay] = {}
        off = {d.line for d in shot.dialogue if (d.extension or "").strip().upper() in OFF_SCREEN}
        self.cues = []
        for cue in timed.cues:
            entry = lookup(cue.character)
            # a speaker missing from the cast still gets a readable name from the bible id slug
            name = entry.name if entry else cue.character.replace("-", " ").upper()
            color = parse_hex(entry.color) if entry else (220, 220, 220)
            speaker_id = entry.id if entry else cue.character
            self.cues.append((cue.offset, max(1, cue.clip.frames), speaker_id, cue.line not in off, name, cue.text, color))
        self._subtitles: dict[int, burnin.Subtitle] = {}
        self._pages: dict[int, Overlay] = {}
        self.static = shot.movement is Movement.STATIC or (
            shot.movement not in MOVING and self.frames <= 1)
        self._still: tuple[tuple[bytes, bytes | None], dict[str, Drawn], bool] | None = None

    @staticmethod
    def _overlay(img: Image.Image) -> Overlay:
        """An RGBA text image ready to paste on the planes."""
        return Overlay.from_rgba(img)

    # --- painting ---------------------------------------------------------------------
    def _t(self, i: int) -> float:
        return i / (self.frames - 1) if self.frames > 1 else 0.0

    def _paint_world(self, i: int, canvas: Canvas, beauty: bool) -> dict[str, Drawn]:
        t = self._t(i)
        pose = pose_at(self.framing, t)
        proj = Projector(pose, self.width, self.height)
        lay = self.layout
        canvas.clear(lay.background, 16)
        has_depth = canvas.D is not None
        faces = self._faces.project(proj)
        lines = self._lines.project(proj) if beauty else None
        value = lay.depth.value
        for is_face, k, color, face_depth, width in self._order:
            if is_face:
                hit = faces[k]
                if hit is None:
                    continue
                pts, half, z = hit
                if beauty:
                    canvas.polygon(pts, half, color)
                if has_depth and face_depth:
                    canvas.depth_polygon(pts, value(z))
            elif lines is not None and lines[k] is not None:
                a, b = lines[k]
                canvas.line(a, b, color, width, luma_only=True)
        dx = tracking_offset(self.framing, t)
        phase = 2 * math.pi * 1.8 * i / max(self.fps, 1)
        if len(self.figures) > 1:
            feet = np.array([[f.x + dx, 1.0, f.z] for f in self.figures])
            dist = proj.to_camera(feet)[:, 2].tolist()
            order = [f for _, _, f in sorted(zip(dist, range(len(dist)), self.figures), reverse=True)]
        else:
            order = self.figures
        drawn: dict[str, Drawn] = {}
        for fig in order:
            d = draw_figure(fig, proj, canvas, lay.depth, self.ambient, dx, phase, beauty)
            if d is not None:
                drawn[fig.id] = d
        if beauty:
            if lay.card is not None:
                self._paste_prop(canvas, proj)
            self._paste_labels(canvas, drawn)
            canvas.paste(self.slate, 4, 4)
        return drawn

    def _paste_labels(self, canvas: Canvas, drawn: dict[str, Drawn]) -> None:
        top_min = 4 + self.slate.height + 2
        for fid, d in drawn.items():
            if fid not in self.labels or not (0 <= d.head[0] < self.width):
                continue
            lab = self.labels[fid]
            x = int(round(d.head[0] - lab.width / 2))
            y = int(round(d.top_y - lab.height - max(3.0, 0.15 * d.head_px)))
            if y < top_min:  # no headroom: tag the chest rather than cover the face
                y = int(round(d.head[1] + d.head_px * 1.25))
            x = min(max(x, 2), self.width - lab.width - 2)
            y = min(max(y, top_min), self.height - lab.height - 2)
            canvas.paste(lab, x, y)

    def _paste_prop(self, canvas: Canvas, proj: Projector) -> None:
        cam = proj.to_camera(self.layout.card)
        if cam[:, 2].min() <= 0.05:
            return
        pts = proj.to_screen(cam)
        w = int(pts[:, 0].max() - pts[:, 0].min())
        if w < 8:
            return
        w = max(8, int(w * 0.85)) // 4 * 4  # a few sizes, each converted once
        hit = self._prop_cache.get(w)
        if hit is None:
            lines = burnin.wrap(burnin.clean(self.prop_text.upper()), burnin.font(32, True), 520)[:3]
            big = burnin.text_box(lines, burnin.font(32, True), pad=6, color=(40, 36, 30, 255),
                                  box=(0, 0, 0, 0), align_center=True)
            tag = big.resize((w, max(1, int(big.height * w / big.width))), Image.BILINEAR)
            if len(self._prop_cache) > 64:
                self._prop_cache.clear()
            hit = self._prop_cache[w] = self._overlay(tag)
        cx, cy = pts[:, 0].mean(), pts[:, 1].mean()
        canvas.paste(hit, int(cx - hit.width / 2), int(cy - hit.height / 2))

    def _active_cue(self, i: int):
        best = None
        for n, cue in enumerate(self.cues):
            off, length = cue[0], cue[1]
            if off <= i < off + length and (best is None or off >= self.cues[best][0]):
                best = n
        return best

    def paint(self, i: int, canvas: Canvas, beauty: bool = True) -> None:
        """Paint frame ``i`` (0-based) into ``canvas``: the beauty planes (with burn-in) when
        ``beauty``, and the depth plane when the canvas has one (grey, no text)."""
        if self.static:
            want_depth = canvas.D is not None
            if self._still is None or (want_depth and self._still[0][1] is None) or (beauty and not self._still[2]):
                drawn = self._paint_world(0, canvas, beauty)
                self._still = (canvas.snapshot(), drawn, beauty)
            else:
                canvas.restore(self._still[0])
            drawn = self._still[1]
        else:
            drawn = self._paint_world(i, canvas, beauty)
        if not beauty:
            return
        n = self._active_cue(i)
        if n is not None:
            off, length, speaker, on_screen, name, text, color = self.cues[n]
            flap = max(1, self.fps // 8)
            if on_screen and speaker in drawn and ((i - off) // flap) % 2 == 0:
                draw_open_mouth(canvas, drawn[speaker])
            sub = self._subtitles.get(n)
            if sub is None:
                sub = self._subtitles[n] = burnin.subtitle(name, text, color, self.width, self.height)
            raw = sub.page_at((i - off) / length)
            page = self._pages.get(id(raw))
            if page is None:
                page = self._pages[id(raw)] = self._overlay(raw)
            canvas.paste(page, (self.width - page.width) // 2, self.height - page.height - self.height // 24)
        self._paste_counter(canvas, i)

    def _paste_counter(self, canvas: Canvas, i: int) -> None:
        """``SS:FF / SS:FF`` top right: the total is one cached picture, the count five glyph pastes."""
        now = self.counter.text(i)
        right = self.width - 4 - self.counter_total.width
        right -= right % 2
        canvas.paste(self.counter_total, right, 4)
        x = right - self.counter.cell * len(now)
        for c in now:
            canvas.paste(self.counter_glyphs[c], x, 4)
            x += self.counter.cell
