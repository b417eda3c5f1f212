"""The LLM planner reads transitions as the heuristic one does: never a shot, always on a shot.

Real HTTP to the fake OpenAI server, the real client; the scene is the LLM tests' taxi
scene with a ``FADE IN:`` before its heading and a ``DISSOLVE TO:`` after its last line.
"""
from __future__ import annotations

import dataclasses
import json

import pytest

from fake_openai import Reply
from llm_scenes import bible, good_answer, shot, taxi_scene
from screenplay.model import Action, Transition
from shots.coverage import validate_plan
from test_llm_planner import make, server  # noqa: F401  (the fake server and a planner on it)


@pytest.fixture
def planner(make):
    return make()


def _scene():
    """Taxi scene (heading line 3) opened by `FADE IN:` (line 1), closed by `DISSOLVE TO:` (line 16)."""
    scene = taxi_scene(start=3)
    return dataclasses.replace(scene, elements=scene.elements + (Transition("DISSOLVE TO:", 16, 16),),
                               lead_in=(Action("FADE IN:", 1, 1),))


def _answer(transition_alone: bool) -> str:
    shots = json.loads(good_answer(start=3))["shots"]
    if transition_alone:  # a shot of nothing but `DISSOLVE TO:`
        shots.append(shot(16, 16, "WS", "master", []))
    else:  # folded into the last shot, as the rules say
        shots[-1]["last_line"] = 16
    return json.dumps({"shots": shots})


def test_transitions_land_on_the_shots_that_hold_them(server, planner):
    server.script(Reply.chat(_answer(transition_alone=False)))
    scene = _scene()
    plan = planner.plan(scene, bible())
    assert validate_plan(plan, scene, bible()) == []
    assert len(plan.shots) == 4  # no shot for the transition
    assert plan.shots[0].transition_in == "fade_in"  # the FADE IN: before the heading opens it
    assert plan.shots[-1].transition_out == "dissolve"
    assert all(s.transition_in == "" for s in plan.shots[1:])
    # the model is told what opens the scene and that transitions are not shots
    request = server.chat_requests[0].body
    user = next(m["content"] for m in request["messages"] if m["role"] == "user")
    assert json.loads(user[user.index("{"):])["scene"]["opens_with"] == ["FADE IN:"]
    system = next(m["content"] for m in request["messages"] if m["role"] == "system")
    assert "never shots" in system


def test_a_shot_of_only_a_transition_is_rejected_and_retried(server, planner):
    server.script(Reply.chat(_answer(transition_alone=True)), Reply.chat(_answer(transition_alone=False)))
    scene = _scene()
    plan = planner.plan(scene, bible())
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "DISSOLVE TO:" in retry and "not a shot" in retry
    assert len(plan.shots) == 4 and plan.shots[-1].transition_out == "dissolve"


def test_an_intercut_puts_the_far_party_in_their_own_place(server, planner):
    # the scene before (the harbour office) ended on INTERCUT WITH: and Dev spoke there
    scene = dataclasses.replace(taxi_scene(start=3), intercut_with="INT. HARBOUR OFFICE - NIGHT",
                                intercut_cast=("DEV",))
    answer = json.loads(good_answer(start=3))
    answer["shots"][1].update(type="single", size="MCU", subjects=["dev"], speaker="dev")
    server.script(Reply.chat(json.dumps(answer)))
    plan = planner.plan(scene, bible())
    dev = plan.shots[1]
    assert (dev.int_ext, dev.location, dev.time_of_day) == ("INT", "HARBOUR OFFICE", "NIGHT")
    assert plan.shots[2].location == "TAXI"  # Mara (with Dev over her shoulder) stays in the taxi
