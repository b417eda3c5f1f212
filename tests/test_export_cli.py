"""`previs export` and `previs conform` as a user runs them: subprocesses on real scripts."""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import opentimelineio as otio
import pypdfium2 as pdfium
import pytest

from renders.export.timeline_transitions import readable_edl

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "the-night-shift.fountain"


def previs(*args, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "previs", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=600)


def _greybox_available() -> bool:
    try:
        from renders.greybox import GreyboxRenderer  # noqa: F401
    except ImportError:
        return False
    return True


needs_renders = pytest.mark.skipif(not _greybox_available(), reason="the greybox renderer is not in the tree yet")


@pytest.fixture()
def script(tmp_path) -> Path:
    dst = tmp_path / "the-night-shift.fountain"
    shutil.copy(EXAMPLE, dst)
    return dst


UNICODE_SCRIPT = """\
Title: Fish & Chips <"Deluxe">, 李's Cut
Author: Zoë O'Hara & 李小龙

INT. CAFÉ "LE CHAT", KITCHEN - NIGHT #1#

ZOË wipes the counter. 李 watches, arms folded.

ZOË
Fish & chips? <Two>, "please", 李.

李
好的, Zoë.

O'HARA (O.S.)
Table four's waiting!

EXT. STREET - DAY #2#

The door slams.
"""


def test_plan_formats_go_to_the_project_exports_folder(script):
    result = previs("export", script, "--format", "csv,json", "--format", "shotlist-pdf", "-q")
    assert result.returncode == 0, result.stderr
    folder = script.with_name("the-night-shift.previs") / "exports"
    csv_path = folder / "the-night-shift.shotlist.csv"
    with csv_path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    doc = json.loads((folder / "the-night-shift.shotlist.json").read_text(encoding="utf-8"))
    ids = [r["Shot #"] for r in rows]
    assert ids == [r["Shot #"] for s in doc["scenes"] for r in s["shots"]]
    assert doc["title"] == "The Night Shift"
    pdf = pdfium.PdfDocument(str(folder / "the-night-shift.shotlist.pdf"))
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert all(sid in text for sid in ids)
    assert "shotlist-pdf" in result.stdout


