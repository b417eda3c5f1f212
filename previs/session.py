"""What the app asks of a project, answered by the pipeline: one script, one store, one renderer.

Why a session on top of previs/pipeline.py: the app needs questions the CLI
never asks — which shots are rendered and which are dirty, what changed since
the last load, render just this shot or this scene, edit a shot or a character
and see exactly the affected shots turn dirty. Every answer is computed by the
pipeline's own functions (``plan_script``, ``make_voices``, ``time_plan``,
``render_key``, ``render_shot``): nothing here re-implements a stage, so the
app and ``previs animatic`` always agree on what is cached.

Everything is plain data (:class:`ProjectView` and friends, frozen), safe to
hand from a worker thread to the UI. Store writes happen under the project's
lock (previs/store.py), taken per shot so a re-load after a save can slip in
between two renders.
"""
from __future__ import annotations

import dataclasses
import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from screenplay.errors import PrevisError
from screenplay.model import Scene
from shots.model import BibleEntry, Shot, ShotPlan
from shots.progress import ProgressFn, check_cancel, report
from renders.model import RenderedShot, RenderSettings, TimedShot


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


class Session:
    """One open project: load it, ask about it, render parts of it, edit it.

    Args:
        script: the Fountain file.
        renderer, renderer_options, settings, planner, planner_options, scenes, project_dir:
            as for :func:`previs.pipeline.build_animatic`.
    """

    def __init__(self, script: str | os.PathLike[str], *, renderer: str = "greybox",
                 renderer_options: dict | None = None, settings: RenderSettings = RenderSettings(),
                 planner: str = "heuristic", planner_options: dict | None = None, scenes: str | None = None,
                 project_dir: str | os.PathLike[str] | None = None):
        from previs.pipeline import open_store

        self.script = Path(script)
        self.renderer_name = renderer
        self.renderer_options = dict(renderer_options or {})
        self.settings = settings
        self.planner = planner
        self.planner_options = dict(planner_options or {})
        self.scenes = scenes
        self.project_dir = project_dir
        self.store = open_store(script, project_dir)
        self.view: ProjectView | None = None
        self._mutex = threading.RLock()  # one store writer at a time inside this process

    # -- loading ------------------------------------------------------------------------
    def _renderer(self):
        from renders.executor import cached_renderer

        return cached_renderer(self.renderer_name, self.renderer_options)

    def _planner_fields(self) -> tuple[str, dict]:
        from shots.planner import get_planner

        options = dict(self.planner_options)
        if self.planner == "llm":
            options.setdefault("cache_dir", str(self.store.root / "llm-cache"))
        p = get_planner(self.planner, **options)
        return p.name, p.cache_fields()

    def load(self, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> ProjectView:
        """Parse, plan (cached per scene), speak and time the script; look up each shot's render.

        Returns:
            The new view (also kept as ``self.view``).

        Raises:
            PrevisError: a bad script, a planner failure, the project locked by another run.
        """
        from previs.pipeline import make_voices, plan_key, plan_script, render_key, time_plan, _load_rendered
        from previs.scenes import select_scenes

        plan = plan_script(self.script, planner=self.planner, planner_options=self.planner_options,
                           scenes=self.scenes, project_dir=self.project_dir, progress=progress, cancel=cancel)
        chosen = [s for s in select_scenes(plan.screenplay.scenes, self.scenes)
                  if s.heading is not None or s.elements]  # the scenes plan_script planned, same order
        name, fields = self._planner_fields()
        with self._mutex, self.store.locked():
            clips, _, _ = make_voices(plan, self.settings.fps, progress, cancel)
        timed = {t.shot.id: t for t in time_plan(plan, clips, self.settings.fps)}
        renderer = self._renderer()
        scenes = []
        for scene, shot_plan in zip(chosen, plan.plans):
            states = []
            for shot in shot_plan.shots:
                t = timed.get(shot.id)
                if t is None:  # removed by an editor's conform: not in the cut
                    continue
                key = render_key(t, renderer, self.settings)
                states.append(ShotState(t, key, _load_rendered(self.store, key)))
            scenes.append(SceneState(scene, shot_plan, plan_key(scene, plan.bible, name, fields), tuple(states)))
        view = ProjectView(plan, tuple(scenes), self.settings.fps)
        self.view = view
        return view

    def _need_view(self) -> ProjectView:
        if self.view is None:
            return self.load()
        return self.view

    # -- choosing shots -----------------------------------------------------------------
    def shot_ids(self, scope: str, ident: str | None = None, *, dirty_only: bool = True) -> list[str]:
        """Shots for a render request: ``("shot", "3A")``, ``("scene", "3")`` or ``("all", None)``.

        Raises:
            PrevisError: no such shot or scene.
        """
        view = self._need_view()
        if scope == "shot":
            s = view.shot(str(ident))
            if s is None:
                raise PrevisError(f"no shot {ident!r} in this script")
            states = [s]
        elif scope == "scene":
            sc = view.scene(str(ident))
            if sc is None:
                raise PrevisError(f"no scene {ident!r} in this script")
            states = list(sc.shots)
        elif scope == "all":
            states = view.shots
        else:
            raise PrevisError(f"unknown render scope {scope!r}: shot, scene or all")
        return [s.id for s in states if s.dirty or not dirty_only]

    # -- rendering ----------------------------------------------------------------------
    def render(self, shot_ids: Sequence[str], progress: ProgressFn | None = None,
               cancel: threading.Event | None = None) -> list[RenderedShot]:
        """Render the named shots (those already rendered are skipped), updating ``self.view`` after each.

        Each id is looked up in the latest view when its turn comes, so a re-load
        between two shots renders the shot as it is now. Progress: the renderer's
        own reports for the shot in hand (``item`` = shot id), and ``("shots",
        shot id, done, total)`` after each finished shot.

        Raises:
            Cancelled: ``cancel`` was set (finished shots stay in the store; no partial file is left).
            PrevisError: a render failed.
        """
        from previs.pipeline import render_shot

        ids = list(dict.fromkeys(shot_ids))
        out: list[RenderedShot] = []
        report(progress, "shots", "", 0, len(ids), f"{len(ids)} shots")
        for n, shot_id in enumerate(ids):
            check_cancel(cancel)
            state = self._need_view().shot(shot_id)
            if state is None:  # re-planned away since it was queued
                report(progress, "shots", shot_id, n + 1, len(ids), "gone")
                continue
            if state.rendered is None:
                with self._mutex, self.store.locked():
                    rendered = render_shot(state.timed, self._renderer(), self.settings, self.store,
                                           progress, cancel)
                self._mark_rendered(state.key, rendered)
                out.append(rendered)
            report(progress, "shots", shot_id, n + 1, len(ids), "rendered")
        return out

    def _mark_rendered(self, key: str, rendered: RenderedShot) -> None:
        view = self.view
        if view is None:
            return
        scenes = tuple(
            dataclasses.replace(sc, shots=tuple(dataclasses.replace(s, rendered=rendered) if s.key == key else s
                                                for s in sc.shots))
            for sc in view.scenes)
        self.view = dataclasses.replace(view, scenes=scenes)

    def playlist(self, scope: str, ident: str | None = None) -> list[tuple[TimedShot, str]]:
        """Rendered shots to play, in cut order: ``(timed, mp4 path)``; dirty shots are left out."""
        view = self._need_view()
        if scope == "shot":
            states = [s for s in [view.shot(str(ident))] if s is not None]
        elif scope == "scene":
            sc = view.scene(str(ident))
            states = list(sc.shots) if sc is not None else []
        else:
            states = view.shots
        return [(s.timed, s.rendered.path) for s in states if s.rendered is not None]

    # -- whole cuts and exports ----------------------------------------------------------
    def animatic(self, scenes: str | None = None, out: str | os.PathLike[str] | None = None,
                 progress: ProgressFn | None = None, cancel: threading.Event | None = None):
        """:func:`previs.pipeline.build_animatic` with this session's settings (default: all its scenes).

        Returns:
            The pipeline's ``AnimaticResult``; ``self.view`` is re-loaded (shots it rendered are no longer dirty).
        """
        from previs.pipeline import build_animatic

        with self._mutex:
            result = build_animatic(self.script, out=out, renderer=self.renderer_name,
                                    renderer_options=self.renderer_options, settings=self.settings,
                                    scenes=scenes if scenes is not None else self.scenes, planner=self.planner,
                                    planner_options=self.planner_options, project_dir=self.project_dir,
                                    progress=progress, cancel=cancel)
        self.load()
        return result

    def scene_cut(self, scene_id: str, progress: ProgressFn | None = None,
                  cancel: threading.Event | None = None) -> Path:
        """An MP4 with sound of one scene (``previews/scene-<id>.mp4`` in the store), for the system player."""
        out = self.store.within("previews", f"scene-{scene_id}.mp4")
        return self.animatic(scenes=scene_id, out=out, progress=progress, cancel=cancel).output

    def export(self, formats: Sequence[str], folder: str | os.PathLike[str] | None = None,
               progress: ProgressFn | None = None, cancel: threading.Event | None = None,
               grid: tuple[int, int] = (2, 3)) -> tuple[dict[str, Path], list[str]]:
        """Write export files exactly as ``previs export`` does (same functions), into ``folder``.

        Args:
            formats: names from ``previs.commands.export.FORMATS``.
            folder: where the files go (default ``<project>/exports``).

        Returns:
            ``({format: path}, warnings)``.

        Raises:
            PrevisError: an unknown format, or a failed stage.
        """
        from previs.commands.export import FORMATS, PLAN_ONLY, write_exports
        from previs.pipeline import plan_script

        unknown = [f for f in formats if f not in FORMATS]
        if unknown or not formats:
            raise PrevisError(f"choose export formats from: {', '.join(FORMATS)}")
        out_dir = Path(folder) if folder else self.store.folder("exports")
        out_dir.mkdir(parents=True, exist_ok=True)
        targets = {f: out_dir / f"{self.script.stem}{FORMATS[f]}" for f in formats}
        if all(f in PLAN_ONLY for f in formats):
            plan = plan_script(self.script, planner=self.planner, planner_options=self.planner_options,
                               scenes=self.scenes, project_dir=self.project_dir, progress=progress, cancel=cancel)
            animatic = None
        else:
            result = self.animatic(out=out_dir / f"{self.script.stem}.animatic.mp4", progress=progress, cancel=cancel)
            plan, animatic = result.plan, result.animatic
        return write_exports(plan, animatic, targets)

    # -- editing ------------------------------------------------------------------------
    def edit_shot(self, shot_id: str, fields: dict[str, Any]) -> ProjectView:
        """Save a hand edit of one shot (previs/shot_edits.py) and reload; the shot turns dirty.

        Raises:
            PrevisError: no such shot, or a value outside the camera vocabulary (nothing saved).
        """
        from previs.shot_edits import edit_shot

        view = self._need_view()
        scene = view.scene_of_shot(shot_id)
        if scene is None:
            raise PrevisError(f"no shot {shot_id!r} in this script")
        shot = next(s.shot for s in scene.shots if s.id == shot_id)
        with self._mutex:
            edit_shot(scene.plan, shot, scene.key, fields, self.store, view.bible)
        return self.load()

    def edit_character(self, entry_id: str, *, look: str | None = None, color: str | None = None,
                       voice_variant: str | None = None, voice_pitch: int | None = None,
                       voice_rate: int | None = None, reference_image: str | None = None) -> ProjectView:
        """Change one bible entry in ``bible.yaml`` (its version goes up) and reload.

        Exactly the shots the character is in become dirty: their render keys carry
        the entry (look, colour, version) and their dialogue clips carry its voice.

        Args:
            entry_id: the bible id (``mara-okafor``).
            look, color, voice_variant, voice_pitch, voice_rate, reference_image: new values;
                ``None`` leaves a field alone; ``reference_image=""`` clears it.

        Raises:
            PrevisError: unknown character or a value the bible does not accept.
        """
        from shots.bible import FEMALE_VARIANTS, MALE_VARIANTS, bible_from_yaml, bible_to_yaml
        from previs.pipeline import sync_bible
        from previs.store import atomic_write_text

        with self._mutex:
            path = self.store.bible_path
            if not path.exists():
                sync_bible(self._need_view().screenplay, self.store)
            stored = bible_from_yaml(path.read_text("utf-8"), path=str(path))
            old = next((e for e in stored.entries if e.id == entry_id), None)
            if old is None:
                raise PrevisError(f"no character {entry_id!r} in the bible", path)
            voice = old.voice
            if voice_variant is not None:
                v = voice_variant.strip()
                if v not in (*MALE_VARIANTS, *FEMALE_VARIANTS):
                    raise PrevisError(f"voice {v!r}: choose one of {', '.join(MALE_VARIANTS + FEMALE_VARIANTS)}")
                voice = dataclasses.replace(voice, variant=v)
            if voice_pitch is not None:
                voice = dataclasses.replace(voice, pitch=_int("pitch", voice_pitch))
            if voice_rate is not None:
                voice = dataclasses.replace(voice, rate=_int("rate", voice_rate))
            ref = old.reference_image
            if reference_image is not None:
                ref = reference_image.strip() or None
                if ref and not (self.script.parent / Path(ref).expanduser()).is_file():
                    raise PrevisError(f"no image file {ref!r} (a path relative to the script's folder, or absolute)")
            new = dataclasses.replace(
                old, look=old.look if look is None else " ".join(look.split()),
                color=old.color if color is None else color.strip().lower(), voice=voice, reference_image=ref)
            if new == old:
                return self._need_view()
            new = dataclasses.replace(new, version=old.version + 1)
            entries = tuple(new if e.id == entry_id else e for e in stored.entries)
            text = bible_to_yaml(dataclasses.replace(stored, entries=entries))  # keeps what previs bookkeeps
            bible_from_yaml(text, path=str(path))  # the bible's own checks (colour, pitch, rate) before writing
            atomic_write_text(path, text)
        return self.load()

    def reference_from_shot(self, character: str, shot_id: str, at: float = 0.5) -> Path:
        """Approve a still of a rendered shot as ``character``'s reference image.

        The frame at ``at`` (0 = first, 1 = last) of the shot's render under this
        session's renderer is saved as ``PROJECT/references/<id>.png`` and becomes
        the bible entry's ``reference_image`` (its version goes up, so exactly the
        shots the character is in re-render with the diffusion renderer).

        Args:
            character: bible id, name or alias (``mara-okafor``, ``MARA``).
            shot_id: a shot of the plan (``2A``) that is rendered.
            at: where in the shot, 0..1.

        Returns:
            The saved PNG.

        Raises:
            PrevisError: unknown character or shot, a shot not rendered yet, ``at`` outside 0..1.
        """
        import io

        from renders.export.storyboard_pdf import grab_frames

        if not 0.0 <= at <= 1.0:
            raise PrevisError(f"--at is a fraction of the shot from 0 to 1, not {at:g}")
        view = self._need_view()
        entry = view.bible.get(character)
        if entry is None:
            raise PrevisError(f"no character {character!r} in the bible (see previs characters)", self.store.bible_path)
        state = view.shot(shot_id.strip().upper())
        if state is None:
            raise PrevisError(f"no shot {shot_id!r} in the plan (see previs plan)", self.script)
        if state.rendered is None:
            size = f"{self.settings.width}x{self.settings.height}@{self.settings.fps:g}"
            raise PrevisError(f"shot {state.id} is not rendered with these options ({self.renderer_name}, {size}) "
                              f"yet: render it first (previs animatic with the same options, or r in the app)",
                              self.script)
        index = round(at * max(0, state.timed.frames - 1))
        image = grab_frames(state.rendered.path, [index], width=1 << 14)[0]
        buf = io.BytesIO()
        image.save(buf, format="PNG")
        dest = self.store.write_file(self.store.within("references", f"{entry.id}.png"), buf.getvalue())
        try:  # relative to the script's folder (where the renderers resolve it) when it lives below it
            ref = os.path.relpath(dest.resolve(), self.script.resolve().parent)
            ref = str(dest.resolve()) if ref.startswith("..") else ref
        except ValueError:  # another drive
            ref = str(dest.resolve())
        self.edit_character(entry.id, reference_image=ref)
        return dest

    def character(self, entry_id: str) -> BibleEntry | None:
        view = self._need_view()
        return next((e for e in view.bible.entries if e.id == entry_id), None)


def _int(name: str, value: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise PrevisError(f"voice {name} must be a whole number, not {value!r}") from None
