"""A render job and how one shot of it renders, in whatever process runs it.

Why its own module: both executors (renders/executor.py in this process,
renders/ray_executor.py on Ray actors) run the same recipe — the process's one
renderer instance for the job (:func:`cached_renderer`: a diffusion pipeline
loads once per process or actor), a fresh file in the staging folder, partial
files removed on failure. Living below both keeps the executors free of an
import cycle.
"""
from __future__ import annotations

import contextlib
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from shots.progress import ProgressFn
from renders.model import RenderedShot, RenderSettings, TimedShot
from renders.stills import save_stills, stills_beside


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
    """Render ``timed`` into a fresh file in the job's staging folder, its storyboard stills beside it.

    On any failure the partial files are removed. Returns the RenderedShot
    whose ``path`` (and ``control_path``) point into the staging folder.
    """
    renderer = cached_renderer(job.renderer, job.renderer_options)
    staging = Path(job.staging_dir)
    staging.mkdir(parents=True, exist_ok=True)
    out = staging / f"{timed.shot.id}-{uuid.uuid4().hex[:12]}.mp4"
    try:
        result = renderer.render(timed, out, job.settings, progress=progress, cancel=cancel)
        save_stills(timed, out)  # the storyboard's frames, decoded once while the file is fresh
    except BaseException:
        for p in (out, control_path_for(out), *stills_beside(out)):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()
        raise
    control = control_path_for(out)
    from dataclasses import replace

    return replace(result, path=str(out), control_path=str(control) if control.exists() else None)
