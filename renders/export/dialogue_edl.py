"""The dialogue as its own CMX3600 EDL (``NAME.dialogue.edl``), beside the picture EDL.

Why a second file: an EDL event list is one picture track; audio lives in the
same list only as channels of those events, and OTIO's CMX writer writes one
track (the picture). A sound editor conforms scratch dialogue from its own list,
so the dialogue tracks go to a second EDL: track A1's cues on channel ``A``,
A2's (overlapping lines) on ``A2``, events in record order, record timecode from
01:00:00:00 like the picture. Each track is written by the adapter (a leading
one-hour gap, as for the picture); this module only merges the events and names
the channels (the pieces the adapter writes: cmx_events.py).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from renders.export.atomic_file import write_text_atomic

__all__ = ["dialogue_edl_path", "write_dialogue_edl"]

_EVENT = re.compile(r"^(\d{3,6})(\s+)(\S+)(\s+)(A\S*)(\s+)(.*)$")
_CHANNELS = ("A", "A2", "A3", "A4")  # CMX3600 names; four audio channels at most


def dialogue_edl_path(picture_edl: str | os.PathLike[str]) -> Path:
    """``cut.edl`` -> ``cut.dialogue.edl``."""
    p = Path(picture_edl)
    return p.with_name(f"{p.stem}.dialogue{p.suffix or '.edl'}")


def write_dialogue_edl(timeline, picture_edl: str | os.PathLike[str]) -> Path | None:
    """Write the timeline's dialogue tracks as an EDL next to ``picture_edl``.

    Args:
        timeline: the animatic's OTIO timeline (``build_timeline``).
        picture_edl: the picture EDL's path; the dialogue one is named after it.

    Returns:
        The path written, or None when the timeline has no dialogue.
    """
    from renders.export.cmx_events import cmx_events

    tracks = [t for t in timeline.audio_tracks() if len(t)][:len(_CHANNELS)]
    out = dialogue_edl_path(picture_edl)
    if not tracks:
        out.unlink(missing_ok=True)  # a silent cut: no stale dialogue list from an earlier export
        return None
    start = timeline.global_start_time
    rate = start.rate if start is not None else timeline.duration().rate
    events: list[tuple[str, list[str]]] = []  # (record in, lines)
    for channel, track in zip(_CHANNELS, tracks):
        for lines in cmx_events(track, rate, start):
            m = _EVENT.match(lines[0])
            if not m:
                continue
            fields = m.group(7).split()
            first = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{channel:<5} {m.group(7).lstrip()}"
            events.append((fields[-2], [first, *(line for line in lines[1:] if line.startswith("*"))]))
    events.sort(key=lambda e: e[0])  # record-in timecodes sort as text
    out_lines = [f"TITLE: {timeline.name} dialogue", "FCM: NON-DROP FRAME", ""]
    for number, (_record, lines) in enumerate(events, 1):
        first = lines[0]
        out_lines.append(f"{number:03d}" + first[first.index(" "):])
        out_lines.extend(lines[1:])
    return write_text_atomic(out, "\n".join(out_lines) + "\n", what="the dialogue EDL")
