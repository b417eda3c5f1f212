"""The only place that runs the stages in order: parse -> bible -> plan -> voices -> timing
-> render -> mixdown -> cut.

The CLI and the TUI both call :func:`plan_script` and :func:`build_animatic`.
Progress leaves through a plain callback, cancellation comes in as a
``threading.Event``. Every stage's output is stored under a content-hash key
(previs/store.py), so a re-run redoes only what changed:

- a scene's plan is keyed by its text (line numbers made relative to the
  heading, so an edit elsewhere that shifts lines re-plans nothing), the bible
  entries of its characters, and the planner's settings;
- a voice clip by its text, voice and delivery;
- a shot render by the shot (without absolute line numbers), its timing and
  cues, its cast, the renderer's name/version/settings and the frame size/rate;
- the mixdown and the cut by the keys of what they are made of.
"""
from __future__ import annotations

import dataclasses
import os
import threading
from dataclasses import dataclass
from pathlib import Path


from screenplay.errors import PrevisError
from screenplay.model import Scene, Screenplay
from shots.model import Bible, BibleEntry, DialogueLine, ShotPlan, VoiceSpec
from shots.progress import ProgressFn, check_cancel, report
from renders.model import Animatic, RenderedShot, RenderSettings, TimedShot, VoiceClip
from previs.hashing import stable_hash, to_plain
from previs.scenes import select_scenes
from previs.serialize import from_plain
from previs.store import ProjectStore, atomic_copy, atomic_write_text, cached_video_intact, default_project_dir
from renders.executor import RenderJob, cached_renderer, control_path_for, get_executor

PLAN_FORMAT = 1  # bump when the stored plan format changes
CUT_FORMAT = 1


@dataclass(frozen=True)
class PlanResult:
    screenplay: Screenplay
    bible: Bible
    plans: tuple[ShotPlan, ...]
    store: ProjectStore
    planner: str
    planned: int = 0  # scenes planned in this run
    cached: int = 0  # scenes whose plan came from the store

    @property
    def shots(self):
        return [s for p in self.plans for s in p.shots]


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
    from shots.bible import bible_from_yaml, bible_to_yaml, extract_bible, merge_bible

    store.ensure()  # a folder that is not a store is refused before anything in it is read or written
    extracted = extract_bible(screenplay)
    stored = None
    path = store.bible_path
    old_text = None
    if path.exists():
        old_text = path.read_text("utf-8")
        stored = bible_from_yaml(old_text, path=str(path))
    bible = merge_bible(extracted, stored)
    new_text = bible_to_yaml(bible)
    if new_text != old_text:
        atomic_write_text(path, new_text)
    return bible


# -- planning -----------------------------------------------------------------------------

def _scene_fingerprint(scene: Scene) -> list:
    """The scene's content with line numbers relative to its start."""
    base = scene.line
    out = []
    for e in (([scene.heading] if scene.heading else []) + list(scene.elements)):
        d = {k: v for k, v in to_plain(e).items() if k not in ("line", "end_line")}
        out.append([e.type, d, e.line - base, e.end_line - base])
    return out


def _cast_of_scene(scene: Scene, bible: Bible) -> list[BibleEntry]:
    """Every character the scene's shots can show (speakers, introductions, named in action)."""
    from shots.bible import scene_cast

    return [e for e in (bible.get(i) for i in scene_cast(scene, bible)) if e is not None]


def _shift_plan(plan: ShotPlan, delta: int) -> ShotPlan:
    """Move a stored plan's line numbers to where its scene sits now."""
    if delta == 0:
        return plan
    shots = tuple(
        dataclasses.replace(
            s, first_line=s.first_line + delta, last_line=s.last_line + delta,
            dialogue=tuple(dataclasses.replace(d, line=d.line + delta) for d in s.dialogue),
        )
        for s in plan.shots
    )
    return dataclasses.replace(plan, shots=shots, first_line=plan.first_line + delta,
                               last_line=plan.last_line + delta)


