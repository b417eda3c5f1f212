"""The Executor seam: where shots get rendered.

A :class:`RenderJob` is plain, picklable data (renderer name + options, frame
settings, a staging folder), so the same job runs in this process
(:class:`LocalExecutor`, the default) or on Ray actors across a cluster
(renders/ray_executor.py, the ``cluster`` extra); both take the job and its
one-shot recipe from renders/render_job.py, so neither imports the other's module
at load time. Executors only *produce*
finished shot files in the staging folder; the driver (previs/pipeline.py)
moves them into the project store, atomically, as each one arrives. So the
store has exactly one writer, and a crashed worker can never leave a
half-written entry there.
"""
from __future__ import annotations

import threading
from typing import Iterable, Iterator, Protocol

from screenplay.errors import PrevisError
from shots.progress import Cancelled, ProgressFn, check_cancel
from renders.model import RenderedShot, TimedShot
# the job and how one shot renders anywhere live below both executors (renders/render_job.py)
from renders.render_job import RenderJob, render_staged

EXECUTORS = ("local", "ray")


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
