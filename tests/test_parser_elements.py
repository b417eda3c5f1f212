"""Every Fountain 1.1 element and the known traps, written from the spec (fountain.io/syntax).

Each test feeds a small script to ``screenplay.parse`` and compares the JSON
contract (docs/ARCHITECTURE.md), so the expectations read like the contract.
"""
from __future__ import annotations

import pytest

from screenplay import PrevisError, parse


def els(text: str) -> list[dict]:
    """The contract's element list, without line numbers (tested separately)."""
    return [{k: v for k, v in e.items() if k != "line"} for e in parse(text).to_json()["elements"]]


def types(text: str) -> list[str]:
    return [e["type"] for e in parse(text).to_json()["elements"]]


def only(text: str, kind: str) -> list[dict]:
    return [e for e in els(text) if e["type"] == kind]


# ---------------------------------------------------------------- title page

def test_title_page_fields_with_indented_multiline_values():
    text = ("Title: Big Fish\nCredit: written by\nNotes:\t\n\tFINAL DRAFT\n\tincludes extras \n"
            "Contact:\n   Jane Doe\n   555-0100\n\nINT. HOUSE - DAY\n")
    got = els(text)
    assert got[:4] == [
        {"type": "title_page_field", "key": "Title", "value": "Big Fish"},
        {"type": "title_page_field", "key": "Credit", "value": "written by"},
        {"type": "title_page_field", "key": "Notes", "value": "FINAL DRAFT\nincludes extras"},
        {"type": "title_page_field", "key": "Contact", "value": "Jane Doe\n555-0100"},
    ]
    assert got[4]["type"] == "scene_heading"
    assert "page_break" not in types(text)
    sp = parse(text)
    assert sp.title == "Big Fish" and sp.title_value("contact") == "Jane Doe\n555-0100"
    assert [f.line for f in sp.title_page] == [1, 2, 3, 6]
    assert sp.title_page[2].end_line == 5


def test_title_key_with_tab_and_lowercase_keys():
    got = els("title:\tMy Film\nauthor: Dan\n\nHello there.\n")
    assert got == [
        {"type": "title_page_field", "key": "title", "value": "My Film"},
        {"type": "title_page_field", "key": "author", "value": "Dan"},
        {"type": "action", "text": "Hello there."},
    ]


def test_fade_in_first_line_is_not_a_title_page():
    assert els("FADE IN:\n\nINT. HOUSE - DAY\n") == [
        {"type": "action", "text": "FADE IN:"},
        {"type": "scene_heading", "text": "INT. HOUSE - DAY", "scene_number": None, "forced": False},
    ]


def test_unindented_continuation_and_note_inside_title_block():
    got = els("Title: X\nContact: Jane\n12 Main St\n[[a note in the title block]]\n\nBody.\n")
    assert got == [
        {"type": "title_page_field", "key": "Title", "value": "X"},
        {"type": "title_page_field", "key": "Contact", "value": "Jane\n12 Main St"},
        {"type": "action", "text": "Body."},
    ]


# ------------------------------------------------------------ scene headings

def test_title_page_and_parser_agree_on_headings():
    from screenplay import parser, titlepage

    assert titlepage._HEADING.pattern == parser._HEADING.pattern
    assert titlepage._HEADING.flags == parser._HEADING.flags
    assert els("INT. HOUSE: NIGHT\n\nAction.\n")[0]["type"] == "scene_heading"


@pytest.mark.parametrize("line", [
    "INT. HOUSE - DAY", "EXT. BRICK'S POOL - DAY", "EST. CITY - NIGHT", "INT./EXT. CAR - MOVING",
    "INT/EXT CAR - DAY", "I/E TRAIN - NIGHT", "INT HOUSE", "ext.alley", "int. kitchen - day",
    "INT.  WILL'S BEDROOM - NIGHT (1973)",
])
def test_scene_heading_prefixes(line):
    assert els(f"Before.\n\n{line}\n\nAfter.\n")[1] == {
        "type": "scene_heading", "text": line, "scene_number": None, "forced": False}


