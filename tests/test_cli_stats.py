"""`previs stats` as a user runs it: the table and --json, on the example and on real scripts."""
from __future__ import annotations

import json

from conftest import EXAMPLE, run_previs


def test_stats_json_on_the_example():
    data = json.loads(run_previs("stats", "--json", EXAMPLE, check=True).stdout)
    assert data["title"] == "The Night Shift"
    assert data["scenes"] == 4
    names = [c["name"] for c in data["characters"]]
    assert set(names) == {"MARA", "DEV", "JUNO"}
    mara = next(c for c in data["characters"] if c["name"] == "MARA")
    assert mara["cues"] == 7 and mara["lines"] >= 7 and mara["words"] > 20 and mara["first_line"] == 17
    assert [c["cues"] for c in data["characters"]] == sorted((c["cues"] for c in data["characters"]), reverse=True)
    harbour = next(p for p in data["locations"] if p["location"] == "HARBOUR ROAD")
    assert harbour["int_ext"] == ["EXT"] and harbour["times"] == ["NIGHT"] and harbour["scenes"] == 1
    assert {p["location"] for p in data["locations"]} >= {"TAXI", "HARBOUR OFFICE"}
    assert 1 <= data["pages"] <= 4
    assert data["runtime_seconds"] == round(data["pages"] * 60)
    assert data["elements"]["character"] == sum(c["cues"] for c in data["characters"])
    assert data["dialogue_words"] == sum(s["dialogue_words"] for s in data["scene_list"])
    first = data["scene_list"][0]  # `FADE IN:` opens scene 1: no preamble scene 0 (issue 12)
    assert first["heading"] == "EXT. HARBOUR ROAD - NIGHT" and first["id"] == "1"
    assert "MARA OKAFOR" in first["introduced"] and first["eighths"] >= 1


def test_stats_table_on_the_example():
    out = run_previs("stats", EXAMPLE, check=True).stdout
    for text in ("The Night Shift", "Scenes", "Pages", "Runtime", "Characters", "Locations",
                 "MARA", "DEV", "JUNO", "HARBOUR OFFICE", "Cues", "Words"):
        assert text in out, text


def test_stats_on_an_empty_file(tmp_path):
    empty = tmp_path / "empty.fountain"
    empty.write_text("", encoding="utf-8")
    data = json.loads(run_previs("stats", "--json", empty, check=True).stdout)
    assert data["scenes"] == 0 and data["characters"] == [] and data["pages"] == 0
    assert run_previs("stats", empty).returncode == 0


def test_stats_bad_input_is_one_line(tmp_path):
    proc = run_previs("stats", tmp_path / "missing.fountain")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"{tmp_path / 'missing.fountain'}: no such file"


def test_stats_big_fish(corpus):
    data = json.loads(run_previs("stats", "--json", corpus / "big-fish.fountain", check=True).stdout)
    assert data["scenes"] == 190
    assert data["elements"]["character"] == 768
    top = data["characters"][0]
    assert top["name"] == "EDWARD" and top["cues"] > 250
    assert 115 <= data["pages"] <= 125  # printed: 122 pages with the title page
    assert 100 * 60 <= data["runtime_seconds"] <= 130 * 60
