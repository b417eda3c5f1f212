"""The plan's transitions on an editorial timeline: OTIO ``Transition`` objects, EDL dissolves, FCPXML.

Why apart from timeline.py: the timeline is built by OTIO and written by its
adapters, but each format takes transitions its own way, and one adapter (the
FCPXML writer) drops them. This module holds those differences.

What goes where, matching the animatic frame for frame (the lengths come from
renders/transitions.py, which draws them):

- a ``fade_in`` is a ``SMPTE_Dissolve`` named ``fade_in`` before the clip,
  starting at the cut (``in_offset`` 0): from black in every editor;
- a ``fade_out`` is one named ``fade_out`` after the clip, ending at the cut;
- a ``dissolve`` (or ``dip_to_black``) sits on the cut between the two clips,
  ``in_offset`` / ``out_offset`` the frames drawn on each side;
- cuts of every kind (``smash_cut``, ``match_cut``...) are plain cuts; the
  shot's metadata keeps the kind.

In the EDL a transition starts at the cut (``BL`` to the clip for a fade in, the
clip to ``BL`` for a fade out, ``D`` with its length): the CMX writer would
otherwise reach before a clip's first frame, and rendered shots have no handles.
The FCPXML writer ignores transitions, so :func:`add_fcpxml_transitions` adds
``<transition>`` elements to the spine of the document it built, before it is written.
"""
from __future__ import annotations

import re
from typing import Sequence

from renders.model import TimedShot
from renders.transitions import transition_frames

CROSSFADE = "Cross Dissolve"


def add_transitions(track, ordered: Sequence[TimedShot], fps: int) -> None:
    """Insert (in place) a ``Transition`` into ``track`` for every fade and dissolve of the plan.

    Args:
        track: the V1 track, one clip per shot named by its id (gaps allowed).
        ordered: the timed shots in cut order.
        fps: the timeline's rate.
    """
    import opentimelineio as otio
    from opentimelineio.opentime import RationalTime

    pairs = [(t.shot.transition_in, t.shot.transition_out) for t in ordered]
    lengths = transition_frames([t.frames for t in ordered], pairs, fps)
    by_id = {t.shot.id: i for i, t in enumerate(ordered)}

    def make(name: str, before: int, after: int):
        return otio.schema.Transition(name=name, transition_type=otio.schema.TransitionTypes.SMPTE_Dissolve,
                                      in_offset=RationalTime(before, fps), out_offset=RationalTime(after, fps),
                                      metadata={"previs": {"transition": name}})

    items = list(track)
    out = []
    for pos, item in enumerate(items):
        i = by_id.get(item.name) if isinstance(item, otio.schema.Clip) else None
        if i is None:
            out.append(item)
            continue
        t_in, t_out = pairs[i]
        head, tail = lengths[i]
        if t_in == "fade_in" and not (out and isinstance(out[-1], otio.schema.Transition)):
            out.append(make("fade_in", 0, head))
        out.append(item)
        following = items[pos + 1] if pos + 1 < len(items) else None
        next_i = by_id.get(following.name) if isinstance(following, otio.schema.Clip) else None
        if t_out in ("dissolve", "dip_to_black") and next_i is not None:
            out.append(make(t_out, tail, lengths[next_i][0]))
        elif t_out in ("fade_out", "dip_to_black", "dissolve"):
            out.append(make("fade_out", tail, 0))
    if len(out) != len(items):
        track[:] = []  # detach, then re-add the same objects (no copies) with the transitions between
        track.extend(out)


def transitions_from_cut(track) -> None:
    """Move (in place) every transition of ``track`` to start at its cut, as an EDL writes them."""
    import opentimelineio as otio

    for item in track:
        if isinstance(item, otio.schema.Transition) and item.in_offset.value:
            item.out_offset = item.out_offset + item.in_offset
            item.in_offset = item.in_offset - item.in_offset


