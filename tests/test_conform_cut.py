"""Conform: an editor's cut read back from every format, including an EDL edited as text."""
from __future__ import annotations

import opentimelineio as otio
import pytest

from renders.export.conform import Conform, conform_cut, describe_changes
from renders.export.timeline import TIMELINE_FORMATS, build_timeline, export_timeline, write_timeline
from screenplay.errors import PrevisError
from test_export_samples import FPS, SPECS, TITLE, make_animatic

PREVIOUS = [(sid, spec[3]) for sid, spec in SPECS.items()]  # 1A 30, 1B 36, 2A 28, 2B 24, 2C 32


@pytest.fixture(scope="module")
def animatic(tmp_path_factory):
    return make_animatic(tmp_path_factory.mktemp("media"))


@pytest.mark.parametrize("fmt", list(TIMELINE_FORMATS))
def test_an_untouched_export_conforms_to_no_change(animatic, tmp_path, fmt):
    timed, rendered = animatic
    path = export_timeline(timed, rendered, tmp_path / f"cut{TIMELINE_FORMATS[fmt][1]}", TITLE, fmt)
    result = conform_cut(path, PREVIOUS, FPS)
    assert result.conform == Conform(tuple(SPECS), dict(PREVIOUS))
    assert result.changes == ("no change: the cut matches the project",)


def _edl_events(text: str) -> tuple[list[str], list[list[str]]]:
    """Split an EDL into its header and its events (an event line plus its comments)."""
    header, events = [], []
    for line in text.splitlines():
        if line[:3].isdigit():
            events.append([line])
        elif events:
            events[-1].append(line)
        else:
            header.append(line)
    return header, events


def _tc(frames: int) -> str:
    return otio.opentime.to_timecode(otio.opentime.RationalTime(frames, FPS), FPS)


def _rewrite_event(event: list[str], number: int, src_frames: int, rec_in: int) -> list[str]:
    parts = event[0].split()
    parts[0] = f"{number:03d}"
    parts[-4:] = [_tc(0), _tc(src_frames), _tc(rec_in), _tc(rec_in + src_frames)]
    line = f"{parts[0]}  {parts[1]:8} {parts[2]:5} {parts[3]}        {' '.join(parts[-4:])}"
    return [line, *event[1:]]


def test_an_edl_edited_by_hand_conforms_back(animatic, tmp_path):
    """The editor trims 1B to 20 frames, swaps 2A and 2B, and drops 2C."""
    timed, rendered = animatic
    path = export_timeline(timed, rendered, tmp_path / "cut.edl", TITLE, "edl")
    header, events = _edl_events(path.read_text(encoding="utf-8"))
    by_id = {ev[1].split("CLIP NAME:")[1].strip(): ev for ev in events}
    new = [("1A", 30), ("1B", 20), ("2B", 24), ("2A", 28)]
    rec = 3600 * FPS
    lines = list(header)
    for n, (sid, frames) in enumerate(new, start=1):
        lines += _rewrite_event(by_id[sid], n, frames, rec)
        rec += frames
    edited = tmp_path / "edited.edl"
    edited.write_text("\n".join(lines) + "\n", encoding="utf-8")

    result = conform_cut(edited, PREVIOUS, FPS)
    assert result.conform.order == ("1A", "1B", "2B", "2A")
    assert result.conform.frames == {"1A": 30, "1B": 20, "2B": 24, "2A": 28}
    assert "removed 2C" in result.changes
    assert "re-timed 1B: 36 -> 20 frames (1.50s -> 0.83s)" in result.changes
    assert sum(c.startswith("moved") for c in result.changes) == 1


@pytest.mark.parametrize("fmt", ["fcp-xml", "fcpxml", "otio"])
def test_a_reordered_timeline_conforms_back(animatic, tmp_path, fmt):
    """Re-cut in OTIO (as an editor's tool would) and written by the same adapter."""
    timed, rendered = animatic
    tl = build_timeline(timed, rendered, TITLE)
    video = tl.video_tracks()[0]
    clips = list(video)
    clips[0].source_range = otio.opentime.TimeRange(clips[0].source_range.start_time,
                                                    otio.opentime.RationalTime(18, FPS))
    for c in clips[1:]:
        c.metadata.pop("previs")  # the editor's tool keeps only names
    video[:] = [otio.schema.Clip(name=c.name, media_reference=c.media_reference.clone(),
                                 source_range=c.source_range) for c in [clips[4], clips[0], clips[1], clips[2]]]
    path = write_timeline(tl, tmp_path / f"edited{TIMELINE_FORMATS[fmt][1]}", fmt)
    result = conform_cut(path, PREVIOUS, FPS)
    assert result.conform.order == ("2C", "1A", "1B", "2A")
    assert result.conform.frames["1A"] == 18
    assert "removed 2B" in result.changes
    assert "moved 2C: now first" in result.changes


def test_renamed_and_foreign_clips(animatic, tmp_path):
    timed, rendered = animatic
    tl = build_timeline(timed, rendered, TITLE)
    video = tl.video_tracks()[0]
    video[0].name = "1a v2"
    video[0].metadata.pop("previs")
    video.append(otio.schema.Clip(name="stock footage", source_range=otio.opentime.TimeRange(
        otio.opentime.RationalTime(0, FPS), otio.opentime.RationalTime(10, FPS))))
    path = write_timeline(tl, tmp_path / "edited.otio", "otio")
    with pytest.raises(PrevisError) as err:  # a clip the project cannot play back is not dropped silently
        conform_cut(path, PREVIOUS, FPS)
    assert err.value.message.startswith("clip 'stock footage' names no shot of the project")
    video.pop()
    result = conform_cut(write_timeline(tl, tmp_path / "edited.otio", "otio"), PREVIOUS, FPS)
    assert result.conform.order == tuple(SPECS)  # "1a v2" is 1A renamed


def test_describe_changes_reports_one_move_for_a_swap():
    changes = describe_changes(PREVIOUS, Conform(("1A", "2A", "1B", "2B", "2C"), dict(PREVIOUS)))
    assert changes == ["moved 2A: now after 1A"]


@pytest.mark.parametrize("content,suffix,message", [
    (None, ".edl", "no such file"),
    ("hello", ".txt", "unknown cut format"),
    ("TITLE: x\n\n001  FOO      V     C        00:00:00:00 00:00:01:00 01:00:00:00 01:00:01:00\n"
     "* FROM CLIP NAME:  stranger\n", ".edl", "no clip in this cut is a shot"),
    ("{not json", ".otio", "cannot read this cut"),
])
def test_bad_cuts_are_one_line_errors(tmp_path, content, suffix, message):
    path = tmp_path / f"cut{suffix}"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PrevisError) as err:
        conform_cut(path, PREVIOUS, FPS)
    assert message in str(err.value) and "\n" not in str(err.value)
    assert err.value.path == str(path)
