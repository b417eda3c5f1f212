"""How long each production export takes, on the bundled example and on a feature-length script, before and after.

Run by hand: ``.venv/bin/python benchmarks/export.py [--repeats 3] [--before 332cb4a]``. Never part of the tests.

The example is rendered for real (greybox, cached in a temporary project). The
feature (``../shared/corpus/big-fish.fountain``, skipped if absent) is planned
for real and voiced (real timing, dialogue cues), but its shots are links to one
640x360 test-pattern MP4 (``shots/<id>.mp4``), so nothing waits for an hour of
rendering. Each shot has its storyboard stills beside its video, as a render
leaves them (renders/stills.py), each a distinct JPEG (the shot id drawn on the
pattern's frame), so the PDF embeds as many images as a real one. The row
``storyboard-pdf (grab)`` points the shots at the bare MP4 instead: no stills,
a real decode per panel (a render cached before stills existed).

``--before REV`` runs the same measurements on the code of git revision ``REV``
(extracted to a temporary folder, in a subprocess) and prints both side by side
with the ratio of CPU times (issue 18's "before" is main at 332cb4a).
Prints a table: median wall time per format, the CPU time of the process (all threads;
steadier than wall time on a shared machine), the file size, and the time per shot.
``--feature-only`` skips the example; ``--formats a,b`` times only those.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GRAB = "storyboard-pdf (grab)"


def _code_root() -> Path:
    """The tree whose code is measured: ``--code DIR`` (the ``--before`` subprocess) or this one."""
    if "--code" in sys.argv:
        return Path(sys.argv[sys.argv.index("--code") + 1]).resolve()
    return ROOT


sys.path.insert(0, str(_code_root()))

from previs.exports import FORMATS, write_exports  # noqa: E402
from renders.model import Animatic, RenderedShot  # noqa: E402


def _example(tmp: Path):
    from previs.pipeline import build_animatic

    script = tmp / "the-night-shift.fountain"
    shutil.copy(ROOT / "examples" / "the-night-shift.fountain", script)
    result = build_animatic(script, out=tmp / "a.mp4")
    return result.plan, result.animatic


def _feature(tmp: Path):
    """big-fish planned and voiced; (plan, animatic with stills, animatic without), or None."""
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
    total = sum(t.frames for t in timed)
    bare = [RenderedShot(t.shot.id, str(mp4), t.frames, 24, 640, 360, "pattern", "0") for t in timed]
    shots = tmp / "shots"
    shots.mkdir()
    rendered = []
    for t, r in zip(timed, bare):
        video = shots / f"{t.shot.id}.mp4"
        os.link(mp4, video)
        rendered.append(dataclasses.replace(r, path=str(video)))
    _stills_as_rendered(timed, rendered, mp4)
    return (plan, Animatic(str(mp4), 24, total, tuple(timed), tuple(rendered)),
            Animatic(str(mp4), 24, total, tuple(timed), tuple(bare)))


def _stills_as_rendered(timed, rendered, pattern: Path) -> None:
    """Each shot's stills beside its video as a render leaves them, distinct per shot (this tree's code)."""
    sys.path.insert(0, str(ROOT))
    try:
        from PIL import ImageDraw

        from renders.stills import frame_indices, grab_frames, jpeg_bytes, still_path
    except ImportError:  # a tree without stills (``--before``): its storyboard grabs anyway
        return
    finally:
        sys.path.remove(str(ROOT))
    frames = grab_frames(pattern, range(240))
    for t, r in zip(timed, rendered):
        for i in frame_indices(t):
            image = frames[min(i, len(frames) - 1)].copy()
            ImageDraw.Draw(image).text((16, 16), t.shot.id, fill=(255, 255, 0))
            still_path(r.path, i).write_bytes(jpeg_bytes(image))


def _time(plan, animatic, fmt: str, folder: Path, repeats: int) -> dict:
    target = folder / f"bench{FORMATS[fmt].suffix}"
    times, cpus = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        write_exports(plan, animatic, {fmt: target})
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return {"wall": statistics.median(times), "cpu": statistics.median(cpus), "size": target.stat().st_size}


def measure(formats: list[str], repeats: int, feature_only: bool, grab: bool = True) -> dict:
    """{script name: {"shots": n, "rows": {row: {"wall", "cpu", "size"}}}} for this process's code."""
    results: dict = {}
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        (tmp / "ex").mkdir()
        (tmp / "bf").mkdir()
        runs = [] if feature_only else [("the-night-shift", *_example(tmp / "ex"), None)]
        feature = _feature(tmp / "bf")
        if feature is not None:
            runs.append(("big-fish", *feature))
        for name, plan, animatic, bare in runs:
            rows = {}
            for fmt in formats:
                rows[fmt] = _time(plan, animatic, fmt, tmp, repeats)
                if fmt == "storyboard-pdf" and bare is not None and grab:
                    rows[GRAB] = _time(plan, bare, fmt, tmp, 1)
                print(f"  {name} {fmt}: {rows[fmt]['wall']:.2f} s", file=sys.stderr, flush=True)
            results[name] = {"shots": len(animatic.shots), "rows": rows}
    return results


def _before(rev: str, args) -> dict:
    """The same measurements on revision ``rev``'s code, in a subprocess."""
    with tempfile.TemporaryDirectory() as d:
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", d], input=archive, check=True)
        cmd = [sys.executable, str(Path(__file__).resolve()), "--code", d, "--json", "--repeats", str(args.repeats),
               "--formats", ",".join(args.formats)] + (["--feature-only"] if args.feature_only else [])
        env = {**os.environ, "PYTHONPATH": d}
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, env=env, cwd=d).stdout
        return json.loads(out.strip().splitlines()[-1])


def _cell(row: dict | None, shots: int) -> str:
    if row is None:
        return f"{'-':>38}"
    return (f"{row['wall'] * 1000:7.0f} ms {row['cpu'] * 1000:7.0f} ms cpu {row['size'] / 1024:6.0f} KiB "
            f"{row['wall'] * 1e3 / shots:4.1f}/shot")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--feature-only", action="store_true", help="skip the bundled example")
    ap.add_argument("--formats", default="", help="comma list (default: every format)")
    ap.add_argument("--before", default="", help="also measure this git revision's code (e.g. 332cb4a)")
    ap.add_argument("--code", default="", help=argparse.SUPPRESS)
    ap.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    args.formats = [f for f in args.formats.split(",") if f] or list(FORMATS)
    before = _before(args.before, args) if args.before else {}
    after = measure(args.formats, args.repeats, args.feature_only, grab=not args.code)
    if args.json:
        print(json.dumps(after))
        return
    for name, result in after.items():
        shots = result["shots"]
        print(f"\n{name} ({shots} shots)")
        head = f"{'format':<22}" + (f"{'before (' + args.before + ')':>38}" if before else "") + f"{'after':>38}"
        print(head + ("   cpu before/after" if before else ""))
        for row, measured in result["rows"].items():
            old = before.get(name, {}).get("rows", {}).get(row if row != GRAB else "storyboard-pdf")
            line = f"{row:<22}" + (_cell(old, shots) if before else "") + _cell(measured, shots)
            if old:
                line += f"   {old['cpu'] / max(measured['cpu'], 1e-6):5.1f}x"
            print(line, flush=True)


if __name__ == "__main__":
    main()
