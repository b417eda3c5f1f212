"""Timelines and subtitles, each read back with its own reader and checked against the plan."""
from __future__ import annotations

import opentimelineio as otio
import pytest
import srt

from renders.export.subtitles import export_srt
from renders.export.timeline import TIMELINE_FORMATS, export_timeline, reel_name
from test_export_samples import FPS, SPECS, TITLE, make_animatic

READERS = {"otio": "otio_json", "edl": "cmx_3600", "fcp-xml": "fcp_xml", "fcpxml": "fcpx_xml"}


@pytest.fixture(scope="module")
def animatic(tmp_path_factory):
    return make_animatic(tmp_path_factory.mktemp("media"))


def _read(path, fmt):
    kwargs = {"rate": FPS} if fmt == "edl" else {}
    return otio.adapters.read_from_file(str(path), adapter_name=READERS[fmt], **kwargs)


@pytest.mark.parametrize("fmt", list(TIMELINE_FORMATS))
def test_timeline_round_trips_clips_durations_and_markers(animatic, tmp_path, fmt):
    timed, rendered = animatic
    path = tmp_path / f"cut{TIMELINE_FORMATS[fmt][1]}"
    export_timeline(timed, rendered, path, TITLE, fmt)
    tl = _read(path, fmt)
    clips = list(tl.video_tracks()[0].find_clips(shallow_search=True))
    assert [c.name for c in clips] == list(SPECS)
    assert [c.trimmed_range().duration.rescaled_to(FPS).to_frames() for c in clips] == [s[3] for s in SPECS.values()]
    markers = [m for c in clips for m in c.markers]
    assert len(markers) == 2  # two scenes
    if fmt != "edl":  # the EDL has one video track and no markers' names beyond upper case
        assert "CAFÉ «LE CHAT» & BAR" in markers[0].name
        assert "北京 STREET" in markers[1].name
        assert tl.name == TITLE
        audio = [c for t in tl.audio_tracks() for c in t.find_clips(shallow_search=True)]
        assert len(audio) == 3
        assert {c.name for c in audio} == {"1B ZOË", "2A 李", "2C ZOË"}
        # dialogue sits at its frame: 2A starts at 66, its cue 6 frames in
        cue = next(c for c in audio if c.name == "2A 李")
        # FCPXML's programme starts at 01:00:00:00 (tcStart), and OTIO's reader does not subtract it
        start = 3600 * FPS if fmt == "fcpxml" else 0
        assert cue.range_in_parent().start_time.rescaled_to(FPS).to_frames() == start + 72
    else:
        assert tl.name == TITLE


def test_otio_carries_start_timecode_and_full_shot_spec(animatic, tmp_path):
    timed, rendered = animatic
    path = export_timeline(timed, rendered, tmp_path / "cut.otio", TITLE, "otio")
    tl = otio.adapters.read_from_file(str(path))
    assert otio.opentime.to_timecode(tl.global_start_time, FPS) == "01:00:00:00"
    clip = tl.video_tracks()[0].find_clips()[0]
    spec = clip.metadata["previs"]["shot"]
    assert spec["size"] == "WS" and spec["location"] == "CAFÉ «LE CHAT» & BAR"
    assert clip.media_reference.target_url == rendered[0].path


def test_fcp_xml_carries_start_timecode(animatic, tmp_path):
    timed, rendered = animatic
    path = export_timeline(timed, rendered, tmp_path / "cut.xml", TITLE, "fcp-xml")
    tl = _read(path, "fcp-xml")
    assert otio.opentime.to_timecode(tl.global_start_time, FPS) == "01:00:00:00"


def test_edl_reels_record_timecode_and_clip_name_comments(animatic, tmp_path):
    timed, rendered = animatic
    path = export_timeline(timed, rendered, tmp_path / "cut.edl", TITLE, "edl")
    text = path.read_text(encoding="utf-8")
    events = [line for line in text.splitlines() if line[:3].isdigit()]
    assert len(events) == 5
    assert events[0].split()[1] == "1A" and events[0].split()[-2] == "01:00:00:00"
    for line in events:
        assert len(line.split()[1]) <= 8
    assert "* FROM CLIP NAME:  2B" in text
    assert text.count("* LOC:") == 2


def test_reel_names_fit_cmx():
    assert reel_name("12A") == "12A"
    assert reel_name("3-alt.b") == "3ALTB"
    assert len(reel_name("123456789AB")) == 8
    assert reel_name("李") == "AX"


