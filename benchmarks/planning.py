"""How well does the planner read scripts? Cast errors, non-characters, pronouns, shots per page, speed.

Prints, for big-fish and every corpus script (and the bundled example):

- shots showing a character who is neither present in the scene nor referred to
  (judged independently of the planner, see :func:`_unjustified`);
- bible entries that are not characters (joint cues like ``EDWARD AND WILL``,
  and devices such as ``MESSAGE MACHINE`` treated as people);
- shots per page;
- and, over the pronoun / role-noun cases of the planning evaluation
  (tests/planning_eval/cast_cases.py), how many resolve right, wrong, or are left unresolved;
- the time to plan all of big-fish (target: under 1 s);
- and, for big-fish, the coverage figures of issue 16 (:func:`_coverage_figures`): shots per page
  in dialogue scenes and in action scenes, the share of static and of eye-level shots, reaction
  shots, CUs and ECUs, and cuts between two consecutive shots on the same setup.

    python benchmarks/planning.py
    python benchmarks/planning.py --code /tmp/base   # the same measures on another checkout (before/after)
"""
from __future__ import annotations

import argparse
import inspect
import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
SCRIPTS = ("big-fish", "brick-and-steel", "the-last-birthday-card", "my-living-memory", "printing-trouble",
           "the-library-freak-out")
# Words the judge never takes as a name on their own.
_COMMON = {"THE", "A", "AN", "SOME", "VARIOUS", "OLD", "YOUNG", "LITTLE", "MAN'S", "WOMAN'S", "A GIRL'S",
           "PRETTY", "BEAUTIFUL", "DEEP", "HOT-BLOODED", "HEAVYSET", "ASIAN", "EXTREMELY", "TELLER", "JUMP",
           "PIANO", "MALE", "SOPHISTICATED", "ART", "MESSAGE", "LASER", "ADULT", "GROWN-UP", "WILL'S", "DR."}
_DEVICES = re.compile(r"\b(MACHINE|RADIO|TV|INTERCOM|PRINTER|VOICE|PHONE|LOUDSPEAKER)$")
_CONTINUES = re.compile(r"\b(CONTINUOUS|SAME|MOMENTS LATER|CONTINUED)\b")


def _forms(entry) -> list[re.Pattern]:
    """How the judge recognises a character in action text: full name, aliases, a distinctive first word,
    and ``the <name>`` for a role-named character (THE BOSS, NURSE)."""
    out = [entry.name, *entry.aliases]
    first = entry.name.split()[0]
    if len(entry.name.split()) > 1 and first not in _COMMON and len(first) > 2:
        out.append(first)
    pats = [re.compile(r"(?<![\w'])" + re.escape(f.title() if f.isupper() else f) + r"(?:'s)?(?!\w)") for f in out]
    pats += [re.compile(r"(?<![\w'])" + re.escape(f) + r"(?:'S)?(?!\w)") for f in out]
    pats.append(re.compile(r"\bthe " + re.escape(entry.name.split()[-1].lower()) + r"\b", re.I))
    return pats


def _unjustified(screenplay, bible, plans) -> int:
    """Shots with a subject who neither speaks on screen in the scene, nor is named in its action
    (by name, alias, distinctive first word, or ``the <role name>``), nor was in the scene before a
    CONTINUOUS/SAME heading; joint-cue entries and device voices in frame always count."""
    from screenplay.model import Action, Character

    forms = {e.id: _forms(e) for e in bible.entries}
    by_id = {e.id: e for e in bible.entries}
    scenes = {s.id: s for s in screenplay.scenes}
    justified_before: set[str] = set()
    bad = 0
    for plan in plans:
        scene = scenes.get(plan.scene)
        ok: set[str] = set()
        if scene is not None:
            text = "\n".join(e.text for e in scene.elements if isinstance(e, Action))
            for e in scene.elements:
                if isinstance(e, Character) and not re.search(r"V\.O|O\.S|O\.C|PHONE|FILTERED", e.name + str(e.extension)):
                    entry = bible.get(re.sub(r"\s*\(.*", "", e.name).strip())
                    if entry is not None:
                        ok.add(entry.id)
            ok |= {eid for eid, pats in forms.items() if any(p.search(text) for p in pats)}
            if _CONTINUES.search(plan.heading or "") or (scene.heading is not None and not scene.int_ext):
                ok |= justified_before
        bad_ids = {eid for eid, e in by_id.items()
                   if " AND " in e.name or "&" in e.name or _DEVICES.search(e.name)}
        for shot in plan.shots:
            if any(s not in ok or s in bad_ids for s in shot.subjects):
                bad += 1
        justified_before = ok
    return bad


def _not_characters(bible) -> int:
    names = {e.name for e in bible.entries} | {a for e in bible.entries for a in e.aliases}
    count = 0
    for e in bible.entries:
        parts = [p.strip() for p in re.split(r"\bAND\b|&", e.name) if p.strip()]
        joint = len(parts) >= 2 and all(p in names for p in parts)
        device = _DEVICES.search(e.name) and getattr(e, "kind", "person") != "voice"
        count += bool(joint or device)
    return count


