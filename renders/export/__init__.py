"""Production exports: what a first AD, an editor and a director take away from previs.

One module per format family, each a few plain functions over plain data
(``ShotPlan``, ``TimedShot``, ``RenderedShot``), each written by its field's
library: fpdf2 for the PDFs, OpenTimelineIO's adapters for the editorial
timelines, ``srt`` for subtitles, the csv/json modules for the shot list. Heavy
imports happen inside the functions, so importing this package is cheap.

- shotlist_pdf.py: the AD's shot list, grouped by scene, landscape (table drawn directly).
- script_pdf.py: the screenplay typeset (``screenplay/typeset.py``) as a PDF.
- lined_script_pdf.py: that script with the plan's tramlines drawn on it.
- storyboard_pdf.py: panels with frame grabs from the rendered shots.
- floorplan_layout.py: each scene from above (marks, moves, 180° line, cameras) placed from the
  greybox's staging into floorplan_model.py's plain data; floorplan_pdf.py draws it as pages
  (and storyboard thumbnails),
  floorplan_image.py as a small picture for the app.
- pdf_text.py: fast text measuring and wrapping for the PDFs.
- timeline.py: OTIO timeline -> .otio, CMX3600 .edl, FCP7 .xml, .fcpxml.
- fcpxml_writer.py: OTIO's FCPXML writer with indexed look-ups and a start timecode.
- dialogue_edl.py: the dialogue tracks as a second EDL.
- subtitles.py: dialogue as .srt at animatic timing.
- conform.py: read an editor's cut back (shot order and lengths).
- fonts.py: a Unicode font for the PDFs.
- atomic_file.py: the one way every file here (and the store's) is written: temp file, sync,
  read back, rename. pdf_file.py: the PDFs' save through it, checked with pypdfium2.
"""