def test_srt_has_every_line_at_animatic_time(animatic, tmp_path):
    timed, _ = animatic
    path = export_srt(timed, tmp_path / "dialogue.srt")
    subs = list(srt.parse(path.read_text(encoding="utf-8")))
    assert len(subs) == 3
    assert subs[0].content.startswith('ZOË: Fish & chips, "please" <now>, okay?')
    assert subs[1].content.startswith("李: 你好, ZOË; it's 5 < 6 & 7 > 3.")
    # 2A starts at frame 66, cue offset 6 -> 72 frames = 3.0 s; 12 frames long
    assert subs[1].start.total_seconds() == pytest.approx(3.0)
    assert subs[1].end.total_seconds() == pytest.approx(3.5)


def test_overlapping_dialogue_gets_a_second_audio_track(animatic, tmp_path):
    import dataclasses

    from renders.export.timeline import build_timeline

    timed, rendered = animatic
    # 1B's cue runs 6..18 of 1B; give 1B a second cue at 10 that overlaps it
    extra = dataclasses.replace(timed[1].cues[0], offset=10, text="(overlap)")
    timed = [*timed[:1], dataclasses.replace(timed[1], cues=(*timed[1].cues, extra)), *timed[2:]]
    tl = build_timeline(timed, rendered, TITLE)
    assert [t.name for t in tl.audio_tracks()] == ["A1", "A2"]
    assert [c.range_in_parent().start_time.to_frames() for c in tl.audio_tracks()[1].find_clips()] == [40]
    for fmt in ("fcp-xml", "fcpxml"):
        path = export_timeline(timed, rendered, tmp_path / f"o{TIMELINE_FORMATS[fmt][1]}", TITLE, fmt)
        back = _read(path, fmt)
        assert sum(len(t.find_clips(shallow_search=True)) for t in back.audio_tracks()) == 4, fmt


def test_fcpxml_starts_at_one_hour(animatic, tmp_path):
    import xml.etree.ElementTree as ET

    timed, rendered = animatic
    path = export_timeline(timed, rendered, tmp_path / "cut.fcpxml", TITLE, "fcpxml")
    sequence = ET.parse(path).getroot().find(".//sequence")
    assert sequence.get("tcStart") == "3600s"
    spine = [e for e in sequence.find("spine") if e.tag in ("asset-clip", "clip", "gap")]
    assert spine[0].get("offset") == "3600s"  # the first shot at 01:00:00:00, as Final Cut writes it
    # 1B starts 30 frames in (1A is 30 frames long): 3600 s + 30/24 s
    assert spine[1].get("offset") == "14405/4s"


def test_edl_dialogue_goes_to_its_own_edl_with_a_channel_per_track(animatic, tmp_path):
    import dataclasses

    from renders.export.dialogue_edl import dialogue_edl_path

    timed, rendered = animatic
    # 1B's cue runs 6..18 of 1B (1A is 30 frames: record 36..48); a second cue at 10 overlaps it -> A2
    extra = dataclasses.replace(timed[1].cues[0], offset=10, text="(overlap)")
    timed = [*timed[:1], dataclasses.replace(timed[1], cues=(*timed[1].cues, extra)), *timed[2:]]
    picture = export_timeline(timed, rendered, tmp_path / "cut.edl", TITLE, "edl")
    dialogue = dialogue_edl_path(picture)
    assert dialogue.name == "cut.dialogue.edl"
    events = [line.split() for line in dialogue.read_text(encoding="utf-8").splitlines() if line[:3].isdigit()]
    assert [e[0] for e in events] == ["001", "002", "003", "004"]  # 3 cues + the overlap, renumbered
    assert [e[2] for e in events].count("A2") == 1 and [e[2] for e in events].count("A") == 3
    # record-in in timecode order, from 01:00:00:00: the first cue 1B's, 30 + 6 frames in
    assert events[0][-2] == "01:00:01:12" and [e[-2] for e in events] == sorted(e[-2] for e in events)
    a2 = next(e for e in events if e[2] == "A2")
    assert a2[-2] == "01:00:01:16" and a2[1] == "1B"  # 30 + 10 frames, reel from the shot id
    # the picture EDL is still the picture only
    assert all(line.split()[2] == "V" for line in picture.read_text().splitlines() if line[:3].isdigit())
