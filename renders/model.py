"""Plain data for the render side: timing, voice clips, rendered shots, the cut.

Time is integer frames at ``fps``; seconds are for display only.
"""
from __future__ import annotations

from dataclasses import dataclass

from shots.model import BibleEntry, Shot


@dataclass(frozen=True, slots=True)
class RenderSettings:
    """What every renderer is told besides the shot. Part of every render cache key."""

    width: int = 640
    height: int = 360
    fps: int = 24


@dataclass(frozen=True, slots=True)
class VoiceClip:
    """A spoken dialogue block: a mono WAV file, its length in samples and frames,
    and per-word start times in seconds from the clip start."""

    wav: str
    sample_rate: int
    samples: int
    frames: int
    fps: int
    word_times: tuple[tuple[str, float], ...] = ()

    @property
    def seconds(self) -> float:
        return self.samples / self.sample_rate


@dataclass(frozen=True, slots=True)
class AudioCue:
    """A voice clip placed in a shot: it starts ``offset`` frames after the shot starts."""

    clip: VoiceClip
    offset: int
    character: str
    text: str
    line: int


@dataclass(frozen=True, slots=True)
class TimedShot:
    """A shot with its decided length and its dialogue placed on frames.

    ``start`` is the frame the shot starts on in the whole animatic (set by the
    cut order); ``frames`` its length. ``cast`` carries the bible entries of the
    shot's subjects so a renderer (or a remote worker) needs nothing else.
    """

    shot: Shot
    fps: int
    frames: int
    start: int = 0
    cues: tuple[AudioCue, ...] = ()
    cast: tuple[BibleEntry, ...] = ()

    @property
    def seconds(self) -> float:
        return self.frames / self.fps


@dataclass(frozen=True, slots=True)
class RenderedShot:
    """A finished shot video on disk (H.264 MP4, no audio) and what made it."""

    shot_id: str
    path: str
    frames: int
    fps: int
    width: int
    height: int
    renderer: str
    renderer_version: str
    control_path: str | None = None  # greybox depth/layout video, the diffusion control input
    cache_key: str = ""
    cached: bool = False


@dataclass(frozen=True, slots=True)
class Animatic:
    """The cut: one MP4 with sound, and where each shot sits in it."""

    path: str
    fps: int
    frames: int
    shots: tuple[TimedShot, ...]
    rendered: tuple[RenderedShot, ...]

    @property
    def seconds(self) -> float:
        return self.frames / self.fps
