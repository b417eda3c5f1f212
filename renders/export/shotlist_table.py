"""The production shot list as rows: one source for the CSV, the JSON and the PDF.

The columns are the first AD's (issue 2's order). When ``shots/shotlist.py``
(the planner's own table, used by ``previs plan --format csv``) provides
``COLUMNS`` and ``shot_rows``, we use it, so ``plan`` and ``export`` can never
disagree; until then this module builds the same columns itself.
"""
from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from shots.model import Bible, Shot, ShotPlan
from shots.vocabulary import EQUIPMENT

COLUMNS: tuple[str, ...] = (
    "Scene #", "Shot #", "Setup #", "INT/EXT", "Location", "Day/Night", "Description", "Size", "Type",
    "Angle", "Movement", "Lens (mm)", "Equipment", "Cast", "Page (eighths)", "Est. duration", "Sound", "Notes",
)


def eighths_text(eighths: int) -> str:
    """Page length as production writes it: ``11`` -> ``"1 3/8"``, ``4`` -> ``"4/8"``."""
    pages, rest = divmod(max(0, int(eighths)), 8)
    if pages and rest:
        return f"{pages} {rest}/8"
    return f"{pages}" if pages else f"{rest}/8"


def _sound(shot: Shot) -> str:
    if not shot.dialogue:
        return "MOS"
    if all(d.extension and d.extension.upper().replace(".", "") in ("VO", "OS", "OC") for d in shot.dialogue):
        return "V.O./O.S."
    return "sync"


def _row(plan: ShotPlan, shot: Shot, bible: Bible | None) -> dict[str, str]:
    def name(who: str) -> str:
        entry = bible.get(who) if bible else None
        return entry.name if entry else who

    return {
        "Scene #": plan.scene,
        "Shot #": shot.id,
        "Setup #": str(shot.setup),
        "INT/EXT": shot.int_ext or plan.int_ext,
        "Location": shot.location or plan.location,
        "Day/Night": shot.time_of_day or plan.time_of_day,
        "Description": shot.description,
        "Size": str(shot.size),
        "Type": str(shot.type),
        "Angle": str(shot.angle),
        "Movement": str(shot.movement),
        "Lens (mm)": str(shot.lens_mm),
        "Equipment": EQUIPMENT.get(shot.movement, ""),
        "Cast": ", ".join(name(s) for s in shot.subjects),
        "Page (eighths)": eighths_text(plan.eighths),
        "Est. duration": f"{shot.est_seconds:.1f}s",
        "Sound": _sound(shot),
        "Notes": shot.notes,
    }


def shot_rows(plans: Sequence[ShotPlan], bible: Bible | None = None) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The shot list: ``(columns, rows)``, one row (column -> text) per shot, in script order.

    Args:
        plans: every scene's plan, in order.
        bible: to print character names instead of bible ids in the Cast column.
    """
    try:
        from shots import shotlist  # the planner's table, when it exists
    except ImportError:
        shotlist = None
    if shotlist is not None and hasattr(shotlist, "shot_rows") and hasattr(shotlist, "COLUMNS"):
        rows = shotlist.shot_rows(plans, bible)
        return tuple(shotlist.COLUMNS), [dict(r) for r in rows]
    return COLUMNS, [_row(plan, shot, bible) for plan in plans for shot in plan.shots]


def export_csv(plans: Sequence[ShotPlan], path: str | os.PathLike[str], bible: Bible | None = None) -> Path:
    """Write the shot list as CSV (UTF-8 with BOM, so spreadsheet apps read ZOË right).

    Raises:
        PrevisError: the file cannot be written.
    """
    columns, rows = shot_rows(plans, bible)
    out = Path(path)
    try:
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=list(columns))
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise PrevisError(f"cannot write the shot list: {exc.strerror}", out) from exc
    return out


def export_json(plans: Sequence[ShotPlan], path: str | os.PathLike[str], bible: Bible | None = None,
                title: str = "", author: str = "") -> Path:
    """Write the shot list as JSON: ``{"title", "author", "columns", "scenes": [{..., "shots": [row...]}]}``.

    Raises:
        PrevisError: the file cannot be written.
    """
    columns, rows = shot_rows(plans, bible)
    by_scene: dict[str, list[dict]] = {}
    for row in rows:
        by_scene.setdefault(row["Scene #"], []).append(row)
    doc = {
        "title": title,
        "author": author,
        "columns": list(columns),
        "scenes": [
            {"scene": p.scene, "heading": p.heading, "int_ext": p.int_ext, "location": p.location,
             "time_of_day": p.time_of_day, "eighths": p.eighths, "shots": by_scene.get(p.scene, [])}
            for p in plans
        ],
    }
    out = Path(path)
    try:
        out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise PrevisError(f"cannot write the shot list: {exc.strerror}", out) from exc
    return out
