"""Shot locks: a shot's camera decided in the script itself, as a Fountain note.

Why notes: a director's framing written into the Fountain file travels with the
script (other Fountain apps show it as a note, a writer can change it in any
text editor) and cannot be lost to a revision the way a side file can. The form
is ``[[12B: CU MARA, 85mm, push in]]``: the shot id, a colon, then comma
separated parts in any order after the first:

- first part: a size code or phrase (``CU``, ``close-up``), optionally followed
  by who is in frame, names joined by ``&`` (``MS MARA & DEV``);
- ``85mm``: the lens;
- a movement (``push in``, ``static``...) or an angle (``high``, ``low``...),
  words from shots/vocabulary.py.

Fields a note does not give stay the planner's. A note that does not parse is a
warning (``file:line: ...``), never an error: the shot keeps the planner's choice.

This module is plain text <-> :class:`ShotLock` and laying a lock over a planned
shot; finding the notes in a script is previs/annotations.py.
"""
from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Iterable

from shots.ids import shot_index
from shots.model import Bible, Placement, Shot, ShotPlan
from shots.vocabulary import Angle, Movement, ShotSize

# "12B: ...", "4A-C: ...", "3AB: ...": scene id, optional dash, shot letters (no I or O), colon.
LOCK_NOTE = re.compile(r"^\s*(?P<id>[0-9][0-9A-Za-z.]*?-?[A-HJ-NP-Z]{1,2})\s*:\s*(?P<spec>.*?)\s*$", re.S)
_LENS = re.compile(r"^(\d{1,3})\s*mm$", re.I)


class LockSyntaxError(ValueError):
    """A note in the lock form whose parts the vocabulary does not know (the message says which)."""


@dataclass(frozen=True, slots=True)
class ShotLock:
    """One shot's decisions as a note in the script wrote them (``None``: the planner's choice).

    ``line`` is the note's own line; ``anchor_line`` the first script line after it
    (the line the shot starts at when the note was written by ``--annotate``).
    ``subjects`` are bible ids, resolved when the note was read.
    """

    shot_id: str
    line: int
    anchor_line: int
    size: ShotSize | None = None
    subjects: tuple[str, ...] | None = None
    lens_mm: int | None = None
    movement: Movement | None = None
    angle: Angle | None = None

    def fields(self) -> dict:
        """The decided fields only, as plain values (for cache keys and requests)."""
        out: dict = {}
        for name in ("size", "subjects", "lens_mm", "movement", "angle"):
            value = getattr(self, name)
            if value is not None:
                out[name] = value.value if hasattr(value, "value") else (list(value) if name == "subjects" else value)
        return out


def is_lock_note(text: str) -> bool:
    """True when a note's inner text is in the lock form (``12B: ...``)."""
    return LOCK_NOTE.match(text) is not None and "\n" not in text


def scene_of_shot_id(shot_id: str) -> str | None:
    """``12B`` -> ``12``; ``4A-C`` -> ``4A``; None when the id is not a shot id."""
    m = re.match(r"^(.+?)-?([A-HJ-NP-Z]{1,2})$", shot_id)
    if not m:
        return None
    try:
        shot_index(m.group(2))
    except ValueError:
        return None
    return m.group(1)


def parse_lock(text: str, line: int, anchor_line: int, bible: Bible) -> ShotLock:
    """Read one note's inner text (``12B: CU MARA, 85mm, push in``).

    Args:
        text: the note without ``[[ ]]``.
        line: the note's line; anchor_line: the first script line after it.
        bible: to resolve names in frame to bible ids.

    Returns:
        The lock.

    Raises:
        LockSyntaxError: not the lock form, an unknown size/move/angle/name, a lens outside 8-600mm,
            or a field given twice.
    """
    m = LOCK_NOTE.match(text)
    if m is None or "\n" in text:
        raise LockSyntaxError("not a shot note (write it as [[12B: CU MARA, 85mm, push in]])")
    shot_id, spec = m.group("id"), m.group("spec")
    parts = [p.strip() for p in spec.split(",")]
    if not spec.strip() or any(not p for p in parts):
        raise LockSyntaxError(f"shot note {shot_id}: empty part; write e.g. {shot_id}: CU MARA, 85mm, push in")
    found: dict = {}

    def put(name, value):
        if name in found:
            raise LockSyntaxError(f"shot note {shot_id}: {name.replace('_mm', '')} given twice")
        found[name] = value

    head_words = parts[0].split()
    size = None
    for n in range(min(3, len(head_words)), 0, -1):  # "medium close up MARA": the longest phrase that is a size
        try:
            size = ShotSize.parse(" ".join(head_words[:n]))
        except ValueError:
            continue
        put("size", size)
        names = " ".join(head_words[n:])
        if names:
            put("subjects", _resolve_names(shot_id, names, bible))
        break
    rest = parts[1:] if size is not None else parts
    for part in rest:
        lens = _LENS.match(part)
        if lens:
            mm = int(lens.group(1))
            if not 8 <= mm <= 600:
                raise LockSyntaxError(f"shot note {shot_id}: lens {mm}mm is outside 8-600mm")
            put("lens_mm", mm)
            continue
        for name, cls in (("movement", Movement), ("angle", Angle)):
            try:
                put(name, cls.parse(part))
                break
            except ValueError:
                continue
        else:
            raise LockSyntaxError(f"shot note {shot_id}: {part!r} is not a size, lens (85mm), move or angle")
    return ShotLock(shot_id, line, anchor_line, **found)


