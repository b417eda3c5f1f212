"""The shot list (CSV, JSON, PDF) and the storyboard PDF, read back with their own readers."""
from __future__ import annotations

import csv
import json

import pypdfium2 as pdfium
import pytest

from renders.export.fonts import find_fonts
from renders.export.shotlist_pdf import export_shotlist_pdf
from renders.export.shotlist_table import COLUMNS, ShotListSource, eighths_text, export_csv, export_json
from renders.export.storyboard_pdf import export_storyboard_pdf, frame_indices, grab_frames
from screenplay.errors import PrevisError
from shots.model import Bible
from test_export_samples import AUTHOR, LI, SPECS, TITLE, ZOE, make_animatic, make_plans

BIBLE = Bible((ZOE, LI))
HAS_CJK = bool(find_fonts().fallbacks)


@pytest.fixture(scope="module")
def animatic(tmp_path_factory):
    return make_animatic(tmp_path_factory.mktemp("media"))


def _pdf_text(path) -> tuple[int, str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc), "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def _assert_unicode(text: str, *cjk: str) -> None:
    assert "ZOË" in text and "Anaïs O'Brien" in text and "&" in text
    if HAS_CJK:  # only with a CJK font installed (pip install cvttf-notosanscjk-regular)
        for word in ("李", *cjk):
            assert word in text


def test_csv_has_the_production_columns_and_every_shot(tmp_path):
    path = export_csv(ShotListSource(make_plans(), BIBLE), tmp_path / "s.csv")
    with path.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0].keys()) == COLUMNS
    assert [r["Shot #"] for r in rows] == list(SPECS)
    assert rows[0]["Location"] == "CAFÉ «LE CHAT» & BAR"
    assert rows[2]["Cast"] == "ZOË, 李"
    assert rows[0]["Description"] == 'Shot 1A: ZOË looks at 李 & the <door>, "quietly"'
    assert rows[1]["Equipment"] == "dolly" and rows[3]["Sound"] == "MOS" and rows[2]["Sound"] == "sync"


def test_json_groups_shots_by_scene(tmp_path):
    path = export_json(ShotListSource(make_plans(), BIBLE, title=TITLE, author=AUTHOR), tmp_path / "s.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["title"] == TITLE and doc["author"] == AUTHOR
    assert [s["scene"] for s in doc["scenes"]] == ["1", "2"]
    assert [r["Shot #"] for s in doc["scenes"] for r in s["shots"]] == list(SPECS)


def test_eighths_are_written_as_production_does():
    assert [eighths_text(n) for n in (0, 3, 8, 11, 16)] == ["0/8", "3/8", "1", "1 3/8", "2"]


def test_shotlist_pdf_lists_every_shot_under_scene_headers(tmp_path):
    path, note = export_shotlist_pdf(ShotListSource(make_plans(), BIBLE, title=TITLE, author=AUTHOR), tmp_path / "s.pdf")
    pages, text = _pdf_text(path)
    assert pages == 1 and note == ""
    for sid in SPECS:
        assert sid in text
    assert "Scene 1 · INT. CAFÉ «LE CHAT» & BAR · NIGHT · 5/8 pages" in text
    assert "1 3/8 pages" in text
    _assert_unicode(text, "北京 STREET", "李小龙")


def test_shotlist_pdf_repeats_headings_on_every_page(tmp_path):
    plans = make_plans()
    long_scene = plans[1].__class__(**{**{f: getattr(plans[1], f) for f in plans[1].__dataclass_fields__},
                                       "shots": plans[1].shots * 12})
    path, _ = export_shotlist_pdf(ShotListSource([plans[0], long_scene], BIBLE, title=TITLE, author=AUTHOR),
                                  tmp_path / "s.pdf")
    doc = pdfium.PdfDocument(str(path))
    assert len(doc) >= 2
    for i in range(1, len(doc)):
        assert "Description" in doc[i].get_textpage().get_text_range()
    doc.close()


def test_storyboard_has_a_panel_per_shot_with_frames(animatic, tmp_path):
    timed, rendered = animatic
    path, _ = export_storyboard_pdf(timed * 3, rendered, tmp_path / "b.pdf", TITLE, AUTHOR)  # 15 panels
    pages, text = _pdf_text(path)
    assert pages == 3  # 6 per page
    for sid in SPECS:
        assert f"{sid} (" in text
    assert "MCU · eye level · push in · 35mm" in text
    assert 'ZOË: Fish & chips, "please" <now>, okay?' in text
    _assert_unicode(text, "李: 你好, ZOË; it's 5 < 6 & 7 > 3.")
    doc = pdfium.PdfDocument(str(path))
    images = [o for o in doc[0].get_objects() if o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE]
    # 6 panels on page 1: 1A, 2A, 2C static (one frame); 1B push-in, 2B pan (two frames); 1A again
    assert len(images) == 8
    doc.close()


def test_storyboard_grid_is_configurable_and_a_missing_render_is_a_placeholder(animatic, tmp_path):
    timed, rendered = animatic
    path, _ = export_storyboard_pdf(timed, rendered[1:], tmp_path / "b.pdf", TITLE, columns=3, rows=1)
    pages, text = _pdf_text(path)
    assert pages == 2 and text.count("no render") == 1
    with pytest.raises(PrevisError):
        export_storyboard_pdf(timed, rendered, tmp_path / "c.pdf", TITLE, columns=9, rows=9)


def test_frame_grabs_are_middle_or_first_and_last(animatic):
    timed, rendered = animatic
    assert frame_indices(timed[0]) == (15,)  # 30 frames, static
    assert frame_indices(timed[1]) == (0, 35)  # push in
    first, last = grab_frames(rendered[1].path, (0, 35))
    assert first.size == (160, 90) and first.tobytes() != last.tobytes()  # testsrc moves
    with pytest.raises(PrevisError):
        grab_frames(rendered[0].path + ".missing", (0,))