def add_fcpxml_transitions(root, timeline) -> None:
    """Insert (in place) a ``<transition>`` into the FCPXML document ``root`` (an ElementTree
    element) for each transition on V1.

    Each goes in the spine right after the clip it leaves (before the clip it enters, for a fade
    in), its ``offset`` that clip's cut less the frames before the cut, as Final Cut places
    them: at the start or end of the spine it is a fade from or to black.
    """
    import xml.etree.ElementTree as ET

    import opentimelineio as otio

    video = timeline.video_tracks()
    if not video or not any(isinstance(x, otio.schema.Transition) for x in video[0]):
        return
    items = list(video[0])
    wanted = []  # (clip name before or None, clip name after or None, frames before, frames after, name, fps)
    for k, item in enumerate(items):
        if isinstance(item, otio.schema.Transition):
            prev = items[k - 1].name if k > 0 and isinstance(items[k - 1], otio.schema.Clip) else None
            nxt = items[k + 1].name if k + 1 < len(items) and isinstance(items[k + 1], otio.schema.Clip) else None
            wanted.append((prev, nxt, item.in_offset.value, item.out_offset.value, item.name, item.in_offset.rate))
    spine = root.find(".//sequence/spine")
    if spine is None:
        return
    clips = {c.get("name"): c for c in spine if c.get("name") is not None}
    for prev, nxt, before, after, name, fps in wanted:
        anchor = clips.get((prev or "").replace("'", "\u2019")) if prev else None
        if anchor is not None:
            cut = _seconds(anchor.get("offset", "0s")) + _seconds(anchor.get("duration", "0s"))
            index = list(spine).index(anchor) + 1
        else:
            anchor = clips.get((nxt or "").replace("'", "\u2019"))
            if anchor is None:
                continue
            cut = _seconds(anchor.get("offset", "0s"))
            index = list(spine).index(anchor)
        offset = round(cut * fps) - round(before)
        spine.insert(index, ET.Element("transition", {
            "name": name or CROSSFADE, "offset": _time(offset, fps), "duration": _time(round(before + after), fps)}))


def _time(frames: int, fps: float) -> str:
    return f"{frames}/{round(fps)}s" if frames else "0s"


def _seconds(text: str) -> float:
    text = text.rstrip("s")
    if "/" in text:
        a, b = text.split("/")
        return float(a) / float(b)
    return float(text or 0)


_EDL_EVENT = re.compile(r"^(\d{3,})\s+(\S+)\s+(\S+)\s+(C|D\s+\d+|W\d*\s+\d+)\s+"
                        r"\S+\s+\S+\s+(\S+)\s+(\S+)\s*$")


def readable_edl(text: str) -> str:
    """An EDL as OTIO's CMX reader takes it, with the same clips and lengths.

    The reader cannot begin a track with a transition, so a fade from black at the very
    start (a zero-length ``BL`` cut, then the clip's ``D`` event) becomes a plain cut; and
    an event that takes no record time (the fade to black at the end) is left out, since
    the reader would make a clip of it. Anything else comes back as it was.
    """
    lines = text.splitlines(keepends=True)
    groups: list[list[str]] = [[]]  # the header, then one group per event number with its comments
    numbers: list[str | None] = [None]
    for line in lines:
        m = _EDL_EVENT.match(line)
        if m and m.group(1) != numbers[-1]:
            groups.append([])
            numbers.append(m.group(1))
        groups[-1].append(line)
    out: list[str] = list(groups[0])
    for k, group in enumerate(groups[1:], 1):
        events = [(n, _EDL_EVENT.match(line)) for n, line in enumerate(group) if _EDL_EVENT.match(line)]
        if all(m.group(5) == m.group(6) for _, m in events):
            continue  # no record time: a fade out's black
        if k == 1 and len(events) == 2 and events[0][1].group(2) in ("BL", "BLACK") \
                and events[0][1].group(5) == events[0][1].group(6) and events[1][1].group(4).startswith("D"):
            n, m = events[1]
            group = list(group)
            group[n] = group[n][:m.start(4)] + "C".ljust(len(m.group(4))) + group[n][m.end(4):]
            del group[events[0][0]]
        out.extend(group)
    return "".join(out)
