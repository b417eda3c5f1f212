"""How long `previs --help` takes in a fresh interpreter (target: under 0.3 s).

Run: .venv/bin/python benchmarks/startup.py
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time


def main(runs: int = 11) -> None:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "previs", "--help"], capture_output=True, check=True)
        times.append(time.perf_counter() - t)
    bare = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], capture_output=True, check=True)
        bare.append(time.perf_counter() - t)
    print("| what | median s | min s |")
    print("|---|---|---|")
    print(f"| previs --help | {statistics.median(times):.3f} | {min(times):.3f} |")
    print(f"| python -c pass | {statistics.median(bare):.3f} | {min(bare):.3f} |")
    print(f"target 0.3 s: {'met' if statistics.median(times) < 0.3 else 'MISSED'}")


if __name__ == "__main__":
    main()
