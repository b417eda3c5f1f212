"""Storyboard stills saved at render time and used by the storyboard (issue 18 point 5).

A rendered shot leaves its panel frames beside its video in the store
(``shots/<key>.still-<frame>.jpg``); the storyboard embeds those files as they
are, so it builds even with every video gone, and grabs from the video only
when a still is missing (tests/test_export_documents.py covers that path: its
shots have no stills).
"""
from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from previs.pipeline import build_animatic
from renders.export.storyboard_pdf import export_storyboard_pdf
from renders.model import RenderSettings
from renders.stills import frame_indices, still_path

SCRIPT = """\
Title: Stills

INT. KITCHEN - NIGHT

ANA stirs a pot. BEN comes in from the rain.

ANA
You're late.

BEN
The bus broke down.

The camera pushes in on the pot.
"""


def _images(doc) -> list[bytes]:
    """Every image on every page as its stored stream (a JPEG is stored as it is, DCTDecode)."""
    found = []
    for page in doc:
        for obj in page.get_objects():
            if obj.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE:
                found.append(bytes(obj.get_data(decode_simple=False)))
    return found


def test_a_render_leaves_stills_and_the_storyboard_builds_from_them_without_the_videos(tmp_path):
    script = tmp_path / "stills.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    result = build_animatic(script, out=tmp_path / "cut.mp4", settings=RenderSettings(160, 90, 24))
    timed, rendered = result.animatic.shots, result.animatic.rendered
    stills = []
    for t, r in zip(timed, rendered):
        wanted = [still_path(r.path, i) for i in frame_indices(t)]
        # in the store beside the video, under the render's key (the key the video is reused by)
        assert all(p.is_file() and p.name.startswith(r.cache_key + ".still-") for p in wanted), t.shot.id
        stills.extend(p.read_bytes() for p in wanted)
    for r in rendered:
        Path(r.path).unlink()  # the videos are gone; only the stills are left
    path, _ = export_storyboard_pdf(timed, rendered, tmp_path / "board.pdf", "Stills")
    doc = pdfium.PdfDocument(str(path))
    try:
        text = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        assert "no render" not in text
        assert _images(doc) == stills  # each panel shows its stills, byte for byte, in cut order
    finally:
        doc.close()


def test_a_cached_render_keeps_its_stills(tmp_path):
    script = tmp_path / "stills.fountain"
    script.write_text(SCRIPT, encoding="utf-8")
    settings = RenderSettings(160, 90, 24)
    first = build_animatic(script, out=tmp_path / "a.mp4", settings=settings)
    again = build_animatic(script, out=tmp_path / "b.mp4", settings=settings)
    assert again.rendered_count == 0  # every shot from the cache...
    for t, r in zip(again.animatic.shots, again.animatic.rendered):
        assert all(still_path(r.path, i).is_file() for i in frame_indices(t))  # ...and its stills with it
    assert [r.path for r in again.animatic.rendered] == [r.path for r in first.animatic.rendered]
