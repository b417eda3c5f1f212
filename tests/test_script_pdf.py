"""The typeset screenplay PDF (``--format script-pdf``), read back with pypdfium2.

Expected positions are the industry layout written down by hand (Courier 12,
10 characters and 6 lines to the inch, 72 points an inch): action and headings
at 1.5 in (108 pt), dialogue at 2.5 in (180 pt), parentheticals at 3.1 in
(223.2 pt), cues at 3.7 in (266.4 pt), transitions ending at 7.5 in (540 pt),
55 lines a page from 1 in below the top.
"""
from __future__ import annotations

import json

import pypdfium2 as pdfium
import pytest

from conftest import run_previs

PT = 72.0
TOL = 1.6  # points: a glyph's box starts a hair right of its origin

SCRIPT = """\
Title: The Kitchen Test
Author: A. Writer
Draft date: 3 December 2026

INT. KITCHEN - NIGHT #12#

MARA pours coffee. She hears a *knock*.

MARA
(quietly)
Who's there?

/* This boneyard line never prints. */

> CUT TO:

EXT. YARD - NIGHT

Rain.

BRICK
Left side.

STEEL ^
Right side.

===

Forced onto a new page.
"""


def _write(tmp_path, text: str, name: str = "k.fountain"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _export(tmp_path, script, fmt: str = "script-pdf"):
    out = tmp_path / f"out.{fmt}.pdf"
    run_previs("export", script, "--format", fmt, "-o", out, "-q", check=True)
    return out


def _find(doc, page: int, text: str) -> tuple[float, float, float, float]:
    """The box (left, bottom, right, top, in points) of ``text``'s first occurrence on a page."""
    tp = doc[page].get_textpage()
    found = tp.search(text).get_next()
    assert found is not None, f"{text!r} not on page {page + 1}: {tp.get_text_range()[:400]!r}"
    index, count = found
    first, last = tp.get_charbox(index), tp.get_charbox(index + count - 1)
    return first[0], first[1], last[2], first[3]


def _baseline_from_top(doc, page: int, box) -> float:
    return doc[page].get_height() - box[1]


def test_script_pdf_places_each_element_type_where_the_industry_layout_does(tmp_path):
    doc = pdfium.PdfDocument(str(_export(tmp_path, _write(tmp_path, SCRIPT))))
    # title page + body page 1 + the page the === forces
    assert len(doc) == 3
    title = doc[0].get_textpage().get_text_range()
    assert "THE KITCHEN TEST" in title and "A. Writer" in title and "3 December 2026" in title
    heading = _find(doc, 1, "INT. KITCHEN - NIGHT")
    assert abs(heading[0] - 1.5 * PT) < TOL
    action = _find(doc, 1, "MARA pours coffee")
    assert abs(action[0] - 1.5 * PT) < TOL
    # the heading is the first line (1 in + one line down), the action two lines (a blank between) below
    assert abs(_baseline_from_top(doc, 1, heading) - (1 + 1 / 6) * PT) < 3
    assert abs((heading[1] - action[1]) - 2 * 12) < 0.5
    # "(" has a wide side bearing in Courier; its box would be off, so measure the letter after it
    assert abs(_find(doc, 1, "quietly)")[0] - (3.1 + 0.1) * PT) < TOL
    assert abs(_find(doc, 1, "Who's there?")[0] - 2.5 * PT) < TOL
    cue = [b for b in _all(doc, 1, "MARA") if abs(b[0] - 3.7 * PT) < TOL]
    assert cue, "MARA's cue is not at 3.7 in"
    # right-aligned: its 7 characters end at 7.5 in, so it starts 0.7 in before
    assert abs(_find(doc, 1, "CUT TO:")[0] - (7.5 - 0.7) * PT) < TOL
    # emphasis markers are not printed; boneyard is not printed
    body = doc[1].get_textpage().get_text_range()
    assert "knock." in body and "*" not in body and "boneyard" not in body
    # scene number 12 in both margins, on the heading's line
    twelves = _all(doc, 1, "12")
    assert any(b[2] < 1.5 * PT and abs(b[1] - heading[1]) < 1 for b in twelves)
    assert any(b[0] > 7.5 * PT and abs(b[1] - heading[1]) < 1 for b in twelves)
    # dual dialogue side by side: one baseline, left and right columns
    brick, steel = _find(doc, 1, "BRICK"), _find(doc, 1, "STEEL")
    assert abs(brick[1] - steel[1]) < 0.5 and brick[0] < 3 * PT < 5 * PT < steel[0]
    assert abs(_find(doc, 1, "Left side.")[1] - _find(doc, 1, "Right side.")[1]) < 0.5
    # the page break is honoured, and the second body page is numbered "2."
    assert "Forced onto a new page." in doc[2].get_textpage().get_text_range()
    number = _find(doc, 2, "2.")
    assert abs(number[0] - (7.5 - 0.2) * PT) < TOL and _baseline_from_top(doc, 2, number) < 1 * PT


def _all(doc, page: int, text: str) -> list:
    tp = doc[page].get_textpage()
    searcher = tp.search(text)
    out = []
    while (found := searcher.get_next()) is not None:
        index, count = found
        first, last = tp.get_charbox(index), tp.get_charbox(index + count - 1)
        out.append((first[0], first[1], last[2], first[3]))
    return out


def test_speech_across_a_page_break_gets_more_and_contd(tmp_path):
    # The heading is row 0; 24 one-line paragraphs fill rows 2, 4 ... 48; the cue lands on row 50
    # (after a blank) with six lines of speech. Rows 51-53 take three of them, row 54 (the 55th,
    # last line) says (MORE), and the next page resumes under "MARA (CONT'D)" with the other three.
    action = "\n\n".join(f"Paragraph {i}." for i in range(1, 25))
    speech = "\n".join(f"Speech line {i}." for i in range(1, 7))
    text = f"INT. HALL - DAY\n\n{action}\n\nMARA\n{speech}\n"
    doc = pdfium.PdfDocument(str(_export(tmp_path, _write(tmp_path, text))))
    assert len(doc) == 2  # no title page here
    page1, page2 = (doc[i].get_textpage().get_text_range() for i in range(2))
    assert "Speech line 3." in page1 and "Speech line 4." not in page1
    more = _find(doc, 0, "(MORE)")
    assert abs(_baseline_from_top(doc, 0, more) - (1 + 55 / 6) * PT) < 3  # the 55th line
    assert abs(_find(doc, 0, "MORE)")[0] - (3.7 + 0.1) * PT) < TOL
    contd = _find(doc, 1, "MARA (CONT'D)")
    assert abs(contd[0] - 3.7 * PT) < TOL and abs(_baseline_from_top(doc, 1, contd) - (1 + 1 / 6) * PT) < 3
    assert "Speech line 4." in page2 and "Speech line 6." in page2
    assert page2.startswith("2.") and not page1.startswith("1.")  # the first page carries no number


def test_script_pdf_page_renders_to_an_image(tmp_path):
    doc = pdfium.PdfDocument(str(_export(tmp_path, _write(tmp_path, SCRIPT))))
    image = doc[1].render(scale=1).to_pil().convert("L")
    assert image.size == (612, 792)  # US letter at 72 dpi
    # ink where the heading is (1.5 in from the left, 1 in down), none in the left margin
    ink = [image.getpixel((x, y)) for x in range(110, 200) for y in range(74, 86)]
    assert min(ink) < 100
    margin = [image.getpixel((x, y)) for x in range(0, 70) for y in range(100, 700)]
    assert min(margin) > 200


def test_page_eighths_come_from_the_typeset_page(tmp_path):
    # Scene 1: heading on row 0, twelve one-line paragraphs on rows 2..24, the next heading on
    # row 26 (after a blank): it fills rows 0-25, 26 of 55 lines = 3.8 eighths -> 4/8.
    action = "\n\n".join(f"Beat {i}." for i in range(1, 13))
    text = f"INT. ONE - DAY\n\n{action}\n\nINT. TWO - DAY\n\nShort.\n"
    data = json.loads(run_previs("stats", "--json", _write(tmp_path, text), check=True).stdout)
    scenes = [s for s in data["scene_list"] if s["heading"]]
    assert scenes[0]["eighths"] == 4
    # the body is one page: row 28 is its last line -> 29 rows = 4/8 of the page
    assert data["pages"] == 0.5


def test_corpus_page_counts_match_the_reference_layout(corpus):
    from screenplay import load
    from screenplay.typeset import typeset

    # screenplain's PDF of big-fish runs to 122 pages (corpus README); the shorts' counts there
    # include the title page (brick-and-steel about 3 pages of body)
    assert 120 <= typeset(load(corpus / "big-fish.fountain")).pages <= 124
    assert typeset(load(corpus / "brick-and-steel.fountain")).pages == 3


@pytest.mark.parametrize("name", ["big-fish-utf8-original.fountain"])
def test_unicode_script_prints_in_a_monospace_font(tmp_path, corpus, name):
    import shutil

    script = tmp_path / name
    shutil.copyfile(corpus / name, script)
    doc = pdfium.PdfDocument(str(_export(tmp_path, script)))
    assert len(doc) > 100
    assert "14°" in "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
