"""Prompts written for video models (issue 16, point 5), checked over whole scripts.

Token counts: each family's budget is the ``max_sequence_length`` previs passes its pipeline
(``renders.diffusion.wan_vace`` / ``ltx``). The real tokenizers (UMT5-XXL, T5-XXL) cannot be
downloaded here, so counts use the families' documented SentencePiece rules, counted high
(``shots.prompt_budget.estimate_tokens``); the renderer's own fitting is run with a tokenizer
built offline the way the diffusion tests build theirs (``renders.diffusion.tiny.tiny_tokenizer``,
a T5 SentencePiece tokenizer of letters: far *more* tokens per word than the real ones, so a
look that survives it survives them), called with the pipelines' own settings.

Expectations about the scripts (rain in a scene, a parenthetical's feeling, who is in an
over-the-shoulder) are read from the script text written here or in the corpus, never from
the planner's output.
"""
from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

import screenplay
from renders.diffusion import ltx, wan_vace
from renders.diffusion.text_budget import fit_prompt, tokenizer_counter
from shots.bible import extract_bible
from shots.continuity import scene_contexts
from shots.heuristic import HeuristicPlanner
from shots.looks import look_in_scene
from shots.model import Bible, DialogueLine, Placement, Shot
from shots.prompt import ensure_consistency, prompt_problems, with_prompt
from shots.prompt_beats import segment_prompts
from shots.prompt_budget import PROMPT_TOKEN_BUDGET, estimate_tokens
from shots.prompt_words import jargon_in
from shots.vocabulary import Angle, Movement, ShotSize, ShotType, camera_phrase

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "the-night-shift.fountain"
FAMILY_BUDGETS = {"wan-vace": wan_vace.MAX_SEQUENCE_LENGTH, "ltx": ltx.MAX_SEQUENCE_LENGTH}
CORPUS_SCRIPTS = ("big-fish.fountain", "brick-and-steel.fountain", "the-last-birthday-card.fountain",
                  "my-living-memory.fountain", "printing-trouble.fountain", "the-library-freak-out.fountain")

_PLANS: dict[str, tuple] = {}


def _plan(text: str):
    if text not in _PLANS:
        sp = screenplay.parse(text)
        bible = extract_bible(sp)
        scenes = [s for s in sp.scenes if s.heading is not None]
        plans = HeuristicPlanner().plan_all(scenes, bible, contexts=scene_contexts(scenes, bible))
        _PLANS[text] = (scenes, bible, plans)
    return _PLANS[text]


def _corpus_plans(corpus):
    for name in CORPUS_SCRIPTS:
        yield name, *_plan((corpus / name).read_text("utf-8"))


def _in_frame_looks(shot: Shot, bible: Bible) -> list[str]:
    out = []
    for s in shot.subjects:
        entry = bible.get(s)
        if entry is not None and entry.kind != "voice" and look_in_scene(entry, shot.scene).strip():
            out.append(look_in_scene(entry, shot.scene).strip())
    return out


def test_every_prompt_fits_every_family_budget_with_the_looks_before_the_action(corpus):
    """Whole corpus: each prompt (and each segment prompt of a long shot) within each family's
    budget; every in-frame character's look verbatim, within the smallest budget's first tokens
    and before anything that could be shortened."""
    assert PROMPT_TOKEN_BUDGET <= min(FAMILY_BUDGETS.values())
    checked = with_looks = 0
    for name, _, bible, plans in _corpus_plans(corpus):
        for plan in plans:
            for shot in plan.shots:
                prompts = (shot.prompt, *segment_prompts(shot, 4))
                for prompt in prompts:
                    tokens = estimate_tokens(prompt)
                    assert tokens <= PROMPT_TOKEN_BUDGET, (name, shot.id, tokens)
                    for family, budget in FAMILY_BUDGETS.items():
                        assert tokens <= budget, (name, shot.id, family, tokens, prompt)
                    for look in _in_frame_looks(shot, bible):
                        assert look in prompt, (name, shot.id, look, prompt)
                        end = prompt.index(look) + len(look)
                        assert estimate_tokens(prompt[:end]) <= min(FAMILY_BUDGETS.values()), (name, shot.id)
                        if shot.beats and shot.beats[0].rstrip(".") in prompt:
                            assert end <= prompt.index(shot.beats[0].rstrip(".")), (name, shot.id)
                checked += 1
                with_looks += bool(_in_frame_looks(shot, bible))
    assert checked > 1500 and with_looks > 1000


