"""Special elements and transitions read as the directions they are, by kind, on scripts of our own.

Each script is planned as a user plans it (`previs plan --format json`, a subprocess), and
each expectation was written from the script text, with its reason, before the planner ran.
"""
from __future__ import annotations

import json

import pytest

from conftest import run_previs

INSERT_THEN_BACK = """\
INT. KITCHEN - NIGHT

ANNA (40s, red coat) sits at the table. BEN (40s, bearded) washes dishes.

Anna unfolds a letter.

INSERT - THE LETTER

"Meet me at the pier at dawn. Come alone."

BACK TO SCENE

Anna folds the letter away.

BEN
Who's it from?
"""

FADE_IN = """\
Title: Fade

FADE IN:

EXT. FIELD - DAY

Wind moves through the wheat.

FADE OUT.
"""

MONTAGE = """\
INT. GYM - DAY

MONTAGE - TRAINING DAY

- Anna skips rope.
- Anna lifts a barbell.
- Anna punches a heavy bag.

END MONTAGE

Anna collapses on a bench, spent.

QUICK MONTAGE as she packs:

ANNA
Gloves. Tape. Water. Towel.
"""

PHONE = """\
INT. BEN'S FLAT - NIGHT

BEN (40s, bearded) dials his phone.

> INTERCUT WITH:

INT. ANNA'S CAR - NIGHT

ANNA (40s, red coat) answers, driving.

ANNA
Who is this?

BEN
It's me. Don't hang up.

ANNA
Give me one reason.
"""

CLOSE_AND_POV = """\
INT. ATTIC - DAY

ANNA (40s, red coat) climbs in. BEN (40s, bearded) holds the ladder.

CLOSE ON Anna, holding her breath.

CLOSE ON Ben's knuckles, white on the rungs.

ANGLE ON Ben, looking up.

ANNA'S POV - a dusty trunk under the window.

CLOSE ON the padlock. Rusted shut. We PULL BACK to see Anna kneel by it.
"""

TRANSITIONS = """\
INT. ONE - DAY

Anna waits.

CUT TO:

INT. TWO - DAY

Anna runs.

DISSOLVE TO:

INT. THREE - DAY

Anna sleeps.

SMASH CUT TO:

INT. FOUR - DAY

Anna screams.

MATCH CUT TO:

INT. FIVE - DAY

Anna smiles.

> FADE TO:

INT. SIX - DAY

Anna leaves.

> FADE OUT.
"""


def _plan(tmp_path, name: str, text: str) -> list[dict]:
    script = tmp_path / f"{name}.fountain"
    script.write_text(text, encoding="utf-8")
    doc = json.loads(run_previs("plan", script, "--format", "json", check=True).stdout)
    return doc["scenes"]


def _lines(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)


def _shot_at(scenes: list[dict], line: int) -> dict:
    return next(s for sc in scenes for s in sc["shots"] if s["first_line"] <= line <= s["last_line"])


def _all_shots(scenes):
    return [s for sc in scenes for s in sc["shots"]]


def test_insert_then_back_to_scene(tmp_path):
    scenes = _plan(tmp_path, "insert", INSERT_THEN_BACK)
    content = _shot_at(scenes, _lines(INSERT_THEN_BACK, "Meet me"))
    # the line under `INSERT - THE LETTER` is an insert of the letter, at insert size
    assert content["type"] == "insert" and content["size"] in ("INSERT", "ECU") and content["prop"] == "letter"
    assert content["subjects"] == [] and content["lens_mm"] >= 85
    back = _lines(INSERT_THEN_BACK, "BACK TO SCENE")
    holder = _shot_at(scenes, back)
    # BACK TO SCENE is never a shot: the line lies in a shot that covers other script too
    assert holder["first_line"] < back or holder["last_line"] > back
    slug = _shot_at(scenes, _lines(INSERT_THEN_BACK, "INSERT - THE LETTER"))
    assert slug["first_line"] < _lines(INSERT_THEN_BACK, "INSERT -") or slug is content
    # after it, the scene's own coverage: Anna, not an insert
    after = _shot_at(scenes, _lines(INSERT_THEN_BACK, "folds the letter"))
    assert after["type"] != "insert" and "anna" in after["subjects"]
    assert not any(s["first_line"] == s["last_line"] == back for s in _all_shots(scenes))


