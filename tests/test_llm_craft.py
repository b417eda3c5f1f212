"""The LLM planner can cut as a director does (issue 16 point 6): parts of elements, blocking,
the light, presence, what a scene continues and a worked example in the request, craft checked
on the answer. Real HTTP to the fake OpenAI server with the real client.

The taxi scene (tests/llm_scenes.py), by line: 1 heading, 3 action, 5 DEV, 6 his line, 8 MARA,
9 "(sliding in anyway)", 10 "Then you won't mind a passenger who doesn't pay.", 12-13 "Mara opens
the satchel." / "Inside: a brass KEY wrapped in a note."
"""
from __future__ import annotations

import json

import pytest

import screenplay
from fake_openai import FakeOpenAI, Reply
from llm_scenes import bible, shot, taxi_scene
from screenplay.errors import PrevisError
from shots.bible import extract_bible
from shots.continuity import scene_contexts
from shots.coverage import validate_plan
from shots.craft import craft_problems
from shots.llm import LLMPlanner
from shots.model import ElementPart, Placement


@pytest.fixture
def server():
    with FakeOpenAI() as fake:
        yield fake


@pytest.fixture
def planner(server, tmp_path):
    return LLMPlanner(model="fake", base_url=server.base_url, api_key="sk-test", cache_dir=tmp_path / "c",
                      script_path="taxi.fountain")


def _split_answer(**change) -> list[dict]:
    """Mara's line split by Dev's reaction; the action's two beats in two shots."""
    shots = [
        shot(1, 3, "WS", "master", ["dev"], lens_mm=24),
        shot(5, 6, "MCU", "OTS", ["mara", "dev"], speaker="dev", screen_direction="R>L",
             blocking=[{"subject": "mara", "x": 0.2, "facing": "right", "depth": "fg"},
                       {"subject": "dev", "x": 0.62, "facing": "left", "depth": "mid"}]),
        shot(8, 10, "MCU", "single", ["mara"], speaker="mara", last_words="won't mind a passenger"),
        shot(10, 10, "CU", "reaction", ["dev"], first_words="who doesn't pay"),
        shot(12, 12, "MS", "two-shot", ["dev", "mara"]),
        shot(13, 13, "INSERT", "insert", [], first_words="Inside: a brass KEY", prop="a brass key in a note",
             lens_mm=85),
    ]
    for i, fields in change.items():
        shots[int(i[1:])].update(fields)
    return shots


def _answer(shots: list[dict]) -> str:
    return json.dumps({"shots": shots})


def test_a_reply_with_parts_is_accepted_and_converted(server, planner):
    server.script(Reply.chat(_answer(_split_answer())))
    plan = planner.plan(taxi_scene(), bible())
    assert validate_plan(plan, taxi_scene(), bible()) == []
    assert len(server.chat_requests) == 1
    master, dev, mara, reaction, hand, key = plan.shots
    # "Then you won't mind a passenger " is 32 characters: the space goes to the earlier part
    assert mara.parts == (ElementPart(8, "character", 0, 4), ElementPart(9, "parenthetical", 0, 19),
                          ElementPart(10, "dialogue", 0, 32))
    assert reaction.parts == (ElementPart(10, "dialogue", 32, 48),)  # "who doesn't pay." to the end
    assert [d.text for d in mara.dialogue] == ["Then you won't mind a passenger"]
    assert [d.text for d in reaction.dialogue] == ["who doesn't pay."] and reaction.subjects == ("dev",)
    # "Mara opens the satchel." is 23 characters and the line break after it; the key is the second line
    assert hand.parts == (ElementPart(12, "action", 0, 24),) and (hand.first_line, hand.last_line) == (12, 12)
    assert key.parts == (ElementPart(12, "action", 24, 62),) and (key.first_line, key.last_line) == (13, 13)
    assert hand.action == "Mara opens the satchel." and key.action == "Inside: a brass KEY wrapped in a note."
    assert master.parts == (ElementPart(3, "action", 0, len(taxi_scene().elements[0].text)),)


def test_blocking_from_the_reply_reaches_the_shot(server, planner):
    server.script(Reply.chat(_answer(_split_answer())))
    dev = planner.plan(taxi_scene(), bible()).shots[1]
    assert dev.blocking == (Placement("mara", 0.2, "right", "fg"), Placement("dev", 0.62, "left", "mid"))
    assert dev.screen_direction.value == "R>L"
    assert "In the left foreground, the back of" in dev.prompt  # the prompt's layout is the reply's blocking


def test_words_not_in_the_text_are_sent_back(server, planner):
    bad = _split_answer(s3={"first_words": "who never pays"})
    server.script(Reply.chat(_answer(bad)), Reply.chat(_answer(_split_answer())))
    planner.plan(taxi_scene(), bible())
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "first_words 'who never pays' are not in the dialogue at line 10" in retry


def test_words_carried_by_no_shot_are_sent_back(server, planner):
    bad = _split_answer(s2={"last_words": "won't mind"})  # "a passenger" falls between the two shots
    server.script(Reply.chat(_answer(bad)), Reply.chat(_answer(_split_answer())))
    planner.plan(taxi_scene(), bible())
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "'a passenger' of the dialogue at line 10, between shots 2C and 2D, is carried by no shot" in retry