def test_no_script_jargon_no_still_and_no_names(corpus):
    """No ``INSERT -``, ``BACK TO SCENE``, ``We PUSH IN``, ``CONT'D``... and no "film still" in any
    prompt; no character's name either (a name means nothing to the text encoder)."""
    for name, _, bible, plans in _corpus_plans(corpus):
        names = sorted({n for e in bible.entries for n in (e.name, *e.aliases) if len(n) >= 3}, key=len, reverse=True)
        forms = "|".join(re.escape(f) for n in names for f in (n, n.title()))
        named = re.compile(r"(?<![\w'])(?:" + forms + r")(?![\w'])")
        for plan in plans:
            for shot in plan.shots:
                assert jargon_in(shot.prompt) == [], (name, shot.id, shot.prompt)
                looks = " ".join(_in_frame_looks(shot, bible))
                hits = [m.group(0) for m in named.finditer(shot.prompt) if m.group(0) not in looks]
                assert hits == [], (name, shot.id, hits, shot.prompt)


# "still wet from last night's rain" (big-fish 137) is rain that has stopped.
_RAIN = re.compile(r"(?<!night's )\b(?:rain|raining|rains|downpour|deluge)\b(?!\s+(?:coat|jacket))", re.I)


def test_rain_in_a_scenes_first_action_is_in_every_shot_of_it(corpus):
    """big-fish: a scene whose first action paragraph says it rains (read here from the text) has
    rain in every shot's prompt, not just the first."""
    scenes, bible, plans = _plan((corpus / "big-fish.fountain").read_text("utf-8"))
    rainy = 0
    for scene, plan in zip(scenes, plans):
        first = next((e.text for e in scene.elements if e.type == "action"), "")
        if not _RAIN.search(first) or re.search(r"\brain (?:has )?stopped\b", first, re.I):
            continue
        rainy += 1
        for shot in plan.shots:
            assert "rain" in shot.prompt.lower(), (scene.id, shot.id, shot.prompt)
    assert rainy >= 2  # WILL AND JOSEPHINE'S APARTMENT (groceries in the rain), the storm on the road


SCRIPT = """\
EXT. MOUNTAIN ROAD - NIGHT

Fog rolls over the guardrail. RUTH (60s, silver bob, red parka) waits by a dead car.

TOMAS (20s, lanky, green raincoat) climbs out of a tow truck.

RUTH
(furious)
Three hours. Three hours I stood here.

TOMAS
Did you try the hazard lights?

RUTH
Don't.

TOMAS
I'm sorry. The pass was closed.

RUTH
(to Tomas)
Then how did you get through?

INSERT - THE TOW CHAIN

BACK TO SCENE

We PUSH IN on Ruth. She opens the door, grabs the flashlight, swings it at the dark, and finally finds the cliff edge.
"""


