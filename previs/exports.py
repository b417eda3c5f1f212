"""The export registry: every file previs can export, in one table, below the CLI.

Why a table: ``previs export``, the app's Exports screen and
:meth:`previs.session.Session.export` all list, check and write the same
formats; one row per format (name, file suffix, whether it needs the rendered
animatic, help text, writer) keeps them from drifting apart. Writers import
their heavy libraries (fpdf, OTIO) when called, so importing this stays cheap.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

from screenplay.errors import PrevisError


@dataclass(frozen=True)
class ExportSource:
    """What a writer reads: the plan, the rendered animatic (None for plan-only formats), the
    title and author for document headers, and the storyboard grid (columns, rows)."""

    plan: object  # previs.pipeline.PlanResult
    animatic: object | None  # renders.model.Animatic
    title: str
    author: str
    grid: tuple[int, int] = (2, 3)
    settings: object | None = None  # renders.model.RenderSettings: the shot list header's rate and size
    order: str = "script"  # shot list order: "script" or "setup" (shooting order)
    progress: Callable | None = None  # shots.progress.ProgressFn, told per page/scene/panel
    with_floorplan: bool = False  # the storyboard gets a floor-plan thumbnail per scene


@dataclass(frozen=True)
class ExportFormat:
    """One exportable file: ``write(source, path)`` returns the path written and a warning or None."""

    name: str
    suffix: str
    needs_animatic: bool
    help: str
    write: Callable[[ExportSource, Path], tuple[Path, str | None]]


def _shotlist(src: ExportSource):
    """The shot list's source: plans, bible, header and order."""
    from renders.export.shotlist_table import ShotListSource
    from shots.shotlist import header_fields

    sp = src.plan.screenplay
    fps = src.settings.fps if src.settings is not None else (src.animatic.fps if src.animatic is not None else None)
    width, height = (src.settings.width, src.settings.height) if src.settings is not None else (None, None)
    header = header_fields(fps, width, height, sp.title_value("Draft date") or sp.title_value("Date"))
    return ShotListSource(list(src.plan.plans), src.plan.bible, src.title, src.author, header, src.order)


def _csv(src: ExportSource, path: Path):
    from renders.export.shotlist_table import export_csv

    return export_csv(_shotlist(src), path), None


def _json(src: ExportSource, path: Path):
    from renders.export.shotlist_table import export_json

    return export_json(_shotlist(src), path), None


def _shotlist_pdf(src: ExportSource, path: Path):
    from renders.export.shotlist_pdf import export_shotlist_pdf

    return export_shotlist_pdf(_shotlist(src), path, progress=src.progress)


def _script_pdf(lined: bool) -> Callable[[ExportSource, Path], tuple[Path, str | None]]:
    def write(src: ExportSource, path: Path):
        from renders.export.lined_script_pdf import export_script_pdfs

        return export_script_pdfs(src.plan.screenplay, list(src.plan.plans), path, src.title, src.author,
                                  lined=lined, progress=src.progress)

    return write


def _storyboard_pdf(src: ExportSource, path: Path):
    from renders.export.storyboard_pdf import export_storyboard_pdf

    a = src.animatic
    plans = None
    if src.with_floorplan:
        from renders.export.floorplan_layout import floorplans

        plans = {fp.scene: fp for fp in floorplans(list(src.plan.plans), src.plan.bible, *_frame_size(src))}
    return export_storyboard_pdf(a.shots, a.rendered, path, src.title, src.author,
                                 columns=src.grid[0], rows=src.grid[1], progress=src.progress, floorplans=plans)


def _floorplan_pdf(src: ExportSource, path: Path):
    from renders.export.floorplan_pdf import export_floorplan_pdf

    return export_floorplan_pdf(list(src.plan.plans), src.plan.bible, path, src.title, *_frame_size(src),
                                progress=src.progress)


def _frame_size(src: ExportSource) -> tuple[int, int]:
    """The render's frame size: its aspect places each camera on a floor plan, as in the greybox."""
    if src.settings is not None:
        return src.settings.width, src.settings.height
    if src.animatic is not None and src.animatic.rendered:
        return src.animatic.rendered[0].width, src.animatic.rendered[0].height
    return 640, 360


def _srt(src: ExportSource, path: Path):
    from renders.export.subtitles import export_srt

    return export_srt(src.animatic.shots, path), None


def _timeline(fmt: str) -> Callable[[ExportSource, Path], tuple[Path, str | None]]:
    def write(src: ExportSource, path: Path):
        from renders.export.timeline import export_timeline

        return export_timeline(src.animatic.shots, src.animatic.rendered, path, src.title, fmt,
                               progress=src.progress), None

    return write


