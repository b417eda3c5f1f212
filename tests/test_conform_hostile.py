"""`previs conform` given cuts no editor would make, as the issue-13 probe made them: each is one
line naming the clip, exit 2, and nothing saved; none reaches OTIO's reader if it could crash it."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import opentimelineio as otio
import pytest

from conftest import EXAMPLE, run_previs


@pytest.fixture(scope="module")
def script(tmp_path_factory) -> Path:
    dst = tmp_path_factory.mktemp("conform") / EXAMPLE.name
    shutil.copyfile(EXAMPLE, dst)
    plan = json.loads(run_previs("plan", dst, "--format", "json", check=True).stdout)
    assert {"1A", "1B"} <= {s["id"] for sc in plan["scenes"] for s in sc["shots"]}
    return dst


def refused(script: Path, cut: Path) -> str:
    proc = run_previs("conform", script, cut, timeout=300)
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr[-2000:])
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"{cut}: "), proc.stderr[-2000:]
    assert not (script.with_name(script.stem + ".previs") / "conform.json").exists()
    return lines[0][len(f"{cut}: "):]


def otio_cut(path: Path, clips: list[tuple[str, float, float]]) -> Path:
    """An .otio whose clips are ``(name, duration value, rate)``, written as OTIO writes it."""
    tl = otio.schema.Timeline(name="edit")
    track = otio.schema.Track(kind=otio.schema.TrackKind.Video)
    tl.tracks.append(track)
    for name, value, rate in clips:
        track.append(otio.schema.Clip(name=name, source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(value, rate))))
    otio.adapters.write_to_file(tl, str(path), adapter_name="otio_json")
    return path


def test_a_cut_nested_fifty_thousand_levels_is_refused_before_reading(script, tmp_path):
    """The probe's file segfaulted inside OTIO's reader: stacks inside stacks, 50,000 deep."""
    depth = 50_000
    opening = '{"OTIO_SCHEMA": "Stack.1", "name": "", "children": ['
    body = opening * depth + "]}" * depth
    cut = tmp_path / "deep.otio"
    cut.write_text('{"OTIO_SCHEMA": "Timeline.1", "name": "x", "tracks": ' + body + "}", "utf-8")
    assert refused(script, cut) == ("the cut nests over 200 levels deep; an edit is a few dozen "
                                    "(a damaged or hostile file?)")


def test_an_xml_cut_nested_deeply_is_refused_too(script, tmp_path):
    cut = tmp_path / "deep.xml"
    cut.write_text('<?xml version="1.0"?>\n<xmeml version="4">' + "<sequence>" * 5000
                   + "</sequence>" * 5000 + "</xmeml>\n", "utf-8")
    assert refused(script, cut).startswith("the cut nests over 200 levels deep")


@pytest.mark.parametrize("value,rate,says", [
    (float("inf"), 24, "clip 1 '1A' lasts inf frames at 24 fps: not a length"),
    (float("nan"), 24, "clip 1 '1A' lasts nan frames at 24 fps: not a length"),
    (24, 0, "clip 1 '1A' lasts 24 frames at 0 fps: not a length"),
    (10**12, 24, "clip 1 '1A' lasts 1000000000000 frames (11574074.1 h); previs makes shots up to "
                 "10 minutes (14400 frames)"),
    (0, 24, "clip 1 '1A' lasts 0 frames; a shot lasts at least one"),
])
def test_impossible_durations_name_the_clip(script, tmp_path, value, rate, says):
    cut = otio_cut(tmp_path / "edit.otio", [("1A", value, rate), ("1B", 30, 24)])
    assert refused(script, cut) == says


def _edl(events: list[tuple[str, str, str]]) -> str:
    """A CMX 3600 EDL by hand: one event per ``(clip name, source in, source out)``, recorded back to back."""
    lines = ["TITLE: edit", "FCM: NON-DROP FRAME", ""]
    rec = otio.opentime.from_timecode("01:00:00:00", 24)
    for n, (name, src_in, src_out) in enumerate(events, start=1):
        length = otio.opentime.from_timecode(src_out, 24) - otio.opentime.from_timecode(src_in, 24)
        rec_out = rec + length
        lines.append(f"{n:03d}  AX       V     C        {src_in} {src_out} "
                     f"{otio.opentime.to_timecode(rec, 24)} {otio.opentime.to_timecode(rec_out, 24)}")
        lines.append(f"* FROM CLIP NAME:  {name}")
        rec = rec_out
    return "\n".join(lines) + "\n"


def test_a_negative_edl_duration_names_the_clip(script, tmp_path):
    cut = tmp_path / "edit.edl"
    # event 2 runs backwards: its source out is a second before its source in
    cut.write_text(_edl([("1A", "00:00:00:00", "00:00:01:00"), ("1B", "00:00:02:00", "00:00:01:00")]), "utf-8")
    assert refused(script, cut) == "clip 2 '1B' lasts -24 frames; a shot lasts at least one"


def test_a_clip_that_names_no_shot_is_refused(script, tmp_path):
    cut = tmp_path / "edit.edl"
    cut.write_text(_edl([("1A", "00:00:00:00", "00:00:01:00"), ("stock footage", "00:00:00:00", "00:00:02:00")]),
                   "utf-8")
    assert refused(script, cut) == ("clip 'stock footage' names no shot of the project; clips are matched by "
                                    "shot id (e.g. 12A): rename it or take it out of the cut")


def test_an_oversized_cut_is_refused_unread(script, tmp_path):
    cut = tmp_path / "huge.otio"
    with open(cut, "wb") as fh:
        fh.truncate(65 * 2**20)  # sparse: 65 MiB of nothing on disk
    assert refused(script, cut) == "the cut is 65 MiB; an edit of a feature is a few MiB (limit 64 MiB)"
