"""The character bible: extraction, distinct looks/voices/colours, YAML round-trip, merging edits."""
from __future__ import annotations

from pathlib import Path

import pytest

import screenplay
from screenplay.errors import PrevisError
from shots.bible import extract_bible, slug
from shots.bible_store import bible_from_yaml, bible_to_yaml, merge_bible

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "the-night-shift.fountain"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _example(text: str | None = None):
    return screenplay.parse(text if text is not None else EXAMPLE.read_text("utf-8"))


def test_introductions_give_looks_and_cues_become_aliases():
    bible = extract_bible(_example())
    assert [e.id for e in bible.entries] == ["mara-okafor", "dev-patel-rios", "juno-kestrel"]
    mara = bible.get("MARA")  # the cue resolves through the alias
    assert mara.id == "mara-okafor"
    # the satchel is a prop she carries in that moment (she opens it in scene 2), not her look
    assert mara.look == "30s, wiry, yellow rain jacket, close-cropped hair"
    assert bible.get("dev-patel-rios").look == "50s, heavy-set, grey cardigan, reading glasses on a cord"
    assert bible.get("DEV").silhouette == "broad" and bible.get("JUNO").silhouette == "short"
    assert mara.voice.variant.startswith("f") and bible.get("DEV").voice.variant.startswith("m")
    assert bible.get("JUNO").voice.variant.startswith("f")


def test_voices_and_colours_are_distinct_and_seeds_depend_on_the_id():
    bible = extract_bible(_example())
    assert len({e.color for e in bible.entries}) == len(bible.entries)
    voices = [(e.voice.variant, e.voice.pitch, e.voice.rate) for e in bible.entries]
    assert len(set(voices)) == len(voices)
    assert len({v[0] for v in voices}) == len(voices)
    again = extract_bible(_example())
    assert again == bible


def test_sound_effects_and_props_in_capitals_are_not_characters():
    text = ("INT. ROOM - DAY\n\nA phone RINGS. The KEYS jangle. TOM (20s, lanky, denim jacket) answers.\n\n"
            "TOM\nHello?\n\nA VOICE (O.S.)\nIt's me.\n")
    bible = extract_bible(_example(text))
    assert [e.id for e in bible.entries] == ["tom", "a-voice"]
    assert bible.get("tom").look == "20s, lanky, denim jacket" and bible.get("tom").silhouette == "tall"


def test_many_characters_still_get_distinct_voices_and_colours():
    cues = "\n\n".join(f"PERSON {chr(65 + i)}{chr(65 + j)}\nLine {i}-{j}." for i in range(5) for j in range(6))
    bible = extract_bible(_example("INT. HALL - DAY\n\n" + cues + "\n"))
    assert len(bible.entries) == 30
    assert len({e.color for e in bible.entries}) == 30
    assert len({(e.voice.variant, e.voice.pitch, e.voice.rate) for e in bible.entries}) == 30
    assert all(0 <= e.voice.pitch <= 99 for e in bible.entries)


def test_a_cast_larger_than_the_voice_space_shares_voices_instead_of_hanging():
    """600 one-line parts: more than the distinct voices of one gender; extraction ends, the first hundreds differ."""
    text = "".join(f"INT. ROOM {n} - DAY\n\nPERSON{n} (30s) waits.\n\nPERSON{n}\nHello, number {n}.\n\n"
                   for n in range(600))
    bible = extract_bible(_example(text))
    assert len(bible.entries) == 600
    voices = [(e.voice.variant, e.voice.pitch, e.voice.rate) for e in bible.entries]
    assert len(set(voices[:200])) == 200


def test_yaml_round_trip_is_exact_and_stable():
    bible = extract_bible(_example())
    text = bible_to_yaml(bible)
    back = bible_from_yaml(text)
    assert tuple(back.entries) == tuple(bible.entries)
    assert bible_to_yaml(merge_bible(bible, back)) == text  # nothing changed: same bytes


