"""The project's ``conform.json``: an editor's shot order and lengths, read back by ``previs conform``.

Why a file format of its own: the conform outlives the previs that wrote it
(it sits in the project folder), so it carries a format number. Every later
animatic, export and app load applies it (:func:`apply_conform`); a file from
a newer previs is refused with a message rather than misread.

Shape (format 1)::

    {"format": 1, "order": ["1A", ...], "frames": {"1A": 30, ...},
     "removed": ["1B", ...], "source": "/abs/path/edit.edl"}

A file without ``format`` was written before the number existed and has the
same shape as format 1.
"""
from __future__ import annotations

import dataclasses
from typing import Sequence

from screenplay.errors import PrevisError
from renders.model import TimedShot
from previs.store import ProjectStore

CONFORM_FILE = "conform.json"
CONFORM_FORMAT = 1


def conform_data(order: Sequence[str], frames: dict[str, int], removed: Sequence[str], source: str) -> dict:
    """The plain data :func:`write_conform` saves (and ``previs conform --json`` prints)."""
    return {"format": CONFORM_FORMAT, "order": list(order), "frames": dict(frames), "removed": list(removed),
            "source": source}


def read_conform(store: ProjectStore) -> dict | None:
    """The saved conform, or None when there is none.

    Raises:
        PrevisError: the file comes from a newer previs (a format this one does not know).
    """
    data = store.read_json(CONFORM_FILE)
    if not data:
        return None
    fmt = data.get("format", 1) if isinstance(data, dict) else None
    if not isinstance(fmt, int) or fmt > CONFORM_FORMAT:
        raise PrevisError(f"conform format {fmt!r} is newer than this previs reads ({CONFORM_FORMAT}); "
                          "update previs, or forget the conform with previs conform SCRIPT --clear",
                          store.root / CONFORM_FILE)
    return data


def write_conform(store: ProjectStore, data: dict) -> None:
    """Save ``data`` (from :func:`conform_data`) as the project's conform."""
    store.write_json(CONFORM_FILE, data)


def clear_conform(store: ProjectStore) -> bool:
    """Forget the saved conform; True when there was one."""
    path = store.ensure().within(CONFORM_FILE)  # only ever delete in a store previs made
    if not path.exists():
        return False
    path.unlink()
    return True


def apply_conform(timed: list[TimedShot], conform: dict | None) -> list[TimedShot]:
    """Reorder and re-time shots as an editor's cut said (``previs conform``)."""
    if not conform:
        return timed
    frames = conform.get("frames", {})
    removed = set(conform.get("removed", []))
    order = [sid for sid in conform.get("order", [])]
    by_id = {t.shot.id: t for t in timed}
    result = [by_id[sid] for sid in order if sid in by_id and sid not in removed]
    placed = {t.shot.id for t in result} | removed
    for i, t in enumerate(timed):  # shots the editor never saw keep their place after their predecessor
        if t.shot.id in placed:
            continue
        prev = next((timed[j].shot.id for j in range(i - 1, -1, -1) if timed[j].shot.id in {r.shot.id for r in result}), None)
        at = 0 if prev is None else [r.shot.id for r in result].index(prev) + 1
        result.insert(at, t)
        placed.add(t.shot.id)
    start = 0
    out = []
    for t in result:
        n = int(frames.get(t.shot.id, t.frames))
        out.append(dataclasses.replace(t, frames=max(1, n), start=start))
        start += max(1, n)
    return out
