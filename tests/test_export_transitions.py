"""The plan's transitions in every editorial export, each file read back with its own reader.

Five real shots in two scenes (tests/test_export_samples.py); 1A fades in from
black, 1B dissolves into 2A, 2A smash-cuts to 2B, 2C fades out. The lengths
are the animatic's: a one-second fade (24 frames), a dissolve of 12 frames on
each side of the cut.
"""
from __future__ import annotations

import dataclasses
import re
import xml.etree.ElementTree as ET

import opentimelineio as otio
import pytest

from renders.export.conform import read_cut
from renders.export.timeline import export_timeline
from fractions import Fraction

from test_export_samples import FPS, SPECS, TITLE, make_animatic

TRANSITIONS = {"1A": ("fade_in", ""), "1B": ("", "dissolve"), "2A": ("", "smash_cut"), "2C": ("", "fade_out")}
LENGTHS = [s[3] for s in SPECS.values()]  # 30, 36, 28, 24, 32


@pytest.fixture(scope="module")
def animatic(tmp_path_factory):
    timed, rendered = make_animatic(tmp_path_factory.mktemp("media"))
    timed = [dataclasses.replace(t, shot=dataclasses.replace(t.shot, transition_in=TRANSITIONS.get(t.shot.id, ("", ""))[0],
                                                              transition_out=TRANSITIONS.get(t.shot.id, ("", ""))[1]))
             for t in timed]
    return timed, rendered


def _video(path, adapter):
    result = otio.adapters.read_from_file(str(path), adapter_name=adapter)
    return result.video_tracks()[0]


@pytest.mark.parametrize("fmt,suffix,adapter", [("otio", ".otio", "otio_json"), ("fcp-xml", ".xml", "fcp_xml")])
def test_otio_and_fcp7_xml_carry_fade_in_dissolve_and_fade_out(animatic, tmp_path, fmt, suffix, adapter):
    timed, rendered = animatic
    path = tmp_path / f"cut{suffix}"
    export_timeline(timed, rendered, path, TITLE, fmt)
    track = _video(path, adapter)
    kinds = [(type(x).__name__, x.name) for x in track]
    assert kinds == [("Transition", "fade_in"), ("Clip", "1A"), ("Clip", "1B"), ("Transition", "dissolve"),
                     ("Clip", "2A"), ("Clip", "2B"), ("Clip", "2C"), ("Transition", "fade_out")]
    fade_in, dissolve, fade_out = [x for x in track if isinstance(x, otio.schema.Transition)]
    assert (fade_in.in_offset.to_frames(), fade_in.out_offset.to_frames()) == (0, 24)  # from black, over 1A
    assert (dissolve.in_offset.to_frames(), dissolve.out_offset.to_frames()) == (12, 12)  # centred on the cut
    assert (fade_out.in_offset.to_frames(), fade_out.out_offset.to_frames()) == (24, 0)  # to black, over 2C
    assert all(x.transition_type == otio.schema.TransitionTypes.SMPTE_Dissolve for x in (fade_in, dissolve, fade_out))
    # transitions take no time: every clip keeps its length, the programme its duration
    clips = list(track.find_clips(shallow_search=True))
    assert [c.trimmed_range().duration.to_frames() for c in clips] == LENGTHS
    assert track.duration().to_frames() == sum(LENGTHS)


def test_smash_cut_is_a_cut_that_keeps_its_name_in_the_shot_metadata(animatic, tmp_path):
    timed, rendered = animatic
    path = tmp_path / "cut.otio"
    export_timeline(timed, rendered, path, TITLE, "otio")
    clips = list(_video(path, "otio_json").find_clips(shallow_search=True))
    two_a = next(c for c in clips if c.name == "2A")
    assert two_a.metadata["previs"]["shot"]["transition_out"] == "smash_cut"


def test_edl_has_black_dissolves_and_conform_still_reads_it(animatic, tmp_path):
    timed, rendered = animatic
    path = tmp_path / "cut.edl"
    export_timeline(timed, rendered, path, TITLE, "edl")
    events = re.findall(r"^\d{3}\s+(\S+)\s+V\s+(C|D \d{3})\s", path.read_text(), re.M)
    # fade in: a cut to black, then a 24-frame dissolve from black to 1A
    assert events[0] == ("BL", "C") and events[1] == ("1A", "D 024")
    # the dissolve 1B -> 2A (12 + 12 frames) starts at the cut in an EDL
    assert ("2A", "D 024") in events
    # fade out: 2C dissolves to black
    assert events[-1] == ("BL", "D 024")
    assert sum(1 for e in events if e[1].startswith("D")) == 3
    clips, unmatched = read_cut(path, FPS)
    assert [c[0] for c in clips] == list(SPECS) and not unmatched


def test_fcpxml_gets_transitions_in_the_spine(animatic, tmp_path):
    timed, rendered = animatic
    path = tmp_path / "cut.fcpxml"
    export_timeline(timed, rendered, path, TITLE, "fcpxml")
    spine = ET.parse(path).getroot().find(".//sequence/spine")
    order = [(el.tag, el.get("name")) for el in spine if el.tag in ("transition", "clip", "asset-clip")]
    assert order == [("transition", "fade_in"), ("clip", "1A"), ("clip", "1B"), ("transition", "dissolve"),
                     ("clip", "2A"), ("clip", "2B"), ("clip", "2C"), ("transition", "fade_out")]
    times = {el.get("name"): (el.get("offset"), el.get("duration")) for el in spine if el.tag == "transition"}
    hour = 3600 * FPS  # the sequence starts at 01:00:00:00 like the other timelines, offsets count from there
    assert times["fade_in"] == (f"{hour}/24s", "24/24s")
    assert times["dissolve"] == (f"{hour + 54}/24s", "24/24s")  # the cut at 66, 12 frames either side
    assert times["fade_out"] == (f"{hour + 126}/24s", "24/24s")  # the last 24 of 150 frames
    clip_offsets = [el.get("offset") for el in spine if el.tag in ("clip", "asset-clip")]
    assert Fraction(clip_offsets[0].rstrip("s")) == hour / FPS  # transitions and clips share one clock
    # the FCPXML reader still reads every clip at its length
    clips, unmatched = read_cut(path, FPS)
    assert clips == list(zip(SPECS, LENGTHS)) and not unmatched
