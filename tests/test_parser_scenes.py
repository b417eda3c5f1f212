"""Scenes built from the parsed elements: heading parts, speakers, introductions, length, words."""
from __future__ import annotations

from screenplay import parse
from screenplay.scenes import LINES_PER_PAGE, page_count, runtime_seconds

SCRIPT = """\
Title: Scenes
Author: Test

FADE IN:

EXT. HARBOUR ROAD - NIGHT #1#

MARA OKAFOR (30s, yellow rain jacket) walks out of the dark. We hear a LOUD BANG. The CAMERA PUSHES IN.

MARA (V.O.)
Every city has one road nobody drives after midnight.

INT. TAXI - CONTINUOUS

DEV, 50s, looks up. An OLD MAN sleeps in the back. MARA gets in.

DEV
Meter's off.

MARA
(sliding in)
Then you won't mind.

INT./EXT. CAR - MOVING - DAY

.FLASHBACK

Nothing said here.
"""


def test_scene_heading_parts_and_ids():
    sp = parse(SCRIPT)
    # `FADE IN:` before the first heading is no scene of its own: it opens scene 1 (issue 12)
    assert [s.number for s in sp.scenes] == [1, 2, 3, 4]
    one, two, three, four = sp.scenes
    assert [(e.type, e.text, e.line) for e in one.lead_in] == [("action", "FADE IN:", 4)]
    assert two.lead_in == ()
    assert (one.int_ext, one.location, one.time_of_day, one.id) == ("EXT", "HARBOUR ROAD", "NIGHT", "1")
    assert (two.int_ext, two.location, two.time_of_day, two.id) == ("INT", "TAXI", "CONTINUOUS", "2")
    assert (three.int_ext, three.location, three.time_of_day) == ("INT/EXT", "CAR - MOVING", "DAY")
    assert four.heading.forced and four.int_ext == "" and four.location == "FLASHBACK"
    assert one.line == 6 and one.end_line == 11 and two.line == 13


def test_speakers_in_order_and_introductions_once():
    sp = parse(SCRIPT)
    one, two = sp.scenes[0], sp.scenes[1]
    assert one.speakers == ("MARA",)
    assert two.speakers == ("DEV", "MARA")
    assert one.introduced == ("MARA OKAFOR",)  # not BANG, not CAMERA PUSHES IN
    assert two.introduced == ("DEV", "OLD MAN")  # MARA spoke already: not introduced again
    assert sp.scenes[2].speakers == () and sp.scenes[2].introduced == ()


def test_dialogue_words_and_eighths():
    sp = parse(SCRIPT)
    assert sp.scenes[0].dialogue_words == 9
    assert sp.scenes[1].dialogue_words == 2 + 4
    for s in sp.scenes:
        assert s.eighths >= 1
    assert sp.scenes[1].eighths >= sp.scenes[2].eighths


def test_page_count_and_runtime_grow_with_the_script():
    page = "INT. ROOM - DAY\n\n" + "Something happens in the room, slowly and in detail.\n\n" * 26
    one = parse(page)
    assert 0.875 <= page_count(one) <= 1.25
    assert runtime_seconds(one) == round(page_count(one) * 60)
    ten = parse(page * 10)
    assert 9 <= page_count(ten) <= 11
    assert sum(s.eighths for s in ten.scenes) == 10 * one.scenes[0].eighths
    assert LINES_PER_PAGE == 55


def test_empty_and_title_only_scripts_have_no_scenes():
    assert parse("").scenes == ()
    sp = parse("Title: Only a title\nAuthor: Me\n")
    assert sp.scenes == () and len(sp.title_page) == 2
    assert page_count(sp) == 0
