"""The LLM planner gets the cast model: who is present, who is only a voice; answers that break it are retried.

Real HTTP to the fake OpenAI server, the real client, a script parsed from text.
"""
from __future__ import annotations

import json

import pytest

import screenplay
from fake_openai import FakeOpenAI, Reply
from llm_scenes import shot
from screenplay.errors import PrevisError
from shots.bible import extract_bible
from shots.continuity import scene_contexts
from shots.llm import LLMPlanner

PHONE = """INT. APARTMENT - NIGHT

NORA (30s, purple cardigan) paces by the window. The phone rings. She picks up.

NORA
Hello?

FELIX
It's me. Don't hang up.

MESSAGE MACHINE
You have no new messages.

OTTO (20s, yellow tie) comes in, shrugs and walks out.

NORA
Who was that?
"""


@pytest.fixture
def server():
    with FakeOpenAI() as fake:
        yield fake


def _setup():
    sp = screenplay.parse(PHONE)
    bible = extract_bible(sp)
    scenes = [s for s in sp.scenes if s.heading is not None or s.elements]
    return scenes[0], bible, scene_contexts(scenes, bible)[0]


def _answer(scene, who_at: dict[int, list[str]]) -> str:
    """One shot per action paragraph or speech (the first also covers the heading), wide and medium
    in turn (no same-setup cut); subjects by the line of the element a shot ends on, else Nora,
    who is there throughout."""
    blocks: list[list] = []
    for e in scene.elements:
        if e.type in ("dialogue", "parenthetical") and blocks:
            blocks[-1].append(e)
        else:
            blocks.append([e])
    shots = []
    for i, block in enumerate(blocks):
        first = scene.line if i == 0 else block[0].line
        shots.append(shot(first, block[-1].end_line, ("WS", "MS")[i % 2], "master",
                          who_at.get(block[-1].line, ["nora"]), lens_mm=28))
    return json.dumps({"shots": shots})


def _line(scene, text: str) -> int:
    return next(e.line for e in scene.elements if text in getattr(e, "text", ""))


def _planner(server, tmp_path, **kw):
    return LLMPlanner(model="fake", base_url=server.base_url, api_key="sk-test", cache_dir=tmp_path / "c",
                      script_path="phone.fountain", **kw)


def test_request_says_who_is_present_and_who_is_only_a_voice(server, tmp_path):
    scene, bible, context = _setup()
    server.script(Reply.chat(_answer(scene, {})))
    _planner(server, tmp_path).plan(scene, bible, context)
    user = next(m["content"] for m in server.chat_requests[0].body["messages"] if m["role"] == "user")
    data = json.loads(user[user.index("{"):])
    presence = data["presence"]
    assert "message-machine" in presence["voices_only"]  # a device
    assert "felix" in presence["voices_only"]  # the far end of the phone call
    assert any("nora" in c["present"] for c in presence["changes"])
    assert data["scene"]["time_of_day"] == "NIGHT"


@pytest.mark.parametrize("who, where, words", [
    ("felix", "It's me.", "voice"),  # the far end of a phone call in frame
    ("message-machine", "You have no new messages.", "voice"),  # a device as a person
    ("otto", "Who was that?", "not in the scene"),  # after he walked out
])
def test_an_answer_putting_a_voice_or_an_absent_character_in_frame_is_retried(server, tmp_path, who, where, words):
    scene, bible, context = _setup()
    bad = _answer(scene, {_line(scene, where): ["nora", who]})
    good = _answer(scene, {_line(scene, where): ["nora"]})
    server.script(Reply.chat(bad), Reply.chat(good))
    plan = _planner(server, tmp_path).plan(scene, bible, context)
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "rejected" in retry and who in retry and words in retry
    assert all(who not in s.subjects for s in plan.shots)


def test_twice_wrong_falls_back_to_the_heuristic_plan_which_keeps_the_voice_out(server, tmp_path):
    scene, bible, context = _setup()
    bad = _answer(scene, {_line(scene, "It's me."): ["felix"]})
    server.script(Reply.chat(bad), Reply.chat(bad))
    with pytest.raises(PrevisError, match="felix"):
        _planner(server, tmp_path).plan(scene, bible, context)
    server.script(Reply.chat(bad), Reply.chat(bad))
    plan = _planner(server, tmp_path, fallback=True).plan(scene, bible, context)
    assert "fell back" in " ".join(plan.notes)
    assert all("felix" not in s.subjects and "message-machine" not in s.subjects for s in plan.shots)