@pytest.mark.parametrize("line", ["EXT", "EXTERIOR SHOT OF THE HOUSE", "INTERCUT WITH BOB", "EXT/INT. SHACK - DAY",
                                  "INT.", "ESTABLISHING"])
def test_not_scene_headings(line):
    assert "scene_heading" not in types(f"Before.\n\n{line}\n\nAfter.\n")


def test_heading_needs_a_blank_line_before():
    assert els("She runs.\nINT. HOUSE - DAY\n") == [{"type": "action", "text": "She runs.\nINT. HOUSE - DAY"}]


def test_forced_heading_and_ellipsis():
    got = els(".SNIPER SCOPE POV\n\n...and then nothing.\n\n.5 SECONDS LATER\n")
    assert got == [
        {"type": "scene_heading", "text": "SNIPER SCOPE POV", "scene_number": None, "forced": True},
        {"type": "action", "text": "...and then nothing."},
        {"type": "scene_heading", "text": "5 SECONDS LATER", "scene_number": None, "forced": True},
    ]


@pytest.mark.parametrize("line,text,number", [
    ("INT. HOUSE - DAY #1#", "INT. HOUSE - DAY", "1"),
    ("INT. HOUSE - DAY #12A#", "INT. HOUSE - DAY", "12A"),
    ("INT. HOUSE - DAY - FLASHBACK (1944) #I-1-A#", "INT. HOUSE - DAY - FLASHBACK (1944)", "I-1-A"),
    ("INT. HOUSE - DAY #1.#", "INT. HOUSE - DAY", "1."),
    (".FLASHBACK #7B#", "FLASHBACK", "7B"),
])
def test_scene_numbers(line, text, number):
    h = only(f"{line}\n\nAction.\n", "scene_heading")[0]
    assert (h["text"], h["scene_number"]) == (text, number)


# -------------------------------------------------------------------- action

def test_action_paragraphs_keep_line_breaks_and_indentation():
    text = "Line one.\nLine two.\n\n\tIndented with a tab.\n    Four spaces.\n\n\nLast.\n"
    assert els(text) == [
        {"type": "action", "text": "Line one.\nLine two."},
        {"type": "action", "text": "    Indented with a tab.\n    Four spaces."},
        {"type": "action", "text": "Last."},
    ]


def test_forced_action():
    assert els("!INT. NOT A HEADING\n\n!SCANNING THE AREA\nMore.\n") == [
        {"type": "action", "text": "INT. NOT A HEADING"},
        {"type": "action", "text": "SCANNING THE AREA\nMore."},
    ]


def test_emphasis_and_escapes_stay_raw():
    text = "*italic* **bold** ***both*** _underline_ \\*not italic\\*\n"
    assert els(text) == [{"type": "action", "text": text.rstrip("\n")}]


# ----------------------------------------------------------------- character

def test_character_and_dialogue():
    assert els("STEEL\nThe man's a myth!\n") == [
        {"type": "character", "name": "STEEL", "extension": None, "dual": False},
        {"type": "dialogue", "text": "The man's a myth!"},
    ]


def test_cue_followed_by_blank_line_is_action():
    assert els("Before.\n\nSTEEL\n\nAfter.\n") == [
        {"type": "action", "text": "Before."},
        {"type": "action", "text": "STEEL"},
        {"type": "action", "text": "After."},
    ]


def test_character_needs_a_blank_line_before():
    assert types("She says\nSTEEL\nHello.\n") == ["action"]


@pytest.mark.parametrize("cue,name,ext", [
    ("MOM (O.S.)", "MOM", "O.S."),
    ("HANS (on the radio)", "HANS", "on the radio"),
    ("EDWARD (V.O.)(CONT'D)", "EDWARD", "V.O.)(CONT'D"),
    ("EDWARD (V.O.) (CONT'D)", "EDWARD", "V.O.) (CONT'D"),
    ("ZOË", "ZOË", None),
    ("ZOË (V.O.)", "ZOË", "V.O."),
    ("R2D2", "R2D2", None),
    ("DR. O'BRIEN-SMITH", "DR. O'BRIEN-SMITH", None),
    ("MAN #1", "MAN #1", None),
    ("ДМИТРИЙ", "ДМИТРИЙ", None),
])
def test_character_names_and_extensions(cue, name, ext):
    assert els(f"{cue}\nHello.\n")[0] == {"type": "character", "name": name, "extension": ext, "dual": False}


