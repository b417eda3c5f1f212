"""Floor plans: the scene from above, drawn from the staging the greybox renders.

The bundled example is planned for real; the PDF is written by the CLI and read
back with pypdfium2 (its text, and its pages rendered to pixels).
"""
from __future__ import annotations

import dataclasses
import re

import numpy as np
import pypdfium2 as pdfium
import pytest

from conftest import run_previs
from previs.pipeline import plan_script
from renders.export.floorplan_layout import scene_floorplan
from renders.export.floorplan_model import fit_view
from renders.export.floorplan_pdf import SETUPS_PER_PAGE, export_floorplan_pdf
from renders.export.shotlist_table import eighths_text
from renders.greybox.palette import parse_hex
from renders.greybox.staging import stage_shot
from shots.model import Bible, BibleEntry, Placement, Shot, ShotPlan, VoiceSpec
from shots.vocabulary import Angle, Movement, ShotSize, ShotType

MM = 72 / 25.4  # PDF points per millimetre
DIAGRAM_BOX = (10, 22, 200, 172)  # where floorplan_pdf draws the diagram on its page (mm)


@pytest.fixture(scope="module")
def example_plan(tmp_path_factory):
    from conftest import EXAMPLE

    script = tmp_path_factory.mktemp("fp") / EXAMPLE.name
    script.write_bytes(EXAMPLE.read_bytes())
    return plan_script(script)


def _check_every_wedge(planned) -> list:
    """Assert each shot's wedge holds exactly its framed characters, of those on set; returns the shots."""
    checked = []
    for plan in planned.plans:
        fp = scene_floorplan(plan, planned.bible)
        for shot in plan.shots:
            cam = fp.camera(shot.id)
            assert cam.in_frame() == set(shot.subjects), (shot.id, shot.subjects)
            assert set(shot.subjects) <= {cid for cid, _, _ in cam.cast_at}
            checked.append(shot)
    return checked


def test_every_wedge_holds_exactly_the_characters_the_plan_frames(example_plan):
    assert len(_check_every_wedge(example_plan)) == len(example_plan.shots) == 28  # issue 16's cut of the example


def test_the_wedge_is_the_greybox_lens_and_a_plan_edit_moves_both(example_plan):
    plan = next(p for p in example_plan.plans if p.scene == "2")
    bible = example_plan.bible
    shot = next(s for s in plan.shots if s.id == "2C")  # Mara's MCU single, 50mm
    cast = [bible.get(s) for s in shot.subjects]
    before = scene_floorplan(plan, bible).camera("2C")
    assert before.hfov == pytest.approx(stage_shot(shot, cast, shot.est_seconds, 640, 360).framing.base.hfov)

    longer = dataclasses.replace(shot, lens_mm=100)
    edited = dataclasses.replace(plan, shots=tuple(longer if s.id == "2C" else s for s in plan.shots))
    after = scene_floorplan(edited, bible).camera("2C")
    greybox = stage_shot(longer, cast, shot.est_seconds, 640, 360).framing
    assert after.hfov == pytest.approx(greybox.base.hfov) and after.hfov < before.hfov * 0.6
    mara = next(m for m in scene_floorplan(edited, bible).marks if m.id == "mara-okafor")
    # a longer lens on the same size: the greybox moves the camera back, and so does the plan
    d_before = ((before.x - mara.x) ** 2 + (before.z - mara.z) ** 2) ** 0.5
    d_after = ((after.x - mara.x) ** 2 + (after.z - mara.z) ** 2) ** 0.5
    assert d_after > 1.7 * d_before
    assert after.in_frame() == {"mara-okafor"}


def test_interiors_have_walls_a_door_and_a_window_and_exteriors_none(example_plan):
    by_scene = {p.scene: scene_floorplan(p, example_plan.bible) for p in example_plan.plans}
    assert by_scene["1"].room is None  # EXT. HARBOUR ROAD
    office = by_scene["3"].room  # INT. HARBOUR OFFICE
    assert office is not None
    xs = [c[0] for c in office.corners]
    zs = [c[1] for c in office.corners]
    for m in by_scene["3"].marks:  # everyone stands inside the walls
        assert min(xs) < m.x < max(xs) and min(zs) < m.z < max(zs)
    # Mara and Dev come in after Juno is seen ("The door swings open. Mara and Dev enter"): arrows from the door
    door_mid = tuple((a + b) / 2 for a, b in zip(*office.door))
    entrances = {mv.id for mv in by_scene["3"].moves if mv.points[0] == pytest.approx(door_mid)}
    assert entrances == {"mara-okafor", "dev-patel-rios"}


def test_the_pdf_has_a_page_per_scene_with_marks_where_the_staging_says(example_copy, tmp_path):
    out = tmp_path / "plans.pdf"
    run_previs("export", example_copy, "--format", "floorplan-pdf", "-o", out, check=True)
    plan = plan_script(example_copy)
    doc = pdfium.PdfDocument(str(out))
    try:
        assert len(doc) == 4  # four scenes, none with more than eight setups
        for i, scene in enumerate(plan.plans):
            page = doc[i]
            text = page.get_textpage().get_text_range()
            fp = scene_floorplan(scene, plan.bible)
            assert f"Scene {scene.scene}" in text and scene.heading in text
            assert f"{eighths_text(scene.eighths)} pages" in text
            assert text.count("180°") == len(fp.lines) + 1  # each line labelled, and the key
            for shot in scene.shots:
                assert shot.id in text  # every shot is listed under its setup
            scale = 3.0
            image = page.render(scale=scale).to_pil().convert("RGB")
            to, k = fit_view(fp.bounds(), *DIAGRAM_BOX)
            for m in fp.marks:
                x, y = to(m.x, m.z)
                # just behind the facing tick, inside the disc
                x -= m.facing[0] * 0.1 * k
                y += m.facing[1] * 0.1 * k
                got = image.getpixel((round(x * MM * scale), round(y * MM * scale)))
                want = parse_hex(plan.bible.get(m.id).color)
                assert all(abs(g - w) < 30 for g, w in zip(got, want)), (scene.scene, m.id, got, want)
                assert m.name in text
    finally:
        doc.close()


