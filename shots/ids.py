"""Shot ids and seeds: production numbering that survives edits elsewhere in the script.

Why: a first AD, an editor and the render cache all refer to shots by id, so an
id must depend only on its own scene's id and the shot's position in that scene.
Letters skip I and O (they read as 1 and 0 on a slate). Seeds follow the same
rule: a hash of (scene id, index, salt), never a running counter, so re-planning
scene 5 cannot move a seed in scene 6.
"""
from __future__ import annotations

import hashlib

# A..Z without I and O: 24 letters, as on a clapperboard.
SHOT_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"

SEED_MAX = 2**31 - 1  # fits every generator (numpy, torch, espeak) without surprises


def shot_letter(index: int) -> str:
    """The letter(s) for the ``index``-th (0-based) shot of a scene.

    Args:
        index: 0-based position of the shot in its scene.

    Returns:
        ``A``..``Z`` skipping I and O, then ``AA``, ``AB``... (bijective base 24).

    Raises:
        ValueError: if ``index`` is negative.
    """
    if index < 0:
        raise ValueError(f"shot index must be >= 0, got {index}")
    base = len(SHOT_LETTERS)
    out = ""
    n = index + 1
    while n > 0:
        n, rem = divmod(n - 1, base)
        out = SHOT_LETTERS[rem] + out
    return out


def shot_index(letter: str) -> int:
    """Inverse of :func:`shot_letter` (``"A"`` -> 0, ``"AA"`` -> 24).

    Raises:
        ValueError: if ``letter`` holds anything but the 24 shot letters.
    """
    if not letter:
        raise ValueError("empty shot letter")
    n = 0
    for ch in letter:
        pos = SHOT_LETTERS.find(ch)
        if pos < 0:
            raise ValueError(f"{letter!r} is not a shot letter (A-Z without I and O)")
        n = n * len(SHOT_LETTERS) + pos + 1
    return n - 1


def shot_id(scene_id: str, index: int) -> str:
    """Production shot id: the scene id followed by the shot letter (``"12"``, 1 -> ``"12B"``).

    Args:
        scene_id: the scene's written number, else its ordinal, as a string.
        index: 0-based position of the shot in its scene.

    Returns:
        The id, e.g. ``"12B"``; for a written number ``"4A"`` the 1st shot is ``"4A-A"``
        so that the scene part stays readable (a letter would otherwise run into it).
    """
    scene_id = str(scene_id).strip()
    sep = "-" if scene_id and scene_id[-1].isalpha() else ""
    return f"{scene_id}{sep}{shot_letter(index)}"


def shot_seed(scene_id: str, index: int, salt: str = "") -> int:
    """A stable seed for one shot, independent of every other scene.

    Args:
        scene_id: the scene id.
        index: 0-based position of the shot in its scene.
        salt: anything else that should give a different seed (e.g. a renderer name).

    Returns:
        An int in ``[0, 2**31 - 1]``, identical across runs, machines and Python versions.
    """
    digest = hashlib.sha256(f"previs-shot|{scene_id}|{index}|{salt}".encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % SEED_MAX
