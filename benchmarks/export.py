"""How long each production export takes, on the bundled example and on a feature-length script.

Run by hand: ``.venv/bin/python benchmarks/export.py [--repeats 3]``. Never part of the tests.

The example is rendered for real (greybox, cached in a temporary project). The
feature (``../shared/corpus/big-fish.fountain``, skipped if absent) is planned
for real and voiced (real timing, dialogue cues), but its shots all point at one
640x360 test-pattern MP4, so the storyboard pays a real decode per panel without
an hour of rendering first.
Prints a table: median wall time per format, the CPU time of the process (all threads;
steadier than wall time on a shared machine), the file size, and the time per shot.
``--feature-only`` skips the example; ``--formats a,b`` times only those.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from previs.exports import FORMATS, write_exports  # noqa: E402
from renders.model import Animatic, RenderedShot  # noqa: E402


def _example(tmp: Path):
    from previs.pipeline import build_animatic

    script = tmp / "the-night-shift.fountain"
    shutil.copy(ROOT / "examples" / "the-night-shift.fountain", script)
    result = build_animatic(script, out=tmp / "a.mp4")
    return result.plan, result.animatic


def _feature(tmp: Path):
    from previs.pipeline import make_voices, plan_script, time_plan
    from renders.ffmpeg import ffmpeg_exe

    src = ROOT.parent / "shared" / "corpus" / "big-fish.fountain"
    if not src.is_file():
        return None
    script = tmp / "big-fish.fountain"
    shutil.copy(src, script)
    plan = plan_script(script)
    clips, _, _ = make_voices(plan, 24)  # real timing and dialogue cues (the SRT and audio tracks need them)
    timed = time_plan(plan, clips, 24)
    mp4 = tmp / "pattern.mp4"
    subprocess.run([ffmpeg_exe(), "-y", "-loglevel", "error", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=24",
                    "-frames:v", "240", "-pix_fmt", "yuv420p", str(mp4)], check=True)
    rendered = [RenderedShot(t.shot.id, str(mp4), t.frames, 24, 640, 360, "pattern", "0") for t in timed]
    total = sum(t.frames for t in timed)
    return plan, Animatic(str(mp4), 24, total, tuple(timed), tuple(rendered))


def _time(plan, animatic, fmt: str, folder: Path, repeats: int) -> tuple[float, float, int]:
    target = folder / f"bench{FORMATS[fmt].suffix}"
    times, cpus = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        write_exports(plan, animatic, {fmt: target})
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return statistics.median(times), statistics.median(cpus), target.stat().st_size


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--feature-only", action="store_true", help="skip the bundled example")
    ap.add_argument("--formats", default="", help="comma list (default: every format)")
    args = ap.parse_args()
    formats = [f for f in args.formats.split(",") if f] or list(FORMATS)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "ex").mkdir()
        (tmp / "bf").mkdir()
        runs = [] if args.feature_only else [("the-night-shift", _example(tmp / "ex"))]
        feature = _feature(tmp / "bf")
        if feature is not None:
            runs.append(("big-fish", feature))
        print(f"{'format':<17}" + "".join(f"{name + ' (' + str(len(a.shots)) + ' shots)':>42}" for name, (_, a) in runs))
        for fmt in formats:
            cells = []
            for _name, (plan, animatic) in runs:
                secs, cpu, size = _time(plan, animatic, fmt, tmp, args.repeats)
                cells.append(f"{secs * 1000:8.0f} ms {cpu * 1000:8.0f} ms cpu {size / 1024:6.0f} KiB "
                             f"{secs * 1e3 / len(animatic.shots):5.1f} ms/shot")
            print(f"{fmt:<17}" + "".join(f"{c:>42}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
