"""The main job as a user runs it: `previs animatic` on the bundled example, the MP4 decoded.

Also the promises of the project store: an edit re-renders only what changed,
and a run killed with SIGKILL resumes, reusing every finished shot.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from conftest import run_previs

pytestmark = pytest.mark.slow

SIZE = "320x180"  # smaller frames keep the suite quick; the code path is the same


def _decode(path: Path):
    import av

    with av.open(str(path)) as c:
        v = c.streams.video[0]
        frames = sum(1 for _ in c.decode(video=0))
        rate = v.average_rate
    with av.open(str(path)) as c:
        assert c.streams.audio, "the animatic has no audio stream"
        a = c.streams.audio[0]
        sr = a.rate
        chunks = [f.to_ndarray().astype(np.float32).reshape(-1) if f.to_ndarray().ndim == 1
                  else f.to_ndarray().astype(np.float32)[0] for f in c.decode(audio=0)]
    audio = np.concatenate(chunks)
    return frames, float(rate), audio, sr


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    from conftest import EXAMPLE
    import shutil

    folder = tmp_path_factory.mktemp("anim")
    script = folder / EXAMPLE.name
    shutil.copyfile(EXAMPLE, script)
    out = folder / "out.mp4"
    proc = run_previs("animatic", script, "-o", out, "--size", SIZE, "--json", check=True)
    return script, out, json.loads(proc.stdout)


def test_video_frames_duration_and_audio_match_the_plan(first_run):
    script, out, summary = first_run
    assert out.exists() and summary["output"] == str(out)
    total = sum(s["frames"] for s in summary["shots"])
    assert total == summary["frames"]
    frames, rate, audio, sr = _decode(out)
    assert frames == total
    assert rate == pytest.approx(24.0)
    # audio runs the length of the picture, to within one frame
    assert abs(len(audio) / sr - total / 24) <= 1 / 24 + 0.05

    def rms(s):
        a = audio[int(s["start"] / 24 * sr): int((s["start"] + s["frames"]) / 24 * sr)]
        return float(np.sqrt(np.mean(a ** 2))) if len(a) else 0.0

    talking = [s for s in summary["shots"] if s["dialogue"]]
    silent = [s for s in summary["shots"] if not s["dialogue"]]
    assert talking and silent
    for s in talking:
        assert rms(s) > 0.01, f"shot {s['id']} has dialogue but is silent"
    for s in silent:
        assert rms(s) < 0.003, f"shot {s['id']} has no dialogue but is not silent"


def test_second_run_renders_nothing(first_run):
    script, out, _ = first_run
    proc = run_previs("animatic", script, "-o", out, "--size", SIZE, check=True)
    assert "0 of" in proc.stdout and "rendered" in proc.stdout


def test_editing_one_line_rerenders_only_its_shot(tmp_path, example_copy):
    out = tmp_path / "a.mp4"
    before = json.loads(run_previs("animatic", example_copy, "-o", out, "--size", SIZE, "--json", check=True).stdout)
    text = example_copy.read_text("utf-8")
    assert "Exactly." in text
    example_copy.write_text(text.replace("Exactly.", "Exactly my point."), "utf-8")
    after = json.loads(run_previs("animatic", example_copy, "-o", out, "--size", SIZE, "--json", check=True).stdout)
    redone = [s["id"] for s in after["shots"] if s["rendered"]]
    assert len(redone) >= 1
    assert len(redone) <= 2, f"one edited line re-rendered {redone}"
    assert after["voices_made"] == 1
    assert after["cached"] == len(after["shots"]) - len(redone)
    assert len(after["shots"]) == len(before["shots"])


def test_killed_run_resumes_and_reuses_finished_shots(tmp_path, example_copy):
    out = tmp_path / "k.mp4"
    shots_dir = example_copy.with_name(example_copy.stem + ".previs") / "shots"
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "previs", "animatic", str(example_copy), "-o", str(out),
                             "--size", SIZE, "-q"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        if shots_dir.is_dir() and len(list(shots_dir.glob("*.json"))) >= 2:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be killed")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    finished = len(list(shots_dir.glob("*.json")))
    assert finished >= 2
    assert not out.exists()
    after = json.loads(run_previs("animatic", example_copy, "-o", out, "--size", SIZE, "--json", check=True).stdout)
    assert after["cached"] >= finished
    frames, *_ = _decode(out)
    assert frames == after["frames"]
