"""Issue 13: nothing the user owns is lost or touched by the project store.

Each test runs ``previs`` as a user would, against a real folder, the way the
probe that found the problem did: ``--project .`` in a folder of notes, a ``tmp``
link inside a store, ``--project /``, a bible id that climbs out of the project,
a damaged shot in the render cache.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import run_previs
from previs.store import STORE_MARKER, ProjectStore, cached_video_intact
from screenplay.errors import PrevisError

SMALL = ("--size", "160x90", "-q")
SCRIPT = """\
Title: Tiny

INT. KITCHEN - NIGHT

MARA waits by the stove.

MARA
Where were you?

JOE
Out.

EXT. STREET - DAY

Joe walks away.
"""


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every path under ``folder`` (links not followed) with its bytes (None for folders and links)."""
    out: dict[str, bytes | None] = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            p = Path(dirpath) / name
            out[str(p.relative_to(folder))] = p.read_bytes() if p.is_file() and not p.is_symlink() else None
    return out


def _one_line_error(proc) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    return lines[0]


@pytest.fixture
def script(tmp_path) -> Path:
    s = tmp_path / "S.fountain"
    s.write_text(SCRIPT, encoding="utf-8")
    return s


# -- point 1: the store only works, and deletes, in a folder it made -------------------------

def test_project_dot_in_a_folder_with_a_tmp_of_notes_is_refused_and_nothing_is_touched(script):
    """The probe: ``previs animatic S --project .`` in a folder holding ``tmp/notes.txt`` deleted it."""
    folder = script.parent
    (folder / "tmp").mkdir()
    (folder / "tmp" / "notes.txt").write_text("my notes")
    (folder / "tmp" / "previs-draft.txt").write_text("a name like previs's own, still mine")
    before = _tree(folder)
    line = _one_line_error(run_previs("animatic", script.name, "--project", ".", *SMALL, cwd=folder))
    assert "not a previs project" in line
    assert _tree(folder) == before  # not one file added, changed or removed


def test_a_tmp_link_in_a_store_is_refused_and_its_target_untouched(script, tmp_path):
    """The probe: an ``S.previs/tmp`` symlink made previs delete everything inside its target."""
    run_previs("plan", script, check=True)  # a real store, made by previs
    store = script.with_suffix(".previs")
    assert (store / STORE_MARKER).is_file()
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.txt").write_text("years of work")
    (precious / "previs-x.mp4").write_bytes(b"even this name")
    (precious / "sub").mkdir()
    (precious / "sub" / "a.txt").write_text("a")
    os.rmdir(store / "tmp")
    (store / "tmp").symlink_to(precious, target_is_directory=True)
    before = _tree(precious)
    line = _one_line_error(run_previs("animatic", script, *SMALL))
    assert "tmp" in line and "link" in line
    assert _tree(precious) == before


def test_project_root_of_the_filesystem_is_refused():
    """``--project /`` would have emptied the system's temp folder; now nothing is written there."""
    here = Path(__file__).resolve().parent.parent / "examples" / "the-night-shift.fountain"
    line = _one_line_error(run_previs("plan", here, "--project", "/"))
    assert line.startswith("/:") and "not a previs project" in line
    assert not Path("/" + STORE_MARKER).exists() and not Path("/bible.yaml").exists()


def test_a_store_clears_only_its_own_scratch_files(script):
    """Inside a real store, a file of the user's in ``tmp/`` survives a run; previs's leftovers do not."""
    run_previs("plan", script, check=True)
    tmp = script.with_suffix(".previs") / "tmp"
    (tmp / "notes.txt").write_text("mine")
    staging = ProjectStore(script.with_suffix(".previs")).scratch_dir("staging")  # a killed run's leftovers
    staging.mkdir(exist_ok=True)
    (staging / "1A-deadbeef.mp4").write_bytes(b"half a shot")
    run_previs("animatic", script, *SMALL, check=True)
    assert (tmp / "notes.txt").read_text() == "mine"
    assert not (staging / "1A-deadbeef.mp4").exists()


def test_a_store_made_before_the_marker_is_adopted(tmp_path):
    old = tmp_path / "S.previs"
    (old / "plans").mkdir(parents=True)
    (old / "bible.yaml").write_text("characters: []\n")
    ProjectStore(old).ensure()
    assert (old / STORE_MARKER).is_file()


