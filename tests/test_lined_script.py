"""The lined script (``--format lined-script-pdf``): tramlines read back from the PDF.

The plan here is written by hand (two overlapping shots on a nine-line scene),
so every expectation comes from the script text and the layout rules: the
scene is on body page 1, line 1 prints on row 0, line 3 on row 2, the V.O.
cue (line 5) on row 4 and its speech (line 6) on row 5, DEV's cue (line 8) on
row 7 and his speech (line 9) on row 8.
"""
from __future__ import annotations

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from conftest import run_previs
from renders.export.lined_script_pdf import COLUMN_STEP, FIRST_COLUMN_X, export_script_pdfs, tramlines
from screenplay import parse
from screenplay.typeset import LINE_HEIGHT, TOP_MARGIN, typeset
from shots.model import DialogueLine, Shot, ShotPlan
from shots.vocabulary import Angle, Movement, ShotSize, ShotType

PT = 72.0
SCRIPT = """\
INT. KITCHEN - NIGHT #12#

MARA pours coffee.

MARA (V.O.)
I knew it was him.

DEV
Who's there?
"""


def _shot(sid, index, first, last, subjects, dialogue) -> Shot:
    return Shot(id=sid, scene="12", index=index, setup=index + 1, size=ShotSize.WS, type=ShotType.MASTER,
                angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=24, subjects=subjects,
                speaker=None, first_line=first, last_line=last, description="", dialogue=dialogue)


def _plans() -> list[ShotPlan]:
    vo = DialogueLine("mara", "I knew it was him.", 6, None, "V.O.")
    dev = DialogueLine("dev", "Who's there?", 9)
    master = _shot("12A", 0, 1, 9, ("mara", "dev"), (vo, dev))
    single = _shot("12B", 1, 8, 9, ("dev",), (dev,))
    return [ShotPlan("12", (master, single), "hand", 1, 9)]


def _row_y(row: int) -> float:
    """Baseline of a body row, inches from the top."""
    return TOP_MARGIN + (row + 1) * LINE_HEIGHT


def test_tramlines_cover_each_shots_lines_in_separate_columns():
    lines = tramlines(typeset(parse(SCRIPT)), _plans())
    master, single = lines
    assert (master.shot_id, master.page, master.column, master.x) == ("12A", 1, 0, FIRST_COLUMN_X)
    assert (single.shot_id, single.column) == ("12B", 1)  # overlaps 12A, so the next column
    assert abs(single.x - (FIRST_COLUMN_X + COLUMN_STEP)) < 1e-9
    # 12A runs from the heading (row 0) to DEV's speech (row 8); both ends on this page
    assert master.top < _row_y(0) < _row_y(8) < master.bottom and master.starts and master.ends
    # straight, wavy over the V.O. speech (row 5, MARA is off camera), straight again
    assert [s.wavy for s in master.segments] == [False, True, False]
    wavy = master.segments[1]
    assert wavy.top < _row_y(5) < wavy.bottom and not (wavy.top < _row_y(8) < wavy.bottom)
    # 12B: DEV's cue and speech (rows 7-8), DEV on camera -> straight
    assert [s.wavy for s in single.segments] == [False]
    assert single.top < _row_y(7) < _row_y(8) < single.bottom


def _paths(page) -> list[tuple[float, float, float, float]]:
    return [obj.get_bounds() for obj in page.get_objects() if obj.type == pdfium_c.FPDF_PAGEOBJ_PATH]


def test_lined_script_pdf_draws_labelled_tramlines(tmp_path):
    out, _ = export_script_pdfs(parse(SCRIPT), _plans(), tmp_path / "lined.pdf", lined=True)
    doc = pdfium.PdfDocument(str(out))
    assert len(doc) == 1
    page = doc[0]
    height = page.get_height()
    tp = page.get_textpage()
    for sid, x in (("12A", FIRST_COLUMN_X), ("12B", FIRST_COLUMN_X + COLUMN_STEP)):
        index, count = tp.search(sid).get_next()
        left, bottom = tp.get_charbox(index)[:2]
        right = tp.get_charbox(index + count - 1)[2]
        assert abs((left + right) / 2 - x * PT) < 2.5  # the label is centred on its line
        # a vertical path starts just under the label, in that column
        below = [p for p in _paths(page) if abs((p[0] + p[2]) / 2 - x * PT) < 4 and p[3] < bottom + 0.5
                 and bottom - p[3] < 8 and p[3] - p[1] > 10]
        assert below, f"no tramline under {sid}"
    # the wavy stretch: a wide path (the zig-zag) over the V.O. row; straight ones are hairlines
    vo_y = height - _row_y(5) * PT
    wavy = [p for p in _paths(page) if p[2] - p[0] > 3 and p[1] < vo_y < p[3] and p[0] < FIRST_COLUMN_X * PT < p[2]]
    assert wavy
    dev_y = height - _row_y(8) * PT
    straight = [p for p in _paths(page) if p[2] - p[0] < 2.5 and p[1] < dev_y < p[3]]
    assert len(straight) >= 2  # 12A and 12B both straight over DEV's speech
    # the page renders, and the tramlines are red
    image = page.render(scale=1).to_pil().convert("RGB")
    x = round(FIRST_COLUMN_X * PT)
    column = [image.getpixel((x + dx, round(_row_y(2) * PT))) for dx in (-1, 0, 1)]
    assert any(r > 150 and g < 120 and b < 120 for r, g, b in column)


def test_lined_script_of_a_feature_keeps_columns_apart(tmp_path, corpus):
    import shutil

    from previs.pipeline import plan_script

    script = tmp_path / "big-fish.fountain"
    shutil.copyfile(corpus / "big-fish.fountain", script)
    plan = plan_script(script)
    lines = tramlines(typeset(plan.screenplay), plan.plans)
    assert {t.shot_id for t in lines} == {s.id for p in plan.plans for s in p.shots if s.first_line}
    by_column: dict[tuple[int, int], list] = {}
    for t in lines:
        by_column.setdefault((t.page, t.column), []).append(t)
    for column in by_column.values():
        column.sort(key=lambda t: t.top)
        for above, below in zip(column, column[1:]):
            assert above.bottom + 0.2 < below.top, (above, below)  # room for the label between
    # and the CLI writes it
    out = tmp_path / "bf.pdf"
    run_previs("export", script, "--format", "lined-script-pdf", "-o", out, "-q", check=True)
    assert len(pdfium.PdfDocument(str(out))) == typeset(plan.screenplay).pages
