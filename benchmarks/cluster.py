"""Ray executor scaling, measured: the bundled example's shots rendered (greybox, 640x360)
by the local executor and by 1 and 2 Ray actors on this machine.

What it tells: the per-shot overhead of going through Ray (scheduling, pickling the
TimedShot, the staged file handed back) and how throughput scales with actors when
each actor has a core of its own. docs/cluster.md extrapolates to GPUs from it.

Run: .venv/bin/python benchmarks/cluster.py [--size 640x360]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="640x360")
    ap.add_argument("--script", default=str(REPO / "examples" / "the-night-shift.fountain"))
    args = ap.parse_args()
    w, h = map(int, args.size.split("x"))

    import ray

    from previs.pipeline import make_voices, plan_script, time_plan
    from renders.executor import LocalExecutor, RenderJob
    from renders.model import RenderSettings
    from renders.ray_executor import RayExecutor

    tmp = Path(tempfile.mkdtemp(prefix="previs-cluster-"))
    try:
        plan = plan_script(args.script, project_dir=tmp / "p.previs")
        clips, _, _ = make_voices(plan, 24)
        timed = time_plan(plan, clips, 24)
        frames = sum(t.frames for t in timed)
        settings = RenderSettings(w, h, 24)
        rows = []

        def run(name, ex):
            job = RenderJob("greybox", settings, str(tmp / f"staging-{name}"))
            t = time.perf_counter()
            n = sum(1 for _ in ex.run(job, timed))
            dt = time.perf_counter() - t
            rows.append((name, n, dt))

        run("local", LocalExecutor())
        ray.init(num_cpus=os.cpu_count(), include_dashboard=False, log_to_driver=False)
        t = time.perf_counter()
        ray.get(ray.remote(lambda: 1).remote())
        boot = time.perf_counter() - t
        for n in (1, 2):
            run(f"ray x{n}", RayExecutor(num_actors=n, cpus_per_actor=1))
        ray.shutdown()
        base = rows[0][2]
        print(f"{len(timed)} shots, {frames} frames ({frames / 24:.0f} s of animatic) at {w}x{h}, "
              f"{os.cpu_count()} cores; ray worker warm-up {boot:.1f} s")
        print("| executor | shots | wall s | shots/s | speed-up vs local |")
        print("|---|---|---|---|---|")
        for name, n, dt in rows:
            print(f"| {name} | {n} | {dt:.1f} | {n / dt:.2f} | {base / dt:.2f}x |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
