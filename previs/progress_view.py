"""Rich progress bars for the CLI, fed by the pipeline's plain Progress callback.

One bar per stage (plan, voice, shots, render of the current shot, cut), each
with n/N and an ETA. When stderr is not a terminal (CI, pipes) it prints a
line per finished stage instead of redrawing bars.
"""
from __future__ import annotations

import sys
import threading
import time

from previs.terminal import printable
from shots.progress import Progress

STAGE_LABELS = {
    "plan": "planning scenes",
    "voice": "scratch voices",
    "shots": "shots",
    "render": "current shot",
    "cut": "cutting",
}


class ProgressView:
    """Context manager: ``with ProgressView() as view: pipeline(..., progress=view)``."""

    def __init__(self, enabled: bool = True):
        self.enabled = enabled
        self._lock = threading.Lock()
        self._tasks: dict[str, int] = {}
        self._live = None
        self._last_line: dict[str, float] = {}

    def __enter__(self) -> "ProgressView":
        if self.enabled and sys.stderr.isatty():
            from rich.console import Console
            from rich.progress import (BarColumn, MofNCompleteColumn, Progress as RichProgress, TextColumn,
                                       TimeElapsedColumn, TimeRemainingColumn)

            self._live = RichProgress(
                TextColumn("[bold]{task.description:<16}"), BarColumn(), MofNCompleteColumn(),
                TextColumn("{task.fields[msg]}", style="dim"), TimeElapsedColumn(), TextColumn("eta"),
                TimeRemainingColumn(), console=Console(stderr=True), transient=False,
            )
            self._live.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._live is not None:
            self._live.__exit__(*exc)

    def __call__(self, p: Progress) -> None:
        if not self.enabled:
            return
        with self._lock:
            if self._live is None:
                self._plain(p)
                return
            label = STAGE_LABELS.get(p.stage, p.stage)
            if p.stage == "render":
                label = f"shot {p.item}"
            task = self._tasks.get(p.stage)
            if task is None:
                task = self._live.add_task(label, total=max(p.total, 1), msg=printable(p.msg))
                self._tasks[p.stage] = task
            self._live.update(task, description=label, completed=p.done, total=max(p.total, 1), msg=printable(p.msg[:40]))

    def _plain(self, p: Progress) -> None:
        # Without a terminal: one line when a stage finishes, at most one a second otherwise.
        now = time.monotonic()
        finished = p.total and p.done >= p.total
        if p.stage == "render" and not finished:
            return
        if finished or now - self._last_line.get(p.stage, 0) > 1.0:
            self._last_line[p.stage] = now
            if p.stage != "render":
                print(f"{STAGE_LABELS.get(p.stage, p.stage)}: {p.done:g}/{p.total:g} {printable(p.msg)}".rstrip(),
                      file=sys.stderr, flush=True)
