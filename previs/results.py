"""What the pipeline hands back: a planned script, a prepared run, a finished animatic.

Plain frozen dataclasses, so the CLI prints them, the app's session keeps them
in its view and tests read them, without any of them calling back into the
pipeline (previs/pipeline.py builds them).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from screenplay.model import Scene, Screenplay
from shots.model import Bible, ShotPlan
from renders.model import Animatic, RenderedShot, RenderSettings, TimedShot
from previs.store import ProjectStore


@dataclass(frozen=True)
class PlanResult:
    screenplay: Screenplay
    bible: Bible
    plans: tuple[ShotPlan, ...]
    store: ProjectStore
    planner: str
    planned: int = 0  # scenes planned in this run
    cached: int = 0  # scenes whose plan came from the store
    scenes: tuple[Scene, ...] = ()  # the planned scenes, parallel to ``plans``
    keys: tuple[str, ...] = ()  # their plan keys (previs.keys.plan_key), parallel to ``plans``
    locks: tuple = ()  # each plan's shot notes (shots.locks.ShotLock tuples), parallel to ``plans``
    edit_report: Any = None  # previs.shot_edits.EditReport: hand edits applied, moved, orphaned
    warnings: tuple[str, ...] = ()  # "script.fountain:12: ..." for shot notes that could not be used

    @property
    def shots(self):
        return [s for p in self.plans for s in p.shots]

    def notices(self, script: str | os.PathLike[str]) -> list[str]:
        """One ``file:line:`` line per shot note that could not be used and per orphaned hand edit."""
        orphans = self.edit_report.messages(os.fspath(script)) if self.edit_report is not None else []
        return [*self.warnings, *orphans]


@dataclass(frozen=True)
class AnimaticResult:
    plan: PlanResult
    animatic: Animatic
    output: Path
    rendered_count: int
    cached_count: int
    voices_made: int
    voices_cached: int
    timing_report: tuple[str, ...] = ()


@dataclass(frozen=True)
class PreparedRun:
    """A run up to the renders: the plan, every shot timed, the renderer and every key, computed once.

    ``timed``, ``render_keys`` and ``stored`` are parallel, in cut order (an
    editor's conform applied: shots it removed are not here).
    """

    plan: PlanResult
    timed: tuple[TimedShot, ...]
    renderer_name: str
    renderer_options: dict  # with the run's defaults (renderer_defaults)
    renderer: object | None  # the process's renderer instance; None when there is nothing to render
    settings: RenderSettings
    render_keys: tuple[str, ...]
    stored: tuple[RenderedShot | None, ...]  # the store's render under each key, or None (dirty)
    voices_made: int = 0
    voices_cached: int = 0

    @property
    def store(self) -> ProjectStore:
        return self.plan.store
