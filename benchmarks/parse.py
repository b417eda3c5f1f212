"""Time previs's Fountain parser against the Python peers, on big-fish and on its body x4.

Why it is built like this: a fair comparison needs the same conditions for
every parser. Each parser runs in its own fresh subprocess of a Python 3.11
interpreter (previs in the interpreter running this script, the peers in
``.bench-venv``, a venv this script creates on first use with screenplain,
jouvence and fountain-parser from PyPI), parses the same text held in memory,
warms up 3 times, then times ``--runs`` parses and reports the median. The
whole set is repeated ``--rounds`` times, interleaved, and the median of the
rounds is kept, because a shared machine is noisy. The x4 file checks that
time grows linearly with the script. Peak memory of previs on the x4 file is
measured in one more subprocess (tracemalloc peak and ru_maxrss).

Run it by hand (never part of the tests):

    .venv/bin/python benchmarks/parse.py [--corpus ../shared/corpus] [--runs 21] [--rounds 3]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_VENV = ROOT / ".bench-venv"
PEER_PACKAGES = ["screenplain", "jouvence", "fountain-parser"]

# Each worker reads FILE, parses it 3 times, then RUNS times under the clock.
WORKER = r"""
import json, sys, time, io
path, runs, which = sys.argv[1], int(sys.argv[2]), sys.argv[3]
text = open(path, encoding="utf-8").read()
if which == "previs":
    sys.path.insert(0, sys.argv[4])
    from screenplay.parser import parse
    def run(): return parse(text)
elif which == "screenplain":
    from screenplain.parsers import fountain
    def run(): return fountain.parse(io.StringIO(text))
elif which == "jouvence":
    from jouvence.parser import JouvenceParser
    def run(): return JouvenceParser().parseString(text)
elif which == "fountain-parser":
    from fountain_parser import parse
    def run(): return parse(text)
for _ in range(3):
    run()
wall, cpu = [], []
for _ in range(runs):
    t0, c0 = time.perf_counter(), time.process_time()
    run()
    c1, t1 = time.process_time(), time.perf_counter()
    wall.append(t1 - t0)
    cpu.append(c1 - c0)
print(json.dumps({"wall": sorted(wall)[runs // 2], "cpu": sorted(cpu)[runs // 2]}))
"""

MEMORY = r"""
import json, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[2])
text = open(sys.argv[1], encoding="utf-8").read()
from screenplay.parser import parse
tracemalloc.start()
sp = parse(text)
current, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({"peak": peak, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                  "elements": len(sp.elements)}))
"""


def ensure_bench_venv() -> Path:
    """Create .bench-venv with the peer parsers, or reuse it. Returns its python."""
    python = BENCH_VENV / "bin" / "python"
    if python.exists():
        probe = subprocess.run(
            [str(python), "-c", "import screenplain, jouvence, fountain_parser"], capture_output=True
        )
        if probe.returncode == 0:
            return python
    print(f"setting up {BENCH_VENV} with {', '.join(PEER_PACKAGES)} ...", file=sys.stderr)
    venv.EnvBuilder(with_pip=True, clear=False).create(BENCH_VENV)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PEER_PACKAGES], check=True)
    return python


def body_times(text: str, times: int) -> str:
    """The script with its body (everything after the first blank line) repeated."""
    head, sep, body = text.partition("\n\n")
    return head + sep + "\n\n".join([body] * times)


def time_parser(which: str, python: Path, path: Path, runs: int) -> dict:
    """Median wall and CPU seconds of one parse, from a fresh subprocess."""
    cmd = [str(python), "-c", WORKER, str(path), str(runs), which, str(ROOT)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--only", default="", help="comma-separated parsers to run")
    args = ap.parse_args(argv)

    source = Path(args.corpus) / "big-fish.fountain"
    if not source.exists():
        print(f"{source}: not found (pass --corpus)", file=sys.stderr)
        return 2
    text = source.read_text(encoding="utf-8")
    peer_python = ensure_bench_venv()
    parsers = {"previs": Path(sys.executable)}
    parsers.update({name: peer_python for name in PEER_PACKAGES})
    if args.only:
        parsers = {k: v for k, v in parsers.items() if k in args.only.split(",")}

    with tempfile.TemporaryDirectory() as tmp:
        x4 = Path(tmp) / "big-fish-x4.fountain"
        x4.write_text(body_times(text, 4), encoding="utf-8")
        files = {"x1": source, "x4": x4}
        results: dict[tuple[str, str], list[dict]] = {}
        for _ in range(args.rounds):
            for name, python in parsers.items():
                for label, path in files.items():
                    results.setdefault((name, label), []).append(
                        time_parser(name, python, path, args.runs)
                    )
        memory = None
        if "previs" in parsers:
            out = subprocess.run(
                [sys.executable, "-c", MEMORY, str(x4), str(ROOT)],
                capture_output=True, text=True, check=True,
            ).stdout
            memory = json.loads(out)

    def ms(name: str, label: str, clock: str) -> float:
        return statistics.median(r[clock] for r in results[(name, label)]) * 1000

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Fountain parsers: {source.name} ({len(text):,} chars) and its body x4, "
          f"median of {args.runs} runs after 3 warm-ups, median of {args.rounds} rounds, "
          f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print("wall = perf_counter; cpu = process_time (what the parse itself costs when the machine is shared)")
    print()
    print("| parser | big-fish wall ms | big-fish cpu ms | x4 wall ms | x4 cpu ms | x4 / x1 (cpu) "
          "| peer / previs (cpu) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base = ms("previs", "x1", "cpu") if "previs" in parsers else None
    for name in parsers:
        w1, c1, w4, c4 = (ms(name, "x1", "wall"), ms(name, "x1", "cpu"),
                          ms(name, "x4", "wall"), ms(name, "x4", "cpu"))
        ratio = f"{c1 / base:.2f}x" if base else "-"
        print(f"| {name} | {w1:.2f} | {c1:.2f} | {w4:.2f} | {c4:.2f} | {c4 / c1:.2f} | {ratio} |")
    if memory:
        print()
        print(f"previs on the x4 file: tracemalloc peak {memory['peak'] / 2**20:.1f} MiB, "
              f"process max RSS {memory['maxrss_kb'] / 1024:.1f} MiB, {memory['elements']:,} elements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