def test_unicode_and_xml_specials_survive_the_plan_exports(tmp_path):
    folder = tmp_path / "Bob's cut"  # media paths with an apostrophe (the FCPXML writer's XPath trap)
    folder.mkdir()
    script = folder / "odd.fountain"
    script.write_text(UNICODE_SCRIPT, encoding="utf-8")
    out = folder / "out"
    result = previs("export", script, "--format", "csv,json", "-o", out, "-q")
    assert result.returncode == 0, result.stderr
    doc = json.loads((out / "odd.shotlist.json").read_text(encoding="utf-8"))
    assert doc["title"] == "Fish & Chips <\"Deluxe\">, 李's Cut"
    assert doc["author"] == "Zoë O'Hara & 李小龙"
    assert doc["scenes"][0]["location"].startswith('CAFÉ "LE CHAT"')
    with (out / "odd.shotlist.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows[0]["Location"] == doc["scenes"][0]["shots"][0]["Location"]


def test_one_format_with_a_file_name(script, tmp_path):
    target = tmp_path / "list.csv"
    result = previs("export", script, "--format", "csv", "-o", target, "-q")
    assert result.returncode == 0, result.stderr
    assert target.read_text(encoding="utf-8-sig").startswith("Scene #,Shot #,Setup #")


@pytest.mark.parametrize("args,message", [
    (["--format", "pdf"], "unknown export format 'pdf'"),
    ([], "say what to export with --format"),
    (["--format", "csv,json", "-o", "FILE"], "several formats need a folder"),
    (["--format", "csv,json", "-o", "list.pdf"], "several formats need a folder"),
])
def test_bad_export_arguments_are_one_line(script, tmp_path, args, message):
    (tmp_path / "FILE").write_text("x")
    args = [str(tmp_path / a) if a in ("FILE", "list.pdf") else a for a in args]
    result = previs("export", script, *args, "-q")
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_missing_script_is_one_line(tmp_path):
    result = previs("export", tmp_path / "nope.fountain", "--format", "csv")
    assert result.returncode == 2 and "nope.fountain: no such file" in result.stderr


def _project_cut(script: Path) -> list[tuple[str, int]]:
    """The project's current cut, as the pipeline times it (what an editor was given)."""
    code = ("import json,sys; from previs.pipeline import plan_script, make_voices, time_plan\n"
            "p = plan_script(sys.argv[1])\n"
            "with p.store.locked():\n"
            "    c, *_ = make_voices(p, 24)\n"
            "    t = time_plan(p, c, 24)\n"
            "print(json.dumps([[x.shot.id, x.frames] for x in t]))\n")
    out = subprocess.run([sys.executable, "-c", code, str(script)], capture_output=True, text=True, cwd=ROOT,
                         check=True, timeout=600)
    return [tuple(x) for x in json.loads(out.stdout)]


def test_conform_an_edited_edl_then_clear(script, tmp_path):
    before = _project_cut(script)
    assert len(before) >= 4
    (a, fa), (b, fb), (c, fc) = before[1], before[2], before[3]
    # the editor's cut: drop the first shot, shorten a, swap b and c
    edited = [(a, fa - 10), (c, fc), (b, fb)] + before[4:]
    tl = otio.schema.Timeline(name="edit")
    track = otio.schema.Track(kind=otio.schema.TrackKind.Video)
    tl.tracks.append(track)
    for sid, n in edited:
        track.append(otio.schema.Clip(name=sid, source_range=otio.opentime.TimeRange(
            otio.opentime.RationalTime(0, 24), otio.opentime.RationalTime(n, 24))))
    edl = tmp_path / "edit_v2.edl"
    otio.adapters.write_to_file(tl, str(edl), adapter_name="cmx_3600")

    dry = previs("conform", script, edl, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"removed {before[0][0]}" in dry.stdout and "dry run" in dry.stdout
    assert not (script.with_name("the-night-shift.previs") / "conform.json").exists()

    result = previs("conform", script, edl, "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["order"] == [sid for sid, _ in edited]
    assert report["frames"][a] == fa - 10
    assert report["removed"] == [before[0][0]]
    assert f"re-timed {a}: {fa} -> {fa - 10} frames" in " ".join(report["changes"])
    assert sum(line.startswith("moved") for line in report["changes"]) == 1
    saved = json.loads((script.with_name("the-night-shift.previs") / "conform.json").read_text())
    assert saved["format"] == 1 and saved["order"] == report["order"]  # the file says which format it is
    after = _project_cut(script)  # the pipeline applies the saved conform
    assert after == edited

    again = previs("conform", script, edl)
    assert again.returncode == 0 and "no change" in again.stdout

    cleared = previs("conform", script, "--clear")
    assert cleared.returncode == 0 and "conform cleared" in cleared.stdout
    assert _project_cut(script) == before


def test_a_conform_from_a_newer_previs_is_refused_in_one_line(script, tmp_path):
    project = script.with_name("the-night-shift.previs")
    assert previs("plan", script).returncode == 0  # a real project (a folder previs did not make is refused)
    (project / "conform.json").write_text(json.dumps({"format": 2, "order": [], "frames": {}, "removed": []}))
    edl = tmp_path / "cut.edl"
    edl.write_text("TITLE: cut\n")
    result = previs("conform", script, edl, "--dry-run")
    assert result.returncode == 2, result.stderr
    assert "conform.json" in result.stderr and "newer than this previs reads" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_conform_rejects_a_foreign_cut(script, tmp_path):
    edl = tmp_path / "other.edl"
    edl.write_text("TITLE: other\n\n001  REEL1    V     C        00:00:00:00 00:00:01:00 01:00:00:00 "
                   "01:00:01:00\n* FROM CLIP NAME:  interview_take3\n", encoding="utf-8")
    result = previs("conform", script, edl)
    assert result.returncode == 2
    assert "no clip in this cut is a shot of the project" in result.stderr
    assert "interview_take3" in result.stderr


@needs_renders
def test_every_format_at_once_reads_back_against_the_animatic(script, tmp_path):
    out = tmp_path / "handoff"
    result = previs("export", script, "--format", "all", "-o", out, "-q", "--size", "160x90")
    assert result.returncode == 0, result.stderr
    stem = "the-night-shift"
    ids = [r["Shot #"] for r in csv.DictReader((out / f"{stem}.shotlist.csv").open(encoding="utf-8-sig"))]
    cut = _project_cut(script)
    assert [sid for sid, _ in cut] == ids
    for name, adapter in [(".otio", "otio_json"), (".edl", "cmx_3600"), (".xml", "fcp_xml"), (".fcpxml", "fcpx_xml")]:
        if adapter == "cmx_3600":  # the example opens on FADE IN: a BL dissolve, which OTIO's reader
            # cannot start a track with; read it as `previs conform` does (issue 12)
            text = readable_edl((out / f"{stem}{name}").read_text(encoding="utf-8"))
            tl = otio.adapters.read_from_string(text, adapter_name=adapter, rate=24)
        else:
            tl = otio.adapters.read_from_file(str(out / f"{stem}{name}"), adapter_name=adapter)
        clips = tl.video_tracks()[0].find_clips(shallow_search=True)
        assert [(c.name, c.trimmed_range().duration.to_frames()) for c in clips] == cut, name
    board = pdfium.PdfDocument(str(out / f"{stem}.storyboard.pdf"))
    assert len(board) == -(-len(ids) // 6)
    assert (out / f"{stem}.srt").read_text(encoding="utf-8").count(" --> ") > 5
    assert (out / f"{stem}.animatic.mp4").is_file()


@needs_renders
def test_unicode_and_xml_specials_survive_every_format(tmp_path):
    script = tmp_path / "odd.fountain"
    script.write_text(UNICODE_SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    result = previs("export", script, "--format", "all", "-o", out, "-q", "--size", "160x90")
    assert result.returncode == 0, result.stderr
    title = "Fish & Chips <\"Deluxe\">, 李's Cut"
    for name, adapter in [(".otio", "otio_json"), (".edl", "cmx_3600"), (".xml", "fcp_xml"), (".fcpxml", "fcpx_xml")]:
        kwargs = {"rate": 24} if adapter == "cmx_3600" else {}
        tl = otio.adapters.read_from_file(str(out / f"odd{name}"), adapter_name=adapter, **kwargs)
        assert tl.name == title, name
        markers = [m.name.upper() for c in tl.video_tracks()[0].find_clips(shallow_search=True) for m in c.markers]
        assert markers[0] == 'SCENE 1: INT. CAFÉ "LE CHAT", KITCHEN - NIGHT', name
    for name, adapter in [(".otio", "otio_json"), (".xml", "fcp_xml"), (".fcpxml", "fcpx_xml")]:
        tl = otio.adapters.read_from_file(str(out / f"odd{name}"), adapter_name=adapter)
        audio = [c.name for t in tl.audio_tracks() for c in t.find_clips(shallow_search=True)]
        assert any(n.endswith(" ZOË") for n in audio), name
        assert any(n.endswith((" O'HARA", " O\u2019HARA")) for n in audio), (name, audio)
    assert 'ZOË: Fish & chips? <Two>, "please", 李.' in (out / "odd.srt").read_text(encoding="utf-8")
    for pdf_name in ("odd.shotlist.pdf", "odd.storyboard.pdf"):
        doc = pdfium.PdfDocument(str(out / pdf_name))
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        assert "Zoë O'Hara" in text and "ZOË" in text, pdf_name


def test_exported_csv_is_the_same_table_as_previs_plan(script, tmp_path):
    planned = previs("plan", script, "--format", "csv")
    assert planned.returncode == 0, planned.stderr
    exported = previs("export", script, "--format", "csv", "-o", tmp_path / "s.csv", "-q")
    assert exported.returncode == 0, exported.stderr
    ours = list(csv.reader((tmp_path / "s.csv").read_text(encoding="utf-8-sig").splitlines()))
    theirs = list(csv.reader(planned.stdout.splitlines()))
    assert ours == theirs


def test_export_modules_import_nothing_heavy_until_used():
    code = ("import sys\n"
            "import previs.cli, previs.commands.export, previs.commands.conform\n"
            "import renders.export.timeline, renders.export.conform, renders.export.subtitles\n"
            "import renders.export.shotlist_pdf, renders.export.storyboard_pdf, renders.export.fonts\n"
            "previs.cli.build_parser()\n"
            "print(sorted(m for m in ('opentimelineio', 'fpdf', 'av', 'srt', 'pypdfium2', 'PIL') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
