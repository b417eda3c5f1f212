"""Prompts carry the camera phrase and every in-frame character's look, verbatim."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import screenplay
from shots.bible import extract_bible
from shots.heuristic import HeuristicPlanner
from shots.prompt import ensure_consistency, prompt_problems, write_prompt
from shots.vocabulary import camera_phrase

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "the-night-shift.fountain"


def _plans():
    sp = screenplay.parse(EXAMPLE.read_text("utf-8"))
    bible = extract_bible(sp)
    planner = HeuristicPlanner()
    return bible, [planner.plan(s, bible) for s in sp.scenes if s.heading is not None]


def test_every_prompt_has_camera_phrase_and_looks():
    bible, plans = _plans()
    for plan in plans:
        for shot in plan.shots:
            assert camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm) in shot.prompt
            for s in shot.subjects:
                assert bible.get(s).look in shot.prompt, (shot.id, s)
            assert prompt_problems(shot.prompt, shot, bible) == []
            assert shot.negative_prompt and "watermark" in shot.negative_prompt


def test_prompt_names_the_setting_and_light():
    bible, plans = _plans()
    first = plans[0].shots[0]
    prompt = first.prompt.lower()
    assert "exterior" in prompt and "harbour road" in prompt and "night" in prompt


def test_ensure_consistency_inserts_only_what_is_missing():
    bible, plans = _plans()
    shot = next(s for p in plans for s in p.shots if len(s.subjects) == 2)
    bare = "A moody scene in a taxi."
    fixed = ensure_consistency(bare, shot, bible)
    assert fixed.startswith(camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm))
    for s in shot.subjects:
        assert fixed.count(bible.get(s).look) == 1
    assert ensure_consistency(fixed, shot, bible) == fixed  # idempotent
    assert prompt_problems(bare, shot, bible) and not prompt_problems(fixed, shot, bible)


def test_an_edited_look_reaches_the_prompt():
    bible, plans = _plans()
    mara = bible.get("mara-okafor")
    # a shot whose description does not quote her introduction (which holds the old look words)
    shot = next(s for p in plans for s in p.shots if "mara-okafor" in s.subjects and mara.look not in s.description)
    edited = dataclasses.replace(bible, entries=tuple(
        dataclasses.replace(e, look="red coat, shaved head") if e.id == mara.id else e for e in bible.entries))
    prompt, _ = write_prompt(shot, edited)
    assert "red coat, shaved head" in prompt and mara.look not in prompt
