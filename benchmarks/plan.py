"""How fast is the heuristic planner on a feature script? (Target: big-fish planned in under 1 s.)

Measures, best of N runs each, on ../shared/corpus/big-fish.fountain (or a script given on the
command line): parsing, bible extraction, planning every scene (with the built-in coverage
validation), and the whole. Prints a table, the ratio against the 1 s budget, and shots per scene.

    python benchmarks/plan.py
    python benchmarks/plan.py path/to/script.fountain --runs 5 --per-scene
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import screenplay  # noqa: E402
from shots.bible import extract_bible  # noqa: E402
from shots.heuristic import HeuristicPlanner  # noqa: E402

BUDGET_S = 1.0


def best(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return min(times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("script", nargs="?", default=str(ROOT.parent / "shared" / "corpus" / "big-fish.fountain"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--per-scene", action="store_true", help="print every scene's shot count")
    args = ap.parse_args()
    path = Path(args.script)
    if not path.exists():
        print(f"no script at {path}", file=sys.stderr)
        return 2
    text = path.read_text("utf-8")

    t_parse, sp = best(lambda: screenplay.parse(text), args.runs)
    t_bible, bible = best(lambda: extract_bible(sp), args.runs)
    scenes = [s for s in sp.scenes if s.heading is not None or s.elements]
    t_plan, plans = best(lambda: [HeuristicPlanner().plan(s, bible) for s in scenes], args.runs)
    total = t_parse + t_bible + t_plan
    shots = [len(p.shots) for p in plans]

    print(f"script: {path.name}  ({len(text):,} chars, {len(scenes)} scenes, {len(bible.entries)} characters)")
    print()
    print(f"| stage            | best of {args.runs} (s) |")
    print("|------------------|-----------------|")
    for name, t in (("parse", t_parse), ("bible", t_bible), ("plan all scenes", t_plan), ("total", total)):
        print(f"| {name:<16} | {t:15.3f} |")
    print()
    print(f"plan / budget ({BUDGET_S:.0f} s): {t_plan / BUDGET_S:.2f}   total / budget: {total / BUDGET_S:.2f}")
    print(f"shots: total {sum(shots)}, per scene mean {statistics.mean(shots):.1f}, median "
          f"{statistics.median(shots):.0f}, max {max(shots)} (scene {plans[shots.index(max(shots))].scene})")
    print(f"planning rate: {sum(shots) / t_plan:,.0f} shots/s")
    if args.per_scene:
        print()
        print("| scene | heading | shots |")
        print("|---|---|---|")
        for p, n in zip(plans, shots):
            print(f"| {p.scene} | {p.heading} | {n} |")
    return 0 if t_plan < BUDGET_S else 1


if __name__ == "__main__":
    raise SystemExit(main())