def test_a_scene_with_many_setups_goes_on_over_pages(tmp_path):
    ana = BibleEntry("ana", "ANA", "", "#c83c3c", "average", VoiceSpec(), 1)
    shots = tuple(Shot(id=f"5{chr(65 + i)}", scene="5", index=i, setup=i + 1, size=ShotSize.MCU,
                       type=ShotType.SINGLE, angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=50,
                       subjects=("ana",), speaker=None, first_line=1, last_line=1, description="",
                       blocking=(Placement("ana", 0.5),), int_ext="INT", location="HALL")
                  for i in range(SETUPS_PER_PAGE + 2))
    plan = ShotPlan("5", shots, "heuristic", 1, 1, heading="INT. HALL - DAY", int_ext="INT", location="HALL")
    path, _ = export_floorplan_pdf([plan], Bible((ana,)), tmp_path / "hall.pdf", "Hall")
    doc = pdfium.PdfDocument(str(path))
    try:
        assert len(doc) == 2
        assert "page 2 of 2" in doc[1].get_textpage().get_text_range()
    finally:
        doc.close()


def test_the_storyboard_with_floorplan_has_a_thumbnail_on_each_scenes_first_panel(example_plan, tmp_path):
    from previs.exports import write_exports
    from renders.model import Animatic, TimedShot

    timed = tuple(TimedShot(s, 24, 24) for s in example_plan.shots)
    animatic = Animatic(str(tmp_path / "none.mp4"), 24, 24 * len(timed), timed, ())  # no renders: grey panels
    with_plan, without = tmp_path / "with.pdf", tmp_path / "without.pdf"
    write_exports(example_plan, animatic, {"storyboard-pdf": with_plan}, with_floorplan=True)
    write_exports(example_plan, animatic, {"storyboard-pdf": without})
    for path, want in ((with_plan, ["1", "2", "3", "4"]), (without, [])):
        doc = pdfium.PdfDocument(str(path))
        try:
            text = "\n".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
            assert re.findall(r"floor plan, scene (\d+)", text) == want
            # the first panel's thumbnail (top right of the panel) shows shot 1A's camera highlighted
            pixels = np.asarray(doc[0].render(scale=2).to_pil().convert("RGB")).astype(int)
            r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
            orange = int(((r > 200) & (g > 110) & (g < 170) & (b < 60)).sum())
            assert (orange > 20) == bool(want)
        finally:
            doc.close()


def test_the_two_hander_in_the_taxi_is_covered_from_one_side_of_its_line(example_plan):
    # Scene 2 is Mara and Dev in the taxi: once Mara is in, the plan keeps Dev screen left and Mara
    # screen right (the shots observing the line say so in their notes), so every one of those
    # cameras must stand on one side of the line between them.
    plan = next(p for p in example_plan.plans if p.scene == "2")
    fp = scene_floorplan(plan, example_plan.bible)
    assert len(fp.lines) == 1
    (ax, az), (bx, bz) = fp.lines[0]
    sides = set()
    observing = [s for s in plan.shots if "180° line" in s.notes]
    assert len(observing) >= 6
    for shot in observing:
        cam = fp.camera(shot.id)
        sides.add((bx - ax) * (cam.z - az) - (bz - az) * (cam.x - ax) > 0)
    assert len(sides) == 1


def test_camera_moves_are_paths_and_a_crane_notes_its_height(example_plan):
    road = next(p for p in example_plan.plans if p.scene == "1")
    fp = scene_floorplan(road, example_plan.bible)
    walk = fp.camera("1B")  # "walks out of the dark": a tracking MWS of Mara
    assert walk.movement.value == "tracking" and len(walk.path) > 2
    travelled = ((walk.path[-1][0] - walk.path[0][0]) ** 2 + (walk.path[-1][1] - walk.path[0][1]) ** 2) ** 0.5
    assert travelled > 1.0  # at a walking pace over the shot
    assert [mv.shot for mv in fp.moves if mv.id == "mara-okafor"] == ["1B"]  # she walks with the camera
    assert fp.camera("1A").path == ()  # a pan turns in place

    craned = dataclasses.replace(road, shots=tuple(dataclasses.replace(s, movement=Movement.CRANE)
                                                   if s.id == "1D" else s for s in road.shots))
    crane = scene_floorplan(craned, example_plan.bible).camera("1D")
    low, high = (float(v) for v in crane.height_note.removeprefix("crane ").removesuffix(" m").split("-"))
    assert high > low + 0.5 and len(crane.path) > 2


def test_an_overhead_single_frames_its_subject_from_above(corpus, tmp_path):
    # my-living-memory's scene 9 has an overhead single of Kate (9U): the lens looks nearly straight
    # down, so the floor it sees surrounds the point below it; the wedge must still hold Kate alone,
    # as must every other shot of the script.
    script = tmp_path / "my-living-memory.fountain"
    script.write_bytes((corpus / "my-living-memory.fountain").read_bytes())
    checked = _check_every_wedge(plan_script(script))
    assert any(shot.angle is Angle.OVERHEAD and shot.subjects for shot in checked)