@pytest.mark.parametrize("line", ["23", "1984", "Zoë", "McCLANE", "(V.O.)", "HELLO there"])
def test_not_characters(line):
    assert "character" not in types(f"{line}\nHello.\n")


def test_forced_character():
    assert els("@McCLANE\nYippie ki-yay!\n\n@Mrs. Smith (V.O.)\nHi.\n") == [
        {"type": "character", "name": "McCLANE", "extension": None, "dual": False},
        {"type": "dialogue", "text": "Yippie ki-yay!"},
        {"type": "character", "name": "Mrs. Smith", "extension": "V.O.", "dual": False},
        {"type": "dialogue", "text": "Hi."},
    ]


def test_dual_dialogue_marks_both_characters():
    text = "BRICK\nScrew retirement.\n\nSTEEL ^\nScrew retirement.\n\nLater.\n\nBRICK\nSolo.\n"
    cues = only(text, "character")
    assert [(c["name"], c["dual"]) for c in cues] == [("BRICK", True), ("STEEL", True), ("BRICK", False)]


def test_dual_dialogue_with_an_extension_before_the_caret():
    cues = only("BRICK (O.S.)\nOne.\n\nSTEEL (V.O.) ^\nTwo.\n", "character")
    assert cues == [
        {"type": "character", "name": "BRICK", "extension": "O.S.", "dual": True},
        {"type": "character", "name": "STEEL", "extension": "V.O.", "dual": True},
    ]


def test_note_on_a_cue_line_and_a_heading_line():
    text = "INT. HOUSE - NIGHT [[STORYLINE FLASHBACKS]]\n\nBOB [[angry here]]\nGet out.\n"
    assert els(text) == [
        {"type": "scene_heading", "text": "INT. HOUSE - NIGHT", "scene_number": None, "forced": False},
        {"type": "character", "name": "BOB", "extension": None, "dual": False},
        {"type": "dialogue", "text": "Get out."},
    ]


# ------------------------------------------------- dialogue and parentheticals

def test_parentheticals_split_dialogue():
    text = "CHAR\n(beat)\nl1\nl2\n(pause)\nl3\n"
    assert els(text) == [
        {"type": "character", "name": "CHAR", "extension": None, "dual": False},
        {"type": "parenthetical", "text": "(beat)"},
        {"type": "dialogue", "text": "l1\nl2"},
        {"type": "parenthetical", "text": "(pause)"},
        {"type": "dialogue", "text": "l3"},
    ]


def test_two_spaces_keep_dialogue_going():
    assert els("DEALER\nTen.\nFour.\n  \nDealer gets twenty.\n\nAfter.\n") == [
        {"type": "character", "name": "DEALER", "extension": None, "dual": False},
        {"type": "dialogue", "text": "Ten.\nFour.\n\nDealer gets twenty."},
        {"type": "action", "text": "After."},
    ]


def test_dialogue_ends_at_a_blank_line_and_loses_leading_spaces():
    assert els("BOB\n Hi there.\n (smiles)\n\nHe leaves.\n") == [
        {"type": "character", "name": "BOB", "extension": None, "dual": False},
        {"type": "dialogue", "text": "Hi there."},
        {"type": "parenthetical", "text": "(smiles)"},
        {"type": "action", "text": "He leaves."},
    ]


def test_lyrics():
    assert els("~Willy Wonka! Willy Wonka!\n~The amazing chocolatier!\n\nBOB\n~La la la\nSpoken.\n") == [
        {"type": "lyrics", "text": "Willy Wonka! Willy Wonka!\nThe amazing chocolatier!"},
        {"type": "character", "name": "BOB", "extension": None, "dual": False},
        {"type": "lyrics", "text": "La la la"},
        {"type": "dialogue", "text": "Spoken."},
    ]


