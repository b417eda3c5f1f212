"""Does the heuristic plan keep its bearings? Side swaps within scenes, and screen direction across them.

Prints, for every corpus script and the bundled example, planned as `previs plan` plans
them (continuity included):

- pairs seen: how many times a shot shows two people at different x (the chances to break a line);
- swaps: how many of those show the pair in the opposite left-right order from the last shot of
  the same scene that showed both (a jump across the line, unless a move explains it);
- on a move: swaps on a shot that moves someone (a crossing, an exit, an entrance: no speaker and
  a screen direction), which the script motivates;
- single eyelines at the lens: dialogue singles whose speaker faces the camera while others are in
  the scene (an eyeline that matches nobody);
- carried directions: CONTINUOUS scenes whose first shot of a traveller from the scene before
  moves the way they last moved there, out of those whose first such shot shows them moving.

    python benchmarks/geography.py
    python benchmarks/geography.py --code /tmp/base   # the same measures on another checkout (before/after)
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from planning import CORPUS, ROOT, SCRIPTS, plan_file  # the same corpus, planned the same way


def _swaps(plans) -> tuple[int, int, int, int]:
    """(pairs seen, swaps, swaps on a move, singles looking into the lens with others present)."""
    from shots.vocabulary import ScreenDirection, ShotType

    seen = swaps = moved = lens = 0
    for plan in plans:
        last: dict[tuple[str, str], bool] = {}
        people = {x for s in plan.shots for x in s.subjects}
        for shot in plan.shots:
            xs = {b.subject: b.x for b in shot.blocking}
            ids = sorted(xs)
            for i, a in enumerate(ids):
                for b in ids[i + 1:]:
                    if xs[a] == xs[b]:
                        continue
                    seen += 1
                    order = xs[a] < xs[b]
                    if last.get((a, b), order) != order:
                        swaps += 1
                        moved += shot.speaker is None and shot.screen_direction != ScreenDirection.NEUTRAL
                    last[(a, b)] = order
            if shot.type == ShotType.SINGLE and shot.speaker and len(people) > 1:
                lens += any(b.subject == shot.speaker and b.facing == "camera" for b in shot.blocking)
    return seen, swaps, moved, lens


def _carried(plans) -> tuple[int, int]:
    """(kept, moving): CONTINUOUS scenes whose first shot of a traveller of the scene before, when it
    shows them moving, keeps the direction they last moved in there."""
    from shots.vocabulary import ScreenDirection

    kept = moving = 0
    for before, after in zip(plans, plans[1:]):
        if not re.search(r"\b(CONTINUOUS|CONTINUED)\b", after.heading or "", re.I):
            continue
        travel = {}
        for shot in before.shots:
            if shot.speaker is None and shot.screen_direction != ScreenDirection.NEUTRAL:
                for s in shot.subjects:
                    travel[s] = shot.screen_direction
        for shot in after.shots:
            common = [s for s in shot.subjects if s in travel]
            if not common:
                continue
            if shot.screen_direction != ScreenDirection.NEUTRAL and shot.speaker is None:
                moving += 1
                kept += shot.screen_direction == travel[common[0]]
            break
    return kept, moving


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", help="measure the code of another checkout (put first on sys.path)")
    args = ap.parse_args()
    code = Path(args.code).resolve() if args.code else ROOT
    sys.path.insert(0, str(code))
    print(f"code: {code}")
    print()
    print("| script | pairs seen | swaps | on a move | singles at the lens | next scene keeps the direction |")
    print("|---|---|---|---|---|---|")
    total = [0, 0, 0, 0, 0, 0]
    paths = [CORPUS / f"{n}.fountain" for n in SCRIPTS] + [ROOT / "examples" / "the-night-shift.fountain"]
    for path in paths:
        if not path.exists():
            continue
        plans = plan_file(path)[2]
        seen, swaps, moved, lens = _swaps(plans)
        kept, moving = _carried(plans)
        for k, v in enumerate((seen, swaps, moved, lens, kept, moving)):
            total[k] += v
        print(f"| {path.stem} | {seen} | {swaps} | {moved} | {lens} | {kept} of {moving} |")
    seen, swaps, moved, lens, kept, moving = total
    print(f"| all | {seen} | {swaps} | {moved} | {lens} | {kept} of {moving} |")
    print()
    print(f"unexplained swaps per 100 pairs seen: {100 * (swaps - moved) / max(seen, 1):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
