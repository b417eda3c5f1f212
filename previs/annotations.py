"""Shot notes in the Fountain file: read them as locks, write them (``--annotate``), strip them.

Why whole lines before the shot's first line: a note alone on a line is hidden
from previs's parse (screenplay/hidden.py drops a line that holds only a note,
so no element appears and no element changes; only the line numbers after it
move), other Fountain apps show it as a note, and stripping the same whole lines
gives back the original bytes. A shot note is therefore only read when it is a
line of its own; the same form inside a line of text is an ordinary note.

Which shot a note decides: the shot that starts at the first script line after
it (so a note keeps its shot when shots before it are added or removed and the
ids move), else the shot its id names within the scene the note sits in.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from screenplay.model import Screenplay
from shots.locks import LOCK_NOTE, LockSyntaxError, ShotLock, anchor_line, format_lock, parse_lock
from shots.model import Bible, ShotPlan

_NOTE_LINE = re.compile(r"^\s*\[\[(?P<inner>[^\[\]]*)\]\]\s*$")
BACKUP_SUFFIX = ".bak"


@dataclass(frozen=True)
class ScriptLocks:
    """The shot notes of one script: locks per scene id, and a ``file:line: ...`` warning per bad note."""

    by_scene: dict[str, tuple[ShotLock, ...]]
    warnings: tuple[str, ...] = ()

    def for_scene(self, scene_id: str) -> tuple[ShotLock, ...]:
        return self.by_scene.get(scene_id, ())


def _lines(text: str) -> list[str]:
    """Lines as the parser numbers them (a BOM is not text; CRLF and CR end a line)."""
    if text[:1] == "\ufeff":
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _boneyard_lines(text: str) -> set[int]:
    """1-based lines inside ``/* ... */`` (cut text: a shot note there is not read). Unclosed stays text."""
    out: set[int] = set()
    pos = 0
    while (a := text.find("/*", pos)) >= 0 and (b := text.find("*/", a + 2)) >= 0:
        first = text.count("\n", 0, a) + 1
        out.update(range(first, first + text.count("\n", a, b) + 1))
        pos = b + 2
    return out


def lock_note_text(line: str) -> str | None:
    """The inner text when ``line`` is a shot note standing alone (``[[12B: CU]]``), else None."""
    m = _NOTE_LINE.match(line)
    if m is None:
        return None
    inner = m.group("inner").strip()
    return inner if LOCK_NOTE.match(inner) else None


def read_locks(text: str, screenplay: Screenplay, bible: Bible, path: str | os.PathLike[str] | None = None
               ) -> ScriptLocks:
    """Every shot note of ``text`` as a lock, grouped by the scene whose text it sits in.

    A note that does not parse is left out with a warning (``script.fountain:48: shot note ...``).
    """
    if "[[" not in text:
        return ScriptLocks({})
    lines = _lines(text)
    cut = _boneyard_lines("\n".join(lines)) if "/*" in text else set()
    where = os.fspath(path) if path is not None else (screenplay.path or "script")
    starts = [(sc.line, sc.id) for sc in screenplay.scenes]
    by_scene: dict[str, list[ShotLock]] = {}
    warnings: list[str] = []
    for i, line in enumerate(lines):
        inner = lock_note_text(line) if "[[" in line else None
        if inner is None or i + 1 in cut:
            continue
        anchor = next((j + 1 for j in range(i + 1, len(lines))
                       if lines[j].strip() and lock_note_text(lines[j]) is None), i + 1)
        try:
            lock = parse_lock(inner, i + 1, anchor, bible)
        except LockSyntaxError as exc:
            warnings.append(f"{where}:{i + 1}: {exc}; the planner's choice stands")
            continue
        scene_id = next((sid for start, sid in reversed(starts) if start <= anchor), None)
        if scene_id is None:
            warnings.append(f"{where}:{i + 1}: shot note {lock.shot_id} is not in a scene; ignored")
            continue
        by_scene.setdefault(scene_id, []).append(lock)
    return ScriptLocks({k: tuple(v) for k, v in by_scene.items()}, tuple(warnings))


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _split_keep_ends(data: str) -> list[str]:
    """Lines with their endings, broken exactly where the parser breaks them (LF, CRLF, CR only)."""
    return _LINE.findall(data)


def _eol(line: str) -> str:
    for e in ("\r\n", "\n", "\r"):
        if line.endswith(e):
            return e
    return "\n"


def annotated_text(text: str, plans: Sequence[ShotPlan], bible: Bible) -> tuple[str, int]:
    """``text`` with a shot note before each shot's first line (old shot notes replaced).

    Returns:
        (new text, number of notes written).
    """
    notes: dict[int, list[str]] = {}
    for plan in plans:
        for shot in plan.shots:
            notes.setdefault(anchor_line(shot), []).append(f"[[{format_lock(shot, bible)}]]")
    bom = "\ufeff" if text[:1] == "\ufeff" else ""
    parts = _split_keep_ends(text[len(bom):])
    out = [bom]
    written = 0
    for number, line in enumerate(parts, start=1):
        for note in notes.get(number, ()):
            out.append(note + _eol(line))
            written += 1
        if lock_note_text(line.rstrip("\r\n")) is None:
            out.append(line)
    return "".join(out), written


def stripped_text(text: str) -> tuple[str, int]:
    """``text`` without its shot-note lines. Returns (new text, number of notes removed)."""
    bom = "\ufeff" if text[:1] == "\ufeff" else ""
    parts = _split_keep_ends(text[len(bom):])
    kept = [p for p in parts if lock_note_text(p.rstrip("\r\n")) is None]
    return bom + "".join(kept), len(parts) - len(kept)


def rewrite_script(path: str | os.PathLike[str], new_text: str) -> Path:
    """Write ``new_text`` to ``path`` atomically after copying the old file to ``path.bak``.

    Returns:
        The backup's path.

    Raises:
        PrevisError: the folder is not writable.
    """
    from previs.store import atomic_copy, atomic_write_bytes

    path = Path(path)
    backup = path.with_name(path.name + BACKUP_SUFFIX)
    try:
        atomic_copy(path, backup)
        atomic_write_bytes(path, new_text.encode("utf-8"))
    except OSError as exc:
        raise PrevisError(f"cannot rewrite the script: {exc.strerror or exc}", path) from None
    return backup


def annotate_script(path: str | os.PathLike[str], plans: Sequence[ShotPlan], bible: Bible) -> tuple[int, Path]:
    """Write every shot of ``plans`` into the script as a note (``--annotate``).

    Returns:
        (notes written, the backup's path).
    """
    from screenplay.loader import read_text

    text, n = annotated_text(read_text(path), plans, bible)
    return n, rewrite_script(path, text)


def strip_script(path: str | os.PathLike[str]) -> tuple[int, Path | None]:
    """Remove every shot note from the script (``--strip-annotations``); untouched when there is none.

    Returns:
        (notes removed, the backup's path or None).
    """
    from screenplay.loader import read_text

    text, n = stripped_text(read_text(path))
    return n, (rewrite_script(path, text) if n else None)


def rewrite_lock(path: str | os.PathLike[str], lock: ShotLock, shot, bible: Bible) -> None:
    """Replace the note of ``lock`` with one that locks ``shot`` as it is now (an app edit of a noted shot)."""
    from screenplay.loader import read_text

    text = read_text(path)
    bom = "\ufeff" if text[:1] == "\ufeff" else ""
    parts = _split_keep_ends(text[len(bom):])
    index = lock.line - 1
    if not 0 <= index < len(parts) or lock_note_text(parts[index].rstrip("\r\n")) is None:
        raise PrevisError("the script changed under the shot note; save again", path, lock.line)
    parts[index] = f"[[{format_lock(shot, bible)}]]{_eol(parts[index])}"
    rewrite_script(path, bom + "".join(parts))
