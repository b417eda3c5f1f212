"""Messages the app's workers post to the UI thread.

Why messages and not callbacks: a thread worker must never touch a widget; it
only calls ``post_message`` (thread-safe), and the UI thread applies the change.
Widgets' own messages (``PlayerView.FrameChanged``...) live on their senders.
"""
from __future__ import annotations

from textual.message import Message


class ProjectLoaded(Message):
    """A (re)load finished: ``view`` is the new ``previs.session.ProjectView``.

    ``reason`` is ``"open"``, ``"save"`` (the watcher saw the script change),
    ``"edit"`` (a shot or character edit) or ``"reload"``; ``changed`` lists the
    ids of scenes whose plan key is new since the previous view.
    """

    def __init__(self, view, reason: str, changed: list[str]) -> None:
        self.view = view
        self.reason = reason
        self.changed = changed
        super().__init__()


class ViewUpdated(Message):
    """The session's view changed without a reload (a shot finished rendering)."""

    def __init__(self, view, shot_id: str = "") -> None:
        self.view = view
        self.shot_id = shot_id
        super().__init__()


class JobProgress(Message):
    """Coalesced progress of the running render job (see tui/workers.py ``JobClock``)."""

    def __init__(self, label: str, shot_id: str, shot_fraction: float, done: int, total: int,
                 overall: float, eta: float | None, stage: str) -> None:
        self.label = label
        self.shot_id = shot_id
        self.shot_fraction = shot_fraction
        self.done = done
        self.total = total
        self.overall = overall
        self.eta = eta
        self.stage = stage
        super().__init__()


class JobFinished(Message):
    """A render job ended: ``outcome`` is ``"done"``, ``"cancelled"`` or ``"failed"``."""

    def __init__(self, label: str, outcome: str, rendered: int, message: str = "") -> None:
        self.label = label
        self.outcome = outcome
        self.rendered = rendered
        self.message = message
        super().__init__()


class ExportFinished(Message):
    """An export from the app wrote ``written`` ({format: path}) with ``notes`` (warnings)."""

    def __init__(self, written: dict, notes: list[str]) -> None:
        self.written = written
        self.notes = notes
        super().__init__()


class ScriptSaved(Message):
    """The watcher saw the script file change on disk (an edit, or an atomic save's rename)."""


class FramesDecoded(Message):
    """Frames for the player, decoded in a worker; ``token`` ties them to the playlist they belong to."""

    def __init__(self, token: int, frames: list) -> None:
        self.token = token
        self.frames = frames
        super().__init__()


class LoadProgress(Message):
    """A (re)load is under way: ``text`` says which stage (``voice 120/800``), coalesced like render progress."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__()
