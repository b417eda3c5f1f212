"""Hand edits of the character bible from the app: change one entry of ``bible.yaml``, or approve a
rendered still as a character's reference image.

Why beside shot_edits.py and not in the session: an edit is a small, checked
write to the project (the bible's own checks run before anything is saved, the
entry's version goes up so exactly its shots turn dirty); the session only
decides when to reload. The bible file itself is shots/bible_store.py's.
"""
from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path
from typing import Any

from screenplay.errors import PrevisError
from previs.store import ProjectStore, atomic_write_text


def edit_bible_entry(store: ProjectStore, script: Path, entry_id: str, *, look: str | None = None,
                     color: str | None = None, voice_variant: str | None = None, voice_pitch: int | None = None,
                     voice_rate: int | None = None, reference_image: str | None = None,
                     looks: str | None = None) -> bool:
    """Change one entry of the project's ``bible.yaml`` (which must exist); its version goes up.

    Args:
        store: the project.
        script: the Fountain file (relative reference images live beside it).
        entry_id: the bible id (``mara-okafor``).
        look, color, voice_variant, voice_pitch, voice_rate, reference_image: new values;
            ``None`` leaves a field alone; ``reference_image=""`` clears it.
        looks: later looks per scene range as one line, ``"12: 40, navy suit | 30: 60"``
            (:func:`shots.looks.parse_looks`); ``""`` clears them.

    Returns:
        True when the file changed (False: the values were already these).

    Raises:
        PrevisError: unknown character or a value the bible does not accept (nothing saved).
    """
    from shots.bible import FEMALE_VARIANTS, MALE_VARIANTS
    from shots.bible_file import read_bible_text
    from shots.bible_store import bible_from_yaml, bible_to_yaml

    path = store.bible_path
    stored = bible_from_yaml(read_bible_text(path), path=str(path))
    old = next((e for e in stored.entries if e.id == entry_id), None)
    if old is None:
        raise PrevisError(f"no character {entry_id!r} in the bible", path)
    voice = old.voice
    if voice_variant is not None:
        v = voice_variant.strip()
        if v not in (*MALE_VARIANTS, *FEMALE_VARIANTS):
            raise PrevisError(f"voice {v!r}: choose one of {', '.join(MALE_VARIANTS + FEMALE_VARIANTS)}")
        voice = dataclasses.replace(voice, variant=v)
    if voice_pitch is not None:
        voice = dataclasses.replace(voice, pitch=_int("pitch", voice_pitch))
    if voice_rate is not None:
        voice = dataclasses.replace(voice, rate=_int("rate", voice_rate))
    ref = old.reference_image
    if reference_image is not None:
        ref = reference_image.strip() or None
        if ref and not (script.parent / Path(ref).expanduser()).is_file():
            raise PrevisError(f"no image file {ref!r} (a path relative to the script's folder, or absolute)")
    from shots.looks import parse_looks

    new = dataclasses.replace(
        old, look=old.look if look is None else " ".join(look.split()),
        color=old.color if color is None else color.strip().lower(), voice=voice, reference_image=ref,
        looks=old.looks if looks is None else parse_looks(looks))
    if new == old:
        return False
    new = dataclasses.replace(new, version=old.version + 1)
    entries = tuple(new if e.id == entry_id else e for e in stored.entries)
    text = bible_to_yaml(dataclasses.replace(stored, entries=entries))  # keeps what previs bookkeeps
    bible_from_yaml(text, path=str(path))  # the bible's own checks (colour, pitch, rate) before writing
    atomic_write_text(path, text)
    return True


def save_reference_still(store: ProjectStore, script: Path, entry_id: str, video: str, index: int) -> tuple[Path, str]:
    """Save frame ``index`` of ``video`` as ``PROJECT/references/<entry_id>.png``.

    Returns:
        ``(png, reference)``: the file, and the path to write as the entry's
        ``reference_image`` (relative to the script's folder when the project lives
        below it, where the renderers resolve it; absolute otherwise).
    """
    from renders.export.storyboard_pdf import grab_frames

    image = grab_frames(video, [index], width=1 << 14)[0]
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    dest = store.write_file(store.within("references", f"{entry_id}.png"), buf.getvalue())
    try:
        ref = os.path.relpath(dest.resolve(), script.resolve().parent)
        ref = str(dest.resolve()) if ref.startswith("..") else ref
    except ValueError:  # another drive
        ref = str(dest.resolve())
    return dest, ref


def _int(name: str, value: Any) -> int:
    try:
        return int(str(value).strip())
    except ValueError:
        raise PrevisError(f"voice {name} must be a whole number, not {value!r}") from None
