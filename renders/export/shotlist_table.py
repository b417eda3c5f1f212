"""The production shot list as files: CSV and JSON (the PDF is shotlist_pdf.py).

The columns and every cell's text come from ``shots/shotlist.py``, the same
table ``previs plan --format csv`` prints, so ``plan`` and ``export`` can never
disagree; this module only decides the files around them.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from shots.model import Bible, ShotPlan
from shots.shotlist import COLUMNS, eighths_text, shotlist_csv
from shots.shotlist import shot_rows as _shot_rows

__all__ = ["COLUMNS", "eighths_text", "shot_rows", "export_csv", "export_json"]


def shot_rows(plans: Sequence[ShotPlan], bible: Bible | None = None) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The shot list: ``(columns, rows)``, one row (column -> text) per shot, in script order.

    Args:
        plans: every scene's plan, in order.
        bible: to print character names instead of bible ids in the Cast column.
    """
    return COLUMNS, _shot_rows(plans, bible)


def export_csv(plans: Sequence[ShotPlan], path: str | os.PathLike[str], bible: Bible | None = None) -> Path:
    """Write the shot list as CSV (UTF-8 with BOM, so spreadsheet apps read ZOË right).

    Raises:
        PrevisError: the file cannot be written.
    """
    out = Path(path)
    try:
        with out.open("w", encoding="utf-8-sig", newline="") as f:
            f.write(shotlist_csv(plans, bible))
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
