"""How the LLM planner's requests run, so that a failing endpoint is not waited on.

Why not a ``ThreadPoolExecutor``: its workers are joined when the interpreter
exits, so after the first fatal error the process still waits for every
request in flight (a slow endpoint answering invalid JSON after 20 s kept a
failed run alive well past a minute). Here the workers are daemon threads that
take the next scene only while the run goes on: the caller returns (or raises)
the moment it decides, and what is still in flight is abandoned.

And :class:`GiveUp`: an endpoint that failed several scenes in a row is not
asked again in this run (with fallback, the rest is planned heuristically).
"""
from __future__ import annotations

import queue
import threading
from typing import Callable, Iterator, Sequence, TypeVar

from shots.progress import check_cancel

T = TypeVar("T")
R = TypeVar("R")

# Consecutive scenes an endpoint may fail before the run stops asking it.
MAX_CONSECUTIVE_FAILURES = 3


def run_on_daemon_threads(fn: Callable[[T], R], items: Sequence[T], workers: int, stop: threading.Event,
                          cancel: threading.Event | None = None) -> Iterator[tuple[int, R | BaseException]]:
    """Run ``fn`` over ``items`` on at most ``workers`` daemon threads; yield ``(index, result)``
    as each finishes (an exception is yielded, not raised). Once ``stop`` is set no item is
    started; the caller may stop iterating at any time without waiting for the rest.

    Raises:
        Cancelled: ``cancel`` was set (checked every 0.1 s while waiting).
    """
    results: queue.Queue = queue.Queue()
    todo = iter(enumerate(items))
    lock = threading.Lock()

    def work() -> None:
        while not stop.is_set():
            with lock:
                nxt = next(todo, None)
            if nxt is None:
                return
            index, item = nxt
            try:
                out: object = fn(item)
            except BaseException as exc:  # delivered to the caller, who decides
                out = exc
            results.put((index, out))

    for n in range(min(max(1, workers), len(items))):
        threading.Thread(target=work, name=f"previs-llm-{n}", daemon=True).start()
    for _ in range(len(items)):
        while True:
            check_cancel(cancel)
            try:
                yield results.get(timeout=0.1)
                break
            except queue.Empty:
                continue


class GiveUp:
    """Counts an endpoint's consecutive failed scenes; trips once at ``limit``."""

    def __init__(self, limit: int = MAX_CONSECUTIVE_FAILURES):
        self.limit = limit
        self._failures = 0
        self._tripped = False
        self._lock = threading.Lock()

    @property
    def tripped(self) -> bool:
        return self._tripped

    def reset(self) -> None:
        with self._lock:
            self._failures, self._tripped = 0, False

    def succeeded(self) -> None:
        with self._lock:
            self._failures = 0

    def failed(self) -> bool:
        """Count one failure; True exactly once, when this one reaches the limit."""
        with self._lock:
            self._failures += 1
            if self._tripped or self._failures < self.limit:
                return False
            self._tripped = True
            return True
