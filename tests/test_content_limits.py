"""Content without bounds (issue 13, point 7): a 1 MB dialogue line and a 5,000-character name,
given to the CLI as the probe gave them. Each gets a warning and a clamp (renders/limits.py), never
a crash, an hours-long shot or a file name the file system refuses."""
from __future__ import annotations

import json

from conftest import run_previs

SMALL = ("--size", "160x90", "--fps", "4")


def test_a_one_megabyte_dialogue_line_is_spoken_and_timed_within_the_limits(tmp_path):
    script = tmp_path / "long.fountain"
    speech = ("blah " * 210_000).strip()  # 1,049,999 characters, 210,000 words
    script.write_text(f"INT. ROOM - DAY\n\nBOB\n{speech}\n", "utf-8")
    proc = run_previs("animatic", script, *SMALL, "-q", "--json", check=True)
    summary = json.loads(proc.stdout)
    # By hand: the voice speaks the first 3,000 characters, about 600 words: four minutes at
    # Bob's ~150 words a minute. Unclamped, 210,000 words were ~21 hours; the cap is 10 minutes.
    assert 60 < summary["seconds"] < 600, summary["seconds"]
    assert any("a speech of 1,049,999 characters; the scratch voice and the subtitle take its first 3,000"
               in line for line in summary["timing_report"]), summary["timing_report"]
    wavs = list((tmp_path / "long.previs").rglob("*.wav"))
    assert wavs and max(w.stat().st_size for w in wavs) < 600 * 22050 * 2  # under ten minutes of audio


def test_a_huge_action_paragraph_is_clamped_to_ten_minutes(tmp_path):
    script = tmp_path / "action.fountain"
    script.write_text("INT. ROOM - DAY\n\n" + ("Rain falls. " * 20_000) + "\n", "utf-8")
    summary = json.loads(run_previs("animatic", script, *SMALL, "-q", "--json", check=True).stdout)
    # 40,000 words at the reading rate (0.2 s a word) would be 2.2 hours
    assert max(s["frames"] for s in summary["shots"]) == 600 * 4
    assert any("clamped to 10 minutes (MAX_SHOT_SECONDS)" in line for line in summary["timing_report"])


def test_a_five_thousand_character_name_renders_and_becomes_a_reference(tmp_path):
    script = tmp_path / "name.fountain"
    name = "Z" * 5000
    script.write_text(f"INT. ROOM - DAY\n\n{name}\nHello there.\n\n{name}\nAnd again.\n", "utf-8")
    summary = json.loads(run_previs("animatic", script, *SMALL, "-q", "--json", check=True).stdout)
    assert any("a character name of 5,000 characters is shown cut to 64" in line
               for line in summary["timing_report"]), summary["timing_report"]
    shot = next(s["id"] for s in summary["shots"] if s["dialogue"])
    done = run_previs("reference", script, name, shot, *SMALL)
    assert done.returncode == 0, done.stderr  # not "File name too long"
    refs = list((tmp_path / "name.previs" / "references").iterdir())
    assert [p.name for p in refs] == ["z" * 64 + ".png"]


def test_long_names_that_slug_alike_keep_unique_ids_the_bible_accepts(tmp_path):
    """Three 71-letter names alike in their first 64 letters: ids are cut to 64 and numbered
    within 64, so the bible.yaml previs writes loads again on the next run."""
    script = tmp_path / "alike.fountain"
    cues = "".join(f"{'Z' * 70}{x}\nHi.\n\n" for x in "ABC")
    script.write_text(f"INT. ROOM - DAY\n\n{cues}", "utf-8")
    for _ in range(2):  # the second run reads the bible the first one wrote
        ids = [e["id"] for e in json.loads(run_previs("characters", script, "--json", check=True).stdout)]
    assert ids == ["z" * 64, "z" * 62 + "-2", "z" * 62 + "-3"]
