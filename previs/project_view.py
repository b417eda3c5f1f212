"""What the app shows about a project at one moment: every scene and shot with its keys and render state.

Why plain frozen data: a worker thread builds a :class:`ProjectView` (through
:meth:`previs.session.Session.load`) and hands it to the UI thread, which only
reads it; every question the screens ask (which shots are dirty, which scene
holds line 42, where a character appears) is answered here without touching
the store.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

from screenplay.model import Scene
from shots.model import Shot, ShotPlan
from renders.model import RenderedShot, TimedShot


@dataclass(frozen=True)
class ShotState:
    """One shot as the app shows it: timed, its render key, and its video if rendered."""

    timed: TimedShot
    key: str  # the render cache key (previs.pipeline.render_key)
    rendered: RenderedShot | None = None

    @property
    def shot(self) -> Shot:
        return self.timed.shot

    @property
    def id(self) -> str:
        return self.timed.shot.id

    @property
    def dirty(self) -> bool:
        """True until the store holds a render for the shot's current key."""
        return self.rendered is None

    @property
    def state(self) -> str:
        return "dirty" if self.rendered is None else "rendered"


@dataclass(frozen=True)
class SceneState:
    """One planned scene: the parsed scene, its (hand-edited) plan, plan key and shots."""

    scene: Scene
    plan: ShotPlan
    key: str  # the plan key (previs.pipeline.plan_key)
    shots: tuple[ShotState, ...]

    @property
    def id(self) -> str:
        return self.plan.scene

    @property
    def frames(self) -> int:
        return sum(s.timed.frames for s in self.shots)

    @property
    def rendered_count(self) -> int:
        return sum(not s.dirty for s in self.shots)

    @property
    def state(self) -> str:
        """``rendered`` (all shots), ``partial`` or ``dirty`` (none)."""
        n = self.rendered_count
        return "rendered" if n == len(self.shots) else "dirty" if n == 0 else "partial"


@dataclass(frozen=True)
class ProjectView:
    """Everything the app displays about a project at one moment."""

    plan: Any  # previs.pipeline.PlanResult
    scenes: tuple[SceneState, ...]
    fps: int

    @property
    def screenplay(self):
        return self.plan.screenplay

    @property
    def bible(self):
        return self.plan.bible

    @property
    def shots(self) -> list[ShotState]:
        return [s for sc in self.scenes for s in sc.shots]

    def shot(self, shot_id: str) -> ShotState | None:
        return next((s for s in self.shots if s.id == shot_id), None)

    def scene(self, scene_id: str) -> SceneState | None:
        return next((s for s in self.scenes if s.id == scene_id), None)

    def scene_of_shot(self, shot_id: str) -> SceneState | None:
        return next((sc for sc in self.scenes if any(s.id == shot_id for s in sc.shots)), None)

    def scene_at_line(self, line: int) -> SceneState | None:
        """The scene whose text contains source line ``line`` (the last one starting at or before it)."""
        best = None
        for sc in self.scenes:
            if sc.scene.line <= line:
                best = sc
        return best

    def changed_scenes(self, previous: "ProjectView | None") -> list[SceneState]:
        """Scenes whose plan key is new since ``previous`` (all of them when there is none)."""
        if previous is None:
            return list(self.scenes)
        old = {sc.key for sc in previous.scenes}
        return [sc for sc in self.scenes if sc.key not in old]

    def dirty_ids(self, scenes: Sequence[SceneState] | None = None) -> list[str]:
        """Ids of dirty shots, in script order (of ``scenes``, or of the whole project)."""
        return [s.id for sc in (self.scenes if scenes is None else scenes) for s in sc.shots if s.dirty]

    def characters_in(self, entry_id: str) -> list[str]:
        """Ids of the shots a bible entry appears in (in frame, or speaking)."""
        return [s.id for s in self.shots
                if entry_id in s.shot.subjects or any(d.character == entry_id for d in s.shot.dialogue)]