def test_fade_in_is_no_scene_and_opens_the_first_shot(tmp_path):
    scenes = _plan(tmp_path, "fade", FADE_IN)
    assert [sc["scene"] for sc in scenes] == ["1"]  # no scene "0" for `FADE IN:`
    shots = scenes[0]["shots"]
    assert shots[0]["transition_in"] == "fade_in"
    assert shots[-1]["transition_out"] == "fade_out"
    assert all("title card" not in s["notes"] for s in shots)
    assert len(shots) == 1  # the heading and one paragraph of action: one establishing shot


def test_montage_beats_are_one_short_shot_each(tmp_path):
    scenes = _plan(tmp_path, "montage", MONTAGE)
    shots = scenes[0]["shots"]
    for beat in ("skips rope", "lifts a barbell", "punches a heavy bag"):
        s = _shot_at(scenes, _lines(MONTAGE, beat))
        assert beat in s["description"] and s["est_seconds"] <= 2.5, s
        assert s["subjects"] == ["anna"]
    beats = {_shot_at(scenes, _lines(MONTAGE, b))["id"] for b in ("skips rope", "lifts a barbell", "punches")}
    assert len(beats) == 3  # one shot per beat, not one shot over the montage
    end = _lines(MONTAGE, "END MONTAGE")
    assert not any(s["first_line"] == s["last_line"] == end for s in shots)
    # after END MONTAGE the scene is covered as usual: not capped like a beat
    bench = _shot_at(scenes, _lines(MONTAGE, "collapses"))
    assert bench["id"] not in beats
    # QUICK MONTAGE over a speech: each sentence (a beat) is a short shot of the speaker
    spoken = [s for s in shots if s["dialogue"] and s["dialogue"][0]["character"] == "anna"]
    assert [s["dialogue"][0]["text"] for s in spoken] == ["Gloves.", "Tape.", "Water.", "Towel."]
    assert all(s["est_seconds"] <= 2.5 for s in spoken)


def test_intercut_phone_call_keeps_each_party_in_their_own_place(tmp_path):
    scenes = _plan(tmp_path, "phone", PHONE)
    car = scenes[1]
    talk = [s for s in car["shots"] if s["dialogue"]]
    assert [s["speaker"] for s in talk] == ["anna", "ben", "anna"]  # alternates with the speakers
    for s in talk:
        assert s["subjects"] == [s["speaker"]]  # nobody framed with the far end of the line
    assert talk[0]["location"] == "ANNA'S CAR" and talk[2]["location"] == "ANNA'S CAR"
    assert talk[1]["location"] == "BEN'S FLAT"  # Ben is in his flat, not in Anna's car
    # `INTERCUT WITH:` is no shot of its own
    intercut = _lines(PHONE, "INTERCUT WITH")
    assert not any(s["first_line"] == s["last_line"] == intercut for s in _all_shots(scenes))


def test_close_on_angle_on_and_pov_are_kept(tmp_path):
    scenes = _plan(tmp_path, "close", CLOSE_AND_POV)
    anna = _shot_at(scenes, _lines(CLOSE_AND_POV, "CLOSE ON Anna"))
    assert anna["size"] == "CU" and anna["subjects"] == ["anna"]  # CLOSE ON a person: a close-up of her
    knuckles = _shot_at(scenes, _lines(CLOSE_AND_POV, "knuckles"))
    assert knuckles["type"] == "insert" and "knuckles" in knuckles["prop"]  # a detail of Ben: an insert
    assert knuckles["size"] in ("ECU", "INSERT")
    ben = _shot_at(scenes, _lines(CLOSE_AND_POV, "ANGLE ON Ben"))
    assert ben["subjects"] == ["ben"] and ben["type"] == "single"
    pov = _shot_at(scenes, _lines(CLOSE_AND_POV, "POV"))
    assert pov["type"] == "POV" and "anna" not in pov["subjects"]  # the viewer is not in her own POV
    lock = _shot_at(scenes, _lines(CLOSE_AND_POV, "padlock"))
    assert lock["type"] == "insert" and lock["prop"] == "padlock" and lock["movement"] == "pull out"


@pytest.mark.parametrize("after,kind", [("waits", "cut"), ("runs", "dissolve"), ("sleeps", "smash_cut"),
                                        ("screams", "match_cut"), ("smiles", "dip_to_black"),
                                        ("leaves", "fade_out")])
