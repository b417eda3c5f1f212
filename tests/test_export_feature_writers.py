"""The fast timeline writers write what OTIO's adapters write, and long exports report progress (issue 18.5).

A cut of 150 real shots (the five sample shots again and again, fades and
dissolves among them) is long enough that the EDL goes to the CMX writer in
several pieces (renders/export/cmx_events.py). Each file previs writes is
compared with the one the adapter writes from the same timeline its slow way:
clip metadata set as Python dicts, the whole track to the CMX writer with a
leading one-hour gap, minidom's indenting.
"""
from __future__ import annotations

import copy
import dataclasses
import xml.etree.ElementTree as ET
from xml.dom import minidom

import opentimelineio as otio
import pytest
from opentimelineio.opentime import RationalTime, TimeRange

from renders.export.cmx_events import PIECE
from renders.export.timeline import build_timeline, export_timeline, reel_name, shot_metadata
from renders.export.timeline_transitions import transitions_from_cut
from renders.export.xml_layout import pretty_xml
from test_export_samples import FPS, TITLE, make_animatic

REPEATS = 30
TRANSITIONS = {0: ("fade_in", ""), 3: ("", "dissolve"), 7: ("", "dissolve"), 8: ("", "smash_cut")}


@pytest.fixture(scope="module")
def long_cut(tmp_path_factory):
    timed, rendered = make_animatic(tmp_path_factory.mktemp("media"))
    cut, media, start = [], [], 0
    for n in range(REPEATS):
        for t, r in zip(timed, rendered):
            i = len(cut)
            tin, tout = TRANSITIONS.get(i % 10, ("", ""))
            if i == REPEATS * len(timed) - 1:
                tout = "fade_out"
            sid = f"{n}{t.shot.id}"
            shot = dataclasses.replace(t.shot, id=sid, transition_in=tin, transition_out=tout)
            cut.append(dataclasses.replace(t, shot=shot, start=start))
            media.append(dataclasses.replace(r, shot_id=sid))
            start += t.frames
    return cut, media


def _with_dict_metadata(tl, timed, specs: bool):
    """The timeline with every shot clip's metadata set the slow way (Python dicts, OTIO's converter)."""
    by_id = {t.shot.id: t for t in timed}
    for clip in tl.video_tracks()[0].find_clips(shallow_search=True):
        t = by_id[clip.name]
        clip.metadata.clear()
        clip.metadata["previs"] = shot_metadata(t, specs)
        clip.metadata["cmx_3600"] = {"reel": reel_name(t.shot.id)}
    return tl


def test_otio_is_what_the_adapter_writes_from_dict_metadata(long_cut, tmp_path):
    timed, rendered = long_cut
    path = export_timeline(timed, rendered, tmp_path / "cut.otio", TITLE, "otio")
    slow = _with_dict_metadata(build_timeline(timed, rendered, TITLE, specs=True), timed, True)
    assert path.read_text(encoding="utf-8") == otio.adapters.write_to_string(slow, "otio_json")


def test_edl_in_pieces_is_what_the_cmx_writer_writes_for_the_whole_track(long_cut, tmp_path):
    timed, rendered = long_cut
    assert len(timed) > 2 * PIECE  # several pieces, dissolves among them
    path = export_timeline(timed, rendered, tmp_path / "cut.edl", TITLE, "edl")
    whole = copy.deepcopy(build_timeline(timed, rendered, TITLE, specs=False))
    for track in list(whole.audio_tracks()):  # the CMX writer takes two audio tracks at most; the EDL is V1
        whole.tracks.remove(track)
    video = whole.video_tracks()[0]
    start = whole.global_start_time
    video.insert(0, otio.schema.Gap(source_range=TimeRange(RationalTime(0, start.rate), start)))
    transitions_from_cut(video)
    expected = otio.adapters.write_to_string(whole, "cmx_3600", rate=FPS, reelname_len=8)
    text = path.read_text(encoding="utf-8")
    assert text == expected
    assert " D 0" in text and "BL" in text  # the fades and dissolves are in it
    assert "150  " in text  # events numbered in one sequence past the pieces


def test_fcp_xml_is_what_the_adapter_writes(long_cut, tmp_path):
    timed, rendered = long_cut
    path = export_timeline(timed, rendered, tmp_path / "cut.xml", TITLE, "fcp-xml")
    expected = otio.adapters.write_to_string(build_timeline(timed, rendered, TITLE, specs=False), "fcp_xml")
    assert path.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize("text", ['<a x="1 &amp; &quot;2&quot;" y="&lt;&gt;"><b/><c>t &amp; &lt;u&gt; "q"</c>'
                                  '<d k="v"><e>李</e></d><f></f></a>',
                                  '<a>lead<b>x</b>tail<c/>end</a>'])
def test_xml_is_indented_as_minidom_indents_it(text):
    root = ET.fromstring(text)
    assert pretty_xml(root) == minidom.parseString(ET.tostring(root, encoding="UTF-8")).toprettyxml(indent="    ")


@pytest.mark.parametrize("fmt,suffix", [("otio", ".otio"), ("edl", ".edl"), ("fcp-xml", ".xml"),
                                        ("fcpxml", ".fcpxml"), ("storyboard-pdf", ".pdf")])
def test_a_timeline_or_storyboard_export_reports_its_steps(long_cut, tmp_path, fmt, suffix):
    """Each reports steps between its start and its end (the CLI prints them once a second)."""
    from renders.export.storyboard_pdf import export_storyboard_pdf

    timed, rendered = long_cut
    reports = []
    if fmt == "storyboard-pdf":
        export_storyboard_pdf(timed[:20], rendered, tmp_path / f"b{suffix}", TITLE, progress=reports.append)
    else:
        export_timeline(timed, rendered, tmp_path / f"cut{suffix}", TITLE, fmt, progress=reports.append)
    assert reports and all(p.stage == f"export {fmt}" for p in reports)
    done = [p.done / p.total for p in reports]
    assert done == sorted(done) and len(set(done)) >= 2  # it moves forward, in more than one step
    assert any(p.msg for p in reports) or fmt == "storyboard-pdf"  # timelines say what they are doing
