"""`previs plan` and `previs characters` as a user runs them: subprocesses on real files."""
from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "the-night-shift.fountain"

COLUMNS = ["Scene #", "Shot #", "Setup #", "INT/EXT", "Location", "Day/Night", "Description", "Size", "Type",
           "Angle", "Movement", "Lens (mm)", "Equipment", "Cast", "Page (eighths)", "Dialogue", "Dialogue lines",
           "Transition in", "Transition out", "Props", "Wardrobe", "FX", "Est. duration", "Sound", "Notes"]


def previs(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    full = dict(os.environ, **(env or {}))
    full.pop("PREVIS_LLM_MODEL", None)
    return subprocess.run([sys.executable, "-m", "previs", *args], capture_output=True, text=True,
                          cwd=cwd, env=full, timeout=120)


@pytest.fixture()
def script(tmp_path):
    path = tmp_path / "night.fountain"
    shutil.copy(EXAMPLE, path)
    return path


def test_table_lists_every_scene(script):
    r = previs("plan", str(script), cwd=script.parent)
    assert r.returncode == 0, r.stderr
    for heading in ("EXT. HARBOUR ROAD - NIGHT", "INT. TAXI - CONTINUOUS", "INT. HARBOUR OFFICE - NIGHT"):
        assert heading in r.stdout
    assert "2A" in r.stdout and "establishing" in r.stdout
    assert "planner: heuristic" in r.stdout
    assert (script.parent / "night.previs" / "bible.yaml").exists()


def test_csv_has_the_production_columns_in_order(script):
    r = previs("plan", str(script), "--format", "csv", cwd=script.parent)
    assert r.returncode == 0, r.stderr
    rows = list(csv.reader(io.StringIO(r.stdout)))
    assert rows[0] == COLUMNS
    body = [dict(zip(COLUMNS, row)) for row in rows[1:]]
    taxi = [row for row in body if row["Scene #"] == "2"]
    assert taxi[0]["Shot #"] == "2A" and taxi[0]["INT/EXT"] == "INT" and taxi[0]["Location"] == "TAXI"
    # CONTINUOUS after the NIGHT harbour road: the column carries the resolved time (issue 12)
    assert all(row["Day/Night"] == "NIGHT" for row in taxi)
    assert any(row["Type"] == "insert" and "key" in row["Notes"] for row in taxi)
    assert any("MARA OKAFOR" in row["Cast"] for row in taxi)
    assert {row["Sound"] for row in body} >= {"MOS", "sync", "V.O./O.S."}
    assert all(row["Est. duration"].endswith("s") for row in body)


def test_json_is_deterministic_across_processes_and_hash_seeds(script, tmp_path):
    a = previs("plan", str(script), "--format", "json", "--project", str(tmp_path / "p1"), cwd=script.parent,
               env={"PYTHONHASHSEED": "1"})
    b = previs("plan", str(script), "--format", "json", "--project", str(tmp_path / "p2"), cwd=script.parent,
               env={"PYTHONHASHSEED": "2"})
    assert a.returncode == 0 and b.returncode == 0, a.stderr + b.stderr
    assert a.stdout == b.stdout
    doc = json.loads(a.stdout)
    assert doc["planner"] == "heuristic" and doc["title"] == "The Night Shift"
    shots = [s for sc in doc["scenes"] for s in sc["shots"]]
    assert len({s["id"] for s in shots}) == len(shots)
    assert all(s["prompt"] and s["seed"] > 0 for s in shots)


def test_scene_selection_and_output_file(script):
    out = script.parent / "scene2.csv"
    r = previs("plan", str(script), "--scene", "2", "--format", "csv", "-o", str(out), cwd=script.parent)
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and {row["Scene #"] for row in rows} == {"2"}
    assert r.stdout == ""


def test_unknown_scene_and_missing_script_are_one_line_errors(script):
    r = previs("plan", str(script), "--scene", "99", cwd=script.parent)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "99" in r.stderr
    r = previs("plan", str(script.parent / "nope.fountain"), cwd=script.parent)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    r = previs("plan", str(script), "--llm-fallback", cwd=script.parent)
    assert r.returncode == 2 and "--planner llm" in r.stderr


def test_characters_and_a_hand_edit_that_survives_replanning(script):
    r = previs("characters", str(script), "--json", cwd=script.parent)
    assert r.returncode == 0, r.stderr
    chars = json.loads(r.stdout)
    assert [c["id"] for c in chars] == ["mara-okafor", "dev-patel-rios", "juno-kestrel"]
    assert all(c["version"] == 1 for c in chars)
    table = previs("characters", str(script), cwd=script.parent)
    assert table.returncode == 0 and "yellow rain jacket" in table.stdout and "bible.yaml" in table.stdout

    bible = script.parent / "night.previs" / "bible.yaml"
    text = bible.read_text("utf-8")
    look = "50s, heavy-set, grey cardigan, reading glasses on a cord"
    bible.write_text(text.replace(look, "50s, heavy-set, tweed flat cap", 1), "utf-8")

    r = previs("plan", str(script), "--format", "json", cwd=script.parent)
    assert r.returncode == 0, r.stderr
    shots = [s for sc in json.loads(r.stdout)["scenes"] for s in sc["shots"]]
    with_dev = [s for s in shots if "dev-patel-rios" in s["subjects"]]
    assert with_dev and all("50s, heavy-set, tweed flat cap" in s["prompt"] for s in with_dev)
    chars = {c["id"]: c for c in json.loads(previs("characters", str(script), "--json", cwd=script.parent).stdout)}
    assert chars["dev-patel-rios"]["look"] == "50s, heavy-set, tweed flat cap"
    assert chars["dev-patel-rios"]["version"] == 2 and chars["mara-okafor"]["version"] == 1


def test_broken_bible_file_is_a_one_line_error(script):
    assert previs("characters", str(script), cwd=script.parent).returncode == 0
    bible = script.parent / "night.previs" / "bible.yaml"
    bible.write_text(bible.read_text("utf-8").replace("silhouette: slim", "silhouette: blob", 1), "utf-8")
    r = previs("plan", str(script), cwd=script.parent)
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert "blob" in r.stderr and "bible.yaml" in r.stderr


def _juno_prompts(script):
    r = previs("plan", str(script), "--format", "json", cwd=script.parent)
    assert r.returncode == 0, r.stderr
    return {s["id"]: s["prompt"] for sc in json.loads(r.stdout)["scenes"] for s in sc["shots"]
            if "juno-kestrel" in s["subjects"]}


def test_editing_a_silent_characters_look_replans_every_scene_that_shows_them(script):
    before = _juno_prompts(script)
    assert any(k.startswith("4") for k in before), "Juno is in frame at the pier without speaking"
    bible = script.parent / "night.previs" / "bible.yaml"
    bible.write_text(bible.read_text("utf-8").replace("silver braid, oversized naval coat", "green hat", 1), "utf-8")
    after = _juno_prompts(script)
    assert after.keys() == before.keys()
    assert all("green hat" in p for p in after.values())
