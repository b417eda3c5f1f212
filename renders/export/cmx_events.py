"""CMX3600 event lists written by OTIO's ``cmx_3600`` adapter, a feature in seconds.

Why not hand the whole track to the adapter: for each event it asks OTIO for
the clip's place in the timeline (``transformed_time_range``), which walks the
track from its start every time, so a feature's 1,700 events cost 1,700 walks
of 1,700 clips: four seconds for the picture and dialogue EDLs of big-fish.
Here the track goes to the adapter in pieces of a few dozen items, each led by
a gap as long as everything before it (an EDL writes a gap as nothing, so the
record timecodes stay where they were), and the events are numbered again in
one sequence. Every event line and comment is still the adapter's, character
for character; a piece never starts at a transition or right after one, so a
dissolve and both its sides are always written together.
"""
from __future__ import annotations

import re

__all__ = ["cmx_events", "numbered_lines"]

PIECE = 48  # items per piece: a walk of 48 is nothing, and the adapter's overhead per call stays small
_NUMBERED = re.compile(r"^(\d{3,})(?=\s)")


def cmx_events(track, rate: float, start=None) -> list[list[str]]:
    """The events of ``track`` as the CMX3600 writer writes them, in record order.

    Args:
        track: an OTIO track (picture or audio); it is not changed (pieces are clones).
        rate: the EDL's frame rate.
        start: a ``RationalTime`` added to every record timecode (01:00:00:00), or None.

    Returns:
        One list of lines per event: its event line (two for a dissolve), then its
        comment lines; the event lines still carry their number within their piece
        (:func:`numbered_lines` numbers them in one sequence).
    """
    import opentimelineio as otio
    from opentimelineio.opentime import RationalTime, TimeRange

    items = list(track)
    events: list[list[str]] = []
    first = 0
    while first < len(items):
        last = min(len(items), first + PIECE)
        while last < len(items) and _joined(items, last):
            last += 1  # never split a transition from the clips on either side
        offset = track.range_of_child_at_index(first).start_time if first else RationalTime(0, rate)
        if start is not None:
            offset = offset + start
        piece = otio.schema.Track(kind=track.kind)
        if offset.value > 0:
            piece.append(otio.schema.Gap(source_range=TimeRange(RationalTime(0, offset.rate), offset)))
        for item in items[first:last]:
            piece.append(item.clone())
        one = otio.schema.Timeline()
        one.tracks.append(piece)  # index 0: the track the writer writes
        if track.kind != otio.schema.TrackKind.Video:
            one.tracks.append(otio.schema.Track(kind=otio.schema.TrackKind.Video))  # it wants one picture track
        text = otio.adapters.write_to_string(one, "cmx_3600", rate=rate, reelname_len=8)
        events.extend(_split_events(text))
        first = last
    return events


def _joined(items: list, index: int) -> bool:
    """Whether a piece may not start at ``index``: it or the item before it is a transition."""
    import opentimelineio as otio

    return any(isinstance(items[i], otio.schema.Transition) for i in (index - 1, index) if 0 <= i < len(items))


def _split_events(text: str) -> list[list[str]]:
    """An EDL body cut into events: a new event starts at an event line with a new number."""
    events: list[list[str]] = []
    number = None
    for line in text.splitlines():
        m = _NUMBERED.match(line)
        if m and m.group(1) != number:
            number = m.group(1)
            events.append([line])
        elif events and (m or line.startswith("*") or line.strip()):
            events[-1].append(line)
    return events


def numbered_lines(events: list[list[str]]) -> list[str]:
    """The events' lines with their event lines numbered 001, 002... in the order given."""
    out: list[str] = []
    for n, lines in enumerate(events, 1):
        out.extend(_NUMBERED.sub(f"{n:03d}", line, count=1) for line in lines)
    return out