def _coverage_figures(screenplay, plans) -> dict[str, float]:
    """Issue 16's figures for one planned script.

    A scene is a dialogue scene when its dialogue has more words than its action, else an action
    scene; its pages are its eighths on the typeset pages / 8. A same-setup cut is two consecutive
    shots of a scene on one setup number (they play as a jump cut).
    """
    from screenplay.model import Action, Dialogue

    scenes = {s.id: s for s in screenplay.scenes}
    shots = [s for p in plans for s in p.shots]
    per = {"dialogue": [0, 0.0], "action": [0, 0.0]}
    for plan in plans:
        scene = scenes.get(plan.scene)
        if scene is None:
            continue
        said = sum(len(e.text.split()) for e in scene.elements if isinstance(e, Dialogue))
        done = sum(len(e.text.split()) for e in scene.elements if isinstance(e, Action))
        kind = "dialogue" if said > done else "action"
        per[kind][0] += len(plan.shots)
        per[kind][1] += plan.eighths / 8
    n = max(len(shots), 1)
    return {
        "shots": len(shots),
        "dialogue shots/page": per["dialogue"][0] / max(per["dialogue"][1], 0.1),
        "action shots/page": per["action"][0] / max(per["action"][1], 0.1),
        "static %": 100 * sum(s.movement.value == "static" for s in shots) / n,
        "eye level %": 100 * sum(s.angle.value == "eye level" for s in shots) / n,
        "reactions %": 100 * sum(s.type.value == "reaction" for s in shots) / n,
        "CU": sum(s.size.value == "CU" for s in shots),
        "ECU": sum(s.size.value == "ECU" for s in shots),
        "same-setup cuts": sum(a.setup == b.setup for p in plans for a, b in zip(p.shots, p.shots[1:])),
    }


def plan_file(path: Path):
    """Parse and plan ``path`` in a throwaway project: ``(screenplay, bible, plans)`` (geography.py uses it too)."""
    from previs.pipeline import plan_script

    with tempfile.TemporaryDirectory(prefix="previs-bench-") as tmp:
        r = plan_script(path, project_dir=tmp)
    return r.screenplay, r.bible, r.plans


def _plan_time(path: Path, runs: int) -> float:
    import screenplay
    from shots.bible import extract_bible
    from shots.heuristic import HeuristicPlanner

    sp = screenplay.parse(path.read_text("utf-8"))
    bible = extract_bible(sp)
    scenes = [s for s in sp.scenes if s.heading is not None or s.elements]
    planner = HeuristicPlanner()
    takes_context = "contexts" in inspect.signature(planner.plan_all).parameters
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        if takes_context:
            from shots.continuity import scene_contexts

            planner.plan_all(scenes, bible, contexts=scene_contexts(scenes, bible))
        else:
            planner.plan_all(scenes, bible)
        best = min(best, time.perf_counter() - t)
    return best


def _pronouns() -> tuple[int, int, int]:
    sys.path.insert(0, str(ROOT / "tests"))
    from planning_eval.cast_cases import CASES
    from planning_eval.harness import script_path

    right = wrong = unresolved = 0
    cache = {}
    for c in CASES:
        if not c.pronoun or not script_path(c.script).exists():
            continue
        if c.script not in cache:
            cache[c.script] = plan_file(script_path(c.script))
        sp, bible, plans = cache[c.script]
        line = next(e.line for e in sp.elements if c.where in (getattr(e, "text", None) or ""))
        shots = [s for p in plans for s in p.shots if s.first_line <= line <= s.last_line]
        seen = {s for shot in shots for s in shot.subjects}
        ids = {bible.get(n).id for n in c.names if bible.get(n) is not None}
        if (c.kind == "exactly" and seen == ids) or (c.kind == "in_frame" and ids <= seen):
            right += 1
        elif not seen:
            unresolved += 1
        else:
            wrong += 1
    return right, wrong, unresolved


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--code", help="measure the code of another checkout (put first on sys.path)")
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    code = Path(args.code).resolve() if args.code else ROOT
    sys.path.insert(0, str(code))
    from screenplay.scenes import page_count

    print(f"code: {code}")
    print()
    print("| script | scenes | shots | pages | shots/page | bible | not characters | shots with someone not there |")
    print("|---|---|---|---|---|---|---|---|")
    paths = [CORPUS / f"{n}.fountain" for n in SCRIPTS] + [ROOT / "examples" / "the-night-shift.fountain"]
    for path in paths:
        if not path.exists():
            continue
        sp, bible, plans = plan_file(path)
        shots = sum(len(p.shots) for p in plans)
        pages = page_count(sp)
        print(f"| {path.stem} | {len(plans)} | {shots} | {pages:.1f} | {shots / max(pages, 0.1):.1f} | "
              f"{len(bible.entries)} | {_not_characters(bible)} | {_unjustified(sp, bible, plans)} |")
    print()
    right, wrong, unresolved = _pronouns()
    print(f"pronoun / role-noun cases of the evaluation: right {right}, wrong {wrong}, unresolved {unresolved}")
    big = CORPUS / "big-fish.fountain"
    if big.exists():
        sp, _, plans = plan_file(big)
        figures = _coverage_figures(sp, plans)
        print()
        print("big-fish coverage (issue 16): " + ", ".join(
            f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()))
        t = _plan_time(big, args.runs)
        print(f"plan all of big-fish: {t:.3f} s (best of {args.runs}; budget 1 s, ratio {t:.2f})")
        return 0 if t < 1.0 else 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
