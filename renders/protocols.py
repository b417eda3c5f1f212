"""The render-side seams (a Protocol each) and the renderer registry.

- :class:`Voice` turns a line into a :class:`VoiceClip` (renders/voice.py, espeak-ng).
- :class:`Renderer` turns a :class:`TimedShot` into a video file (renders/greybox/,
  renders/diffusion/). ``name`` and ``version`` enter the cache key.
- The Executor seam lives in renders/executor.py (local) and renders/ray_executor.py
  (a Ray cluster).
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Protocol

from screenplay.errors import PrevisError
from shots.model import VoiceSpec
from shots.progress import ProgressFn
from renders.model import RenderedShot, RenderSettings, TimedShot, VoiceClip


class Voice(Protocol):
    def say(self, text: str, voice: VoiceSpec, out_wav: Path, *, parenthetical: str | None = None,
            extension: str | None = None, fps: int = 24) -> VoiceClip:
        ...


class Renderer(Protocol):
    name: str
    version: str

    def cache_fields(self) -> dict:
        """Everything besides the shot and settings that determines the output (model, steps...)."""
        ...

    def render(self, timed: TimedShot, out_path: Path, settings: RenderSettings,
               progress: ProgressFn | None = None, cancel: threading.Event | None = None,
               **inputs) -> RenderedShot:
        """Write ``out_path`` (an MP4 with ``timed.frames`` frames) and return what was made.

        The caller owns atomicity: it passes a temporary path and moves the
        file into the store only after this returns. ``inputs`` carries extra
        conditioning a backend may use (``control_path``, ``references``).
        """
        ...


RENDERERS = ("greybox", "diffusion")


def get_renderer(name: str, **options) -> Renderer:
    """Build a renderer by name; heavy imports happen only for the one chosen."""
    if name == "greybox":
        from renders.greybox import GreyboxRenderer

        return GreyboxRenderer(**options)
    if name == "diffusion":
        from renders.diffusion import DiffusionRenderer

        return DiffusionRenderer(**options)
    raise PrevisError(f"unknown renderer {name!r}; choose one of: {', '.join(RENDERERS)}")
