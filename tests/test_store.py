"""The project store's guarantees: atomic writes, one run at a time, no leftovers used."""
from __future__ import annotations

import pytest

from previs.store import ProjectStore, atomic_write_text
from screenplay.errors import PrevisError


def test_atomic_write_leaves_no_partial_file(tmp_path):
    target = tmp_path / "a.txt"
    atomic_write_text(target, "one")

    class Boom(Exception):
        pass

    class Exploding(str):
        def encode(self, *a):
            raise Boom()

    with pytest.raises(Boom):
        atomic_write_text(target, Exploding("two"))
    assert target.read_text() == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def test_second_run_on_the_same_project_is_refused(tmp_path):
    store = ProjectStore(tmp_path / "p.previs")
    with store.locked():
        with pytest.raises(PrevisError, match="another previs run"):
            with ProjectStore(tmp_path / "p.previs").locked():
                pass
    with store.locked():  # released afterwards
        pass


def test_leftover_temp_files_are_cleared_and_entries_need_metadata(tmp_path):
    store = ProjectStore(tmp_path / "p.previs").ensure()
    staging = store.scratch_dir("staging")  # what a killed run leaves: its staging folder with a half shot
    staging.mkdir()
    (staging / "1A-half.mp4").write_bytes(b"partial")
    store.path("shots", "k1", ".mp4").parent.mkdir(parents=True)
    store.path("shots", "k1", ".mp4").write_bytes(b"video without metadata")
    with store.locked():
        assert list(store.tmp_dir.iterdir()) == []
    assert not store.has("shots", "k1")
    store.write_meta("shots", "k1", {"ok": True})
    assert store.has("shots", "k1") and store.read_meta("shots", "k1") == {"ok": True}


def test_scratch_path_is_removed_when_the_work_fails(tmp_path):
    store = ProjectStore(tmp_path / "p.previs")
    with pytest.raises(RuntimeError):
        with store.scratch(".mp4") as tmp:
            tmp.write_bytes(b"x")
            raise RuntimeError
    assert list(store.tmp_dir.iterdir()) == []
