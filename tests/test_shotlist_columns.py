"""The complete shot list through the CLI: per-shot eighths, dialogue, transitions, props,
wardrobe, effects, the header, and the shooting order, read back from CSV, JSON and PDF.

Expectations come from the script text below (line numbers counted by hand):
line 4 ``FADE IN:`` comes before the first scene, line 8 is the action (a brass KEY,
a leather apron, smoke), line 11 is RAY's only speech, line 13 ``DISSOLVE TO:``
ends scene 1, and scene 2's action (line 17) is rain. Scene 1 prints in eleven
lines from its heading to the next (heading, blank, two of action, blank, cue, two
of speech at 35 characters, blank, transition, blank): 1.6 eighths of a 55-line
page, so 2/8; each of its shots covers at most six of those lines, under one
eighth, written 1/8 (breakdowns never write less).
"""
from __future__ import annotations

import csv
import json

import pypdfium2 as pdfium

from conftest import run_previs
from shots.shotlist import COLUMNS

SCRIPT = """\
Title: Shot List Test
Draft date: 1 May 2026

FADE IN:

INT. WORKSHOP - NIGHT

RAY, 40s, in a leather apron, lifts a brass KEY. Smoke drifts from the forge.

RAY
This key opens everything in the old house.

DISSOLVE TO:

EXT. YARD - DAY

Rain. RAY runs to the gate.
"""


def _export(tmp_path, *extra: str):
    script = tmp_path / "list.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    run_previs("export", script, "--format", "csv,json,shotlist-pdf", "-o", f"{out}/", "-q", *extra, check=True)
    with (out / "list.shotlist.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    doc = json.loads((out / "list.shotlist.json").read_text(encoding="utf-8"))
    pdf = pdfium.PdfDocument(str(out / "list.shotlist.pdf"))
    text = "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return rows, doc, text


def test_shot_list_columns_agree_across_csv_json_and_pdf(tmp_path):
    rows, doc, text = _export(tmp_path)
    assert tuple(rows[0]) == COLUMNS and doc["columns"] == list(COLUMNS)
    json_rows = [r for s in doc["scenes"] for r in s["shots"]]
    assert json_rows == rows  # the same cells, in the same order
    scene1 = [r for r in rows if r["Scene #"] == "1"]
    scene2 = [r for r in rows if r["Scene #"] == "2"]
    assert scene1 and scene2
    # per-shot eighths from the typeset page
    assert all(r["Page (eighths)"] == "1/8" for r in scene1)
    assert [s["eighths"] for s in doc["scenes"] if s["scene"] == "1"] == [2]
    # transitions: FADE IN before the first shot, DISSOLVE (TO:) between the scenes, cuts inside
    assert scene1[0]["Transition in"] == "FADE IN"
    assert scene1[-1]["Transition out"] == "DISSOLVE" and scene2[0]["Transition in"] == "DISSOLVE"
    assert all(r["Transition out"] == "CUT" for r in scene1[:-1])
    # dialogue: first six words and the line it is on
    speech = [r for r in scene1 if r["Dialogue"]]
    assert speech and all(r["Dialogue"] == "RAY: This key opens everything in the\u2026" for r in speech)
    assert all(r["Dialogue lines"] == "11" for r in speech)
    # the action's shot: the key, the apron, the smoke; scene 2 has rain
    assert any("key" in r["Props"] for r in scene1)
    assert any("apron" in r["Wardrobe"] for r in scene1)
    assert any("SFX: smoke" in r["FX"] for r in scene1)
    assert any("SFX: rain" in r["FX"] for r in scene2)
    # the header
    assert doc["header"] == {"Frame rate": "24 fps", "Aspect ratio": "16:9 (1.78:1)", "Draft date": "1 May 2026"}
    assert "Frame rate: 24 fps" in text and "Draft date: 1 May 2026" in text
    # the PDF holds the same columns (short headings) and cells
    for heading in ("Sc.", "Shot", "Pages", "Dialogue", "Lines", "In", "Out", "Props", "Wardrobe", "FX"):
        assert heading in text
    for r in rows:
        assert r["Shot #"] in text
    assert "DISSOLVE" in text and "FADE IN" in text and "SFX: rain" in text  # narrow columns wrap


def test_shooting_order_groups_shots_by_setup(tmp_path):
    script_rows, _, _ = _export(tmp_path)
    rows, doc, text = _export(tmp_path, "--order", "setup")
    assert doc["order"] == "setup" and "shooting order" in text
    assert sorted(r["Shot #"] for r in rows) == sorted(r["Shot #"] for r in script_rows)
    for scene in doc["scenes"]:
        setups = [int(r["Setup #"]) for r in scene["shots"]]
        assert setups == sorted(setups)
        assert scene["setups"] == len(set(setups))
        assert f"{scene['setups']} setup" in text


def test_exports_report_progress(tmp_path):
    script = tmp_path / "list.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    r = run_previs("export", script, "--format", "shotlist-pdf,script-pdf,lined-script-pdf,csv",
                   "-o", f"{tmp_path}/", check=True)
    # without a terminal, one line per finished stage on stderr: each export's own, per scene or page
    for stage in ("export shotlist-pdf", "export script-pdf", "export lined-script-pdf", "export csv"):
        assert f"{stage}: 1/1" in r.stderr, r.stderr
    assert "export shotlist-pdf: 2/2" in r.stderr  # scene by scene (FADE IN: is scene 1.s lead-in)
