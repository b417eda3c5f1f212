"""``previs export``: the files a first AD, an editor and a director take away.

The formats are previs/exports.py's table (the app reads the same one).
Formats that need only the plan (csv, json, shotlist-pdf, script-pdf,
lined-script-pdf) plan the script;
the others need the rendered shots, so they build (or reuse from the project
store) the animatic first. One format with ``-o FILE`` writes that file; several,
or ``-o DIR``, write into a folder (default ``SCRIPT.previs/exports/``).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from screenplay.errors import PrevisError

HELP = """\
Export the plan and the animatic for production: the shot list (CSV, JSON, PDF;
--order setup for the shooting order), the screenplay typeset in the industry
layout (script-pdf) and lined with the plan's shots (lined-script-pdf),
each scene from above with the cast's marks and every camera setup (floorplan-pdf),
a storyboard PDF with frames from the rendered shots, the edit as OpenTimelineIO,
CMX3600 EDL (the dialogue in a second one, NAME.dialogue.edl), FCP7 XML and FCPXML
(clips named by shot id, start 01:00:00:00), and
the dialogue as SRT subtitles. Formats that need renders build the animatic first
(re-using every shot already in SCRIPT.previs/).

examples:
  previs export script.fountain --format shotlist-pdf
  previs export script.fountain --format shotlist-pdf,csv --order setup
  previs export script.fountain --format script-pdf,lined-script-pdf
  previs export script.fountain --format otio,edl,fcp-xml -o handoff/
  previs export script.fountain --format storyboard-pdf --grid 3x2 -o board.pdf
  previs export script.fountain --format floorplan-pdf,storyboard-pdf --with-floorplan
  previs export script.fountain --format all
"""


def register(sub) -> None:
    from previs.commands.options import add_render_options, grid_arg
    from previs.exports import FORMATS

    p = sub.add_parser("export", help="shot list, storyboard, edit (OTIO/EDL/XML) and subtitle files",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("-f", "--format", action="append", metavar="FMT",
                   help=f"one or more of: {', '.join(FORMATS)}, all (comma list, or repeat the option)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="a file (one format) or a folder (default: SCRIPT.previs/exports/)")
    p.add_argument("--grid", type=grid_arg, default=(2, 3), metavar="CxR",
                   help="storyboard panels per page, columns x rows (default 2x3)")
    p.add_argument("--order", choices=("script", "setup"), default="script",
                   help="shot list order: script (default) or setup, the shooting order: shots grouped "
                        "by camera setup within each scene")
    p.add_argument("--with-floorplan", action="store_true",
                   help="storyboard: put each scene's floor plan (marks, cameras) on its first panel")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    add_render_options(p)
    p.set_defaults(run=run)


def _targets(args, formats: list[str]) -> dict[str, Path]:
    """Where each format goes."""
    from previs.exports import EXPORTS, target_in
    from previs.store import ProjectStore, default_project_dir

    stem = Path(args.script).stem
    out = Path(args.output) if args.output else None
    if out is not None and len(formats) == 1 and not out.is_dir() and not args.output.endswith(("/", "\\")):
        if not out.parent.is_dir():
            raise PrevisError("the folder for this file does not exist", out.parent)
        return {formats[0]: out}
    if out is None:  # inside the store: made (and checked to be a store) before its exports folder
        folder = ProjectStore(args.project or default_project_dir(args.script)).folder("exports")
        return {f: target_in(folder, stem, f) for f in formats}
    folder = out
    looks_like_file = folder.suffix.lower() in {"." + f.suffix.rsplit(".", 1)[-1] for f in EXPORTS}
    if (folder.exists() and not folder.is_dir()) or (not folder.exists() and looks_like_file):
        raise PrevisError("several formats need a folder, and this is a file; give -o a folder", folder)
    folder.mkdir(parents=True, exist_ok=True)
    return {f: target_in(folder, stem, f) for f in formats}


def run(args: argparse.Namespace) -> int:
    import threading

    from previs.commands.options import pipeline_kwargs
    from previs.exports import choose_formats, needs_animatic, write_exports
    from previs.pipeline import build_animatic, plan_script
    from previs.progress_view import ProgressView

    formats = choose_formats(args.format)
    script = Path(args.script)
    if not script.is_file():
        raise PrevisError("no such file" if not script.exists() else "not a file", script)
    kwargs = pipeline_kwargs(args)
    targets = _targets(args, formats)
    cancel = threading.Event()
    try:
        with ProgressView(enabled=not args.quiet) as view:
            if not needs_animatic(formats):
                plan = plan_script(script, planner=kwargs["planner"], planner_options=kwargs["planner_options"],
                                   scenes=kwargs["scenes"], project_dir=kwargs["project_dir"],
                                   progress=view, cancel=cancel)
                animatic = None
            else:
                folder_out = None
                if len(targets) > 1 or args.output is None or Path(args.output).is_dir():
                    folder_out = next(iter(targets.values())).parent / f"{script.stem}.animatic.mp4"
                result = build_animatic(script, out=folder_out, progress=view, cancel=cancel, **kwargs)
                plan, animatic = result.plan, result.animatic
            written, notes = write_exports(plan, animatic, targets, grid=args.grid, settings=kwargs["settings"],
                                           order=args.order, progress=view, with_floorplan=args.with_floorplan)
    except KeyboardInterrupt:
        cancel.set()
        raise
    for note in dict.fromkeys(notes):
        print(f"previs: warning: {note}", file=sys.stderr)
    for fmt, path in written.items():
        print(f"{fmt:<15} {path}")
    return 0
