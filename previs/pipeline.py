"""The only place that runs the stages in order: parse -> bible -> plan -> voices -> timing
-> render -> mixdown -> cut.

One function prepares a run, :func:`prepare_run` (plan, voices, timing, the
renderer with its defaults, every key, what the store already holds), and
everything that runs the stages starts there: :func:`build_animatic` (``previs
animatic``/``export``), the app's :class:`previs.session.Session` and ``previs
conform``. Progress leaves through a plain callback, cancellation comes in as a
``threading.Event``. Every stage's output is stored under a content-hash key
(the rules: previs/keys.py; the store: previs/store.py), so a re-run redoes
only what changed:

- a scene's plan is keyed by its text (line numbers made relative to the
  heading, so an edit elsewhere that shifts lines re-plans nothing), the bible
  entries of its characters, and the planner's settings;
- a voice clip by its text, voice and delivery;
- a shot render by the shot (without absolute line numbers), its timing and
  cues, its cast, the renderer's name/version/settings and the frame size/rate;
- the mixdown and the cut by the keys of what they are made of.
"""
from __future__ import annotations

import contextlib
import dataclasses
import os
import threading
from pathlib import Path


from screenplay.errors import PrevisError
from screenplay.model import Scene, Screenplay
from shots.model import Bible, BibleEntry, DialogueLine, ShotPlan, VoiceSpec
from shots.progress import ProgressFn, check_cancel, report
from renders.model import Animatic, RenderSettings, TimedShot, VoiceClip
from previs.conform_file import apply_conform, read_conform
from previs.hashing import stable_hash, to_plain
from previs.keys import cut_key, mix_key, plan_key, render_key, transitions_of
from previs.results import AnimaticResult, PlanResult, PreparedRun
from previs.scenes import select_scenes
from previs.serialize import from_plain
from previs.store import ProjectStore, atomic_copy, atomic_write_text, cached_video_intact, default_project_dir
from renders.executor import get_executor
from renders.render_job import RenderJob, cached_renderer
from previs.stored_renders import commit_rendered, load_rendered



# -- loading ------------------------------------------------------------------------------

def load_script(path: str | os.PathLike[str]) -> Screenplay:
    """Read and parse a Fountain file (PrevisError on bad input)."""
    from screenplay import load

    return load(path)


def open_store(script: str | os.PathLike[str], project_dir: str | os.PathLike[str] | None = None) -> ProjectStore:
    """The project store for ``script``: ``project_dir`` or ``<script stem>.previs`` beside it."""
    return ProjectStore(project_dir if project_dir else default_project_dir(script))


def sync_bible(screenplay: Screenplay, store: ProjectStore) -> Bible:
    """The bible extracted from the script, merged with the user's edited ``bible.yaml``.

    The merged bible is written back (atomically) only when it changed, so a
    user's hand edits survive and gain a version bump where they differ.
    """
    from shots.bible import extract_bible
    from shots.bible_store import bible_from_yaml, bible_to_yaml, merge_bible
    from shots.bible_file import read_bible_text

    store.ensure()  # a folder that is not a store is refused before anything in it is read or written
    extracted = extract_bible(screenplay)
    stored = None
    path = store.bible_path
    old_text = None
    if path.exists():
        old_text = read_bible_text(path)
        stored = bible_from_yaml(old_text, path=str(path))
    bible = merge_bible(extracted, stored)
    new_text = bible_to_yaml(bible)
    if new_text != old_text:
        atomic_write_text(path, new_text)
    return bible


# -- planning -----------------------------------------------------------------------------

def _shift_plan(plan: ShotPlan, delta: int) -> ShotPlan:
    """Move a stored plan's line numbers to where its scene sits now."""
    if delta == 0:
        return plan
    shots = tuple(
        dataclasses.replace(
            s, first_line=s.first_line + delta, last_line=s.last_line + delta,
            dialogue=tuple(dataclasses.replace(d, line=d.line + delta) for d in s.dialogue),
            parts=tuple(dataclasses.replace(p, line=p.line + delta) for p in s.parts),
        )
        for s in plan.shots
    )
    return dataclasses.replace(plan, shots=shots, first_line=plan.first_line + delta,
                               last_line=plan.last_line + delta)


