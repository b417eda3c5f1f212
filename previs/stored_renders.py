"""A rendered shot in the project store: read back only when intact, committed media first.

Why a module of its own: every path that renders (the whole animatic through an
executor, the app's one shot at a time, :func:`previs.pipeline.prepare_run`
asking what is already done) must agree on when a stored shot counts as
finished: its JSON exists, written last, and its video still matches it
(:func:`previs.store.cached_video_intact`). These three functions are that rule.
"""
from __future__ import annotations

import dataclasses
import threading
from pathlib import Path

from shots.progress import ProgressFn
from renders.model import RenderedShot, RenderSettings, TimedShot
from renders.render_job import control_path_for
from renders.stills import save_stills, stills_beside
from previs.hashing import to_plain
from previs.keys import render_key
from previs.serialize import from_plain
from previs.store import ProjectStore, cached_video_intact


def load_rendered(store: ProjectStore, key: str) -> RenderedShot | None:
    """The store's render under ``key`` (marked cached), or None when there is none or it is damaged."""
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
    """Move a staged render (its control video and storyboard stills too) into the store; metadata goes last."""
    control = None
    if staged.control_path and Path(staged.control_path).exists():
        control = store.commit_file(Path(staged.control_path), "shots", key, ".control.mp4")
    staged_stem = Path(staged.path).stem
    for still in stills_beside(staged.path):  # <stem>.still-<frame>.jpg -> <key>.still-<frame>.jpg
        store.commit_file(still, "shots", key, still.name[len(staged_stem):])
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
    done = load_rendered(store, key)
    if done is not None:
        return done
    with store.scratch(".mp4") as tmp:
        staged = renderer.render(timed, tmp, settings, progress=progress, cancel=cancel)
        save_stills(timed, tmp)  # the storyboard's frames (renders/stills.py), stored under the same key
        control = control_path_for(tmp)
        staged = dataclasses.replace(staged, path=str(tmp), control_path=str(control) if control.exists() else None)
        return commit_rendered(store, key, staged)
