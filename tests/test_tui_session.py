"""The app-facing session and hand edits of shots, on a real project store (no UI)."""
from __future__ import annotations

import json

import pytest

from screenplay.errors import PrevisError
from tui_fixtures import RENDERED_SCENES, make_session, project  # noqa: F401 - fixture


def test_render_state_follows_the_store(project):
    s = make_session(project)
    view = s.load()
    for sc in view.scenes:
        assert sc.state == ("rendered" if sc.id in RENDERED_SCENES else "dirty"), sc.id
    assert s.shot_ids("scene", "3") == []  # nothing dirty to render
    assert s.shot_ids("scene", "3", dirty_only=False) == [st.id for st in view.scene("3").shots]
    ids = s.shot_ids("scene", "1")
    assert ids and all(i.startswith("1") for i in ids)
    done = []
    s.render(ids[:1], progress=lambda p: done.append(p) if p.stage == "shots" and p.item else None)
    assert [p.item for p in done] == ids[:1]
    assert not s.view.shot(ids[0]).dirty and s.view.scene("1").state == "partial"
    assert len(s.playlist("scene", "1")) == 1
    with pytest.raises(PrevisError, match="no scene"):
        s.shot_ids("scene", "99")


def test_a_shot_edit_persists_turns_the_shot_dirty_and_survives_replanning(project):
    s = make_session(project)
    view = s.load()
    # the shot that carries the entrance (the scene's opening paragraph has beats of its own before it)
    door = next(st.id for st in view.shots if st.shot.action.startswith("The door swings open"))
    before = view.shot(door)
    assert not before.dirty
    view = s.edit_shot(door, {"size": "close-up", "lens_mm": "85mm", "description": "Mara, soaked, waits."})
    shot = view.shot(door)
    assert (shot.shot.size.value, shot.shot.lens_mm, shot.shot.description) == ("CU", 85, "Mara, soaked, waits.")
    assert "close-up" in shot.shot.prompt and "85mm" in shot.shot.prompt  # the prompt follows the camera
    assert shot.dirty and shot.key != before.key
    assert [st.id for st in view.shots if st.dirty and st.id[0] in RENDERED_SCENES] == [door]
    data = json.loads((s.store.root / "shot_edits.json").read_text())
    (entry,) = data["edits"]
    assert entry["shot"] == door and entry["fields"] == {"size": "CU", "lens_mm": 85, "description": "Mara, soaked, waits."}
    assert entry["lines"] == ["the door swings open. mara and dev enter, dripping."]  # the words it follows

    # an edit elsewhere in the script re-plans scene 1 only: the edit on scene 3 stays
    text = project.read_text()
    project.write_text(text.replace("Rain hammers an empty road.", "Rain hammers an empty, shining road."))
    fresh = make_session(project).load()
    assert fresh.shot(door).shot.size.value == "CU" and fresh.shot(door).key == shot.key

    # another line of the edited scene changes: the edit follows its own lines and stays
    # (tests/test_shot_edit_revisions.py covers rewording, insertions, deletions, moves and renumbering)
    project.write_text(project.read_text().replace("We had a disagreement about fares.",
                                                   "We disagreed about the fare."))
    again = make_session(project).load()
    assert again.shot(door).shot.size.value == "CU"


def test_shot_edits_are_checked_against_the_vocabulary(project):
    s = make_session(project)
    s.load()
    with pytest.raises(PrevisError, match="not a ShotSize; choose one of: EWS"):
        s.edit_shot("3B", {"size": "enormous"})
    with pytest.raises(PrevisError, match="lens"):
        s.edit_shot("3B", {"lens_mm": "wide"})
    with pytest.raises(PrevisError, match="cannot be edited"):
        s.edit_shot("3B", {"subjects": "nobody"})
    assert not (s.store.root / "shot_edits.json").exists()