def plan_script(script: str | os.PathLike[str], *, planner: str = "heuristic", planner_options: dict | None = None,
                scenes: str | None = None, project_dir: str | os.PathLike[str] | None = None,
                progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> PlanResult:
    """Parse ``script``, sync the bible, and plan the chosen scenes (cached per scene).

    Raises:
        PrevisError: bad script, bad scene selection, a planner failure.
    """
    from previs.annotations import read_locks
    from previs.shot_edits import apply_shot_edits
    from screenplay.loader import read_text
    from shots.locks import apply_locks
    from shots.planner import get_planner

    screenplay = load_script(script)
    store = open_store(script, project_dir)
    bible = sync_bible(screenplay, store)
    script_locks = read_locks(read_text(script), screenplay, bible, script)
    chosen = [s for s in select_scenes(screenplay.scenes, scenes) if s.heading is not None or s.elements]
    options = dict(planner_options or {})
    if planner == "llm":
        options.setdefault("cache_dir", str(store.root / "llm-cache"))
        options.setdefault("script_path", str(script))
    the_planner = get_planner(planner, **options)
    fields = the_planner.cache_fields()
    from shots.continuity import scene_contexts

    every = [s for s in screenplay.scenes if s.heading is not None or s.elements]
    context_of = dict(zip((s.number for s in every), scene_contexts(every, bible)))
    contexts = [context_of.get(s.number) for s in chosen]
    locks = [script_locks.for_scene(s.id) for s in chosen]

    keys = [plan_key(scene, bible, the_planner.name, fields, lk, contexts[i])
            for i, (scene, lk) in enumerate(zip(chosen, locks))]
    plans: dict[int, ShotPlan] = {}
    missing: list[tuple[int, Scene, str]] = []
    for i, (scene, key) in enumerate(zip(chosen, keys)):
        meta = store.read_meta("plans", key)
        if meta is not None:
            try:
                stored = from_plain(ShotPlan, meta["plan"])
                plans[i] = _shift_plan(stored, scene.line - meta["scene_line"])
                continue
            except (KeyError, TypeError, ValueError):
                pass  # an old or damaged entry: plan again
        missing.append((i, scene, key))
    report(progress, "plan", "", len(plans), len(chosen), f"{len(plans)} scenes from cache")
    if missing:
        check_cancel(cancel)
        missing_locks = [locks[i] for i, _, _ in missing]
        extra = {"locks": missing_locks} if any(missing_locks) else {}  # both planners honour shot notes
        new_plans = the_planner.plan_all([m[1] for m in missing], bible, progress=progress, cancel=cancel,
                                         contexts=[contexts[m[0]] for m in missing], **extra)
        for (i, scene, key), plan in zip(missing, new_plans):
            store.ensure()
            store.write_meta("plans", key, {"scene_line": scene.line, "plan": to_plain(plan)})
            plans[i] = plan
    report(progress, "plan", "", len(chosen), len(chosen), "planned")
    warnings = list(script_locks.warnings)
    for i, scene_locks in enumerate(locks):  # a no-op on planned shots; finds notes that name no shot
        if scene_locks:
            plans[i], problems = apply_locks(plans[i], scene_locks, bible)
            warnings += [f"{os.fspath(script)}:{lock.line}: {problem}" for lock, problem in problems]
    # hand edits of shots (the app's inspector) follow their lines: see previs/shot_edits.py
    edited, edit_report = apply_shot_edits([plans[i] for i in range(len(chosen))], chosen, store, bible, keys, locks)
    # page eighths from the typeset pages (not cached: page breaks move with edits elsewhere)
    from screenplay.page_eighths import ruler_for
    from shots.plan_pages import measure_plans

    measured = measure_plans(edited, ruler_for(screenplay))
    return PlanResult(screenplay, bible, measured, store, the_planner.name, planned=len(missing),
                      cached=len(chosen) - len(missing), scenes=tuple(chosen), keys=tuple(keys),
                      locks=tuple(locks), edit_report=edit_report, warnings=tuple(warnings))


# -- voices and timing --------------------------------------------------------------------

def _voice_for(bible: Bible, character: str) -> VoiceSpec:
    entry = bible.get(character)
    return entry.voice if entry is not None else VoiceSpec()


def make_voices(plan: PlanResult, fps: int, progress: ProgressFn | None = None,
                cancel: threading.Event | None = None) -> tuple[dict[tuple[str, int], VoiceClip], int, int]:
    """A clip for every dialogue line of every shot, from the store or freshly spoken.

    Returns:
        ({(shot id, line index): clip}, clips made, clips from cache)
    """
    from renders.voice import EspeakVoice, voice_cache_fields
    from renders.wavfile import wav_intact

    store = plan.store
    voice = None
    lines: list[tuple[str, int, DialogueLine]] = [
        (s.id, i, d) for s in plan.shots for i, d in enumerate(s.dialogue)
    ]
    clips: dict[tuple[str, int], VoiceClip] = {}
    made = cached = 0
    for n, (shot_id, i, d) in enumerate(lines):
        check_cancel(cancel)
        spec = _voice_for(plan.bible, d.character)
        try:
            key = stable_hash("voice", voice_cache_fields(d.text, spec, d.parenthetical, d.extension), fps)
            meta = store.read_meta("voices", key)
            wav = store.path("voices", key, ".wav")
            # a clip cut short (a crash mid-write of an older previs, a full disk) is spoken again
            if meta is not None and wav_intact(wav, sample_rate=meta.get("sample_rate"), samples=meta.get("samples")):
                clips[(shot_id, i)] = dataclasses.replace(from_plain(VoiceClip, meta), wav=str(wav))
                cached += 1
            else:
                voice = voice or EspeakVoice()
                with store.scratch(".wav") as tmp:
                    clip = voice.say(d.text, spec, tmp, parenthetical=d.parenthetical, extension=d.extension,
                                     fps=fps)
                    final = store.commit_file(tmp, "voices", key, ".wav")
                clip = dataclasses.replace(clip, wav=str(final))
                store.write_meta("voices", key, to_plain(dataclasses.replace(clip, wav=final.name)))
                clips[(shot_id, i)] = clip
                made += 1
        except PrevisError as exc:
            if exc.path is not None:
                raise
            # the engine knows neither the script nor the line: say which speech failed
            raise PrevisError(f"the scratch voice of {d.character}: {exc.message}", plan.screenplay.path,
                              d.line) from None
        report(progress, "voice", shot_id, n + 1, len(lines), d.character)
    return clips, made, cached


def _cast_of_shot(shot, bible: Bible) -> tuple[BibleEntry, ...]:
    """Bible entries of everyone in frame, then of off-screen speakers (for subtitles and voices)."""
    ids = list(dict.fromkeys([*shot.subjects, *(d.character for d in shot.dialogue)]))
    return tuple(e for e in (bible.get(i) for i in ids) if e is not None)


def time_plan(plan: PlanResult, clips: dict[tuple[str, int], VoiceClip], fps: int) -> list[TimedShot]:
    """Frames for every shot (speech + handles, reading rate), conform applied, starts cumulative."""
    from renders.timing import time_shots

    pairs = [(s, [clips[(s.id, i)] for i in range(len(s.dialogue))]) for s in plan.shots]
    casts = [_cast_of_shot(s, plan.bible) for s in plan.shots]
    timed = time_shots(pairs, fps, casts=casts)
    return apply_conform(list(timed), read_conform(plan.store))


# -- one prepared run ---------------------------------------------------------------------

def renderer_defaults(renderer: str, options: dict | None, script: str | os.PathLike[str]) -> dict:
    """The renderer's options with the defaults a run adds: for diffusion, ``base`` (relative
    ``reference_image`` paths in the bible resolve beside the script, not in the current folder)."""
    options = dict(options or {})
    if renderer == "diffusion":
        options.setdefault("base", str(Path(script).resolve().parent))
    return options


def prepare_run(script: str | os.PathLike[str], *, renderer: str = "greybox", renderer_options: dict | None = None,
                settings: RenderSettings = RenderSettings(), scenes: str | None = None,
                planner: str = "heuristic", planner_options: dict | None = None,
                project_dir: str | os.PathLike[str] | None = None, lock=None,
                progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> PreparedRun:
    """Plan, speak and time the script, build the renderer, and compute every shot's render key.

    The one preparation of a run: :func:`build_animatic`, the app's
    :class:`previs.session.Session` and ``previs conform`` all start here, so
    they agree on what is planned, how long each shot is and what is cached.

    Args:
        lock: an extra in-process lock held with the project's lock while voices are written.
        (the others as for :func:`build_animatic`)

    Raises:
        PrevisError: bad input, a planner failure, the project locked by another run.
    """
    plan = plan_script(script, planner=planner, planner_options=planner_options, scenes=scenes,
                       project_dir=project_dir, progress=progress, cancel=cancel)
    store = plan.store
    options = renderer_defaults(renderer, renderer_options, script)
    with (lock if lock is not None else contextlib.nullcontext()), store.locked():
        clips, voices_made, voices_cached = make_voices(plan, settings.fps, progress, cancel)
        timed = tuple(time_plan(plan, clips, settings.fps))
        the_renderer = cached_renderer(renderer, options) if timed else None
        keys = tuple(render_key(t, the_renderer, settings) for t in timed)
        stored = tuple(load_rendered(store, k) for k in keys)
    return PreparedRun(plan, timed, renderer, options, the_renderer, settings, keys, stored,
                       voices_made=voices_made, voices_cached=voices_cached)


# -- the whole animatic -------------------------------------------------------------------

def default_output(script: str | os.PathLike[str]) -> Path:
    p = Path(script)
    return p.with_name(p.stem + ".animatic.mp4")


def build_animatic(script: str | os.PathLike[str], *, out: str | os.PathLike[str] | None = None,
                   renderer: str = "greybox", renderer_options: dict | None = None,
                   settings: RenderSettings = RenderSettings(), scenes: str | None = None,
                   planner: str = "heuristic", planner_options: dict | None = None,
                   project_dir: str | os.PathLike[str] | None = None, executor: str = "local",
                   executor_options: dict | None = None,
                   progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> AnimaticResult:
    """Everything from script to ``out`` MP4, reusing whatever the store already has.

    Raises:
        PrevisError: bad input, a failed stage; finished shots stay in the store.
    """
    from renders.mixdown import mix_dialogue
    from renders.limits import content_warnings
    from renders.timing import page_mismatch
    from renders.cut import cut
    from renders.wavfile import wav_intact

    run = prepare_run(script, renderer=renderer, renderer_options=renderer_options, settings=settings,
                      scenes=scenes, planner=planner, planner_options=planner_options, project_dir=project_dir,
                      progress=progress, cancel=cancel)
    plan, store, fps, timed, keys = run.plan, run.store, settings.fps, list(run.timed), run.render_keys
    if not timed:
        raise PrevisError("this script has no scenes to render", script)
    with store.locked():
        todo_keys = {k for k, r in zip(keys, run.stored) if r is None}
        todo = {k: t for t, k in zip(timed, keys) if k in todo_keys}  # identical shots render once
        key_of = dict(zip((t.shot.id for t in timed), keys))
        cached_count = len(timed) - sum(k in todo_keys for k in keys)
        report(progress, "shots", "", cached_count, len(timed), f"{cached_count} cached")
        staging = (executor_options or {}).get("staging_dir") or str(store.scratch_dir("staging"))
        job = RenderJob(renderer, settings, staging, dict(run.renderer_options))
        ex = get_executor(executor, **{k: v for k, v in (executor_options or {}).items() if k != "staging_dir"})
        failures: list[str] = []
        done = cached_count
        per_key = {k: sum(1 for kk in keys if kk == k) for k in todo}
        for t, staged in ex.run(job, list(todo.values()), progress=progress, cancel=cancel):
            key = key_of[t.shot.id]
            if isinstance(staged, PrevisError):
                failures.append(f"{t.shot.id}: {staged.message}")
                continue
            commit_rendered(store, key, staged)
            done += per_key.get(key, 1)
            report(progress, "shots", t.shot.id, done, len(timed), "")
        if failures:
            raise PrevisError(f"{len(failures)} shot(s) failed (the other {len(timed) - len(failures)} are kept; "
                              f"run again to retry): " + "; ".join(failures), script)
        loaded = [load_rendered(store, k) for k in keys]
        if any(r is None for r in loaded):
            raise PrevisError("some shots did not finish rendering; run again to resume", script)
        rendered = [dataclasses.replace(r, cached=k not in todo_keys) for r, k in zip(loaded, keys)]

        mix = mix_key(timed, fps)
        mix_wav = store.path("mix", mix, ".wav")
        if not wav_intact(mix_wav):  # missing or cut short
            with store.scratch(".wav") as tmp:
                mix_dialogue(timed, fps, tmp)
                store.commit_file(tmp, "mix", mix, ".wav")
        the_cut = cut_key(keys, timed, mix)
        cut_path = store.path("cuts", the_cut, ".mp4")
        if not cached_video_intact(cut_path, {"frames": sum(t.frames for t in timed)}):  # missing or damaged
            with store.scratch(".mp4") as tmp:
                cut(rendered, mix_wav, tmp, transitions=transitions_of(timed), progress=progress,
                    cancel=cancel)
                store.commit_file(tmp, "cuts", the_cut, ".mp4")
        output = Path(out) if out else default_output(script)
        atomic_copy(cut_path, output)
    total = sum(t.frames for t in timed)
    animatic = Animatic(str(output), fps, total, tuple(timed), tuple(rendered))
    return AnimaticResult(plan, animatic, output, rendered_count=len(timed) - cached_count, cached_count=cached_count,
                          voices_made=run.voices_made, voices_cached=run.voices_cached,
                          timing_report=tuple(content_warnings(timed) + page_mismatch(plan.plans, timed, fps)))