def test_a_same_setup_cut_is_rejected_with_the_reason(server, planner):
    bad = _split_answer(s3={"size": "MCU", "type": "single", "subjects": ["mara"]})  # Mara, then Mara again
    server.script(Reply.chat(_answer(bad)), Reply.chat(_answer(_split_answer())))
    plan = planner.plan(taxi_scene(), bible())
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "rejected" in retry and "shots 2C and 2D are on the same setup" in retry
    assert plan.shots[3].type.value == "reaction"


def test_a_speaker_off_frame_with_nobody_reacting_is_rejected(server, planner):
    bad = _split_answer(s3={"subjects": [], "type": "establishing", "size": "WS"})  # the end of Mara's line over nobody
    server.script(Reply.chat(_answer(bad)), Reply.chat(_answer(_split_answer())))
    planner.plan(taxi_scene(), bible())
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "'mara' speaks on screen at line 10" in retry


def test_an_absent_character_in_frame_is_rejected(server, tmp_path):
    sp = screenplay.parse("INT. BAR - NIGHT\n\nLENA (30s, red scarf) and KARL (40s, grey coat) sit at the bar.\n\n"
                          "KARL\nI'm leaving.\n\nKarl walks out.\n\nLENA\nGood.\n")
    bible_ = extract_bible(sp)
    scene = next(s for s in sp.scenes if s.heading is not None)
    # lines: 1 heading, 3 both at the bar, 5-6 Karl's line, 8 he walks out, 10-11 Lena's line: Karl is gone
    start = [shot(1, 3, "WS", "master", ["lena", "karl"]), shot(5, 8, "MCU", "single", ["karl"], speaker="karl")]
    bad = start + [shot(10, 11, "MS", "two-shot", ["lena", "karl"], speaker="lena")]
    good = start + [shot(10, 11, "MCU", "single", ["lena"], speaker="lena")]
    server.script(Reply.chat(_answer(bad)), Reply.chat(_answer(good)))
    LLMPlanner(model="fake", base_url=server.base_url, api_key="k", cache_dir=tmp_path / "c").plan(scene, bible_)
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "'karl' is not in the scene at lines 10-11" in retry


def test_a_returning_setup_keeps_its_seed(server, planner):
    back = _split_answer(s4={"size": "MCU", "type": "OTS", "subjects": ["mara", "dev"], "speaker": None,
                             "screen_direction": "R>L",
                             "blocking": [{"subject": "mara", "x": 0.2, "facing": "right", "depth": "fg"},
                                          {"subject": "dev", "x": 0.62, "facing": "left", "depth": "mid"}]})
    server.script(Reply.chat(_answer(back)))
    plan = planner.plan(taxi_scene(), bible())
    assert plan.shots[4].setup == plan.shots[1].setup and plan.shots[4].seed == plan.shots[1].seed
    assert plan.shots[2].seed != plan.shots[1].seed


CONTINUOUS = """INT. HALLWAY - NIGHT

IRIS (20s, green raincoat) runs down the hallway toward the stairs.

INT. STAIRWELL - CONTINUOUS

Iris takes the stairs two at a time.
"""


def test_the_request_carries_the_light_presence_what_continues_and_the_worked_example(server, tmp_path):
    sp = screenplay.parse(CONTINUOUS)
    bible_ = extract_bible(sp)
    scenes = [s for s in sp.scenes if s.heading is not None]
    contexts = scene_contexts(scenes, bible_)
    server.script(Reply.chat(_answer([shot(5, 7, "WS", "master", ["iris"])])))
    LLMPlanner(model="fake", base_url=server.base_url, api_key="k", cache_dir=tmp_path / "c").plan(
        scenes[1], bible_, contexts[1])
    system, user = server.chat_requests[0].body["messages"]
    data = json.loads(user["content"][user["content"].index("{"):])
    assert data["scene"]["time_of_day"] == "NIGHT"  # CONTINUOUS inherits the night
    assert "low-key lighting" in data["scene"]["light"]  # and its light, as every prompt will carry it
    assert data["continues"]["present_from_previous_scene"] == ["iris"]  # she ran in from the hallway
    assert data["presence"]["present_at_start"] == ["iris"]
    text = system["content"]
    assert "Worked example" in text and '"first_words": "I will be here when"' in text
    for rule in ("same setup", "reaction", "screen_direction", "first_words", "blocking", "at most 300 characters"):
        assert rule in text
    schema = server.chat_requests[0].body["response_format"]["json_schema"]["schema"]
    item = schema["properties"]["shots"]["items"]["properties"]
    assert "frame right" in item["screen_direction"]["description"]
    assert item["blocking"]["items"]["properties"]["depth"]["enum"] == ["fg", "mid", "bg"]