def plan_key(scene: Scene, bible: Bible, planner_name: str, planner_fields: dict) -> str:
    return stable_hash("plan", PLAN_FORMAT, _scene_fingerprint(scene), scene.id,
                       _cast_of_scene(scene, bible), planner_name, planner_fields)


def plan_script(script: str | os.PathLike[str], *, planner: str = "heuristic", planner_options: dict | None = None,
                scenes: str | None = None, project_dir: str | os.PathLike[str] | None = None,
                progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> PlanResult:
    """Parse ``script``, sync the bible, and plan the chosen scenes (cached per scene).

    Raises:
        PrevisError: bad script, bad scene selection, a planner failure.
    """
    from shots.planner import get_planner

    screenplay = load_script(script)
    store = open_store(script, project_dir)
    bible = sync_bible(screenplay, store)
    chosen = [s for s in select_scenes(screenplay.scenes, scenes) if s.heading is not None or s.elements]
    options = dict(planner_options or {})
    if planner == "llm":
        options.setdefault("cache_dir", str(store.root / "llm-cache"))
        options.setdefault("script_path", str(script))
    the_planner = get_planner(planner, **options)
    fields = the_planner.cache_fields()

    plans: dict[int, ShotPlan] = {}
    missing: list[tuple[int, Scene, str]] = []
    for i, scene in enumerate(chosen):
        key = plan_key(scene, bible, the_planner.name, fields)
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
        new_plans = the_planner.plan_all([m[1] for m in missing], bible, progress=progress, cancel=cancel)
        for (i, scene, key), plan in zip(missing, new_plans):
            store.ensure()
            store.write_meta("plans", key, {"scene_line": scene.line, "plan": to_plain(plan)})
            plans[i] = plan
    report(progress, "plan", "", len(chosen), len(chosen), "planned")
    # (hand edits of shots, made in the TUI's inspector, are applied here: see previs/shot_edits.py)
    from previs.shot_edits import apply_shot_edits

    plans.update(enumerate(apply_shot_edits([plans[i] for i in range(len(chosen))], store,
                                            [plan_key(s, bible, the_planner.name, fields) for s in chosen], bible)))
    return PlanResult(screenplay, bible, tuple(plans[i] for i in range(len(chosen))), store,
                      the_planner.name, planned=len(missing), cached=len(chosen) - len(missing))


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
        key = stable_hash("voice", voice_cache_fields(d.text, spec, d.parenthetical, d.extension), fps)
        meta = store.read_meta("voices", key)
        wav = store.path("voices", key, ".wav")
        if meta is not None and wav.exists():
            clips[(shot_id, i)] = dataclasses.replace(from_plain(VoiceClip, meta), wav=str(wav))
            cached += 1
        else:
            voice = voice or EspeakVoice()
            with store.scratch(".wav") as tmp:
                clip = voice.say(d.text, spec, tmp, parenthetical=d.parenthetical, extension=d.extension, fps=fps)
                final = store.commit_file(tmp, "voices", key, ".wav")
            clip = dataclasses.replace(clip, wav=str(final))
            store.write_meta("voices", key, to_plain(dataclasses.replace(clip, wav=final.name)))
            clips[(shot_id, i)] = clip
            made += 1
        report(progress, "voice", shot_id, n + 1, len(lines), d.character)
    return clips, made, cached


def _apply_conform(timed: list[TimedShot], conform: dict | None) -> list[TimedShot]:
    """Reorder and re-time shots as an editor's cut said (``previs conform``)."""
    if not conform:
        return timed
    frames = conform.get("frames", {})
    removed = set(conform.get("removed", []))
    order = [sid for sid in conform.get("order", [])]
    by_id = {t.shot.id: t for t in timed}
    result = [by_id[sid] for sid in order if sid in by_id and sid not in removed]
    placed = {t.shot.id for t in result} | removed
    for i, t in enumerate(timed):  # shots the editor never saw keep their place after their predecessor
        if t.shot.id in placed:
            continue
        prev = next((timed[j].shot.id for j in range(i - 1, -1, -1) if timed[j].shot.id in {r.shot.id for r in result}), None)
        at = 0 if prev is None else [r.shot.id for r in result].index(prev) + 1
        result.insert(at, t)
        placed.add(t.shot.id)
    start = 0
    out = []
    for t in result:
        n = int(frames.get(t.shot.id, t.frames))
        out.append(dataclasses.replace(t, frames=max(1, n), start=start))
        start += max(1, n)
    return out


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
    return _apply_conform(list(timed), plan.store.read_json("conform.json"))


# -- rendering ----------------------------------------------------------------------------

def _shot_fingerprint(timed: TimedShot) -> dict:
    """What a render depends on: the shot minus absolute line numbers, timing, cues, cast."""
    shot = to_plain(timed.shot)
    for k in ("first_line", "last_line"):
        shot.pop(k, None)
    for d in shot.get("dialogue", []):
        d.pop("line", None)
    cues = [{"offset": c.offset, "frames": c.clip.frames, "character": c.character, "text": c.text}
            for c in timed.cues]
    return {"shot": shot, "frames": timed.frames, "fps": timed.fps, "cues": cues, "cast": to_plain(timed.cast)}


def render_key(timed: TimedShot, renderer, settings: RenderSettings) -> str:
    """The store key of a shot's render. A backend may add per-shot inputs (diffusion: the
    digests of the reference images of the characters in frame) through ``shot_cache_fields``."""
    per_shot = renderer.shot_cache_fields(timed) if hasattr(renderer, "shot_cache_fields") else {}
    return stable_hash("shot", _shot_fingerprint(timed), renderer.name, renderer.version,
                       renderer.cache_fields(), per_shot, settings)


def _load_rendered(store: ProjectStore, key: str) -> RenderedShot | None:
    meta = store.read_meta("shots", key)
    video = store.path("shots", key, ".mp4")
    if meta is None or not cached_video_intact(video, meta):
        return None  # missing, or damaged since it was stored: render it again
    try:
        r = from_plain(RenderedShot, meta)
    except (KeyError, TypeError, ValueError):
        return None
    control = store.path("shots", key, ".control.mp4")
    return dataclasses.replace(r, path=str(video), control_path=str(control) if control.exists() else None,
                               cached=True)


def commit_rendered(store: ProjectStore, key: str, staged: RenderedShot) -> RenderedShot:
    """Move a staged render (and its control video) into the store; metadata goes last."""
    control = None
    if staged.control_path and Path(staged.control_path).exists():
        control = store.commit_file(Path(staged.control_path), "shots", key, ".control.mp4")
    final = store.commit_file(Path(staged.path), "shots", key, ".mp4")
    result = dataclasses.replace(staged, path=str(final), control_path=str(control) if control else None,
                                 cache_key=key, cached=False)
    store.write_meta("shots", key, {**to_plain(dataclasses.replace(result, path=final.name, control_path=None)),
                                    "video_bytes": final.stat().st_size})
    return result


def render_shot(timed: TimedShot, renderer, settings: RenderSettings, store: ProjectStore,
                progress: ProgressFn | None = None, cancel: threading.Event | None = None) -> RenderedShot:
    """Render one shot into the store (temp file, then atomic move; metadata last)."""
    key = render_key(timed, renderer, settings)
    done = _load_rendered(store, key)
    if done is not None:
        return done
    with store.scratch(".mp4") as tmp:
        staged = renderer.render(timed, tmp, settings, progress=progress, cancel=cancel)
        control = control_path_for(tmp)
        staged = dataclasses.replace(staged, path=str(tmp), control_path=str(control) if control.exists() else None)
        return commit_rendered(store, key, staged)


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
    from renders.timing import page_mismatch
    from renders.cut import cut

    plan = plan_script(script, planner=planner, planner_options=planner_options, scenes=scenes,
                       project_dir=project_dir, progress=progress, cancel=cancel)
    store = plan.store
    fps = settings.fps
    with store.locked():
        clips, voices_made, voices_cached = make_voices(plan, fps, progress, cancel)
        timed = time_plan(plan, clips, fps)
        if not timed:
            raise PrevisError("this script has no scenes to render", script)
        renderer_options = dict(renderer_options or {})
        if renderer == "diffusion":  # relative reference_image paths in the bible are relative to the script
            renderer_options.setdefault("base", str(Path(script).resolve().parent))
        the_renderer = cached_renderer(renderer, renderer_options)
        keys = [render_key(t, the_renderer, settings) for t in timed]
        todo_keys = {k for k in keys if _load_rendered(store, k) is None}
        todo = {k: t for t, k in zip(timed, keys) if k in todo_keys}  # identical shots render once
        cached_count = len(timed) - sum(k in todo_keys for k in keys)
        report(progress, "shots", "", cached_count, len(timed), f"{cached_count} cached")
        staging = (executor_options or {}).get("staging_dir") or str(store.scratch_dir("staging"))
        job = RenderJob(renderer, settings, staging, dict(renderer_options or {}))
        ex = get_executor(executor, **{k: v for k, v in (executor_options or {}).items() if k != "staging_dir"})
        failures: list[str] = []
        done = cached_count
        per_key = {k: sum(1 for kk in keys if kk == k) for k in todo}
        for t, staged in ex.run(job, list(todo.values()), progress=progress, cancel=cancel):
            key = render_key(t, the_renderer, settings)
            if isinstance(staged, PrevisError):
                failures.append(f"{t.shot.id}: {staged.message}")
                continue
            commit_rendered(store, key, staged)
            done += per_key.get(key, 1)
            report(progress, "shots", t.shot.id, done, len(timed), "")
        if failures:
            raise PrevisError(f"{len(failures)} shot(s) failed (the other {len(timed) - len(failures)} are kept; "
                              f"run again to retry): " + "; ".join(failures), script)
        loaded = [_load_rendered(store, k) for k in keys]
        if any(r is None for r in loaded):
            raise PrevisError("some shots did not finish rendering; run again to resume", script)
        rendered = [dataclasses.replace(r, cached=k not in todo_keys) for r, k in zip(loaded, keys)]

        mix_key = stable_hash("mix", [(t.start, _shot_fingerprint(t)["cues"],
                                       [c.clip.wav.rsplit("/", 1)[-1] for c in t.cues]) for t in timed], fps)
        mix_wav = store.path("mix", mix_key, ".wav")
        if not mix_wav.exists():
            with store.scratch(".wav") as tmp:
                mix_dialogue(timed, fps, tmp)
                store.commit_file(tmp, "mix", mix_key, ".wav")
        cut_key = stable_hash("cut", CUT_FORMAT, keys, [t.frames for t in timed], mix_key)
        cut_path = store.path("cuts", cut_key, ".mp4")
        if not cached_video_intact(cut_path, {"frames": sum(t.frames for t in timed)}):  # missing or damaged
            with store.scratch(".mp4") as tmp:
                cut(rendered, mix_wav, tmp, progress=progress, cancel=cancel)
                store.commit_file(tmp, "cuts", cut_key, ".mp4")
        output = Path(out) if out else default_output(script)
        atomic_copy(cut_path, output)
    total = sum(t.frames for t in timed)
    animatic = Animatic(str(output), fps, total, tuple(timed), tuple(rendered))
    return AnimaticResult(plan, animatic, output, rendered_count=len(timed) - cached_count, cached_count=cached_count,
                          voices_made=voices_made, voices_cached=voices_cached,
                          timing_report=tuple(page_mismatch(plan.plans, timed, fps)))
