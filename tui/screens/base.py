"""What every project screen shares: the mode bar, the footer, and following the app's view.

Why pull, not push: a screen that is not showing does not need to redraw on
every render progress message; each screen redraws when its view is stale,
on resume or when the app tells the showing screen that the view changed.
"""
from __future__ import annotations

from textual.css.query import NoMatches
from textual.screen import Screen

from tui.widgets.mode_bar import ModeBar


class ProjectScreen(Screen):
    """A screen that displays (part of) the app's ``ProjectView``."""

    MODE = ""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._shown = None

    def mode_bar(self) -> ModeBar:
        return ModeBar(self.MODE, id="modebar")

    def on_screen_resume(self) -> None:
        self.sync_view()

    def on_mount(self) -> None:
        self.sync_view()

    def sync_view(self, force: bool = False) -> None:
        """Redraw from ``app.view`` if it changed since this screen last drew it."""
        view = getattr(self.app, "view", None)
        stamp = (id(view), getattr(self.app, "jump_serial", 0))
        if view is None or (stamp == self._shown and not force):
            return
        self._shown = stamp
        self.show_view(view)
        try:
            self.query_one(ModeBar).set_status(self.app.status_text())
        except NoMatches:
            pass

    def on_worker_state_changed(self, event) -> None:
        """A screen's own worker failed: the app's one handler shows it (worker events do not bubble)."""
        self.app.report_worker_error(event)

    def show_view(self, view) -> None:  # pragma: no cover - every screen overrides
        raise NotImplementedError
