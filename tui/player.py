"""Animatic playback in a terminal: shot videos decoded with PyAV, drawn in half blocks.

Why half blocks: every terminal can show ``▀`` with a foreground (the upper
pixel) and a background colour (the lower pixel), so a cell holds two pixels
and 80x30 cells hold an 80x60 picture — enough to judge blocking and rhythm.

Why decode ahead in a worker: a frame's strips (rich Segments with cached
Styles) are built off the UI thread, so the UI thread only swaps a list index
on each tick. Playback runs on a wall clock at :data:`PLAYER_FPS` display
frames a second (every other frame of a 24 fps shot), so a busy machine drops
ticks, never slows the picture down.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Sequence

from rich.color import Color
from rich.segment import Segment as RichSegment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

PLAYER_FPS = 12
HALF = "\u2580"  # upper half block: fg = upper pixel, bg = lower pixel


@dataclass(frozen=True)
class Clip:
    """One shot in a playlist: its video, its length in source frames, its dialogue cues."""

    shot_id: str
    path: str
    frames: int
    fps: int
    cues: tuple = ()  # renders.model.AudioCue

    @property
    def display_frames(self) -> int:
        return max(1, round(self.frames * PLAYER_FPS / self.fps))


def fit(video_w: int, video_h: int, cols: int, rows: int) -> tuple[int, int]:
    """Pixel size (width, even height) of a video scaled into ``cols`` x ``rows`` cells, aspect kept."""
    cols, rows = max(2, cols), max(1, rows)
    w, h = cols, round(cols * video_h / video_w)
    if h > rows * 2:
        h = rows * 2
        w = max(2, round(h * video_w / video_h))
    return max(2, w), max(2, h - h % 2)


class _Styles:
    """Style objects by colour pair; a greybox frame has few colours, so most cells hit the cache."""

    def __init__(self):
        self._cache: dict[tuple, Style] = {}

    def get(self, top: tuple, bottom: tuple) -> Style:
        key = (*top, *bottom)
        style = self._cache.get(key)
        if style is None:
            style = Style.from_color(Color.from_rgb(*top), Color.from_rgb(*bottom))
            if len(self._cache) > 200_000:
                self._cache.clear()
            self._cache[key] = style
        return style


_STYLES = _Styles()


def halfblock_strips(rgb) -> list[Strip]:
    """One Strip per pair of pixel rows of an ``(H, W, 3)`` uint8 array (H even); equal cells merged."""
    import numpy as np

    h, w = rgb.shape[0] - rgb.shape[0] % 2, rgb.shape[1]
    rgb = (rgb & 0xF8) | 0x04  # 32 levels a channel: codec noise stops making new styles and runs
    pairs = np.concatenate([rgb[0:h:2], rgb[1:h:2]], axis=2)  # (rows, W, 6): upper and lower pixel
    change = np.any(pairs[:, 1:] != pairs[:, :-1], axis=2)  # (rows, W-1)
    strips = []
    for row, ch in zip(pairs, change):
        starts = [0, *(np.flatnonzero(ch) + 1).tolist()]
        ends = [*starts[1:], w]
        colours = row[starts].tolist()
        segs = [RichSegment(HALF * (e - s), _STYLES.get(tuple(c[:3]), tuple(c[3:])))
                for s, e, c in zip(starts, ends, colours)]
        strips.append(Strip(segs, w))
    return strips


def decode_clip(clip: Clip, cols: int, rows: int, cancel: threading.Event | None = None,
                still_only: bool = False) -> list[list[Strip]]:
    """Frames of ``clip`` at :data:`PLAYER_FPS`, scaled into ``cols`` x ``rows`` cells, as strips.

    Args:
        clip: the shot video to decode.
        cols, rows: the cell box to fit the picture in (aspect kept).
        cancel: stop early when set (what was decoded so far is returned).
        still_only: return just the middle frame (the still of a shot).

    Returns:
        One list of strips per display frame.
    """
    import av

    out: list[list[Strip]] = []
    with av.open(clip.path) as container:
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        w, h = fit(stream.codec_context.width, stream.codec_context.height, cols, rows)
        want = clip.display_frames
        step = clip.fps / PLAYER_FPS
        middle = clip.frames // 2
        next_src = 0.0
        for i, frame in enumerate(container.decode(stream)):
            if cancel is not None and cancel.is_set():
                break
            if still_only:
                if i < middle:
                    continue
            elif i + 1e-6 < next_src:
                continue
            rgb = frame.to_ndarray(width=w, height=h, format="rgb24")
            out.append(halfblock_strips(rgb))
            next_src += step
            if still_only or len(out) >= want:
                break
    return out


def still_image(clip: Clip):
    """The middle frame of ``clip`` as a PIL image (for terminals with real graphics: textual-image)."""
    import av

    with av.open(clip.path) as container:
        for i, frame in enumerate(container.decode(video=0)):
            if i >= clip.frames // 2:
                return frame.to_image()
    return None


def cue_at(clip: Clip, display_frame: int) -> str:
    """``"MARA: Keys."`` when a line is being spoken at that display frame of the clip, else ``""``."""
    src = display_frame * clip.fps / PLAYER_FPS
    for cue in clip.cues:
        if cue.offset <= src < cue.offset + cue.clip.frames:
            return f"{cue.character.upper()}: {' '.join(cue.text.split())}"
    return ""


class PlayerView(Widget, can_focus=True):
    """Shows decoded frames; plays them on a wall clock; step and scrub by display frame."""

    DEFAULT_CSS = """
    PlayerView { height: 1fr; width: 1fr; background: $surface-darken-1; }
    """

    frame: reactive[int] = reactive(0, always_update=True, repaint=False)
    playing: reactive[bool] = reactive(False)

    class FrameChanged(Message):
        """The shown frame changed (the screen updates its time, scrub bar and dialogue line)."""

        def __init__(self, frame: int, total: int) -> None:
            self.frame = frame
            self.total = total
            super().__init__()

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.clips: list[Clip] = []
        self.frames: list[list[Strip]] = []
        self.expected = 0  # display frames the playlist will have once decoded
        self._t0 = 0.0
        self._frame0 = 0
        self._timer = None
        self._want_play = False

    def on_mount(self) -> None:
        self._timer = self.set_interval(1 / (2 * PLAYER_FPS), self._tick, pause=True)

    # -- content --------------------------------------------------------------------------
    def load(self, clips: Sequence[Clip]) -> None:
        """Start a new playlist; frames arrive through :meth:`add_frames`."""
        self.pause()
        self.clips = list(clips)
        self.frames = []
        self.expected = sum(c.display_frames for c in self.clips)
        self.frame = 0
        self.refresh()

    def add_frames(self, frames: list[list[Strip]]) -> None:
        self.frames.extend(frames)
        if len(self.frames) == len(frames):
            self.refresh()
        if self._want_play and self.frames:
            self.play()

    def clear(self) -> None:
        self.load([])

    @property
    def total(self) -> int:
        return max(len(self.frames), self.expected)

    def clip_at(self, frame: int) -> tuple[Clip | None, int]:
        """The clip showing at playlist display frame ``frame`` and the frame within it."""
        n = frame
        for c in self.clips:
            if n < c.display_frames:
                return c, n
            n -= c.display_frames
        return None, 0

    def dialogue(self) -> str:
        clip, n = self.clip_at(self.frame)
        return cue_at(clip, n) if clip else ""

    # -- transport ------------------------------------------------------------------------
    def play(self) -> None:
        if not self.frames:
            self._want_play = self.expected > 0  # start as soon as the first frames arrive
            return
        self._want_play = False
        if self.frame >= self.total - 1:
            self.frame = 0
        self._t0, self._frame0 = time.monotonic(), self.frame
        self.playing = True
        if self._timer is not None:
            self._timer.resume()

    def pause(self) -> None:
        self._want_play = False
        self.playing = False
        if self._timer is not None:
            self._timer.pause()

    def toggle(self) -> None:
        self.pause() if self.playing else self.play()

    def seek(self, frame: int) -> None:
        self.frame = max(0, min(frame, max(0, len(self.frames) - 1)))
        self._t0, self._frame0 = time.monotonic(), self.frame

    def step(self, delta: int) -> None:
        self.pause()
        self.seek(self.frame + delta)

    def _tick(self) -> None:
        if not self.playing:
            return
        target = self._frame0 + int((time.monotonic() - self._t0) * PLAYER_FPS)
        if target >= len(self.frames):
            if len(self.frames) < self.expected:  # decoding is behind: wait for it, keep the clock honest
                self._t0, self._frame0 = time.monotonic(), max(0, len(self.frames) - 1)
                target = self._frame0
            else:
                target = len(self.frames) - 1
                self.pause()
        if target != self.frame:
            self.frame = target

    def watch_frame(self, frame: int) -> None:
        self.refresh()
        self.post_message(self.FrameChanged(frame, self.total))

    # -- drawing --------------------------------------------------------------------------
    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return container.height

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if not self.frames:
            return Strip.blank(width, self.rich_style)
        strips = self.frames[min(self.frame, len(self.frames) - 1)]
        top = max(0, (self.size.height - len(strips)) // 2)
        row = y - top
        if not 0 <= row < len(strips):
            return Strip.blank(width, self.rich_style)
        strip = strips[row]
        left = max(0, (width - strip.cell_length) // 2)
        if left:
            strip = Strip.join([Strip.blank(left, self.rich_style), strip])
        return strip.extend_cell_length(width, self.rich_style).crop(0, width)
