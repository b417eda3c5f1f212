"""The Planner seam and its registry.

Two planners implement it: ``heuristic`` (shots/heuristic.py, the default,
deterministic and offline) and ``llm`` (shots/llm.py, any OpenAI-compatible
endpoint). Look them up by name with :func:`get_planner`; heavy imports (the
openai client) happen only when the LLM planner is chosen.
"""
from __future__ import annotations

import threading
from typing import Protocol, Sequence

from screenplay.errors import PrevisError
from screenplay.model import Scene
from shots.model import Bible, ShotPlan
from shots.progress import ProgressFn


class Planner(Protocol):
    name: str

    def plan(self, scene: Scene, bible: Bible) -> ShotPlan:
        """Cover every element of ``scene`` with shots, in order, no gaps, no overlaps."""
        ...

    def plan_all(self, scenes: Sequence[Scene], bible: Bible, progress: ProgressFn | None = None,
                 cancel: threading.Event | None = None) -> list[ShotPlan]:
        """Plan several scenes (the LLM planner runs them concurrently, bounded); same order out."""
        ...

    def cache_fields(self) -> dict:
        """What, besides the scene and bible, determines this planner's output (for cache keys)."""
        ...


PLANNERS = ("heuristic", "llm")


def get_planner(name: str, **options) -> Planner:
    """Build a planner by name. Options go to its constructor."""
    if name == "heuristic":
        from shots.heuristic import HeuristicPlanner

        return HeuristicPlanner(**options)
    if name == "llm":
        from shots.llm import LLMPlanner

        return LLMPlanner(**options)
    raise PrevisError(f"unknown planner {name!r}; choose one of: {', '.join(PLANNERS)}")
