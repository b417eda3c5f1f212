"""`previs parse` as a user runs it: the JSON contract, the outline, and every kind of bad input."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLE, REPO, run_previs
from screenplay import parse
from screenplay.model import JSON_FIELDS


def one_error_line(proc: subprocess.CompletedProcess) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert proc.stdout == ""
    return lines[0]


def test_json_is_exactly_the_contract():
    proc = run_previs("parse", "--json", EXAMPLE, check=True)
    data = json.loads(proc.stdout)
    assert list(data) == ["elements"]
    text = EXAMPLE.read_text(encoding="utf-8")
    assert data == parse(text).to_json()
    for e in data["elements"]:
        assert list(e) == ["type", "line", *JSON_FIELDS[e["type"]]]
    kinds = {e["type"] for e in data["elements"]}
    assert {"title_page_field", "scene_heading", "action", "character", "dialogue", "parenthetical",
            "transition"} <= kinds
    cue = next(e for e in data["elements"] if e["type"] == "character" and e["extension"])
    assert cue == {"type": "character", "line": cue["line"], "name": "MARA", "extension": "V.O.", "dual": False}
    lines = text.splitlines()
    for e in data["elements"]:
        if e["type"] == "scene_heading":
            assert lines[e["line"] - 1].startswith(e["text"])


def test_json_of_every_element_kind(tmp_path):
    script = tmp_path / "all.fountain"
    script.write_text(
        "Title: All\n\n# Act\n\n= synopsis\n\nINT. A - DAY #1#\n\n[[a note]]\n\nBOB (V.O.)\n(beat)\nHi.\n\n"
        "ZOË ^\n~la la\n\nCUT TO:\n\n> THE END <\n\n===\n", encoding="utf-8")
    data = json.loads(run_previs("parse", "--json", script, check=True).stdout)
    assert data["elements"] == [
        {"type": "title_page_field", "line": 1, "key": "Title", "value": "All"},
        {"type": "section", "line": 3, "text": "Act", "level": 1},
        {"type": "synopsis", "line": 5, "text": "synopsis"},
        {"type": "scene_heading", "line": 7, "text": "INT. A - DAY", "scene_number": "1", "forced": False},
        {"type": "note", "line": 9, "text": "a note"},
        {"type": "character", "line": 11, "name": "BOB", "extension": "V.O.", "dual": True},
        {"type": "parenthetical", "line": 12, "text": "(beat)"},
        {"type": "dialogue", "line": 13, "text": "Hi."},
        {"type": "character", "line": 15, "name": "ZOË", "extension": None, "dual": True},
        {"type": "lyrics", "line": 16, "text": "la la"},
        {"type": "transition", "line": 18, "text": "CUT TO:"},
        {"type": "centered", "line": 20, "text": "THE END"},
        {"type": "page_break", "line": 22},
    ]


def test_outline_shows_scenes_cues_and_lines():
    out = run_previs("parse", EXAMPLE, check=True).stdout
    assert "The Night Shift" in out
    assert "EXT. HARBOUR ROAD - NIGHT" in out and "#1#" in out
    assert "MARA (V.O.)" in out
    assert "CUT TO:" in out
    # every element gets its own line with its source line number in front
    assert any(line.split()[:2] == ["17", "cue"] for line in out.splitlines() if line.strip())


def test_crlf_and_bom_file_gives_the_same_json(tmp_path):
    data = EXAMPLE.read_bytes()
    crlf = tmp_path / "crlf.fountain"
    crlf.write_bytes(b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"))
    a = json.loads(run_previs("parse", "--json", EXAMPLE, check=True).stdout)
    b = json.loads(run_previs("parse", "--json", crlf, check=True).stdout)
    assert a == b


def test_empty_file_is_an_empty_screenplay(tmp_path):
    empty = tmp_path / "empty.fountain"
    empty.write_bytes(b"")
    assert json.loads(run_previs("parse", "--json", empty, check=True).stdout) == {"elements": []}
    assert run_previs("parse", empty).returncode == 0


def test_not_utf8_names_the_line_and_byte(tmp_path):
    bad = tmp_path / "latin1.fountain"
    bad.write_bytes("Title: Café\n\nINT. CAFÉ - DAY\n".encode("latin-1"))
    line = one_error_line(run_previs("parse", "--json", bad))
    assert line.startswith(f"{bad}:1: not valid UTF-8 (byte 0xe9)")
    bad.write_bytes(b"Title: X\n\nINT. CAF\xc3 - DAY\n")
    assert one_error_line(run_previs("parse", bad)).startswith(f"{bad}:3: not valid UTF-8 (byte 0xc3)")


def test_binary_file(tmp_path):
    png = tmp_path / "still.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    line = one_error_line(run_previs("parse", png))
    assert line.startswith(f"{png}:") and "binary" in line
    utf16 = tmp_path / "utf16.fountain"
    utf16.write_bytes("INT. HOUSE - DAY\n".encode("utf-16"))
    assert one_error_line(run_previs("parse", utf16)) == f"{utf16}:1: UTF-16 text; save the script as UTF-8"


def test_directory_missing_and_empty_argument(tmp_path):
    line = one_error_line(run_previs("parse", tmp_path))
    assert line.startswith(f"{tmp_path}: ") and "directory" in line
    missing = tmp_path / "nope.fountain"
    line = one_error_line(run_previs("parse", missing))
    assert line.startswith(f"{missing}: ") and "no such file" in line
    line = one_error_line(run_previs("parse", ""))
    assert "no screenplay given" in line


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_unreadable_file(tmp_path):
    import os

    locked = tmp_path / "locked.fountain"
    locked.write_text("INT. HOUSE - DAY\n", encoding="utf-8")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):  # running as root: permissions do not apply
            pytest.skip("root can read any file")
        assert "permission" in one_error_line(run_previs("parse", locked))
    finally:
        locked.chmod(0o644)


def test_help_lists_parse_and_stats_without_heavy_imports():
    out = run_previs("--help", check=True).stdout
    assert "parse" in out and "stats" in out
    code = ("import sys, previs.cli; previs.cli.build_parser(); "
            "heavy = [m for m in ('rich', 'torch', 'textual', 'openai') if m in sys.modules]; print(heavy)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert proc.stdout.strip() == "[]"


def test_parse_big_fish_json(corpus):
    proc = run_previs("parse", "--json", Path(corpus) / "big-fish.fountain", check=True)
    elements = json.loads(proc.stdout)["elements"]
    assert sum(e["type"] == "scene_heading" for e in elements) == 190


@pytest.mark.parametrize("command", ["parse", "plan", "characters"])
def test_a_reader_that_stops_early_is_not_an_error(command, tmp_path):
    """`previs plan x | head -1`: the closed pipe ends previs quietly with status 0."""
    script = tmp_path / "long.fountain"  # output far larger than a pipe's buffer
    script.write_text("".join(f"INT. ROOM {n} - DAY\n\nPERSON{n} (30s) waits.\n\nPERSON{n}\nHello there, number {n}.\n\n"
                              for n in range(600)), "utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "previs", command, str(script)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "120"})
    proc.stdout.read(20)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, err
    assert "Traceback" not in err and "Broken pipe" not in err


def test_outline_pages_and_eighths_are_the_typeset_ones_stats_gives():
    # one number everywhere: `previs parse` prints the pages and each scene's eighths that
    # `previs stats` (and the shot list and exports) measure on the typeset pages, not the
    # parser's estimate (on the example the estimate says 2 1/8 pages and 6/8 for scene 2)
    from shots.shotlist import eighths_text

    stats = json.loads(run_previs("stats", "--json", EXAMPLE, check=True).stdout)
    outline = run_previs("parse", EXAMPLE, check=True).stdout.splitlines()
    assert f"{eighths_text(round(stats['pages'] * 8))} pages" in outline[0]
    headings = [ln for ln in outline if " pg" in ln]
    scenes = [s for s in stats["scene_list"] if s["heading"]]
    assert len(headings) == len(scenes) == 4
    for line, scene in zip(headings, scenes):
        assert f"#{scene['id']}#  {eighths_text(scene['eighths'])} pg" in line, (line, scene)
