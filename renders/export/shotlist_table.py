"""The production shot list as files: CSV and JSON (the PDF is shotlist_pdf.py).

The columns and every cell's text come from ``shots/shotlist.py``, the same
table ``previs plan --format csv`` prints, so ``plan`` and ``export`` can never
disagree; this module only decides the files around them. The CSV is the
bare table (spreadsheets want nothing above the header row); the JSON and
the PDF carry the header too (frame rate, aspect ratio, draft date) and each
scene's setup count.
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from renders.export.atomic_file import write_text_atomic
from shots.model import Bible, ShotPlan
from shots.shotlist import COLUMNS, eighths_text, setup_count, shotlist_csv
from shots.shotlist import shot_rows as _shot_rows

__all__ = ["COLUMNS", "eighths_text", "ShotListSource", "shot_rows", "export_csv", "export_json"]


@dataclass(frozen=True)
class ShotListSource:
    """Everything a shot list file is made from.

    ``header`` is ``shots.shotlist.header_fields(...)``; ``order`` is
    ``"script"`` or ``"setup"`` (shooting order within each scene).
    """

    plans: Sequence[ShotPlan]
    bible: Bible | None = None
    title: str = ""
    author: str = ""
    header: dict[str, str] = field(default_factory=dict)
    order: str = "script"


def shot_rows(source: ShotListSource) -> tuple[tuple[str, ...], list[dict[str, str]]]:
    """The shot list: ``(columns, rows)``, one row (column -> text) per shot, scene by scene."""
    return COLUMNS, _shot_rows(source.plans, source.bible, source.order)


def export_csv(source: ShotListSource, path: str | os.PathLike[str]) -> Path:
    """Write the shot list as CSV (UTF-8 with BOM, so spreadsheet apps read ZOË right).

    Raises:
        PrevisError: the file cannot be written.
    """
    text = shotlist_csv(source.plans, source.bible, source.order)
    records = len(list(csv.reader(io.StringIO(text, newline=""))))

    def reads_back(tmp: Path) -> None:
        with tmp.open(encoding="utf-8-sig", newline="") as f:
            if len(list(csv.reader(f))) != records:
                raise ValueError(f"expected {records} rows")

    return write_text_atomic(path, text, encoding="utf-8-sig", what="the shot list", check=reads_back)


def export_json(source: ShotListSource, path: str | os.PathLike[str]) -> Path:
    """Write the shot list as JSON: ``{"title", "author", "header", "order", "columns", "scenes": [{..., "setups", "shots": [row...]}]}``.

    Raises:
        PrevisError: the file cannot be written.
    """
    columns, rows = shot_rows(source)
    by_scene: dict[str, list[dict]] = {}
    for row in rows:
        by_scene.setdefault(row["Scene #"], []).append(row)
    doc = {
        "title": source.title,
        "author": source.author,
        "header": dict(source.header),
        "order": source.order,
        "columns": list(columns),
        "scenes": [
            {"scene": p.scene, "heading": p.heading, "int_ext": p.int_ext, "location": p.location,
             "time_of_day": p.time_of_day, "eighths": p.eighths, "setups": setup_count(p),
             "shots": by_scene.get(p.scene, [])}
            for p in source.plans
        ],
    }
    return write_text_atomic(path, json.dumps(doc, ensure_ascii=False, indent=1) + "\n", what="the shot list",
                             check=lambda tmp: json.loads(tmp.read_text("utf-8")))
