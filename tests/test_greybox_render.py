"""The greybox renderer as the pipeline meets it: real MP4s decoded with PyAV.

Shots, bible entries and cues are built by hand (the planner and the voices
are other stages); the renderer is run for real, with real ffmpeg.
"""
from __future__ import annotations

import dataclasses
import hashlib
import threading

import av
import numpy as np
import pytest

from screenplay.errors import PrevisError
from shots.model import BibleEntry, DialogueLine, Placement, Shot, VoiceSpec
from shots.progress import Cancelled
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType
from renders.model import AudioCue, RenderSettings, TimedShot, VoiceClip
from renders.greybox import GreyboxRenderer, render_frames
from renders.protocols import get_renderer

SMALL = RenderSettings(320, 180, 24)


def entry(name: str, color: str, silhouette: str = "average") -> BibleEntry:
    return BibleEntry(id=name.lower().replace(" ", "-"), name=name, look="", color=color,
                      silhouette=silhouette, voice=VoiceSpec(), seed=1)


ANNA = entry("ANNA", "#c83c3c")
BEN = entry("BEN", "#3c64c8", "broad")
CAST = (ANNA, BEN)


def make_shot(**kw) -> Shot:
    base = dict(id="3A", scene="3", index=0, setup=1, size=ShotSize.MS, type=ShotType.TWO_SHOT,
                angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=35, subjects=("anna", "ben"),
                speaker="anna", first_line=10, last_line=12, description="Anna confronts Ben.",
                seed=5, screen_direction=ScreenDirection.LEFT_TO_RIGHT,
                blocking=(Placement("anna", 0.33, "right"), Placement("ben", 0.67, "left")),
                int_ext="INT", location="KITCHEN", time_of_day="NIGHT")
    base.update(kw)
    return Shot(**base)