def test_editing_a_character_dirties_exactly_their_shots_and_keeps_shot_edits(project):
    s = make_session(project)
    view = s.edit_shot("4A", {"angle": "high"})
    juno = view.characters_in("juno-kestrel")
    assert juno and all(i[0] in RENDERED_SCENES for i in juno)
    clean_before = {st.id for st in view.shots if not st.dirty}
    view = s.edit_character("juno-kestrel", look="70s, tiny, silver braid, red naval coat", voice_pitch=30)
    entry = view.bible.get("juno-kestrel")
    assert entry.look.endswith("red naval coat") and entry.voice.pitch == 30 and entry.version >= 2
    now_dirty = {st.id for st in view.shots if st.dirty} & clean_before
    assert now_dirty == set(juno) - {"4A"}
    assert view.shot("4A").shot.angle.value == "high"  # the hand edit survived the bible change
    assert "red naval coat" in (s.store.root / "bible.yaml").read_text()
    with pytest.raises(PrevisError, match="#rrggbb"):
        s.edit_character("juno-kestrel", color="#12")
    with pytest.raises(PrevisError, match="no image file"):
        s.edit_character("juno-kestrel", reference_image="missing.png")
    with pytest.raises(PrevisError, match="no character"):
        s.edit_character("nobody", look="x")


def test_a_character_edit_that_changes_nothing_is_not_saved_and_a_deleted_bible_comes_back(project):
    # what Session.edit_character's docstring promises beyond edit_bible_entry's
    s = make_session(project)
    view = s.load()
    entry = view.bible.get("juno-kestrel")
    bible = s.store.root / "bible.yaml"
    text = bible.read_text()
    assert s.edit_character("juno-kestrel", look=entry.look) is view  # no write, no reload
    assert bible.read_text() == text
    bible.unlink()  # deleted behind the app's back: synced from the script again, then edited
    view = s.edit_character("juno-kestrel", voice_pitch=31)
    assert view.bible.get("juno-kestrel").voice.pitch == 31 and view is s.view
    assert "pitch: 31" in bible.read_text()


def test_later_looks_per_scene_are_edited_from_the_app_and_reach_the_prompts_of_their_scenes(project):
    s = make_session(project)
    view = s.edit_character("juno-kestrel", looks="4: 70s, tiny, silver braid, yellow oilskin")
    entry = view.bible.get("juno-kestrel")
    assert entry.looks == (("4", "70s, tiny, silver braid, yellow oilskin"),)
    in_3 = [st.shot for st in view.shots if st.shot.scene == "3" and "juno-kestrel" in st.shot.subjects]
    in_4 = [st.shot for st in view.shots if st.shot.scene == "4" and "juno-kestrel" in st.shot.subjects]
    assert in_3 and all("oversized naval coat" in sh.prompt and "oilskin" not in sh.prompt for sh in in_3)
    assert in_4 and all("yellow oilskin" in sh.prompt for sh in in_4)
    with pytest.raises(PrevisError, match="scene: look"):
        s.edit_character("juno-kestrel", looks="no colon here")


def test_the_apps_session_resolves_a_relative_reference_image_beside_the_script(example_copy, tiny_wan_model,
                                                                                tmp_path, monkeypatch):
    from conftest import with_relative_reference
    from previs.session import Session
    from tui_fixtures import SETTINGS

    image = with_relative_reference(example_copy, "mara-okafor", "refs/mara.png")
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # not the script's folder: refs/mara.png is not here

    def session():
        return Session(example_copy, renderer="diffusion", renderer_options={"model": str(tiny_wan_model)},
                       settings=SETTINGS)

    view = session().load()
    mara = [s.id for s in view.shots if "mara-okafor" in s.shot.subjects]  # in frame: her image is used
    assert mara, "Mara is in frame in the example"
    other = next(s.id for s in view.shots if s.id not in mara)
    from PIL import Image

    Image.new("RGB", (32, 32), (10, 200, 10)).save(image)  # a new reference: exactly Mara's shots change key
    again = session().load()
    assert all(again.shot(i).key != view.shot(i).key for i in mara)
    assert again.shot(other).key == view.shot(other).key


def test_the_sessions_export_grid_reaches_the_storyboard(project, tmp_path):
    import math

    import pypdfium2 as pdfium

    s = make_session(project)
    shots = len(s.load().shots)

    def pages(grid):
        written, _ = s.export(["storyboard-pdf"], tmp_path / f"{grid[0]}x{grid[1]}", grid=grid)
        doc = pdfium.PdfDocument(str(written["storyboard-pdf"]))
        try:
            return len(doc)
        finally:
            doc.close()

    assert pages((1, 1)) == shots  # one panel a page
    assert pages((2, 3)) == math.ceil(shots / 6)
