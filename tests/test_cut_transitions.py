"""Fades and dissolves in the animatic, checked on real files with real ffmpeg and decoded frames.

Shots of flat colour make every pixel say what happened to it: black at a fade,
a mix of the two colours at a dissolve, the colour itself elsewhere.
"""
from __future__ import annotations

import json
import shutil
import wave
from pathlib import Path

import numpy as np
import pytest

from conftest import run_previs
from renders.cut import cut
from renders.encode import FrameEncoder
from renders.model import RenderedShot
from renders.transitions import frame_weights

W, H, FPS = 64, 36, 24
# Shots are written with video-range luma 200 and 60; decoded to full-range grey they read:
BRIGHT, DARK = round((200 - 16) * 255 / 219), round((60 - 16) * 255 / 219)  # 214, 51 (black is 0)


def _shot(folder: Path, name: str, grey: int, frames: int) -> RenderedShot:
    path = folder / f"{name}.mp4"
    with FrameEncoder(path, W, H, FPS, preset="ultrafast", pix_in="yuv420p") as enc:
        frame = np.concatenate([np.full(W * H, grey, np.uint8), np.full(W * H // 2, 128, np.uint8)])
        for _ in range(frames):
            enc.write(frame)
    return RenderedShot(name, str(path), frames, FPS, W, H, "test", "1")


def _silence(path: Path, seconds: float) -> Path:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16000)
        w.writeframes(b"\0\0" * int(16000 * seconds))
    return path


def _lumas(path: Path) -> tuple[list[float], float, bool]:
    """Mean luma of every frame, the stream's duration in seconds, and whether there is sound."""
    import av

    with av.open(str(path)) as c:
        lumas = [float(f.to_ndarray(format="gray").mean()) for f in c.decode(video=0)]
    with av.open(str(path)) as c:
        has_audio = bool(c.streams.audio)
        duration = float(c.duration) / 1_000_000 if c.duration else 0.0
    return lumas, duration, has_audio


@pytest.fixture()
def three_shots(tmp_path):
    # 1A bright (48 frames), 1B dark grey (48), 1C bright (48)
    return tmp_path, [_shot(tmp_path, "1A", 200, 48), _shot(tmp_path, "1B", 60, 48), _shot(tmp_path, "1C", 200, 48)]


def test_fade_in_dissolve_and_fade_out_are_drawn_without_moving_a_frame(three_shots):
    folder, shots = three_shots
    wav = _silence(folder / "mix.wav", 144 / FPS)
    out = cut(shots, wav, folder / "out.mp4",
              transitions=[("fade_in", "dissolve"), ("", "cut"), ("", "fade_out")])
    lumas, duration, has_audio = _lumas(out)
    assert len(lumas) == 144  # the plain cut's frame count: a dissolve does not overlap shots
    assert abs(duration - 144 / FPS) < 0.1 and has_audio
    # fade in from black: the first frame is black, then it rises over a second
    assert lumas[0] < 4 and lumas[6] < lumas[12] < lumas[23] < BRIGHT and abs(lumas[30] - BRIGHT) < 4
    # dissolve 1A -> 1B at frame 48: blended frames either side, falling from bright to dark
    assert abs(lumas[70] - DARK) < 4
    blend = lumas[40:56]
    assert all(DARK + 5 < v < BRIGHT - 5 for v in blend), blend
    assert all(a >= b - 1 for a, b in zip(blend, blend[1:])), "a dissolve changes steadily"
    middle = (BRIGHT + DARK) / 2
    assert abs(lumas[47] - middle) < 12 and abs(lumas[48] - middle) < 12  # mid-way at the cut
    # a plain cut from 1B to 1C at frame 96
    assert abs(lumas[95] - DARK) < 4 and abs(lumas[97] - BRIGHT) < 4
    # fade out to black over 1C's last second
    assert lumas[-1] < 4 and lumas[-20] > lumas[-10] > lumas[-1] and abs(lumas[110] - BRIGHT) < 4


def test_cuts_of_every_kind_leave_the_picture_alone(three_shots):
    folder, shots = three_shots
    out = cut(shots, None, folder / "out.mp4", transitions=[("", "smash_cut"), ("", "match_cut"), ("", "cut")])
    lumas, _, _ = _lumas(out)
    assert len(lumas) == 144
    assert abs(lumas[47] - BRIGHT) < 4 and abs(lumas[48] - DARK) < 4 and abs(lumas[96] - BRIGHT) < 4


def test_dip_to_black_fades_out_and_up_again_and_short_shots_keep_their_frames(tmp_path):
    shots = [_shot(tmp_path, "1A", 200, 10), _shot(tmp_path, "1B", 200, 10)]
    out = cut(shots, None, tmp_path / "out.mp4", transitions=[("", "dip_to_black"), ("", "dissolve")])
    lumas, _, _ = _lumas(out)
    assert len(lumas) == 20
    assert lumas[9] < 30 and lumas[10] < 4 and lumas[4] > lumas[9] and lumas[15] > lumas[10]
    # a dissolve after the last shot has nothing to dissolve to: it fades out
    assert lumas[-1] < 4


def test_frame_weights_never_touch_more_than_half_a_short_shot():
    weights = frame_weights([6, 6], [("", "dissolve"), ("", "")], 24)
    assert sorted(weights) == [3, 4, 5, 6, 7, 8]
    assert all(w[0] == "blend" for w in weights.values())


SCRIPT = """\
Title: Fades

FADE IN:

INT. ROOM - DAY

ANNA (30s) sits alone at a bright window.

ANNA
Morning already.

DISSOLVE TO:

INT. ROOM - NIGHT

Anna sleeps.

FADE OUT.
"""


@pytest.mark.slow
def test_animatic_of_a_script_with_fades_starts_and_ends_black(tmp_path):
    script = tmp_path / "fades.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "fades.mp4"
    summary = json.loads(run_previs("animatic", script, "-o", out, "--size", "160x90", "--json", check=True).stdout)
    lumas, duration, has_audio = _lumas(out)
    assert len(lumas) == summary["frames"] == sum(s["frames"] for s in summary["shots"])
    assert has_audio and abs(duration - summary["frames"] / 24) < 0.2
    assert lumas[0] < 4 and lumas[-1] < 4  # FADE IN from black, FADE OUT to black
    assert max(lumas) > 40
    shutil.rmtree(tmp_path / "fades.previs", ignore_errors=True)


def test_only_the_shots_at_a_transition_are_re_encoded(three_shots):
    from renders.transitions import redraw_touched

    folder, shots = three_shots
    paths = redraw_touched(shots, [("", "dissolve"), ("", ""), ("", "")], folder / "redrawn")
    # 1A and 1B meet in a dissolve: both are redrawn; 1C is joined as it was rendered
    assert paths is not None and paths[2] == shots[2].path
    assert all(Path(p).parent == folder / "redrawn" for p in paths[:2])


def test_shots_from_an_unknown_encoder_get_the_whole_picture_redrawn(tmp_path):
    from renders.transitions import redraw_touched

    def odd(name: str, grey: int) -> RenderedShot:  # settings no probe reproduces: CRF 35
        path = tmp_path / f"{name}.mp4"
        with FrameEncoder(path, W, H, FPS, crf=35, preset="ultrafast", pix_in="yuv420p") as enc:
            for _ in range(24):
                enc.write(np.concatenate([np.full(W * H, grey, np.uint8), np.full(W * H // 2, 128, np.uint8)]))
        return RenderedShot(name, str(path), 24, FPS, W, H, "test", "1")

    shots = [odd("1A", 200), odd("1B", 60)]
    assert redraw_touched(shots, [("", "dissolve"), ("", "")], tmp_path / "redrawn") is None
    lumas, _, _ = _lumas(cut(shots, None, tmp_path / "out.mp4", transitions=[("", "dissolve"), ("", "")]))
    assert len(lumas) == 48 and BRIGHT - 5 > lumas[23] > DARK + 5 and abs(lumas[0] - BRIGHT) < 4