# ---------------------------------------------------------------- transitions

@pytest.mark.parametrize("line", ["CUT TO:", "SMASH CUT TO:", "MATCH CUT TO:"])
def test_transitions(line):
    assert els(f"Before.\n\n{line}\n\nAfter.\n")[1] == {"type": "transition", "text": line}


@pytest.mark.parametrize("line", ["FADE IN:", "FADE OUT.", "CUT TO: ", "cut to:", "FADE TO BLACK."])
def test_not_transitions(line):
    assert "transition" not in types(f"Before.\n\n{line}\n\nAfter.\n")


def test_transition_needs_blank_lines_around():
    assert "transition" not in types("Before.\nCUT TO:\n\nAfter.\n")
    assert "transition" not in types("Before.\n\nCUT TO:\nAfter.\n")


def test_forced_transition():
    assert els("> BURN TO PINK.\n\n>FADE OUT:\n") == [
        {"type": "transition", "text": "BURN TO PINK."},
        {"type": "transition", "text": "FADE OUT:"},
    ]


# ------------------------------------------------------------ other elements

def test_centered_text():
    assert els("> THE END <\n\n>INTERMISSION<\n") == [
        {"type": "centered", "text": "THE END"},
        {"type": "centered", "text": "INTERMISSION"},
    ]


def test_page_breaks():
    assert types("One.\n\n===\n\nTwo.\n\n=====\n") == ["action", "page_break", "action", "page_break"]


def test_sections_and_synopses():
    assert els("# Act One\n\n## Sequence\n\n= The hero arrives.\n\n### Scene beat\n") == [
        {"type": "section", "text": "Act One", "level": 1},
        {"type": "section", "text": "Sequence", "level": 2},
        {"type": "synopsis", "text": "The hero arrives."},
        {"type": "section", "text": "Scene beat", "level": 3},
    ]


# ----------------------------------------------------------- notes, boneyard

def test_note_paragraph_and_inline_note():
    text = "[[A note\nover two lines]]\n\nHe [[check this]] opens the door.\n"
    assert els(text) == [
        {"type": "note", "text": "A note\nover two lines"},
        {"type": "action", "text": "He  opens the door."},
    ]


def test_note_may_hold_a_two_space_line_but_not_an_empty_one():
    assert els("[[one\n  \ntwo]]\n") == [{"type": "note", "text": "one\n\ntwo"}]
    assert types("[[one\n\ntwo]]\n") == ["action", "action"]


def test_note_line_inside_dialogue_keeps_the_dialogue_together():
    assert els("BOB\nHello.\n[[louder?]]\nGoodbye.\n") == [
        {"type": "character", "name": "BOB", "extension": None, "dual": False},
        {"type": "dialogue", "text": "Hello.\nGoodbye."},
    ]


def test_boneyard_across_lines_and_inside_a_line():
    """A line that held only boneyard reads as a blank line (issue 13): `Bye.` after a cut
    line is no longer Bob's speech but a paragraph of its own."""
    text = "Before.\n\n/*\nINT. CUT SCENE - DAY\n\nGone.\n*/\n\nKept /* hidden */ text.\n\nBOB\nHi.\n/* cut line */\nBye.\n"
    sp = parse(text)
    assert els(text) == [
        {"type": "action", "text": "Before."},
        {"type": "action", "text": "Kept  text."},
        {"type": "character", "name": "BOB", "extension": None, "dual": False},
        {"type": "dialogue", "text": "Hi."},
        {"type": "action", "text": "Bye."},
    ]
    assert [e.line for e in sp.elements] == [1, 9, 11, 12, 14]


