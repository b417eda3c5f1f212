"""The Executor seam: where shots get rendered.

A :class:`RenderJob` is plain, picklable data (renderer name + options, frame
settings, a staging folder), so the same job runs in this process
(:class:`LocalExecutor`, the default) or on Ray actors across a cluster
(renders/ray_executor.py, the ``cluster`` extra). Executors only *produce*
finished shot files in the staging folder; the driver (previs/pipeline.py)
moves them into the project store, atomically, as each one arrives. So the
store has exactly one writer, and a crashed worker can never leave a
half-written entry there.
"""
from __future__ import annotations

import contextlib
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Protocol

from screenplay.errors import PrevisError
from shots.progress import Cancelled, ProgressFn, check_cancel
from renders.model import RenderedShot, RenderSettings, TimedShot

EXECUTORS = ("local", "ray")


@dataclass(frozen=True)
class RenderJob:
    renderer: str
    settings: RenderSettings
    staging_dir: str
    renderer_options: dict = field(default_factory=dict)


# One renderer per (name, options) per process: a diffusion pipeline loads once and
# serves every shot this process renders.
_RENDERERS: dict[str, object] = {}
_RENDERERS_LOCK = threading.Lock()


def cached_renderer(name: str, options: dict | None = None):
    """The process's renderer for ``name`` + ``options``, built on first use."""
    import json

    from renders.protocols import get_renderer

    key = name + json.dumps(options or {}, sort_keys=True, default=str)
    with _RENDERERS_LOCK:
        if key not in _RENDERERS:
            _RENDERERS[key] = get_renderer(name, **(options or {}))
        return _RENDERERS[key]


def control_path_for(video: Path) -> Path:
    """Where a renderer puts the control (depth/layout) video beside a shot video."""
    return video.with_name(video.stem + ".control" + video.suffix)


def render_staged(job: RenderJob, timed: TimedShot, progress: ProgressFn | None = None,
                  cancel: threading.Event | None = None) -> RenderedShot:
    """Render ``timed`` into a fresh file in the job's staging folder.

    On any failure the partial files are removed. Returns the RenderedShot
    whose ``path`` (and ``control_path``) point into the staging folder.
    """
    renderer = cached_renderer(job.renderer, job.renderer_options)
    staging = Path(job.staging_dir)
    staging.mkdir(parents=True, exist_ok=True)
    out = staging / f"{timed.shot.id}-{uuid.uuid4().hex[:12]}.mp4"
    try:
        result = renderer.render(timed, out, job.settings, progress=progress, cancel=cancel)
    except BaseException:
        for p in (out, control_path_for(out)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        raise
    control = control_path_for(out)
    from dataclasses import replace

    return replace(result, path=str(out), control_path=str(control) if control.exists() else None)


class Executor(Protocol):
    name: str

    def run(self, job: RenderJob, shots: Iterable[TimedShot], progress: ProgressFn | None = None,
            cancel: threading.Event | None = None) -> Iterator[tuple[TimedShot, RenderedShot | PrevisError]]:
        """Yield each shot with its staged result, or the PrevisError that failed it (the run goes on)."""
        ...


class LocalExecutor:
    """Serial, in this process: the default, and what a laptop wants."""

    name = "local"

    def run(self, job: RenderJob, shots: Iterable[TimedShot], progress: ProgressFn | None = None,
            cancel: threading.Event | None = None) -> Iterator[tuple[TimedShot, RenderedShot | PrevisError]]:
        for timed in shots:
            check_cancel(cancel)
            try:
                yield timed, render_staged(job, timed, progress, cancel)
            except Cancelled:
                raise
            except PrevisError as exc:
                yield timed, exc


def get_executor(name: str, **options) -> Executor:
    if name == "local":
        return LocalExecutor()
    if name == "ray":
        from renders.ray_executor import RayExecutor

        return RayExecutor(**options)
    raise PrevisError(f"unknown executor {name!r}; choose one of: {', '.join(EXECUTORS)}")