def test_dialogue_shots_say_feeling_gesture_eyeline_and_layout():
    """Written from SCRIPT: Ruth is furious (parenthetical), Tomas asks a question, an OTS says
    whose shoulder is in the foreground and on which side, fog is in every shot."""
    scenes, bible, plans = _plan(SCRIPT)
    shots = [s for p in plans for s in p.shots]
    for shot in shots:
        assert "fog" in shot.prompt.lower(), shot.prompt
        assert jargon_in(shot.prompt) == [] and "Ruth" not in shot.prompt and "Tomas" not in shot.prompt
    furious = [s for s in shots if any(d.parenthetical and "furious" in d.parenthetical for d in s.dialogue)]
    assert furious and all("furious" in s.prompt for s in furious)
    asking = [s for s in shots if s.speaker == "tomas" and any(d.text.endswith("?") for d in s.dialogue)]
    assert asking and all("asks" in s.prompt for s in asking)
    sorry = [s for s in shots if s.speaker == "tomas" and any("sorry" in d.text for d in s.dialogue)]
    assert sorry and all("apologetic" in s.prompt for s in sorry)
    for s in shots:
        if s.speaker is not None and s.type != ShotType.INSERT:
            assert "lips moving" in s.prompt and "looking" in s.prompt, s.prompt
        if s.type == ShotType.OTS:
            assert re.search(r"In the (?:left|right) foreground, the back of the (?:man|person|woman|old woman)'s head",
                             s.prompt), s.prompt
            assert re.search(r"from the (?:left|right) of frame", s.prompt)


def test_a_long_shot_gets_a_prompt_per_segment_that_follows_the_action():
    """One shot of 20 s (four generated segments): each segment is told its own stretch of the
    action, in order, with the camera and the looks in every one."""
    _, bible, plans = _plan(SCRIPT)
    ruth = bible.get("ruth")
    shot = Shot(id="9A", scene="1", index=0, setup=1, size=ShotSize.MS, type=ShotType.SINGLE,
                angle=Angle.EYE_LEVEL, movement=Movement.TRACKING, lens_mm=35, subjects=("ruth",), speaker=None,
                first_line=1, last_line=1, description="",
                action="Ruth opens the car door. She grabs the flashlight from the seat. She swings it at the dark. "
                       "She finds the cliff edge, one step away.", est_seconds=20.0)
    shot = with_prompt(shot, bible)
    segs = segment_prompts(shot, 4)
    assert len(set(segs)) == 4
    order = ["opens the car door", "grabs the flashlight", "swings it", "finds the cliff edge"]
    for k, (seg, words) in enumerate(zip(segs, order)):
        assert words in seg and camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm) in seg
        assert ruth.look in seg and "Ruth" not in seg
        assert all(other not in seg for other in order if other != words), (k, seg)
    # one sentence listing four actions is four beats too, each with its subject
    listed = with_prompt(dataclasses.replace(shot, action="She opens the car door, grabs the flashlight, "
                                                           "swings it at the dark, and finds the cliff edge."), bible)
    for seg, words in zip(segment_prompts(listed, 4), order):
        assert words in seg and all(other not in seg for other in order if other != words), seg
    # an edited prompt carries no beats: every segment gets it whole
    edited = dataclasses.replace(shot, prompt="A woman runs along a cliff in the fog.")
    assert set(segment_prompts(edited, 3)) == {edited.prompt}


def test_a_long_speech_in_one_shot_changes_from_segment_to_segment():
    """A 60-word speech held for 14 s: three segments, each a different stretch of the delivery,
    every one with the speaker's lips moving and eyeline."""
    _, bible, _ = _plan(SCRIPT)
    speech = ("I waited by this car for three hours. Nobody came. The phone died at nine. The fog came down "
              "so thick I could not see my own hands. I thought about walking. I thought about the cliff. "
              "I thought about my sister, who told me never to drive this road at night, and she was right.")
    shot = Shot(id="9C", scene="1", index=0, setup=1, size=ShotSize.MCU, type=ShotType.SINGLE,
                angle=Angle.EYE_LEVEL, movement=Movement.PUSH_IN, lens_mm=50, subjects=("ruth",), speaker="ruth",
                first_line=1, last_line=1, description="", est_seconds=14.0,
                dialogue=(DialogueLine("ruth", speech, 1, "(quietly)"),),
                blocking=(Placement("ruth", 0.4, "right"),))
    shot = with_prompt(shot, bible)
    segs = segment_prompts(shot, 3)
    assert len(set(segs)) == 3
    assert "quietly" in segs[0] and all("lips moving" in p and "looking off screen right" in p for p in segs)


