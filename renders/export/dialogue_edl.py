"""The dialogue as its own CMX3600 EDL (``NAME.dialogue.edl``), beside the picture EDL.

Why a second file: an EDL event list is one picture track; audio lives in the
same list only as channels of those events, and OTIO's CMX writer writes one
track (the picture). A sound editor conforms scratch dialogue from its own list,
so the dialogue tracks go to a second EDL: track A1's cues on channel ``A``,
A2's (overlapping lines) on ``A2``, events in record order, record timecode from
01:00:00:00 like the picture. Each track is written by the adapter (a leading
one-hour gap, as for the picture); this module only merges the events and names
the channels.
"""
from __future__ import annotations

import copy
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
    import opentimelineio as otio
    from opentimelineio.opentime import RationalTime, TimeRange

    tracks = [t for t in timeline.audio_tracks() if len(t)][:len(_CHANNELS)]
    out = dialogue_edl_path(picture_edl)
    if not tracks:
        out.unlink(missing_ok=True)  # a silent cut: no stale dialogue list from an earlier export
        return None
    start = timeline.global_start_time
    rate = start.rate if start is not None else timeline.duration().rate
    events: list[tuple[str, list[str]]] = []  # (record in, lines)
    for channel, track in zip(_CHANNELS, tracks):
        one = otio.schema.Timeline(name=timeline.name)
        copied = copy.deepcopy(track)
        if start is not None and start.value > 0:
            copied.insert(0, otio.schema.Gap(source_range=TimeRange(RationalTime(0, start.rate), start)))
        one.tracks.append(copied)  # index 0: the track the writer writes
        one.tracks.append(otio.schema.Track(kind=otio.schema.TrackKind.Video))  # it wants one picture track
        text = otio.adapters.write_to_string(one, "cmx_3600", rate=rate, reelname_len=8)
        for line in text.splitlines():
            m = _EVENT.match(line)
            if m:
                fields = m.group(7).split()
                line = f"{m.group(1)}{m.group(2)}{m.group(3)}{m.group(4)}{channel:<5} {m.group(7).lstrip()}"
                events.append((fields[-2], [line]))
            elif line.startswith("*") and events:
                events[-1][1].append(line)
    events.sort(key=lambda e: e[0])  # record-in timecodes sort as text
    out_lines = [f"TITLE: {timeline.name} dialogue", "FCM: NON-DROP FRAME", ""]
    for number, (_record, lines) in enumerate(events, 1):
        first = lines[0]
        out_lines.append(f"{number:03d}" + first[first.index(" "):])
        out_lines.extend(lines[1:])
    return write_text_atomic(out, "\n".join(out_lines) + "\n", what="the dialogue EDL")
