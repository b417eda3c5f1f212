"""`previs reference`: a still of a rendered shot becomes a character's reference image."""
from __future__ import annotations

import json

import av

from conftest import run_previs, with_relative_reference

SMALL = ("--size", "160x90")


def _shot_with(script, character_id: str) -> str:
    plan = json.loads(run_previs("plan", script, "--format", "json", check=True).stdout)
    return next(s["id"] for sc in plan["scenes"] for s in sc["shots"] if character_id in s["subjects"])


def test_a_rendered_frame_becomes_the_reference_and_bumps_the_version(example_copy):
    run_previs("animatic", example_copy, *SMALL, "-q", "-o", example_copy.with_suffix(".mp4"), check=True)
    shot = _shot_with(example_copy, "mara-okafor")
    done = run_previs("reference", example_copy, "MARA", shot, "--at", "0.25", *SMALL, check=True)
    assert "MARA OKAFOR" in done.stdout and "version 2" in done.stdout

    png = example_copy.parent / "the-night-shift.previs" / "references" / "mara-okafor.png"
    with av.open(str(png)) as c:  # a real image of the render's size
        frame = next(c.decode(video=0))
        assert (frame.width, frame.height) == (160, 90)
    bible = {e["id"]: e for e in json.loads(run_previs("characters", example_copy, "--json", check=True).stdout)}
    assert bible["mara-okafor"]["reference_image"] == "the-night-shift.previs/references/mara-okafor.png"
    assert bible["mara-okafor"]["version"] == 2
    assert all(e["reference_image"] is None for k, e in bible.items() if k != "mara-okafor")


def test_unrendered_shot_unknown_character_and_bad_position_are_one_line(example_copy):
    for args, words in ((("MARA", "2A"), "not rendered"), (("NOBODY", "2A"), "no character 'NOBODY'"),
                        (("MARA", "99Z"), "no shot '99Z'"), (("MARA", "2A", "--at", "2"), "from 0 to 1")):
        proc = run_previs("reference", example_copy, *args, *SMALL)
        assert proc.returncode == 2, proc.stderr
        assert words in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_relative_reference_image_resolves_beside_the_script_from_any_folder(example_copy, tiny_wan_model, tmp_path):
    # bible.yaml says the reference images are relative to the script's folder; run from elsewhere
    with_relative_reference(example_copy, "mara-okafor", "refs/mara.png")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = run_previs("reference", example_copy, "MARA", "2A", *SMALL, "--renderer", "diffusion",
                      "--model", tiny_wan_model, cwd=elsewhere)
    # the image is found (its digest is part of the diffusion render key): the only complaint left
    # is that no shot has been rendered with the diffusion renderer yet
    assert proc.returncode == 2 and "not found" not in proc.stderr, proc.stderr
    assert "not rendered with these options (diffusion" in proc.stderr
