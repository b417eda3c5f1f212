"""What the app asks of a project, answered by the pipeline: one script, one store, one renderer.

Why a session on top of previs/pipeline.py: the app needs questions the CLI
never asks — which shots are rendered and which are dirty, what changed since
the last load, render just this shot or this scene, edit a shot or a character
and see exactly the affected shots turn dirty. Every answer is computed by the
pipeline's own functions (a load is :func:`previs.pipeline.prepare_run`, a
render :func:`previs.stored_renders.render_shot`, an export previs/exports.py's
table): nothing here re-implements a stage, so the app and ``previs animatic``
always agree on what is cached. Edits are previs/shot_edits.py's and
previs/bible_edits.py's; the session decides when to reload.

Every answer is plain data (:class:`previs.project_view.ProjectView` and
friends, frozen), safe to hand from a worker thread to the UI. Store writes happen under the project's
lock (previs/store.py), taken per shot so a re-load after a save can slip in
between two renders.
"""
from __future__ import annotations

import dataclasses
import os
import threading
from pathlib import Path
from typing import Any, Sequence

from screenplay.errors import PrevisError
from shots.model import BibleEntry
from shots.progress import ProgressFn, check_cancel, report
from renders.model import RenderedShot, RenderSettings, TimedShot
from previs.project_view import ProjectView, SceneState, ShotState


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
        from previs.pipeline import open_store, renderer_defaults

        self.script = Path(script)
        self.renderer_name = renderer
        self.renderer_options = renderer_defaults(renderer, renderer_options, script)
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
        from renders.render_job import cached_renderer

        return cached_renderer(self.renderer_name, self.renderer_options)

    def load(self, progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> ProjectView:
        """Parse, plan (cached per scene), speak and time the script; look up each shot's render.

        Returns:
            The new view (also kept as ``self.view``).

        Raises:
            PrevisError: a bad script, a planner failure, the project locked by another run.
        """
        from previs.pipeline import prepare_run

        run = prepare_run(self.script, renderer=self.renderer_name, renderer_options=self.renderer_options,
                          settings=self.settings, scenes=self.scenes, planner=self.planner,
                          planner_options=self.planner_options, project_dir=self.project_dir, lock=self._mutex,
                          progress=progress, cancel=cancel)
        plan = run.plan
        by_id = {t.shot.id: ShotState(t, k, r) for t, k, r in zip(run.timed, run.render_keys, run.stored)}
        scenes = []
        for scene, shot_plan, key in zip(plan.scenes, plan.plans, plan.keys):
            states = tuple(by_id[s.id] for s in shot_plan.shots if s.id in by_id)  # conform may remove shots
            scenes.append(SceneState(scene, shot_plan, key, states))
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
        from previs.stored_renders import render_shot

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
               grid: tuple[int, int] = (2, 3), with_floorplan: bool = False) -> tuple[dict[str, Path], list[str]]:
        """Write export files exactly as ``previs export`` does (the same table, previs/exports.py), into ``folder``.

        Args:
            formats: names from ``previs.exports.FORMATS``.
            folder: where the files go (default ``<project>/exports``).
            grid: storyboard columns x rows.
            with_floorplan: the storyboard gets each scene's floor plan as a thumbnail (``--with-floorplan``).

        Returns:
            ``({format: path}, warnings)``.

        Raises:
            PrevisError: an unknown format, or a failed stage.
        """
        from previs.exports import FORMATS, needs_animatic, target_in, write_exports
        from previs.pipeline import plan_script

        unknown = [f for f in formats if f not in FORMATS]
        if unknown or not formats:
            raise PrevisError(f"choose export formats from: {', '.join(FORMATS)}")
        out_dir = Path(folder) if folder else self.store.folder("exports")
        out_dir.mkdir(parents=True, exist_ok=True)
        targets = {f: target_in(out_dir, self.script.stem, f) for f in formats}
        if not needs_animatic(formats):
            plan = plan_script(self.script, planner=self.planner, planner_options=self.planner_options,
                               scenes=self.scenes, project_dir=self.project_dir, progress=progress, cancel=cancel)
            animatic = None
        else:
            result = self.animatic(out=out_dir / f"{self.script.stem}.animatic.mp4", progress=progress, cancel=cancel)
            plan, animatic = result.plan, result.animatic
        return write_exports(plan, animatic, targets, grid=grid, settings=self.settings, progress=progress,
                             with_floorplan=with_floorplan)

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
            edited = edit_shot(scene.scene, shot, fields, self.store, view.bible)
            self._follow_note(view, scene, edited)
        return self.load()

    def _follow_note(self, view: ProjectView, scene: SceneState, edited: Shot) -> None:
        """A shot with a note in the script keeps the note true: the note is rewritten with the edit."""
        from previs.annotations import rewrite_lock
        from shots.locks import lock_target

        locks = dict(zip((sc.id for sc in view.scenes), view.plan.locks)).get(scene.id, ())
        lock = next((lk for lk in locks if (t := lock_target(scene.plan, lk)) is not None and t.id == edited.id), None)
        if lock is not None:
            rewrite_lock(self.script, lock, edited, view.bible)

    def undo_shot_edit(self) -> ProjectView:
        """Undo the last shot edit (or re-application of an orphan) and reload.

        Raises:
            PrevisError: there is nothing to undo.
        """
        from previs.shot_edits import undo_last_edit

        with self._mutex:
            if not undo_last_edit(self.store):
                raise PrevisError("no shot edit to undo")
        return self.load()

    def dismiss_orphan(self, uid: str) -> ProjectView:
        """Delete an orphaned shot edit (see ``view.plan.edit_report.orphans``) and reload."""
        from previs.shot_edits import dismiss_orphan

        with self._mutex:
            dismiss_orphan(self.store, uid)
        return self.load()

    def reapply_orphan(self, uid: str, shot_id: str) -> ProjectView:
        """Attach an orphaned shot edit to shot ``shot_id`` and reload.

        Raises:
            PrevisError: no such orphan or shot.
        """
        from previs.shot_edits import reapply_orphan

        view = self._need_view()
        scene = view.scene_of_shot(shot_id)
        if scene is None:
            raise PrevisError(f"no shot {shot_id!r} in this script")
        with self._mutex:
            reapply_orphan(self.store, uid, scene.scene, view.shot(shot_id).shot)
        return self.load()

    def edit_character(self, entry_id: str, *, look: str | None = None, color: str | None = None,
                       voice_variant: str | None = None, voice_pitch: int | None = None,
                       voice_rate: int | None = None, reference_image: str | None = None,
                       looks: str | None = None) -> ProjectView:
        """The app's character edit: save it through :func:`previs.bible_edits.edit_bible_entry`
        and hand back the view that shows it.

        Under the session's lock: a project with no ``bible.yaml`` (deleted since the load)
        gets one from the script first (a session not loaded yet loads for it), so the edit
        has an entry to change. When the values are what the entry already holds, nothing is
        written and the current view comes back without a reload; otherwise the whole project
        is reloaded (:meth:`load`), so the shots the character is in come back dirty (their
        render keys and voice clips carry the entry) and the rest stay rendered.

        Args:
            entry_id: the bible id (``mara-okafor``).
            look, color, voice_variant, voice_pitch, voice_rate, reference_image, looks:
                passed on as they are (``None`` leaves a field alone; see ``edit_bible_entry``).

        Returns:
            The new view after a change, else the current one.

        Raises:
            PrevisError: an unknown character or a value the bible does not accept (nothing
                saved); on the load, as :meth:`load`.
        """
        from previs.bible_edits import edit_bible_entry
        from previs.pipeline import sync_bible

        with self._mutex:
            if not self.store.bible_path.exists():
                sync_bible(self._need_view().screenplay, self.store)
            changed = edit_bible_entry(self.store, self.script, entry_id, look=look, color=color,
                                       voice_variant=voice_variant, voice_pitch=voice_pitch, voice_rate=voice_rate,
                                       reference_image=reference_image, looks=looks)
            if not changed:
                return self._need_view()
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
        from previs.bible_edits import save_reference_still

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
        dest, ref = save_reference_still(self.store, self.script, entry.id, state.rendered.path, index)
        self.edit_character(entry.id, reference_image=ref)
        return dest

    def character(self, entry_id: str) -> BibleEntry | None:
        view = self._need_view()
        return next((e for e in view.bible.entries if e.id == entry_id), None)
