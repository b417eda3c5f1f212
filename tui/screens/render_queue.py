"""Render queue: what is rendering, what waits, what finished; per-shot and overall bars, ETA, cancel.

Rendering runs in one thread worker that drains the queue (tui/workers.py);
cancel sets the job's ``threading.Event`` — the pipeline stops between frames
and never leaves a half-written file in the store.
"""
from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Label, ProgressBar, Static

from tui.screens.base import ProjectScreen
from tui.workers import format_eta

JOB_STYLE = {"queued": "cyan", "running": "bold yellow", "done": "green", "cancelled": "magenta", "failed": "red"}


class RenderQueueScreen(ProjectScreen):
    MODE = "queue"
    BINDINGS = [
        Binding("x", "app.cancel_render", "Cancel"),
    ]
    DEFAULT_CSS = """
    #queue-status { height: auto; padding: 1 2; }
    #queue-status Label { margin-top: 1; }
    #queue-status ProgressBar { margin-left: 2; }
    #queue-buttons { height: auto; padding: 0 2; }
    #queue-buttons Button { margin-right: 1; }
    #jobs { height: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield self.mode_bar()
        with Vertical(id="queue-status"):
            yield Static("idle", id="job-label")
            yield Label("Shot", id="shot-label")
            yield ProgressBar(total=1.0, show_eta=False, id="shot-bar")
            yield Label("Overall", id="overall-label")
            yield ProgressBar(total=1.0, show_eta=False, id="overall-bar")
            yield Static(format_eta(None), id="eta")
        with Horizontal(id="queue-buttons"):
            yield Button("Render shot", id="render-shot")
            yield Button("Render scene", id="render-scene")
            yield Button("Render all dirty", id="render-all")
            yield Button("Cancel", variant="error", id="cancel")
        table = DataTable(id="jobs", cursor_type="row")
        table.add_columns("Job", "Shots", "State")
        yield table
        yield Footer()

    def show_view(self, view) -> None:
        self.show_jobs()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        self.show_jobs()
        self.show_progress(self.app.job_status)

    def show_jobs(self) -> None:
        table = self.query_one("#jobs", DataTable)
        table.clear()
        for n, job in enumerate(reversed(self.app.queue.history)):
            table.add_row(Text(job.label), f"{job.rendered}/{len(job.shot_ids)}" if job.state != "queued"
                          else str(len(job.shot_ids)), Text(job.state, style=JOB_STYLE.get(job.state, "")), key=str(n))

    def show_progress(self, status: dict | None) -> None:
        """Draw a ``JobProgress`` snapshot (``app.job_status``); ``None`` means idle."""
        if not status:
            self.query_one("#job-label", Static).update("idle")
            self.query_one("#shot-bar", ProgressBar).update(progress=0)
            self.query_one("#overall-bar", ProgressBar).update(progress=0)
            self.query_one("#eta", Static).update(format_eta(None))
            return
        self.query_one("#job-label", Static).update(Text(f"rendering {status['label']}"))
        self.query_one("#shot-label", Label).update(Text(f"Shot {status['shot_id'] or '-'}"))
        self.query_one("#shot-bar", ProgressBar).update(progress=status["shot_fraction"])
        self.query_one("#overall-label", Label).update(f"Overall: {status['done']} of {status['total']} shots")
        self.query_one("#overall-bar", ProgressBar).update(progress=status["overall"])
        self.query_one("#eta", Static).update(format_eta(status["eta"]))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        actions = {"render-shot": "render_shot", "render-scene": "render_scene", "render-all": "render_all",
                   "cancel": "cancel_render"}
        name = actions.get(event.button.id or "")
        if name:
            self.app.run_action(name)
