"""The production shot list: one row per shot, in the first AD's column order.

Why here and not in the exporters: ``previs plan --format csv`` and the
exports (CSV, JSON, PDF) must never disagree, so the columns and the way each
cell is written are decided once, next to the plan they describe.
"""
from __future__ import annotations

import csv
import io
from typing import Iterable, Sequence

from shots.model import Bible, Shot, ShotPlan
from shots.vocabulary import EQUIPMENT

COLUMNS: tuple[str, ...] = (
    "Scene #", "Shot #", "Setup #", "INT/EXT", "Location", "Day/Night", "Description", "Size", "Type",
    "Angle", "Movement", "Lens (mm)", "Equipment", "Cast", "Page (eighths)", "Est. duration", "Sound", "Notes",
)

_OFFSCREEN = ("VO", "OS", "OC", "OFF", "PRELAP")


def eighths_text(eighths: int) -> str:
    """Page length as production writes it: ``11`` -> ``"1 3/8"``, ``4`` -> ``"4/8"``, ``8`` -> ``"1"``."""
    pages, rest = divmod(max(0, int(eighths)), 8)
    if pages and rest:
        return f"{pages} {rest}/8"
    return f"{pages}" if pages else f"{rest}/8"


def sound_text(shot: Shot) -> str:
    """``MOS`` (no dialogue), ``sync`` (someone speaks on screen), ``V.O./O.S.`` (voices off screen only)."""
    if not shot.dialogue:
        return "MOS"
    off = [d.extension and d.extension.upper().replace(".", "").replace(" ", "") in _OFFSCREEN
           for d in shot.dialogue]
    if all(off) or shot.speaker is None:
        return "V.O./O.S."
    return "sync"


def cast_names(shot: Shot, bible: Bible | None) -> list[str]:
    """The subjects' names as the bible spells them (ids when no bible entry)."""
    out = []
    for s in shot.subjects:
        entry = bible.get(s) if bible is not None else None
        out.append(entry.name if entry is not None else s)
    return out


def notes_text(shot: Shot) -> str:
    """The Notes cell: transitions, what an insert shows, the screen direction, the planner's notes."""
    parts = []
    if shot.transition_in:
        parts.append("fade in from black")
    if shot.transition_out:
        kind = shot.transition_out.replace("_", " ")
        parts.append(kind if "black" in kind else "fade out to black" if kind == "fade out" else f"{kind} to next")
    if shot.prop:
        parts.append(f"insert: {shot.prop}")
    if shot.screen_direction.value != "neutral":
        parts.append(f"looks {shot.screen_direction.value}")
    if shot.notes:
        parts.append(shot.notes)
    return "; ".join(parts)


def shot_row(plan: ShotPlan, shot: Shot, bible: Bible | None = None) -> dict[str, str]:
    """One shot as a row: column name -> cell text (every value a string)."""
    return {
        "Scene #": plan.scene,
        "Shot #": shot.id,
        "Setup #": str(shot.setup),
        "INT/EXT": shot.int_ext or plan.int_ext,
        "Location": shot.location or plan.location,
        "Day/Night": shot.time_of_day or plan.time_of_day,
        "Description": shot.description,
        "Size": shot.size.value,
        "Type": shot.type.value,
        "Angle": shot.angle.value,
        "Movement": shot.movement.value,
        "Lens (mm)": str(shot.lens_mm),
        "Equipment": EQUIPMENT.get(shot.movement, ""),
        "Cast": ", ".join(cast_names(shot, bible)),
        "Page (eighths)": eighths_text(plan.eighths),
        "Est. duration": f"{shot.est_seconds:.1f}s",
        "Sound": sound_text(shot),
        "Notes": notes_text(shot),
    }


def shot_rows(plans: Iterable[ShotPlan], bible: Bible | None = None) -> list[dict[str, str]]:
    """Every shot of every plan as a row, in script order.

    Args:
        plans: scene plans in order.
        bible: for the Cast column's names (ids without it).

    Returns:
        Rows keyed by :data:`COLUMNS`.
    """
    return [shot_row(plan, shot, bible) for plan in plans for shot in plan.shots]


def shotlist_csv(plans: Sequence[ShotPlan], bible: Bible | None = None) -> str:
    """The shot list as CSV text (header row first, ``\\r\\n`` line ends as RFC 4180 says)."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows(shot_rows(plans, bible))
    return buf.getvalue()