def test_the_worked_example_keeps_every_rule_it_teaches():
    from shots.llm_answer import build_plan
    from shots.llm_example import EXAMPLE_ANSWER, example_scene
    from shots.llm_schema import validate_answer

    scene, bible_ = example_scene()
    answer = validate_answer(json.dumps(EXAMPLE_ANSWER), set(bible_.ids()), (scene.line, scene.end_line))
    plan, problems = build_plan(answer, scene, bible_, "example")
    assert problems == []
    assert validate_plan(plan, scene, bible_) == [] and craft_problems(plan, scene, bible_) == []
    speech = scene.elements[2].text  # Ruth's speech, split by Sam's reaction
    ruth, sam = plan.shots[1], plan.shots[2]
    assert speech[ruth.parts[-1].start:ruth.parts[-1].end].endswith("Go on, then. ")
    assert speech[sam.parts[0].start:] == "I will be here when you are done being angry."


def test_prompts_are_composed_from_the_reply_by_look_with_the_scene_s_rain_and_within_budget(server, planner):
    from llm_scenes import DEV_LOOK, MARA_LOOK
    from shots.prompt_budget import PROMPT_TOKEN_BUDGET, fits

    rainy = taxi_scene(extra_action="Rain hammers the roof.")
    long = "A heavy-set driver looks up from his crossword, tired, then back down, " * 4  # 288 characters
    server.script(Reply.chat(_answer(_split_answer(s0={"description": long.strip()}))))
    plan = planner.plan(rainy, bible())
    master, dev = plan.shots[0], plan.shots[1]
    assert "looks up from his crossword" in master.prompt  # the reply's description is what happens
    assert DEV_LOOK in dev.prompt and MARA_LOOK in dev.prompt  # both in frame of the OTS, by their looks
    assert "Dev" not in dev.prompt and "Mara" not in dev.prompt  # never by name
    assert all("rain" in s.prompt.lower() for s in plan.shots)  # the scene's rain in every shot
    assert all(fits(s.prompt, PROMPT_TOKEN_BUDGET) for s in plan.shots)
    assert "DEV (50s" in master.action  # the script's action stays on the shot


def test_a_description_longer_than_a_text_encoder_reads_is_sent_back(server, planner):
    bad = _split_answer(s0={"description": "Rain. " * 60})  # 360 characters
    server.script(Reply.chat(_answer(bad)), Reply.chat(_answer(_split_answer())))
    planner.plan(taxi_scene(), bible())
    retry = server.chat_requests[1].body["messages"][-1]["content"]
    assert "shots.0.description" in retry and "300 characters" in retry


CHASE = """INT. HALLWAY - NIGHT

IRIS (20s, green raincoat) and TOM (30s, brown jacket) stand by the door.

IRIS
Run.

Iris runs out of frame to the left. Tom follows her.

INT. STAIRWELL - CONTINUOUS

Iris takes the stairs two at a time, Tom behind her.
"""


def test_the_request_carries_the_previous_scene_s_axis_and_screen_direction(server, tmp_path):
    sp = screenplay.parse(CHASE)
    bible_ = extract_bible(sp)
    scenes = [s for s in sp.scenes if s.heading is not None]
    server.script(Reply.chat(_answer([shot(10, 12, "WS", "master", ["iris", "tom"])])))
    LLMPlanner(model="fake", base_url=server.base_url, api_key="k", cache_dir=tmp_path / "c").plan(
        scenes[1], bible_, scene_contexts(scenes, bible_)[1])
    user = server.chat_requests[0].body["messages"][1]["content"]
    continues = json.loads(user[user.index("{"):])["continues"]
    assert continues["screen_direction"]["iris"] == "R>L"  # she ran out of frame to the left: right to left
    assert "tom" in continues["axis_screen_left_to_right"]


def test_words_quoted_from_a_later_element_than_first_line_names_start_the_shot_there(server, planner):
    # a model that gives the cue's line (8) for a shot starting inside Mara's speech (line 10)
    loose = _split_answer(s2={"first_line": 8, "last_line": 10}, s3={"first_line": 8})
    server.script(Reply.chat(_answer(loose)))
    plan = planner.plan(taxi_scene(), bible())
    assert len(server.chat_requests) == 1
    assert plan.shots[3].parts == (ElementPart(10, "dialogue", 32, 48),) and plan.shots[3].first_line == 10


def test_a_joint_cue_is_spoken_by_its_first_character(server, tmp_path):
    sp = screenplay.parse("INT. PORCH - DAY\n\nNED (60s, straw hat) and WILL (10, striped shirt) sit on the steps.\n\n"
                          "NED AND WILL\nOne, two, three!\n")
    bible_ = extract_bible(sp)
    scene = next(s for s in sp.scenes if s.heading is not None)
    # lines: 1 heading, 3 both on the steps, 5 the joint cue, 6 the line they say together
    server.script(Reply.chat(_answer([shot(1, 3, "WS", "master", ["ned", "will"]),
                                      shot(5, 6, "MS", "two-shot", ["ned", "will"], speaker="ned")])))
    plan = LLMPlanner(model="fake", base_url=server.base_url, api_key="k", cache_dir=tmp_path / "c").plan(scene, bible_)
    assert [(d.character, d.text) for d in plan.shots[1].dialogue] == [("ned", "One, two, three!")]
