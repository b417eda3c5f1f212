"""``previs export``: the files a first AD, an editor and a director take away.

Formats that need only the plan (csv, json, shotlist-pdf) plan the script;
the others need the rendered shots, so they build (or reuse from the project
store) the animatic first. One format with ``-o FILE`` writes that file; several,
or ``-o DIR``, write into a folder (default ``SCRIPT.previs/exports/``).
"""
from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from screenplay.errors import PrevisError

# format -> file name ending; the order here is the order in --help and of writing
FORMATS: dict[str, str] = {
    "csv": ".shotlist.csv",
    "json": ".shotlist.json",
    "shotlist-pdf": ".shotlist.pdf",
    "storyboard-pdf": ".storyboard.pdf",
    "otio": ".otio",
    "edl": ".edl",
    "fcp-xml": ".xml",
    "fcpxml": ".fcpxml",
    "srt": ".srt",
}
PLAN_ONLY = {"csv", "json", "shotlist-pdf"}

HELP = """\
Export the plan and the animatic for production: the shot list (CSV, JSON, PDF),
a storyboard PDF with frames from the rendered shots, the edit as OpenTimelineIO,
CMX3600 EDL, FCP7 XML and FCPXML (clips named by shot id, start 01:00:00:00), and
the dialogue as SRT subtitles. Formats that need renders build the animatic first
(re-using every shot already in SCRIPT.previs/).

examples:
  previs export script.fountain --format shotlist-pdf
  previs export script.fountain --format otio,edl,fcp-xml -o handoff/
  previs export script.fountain --format storyboard-pdf --grid 3x2 -o board.pdf
  previs export script.fountain --format all
"""


def _formats(values: list[str] | None) -> list[str]:
    wanted: list[str] = []
    for value in values or []:
        for name in (v.strip().lower() for v in value.split(",")):
            if not name:
                continue
            names = list(FORMATS) if name == "all" else [name]
            for n in names:
                if n not in FORMATS:
                    raise PrevisError(f"unknown export format {n!r}; choose from: {', '.join(FORMATS)} (or all)")
                if n not in wanted:
                    wanted.append(n)
    if not wanted:
        raise PrevisError(f"say what to export with --format, e.g. --format shotlist-pdf; formats: {', '.join(FORMATS)}")
    return wanted


def _grid(text: str) -> tuple[int, int]:
    m = re.fullmatch(r"\s*(\d+)\s*[xX]\s*(\d+)\s*", text)
    if not m:
        raise argparse.ArgumentTypeError(f"grid must look like 2x3 (columns x rows), not {text!r}")
    cols, rows = int(m.group(1)), int(m.group(2))
    if not (1 <= cols <= 6 and 1 <= rows <= 8):
        raise argparse.ArgumentTypeError("grid: 1-6 columns and 1-8 rows")
    return cols, rows