# -- point 2 (store half): every path the store builds stays inside it ----------------------

@pytest.mark.parametrize("parts", [("references", "../../x.png"), ("references", "/somewhere/abs.png"),
                                   ("shots", "..", "..", "y.json"), ("..",), ("plans", "a\0b.json")])
def test_a_path_that_would_leave_the_store_is_refused(tmp_path, parts):
    store = ProjectStore(tmp_path / "S.previs")
    with pytest.raises(PrevisError, match="outside the project folder"):
        store.within(*parts)
    assert store.within("references", "mara.png") == tmp_path / "S.previs" / "references" / "mara.png"


@pytest.mark.parametrize("bad_id", ["../../escaped", "/tmp/previs-13a-escaped-abs"])
def test_reference_never_writes_outside_the_project(script, bad_id):
    """The probe: a bible ``id`` of ``../../x`` or ``/abs`` put ``previs reference``'s PNG outside
    the project (the app's ``s`` key calls the same ``Session.reference_from_shot``)."""
    run_previs("animatic", script, *SMALL, check=True)
    bible = script.with_suffix(".previs") / "bible.yaml"
    bible.write_text(bible.read_text().replace("id: mara", f"id: {json.dumps(bad_id)}"))
    run_previs("animatic", script, *SMALL)  # renders under the new id (or refuses the id: either is fine)
    escaped = [script.parent / "escaped.png", script.parent.parent / "escaped.png", Path(bad_id + ".png")]
    proc = run_previs("reference", script, "MARA", "1B", *SMALL[:2])
    try:
        _one_line_error(proc)
        assert not any(p.exists() for p in escaped)
    finally:
        for p in escaped:
            p.unlink(missing_ok=True)


# -- point 8: a damaged cache entry is not trusted ------------------------------------------

def _decoded_frames(path: Path) -> int:
    import av

    with av.open(str(path)) as c:
        return sum(1 for _ in c.decode(video=0))


@pytest.mark.parametrize("damage", ["empty", "half"])
def test_a_damaged_shot_in_the_cache_is_rendered_again(script, damage):
    """The probe: a shot MP4 truncated to 0 bytes, its metadata intact, gave a short animatic with exit 0."""
    out = script.with_name("cut.mp4")
    first = json.loads(run_previs("animatic", script, *SMALL, "-o", out, "--json", check=True).stdout)
    shots = script.with_suffix(".previs") / "shots"
    victim = sorted(shots.glob("*.json"))[0].with_suffix(".mp4")
    data = victim.read_bytes()
    victim.write_bytes(b"" if damage == "empty" else data[: len(data) // 2])
    for cut in (script.with_suffix(".previs") / "cuts").glob("*.mp4"):
        cut.unlink()  # so the cut is made again from the shots
    again = json.loads(run_previs("animatic", script, *SMALL, "-o", out, "--json", check=True).stdout)
    assert again["rendered"] == 1 and again["cached"] == first["rendered"] - 1
    assert _decoded_frames(out) == first["frames"] == again["frames"]
    meta = json.loads(victim.with_suffix(".json").read_text())
    assert cached_video_intact(victim, meta)
    # an entry stored before sizes were recorded is judged by its header alone: a cut-off file fails too
    legacy = {k: v for k, v in meta.items() if k != "video_bytes"}
    whole = victim.read_bytes()
    copy = victim.with_name("copy.mp4")
    for cut in (0, 64, len(whole) // 2, len(whole) - 1):
        copy.write_bytes(whole[:cut])
        assert not cached_video_intact(copy, legacy), cut
    copy.write_bytes(whole)
    assert cached_video_intact(copy, legacy)


def test_a_damaged_cut_in_the_cache_is_made_again(script):
    out = script.with_name("cut.mp4")
    first = json.loads(run_previs("animatic", script, *SMALL, "-o", out, "--json", check=True).stdout)
    (cut,) = (script.with_suffix(".previs") / "cuts").glob("*.mp4")
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 3])
    run_previs("animatic", script, *SMALL, "-o", out, check=True)
    assert _decoded_frames(out) == first["frames"]
