"""Real public scripts: the counts a spec-following reading gives (../shared/corpus/README.md).

The copyrighted samples are read from ../shared/corpus and never copied into
the repo; these tests skip when that folder is absent.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from screenplay import load, parse

BIG_FISH = {
    "scene_heading": 190, "character": 768, "dialogue": 799, "parenthetical": 97, "action": 864,
    "transition": 34, "title_page_field": 6, "page_break": 1, "centered": 2,
}


def counts(path: Path) -> Counter:
    return Counter(e.type for e in load(path).elements)


def test_big_fish_counts_exactly(corpus):
    assert dict(counts(corpus / "big-fish.fountain")) == BIG_FISH


def test_big_fish_utf8_original_reads_the_same(corpus):
    """Curly quotes, ©, ° and trailing spaces change nothing in the structure."""
    assert dict(counts(corpus / "big-fish-utf8-original.fountain")) == BIG_FISH


@pytest.mark.parametrize("name,headings,characters", [
    ("brick-and-steel", 8, 20),
    ("the-last-birthday-card", 48, 134),
    ("my-living-memory", 9, 121),
    ("printing-trouble", 29, 61),
    ("the-library-freak-out", 3, 51),
])
def test_corpus_heading_and_character_counts(corpus, name, headings, characters):
    c = counts(corpus / f"{name}.fountain")
    assert (c["scene_heading"], c["character"]) == (headings, characters)


def test_beat_copy_with_sections_and_heading_notes(corpus):
    sp = load(corpus / "big-fish-beat-sections-notes.fountain")
    c = Counter(e.type for e in sp.elements)
    assert c["scene_heading"] == 190 and c["character"] == 768 and c["section"] >= 2
    # Notes at the end of headings are removed from the heading text.
    assert not any("[[" in e.text for e in sp.elements if e.type == "scene_heading")
    assert any(e.key == "Contact" and "\n" in e.value for e in sp.title_page)


def test_big_fish_details(corpus):
    sp = load(corpus / "big-fish.fountain")
    notes = sp.title_value("Notes")
    assert notes == "FINAL PRODUCTION DRAFT\nincludes post-production dialogue\nand omitted scenes"
    centered = [e.text for e in sp.elements if e.type == "centered"]
    assert centered == ["_BIG FISH_", "_**THE END**_"]
    cue = next(e for e in sp.elements if e.type == "character" and e.extension and "CONT'D" in e.extension)
    assert (cue.name, cue.extension) == ("EDWARD", "V.O.)(CONT'D")
    assert len(sp.scenes) == 191 and sp.scenes[0].heading is None  # the preamble before the first heading
    assert sp.scenes[1].heading.text == "INT.  WILL'S BEDROOM - NIGHT (1973)"
    assert sp.scenes[1].speakers == ("EDWARD",)
    assert sp.scenes[1].introduced == ("WILL BLOOM", "EDWARD BLOOM")
    # Sounds and camera moves in caps are not people.
    introduced = {name for s in sp.scenes for name in s.introduced}
    assert {"OLD MAN", "STEWARDESS", "DR. JULIUS BENNETT"} <= introduced
    assert not introduced & {"LAUGH", "PUSH IN", "PULL BACK", "AGE", "KEYS", "RINGS"}


def test_big_fish_line_endings_and_bom_variants(corpus):
    text = (corpus / "big-fish.fountain").read_text(encoding="utf-8")
    want = parse(text).to_json()
    assert parse("\ufeff" + text.replace("\n", "\r\n")).to_json() == want
    assert parse(text.replace("\n", "\r")).to_json() == want


def test_every_corpus_file_has_lines_inside_the_file(corpus):
    for path in sorted(corpus.glob("*.fountain")):
        sp = load(path)
        for e in sp.elements:
            assert 1 <= e.line <= e.end_line <= sp.line_count, (path.name, e)


def test_page_estimate_close_to_printed_length(corpus):
    """screenplain's PDF of big-fish has 122 pages (title page included)."""
    from screenplay.scenes import page_count

    assert 118 <= page_count(load(corpus / "big-fish.fountain")) <= 124