def _resolve_names(shot_id: str, names: str, bible: Bible) -> tuple[str, ...]:
    ids = []
    for name in (n.strip() for n in names.split("&")):
        entry = bible.get(name) if name else None
        if entry is None:
            raise LockSyntaxError(f"shot note {shot_id}: no character {name!r} in the bible")
        if entry.id not in ids:
            ids.append(entry.id)
    return tuple(ids)


def short_name(bible: Bible, entry_id: str) -> str:
    """The shortest name (or alias) that finds ``entry_id`` again in ``bible``."""
    entry = bible.get(entry_id)
    if entry is None:
        return entry_id
    for name in sorted((entry.name, *entry.aliases), key=len):
        hit = bible.get(name)
        if hit is not None and hit.id == entry.id and "&" not in name and "," not in name:
            return name
    return entry.name


def format_lock(shot: Shot, bible: Bible) -> str:
    """The note text (without ``[[ ]]``) that locks ``shot`` as it is: ``12B: CU MARA, 85mm, push in``.

    The angle is written only when it is not eye level (the note stays short; an unwritten
    field is the planner's, which for a planned shot is the same).
    """
    head = " ".join([shot.size.value, " & ".join(short_name(bible, s) for s in shot.subjects)]).strip()
    parts = [head, f"{shot.lens_mm}mm", shot.movement.value]
    if shot.angle != Angle.EYE_LEVEL:
        parts.append(shot.angle.value)
    return f"{shot.id}: " + ", ".join(parts)


def anchor_line(shot: Shot) -> int:
    """The line a shot's note sits above: its first line, or the first line of the element it starts
    inside (the second beat of a paragraph: a note never splits a paragraph; the id breaks the tie)."""
    return min(shot.first_line, shot.parts[0].line) if shot.parts else shot.first_line


def lock_target(plan: ShotPlan, lock: ShotLock) -> Shot | None:
    """The shot a lock decides: the one anchored at the note's line (:func:`anchor_line`; the id breaks
    a tie), else the one with the note's id; None when neither exists."""
    at = [s for s in plan.shots if anchor_line(s) == lock.anchor_line]
    if at:
        return next((s for s in at if s.id == lock.shot_id), at[0])
    return next((s for s in plan.shots if s.id == lock.shot_id), None)


def apply_lock(shot: Shot, lock: ShotLock, bible: Bible) -> Shot:
    """``shot`` with the lock's fields; blocking, speaker and prompt follow a change of camera or subjects."""
    changes: dict = {k: v for k, v in (("size", lock.size), ("lens_mm", lock.lens_mm),
                                        ("movement", lock.movement), ("angle", lock.angle)) if v is not None}
    if lock.subjects is not None and lock.subjects != shot.subjects:
        changes.update(subjects=lock.subjects, blocking=_blocking_for(shot, lock.subjects),
                       speaker=shot.speaker if shot.speaker in lock.subjects else None)
    if all(getattr(shot, k) == v for k, v in changes.items()):
        return shot
    edited = dataclasses.replace(shot, **changes)
    from shots.prompt import with_prompt

    return with_prompt(edited, bible)


def _blocking_for(shot: Shot, subjects: tuple[str, ...]) -> tuple[Placement, ...]:
    kept = {p.subject: p for p in shot.blocking if p.subject in subjects}
    n = len(subjects)
    return tuple(kept.get(s) or Placement(s, round((i + 1) / (n + 1), 3)) for i, s in enumerate(subjects))


def apply_locks(plan: ShotPlan, locks: Iterable[ShotLock], bible: Bible) -> tuple[ShotPlan, list[tuple[ShotLock, str]]]:
    """Lay ``locks`` over ``plan``.

    Returns:
        The plan (unchanged object when no lock changes a shot) and ``(lock, problem)`` for each
        lock that found no shot.
    """
    shots = list(plan.shots)
    problems: list[tuple[ShotLock, str]] = []
    changed = False
    for lock in locks:
        target = lock_target(plan, lock)
        if target is None:
            problems.append((lock, f"shot note {lock.shot_id}: scene {plan.scene} has no such shot; "
                                   f"the planner's shots stand"))
            continue
        new = apply_lock(shots[target.index], lock, bible)
        if new is not shots[target.index]:
            shots[target.index] = new
            changed = True
    return (dataclasses.replace(plan, shots=tuple(shots)) if changed else plan), problems


def locks_message(locks: Iterable[ShotLock]) -> str:
    """The part of a planner request that says which shots the script has decided (LLM planner)."""
    lines = ["The script fixes these shots (a note before the shot's first line); plan them exactly so, "
             "and plan the other shots freely:"]
    for lock in locks:
        fields = ", ".join(f"{k} {', '.join(v) if isinstance(v, list) else v}" for k, v in lock.fields().items())
        lines.append(f"- the shot starting at line {lock.anchor_line} (id {lock.shot_id}): {fields}")
    return "\n".join(lines)


def lock_problems(plan: ShotPlan, locks: Iterable[ShotLock]) -> list[str]:
    """How ``plan`` ignores the script's shot notes, in words a planner can correct; [] when it honours them."""
    problems = []
    for lock in locks:
        target = lock_target(plan, lock)
        if target is None:
            problems.append(f"no shot starts at line {lock.anchor_line} (the script fixes shot {lock.shot_id} there)")
            continue
        for name, want in lock.fields().items():
            have = getattr(target, name)
            have = list(have) if name == "subjects" else (have.value if hasattr(have, "value") else have)
            if have != want:
                problems.append(f"shot {target.id}: the script fixes {name} {want!r}, the answer has {have!r}")
    return problems
