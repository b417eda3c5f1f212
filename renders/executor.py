"""The Executor seam: how shots get rendered — here, in order, in this process.

``get_executor("ray", ...)`` builds the cluster executor (renders/ray_executor.py,
the ``cluster`` extra). Every executor yields one result per item; the
pipeline, not the executor, updates the project store.
"""
from __future__ import annotations

from typing import Callable, Iterable, Iterator, TypeVar

from screenplay.errors import PrevisError

T = TypeVar("T")
R = TypeVar("R")

EXECUTORS = ("local", "ray")


class LocalExecutor:
    """Serial, in-process: the default, and what a laptop wants."""

    name = "local"

    def map(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        for item in items:
            yield fn(item)


def get_executor(name: str, **options) -> "LocalExecutor":
    if name == "local":
        return LocalExecutor()
    if name == "ray":
        from renders.ray_executor import RayExecutor

        return RayExecutor(**options)
    raise PrevisError(f"unknown executor {name!r}; choose one of: {', '.join(EXECUTORS)}")