def test_a_boneyard_block_separates_as_a_blank_line_would():
    """The spec: boneyard is ignored; `CUT TO:` then a cut block then a heading is a
    transition (blank after it, once the block is gone) and a heading (blank before it)."""
    text = "Chase.\n\nCUT TO:\n/* INT. OLD SCENE - DAY\n\nCut for time. */\nINT. HOUSE - DAY\n\nQuiet.\n"
    sp = parse(text)
    assert els(text) == [
        {"type": "action", "text": "Chase."},
        {"type": "transition", "text": "CUT TO:"},
        {"type": "scene_heading", "text": "INT. HOUSE - DAY", "scene_number": None, "forced": False},
        {"type": "action", "text": "Quiet."},
    ]
    assert [e.line for e in sp.elements] == [1, 3, 7, 9]


def test_a_note_opening_inside_an_action_line_takes_its_line_breaks_with_it():
    """The spec's own example: the note (with a two-space line inside) goes, and the action
    reads on as one line around it."""
    text = ("His hand is an inch from the receiver when the phone RINGS.  Scott pauses for a moment, "
            "suspicious for some reason.[[This section needs work.\nEither that, or I need coffee.\n  \n"
            "Definitely coffee.]] He looks around.  Phone ringing.\nHe answers.\n")
    sp = parse(text)
    assert els(text) == [{"type": "action", "text": (
        "His hand is an inch from the receiver when the phone RINGS.  Scott pauses for a moment, "
        "suspicious for some reason. He looks around.  Phone ringing.\nHe answers.")}]
    assert (sp.elements[0].line, sp.elements[0].end_line) == (1, 5)


def test_a_heading_needs_a_blank_line_after_it():
    """The spec: a scene heading is "any line that has a blank line following it" and starts
    with INT/EXT...; with text right under it the paragraph is action (not a cue, though it
    is in capitals). A forced `.` heading is a heading either way."""
    assert els("Start.\n\nINT. HOUSE - DAY\nA room.\n") == [
        {"type": "action", "text": "Start."},
        {"type": "action", "text": "INT. HOUSE - DAY\nA room."},
    ]
    assert types("INT. HOUSE - DAY\n\nA room.\n") == ["scene_heading", "action"]
    assert types(".INT. HOUSE - DAY\nA room.\n")[:1] == ["scene_heading"]
    assert types("EXT. ROAD - NIGHT\n") == ["scene_heading"]  # the end of the file is blank enough


def test_unclosed_boneyard_is_kept_as_text():
    assert els("Before.\n\n/* never closed\n\nAfter.\n") == [
        {"type": "action", "text": "Before."},
        {"type": "action", "text": "/* never closed"},
        {"type": "action", "text": "After."},
    ]


# ----------------------------------------------------- encodings, lines, misc

def test_bom_crlf_and_cr_equal_lf():
    lf = "Title: T\n\nINT. HOUSE - DAY\n\nBOB\nHi.\n\nCUT TO:\n\nEnd.\n"
    want = parse(lf).to_json()
    assert parse("\ufeff" + lf).to_json() == want
    assert parse(lf.replace("\n", "\r\n")).to_json() == want
    assert parse("\ufeff" + lf.replace("\n", "\r")).to_json() == want


def test_line_numbers_are_source_lines():
    text = "Title: T\nAuthor: A\n\nINT. HOUSE - DAY\n\nA room.\nStill the room.\n\nBOB\n(quietly)\nHi.\nThere.\n"
    sp = parse(text)
    got = [(e.type, e.line, e.end_line) for e in sp.elements]
    assert got == [
        ("title_page_field", 1, 1), ("title_page_field", 2, 2), ("scene_heading", 4, 4),
        ("action", 6, 7), ("character", 9, 9), ("parenthetical", 10, 10), ("dialogue", 11, 12),
    ]
    assert sp.line_count == 12


def test_empty_text_is_an_empty_screenplay():
    sp = parse("")
    assert sp.elements == () and sp.scenes == () and sp.title_page == ()
    assert parse("\n\n   \n").elements == ()


def test_non_text_is_a_previs_error():
    with pytest.raises(PrevisError):
        parse(b"INT. HOUSE")  # type: ignore[arg-type]
