"""The bible's reading fields: kind (voice), pronoun, roles and looks per scene range, in bible.yaml and prompts."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import screenplay
from conftest import run_previs
from screenplay.errors import PrevisError
from shots.bible import extract_bible
from shots.bible_store import bible_from_yaml, bible_to_yaml, merge_bible

SCRIPT = """INT. SCHOOL - DAY

BEN (8, freckled, red cap) waits for the bus. He waves.

ANSWERING MACHINE
You have one new message.

INT. LAWYER'S OFFICE - DAY

Thirty years later. BEN, now 40 with grey hair, signs a contract.
"""


def _bible():
    return extract_bible(screenplay.parse(SCRIPT))


def test_reading_fields_are_extracted():
    bible = _bible()
    ben = bible.get("BEN")
    assert ben.look == "8, freckled, red cap" and ben.pronoun == "he"
    assert ben.looks == (("2", "40 with grey hair"),)  # from scene 2 on
    assert bible.get("ANSWERING MACHINE").kind == "voice"


def test_reading_fields_round_trip_and_survive_a_merge():
    bible = _bible()
    text = bible_to_yaml(bible)
    back = bible_from_yaml(text)
    assert tuple(back.entries) == tuple(bible.entries)
    assert bible_to_yaml(merge_bible(bible, back)) == text


def test_a_hand_edited_later_look_reaches_the_prompts_of_its_scenes(tmp_path: Path):
    script = tmp_path / "ben.fountain"
    script.write_text(SCRIPT, "utf-8")
    run_previs("plan", script, check=True)
    bible_yaml = tmp_path / "ben.previs" / "bible.yaml"
    text = bible_yaml.read_text("utf-8")
    assert "from_scene: '2'" in text and "look: 40 with grey hair" in text
    bible_yaml.write_text(text.replace("look: 40 with grey hair", "look: 40, bald, navy suit"), "utf-8")
    plan = json.loads(run_previs("plan", script, "--format", "json", check=True).stdout)
    shots = [s for p in plan["scenes"] for s in p["shots"]]
    office = [s for s in shots if s["scene"] == "2" and "ben" in s["subjects"]]
    school = [s for s in shots if s["scene"] == "1" and "ben" in s["subjects"]]
    assert office and all("40, bald, navy suit" in s["prompt"] for s in office)
    assert school and all("8, freckled, red cap" in s["prompt"] and "navy" not in s["prompt"] for s in school)


@pytest.mark.parametrize("field, words", [
    ("kind: ghost", "kind 'ghost'"),
    ("pronoun: it", "pronoun 'it'"),
    ("looks: [oops]", "looks a list"),
])
def test_bad_reading_fields_fail_with_one_line(field, words):
    with pytest.raises(PrevisError) as err:
        bible_from_yaml(f"characters:\n- id: x\n  name: X\n  {field}\n", path="bible.yaml")
    assert words in str(err.value) and str(err.value).startswith("bible.yaml")


def test_a_later_look_in_a_named_colour_dresses_the_greybox_figure_in_its_scenes():
    import dataclasses

    from shots.looks import colour_in_scene

    ben = _bible().get("BEN")
    assert colour_in_scene(ben, "1") == ben.color  # red cap: his colour from the start
    assert colour_in_scene(ben, "2") == ben.color  # "40 with grey hair" names no garment
    suited = dataclasses.replace(ben, looks=(("2", "40, bald, navy suit"),))
    assert colour_in_scene(suited, "1") == ben.color
    r, g, b = (int(colour_in_scene(suited, "2")[i:i + 2], 16) for i in (1, 3, 5))
    assert b > r and b > g  # navy
