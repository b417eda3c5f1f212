"""``previs plan``: the shot list, scene by scene, as a table, CSV or JSON.

Why its own command: the plan is what a director and a first AD argue about
before anything is rendered; it must be quick to read (table), to hand over
(CSV in the production shot-list columns) and to script against (JSON).
"""
from __future__ import annotations

import argparse
import os
import sys

from screenplay.errors import PrevisError

HELP = """\
Plan the shots of every scene (or of --scene N) and print them. The heuristic
planner is offline and deterministic; --planner llm asks any OpenAI-compatible
endpoint (OPENAI_BASE_URL, OPENAI_API_KEY, --llm-model or PREVIS_LLM_MODEL).
Plans are kept in SCRIPT.previs/, so asking again costs nothing.

examples:
  previs plan examples/the-night-shift.fountain
  previs plan script.fountain --scene 12 --format csv -o scene12.csv
  previs plan script.fountain --format json | jq '.scenes[0].shots[0]'
  previs plan script.fountain --planner llm --llm-model gpt-4o-mini --llm-fallback
"""


def register(sub) -> None:
    p = sub.add_parser("plan", help="plan the shots of each scene and print the shot list",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("--planner", choices=("heuristic", "llm"), default="heuristic",
                   help="heuristic: offline and deterministic (default); llm: an OpenAI-compatible endpoint")
    p.add_argument("--llm-model", metavar="M", help="model for --planner llm (default: $PREVIS_LLM_MODEL)")
    p.add_argument("--llm-fallback", action="store_true",
                   help="with --planner llm: use the heuristic plan for a scene the LLM cannot plan, and say so")
    p.add_argument("--scene", "--scenes", dest="scenes", metavar="SEL",
                   help="scenes to plan: 12, 12A, 3-7, 2,4 (default: all)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table: one table per scene (default); csv: the production shot list; json: the plans")
    p.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument("--project", metavar="DIR", help="project folder (default: SCRIPT.previs next to the script)")
    notes = p.add_mutually_exclusive_group()
    notes.add_argument("--annotate", action="store_true",
                       help="write each shot into the script as a note before its first line, "
                            "e.g. [[12B: CU MARA, 85mm, push in]] (a backup goes to SCRIPT.bak); "
                            "edit a note and that shot is planned as written")
    notes.add_argument("--strip-annotations", action="store_true",
                       help="remove the shot notes from the script (a backup goes to SCRIPT.bak) and plan")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from previs.pipeline import plan_script

    options: dict = {}
    if args.planner == "llm":
        options = {"model": args.llm_model, "fallback": args.llm_fallback}
    elif args.llm_model or args.llm_fallback:
        raise PrevisError("--llm-model and --llm-fallback go with --planner llm")
    if args.strip_annotations:
        from previs.annotations import strip_script

        removed, _ = strip_script(args.script)
        print(f"removed {removed} shot notes from {args.script}", file=sys.stderr)
    progress = None
    view = None
    if sys.stderr.isatty():
        from previs.progress_view import ProgressView

        view = ProgressView()
    try:
        if view is not None:
            with view:
                result = plan_script(args.script, planner=args.planner, planner_options=options,
                                     scenes=args.scenes, project_dir=args.project, progress=view)
        else:
            result = plan_script(args.script, planner=args.planner, planner_options=options,
                                 scenes=args.scenes, project_dir=args.project, progress=progress)
    except PrevisError as exc:
        if exc.path is None and exc.line is not None:  # a scene's line: say which file
            raise PrevisError(exc.message, args.script, exc.line) from None
        raise
    for line in result.notices(args.script):  # unusable shot notes, orphaned hand edits
        print(line, file=sys.stderr)
    if args.annotate:
        from previs.annotations import annotate_script

        written, backup = annotate_script(args.script, result.plans, result.bible)
        print(f"wrote {written} shot notes into {args.script} (backup: {backup})", file=sys.stderr)
    if args.format == "csv":
        from shots.shotlist import shotlist_csv

        _emit(shotlist_csv(result.plans, result.bible), args.output, newline="")
    elif args.format == "json":
        _emit(plans_json(result) + "\n", args.output)
    else:
        _print_tables(result, args.output)
    return 0


def plans_json(result) -> str:
    """The plans as plain JSON: title, planner, characters (id -> name) and one object per scene."""
    from previs.hashing import to_plain

    doc = {
        "script": os.fspath(result.screenplay.path) if result.screenplay.path else None,
        "title": result.screenplay.title,
        "planner": result.planner,
        "characters": {e.id: e.name for e in result.bible.entries},
        "scenes": [to_plain(p) for p in result.plans],
    }
    from previs.terminal import terminal_json

    return terminal_json(doc, indent=1)


def _emit(text: str, output: str | None, newline: str | None = None) -> None:
    if output is None:
        from previs.terminal import printable

        sys.stdout.write(printable(text))  # a CSV cell's escape sequence must not reach the terminal
        return
    from pathlib import Path

    from previs.store import atomic_write_text

    try:
        atomic_write_text(Path(output), text)
    except OSError as exc:
        raise PrevisError(f"cannot write: {exc.strerror}", output) from None
    print(f"wrote {output}", file=sys.stderr)


def _print_tables(result, output: str | None) -> None:
    import io

    from previs.terminal import stdout_console
    from rich.table import Table

    from shots.shotlist import cast_names, eighths_text, sound_text

    buf = io.StringIO() if output else None
    console = stdout_console(170, file=buf)
    total = 0
    for plan in result.plans:
        title = f"Scene {plan.scene}" + (f" · {plan.heading}" if plan.heading else "") + \
            f" · {eighths_text(plan.eighths)} pg · {len(plan.shots)} shots"
        table = Table(title=title, title_justify="left", show_lines=False, expand=False)
        for col, kw in (("Shot", {}), ("Set", {"justify": "right"}), ("Size", {}), ("Type", {}),
                        ("Angle", {}), ("Move", {}), ("Lens", {"justify": "right"}), ("Cast", {"no_wrap": False}),
                        ("Lines", {}), ("Est", {"justify": "right"}), ("Sound", {}),
                        ("Description", {"no_wrap": False, "ratio": 1, "min_width": 30})):
            table.add_column(col, **{"no_wrap": True, **kw})
        for s in plan.shots:
            table.add_row(s.id, str(s.setup), s.size.value, s.type.value, s.angle.value, s.movement.value,
                          f"{s.lens_mm}mm", ", ".join(n.title() for n in cast_names(s, result.bible)),
                          f"{s.first_line}-{s.last_line}", f"{s.est_seconds:.1f}s", sound_text(s),
                          s.description)
        console.print(table)
        for note in plan.notes:
            console.print(f"[yellow]note:[/] {note}")
        total += len(plan.shots)
    console.print(f"{len(result.plans)} scenes, {total} shots, planner: {result.planner}")
    if buf is not None:
        _emit(buf.getvalue(), output)