def register(sub) -> None:
    from previs.commands.animatic import add_render_options

    p = sub.add_parser("export", help="shot list, storyboard, edit (OTIO/EDL/XML) and subtitle files",
                       description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("script", metavar="SCRIPT", help="a Fountain screenplay (.fountain)")
    p.add_argument("-f", "--format", action="append", metavar="FMT",
                   help=f"one or more of: {', '.join(FORMATS)}, all (comma list, or repeat the option)")
    p.add_argument("-o", "--output", metavar="PATH",
                   help="a file (one format) or a folder (default: SCRIPT.previs/exports/)")
    p.add_argument("--grid", type=_grid, default=(2, 3), metavar="CxR",
                   help="storyboard panels per page, columns x rows (default 2x3)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bars")
    add_render_options(p)
    p.set_defaults(run=run)


def _targets(args, formats: list[str]) -> dict[str, Path]:
    """Where each format goes."""
    from previs.store import ProjectStore, default_project_dir

    stem = Path(args.script).stem
    out = Path(args.output) if args.output else None
    if out is not None and len(formats) == 1 and not out.is_dir() and not args.output.endswith(("/", "\\")):
        if not out.parent.is_dir():
            raise PrevisError("the folder for this file does not exist", out.parent)
        return {formats[0]: out}
    if out is None:  # inside the store: made (and checked to be a store) before its exports folder
        return _in_folder(ProjectStore(args.project or default_project_dir(args.script)).folder("exports"), stem, formats)
    folder = out
    looks_like_file = folder.suffix.lower() in {"." + v.rsplit(".", 1)[-1] for v in FORMATS.values()}
    if (folder.exists() and not folder.is_dir()) or (not folder.exists() and looks_like_file):
        raise PrevisError("several formats need a folder, and this is a file; give -o a folder", folder)
    folder.mkdir(parents=True, exist_ok=True)
    return _in_folder(folder, stem, formats)


def _in_folder(folder: Path, stem: str, formats: list[str]) -> dict[str, Path]:
    return {f: folder / f"{stem}{FORMATS[f]}" for f in formats}


def run(args: argparse.Namespace) -> int:
    import threading

    from previs.commands.animatic import pipeline_kwargs
    from previs.pipeline import build_animatic, plan_script
    from previs.progress_view import ProgressView

    formats = _formats(args.format)
    script = Path(args.script)
    if not script.is_file():
        raise PrevisError("no such file" if not script.exists() else "not a file", script)
    kwargs = pipeline_kwargs(args)
    targets = _targets(args, formats)
    cancel = threading.Event()
    try:
        with ProgressView(enabled=not args.quiet) as view:
            if all(f in PLAN_ONLY for f in formats):
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
    except KeyboardInterrupt:
        cancel.set()
        raise
    written, notes = write_exports(plan, animatic, targets, grid=args.grid)
    for note in dict.fromkeys(notes):
        print(f"previs: warning: {note}", file=sys.stderr)
    for fmt, path in written.items():
        print(f"{fmt:<15} {path}")
    return 0


def write_exports(plan, animatic, targets: dict[str, Path], grid: tuple[int, int] = (2, 3)) -> tuple[dict[str, Path], list[str]]:
    """Write every requested format.

    Args:
        plan: a ``previs.pipeline.PlanResult`` (plans, bible, screenplay).
        animatic: a ``renders.model.Animatic``, or None when only plan formats are asked for.
        targets: format -> file path.
        grid: storyboard columns x rows.

    Returns:
        ``(written, notes)``: format -> path written, and warnings for the user.

    Raises:
        PrevisError: a format needs the animatic and none was given, or writing failed.
    """
    from renders.export import shotlist_table, subtitles, timeline

    sp = plan.screenplay
    title = sp.title or Path(sp.path or "script").stem
    author = (sp.title_value("Author") or sp.title_value("Authors") or sp.title_value("Written by")).replace("\n", ", ")
    plans = list(plan.plans)
    written: dict[str, Path] = {}
    notes: list[str] = []
    for fmt, path in targets.items():
        if fmt not in PLAN_ONLY and animatic is None:
            raise PrevisError(f"{fmt} needs the rendered animatic")
        if fmt == "csv":
            written[fmt] = shotlist_table.export_csv(plans, path, plan.bible)
        elif fmt == "json":
            written[fmt] = shotlist_table.export_json(plans, path, plan.bible, title=title, author=author)
        elif fmt == "shotlist-pdf":
            from renders.export.shotlist_pdf import export_shotlist_pdf

            written[fmt], note = export_shotlist_pdf(plans, path, title, author, plan.bible)
            notes.append(note)
        elif fmt == "storyboard-pdf":
            from renders.export.storyboard_pdf import export_storyboard_pdf

            written[fmt], note = export_storyboard_pdf(animatic.shots, animatic.rendered, path, title, author,
                                                       columns=grid[0], rows=grid[1])
            notes.append(note)
        elif fmt == "srt":
            written[fmt] = subtitles.export_srt(animatic.shots, path)
        else:
            written[fmt] = timeline.export_timeline(animatic.shots, animatic.rendered, path, title, fmt)
    return written, [n for n in notes if n]
