"""The whole feature, end to end: `previs animatic` on big-fish (parse, plan, voices, greybox, cut).

Target (issue 3): report wall time and peak memory; memory stays bounded (under 1 GB)
whatever the script's length. Runs the real CLI as a subprocess in a fresh project
folder, samples the resident memory of its whole process tree (previs plus the
ffmpeg encoders it starts) every 0.2 s from /proc, and prints the stage lines the
CLI prints, wall time, CPU time and the peaks. A second run over the same project
measures the all-cached path.

    .venv/bin/python benchmarks/animatic.py                      # big-fish, 640x360@24
    .venv/bin/python benchmarks/animatic.py SCRIPT --size 320x180 --keep DIR
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                out += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return out


def _rss_kib(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def tree_rss_mib(root: int) -> tuple[float, float]:
    """(root's RSS, the whole tree's RSS) in MiB."""
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        total += _rss_kib(pid)
        stack += _children(pid)
    return _rss_kib(root) / 1024, total / 1024


def run(cmd: list[str]) -> dict:
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "COLUMNS": "120"})
    peaks = {"main": 0.0, "tree": 0.0}
    done = threading.Event()

    def sample():
        while not done.is_set():
            main, tree = tree_rss_mib(proc.pid)
            peaks["main"] = max(peaks["main"], main)
            peaks["tree"] = max(peaks["tree"], tree)
            done.wait(0.2)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    out = proc.stdout.read()
    rc = proc.wait()
    done.set()
    th.join()
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"rc": rc, "out": out, "wall": wall, "cpu": cpu, **peaks}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("script", nargs="?", default=str(CORPUS / "big-fish.fountain"))
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--keep", metavar="DIR", help="project and output folder to keep (default: a temp folder)")
    args = ap.parse_args()
    if not Path(args.script).is_file():
        sys.exit(f"no script at {args.script} (the corpus lives in ../shared/corpus)")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="previs-animatic-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    script = work / Path(args.script).name
    shutil.copy(args.script, script)
    cmd = [sys.executable, "-m", "previs", "animatic", str(script), "-o", str(work / "out.mp4"),
           "--size", args.size, "--quiet"]
    try:
        rows = []
        for label in ("cold (everything rendered)", "warm (all cached)"):
            r = run(cmd)
            if r["rc"] != 0:
                print(r["out"])
                sys.exit(f"previs animatic failed with exit code {r['rc']}")
            rows.append((label, r))
            print(f"--- {label}\n{r['out'].strip()}\n")
        size = (work / "out.mp4").stat().st_size / 2**20
        print(f"{Path(args.script).name} at {args.size}, {os.cpu_count()} cores; output {size:.0f} MiB")
        print("| run | wall s | CPU s (tree) | peak RSS previs MiB | peak RSS tree MiB |")
        print("|---|---|---|---|---|")
        for label, r in rows:
            print(f"| {label} | {r['wall']:.1f} | {r['cpu']:.1f} | {r['main']:.0f} | {r['tree']:.0f} |")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
