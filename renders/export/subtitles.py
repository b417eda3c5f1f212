"""SubRip (.srt) subtitles of the scratch dialogue at animatic timing.

A director watching the animatic on a phone, or an editor laying a temp track,
wants the words on screen where they are spoken. Each voice cue becomes one
subtitle from its first frame to its last, labelled with the speaker's name.
The ``srt`` library writes the file (timestamps, numbering, blank-line rules).
"""
from __future__ import annotations

import os
import textwrap
from datetime import timedelta
from pathlib import Path
from typing import Sequence

from renders.export.atomic_file import write_text_atomic
from renders.model import TimedShot

LINE_WIDTH = 42  # the broadcast habit: two lines of at most 42 characters


def subtitle_cues(timed: Sequence[TimedShot]) -> list[tuple[int, int, str, str]]:
    """Every dialogue cue as ``(start_frame, end_frame, speaker_name, text)``, in time order."""
    out = []
    for t in timed:
        names = {e.id: e.name for e in t.cast}
        for cue in t.cues:
            start = t.start + cue.offset
            end = start + max(1, cue.clip.frames)
            out.append((start, end, names.get(cue.character, cue.character), cue.text))
    out.sort(key=lambda c: (c[0], c[1]))
    return out


def srt_text(timed: Sequence[TimedShot]) -> str:
    """The SRT document for an animatic's dialogue (empty string if nobody speaks)."""
    import srt

    if not timed:
        return ""
    fps = timed[0].fps
    subs = []
    for i, (start, end, speaker, text) in enumerate(subtitle_cues(timed), start=1):
        body = "\n".join(textwrap.fill(part, LINE_WIDTH) if part else "" for part in text.split("\n"))
        content = f"{speaker}: {body}" if speaker else body
        subs.append(srt.Subtitle(
            index=i,
            start=timedelta(seconds=start / fps),
            end=timedelta(seconds=end / fps),
            content=content,
        ))
    # reindex=False: keep our numbering, which is already in time order
    return srt.compose(subs, reindex=False)


def export_srt(timed: Sequence[TimedShot], path: str | os.PathLike[str]) -> Path:
    """Write the dialogue subtitles to ``path`` (UTF-8).

    Args:
        timed: the animatic's shots in cut order, with their cues.
        path: the .srt file to write.

    Returns:
        The path written.

    Raises:
        PrevisError: the file cannot be written.
    """
    import srt

    text = srt_text(timed)
    count = len(list(srt.parse(text)))

    def reads_back(tmp: Path) -> None:
        if len(list(srt.parse(tmp.read_text("utf-8")))) != count:
            raise ValueError(f"expected {count} subtitles")

    return write_text_atomic(path, text, what="subtitles", check=reads_back)