def test_user_edits_survive_and_bump_the_version_once():
    extracted = extract_bible(_example())
    text = bible_to_yaml(extracted)
    edited = text.replace("30s, wiry, yellow rain jacket, close-cropped hair",
                          "30s, wiry, RED rain jacket", 1)  # the look, not previs's script_look
    assert edited != text
    stored = bible_from_yaml(edited)
    assert stored.get("mara-okafor").version == 2
    merged = merge_bible(extract_bible(_example()), stored)
    assert merged.get("mara-okafor").look == "30s, wiry, RED rain jacket"
    assert merged.get("mara-okafor").version == 2
    assert merged.get("dev-patel-rios").version == 1
    # written back and read again: no further bump
    again = merge_bible(extract_bible(_example()), bible_from_yaml(bible_to_yaml(merged)))
    assert again.get("mara-okafor").version == 2 and again.get("mara-okafor").look == "30s, wiry, RED rain jacket"


def test_script_changes_reach_unedited_entries_only():
    original = EXAMPLE.read_text("utf-8")
    stored = bible_from_yaml(bible_to_yaml(extract_bible(_example())).replace(
        "70s, tiny, silver braid, oversized naval coat", "70s, tiny, eyepatch", 1))
    changed = original.replace("reading glasses on a cord", "a flat cap").replace("silver braid", "white bun")
    changed = changed.replace("JUNO\nI say", "PILOT (60s, bald)\nAhoy.\n\nJUNO\nI say")
    merged = merge_bible(extract_bible(_example(changed)), stored)
    dev = merged.get("DEV")
    assert dev.look == "50s, heavy-set, grey cardigan, a flat cap" and dev.version == 2
    juno = merged.get("JUNO")
    assert juno.look == "70s, tiny, eyepatch" and juno.version == 2  # the user's words win
    pilot = merged.get("PILOT")
    assert pilot is not None and pilot.version == 1
    assert len({e.color for e in merged.entries}) == len(merged.entries)
    assert len({(e.voice.variant, e.voice.pitch, e.voice.rate) for e in merged.entries}) == len(merged.entries)


def test_hand_added_characters_are_kept():
    text = bible_to_yaml(extract_bible(_example()))
    text += ("- id: ghost\n  name: GHOST\n  look: translucent sailor\n  color: '#aaaaaa'\n"
             "  silhouette: tall\n  voice: {variant: m7, pitch: 10, rate: 120}\n")
    merged = merge_bible(extract_bible(_example()), bible_from_yaml(text))
    assert merged.get("ghost").look == "translucent sailor"


@pytest.mark.parametrize("bad, words", [
    ("characters: [\n", "not valid YAML"),
    ("format: 1\n", "characters:"),
    ("characters:\n- id: x\n  name: X\n  color: red\n", "#rrggbb"),
    ("characters:\n- id: x\n  name: X\n  silhouette: blob\n", "silhouette 'blob'"),
    ("characters:\n- id: x\n  name: X\n  voice: {pitch: 200}\n", "pitch 200"),
])
def test_broken_bible_files_fail_with_one_line(bad, words):
    with pytest.raises(PrevisError) as err:
        bible_from_yaml(bad, path="bible.yaml")
    assert words in str(err.value) and str(err.value).startswith("bible.yaml")


def test_slug():
    assert slug("EDWARD BLOOM") == "edward-bloom"
    assert slug("ZOË") == "zoe"
    assert slug("DR. JULIUS BENNETT") == "dr-julius-bennett"


@pytest.mark.skipif(not (CORPUS / "big-fish.fountain").exists(), reason="shared corpus absent")
def test_big_fish_cast():
    sp = screenplay.load(CORPUS / "big-fish.fountain")
    bible = extract_bible(sp)
    assert bible.get("DR. BENNETT").id == "dr-julius-bennett"
    assert bible.get("ZACKY").look == "10"
    assert bible.get("KARL") is not None
    assert len({e.color for e in bible.entries}) == len(bible.entries)
    assert len({e.id for e in bible.entries}) == len(bible.entries)
