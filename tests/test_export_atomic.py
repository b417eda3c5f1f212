"""Issue 13: exports are atomic, and OS errors are one line with nothing finished lost.

Disk full is made the way the probe made it: a file-size limit on the previs
process (``RLIMIT_FSIZE``, SIGXFSZ ignored, so a write fails with EFBIG as on a
full disk), or a small tmpfs where the test may mount one (root).
"""
from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
from pathlib import Path

import pytest

from conftest import run_previs
from previs.store import cached_video_intact
from test_store_safety import SCRIPT, SMALL, _one_line_error

MORE = "\nINT. HALL - DAY\n\nMARA\nOne more line, so the new file is bigger than the old one.\n"


def _file_size_limit(limit: int):
    def preexec() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    return preexec


@pytest.fixture
def script(tmp_path) -> Path:
    s = tmp_path / "S.fountain"
    s.write_text(SCRIPT, encoding="utf-8")
    return s


def _mount_tmpfs(where: Path, options: str) -> None:
    where.mkdir()
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
    if proc.returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root)")


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    _mount_tmpfs(disk, "size=256k")
    yield disk
    subprocess.run(["umount", "-l", str(disk)], check=False)


def _fill(disk: Path, leave: int) -> None:
    """Fill ``disk`` until only about ``leave`` bytes are free."""
    st = os.statvfs(disk)
    free = st.f_bavail * st.f_frsize
    (disk / "filler").write_bytes(b"\0" * max(0, free - leave))


# -- point 3: every export replaces the previous file whole, or not at all ---------------------

def test_csv_on_a_full_disk_keeps_the_previous_file(script, tmp_path):
    """The probe: ``export --format csv`` on a full disk truncated the previous good file."""
    out = tmp_path / "list.csv"
    run_previs("export", script, "--format", "csv", "-o", out, "-q", check=True)
    good = out.read_bytes()
    script.write_text(SCRIPT + MORE, encoding="utf-8")
    run_previs("plan", script, check=True)  # the plan is stored; only the export write is left to fail
    proc = run_previs("export", script, "--format", "csv", "-o", out, "-q", preexec_fn=_file_size_limit(len(good) // 2))
    line = _one_line_error(proc)
    assert line.startswith(f"{out}: ") and "File too large" in line
    assert out.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".previs-")] == []  # no temp file left


@pytest.mark.parametrize("fmt,suffix", [("otio", ".otio"), ("edl", ".edl"), ("fcp-xml", ".xml"), ("srt", ".srt"),
                                        ("json", ".json"), ("shotlist-pdf", ".pdf")])
def test_an_export_that_does_not_fit_on_the_disk_keeps_the_previous_file(script, small_disk, fmt, suffix):
    """The probe: ``--format otio`` printed success over a truncated file that no longer parsed
    (OTIO's writer ignores write errors), and the EDL was truncated."""
    out = small_disk / f"S{suffix}"
    run_previs("export", script, "--format", fmt, "-o", out, *SMALL, check=True)
    good = out.read_bytes()
    script.write_text(SCRIPT + MORE, encoding="utf-8")
    run_previs("animatic", script, *SMALL, check=True)  # the renders exist: only the export is left to write
    _fill(small_disk, leave=len(good) // 2)
    line = _one_line_error(run_previs("export", script, "--format", fmt, "-o", out, *SMALL))
    assert line.startswith(f"{out}: "), line
    assert out.read_bytes() == good
    assert [p.name for p in small_disk.iterdir() if p.name.startswith(".previs-")] == []  # no temp file left


# -- point 4: OS errors are one line `path: what happened`, exit 2 ----------------------------

def test_disk_full_while_rendering_is_one_line_and_nothing_finished_is_lost(script):
    """The store already survived a full disk; this says so: every stored shot is whole, and
    the next run reuses them all and only finishes the rest."""
    proc = run_previs("animatic", script, *SMALL, "--json", preexec_fn=_file_size_limit(100_000))
    line = _one_line_error(proc)
    assert "File too large" in line or "failed" in line, line
    shots = script.with_suffix(".previs") / "shots"
    stored = sorted(shots.glob("*.json")) if shots.is_dir() else []
    assert stored, "no shot finished before the disk filled up"
    for meta in stored:
        assert cached_video_intact(meta.with_suffix(".mp4"), json.loads(meta.read_text()))
    again = json.loads(run_previs("animatic", script, *SMALL, "--json", check=True).stdout)
    assert again["cached"] >= len(stored)


def test_over_long_names_are_one_line(script):
    long = "x" * 300
    for args in (("export", script, "--format", "csv", "-o", script.parent / f"{long}.csv", "-q"),
                 ("animatic", script, *SMALL, "-o", script.parent / f"{long}.mp4"),
                 ("export", script, "--format", "csv", "--project", script.parent / long, "-q")):
        line = _one_line_error(run_previs(*args))
        assert "File name too long" in line, line


def test_output_naming_a_folder_is_one_line(script):
    folder = script.parent / "cut.mp4"
    folder.mkdir()
    line = _one_line_error(run_previs("animatic", script, *SMALL, "-o", folder))
    assert line.startswith(f"{folder}: ") and "folder" in line
    assert list(folder.iterdir()) == []


def test_a_read_only_target_is_one_line(script, tmp_path):
    target = tmp_path / "ro"
    if os.geteuid() == 0:
        _mount_tmpfs(target, "ro,size=64k")
    else:
        target.mkdir()
        target.chmod(0o555)
    try:
        for fmt in ("csv", "shotlist-pdf"):
            line = _one_line_error(run_previs("export", script, "--format", fmt, "-o", target / "list.x", "-q"))
            assert line.startswith(str(target / "list.x")) and ("Read-only" in line or "Permission denied" in line)
        for args in (("export", script, "--format", "csv", "-o", f"{target / 'sub'}/", "-q"),  # a folder to make
                     ("animatic", script, *SMALL, "-o", target / "cut.mp4")):
            line = _one_line_error(run_previs(*args))
            assert line.startswith(str(target)) and ("Read-only" in line or "Permission denied" in line), line
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(target)], check=False)


def test_a_project_folder_that_cannot_be_used_is_one_line(script, tmp_path):
    """``export`` with a project folder under a file (ENOTDIR), and an unreadable one (not as root)."""
    line = _one_line_error(run_previs("export", script, "--format", "csv", "--project", script / "proj", "-q"))
    assert "Not a directory" in line, line
    if os.geteuid() == 0:
        return  # root reads any folder; the chmod case runs for other users
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "bible.yaml").write_text("characters: []\n")
    locked.chmod(0)
    try:
        line = _one_line_error(run_previs("export", script, "--format", "csv", "--project", locked, "-q"))
        assert line.startswith(f"{locked}: ") and "Permission denied" in line
    finally:
        locked.chmod(0o755)
