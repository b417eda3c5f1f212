"""Arbitrary text, including random mixes of Fountain markers, never breaks the parser.

The property: ``parse`` returns a Screenplay or raises PrevisError, nothing
else, and every element's lines lie inside the file. Also: line endings and a
BOM never change the result.
"""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screenplay import PrevisError, Screenplay, parse
from screenplay.scenes import build_scenes

MARKERS = [
    "INT. ", "EXT ", "EST.", "I/E ", "INT./EXT ", ".", "..", "!", "@", "^", "~", ">", "<", "=", "===", "#", "##",
    "[[", "]]", "/*", "*/", "(", ")", "(V.O.)", " ^", "CUT TO:", "FADE IN:", "Title:", "Notes:", "  ", "\t",
    "\n", "\n\n", "\r\n", "\r", "\ufeff", "ZOË", "BOB", "R2D2", "23", "#1A#", "*", "_", "\\", "\x00", "é",
]
fountainish = st.lists(
    st.one_of(st.sampled_from(MARKERS), st.text(alphabet="ABCxyz .:-'\n", max_size=12), st.text(max_size=6)),
    max_size=60,
).map("".join)


def check(text: str) -> Screenplay | None:
    try:
        sp = parse(text)
    except PrevisError:
        return None
    assert isinstance(sp, Screenplay)
    lines = sp.line_count
    for e in sp.elements:
        assert 1 <= e.line <= e.end_line <= max(lines, 1), (e, lines)
    for scene in sp.scenes:
        assert scene.eighths >= 1 and scene.dialogue_words >= 0
    assert build_scenes(sp.elements) == sp.scenes  # the parser's heading index changes nothing
    assert [e for s in sp.scenes for e in ((s.heading,) if s.heading else ()) + s.elements] == [
        e for e in sp.elements if e.type != "title_page_field"]
    assert sp.to_json()["elements"] is not None
    return sp


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(fountainish)
def test_fountainish_text_parses_with_lines_in_the_file(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(fountainish)
def test_line_endings_do_not_matter(text):
    if "\r" in text or "\ufeff" in text:
        return
    want = parse(text).to_json()
    assert parse(text.replace("\n", "\r\n")).to_json() == want
    assert parse("\ufeff" + text.replace("\n", "\r")).to_json() == want