def test_each_transition_kind_is_the_way_out_of_a_shot_never_a_shot(tmp_path, after, kind):
    scenes = _plan(tmp_path, "transitions", TRANSITIONS)
    assert len(scenes) == 6 and all(len(sc["shots"]) == 1 for sc in scenes)  # one shot per scene, none for a transition
    shot = _shot_at(scenes, _lines(TRANSITIONS, after))
    assert shot["transition_out"] == kind
    assert all(s["transition_in"] == "" for s in _all_shots(scenes))


SUPER_TITLE_SCREEN = """\
EXT. CITY - NIGHT

Rain over the rooftops.

SUPER: "Paris, 1944"

INT. BAR - NIGHT

ANNA (40s, red coat) watches the bar's television.

ON SCREEN: a newsreader mouths the headlines.

TITLE: THREE DAYS EARLIER
"""


def test_super_is_text_over_a_shot_title_is_a_card_on_screen_is_an_insert(tmp_path):
    scenes = _plan(tmp_path, "super", SUPER_TITLE_SCREEN)
    sup = _lines(SUPER_TITLE_SCREEN, "SUPER:")
    holder = _shot_at(scenes, sup)
    # a SUPER is lettering over the picture before it, never a shot of its own
    assert holder["first_line"] < sup and "Paris, 1944" in holder["notes"]
    assert len(scenes[0]["shots"]) == 1
    screen = _shot_at(scenes, _lines(SUPER_TITLE_SCREEN, "ON SCREEN:"))
    assert screen["type"] == "insert" and "screen" in screen["prop"]  # what the television shows
    title = _shot_at(scenes, _lines(SUPER_TITLE_SCREEN, "TITLE:"))
    assert title["subjects"] == [] and "title card" in title["notes"]  # a card of its own
    assert "THREE DAYS EARLIER" in title["description"]


SERIES = """\
INT. STAIRWELL - NIGHT

ANNA (40s, red coat) grabs her keys.

SERIES OF SHOTS:
A) Anna runs down the stairs.
B) Anna bursts out of the front door.
C) Anna hails a taxi in the rain.

BACK TO SCENE

The stairwell light clicks off.
"""


def test_series_of_shots_is_one_short_shot_per_lettered_beat(tmp_path):
    scenes = _plan(tmp_path, "series", SERIES)
    beats = [_shot_at(scenes, _lines(SERIES, b)) for b in ("runs down", "bursts out", "hails a taxi")]
    assert len({s["id"] for s in beats}) == 3  # A), B), C): three shots
    assert all(s["est_seconds"] <= 2.5 and s["subjects"] == ["anna"] for s in beats)
    back = _lines(SERIES, "BACK TO SCENE")
    assert not any(s["first_line"] == s["last_line"] == back for s in _all_shots(scenes))
    light = _shot_at(scenes, _lines(SERIES, "light clicks off"))
    assert light["id"] not in {s["id"] for s in beats}


TIGHT_MONTAGE = """\
INT. GYM - DAY

ANNA (40s, red coat) tapes her hands.

MONTAGE - TRAINING
- Anna skips rope.
- Anna lifts a barbell.

Anna sits down.
"""


def test_a_montage_slug_right_over_its_beats_is_no_character(tmp_path):
    scenes = _plan(tmp_path, "tight", TIGHT_MONTAGE)
    # written like a cue with lines under it, the slug is still a direction: nobody speaks
    assert not any(s["dialogue"] for s in _all_shots(scenes))
    rope, lift = (_shot_at(scenes, _lines(TIGHT_MONTAGE, b)) for b in ("skips rope", "lifts a barbell"))
    assert rope["id"] != lift["id"] and rope["subjects"] == lift["subjects"] == ["anna"]
    assert rope["first_line"] == _lines(TIGHT_MONTAGE, "MONTAGE - TRAINING")  # the slug rides on the first beat


def test_the_shot_list_tells_the_ad_how_shots_meet(tmp_path):
    import csv
    import io

    script = tmp_path / "transitions.fountain"
    script.write_text(TRANSITIONS, encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(run_previs("plan", script, "--format", "csv", check=True).stdout)))
    notes = [r["Notes"] for r in rows]
    assert "cut to next" in notes[0] and "dissolve to next" in notes[1] and "smash cut to next" in notes[2]
    assert "dip to black" in notes[4] and "fade out to black" in notes[5]
