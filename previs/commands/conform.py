"""``previs conform``: take an editor's cut back into the project.

The editor re-times and re-orders the exported timeline; this reads it (any
OTIO adapter), matches clips to shots by id, prints what changed, and saves
the new order and lengths as the project's ``conform.json``, which every later
``previs animatic`` and ``previs export`` apply.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from screenplay.errors import PrevisError

HELP = """\
Read an editor's cut (.otio, .edl, FCP7 .xml or .fcpxml, as exported by
`previs export`) and update the project's shot order and durations from it.
Clips are matched to shots by id (the clip name, e.g. 12A). Shots missing from
the cut are dropped from later animatics and exports; shots the cut never knew
(added to the script later) keep their place.

examples:
  previs conform script.fountain edit_v3.edl
  previs conform script.fountain cut.otio --dry-run
  previs conform script.fountain --clear
"""


def register(sub) -> None:
    from previs.commands.options import fps_arg

    p = sub.add_parser("conform", help="read an editor's re-timed/re-ordered cut back into the project",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("cut", metavar="EDITED", nargs="?", help="the edited timeline: .otio, .edl, .xml or .fcpxml")
    p.add_argument("--fps", type=fps_arg, default=24, help="the project frame rate; EDLs carry none (default 24)")
    p.add_argument("--dry-run", action="store_true", help="report what would change; save nothing")
    p.add_argument("--clear", action="store_true", help="forget the saved conform (back to the planned cut)")
    p.add_argument("--json", action="store_true", help="print the conform and changes as JSON")
    p.add_argument("--planner", choices=("heuristic", "llm"), default="heuristic",
                   help="the planner the project uses (default heuristic)")
    p.add_argument("--project", metavar="DIR", help="project folder (default: SCRIPT.previs next to the script)")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from previs.commands.options import print_json
    from previs.conform_file import clear_conform, conform_data, write_conform
    from previs.pipeline import open_store, prepare_run
    from renders.export.conform import conform_cut
    from renders.model import RenderSettings

    script = Path(args.script)
    if not script.is_file():
        raise PrevisError("no such file" if not script.exists() else "not a file", script)
    if args.clear:
        if args.cut:
            raise PrevisError("--clear takes no EDITED file")
        if clear_conform(open_store(script, args.project)):
            print("conform cleared: later animatics and exports follow the plan again")
        else:
            print("no conform saved; nothing to clear")
        return 0
    if not args.cut:
        raise PrevisError("give the edited timeline: previs conform SCRIPT EDITED.edl (or .otio/.xml/.fcpxml)")
    cut = Path(args.cut)
    if not cut.is_file():
        raise PrevisError("no such file" if not cut.exists() else "not a file", cut)

    run = prepare_run(script, planner=args.planner, project_dir=args.project, settings=RenderSettings(fps=args.fps))
    plan, store = run.plan, run.store
    previous = [(t.shot.id, t.frames) for t in run.timed]
    result = conform_cut(cut, previous, args.fps)
    conform = result.conform
    removed = [s.id for s in plan.shots if s.id not in conform.frames]
    data = conform_data(conform.order, conform.frames, removed, str(cut.resolve()))
    if not args.dry_run:  # the shape previs.pipeline reads back (order, frames, removed)
        with store.locked():
            write_conform(store, data)
    if args.json:
        print_json({**data, "changes": list(result.changes), "saved": not args.dry_run})
        return 0
    for line in result.changes:
        print(line)
    total = sum(conform.frames.values())
    print(f"{len(conform.order)} shots, {total} frames = {total / args.fps:.1f} s")
    if args.dry_run:
        print("dry run: nothing saved")
    else:
        print(f"saved {store.root / 'conform.json'}; later animatics and exports use this cut")
    return 0
