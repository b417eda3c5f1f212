"""Documented bounds on what script content may cost: past them, a warning and a clamp, never a crash.

A script is user text of any size. Without bounds one 1 MB dialogue line became
a 21-hour shot whose scratch voice grew by ~30 MB a second, and a 5,000-character
name made subtitle wrapping cubic. Every limit here is far above what a real
script holds, and every cost below it is linear in the text:

- :data:`MAX_SPOKEN_CHARS` (3,000): the scratch voice speaks at most this much of
  one dialogue block (about 500 words, three to four minutes); the subtitle shows
  what is spoken. The script, the plan and the exports keep the whole text.
- :data:`MAX_SHOT_SECONDS` (600): no shot is timed longer (a huge action
  paragraph's reading time, a planner's estimate), except to fit the clamped
  speech; ``previs conform`` refuses an editor's clip longer than this.
- :data:`MAX_NAME_CHARS` (64): a character name on screen (subtitle, name tag) is
  cut to this; a character id, which names files, to ``shots.bible.MAX_ID_CHARS``.

:func:`content_warnings` says, once per run, where a script went past one.
"""
from __future__ import annotations

from typing import Sequence

from renders.model import TimedShot

MAX_SPOKEN_CHARS = 3000
MAX_SHOT_SECONDS = 600
MAX_NAME_CHARS = 64


def clamp_text(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, at a space when one is near the end, with ``…``."""
    if len(text) <= limit:
        return text
    head = text[:limit - 1]
    space = head.rfind(" ")
    if space >= limit * 4 // 5:
        head = head[:space]
    return head.rstrip() + "…"


def content_warnings(timed: Sequence[TimedShot]) -> list[str]:
    """One line per place the script went past a limit: where, what, and what previs did.

    Args:
        timed: the timed shots (their dialogue, cast and length).

    Returns:
        Human lines, in shot order, each said once.
    """
    lines: dict[str, None] = {}
    for t in timed:
        for d in t.shot.dialogue:
            if len(d.text) > MAX_SPOKEN_CHARS:
                lines[f"line {d.line}: a speech of {len(d.text):,} characters; the scratch voice and the "
                      f"subtitle take its first {MAX_SPOKEN_CHARS:,} (MAX_SPOKEN_CHARS)"] = None
        for entry in t.cast:
            if len(entry.name) > MAX_NAME_CHARS:
                lines[f"line {entry.first_line}: a character name of {len(entry.name):,} characters is shown "
                      f"cut to {MAX_NAME_CHARS} (MAX_NAME_CHARS)"] = None
        if t.frames == MAX_SHOT_SECONDS * t.fps:
            lines[f"shot {t.shot.id} (line {t.shot.first_line}): clamped to {MAX_SHOT_SECONDS // 60} minutes "
                  "(MAX_SHOT_SECONDS)"] = None
    return list(lines)
