"""The production shot list: one row per shot, in the first AD's column order.

Why here and not in the exporters: ``previs plan --format csv`` and the
exports (CSV, JSON, PDF) must never disagree, so the columns and the way each
cell is written are decided once, next to the plan they describe.
"""
from __future__ import annotations

import csv
import io
from math import gcd
from typing import Iterable, Sequence

from shots.breakdown import shot_effects, shot_props, shot_wardrobe
from shots.model import Bible, Shot, ShotPlan
from shots.vocabulary import EQUIPMENT

COLUMNS: tuple[str, ...] = (
    "Scene #", "Shot #", "Setup #", "INT/EXT", "Location", "Day/Night", "Description", "Size", "Type",
    "Angle", "Movement", "Lens (mm)", "Equipment", "Cast", "Page (eighths)", "Dialogue", "Dialogue lines",
    "Transition in", "Transition out", "Props", "Wardrobe", "FX", "Est. duration", "Sound", "Notes",
)
ORDERS = ("script", "setup")  # script order, or the shooting order: by setup within each scene
_FIRST_WORDS = 6

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


def dialogue_text(shot: Shot, bible: Bible | None) -> tuple[str, str]:
    """The Dialogue and Dialogue lines cells: ``("MARA: Who's there? (+2)", "14-19")`` or ``("", "")``."""
    if not shot.dialogue:
        return "", ""
    first = shot.dialogue[0]
    entry = bible.get(first.character) if bible is not None else None
    words = " ".join(first.text.replace("*", "").split())
    cut = words.split(" ")
    if len(cut) > _FIRST_WORDS:
        words = " ".join(cut[:_FIRST_WORDS]) + "\u2026"
    more = f" (+{len(shot.dialogue) - 1})" if len(shot.dialogue) > 1 else ""
    start = min(d.line for d in shot.dialogue)
    end = max(d.line + d.text.count("\n") for d in shot.dialogue)
    span = str(start) if start == end else f"{start}-{end}"
    return f"{entry.name if entry is not None else first.character}: {words}{more}", span


def _transition_text(kind: str) -> str:
    """``"smash_cut"`` -> ``"SMASH CUT"``, as a script writes it."""
    return kind.replace("_", " ").upper()


def shot_transitions(plans: Sequence[ShotPlan]) -> dict[tuple[str, str], tuple[str, str]]:
    """Each shot's transition in and out: ``(scene, shot id) -> ("FADE IN", "CUT")``.

    The planner writes them on the shots (``shots/transitions.py``): a shot
    goes out the way its ``transition_out`` says (a cut when it says
    nothing and another shot follows) and comes in the way the shot before
    it went out, or fades in when its ``transition_in`` says so.
    """
    shots = [s for p in plans for s in p.shots]
    out: dict[tuple[str, str], tuple[str, str]] = {}
    way_in = ""
    for i, shot in enumerate(shots):
        if shot.transition_in:
            way_in = _transition_text(shot.transition_in)
        way_out = _transition_text(shot.transition_out) if shot.transition_out else ("CUT" if i + 1 < len(shots) else "")
        out[(shot.scene, shot.id)] = (way_in, way_out)
        way_in = way_out
    return out


def shot_row(plan: ShotPlan, shot: Shot, bible: Bible | None = None,
             transitions: tuple[str, str] = ("", "")) -> dict[str, str]:
    """One shot as a row: column name -> cell text (every value a string).

    ``Page (eighths)`` is the shot's own length on the typeset pages (empty
    until the plan has been measured, see ``shots/plan_pages.py``).
    """
    dialogue, dialogue_lines = dialogue_text(shot, bible)
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
        "Page (eighths)": eighths_text(shot.eighths) if shot.eighths else "",
        "Dialogue": dialogue,
        "Dialogue lines": dialogue_lines,
        "Transition in": transitions[0],
        "Transition out": transitions[1],
        "Props": ", ".join(shot_props(shot, bible)),
        "Wardrobe": "; ".join(shot_wardrobe(shot, bible)),
        "FX": "; ".join(shot_effects(shot)),
        "Est. duration": f"{shot.est_seconds:.1f}s",
        "Sound": sound_text(shot),
        "Notes": notes_text(shot),
    }


def header_fields(fps: int | None, width: int | None, height: int | None, draft_date: str = "") -> dict[str, str]:
    """The shot list's header: ``{"Frame rate": "24 fps", "Aspect ratio": "16:9 (1.78:1)", "Draft date": ...}``."""
    out: dict[str, str] = {}
    if fps:
        out["Frame rate"] = f"{fps} fps"
    if width and height:
        d = gcd(width, height)
        out["Aspect ratio"] = f"{width // d}:{height // d} ({width / height:.2f}:1)"
    if draft_date:
        out["Draft date"] = " ".join(draft_date.split())
    return out


def ordered_shots(plan: ShotPlan, order: str = "script") -> list[Shot]:
    """A scene's shots in script order, or in shooting order (``"setup"``: by setup, then script order)."""
    if order == "setup":
        return sorted(plan.shots, key=lambda s: (s.setup, s.index))
    return list(plan.shots)


def setup_count(plan: ShotPlan) -> int:
    """How many camera setups the scene needs."""
    return len({s.setup for s in plan.shots})


def shot_rows(plans: Iterable[ShotPlan], bible: Bible | None = None, order: str = "script") -> list[dict[str, str]]:
    """Every shot of every plan as a row, scene by scene.

    Args:
        plans: scene plans in order.
        bible: for the Cast column's names (ids without it), props and wardrobe.
        order: ``"script"`` or ``"setup"`` (the shooting order within each scene).

    Returns:
        Rows keyed by :data:`COLUMNS`.
    """
    plans = list(plans)
    transitions = shot_transitions(plans)
    return [shot_row(plan, shot, bible, transitions.get((shot.scene, shot.id), ("", "")))
            for plan in plans for shot in ordered_shots(plan, order)]


# What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: one that starts like a formula gets a leading ``'``,
    as OWASP's CSV-injection guidance says (``=HYPERLINK(...)`` from a script stays words)."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def shotlist_csv(plans: Sequence[ShotPlan], bible: Bible | None = None, order: str = "script") -> str:
    """The shot list as CSV text (header row first, ``\\r\\n`` line ends as RFC 4180 says);
    every cell through :func:`spreadsheet_cell`."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(COLUMNS))
    writer.writeheader()
    writer.writerows({k: spreadsheet_cell(v) for k, v in row.items()} for row in shot_rows(plans, bible, order))
    return buf.getvalue()