# The order here is the order in --help, in the app and of writing.
EXPORTS: tuple[ExportFormat, ...] = (
    ExportFormat("csv", ".shotlist.csv", False, "shot list, CSV", _csv),
    ExportFormat("json", ".shotlist.json", False, "shot list, JSON", _json),
    ExportFormat("shotlist-pdf", ".shotlist.pdf", False, "shot list, PDF", _shotlist_pdf),
    ExportFormat("script-pdf", ".script.pdf", False, "typeset screenplay, PDF", _script_pdf(False)),
    ExportFormat("lined-script-pdf", ".lined-script.pdf", False, "lined script (shot tramlines), PDF",
                 _script_pdf(True)),
    ExportFormat("floorplan-pdf", ".floorplan.pdf", False, "floor plans (marks, 180° line, camera setups), PDF",
                 _floorplan_pdf),
    ExportFormat("storyboard-pdf", ".storyboard.pdf", True, "storyboard PDF", _storyboard_pdf),
    ExportFormat("otio", ".otio", True, "OpenTimelineIO", _timeline("otio")),
    ExportFormat("edl", ".edl", True, "CMX3600 EDL", _timeline("edl")),
    ExportFormat("fcp-xml", ".xml", True, "Final Cut 7 XML", _timeline("fcp-xml")),
    ExportFormat("fcpxml", ".fcpxml", True, "FCPXML", _timeline("fcpxml")),
    ExportFormat("srt", ".srt", True, "dialogue subtitles", _srt),
)
FORMATS: dict[str, ExportFormat] = {f.name: f for f in EXPORTS}


def choose_formats(values: Sequence[str] | None) -> list[str]:
    """Format names from comma lists (``"otio,edl"``, ``"all"``), in the order given, each once.

    Raises:
        PrevisError: an unknown name, or none at all.
    """
    wanted: list[str] = []
    for value in values or []:
        for name in (v.strip().lower() for v in value.split(",")):
            if not name:
                continue
            for n in (list(FORMATS) if name == "all" else [name]):
                if n not in FORMATS:
                    raise PrevisError(f"unknown export format {n!r}; choose from: {', '.join(FORMATS)} (or all)")
                if n not in wanted:
                    wanted.append(n)
    if not wanted:
        raise PrevisError(f"say what to export with --format, e.g. --format shotlist-pdf; formats: {', '.join(FORMATS)}")
    return wanted


def needs_animatic(formats: Sequence[str]) -> bool:
    """True when any of ``formats`` is made from the rendered shots (so the animatic is built first)."""
    return any(FORMATS[f].needs_animatic for f in formats)


def target_in(folder: Path, stem: str, fmt: str) -> Path:
    """Where format ``fmt`` of script ``stem`` goes in ``folder``."""
    return folder / f"{stem}{FORMATS[fmt].suffix}"


def write_exports(plan, animatic, targets: dict[str, Path], grid: tuple[int, int] = (2, 3), settings=None,
                  order: str = "script", progress=None, with_floorplan: bool = False) -> tuple[dict[str, Path], list[str]]:
    """Write every requested format.

    Args:
        plan: a ``previs.pipeline.PlanResult`` (plans, bible, screenplay).
        animatic: a ``renders.model.Animatic``, or None when only plan formats are asked for.
        targets: format -> file path.
        grid: storyboard columns x rows.
        settings: the ``RenderSettings`` (frame rate and size for the shot list's header).
        order: shot list order, ``"script"`` or ``"setup"`` (shooting order).
        progress: a ``ProgressFn``; each format reports as stage ``"export FORMAT"``.
        with_floorplan: the storyboard gets each scene's floor plan as a thumbnail.

    Returns:
        ``(written, notes)``: format -> path written (an EDL's dialogue EDL as
        ``"edl-dialogue"``), and warnings for the user.

    Raises:
        PrevisError: a format needs the animatic and none was given, or writing failed.
    """
    sp = plan.screenplay
    title = sp.title or Path(sp.path or "script").stem
    author = (sp.title_value("Author") or sp.title_value("Authors") or sp.title_value("Written by")).replace("\n", ", ")
    from shots.progress import report

    source = ExportSource(plan, animatic, title, author, grid, settings, order, progress, with_floorplan)
    written: dict[str, Path] = {}
    notes: list[str] = []
    for fmt, path in targets.items():
        spec = FORMATS[fmt]
        if spec.needs_animatic and animatic is None:
            raise PrevisError(f"{fmt} needs the rendered animatic")
        report(progress, f"export {fmt}", "", 0, 1, path.name)
        written[fmt], note = spec.write(source, path)
        report(progress, f"export {fmt}", "", 1, 1, "written")
        notes.append(note)
        if fmt == "edl":
            from renders.export.dialogue_edl import dialogue_edl_path

            if dialogue_edl_path(path).is_file():
                written["edl-dialogue"] = dialogue_edl_path(path)
    return written, [n for n in notes if n]
