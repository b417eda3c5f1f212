"""How much does the LLM planner add around the model, and how well does concurrency hide latency?

Plans a whole feature (big-fish from ../shared/corpus, else the bundled example)
with the real ``LLMPlanner`` against the fake OpenAI server from tests/ over
real HTTP on 127.0.0.1, the server in its own process (so its work does not
share our GIL). The fake answers a valid one-shot-per-scene plan after
a simulated model latency, so what is measured is everything that is ours:
request building, HTTP through the openai client, pydantic + coverage
validation, ShotPlan building, the answer cache.

Prints, per setting: wall seconds, requests, seconds per scene, and the speed-up
against concurrency 1 (the ideal is min(concurrency, scenes)); then the re-run
from the answer cache (no request) against the heuristic planner on the same
scenes.

    python benchmarks/llm_plan.py                    # latency 0.25 s, concurrency 1,4,8
    python benchmarks/llm_plan.py --latency 0 --concurrency 1,2
"""
from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

import screenplay  # noqa: E402
from fake_openai import FakeOpenAI, Reply  # noqa: E402
from llm_scenes import answer_for  # noqa: E402
from shots.bible import extract_bible  # noqa: E402
from shots.llm import LLMPlanner  # noqa: E402


def _serve(latency: float, port_q, count) -> None:
    """Child process: the fake server answering valid one-shot plans after ``latency`` seconds."""
    def reply(request):
        with count.get_lock():
            count.value += 1
        if latency:
            time.sleep(latency)
        return Reply.chat(answer_for(request))

    server = FakeOpenAI(responder=reply).start()
    port_q.put(server.port)
    while True:
        time.sleep(3600)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--script", default=str(ROOT.parent / "shared" / "corpus" / "big-fish.fountain"))
    ap.add_argument("--latency", type=float, default=0.25, help="simulated model seconds per answer")
    ap.add_argument("--concurrency", default="1,4,8")
    args = ap.parse_args()
    path = Path(args.script)
    if not path.exists():
        path = ROOT / "examples" / "the-night-shift.fountain"
    sp = screenplay.load(path)
    bible = extract_bible(sp)
    scenes = [s for s in sp.scenes if s.heading is not None or s.elements]
    print(f"{path.name}: {len(scenes)} scenes, {len(bible.entries)} characters, latency {args.latency} s\n")

    count = mp.Value("i", 0)
    port_q = mp.Queue()
    child = mp.Process(target=_serve, args=(args.latency, port_q, count), daemon=True)
    child.start()
    base_url = f"http://127.0.0.1:{port_q.get(timeout=30)}/v1"
    rows = []
    base = None
    try:
        for conc in [int(c) for c in args.concurrency.split(",")]:
            with tempfile.TemporaryDirectory() as cache:
                planner = LLMPlanner(model="fake", base_url=base_url, api_key="bench", cache_dir=cache,
                                     concurrency=conc)
                before = count.value
                t0 = time.perf_counter()
                plans = planner.plan_all(scenes, bible)
                wall = time.perf_counter() - t0
                asked = count.value - before
                base = base or wall
                rows.append((f"llm, concurrency {conc}", wall, asked, wall / len(scenes), base / wall))
                if conc == int(args.concurrency.split(",")[-1]):
                    before = count.value
                    t0 = time.perf_counter()
                    again = LLMPlanner(model="fake", base_url=base_url, api_key="bench", cache_dir=cache,
                                       concurrency=conc).plan_all(scenes, bible)
                    cached = time.perf_counter() - t0
                    assert again == plans
                    rows.append(("llm, re-run from cache", cached, count.value - before,
                                 cached / len(scenes), base / cached))
    finally:
        child.terminate()
    from shots.heuristic import HeuristicPlanner

    t0 = time.perf_counter()
    HeuristicPlanner().plan_all(scenes, bible)
    heur = time.perf_counter() - t0
    rows.append(("heuristic (peer)", heur, 0, heur / len(scenes), base / heur))

    print(f"{'setting':<26}{'wall s':>9}{'requests':>10}{'s/scene':>10}{'vs conc 1':>11}")
    for name, wall, asked, per, ratio in rows:
        print(f"{name:<26}{wall:>9.3f}{asked:>10}{per:>10.4f}{ratio:>10.1f}x")
    cache_row = next(r for r in rows if r[0].startswith("llm, re-run"))
    print(f"\ncache re-run / heuristic: {cache_row[1] / heur:.2f}x the heuristic planner's time")


if __name__ == "__main__":
    main()
