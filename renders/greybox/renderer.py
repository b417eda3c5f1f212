"""GreyboxRenderer: the Renderer that needs no weights, no GPU and no network.

It is the default backend because a writer on any laptop must be able to see
their scene blocked out in seconds. It writes the beauty video (set,
mannequins, burn-in) and, beside it, a depth/layout control video painted from
the same geometry, which is what the diffusion renderer conditions on.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Iterator

import numpy as np

from screenplay.errors import PrevisError
from shots.progress import ProgressFn, check_cancel, report
from renders.encode import FrameEncoder
from renders.model import RenderedShot, RenderSettings, TimedShot
from renders.greybox.canvas import Canvas
from renders.greybox.scene import ShotScene

# Greybox frames are flat colour; x264's fastest preset loses nothing visible there
# and leaves the CPU for drawing. CRF 23 keeps text edges clean.
PRESET = "ultrafast"
CRF = 23


def control_path_for(out_path: Path) -> Path:
    """Where the control (depth/layout) video of ``out_path`` goes: ``<stem>.control.mp4`` beside it."""
    out_path = Path(out_path)
    return out_path.with_name(out_path.stem + ".control.mp4")


def _check(timed: TimedShot, settings: RenderSettings) -> None:
    if timed.frames < 1:
        raise PrevisError(f"shot {timed.shot.id} has {timed.frames} frames; a shot needs at least one")
    if settings.width < 16 or settings.height < 16 or settings.width % 2 or settings.height % 2:
        raise PrevisError(f"render size {settings.width}x{settings.height} must be even and at least 16x16")


def render_frames(timed: TimedShot, settings: RenderSettings, kind: str = "beauty") -> Iterator[np.ndarray]:
    """Yield the shot's frames one at a time, never the whole shot at once.

    Args:
        timed: the shot; ``timed.frames`` frames are produced (pass a
            ``dataclasses.replace``-d TimedShot for another frame count).
        settings: frame size and fps.
        kind: ``"beauty"`` (RGB greybox with burn-in) or ``"depth"`` (the control
            layout: near = bright, far = dark, grey mannequins, no text).

    Returns:
        An iterator of ``uint8`` arrays of shape ``(height, width, 3)``; depth
        frames have R = G = B.

    Raises:
        PrevisError: an unknown ``kind`` or an impossible size/frame count.
    """
    if kind not in ("beauty", "depth"):
        raise PrevisError(f"unknown frame kind {kind!r}; choose beauty or depth")
    _check(timed, settings)
    scene = ShotScene(timed, settings)
    canvas = Canvas(settings.width, settings.height, depth=kind == "depth")
    for i in range(timed.frames):
        scene.paint(i, canvas, beauty=kind == "beauty")
        if kind == "beauty":
            yield canvas.rgb()
        else:
            # video range (16..235) to full range, as a decoder would return the control video
            yield np.repeat(_FULL_RANGE[canvas.depth()][:, :, None], 3, axis=2)


_FULL_RANGE = np.clip(np.rint((np.arange(256) - 16) * 255.0 / 219.0), 0, 255).astype(np.uint8)


class GreyboxRenderer:
    """Blocking animatic frames from the shot plan alone.

    Args:
        control: also write the depth/layout control video beside each shot.
    """

    name = "greybox"
    version = "2"

    def __init__(self, control: bool = True):
        self.control = bool(control)

    def render_frames(self, timed: TimedShot, settings: RenderSettings, kind: str = "beauty") -> Iterator[np.ndarray]:
        """Same as the module's :func:`render_frames` (frames in memory, one at a time)."""
        return render_frames(timed, settings, kind)

    def cache_fields(self) -> dict:
        """Nothing beyond the shot and settings decides the beauty video."""
        return {}

    def render(self, timed: TimedShot, out_path: Path, settings: RenderSettings,
               progress: ProgressFn | None = None, cancel: threading.Event | None = None,
               **inputs) -> RenderedShot:
        """Write ``out_path`` (and its control video when ``control``) with exactly ``timed.frames`` frames.

        Args:
            timed: the shot to draw.
            out_path: the MP4 to write (the caller makes it atomic).
            settings: size and fps.
            progress: called as ``Progress("render", shot id, done, total)``.
            cancel: set it to stop between frames; the partial files are deleted.
            **inputs: ignored (the greybox needs no conditioning).

        Returns:
            The :class:`RenderedShot`, with ``control_path`` when a control video was written.

        Raises:
            Cancelled: ``cancel`` was set (no partial file is left).
            PrevisError: an impossible size or frame count, or ffmpeg failing.
        """
        _check(timed, settings)
        out_path = Path(out_path)
        ctrl_path = control_path_for(out_path) if self.control else None
        shot_id = timed.shot.id
        total = timed.frames
        check_cancel(cancel)
        scene = ShotScene(timed, settings)
        w, h, fps = settings.width, settings.height, settings.fps
        canvas = Canvas(w, h, depth=ctrl_path is not None)
        report(progress, "render", shot_id, 0, total)
        enc = FrameEncoder(out_path, w, h, fps, crf=CRF, preset=PRESET, pix_in="yuv420p")
        ctrl = None
        try:
            if ctrl_path is not None:
                ctrl = FrameEncoder(ctrl_path, w, h, fps, crf=CRF, preset=PRESET, pix_in="yuv420p")
            step = max(1, total // 50)
            for i in range(total):
                check_cancel(cancel)
                scene.paint(i, canvas)
                enc.write_bytes(canvas.frame)
                if ctrl is not None:
                    ctrl.write_bytes(canvas.depth_frame)
                if (i + 1) % step == 0 or i + 1 == total:
                    report(progress, "render", shot_id, i + 1, total)
            enc.close()
            if ctrl is not None:
                ctrl.close()
        except BaseException:
            enc.abort()
            if ctrl is not None:
                ctrl.abort()
            raise
        return RenderedShot(shot_id=shot_id, path=str(out_path), frames=total, fps=fps, width=w, height=h,
                            renderer=self.name, renderer_version=self.version,
                            control_path=str(ctrl_path) if ctrl_path is not None else None)
