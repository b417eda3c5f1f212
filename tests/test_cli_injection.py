"""Script text is not ours: escape sequences in it never reach the terminal, and cells that a
spreadsheet would run as formulas are written as text (issue 13, point 9)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import run_previs

CLEAR, TITLE_OSC, LINK_OSC, C1_CSI = "\x1b[2J", "\x1b]0;pwned\x07", "\x1b]8;;http://evil\x1b\\", "\u009b31m"

SCRIPT = f"""\
Title: Night{CLEAR}

INT. ROOM{TITLE_OSC} - DAY

BOB{C1_CSI} enters{LINK_OSC}.

BOB
Hello{CLEAR} there.

EXT. =1+1 - NIGHT

=HYPERLINK("http://evil","click") is painted on the wall.

@-2+3
Who, me?
"""


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "evil.fountain"
    path.write_text(SCRIPT, "utf-8")
    return path


def no_controls(text: str) -> None:
    for bad in ("\x1b", "\x07", "\u009b"):
        assert bad not in text, f"{bad!r} reached the terminal: {text!r}"


@pytest.mark.parametrize("args", [
    ("parse",), ("parse", "--json"), ("stats",), ("stats", "--json"), ("plan",), ("plan", "--format", "json"),
    ("plan", "--format", "csv"), ("characters",), ("characters", "--json"),
])
def test_escape_sequences_never_reach_the_terminal(script, args):
    proc = run_previs(args[0], script, *args[1:], check=True)
    no_controls(proc.stdout)
    no_controls(proc.stderr)
    if "\x1b[2J" in SCRIPT and args[0] == "parse" and len(args) == 1:
        assert "\\x1b[2J" in proc.stdout  # shown, as text


def test_json_output_still_carries_the_exact_text(script):
    """Escaped for the terminal, the JSON decodes to what the script says, byte for byte."""
    data = json.loads(run_previs("parse", script, "--json", check=True).stdout)
    action = next(e for e in data["elements"] if e["type"] == "action")
    assert action["text"] == f"BOB{C1_CSI} enters{LINK_OSC}."


def test_an_error_naming_script_text_is_escaped_too(script):
    proc = run_previs("reference", script, f"NOBODY{CLEAR}", "1A")
    assert proc.returncode == 2
    no_controls(proc.stderr)
    assert "NOBODY\\x1b[2J" in proc.stderr


@pytest.mark.parametrize("how", ["plan", "export"])
def test_csv_cells_that_start_like_formulas_are_neutralised(script, tmp_path, how):
    if how == "plan":
        text = run_previs("plan", script, "--format", "csv", check=True).stdout
    else:
        out = tmp_path / "shots.csv"
        run_previs("export", script, "--format", "csv", "-o", out, check=True)
        text = out.read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    cells = [cell for row in rows for cell in row.values()]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], cells
    # written out by hand: scene 2's location is "=1+1" (its heading), and `@-2+3` forces a
    # character named "-2+3", who speaks in that scene; the quote is the only change
    assert "'=1+1" in [row["Location"] for row in rows]
    assert "'-2+3" in [row["Cast"] for row in rows]
