"""The shared encoder path: ffmpeg is found, frames stream in, a real MP4 comes out.

Every file is decoded with PyAV (the way the cut and the user's player meet it):
frame count, size, rate, pixel format, no audio; same frames give the same
bytes; a failure or an exception leaves no partial file.
"""
from __future__ import annotations

import os
import stat

import av
import numpy as np
import pytest

from screenplay.errors import PrevisError
from renders.encode import FrameEncoder
from renders.ffmpeg import ffmpeg_exe


def frames(n: int, w: int = 64, h: int = 48) -> list[np.ndarray]:
    out = []
    for i in range(n):
        f = np.zeros((h, w, 3), np.uint8)
        f[:, : (i * 3) % w] = (200, 60, 30)
        f[h // 2:, :, 2] = 40 + i
        out.append(f)
    return out


def encode(path, fr, fps=24, **kw):
    h, w = fr[0].shape[:2]
    with FrameEncoder(path, w, h, fps, **kw) as enc:
        for f in fr:
            enc.write(f)
    return enc


def probe(path):
    with av.open(str(path)) as c:
        v = c.streams.video[0]
        decoded = [f.to_ndarray(format="rgb24") for f in c.decode(video=0)]
        return {"frames": len(decoded), "w": v.codec_context.width, "h": v.codec_context.height,
                "rate": v.average_rate, "pix": v.codec_context.pix_fmt, "codec": v.codec_context.name,
                "audio": len(c.streams.audio), "first": decoded[0]}


def test_ffmpeg_is_found_and_runs():
    exe = ffmpeg_exe()
    assert os.path.isfile(exe) and os.access(exe, os.X_OK)


def test_previs_ffmpeg_overrides_and_a_bad_value_says_how_to_fix(monkeypatch, tmp_path):
    real = ffmpeg_exe()
    monkeypatch.setenv("PREVIS_FFMPEG", real)
    assert ffmpeg_exe() == real
    monkeypatch.setenv("PREVIS_FFMPEG", str(tmp_path / "no-such-ffmpeg"))
    with pytest.raises(PrevisError) as err:
        ffmpeg_exe()
    assert "PREVIS_FFMPEG" in str(err.value) and "\n" not in str(err.value)


def test_frames_stream_into_an_h264_mp4_with_exact_count_size_and_rate(tmp_path):
    out = tmp_path / "clip.mp4"
    enc = encode(out, frames(30), fps=25)
    assert enc.frames_written == 30
    info = probe(out)
    assert info["frames"] == 30 and (info["w"], info["h"]) == (64, 48)
    assert info["rate"] == 25 and info["codec"] == "h264" and info["pix"] == "yuv420p"
    assert info["audio"] == 0
    # the colour survives the trip (BT.601 both ways)
    assert np.abs(info["first"].astype(int)[30, 5] - (0, 0, 40)).max() < 12


def test_faststart_puts_the_index_first(tmp_path):
    out = tmp_path / "clip.mp4"
    encode(out, frames(10))
    data = out.read_bytes()
    assert 0 <= data.index(b"moov") < data.index(b"mdat")


def test_same_frames_same_bytes(tmp_path):
    a, b = tmp_path / "a.mp4", tmp_path / "b.mp4"
    encode(a, frames(20))
    encode(b, frames(20))
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.mp4"
    encode(c, frames(20)[::-1])
    assert c.read_bytes() != a.read_bytes()


def test_an_exception_inside_the_block_deletes_the_partial_file(tmp_path):
    out = tmp_path / "partial.mp4"
    with pytest.raises(RuntimeError):
        with FrameEncoder(out, 64, 48, 24) as enc:
            enc.write(frames(1)[0])
            raise RuntimeError("user pressed cancel")
    assert not out.exists()


def test_a_temp_name_without_mp4_suffix_still_gets_an_mp4(tmp_path):
    out = tmp_path / "shot.mp4.part"
    encode(out, frames(5))
    assert probe(out)["frames"] == 5


def test_bad_inputs_are_one_line_previs_errors(tmp_path):
    with pytest.raises(PrevisError):
        FrameEncoder(tmp_path / "odd.mp4", 63, 48, 24)
    with pytest.raises(PrevisError):
        FrameEncoder(tmp_path / "fps.mp4", 64, 48, 0)
    enc = FrameEncoder(tmp_path / "shape.mp4", 64, 48, 24)
    with pytest.raises(PrevisError):
        enc.write(np.zeros((48, 64, 4), np.uint8))
    with pytest.raises(PrevisError):
        enc.write(np.zeros((48, 64, 3), np.float32))
    enc.abort()
    assert not (tmp_path / "shape.mp4").exists()
    empty = FrameEncoder(tmp_path / "empty.mp4", 64, 48, 24)
    with pytest.raises(PrevisError):
        empty.close()
    assert not (tmp_path / "empty.mp4").exists()


def test_gray_and_planar_yuv_inputs(tmp_path):
    g = tmp_path / "gray.mp4"
    with FrameEncoder(g, 64, 48, 24, pix_in="gray") as enc:
        for i in range(6):
            enc.write(np.full((48, 64), 40 * i, np.uint8))
    assert probe(g)["frames"] == 6
    y = tmp_path / "yuv.mp4"
    with FrameEncoder(y, 64, 48, 24, pix_in="yuv420p") as enc:
        for i in range(4):
            enc.write_bytes(bytes([16 + 50 * i]) * (64 * 48) + bytes([128]) * (64 * 48 // 2))
        with pytest.raises(PrevisError):
            enc.write_bytes(b"short")
    info = probe(y)
    assert info["frames"] == 4 and info["first"].max() < 4  # Y=16 is black


def test_an_ffmpeg_that_dies_is_reported_and_leaves_nothing(monkeypatch, tmp_path):
    fake = tmp_path / "ffmpeg"
    fake.write_text("#!/bin/sh\necho 'Unknown encoder libx264' >&2\nexit 1\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PREVIS_FFMPEG", str(fake))
    out = tmp_path / "never.mp4"
    with pytest.raises(PrevisError) as err:
        with FrameEncoder(out, 640, 360, 24) as enc:
            for f in range(200):  # the pipe breaks, or close() sees the exit code
                enc.write(np.zeros((360, 640, 3), np.uint8))
    assert "Unknown encoder libx264" in str(err.value)
    assert not out.exists()