def test_negative_prompt_asks_for_no_people_only_when_the_shot_shows_no_one():
    _, bible, _ = _plan(SCRIPT)
    base = dict(id="9B", scene="1", index=0, setup=1, size=ShotSize.WS, type=ShotType.ESTABLISHING,
                angle=Angle.EYE_LEVEL, movement=Movement.STATIC, lens_mm=24, subjects=(), speaker=None,
                first_line=1, last_line=1, description="")
    missed = with_prompt(Shot(**base, action="A trucker honks and waves from his cab."), bible)
    empty = with_prompt(Shot(**base, action="The road is empty. The fog thickens."), bible)
    chain = with_prompt(Shot(**{**base, "type": ShotType.INSERT, "size": ShotSize.INSERT}, prop="the tow chain"),
                        bible)
    assert "people, faces" not in missed.negative_prompt
    assert "people, faces" in empty.negative_prompt and "people, faces" in chain.negative_prompt


def test_an_edited_prompt_gets_the_missing_look_where_no_budget_cuts_it():
    """shot edits keep their meaning: ensure_consistency adds only what is missing, right after
    the camera phrase (the start of the prompt), and prompt_problems names it."""
    _, bible, plans = _plan(EXAMPLE.read_text("utf-8"))
    shot = next(s for p in plans for s in p.shots if len(_in_frame_looks(s, bible)) == 2)
    long_tail = " ".join(["The rain keeps falling on the long empty road by the harbour."] * 30)
    fixed = ensure_consistency("Two people argue in a taxi. " + long_tail, shot, bible)
    cam = camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm)
    assert fixed.startswith(cam)
    for look in _in_frame_looks(shot, bible):
        assert fixed.count(look) == 1
        assert estimate_tokens(fixed[:fixed.index(look) + len(look)]) <= ltx.MAX_SEQUENCE_LENGTH
    assert ensure_consistency(fixed, shot, bible) == fixed
    assert prompt_problems("Two people argue in a taxi.", shot, bible) and not prompt_problems(fixed, shot, bible)
    # an LLM's prose that names the looks only at its end, past the budget: they are put first too
    looks_last = f"{cam}. Two people argue in a taxi. {long_tail} " + "; ".join(_in_frame_looks(shot, bible))
    assert prompt_problems(looks_last, shot, bible)
    moved = ensure_consistency(looks_last, shot, bible)
    assert not prompt_problems(moved, shot, bible) and moved.index("Featuring") < len(cam) + 5


@pytest.mark.parametrize("family", sorted(FAMILY_BUDGETS))
def test_fitting_with_the_models_tokenizer_cuts_the_action_never_a_look(family):
    """The renderer's fit, with a SentencePiece tokenizer built offline and the pipelines' own call
    settings: over budget, whole sentences go from the end; the looks (near the start) stay."""
    from renders.diffusion.tiny import tiny_tokenizer

    tok = tiny_tokenizer()
    count = tokenizer_counter(tok)
    budget = FAMILY_BUDGETS[family]
    _, bible, plans = _plan(EXAMPLE.read_text("utf-8"))
    cut = 0
    for shot in (s for p in plans for s in p.shots):
        padded = shot.prompt + " " + " ".join(["The rain keeps falling on the road."] * 20)
        fitted = fit_prompt(padded, budget, count)
        ids = tok(fitted, padding="max_length", max_length=budget, truncation=True, add_special_tokens=True)["input_ids"]
        assert len(ids) == budget and count(fitted) <= budget
        kept = tok.decode(ids, skip_special_tokens=True)
        assert camera_phrase(shot.size, shot.angle, shot.movement, shot.lens_mm).replace(" ", "") in kept.replace(" ", "")
        for look in _in_frame_looks(shot, bible):
            if count(shot.prompt[:shot.prompt.index(look) + len(look)]) < budget:  # letters-only vocab: 1 token/char
                assert look in fitted, (shot.id, family)
        cut += fitted != padded
        assert padded.startswith(fitted)
    assert cut
