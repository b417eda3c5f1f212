"""Messages the app's workers post to the UI thread.

Why messages and not callbacks: a thread worker must never touch a widget; it
only calls ``post_message`` (thread-safe), and the UI thread applies the change.
Each message is a dataclass (Textual's own widgets declare theirs the same way),
so everything a handler reads is a declared field, never an attribute added
after construction. Widgets' own messages (``PlayerView.FrameChanged``...) live
on their senders.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from textual.message import Message


@dataclass
class ProjectLoaded(Message):
    """A (re)load finished: ``view`` is the new ``previs.project_view.ProjectView``.

    ``reason`` is ``"open"``, ``"save"`` (the watcher saw the script change),
    ``"edit"`` (a shot or character edit) or ``"reload"``; ``changed`` lists the
    ids of scenes whose plan key is new since the previous view; ``text`` is the
    script as it was read; ``serial`` numbers a load the app started (None for an
    edit's reload), so an older load that finishes late is ignored.
    """

    view: Any
    reason: str
    changed: list[str]
    text: str = ""
    serial: int | None = None


@dataclass
class ViewUpdated(Message):
    """The session's view changed without a reload (a shot finished rendering)."""

    view: Any
    shot_id: str = ""


@dataclass
class JobProgress(Message):
    """Coalesced progress of the running render job (see tui/workers.py ``JobClock``)."""

    label: str
    shot_id: str
    shot_fraction: float
    done: int
    total: int
    overall: float
    eta: float | None
    stage: str


@dataclass
class JobFinished(Message):
    """A render job ended: ``outcome`` is ``"done"``, ``"cancelled"`` or ``"failed"``."""

    label: str
    outcome: str
    rendered: int
    message: str = ""


@dataclass
class ExportFinished(Message):
    """An export from the app wrote ``written`` ({format: path}) with ``notes`` (warnings)."""

    written: dict[str, str]
    notes: list[str] = field(default_factory=list)


@dataclass
class ScriptSaved(Message):
    """The watcher saw the script file change on disk (an edit, or an atomic save's rename)."""


@dataclass
class FramesDecoded(Message):
    """Frames for the player, decoded in a worker; ``token`` ties them to the playlist they belong to."""

    token: int
    frames: list


@dataclass
class LoadProgress(Message):
    """A (re)load is under way: ``text`` says which stage (``voice 120/800``), coalesced like render progress."""

    text: str
