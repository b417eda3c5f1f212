"""Progress and cancellation: plain arguments, never a UI object.

Every long stage takes ``progress: ProgressFn | None`` and ``cancel:
threading.Event | None``. The CLI turns Progress into rich bars; the TUI into
messages. Defined in ``shots`` because it is the first package with long work
(the LLM planner) and everything above imports it.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Callable

from screenplay.errors import PrevisError


@dataclass(frozen=True, slots=True)
class Progress:
    """One report: ``stage`` ("plan", "voice", "render", "cut"...), ``item`` (a shot id,
    a scene id or ""), ``done`` of ``total`` units, and a short human ``msg``."""

    stage: str
    item: str
    done: float
    total: float
    msg: str = ""


ProgressFn = Callable[[Progress], None]


class Cancelled(PrevisError):
    """Raised between units of work when the cancel event is set."""

    def __init__(self, message: str = "cancelled"):
        super().__init__(message)


def report(progress: ProgressFn | None, stage: str, item: str, done: float, total: float, msg: str = "") -> None:
    """Call ``progress`` if there is one."""
    if progress is not None:
        progress(Progress(stage, item, done, total, msg))


def check_cancel(cancel: threading.Event | None) -> None:
    """Raise :class:`Cancelled` if ``cancel`` is set."""
    if cancel is not None and cancel.is_set():
        raise Cancelled()
