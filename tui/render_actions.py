"""The render queue as part of the app: the one render worker, its messages and the render actions.

Why a part of its own: rendering outlives any one screen (a job keeps going
while you edit a shot or read the script), so its worker belongs to the app,
not a screen; kept here, tui/app.py stays about screens, loading and edits.
:class:`RenderQueueActions` is mixed into :class:`tui.app.PrevisApp` and uses
the app's ``session``, ``view``, current shot/scene, ``need_view`` and
``update_status``.
"""
from __future__ import annotations

import threading

from textual import work

from shots.progress import Cancelled
from tui.messages import JobFinished, JobProgress, ViewUpdated
from tui.screens.render_queue import RenderQueueScreen
from tui.workers import JobClock, RenderJob, RenderQueue


class RenderQueueActions:
    """Queue render jobs, drain them in one worker, show their progress (mixed into the app)."""

    def init_render_queue(self) -> None:
        self.queue = RenderQueue()
        self.job_status: dict | None = None
        self.last_job: JobFinished | None = None
        self._render_cancel = threading.Event()

    def stop_rendering(self) -> None:
        self._render_cancel.set()

    def enqueue(self, label: str, shot_ids: list[str]) -> None:
        """Queue a render job (starts the render worker when idle)."""
        if not shot_ids:
            self.notify(f"{label}: nothing to render, every shot is up to date", timeout=3, markup=False)
            return
        if self.queue.put(RenderJob(label, list(shot_ids))):
            self._render_cancel = threading.Event()
            self.render_worker()
        self.refresh_queue_screen()

    @work(thread=True, exclusive=True, group="render", exit_on_error=False)
    def render_worker(self) -> None:
        """Drain the render queue, one job at a time, through the session."""
        cancel = self._render_cancel
        drained = False
        try:
            while (job := self.queue.take()) is not None:
                view = self.session.view
                frames = {i: (view.shot(i).timed.frames if view and view.shot(i) else 1) for i in job.shot_ids}
                clock = JobClock(job.label, frames, lambda **kw: self.post_message(JobProgress(**kw)))

                def progress(p, job=job, clock=clock):
                    clock(p)
                    if p.stage == "shots" and p.item:
                        job.rendered += 1
                        self.post_message(ViewUpdated(self.session.view, p.item))

                try:
                    self.session.render(job.shot_ids, progress, cancel)
                except Cancelled:
                    job.state = "cancelled"
                    self.queue.drop_waiting()
                    self.post_message(JobFinished(job.label, "cancelled", job.rendered))
                    raise
                except BaseException as exc:
                    job.state = "failed"
                    self.queue.drop_waiting()
                    self.post_message(JobFinished(job.label, "failed", job.rendered, str(exc)))
                    raise
                job.state = "done"
                self.post_message(JobFinished(job.label, "done", job.rendered))
            drained = True  # take() found the queue empty and marked it idle: a new job starts its own worker
        finally:
            if not drained and self.queue.stopped():  # failed or cancelled while a job was queued meanwhile
                self.call_from_thread(self._restart_render_worker)

    def _restart_render_worker(self) -> None:
        self._render_cancel = threading.Event()
        self.render_worker()

    def on_job_progress(self, message: JobProgress) -> None:
        self.job_status = {k: getattr(message, k) for k in
                           ("label", "shot_id", "shot_fraction", "done", "total", "overall", "eta", "stage")}
        screen = self.showing()
        if isinstance(screen, RenderQueueScreen):
            screen.show_progress(self.job_status)
        self.update_status()

    def on_job_finished(self, message: JobFinished) -> None:
        self.last_job = message
        if not self.queue.waiting():
            self.job_status = None
        if message.outcome == "done":
            self.notify(f"{message.label}: {message.rendered} shots rendered", timeout=3, markup=False)
        self.refresh_queue_screen()
        self.update_status()

    def refresh_queue_screen(self) -> None:
        screen = self.showing()
        if isinstance(screen, RenderQueueScreen):
            screen.show_jobs()
            screen.show_progress(self.job_status)

    def action_render_shot(self) -> None:
        if self.need_view() and self.current_shot:
            self.enqueue(f"shot {self.current_shot}", self.session.shot_ids("shot", self.current_shot))

    def action_render_scene(self) -> None:
        if self.need_view() and self.current_scene:
            self.enqueue(f"scene {self.current_scene}", self.session.shot_ids("scene", self.current_scene))

    def action_render_all(self) -> None:
        if self.need_view():
            self.enqueue("all", self.session.shot_ids("all"))

    def action_cancel_render(self) -> None:
        dropped = self.queue.drop_waiting()
        if self.queue.running:
            self._render_cancel.set()
            self.notify("cancelling...", timeout=2)
        elif dropped:
            self.notify(f"{dropped} queued jobs dropped", timeout=2)
        else:
            self.notify("nothing is rendering", timeout=2)
        self.refresh_queue_screen()
