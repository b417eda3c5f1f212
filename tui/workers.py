"""The pieces the app's thread workers are made of: a job queue, a progress clock, a file watcher.

Why here and not in app.py: these are plain, thread-safe objects with no widget
in sight, so the worker methods on the app stay short (the one recipe:
``@work(thread=True, exclusive=True, group=..., exit_on_error=False)``) and
these pieces can be reasoned about on their own.

- :class:`RenderQueue`: render requests wait here; one worker drains it, so a
  request made while rendering (a save in live mode, a key press) joins the
  queue instead of fighting for the project lock.
- :class:`JobClock`: turns the pipeline's :class:`~shots.progress.Progress`
  reports into per-shot and overall fractions and an ETA weighted by frames,
  and decides when a report is worth a message: the renderer reports every
  frame, the UI needs at most ~10 updates a second (coalescing).
- :func:`watch_script`: watchfiles on the script's folder; an editor's atomic
  save (write a temp file, rename it over the script) arrives as an *added*
  file, so any change whose path is the script counts.
"""
from __future__ import annotations

import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from shots.progress import Progress

COALESCE_SECONDS = 0.1


@dataclass
class RenderJob:
    """A render request: a label for people (``"scene 3"``) and the shot ids it covers."""

    label: str
    shot_ids: list[str]
    state: str = "queued"  # queued, running, done, cancelled, failed
    rendered: int = 0


class RenderQueue:
    """Jobs waiting for the render worker; every method is safe from any thread."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._waiting: deque[RenderJob] = deque()
        self.history: list[RenderJob] = []  # every job ever queued, newest last (for the queue screen)
        self.running = False  # a worker is draining the queue

    def put(self, job: RenderJob) -> bool:
        """Queue ``job``; True when no worker is running and the caller should start one."""
        with self.lock:
            self._waiting.append(job)
            self.history.append(job)
            start = not self.running
            self.running = True
            return start

    def take(self) -> RenderJob | None:
        """The next job, or None (and the queue counts as idle) when there is none."""
        with self.lock:
            if not self._waiting:
                self.running = False
                return None
            job = self._waiting.popleft()
            job.state = "running"
            return job

    def drop_waiting(self, state: str = "cancelled") -> int:
        """Forget every job not started yet (cancel); returns how many."""
        with self.lock:
            n = len(self._waiting)
            for job in self._waiting:
                job.state = state
            self._waiting.clear()
            return n

    def stopped(self) -> bool:
        """Mark the worker gone; True when jobs are still waiting (start another worker)."""
        with self.lock:
            self.running = bool(self._waiting)
            return self.running

    def waiting(self) -> list[RenderJob]:
        with self.lock:
            return list(self._waiting)


class JobClock:
    """Progress of one render job, measured in frames so a long shot weighs what it costs.

    Args:
        label: the job's label.
        frames: ``{shot id: frames}`` of the job's shots, in order.
        post: called with the keyword arguments of :class:`tui.messages.JobProgress`
            when a report is worth showing (at most every ``COALESCE_SECONDS``,
            and always for a finished shot).
    """

    def __init__(self, label: str, frames: dict[str, int], post: Callable[..., None],
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.frames = dict(frames)
        self.total_frames = max(1, sum(self.frames.values()))
        self.post = post
        self.clock = clock
        self.started = clock()
        self.done_ids: set[str] = set()
        self.current = ""
        self.shot_fraction = 0.0
        self._last_post = 0.0
        self._work_started: float | None = None  # first real work (skipped shots cost nothing)
        self._frames_at_work_start = 0

    def _done_frames(self) -> float:
        done = sum(self.frames.get(i, 0) for i in self.done_ids)
        if self.current and self.current not in self.done_ids:
            done += self.shot_fraction * self.frames.get(self.current, 0)
        return done

    def eta(self) -> float | None:
        """Seconds left, from the frame rate achieved since real rendering began; None before that."""
        if self._work_started is None:
            return None
        done = self._done_frames() - self._frames_at_work_start
        elapsed = self.clock() - self._work_started
        if done <= 0 or elapsed <= 0:
            return None
        return max(0.0, (self.total_frames - self._done_frames()) * elapsed / done)

    def __call__(self, p: Progress) -> None:
        force = False
        if p.stage == "shots":
            if p.item:
                self.done_ids.add(p.item)
                force = True
            if p.item == self.current:
                self.shot_fraction = 1.0
        else:
            if p.item and p.item != self.current:
                self.current, self.shot_fraction = p.item, 0.0
            if p.total:
                self.shot_fraction = min(1.0, p.done / p.total)
            if self._work_started is None:
                self._work_started = self.clock()
                self._frames_at_work_start = self._done_frames()
        now = self.clock()
        if not force and now - self._last_post < COALESCE_SECONDS:
            return
        self._last_post = now
        self.post(label=self.label, shot_id=self.current, shot_fraction=self.shot_fraction,
                  done=len(self.done_ids), total=len(self.frames),
                  overall=min(1.0, self._done_frames() / self.total_frames), eta=self.eta(), stage=p.stage)


def watch_script(script: Path, stop: threading.Event, on_change: Callable[[], None],
                 debounce_ms: int = 150) -> None:
    """Call ``on_change`` each time ``script`` changes on disk, until ``stop`` is set (blocks).

    Watches the script's folder, not the file: an atomic save replaces the file,
    and a watch on the old inode would go quiet after the first save.
    """
    from watchfiles import watch

    target = script.resolve()
    for changes in watch(target.parent, stop_event=stop, debounce=debounce_ms, step=50,
                         recursive=False, raise_interrupt=False, yield_on_timeout=False):
        if stop.is_set():
            return
        if any(Path(path).resolve() == target for _, path in changes) and target.exists():
            on_change()


def format_eta(seconds: float | None) -> str:
    """``"ETA 1:05"`` or ``"ETA --:--"``."""
    if seconds is None:
        return "ETA --:--"
    s = int(round(seconds))
    return f"ETA {s // 60}:{s % 60:02d}"


def clock_text(frames: int, fps: int) -> str:
    """``"1:04.5"`` for a frame count (display only; time is frames everywhere else)."""
    seconds = frames / fps if fps else 0.0
    return f"{int(seconds // 60)}:{seconds % 60:04.1f}"
