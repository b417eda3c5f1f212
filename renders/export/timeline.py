"""The editorial timeline: one OpenTimelineIO object, written to every editor's format.

An editor takes the animatic into Avid, Premiere, Resolve or Final Cut and cuts
it. We build one OTIO timeline (a video track with one clip per shot, named by
the shot id and pointing at the rendered MP4, audio tracks with the scratch
dialogue at their frames, a marker at each scene start, the plan's fades and dissolves as transitions:
see timeline_transitions.py) and let OTIO's adapters
write it: ``otio_json`` (.otio), ``cmx_3600`` (.edl), ``fcp_xml`` (FCP7 XML,
.xml) and ``fcpx_xml`` (.fcpxml). Nothing here writes those formats by hand, so
escaping and field rules are the adapters' (and their test suites').

The shot id is the key that survives every round trip: it is the clip name, it
is in the EDL's ``* FROM CLIP NAME`` comment, and the reel (8 characters at
most, letters and digits) is built from it. ``conform.py`` reads it back.

The programme starts at 01:00:00:00 (``global_start_time``) as editors expect.
The CMX writer ignores ``global_start_time``, so for the EDL only, a leading
one-hour gap (which an EDL writes as nothing) puts the record timecodes there.
The FCPXML adapter has no start-timecode field, so ``fcpxml_writer.py`` sets the
sequence's ``tcStart`` (and writes a feature in seconds, not minutes).

A feature in seconds (issue 18): the adapters' output is kept character for
character, but three of their costs are not paid: clip metadata goes to OTIO
in one C++ parse (otio_metadata.py), the EDL writer gets the track in pieces
(cmx_events.py), and the XML adapters' minidom re-parse for indenting is
replaced by indenting the same tree directly (xml_layout.py). Every file is
made as text and written by Python, which reports a full disk itself.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Sequence

from screenplay.errors import PrevisError
from renders.export.atomic_file import atomic_file
from renders.export.otio_metadata import OtioMetadata, plain_value
from renders.model import RenderedShot, TimedShot
from shots.progress import ProgressFn, report
from renders.export.timeline_transitions import add_transitions, transitions_from_cut

# format name -> (OTIO adapter, file suffix)
TIMELINE_FORMATS: dict[str, tuple[str, str]] = {
    "otio": ("otio_json", ".otio"),
    "edl": ("cmx_3600", ".edl"),
    "fcp-xml": ("fcp_xml", ".xml"),
    "fcpxml": ("fcpx_xml", ".fcpxml"),
}

START_HOURS = 1  # 01:00:00:00


def reel_name(shot_id: str) -> str:
    """A CMX3600 reel name for a shot: its letters and digits, upper case, at most 8.

    Example: ``"12A"`` -> ``"12A"``, ``"3-ALT.b"`` -> ``"3ALTB"``.
    """
    reel = re.sub(r"[^A-Za-z0-9]", "", shot_id).upper()[:8]
    return reel or "AX"


def shot_metadata(timed: TimedShot, spec: bool = True) -> dict:
    """Where the shot sits, and (``spec``) the full shot spec as JSON-plain data (enums become their codes)."""
    return json.loads(json.dumps(_shot_metadata(timed, spec), default=plain_value, ensure_ascii=False))


def _shot_metadata(timed: TimedShot, spec: bool) -> dict:
    """:func:`shot_metadata` before it is made JSON-plain (the shot itself, for one ``json.dumps`` of all)."""
    place = {"shot_id": timed.shot.id, "scene": timed.shot.scene, "start_frame": timed.start,
             "frames": timed.frames, "fps": timed.fps}
    return {**place, "shot": timed.shot} if spec else place


def _scene_marker_name(timed: TimedShot) -> str:
    shot = timed.shot
    where = " ".join(p for p in (f"{shot.int_ext}." if shot.int_ext else "", shot.location) if p)
    if shot.time_of_day:
        where = f"{where} - {shot.time_of_day}" if where else shot.time_of_day
    return f"Scene {shot.scene}: {where}" if where else f"Scene {shot.scene}"


def build_timeline(timed: Sequence[TimedShot], rendered: Sequence[RenderedShot], title: str,
                   specs: bool = True):
    """Build the OTIO timeline of an animatic.

    Args:
        timed: the shots in cut order, with start frames and dialogue cues.
        rendered: the rendered MP4 of each shot (matched by ``shot_id``; a shot
            without one gets a missing-media clip, so the edit still lines up).
        title: the programme title (the timeline and sequence name).
        specs: put each shot's full spec in its clip's metadata. Only .otio
            keeps metadata; building it is most of a feature's EDL or XML
            export, so those leave it out.

    Returns:
        An ``opentimelineio.schema.Timeline`` with a ``V1`` video track, one or
        more ``A1``.. audio tracks (more only where dialogue overlaps), and a
        marker on the first clip of each scene.

    Raises:
        PrevisError: no shots, or shots at different frame rates.
    """
    import opentimelineio as otio
    from opentimelineio.opentime import RationalTime, TimeRange

    if not timed:
        raise PrevisError("nothing to export: the animatic has no shots")
    fps = timed[0].fps
    if any(t.fps != fps for t in timed):
        raise PrevisError("shots have different frame rates; an edit needs one")
    by_id = {r.shot_id: r for r in rendered}

    def rt(frames: int) -> "RationalTime":
        return RationalTime(frames, fps)

    tl = otio.schema.Timeline(name=" ".join((title or "previs animatic").split()))
    tl.global_start_time = rt(START_HOURS * 3600 * fps)
    video = otio.schema.Track(name="V1", kind=otio.schema.TrackKind.Video)
    tl.tracks.append(video)

    ordered = sorted(timed, key=lambda t: t.start)
    cursor = ordered[0].start
    if cursor > 0:
        video.append(otio.schema.Gap(source_range=TimeRange(rt(0), rt(cursor))))
    metadata = OtioMetadata([{"previs": _shot_metadata(t, specs), "cmx_3600": {"reel": reel_name(t.shot.id)}}
                             for t in ordered])
    previous_scene = None
    for t, clip_metadata in zip(ordered, metadata.values):
        if t.start > cursor:
            video.append(otio.schema.Gap(source_range=TimeRange(rt(0), rt(t.start - cursor))))
        r = by_id.get(t.shot.id)
        if r is not None:
            ref = otio.schema.ExternalReference(
                target_url=os.path.abspath(r.path),
                available_range=TimeRange(rt(0), rt(max(r.frames, t.frames))),
            )
        else:
            ref = otio.schema.MissingReference()
        clip = otio.schema.Clip(
            name=t.shot.id,
            media_reference=ref,
            source_range=TimeRange(rt(0), rt(t.frames)),
            metadata=clip_metadata,
        )
        if t.shot.scene != previous_scene:
            clip.markers.append(otio.schema.Marker(
                name=_scene_marker_name(t),
                marked_range=TimeRange(rt(0), rt(0)),
                color=otio.schema.MarkerColor.RED,
                metadata={"previs": {"scene": t.shot.scene}},
            ))
            previous_scene = t.shot.scene
        video.append(clip)
        cursor = max(cursor, t.start) + t.frames

    add_transitions(video, ordered, fps)
    _add_dialogue_tracks(tl, ordered, fps)
    return tl


def _add_dialogue_tracks(tl, ordered: Sequence[TimedShot], fps: int) -> None:
    """One audio track while cues do not overlap; another for each overlap depth."""
    import opentimelineio as otio
    from opentimelineio.opentime import RationalTime, TimeRange

    cues = []
    for t in ordered:
        names = {e.id: e.name for e in t.cast}
        for cue in t.cues:
            cues.append((t.start + cue.offset, cue, t.shot.id, names.get(cue.character, cue.character)))
    cues.sort(key=lambda c: c[0])
    metadata = OtioMetadata([{"previs": {"shot_id": shot_id, "character": speaker, "text": cue.text,
                                         "line": cue.line, "start_frame": start},
                              "cmx_3600": {"reel": reel_name(shot_id)}} for start, cue, shot_id, speaker in cues])
    tracks: list = []  # audio tracks, A1 first
    ends: list[int] = []  # the frame each track is busy until
    for (start, cue, shot_id, speaker), clip_metadata in zip(cues, metadata.values):
        length = max(1, cue.clip.frames)
        lane = next((i for i, end in enumerate(ends) if end <= start), None)
        if lane is None:
            track = otio.schema.Track(name=f"A{len(tracks) + 1}", kind=otio.schema.TrackKind.Audio)
            tl.tracks.append(track)
            tracks.append(track)
            ends.append(0)
            lane = len(tracks) - 1
        track = tracks[lane]
        if start > ends[lane]:
            track.append(otio.schema.Gap(source_range=TimeRange(RationalTime(0, fps), RationalTime(start - ends[lane], fps))))
        ref = otio.schema.ExternalReference(
            target_url=os.path.abspath(cue.clip.wav),
            available_range=TimeRange(RationalTime(0, fps), RationalTime(length, fps)),
        )
        track.append(otio.schema.Clip(
            name=f"{shot_id} {speaker}",
            media_reference=ref,
            source_range=TimeRange(RationalTime(0, fps), RationalTime(length, fps)),
            metadata=clip_metadata,
        ))
        ends[lane] = start + length


def write_timeline(timeline, path: str | os.PathLike[str], fmt: str) -> Path:
    """Write an OTIO timeline in one of :data:`TIMELINE_FORMATS` with its OTIO adapter.

    Args:
        timeline: from :func:`build_timeline`.
        path: the file to write (its folder must exist).
        fmt: ``"otio"``, ``"edl"``, ``"fcp-xml"`` or ``"fcpxml"``.

    Returns:
        The path written.

    Raises:
        PrevisError: an unknown format, or the adapter refused the timeline.
    """
    import copy

    import opentimelineio as otio

    if fmt not in TIMELINE_FORMATS:
        raise PrevisError(f"unknown timeline format {fmt!r}; choose one of: {', '.join(TIMELINE_FORMATS)}")
    adapter, _suffix = TIMELINE_FORMATS[fmt]
    out = Path(path)
    to_write = timeline
    if fmt == "fcpxml":
        to_write = copy.deepcopy(timeline)
        _drop_audio_after_video(to_write)
        _make_fcpxml_safe(to_write)
    # Every format is made as text here and written by Python, which reports a full disk
    # (OTIO's C++ file writer did not: issue 13), so no reading back is needed.
    with atomic_file(out, what=fmt) as tmp:
        try:
            if fmt == "fcpxml":  # the adapter's XML, written with indexed look-ups and a start timecode
                from renders.export.fcpxml_writer import fcpxml_string

                text = fcpxml_string(to_write, START_HOURS * 3600)
            elif fmt == "fcp-xml":  # the adapter's XML, pretty-printed without minidom
                from renders.export.fcp7_xml_writer import fcp_xml_string

                text = fcp_xml_string(to_write)
            elif fmt == "edl":
                text = _edl_text(to_write)
            else:
                text = otio.adapters.write_to_string(to_write, adapter_name=adapter)
        except Exception as exc:  # adapters raise their own types; the user needs one line
            raise PrevisError(f"could not write {fmt}: {exc}", out) from exc
        tmp.write_text(text, encoding="utf-8")
    return out


def _edl_text(timeline) -> str:
    """The picture track as a CMX3600 EDL, record timecode from the timeline's start.

    The CMX writer numbers record timecode from 0; the start goes in as a leading
    gap (no event in an EDL), and transitions start at their cut, on a copy of V1.
    """
    from renders.export.cmx_events import cmx_events, numbered_lines

    video = timeline.video_tracks()[0].clone()
    transitions_from_cut(video)
    start = timeline.global_start_time
    rate = start.rate if start is not None else video.duration().rate
    lines = numbered_lines(cmx_events(video, rate, start))
    head = f"TITLE: {timeline.name}\n\n" if timeline.name else ""
    return head + "".join(line + "\n" for line in lines)


def _drop_audio_after_video(timeline) -> None:
    """Remove (in place) audio clips that start after the picture ends: the FCPXML
    writer hangs every audio clip on a spine (video) item and fails without one."""
    import opentimelineio as otio

    video = timeline.video_tracks()
    end = video[0].duration() if video else None
    if end is None:
        return
    for track in timeline.audio_tracks():
        if track.duration() <= end:
            continue
        keep = [c for c in track if track.range_of_child(c).start_time < end]
        while keep and isinstance(keep[-1], otio.schema.Gap):
            keep.pop()
        track[:] = [c.clone() for c in keep]


def _make_fcpxml_safe(timeline) -> None:
    """Adjust (in place) what the FCPXML writer cannot take: it looks clips and assets up
    with XPath predicates quoted in ``'``, so a name or path with an apostrophe
    (``JOSEPHINE'S VOICE``, ``~/Bob's film/``) makes it fail. Media become ``file://``
    URLs, as FCPXML wants them (``'`` is ``%27`` there), and clip names get the
    typographic ``’`` (markers are not looked up and keep theirs)."""
    for clip in timeline.find_clips():
        clip.name = clip.name.replace("'", "\u2019")
        ref = clip.media_reference
        url = getattr(ref, "target_url", None)
        if url and "://" not in url:
            ref.target_url = Path(url).as_uri()


def export_timeline(timed: Sequence[TimedShot], rendered: Sequence[RenderedShot],
                    path: str | os.PathLike[str], title: str, fmt: str, progress: ProgressFn | None = None) -> Path:
    """Build the animatic's timeline and write it as ``fmt`` (see :func:`write_timeline`);
    an EDL gets its dialogue in a second EDL beside it (``dialogue_edl.py``).

    ``progress`` is told as each step starts (stage ``"export FMT"``): a feature's takes seconds.
    """
    stage, steps = f"export {fmt}", 3 if fmt == "edl" else 2
    report(progress, stage, "", 0, steps, f"building the timeline of {len(timed)} shots")
    tl = build_timeline(timed, rendered, title, specs=fmt == "otio")
    report(progress, stage, "", 1, steps, f"writing {Path(path).name}")
    written = write_timeline(tl, path, fmt)
    if fmt == "edl":  # the dialogue tracks, which a CMX3600 list of the picture cannot hold
        from renders.export.dialogue_edl import dialogue_edl_path, write_dialogue_edl

        report(progress, stage, "", 2, steps, f"writing {dialogue_edl_path(path).name}")
        write_dialogue_edl(tl, written)
    return written


def export_otio(timed, rendered, path, title) -> Path:
    """Write the timeline as OpenTimelineIO JSON (.otio)."""
    return export_timeline(timed, rendered, path, title, "otio")


def export_edl(timed, rendered, path, title) -> Path:
    """Write the video track as a CMX3600 EDL (reels <= 8 chars, shot id as clip name)."""
    return export_timeline(timed, rendered, path, title, "edl")


def export_fcp_xml(timed, rendered, path, title) -> Path:
    """Write the timeline as Final Cut Pro 7 XML (Premiere and Resolve read it)."""
    return export_timeline(timed, rendered, path, title, "fcp-xml")


def export_fcpxml(timed, rendered, path, title) -> Path:
    """Write the timeline as FCPXML (Final Cut Pro X)."""
    return export_timeline(timed, rendered, path, title, "fcpxml")