def cue(character: str, text: str, offset: int, frames: int, line: int = 11) -> AudioCue:
    clip = VoiceClip("unused.wav", 22050, frames * 22050 // 24, frames, 24)
    return AudioCue(clip, offset, character, text, line)


def make_timed(shot: Shot | None = None, frames: int = 12, cues=(), cast=CAST) -> TimedShot:
    return TimedShot(shot or make_shot(), 24, frames, cues=tuple(cues), cast=cast)


def decode(path) -> tuple[list[np.ndarray], object]:
    with av.open(str(path)) as c:
        s = c.streams.video[0]
        rate = s.average_rate
        return [f.to_ndarray(format="rgb24") for f in c.decode(video=0)], rate


def digest(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def test_render_writes_exact_frames_size_and_fps_and_a_matching_control_video(tmp_path):
    timed = make_timed(frames=17, cues=[cue("anna", "Where were you?", 2, 10)])
    out = tmp_path / "3A.mp4"
    seen = []
    r = GreyboxRenderer().render(timed, out, SMALL, progress=seen.append)
    frames, rate = decode(out)
    assert len(frames) == 17 and frames[0].shape == (180, 320, 3) and rate == 24
    assert (r.frames, r.width, r.height, r.fps, r.renderer, r.shot_id) == (17, 320, 180, 24, "greybox", "3A")
    assert r.control_path == str(tmp_path / "3A.control.mp4")
    control, crate = decode(r.control_path)
    assert len(control) == 17 and crate == 24
    # depth-like: grey, no colour
    c = control[0].astype(int)
    assert np.abs(c[..., 0] - c[..., 1]).max() <= 6 and np.abs(c[..., 1] - c[..., 2]).max() <= 6
    assert seen[-1].stage == "render" and seen[-1].item == "3A" and seen[-1].done == seen[-1].total == 17


def test_control_false_writes_only_the_shot(tmp_path):
    r = GreyboxRenderer(control=False).render(make_timed(frames=3), tmp_path / "a.mp4", SMALL)
    assert r.control_path is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.mp4"]


def test_same_shot_same_bytes_and_different_shots_differ(tmp_path):
    r = GreyboxRenderer()
    timed = make_timed(make_shot(movement=Movement.HANDHELD), frames=10, cues=[cue("anna", "Again.", 0, 8)])
    a = r.render(timed, tmp_path / "a.mp4", SMALL)
    b = r.render(timed, tmp_path / "b.mp4", SMALL)
    assert digest(a.path) == digest(b.path)
    assert digest(a.control_path) == digest(b.control_path)
    c = r.render(make_timed(make_shot(movement=Movement.HANDHELD, size=ShotSize.MCU), frames=10,
                            cues=[cue("anna", "Again.", 0, 8)]), tmp_path / "c.mp4", SMALL)
    assert digest(c.path) != digest(a.path) and digest(c.control_path) != digest(a.control_path)


def footprint(shot: Shot) -> float:
    """Share of the frame the mannequins cover: depth with them minus depth without them."""
    with_them = next(render_frames(make_timed(shot, frames=1), SMALL, "depth"))
    empty = dataclasses.replace(shot, subjects=(), blocking=(), speaker=None)
    without = next(render_frames(make_timed(empty, frames=1), SMALL, "depth"))
    return float((np.abs(with_them.astype(int) - without).max(axis=2) > 4).mean())


def test_a_close_up_fills_the_frame_and_a_wide_shot_shows_small_full_bodies():
    single = dict(subjects=("anna",), blocking=(Placement("anna", 0.5, "camera"),))
    cu = footprint(make_shot(size=ShotSize.CU, lens_mm=85, **single))
    ms = footprint(make_shot(size=ShotSize.MS, **single))
    ws = footprint(make_shot(size=ShotSize.WS, lens_mm=24, **single))
    assert cu > 0.15 and ws < 0.05 and cu > 8 * ws and ms > 4 * ws


def test_depth_is_near_bright_far_dark():
    shot = make_shot(size=ShotSize.WS, blocking=(Placement("anna", 0.3, "camera", "fg"),
                                                 Placement("ben", 0.7, "camera", "bg")))
    d = next(render_frames(make_timed(shot, frames=1), SMALL, "depth"))[..., 0]
    near = d[d.shape[0] - 2, :].mean()  # the floor at the bottom edge, right under the lens
    # the back wall, high in the frame centre, is far away
    assert near > d[10, d.shape[1] // 2] + 40
    assert np.unique(d).size > 8  # a gradient, not a silhouette


def test_cancel_mid_shot_leaves_no_file(tmp_path):
    cancel = threading.Event()

    def progress(p):
        if p.done >= 6:
            cancel.set()

    out = tmp_path / "cancelled.mp4"
    with pytest.raises(Cancelled):
        GreyboxRenderer().render(make_timed(frames=60), out, SMALL, progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_render_frames_gives_arrays_at_any_size_and_frame_count():
    timed = dataclasses.replace(make_timed(make_shot(movement=Movement.PUSH_IN), frames=40), frames=5)
    small = RenderSettings(96, 64, 8)
    beauty = list(render_frames(timed, small, "beauty"))
    depth = list(GreyboxRenderer().render_frames(timed, small, kind="depth"))
    assert len(beauty) == len(depth) == 5
    for b, d in zip(beauty, depth):
        assert b.shape == d.shape == (64, 96, 3) and b.dtype == d.dtype == np.uint8
        assert (d[..., 0] == d[..., 1]).all() and (d[..., 1] == d[..., 2]).all()
    assert not np.array_equal(depth[0], depth[-1])  # the push in moves
    with pytest.raises(PrevisError):
        next(render_frames(timed, small, "normals"))


def test_the_decoded_video_matches_the_in_memory_frames(tmp_path):
    timed = make_timed(make_shot(movement=Movement.PAN, int_ext="EXT", time_of_day="DAY"), frames=6)
    r = GreyboxRenderer().render(timed, tmp_path / "p.mp4", SMALL)
    video, _ = decode(r.path)
    control, _ = decode(r.control_path)
    for i, (b, d) in enumerate(zip(render_frames(timed, SMALL, "beauty"), render_frames(timed, SMALL, "depth"))):
        assert np.abs(video[i].astype(int) - b).mean() < 6
        assert np.abs(control[i].astype(int) - d).mean() < 3


def test_impossible_requests_are_previs_errors(tmp_path):
    with pytest.raises(PrevisError):
        GreyboxRenderer().render(make_timed(frames=0), tmp_path / "z.mp4", SMALL)
    with pytest.raises(PrevisError):
        GreyboxRenderer().render(make_timed(frames=2), tmp_path / "odd.mp4", RenderSettings(321, 180, 24))
    assert list(tmp_path.iterdir()) == []


def test_the_registry_builds_it():
    r = get_renderer("greybox", control=False)
    assert (r.name, r.version, r.cache_fields(), r.control) == ("greybox", "2", {}, False)


def test_the_spoken_line_is_burned_in_only_while_it_is_spoken():
    timed = make_timed(frames=12, cues=[cue("anna", "Now you listen to me.", 4, 4)])
    frames = list(render_frames(timed, SMALL, "beauty"))
    silent = list(render_frames(make_timed(frames=12), SMALL, "beauty"))
    bottom = slice(SMALL.height * 3 // 4, SMALL.height)
    differs = [not np.array_equal(f[bottom], s[bottom]) for f, s in zip(frames, silent)]
    assert differs == [False] * 4 + [True] * 4 + [False] * 4


def test_voice_over_does_not_move_lips():
    line = DialogueLine("anna", "I remember that night.", 11, extension="V.O.")
    shot = make_shot(size=ShotSize.CU, subjects=("anna",), blocking=(Placement("anna", 0.5, "camera"),),
                     dialogue=(line,))
    vo = list(render_frames(make_timed(shot, frames=8, cues=[cue("anna", line.text, 0, 8)]), SMALL, "beauty"))
    on = dataclasses.replace(shot, dialogue=(dataclasses.replace(line, extension=None),))
    sync = list(render_frames(make_timed(on, frames=8, cues=[cue("anna", line.text, 0, 8)]), SMALL, "beauty"))
    face = (slice(20, 130), slice(60, 260))
    assert all(np.array_equal(vo[0][face], f[face]) for f in vo)
    assert any(not np.array_equal(sync[0][face], f[face]) for f in sync)


def test_same_bytes_across_processes(tmp_path):
    """Hash seeds, dict order and fresh font caches must not leak into the video."""
    import os
    import subprocess
    import sys

    script = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from test_greybox_render import *;"
        "t = make_timed(make_shot(movement=Movement.ARC, int_ext='EXT'), frames=8, cues=[cue('anna', 'Ça va: 100%', 1, 6)]);"
        "GreyboxRenderer().render(t, __import__('pathlib').Path(sys.argv[1]), SMALL)"
    )
    here = os.path.dirname(__file__)
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"s{seed}.mp4"
        env = dict(os.environ, PYTHONHASHSEED=seed)
        subprocess.run([sys.executable, "-c", script, str(out), here], check=True, env=env, timeout=120)
        outs.append((digest(out), digest(tmp_path / f"s{seed}.control.mp4")))
    assert outs[0] == outs[1]
