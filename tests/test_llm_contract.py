"""The answer contract (schema <-> pydantic), the request message, and the answer cache, on their own."""
from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from llm_scenes import bible, good_answer, taxi_scene
from screenplay.model import Action, Scene, SceneHeading
from shots.llm_cache import ResponseCache, request_key
from shots.llm_request import scene_cast, scene_message
from shots.llm_schema import LLMShot, describe_errors, response_format, shot_json_schema, validate_answer
from shots.vocabulary import Angle, Movement, ScreenDirection, ShotSize, ShotType


def test_schema_and_pydantic_model_name_the_same_fields():
    schema = shot_json_schema(["dev"])
    assert list(schema["properties"]) == list(LLMShot.model_fields)
    assert schema["required"] == list(LLMShot.model_fields)
    for name, enum in (("size", ShotSize), ("type", ShotType), ("angle", Angle), ("movement", Movement),
                       ("screen_direction", ScreenDirection)):
        assert schema["properties"][name]["enum"] == [m.value for m in enum]


def test_strict_schema_has_no_open_objects():
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "object":
                assert node["additionalProperties"] is False
                assert set(node["required"]) == set(node["properties"])
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    rf = response_format(["dev", "mara"])
    walk(rf["json_schema"]["schema"])
    json.dumps(rf)  # plain JSON data


def test_no_characters_means_no_subject_may_be_named():
    rf = response_format([])
    shot_props = rf["json_schema"]["schema"]["properties"]["shots"]["items"]["properties"]
    assert "enum" not in shot_props["subjects"]["items"]
    answer = json.loads(good_answer())
    with pytest.raises(ValidationError, match="unknown character"):
        validate_answer(json.dumps(answer), set(), (1, 13))


def test_validation_messages_are_compact_and_do_not_echo_input():
    answer = json.loads(good_answer())
    answer["shots"][0]["size"] = "A" * 500
    answer["shots"][0]["speaker"] = "mara"  # not in frame
    with pytest.raises(ValidationError) as err:
        validate_answer(json.dumps(answer), {"dev", "mara"}, (1, 13))
    text = describe_errors(err.value)
    assert "shots.0.size" in text and "A" * 50 not in text and "errors.pydantic.dev" not in text


def test_overlapping_or_reordered_shots_are_rejected():
    answer = json.loads(good_answer())
    answer["shots"][1], answer["shots"][2] = answer["shots"][2], answer["shots"][1]
    with pytest.raises(ValidationError, match="overlap or are out of order"):
        validate_answer(json.dumps(answer), {"dev", "mara"}, (1, 13))


def test_scene_message_is_json_data_with_line_numbers_and_the_cast():
    scene = taxi_scene(start=30)
    cast = scene_cast(scene, bible())
    assert [c.id for c in cast] == ["dev", "mara"]
    text = scene_message(scene, cast)
    data = json.loads(text[text.index("{"):])
    assert data["scene"]["heading_line"] == 30 and data["scene"]["location"] == "TAXI"
    assert data["elements"][1] == {"line": 34, "end_line": 34, "type": "character", "name": "DEV",
                                   "extension": None, "dual": False}


def test_cast_leaves_out_characters_not_in_the_scene():
    scene = Scene(1, SceneHeading("EXT. ROAD - DAY", None, False, 1, 1), (Action("Mara walks alone.", 3, 3),))
    assert [c.id for c in scene_cast(scene, bible())] == ["mara"]
    possessive = Scene(3, SceneHeading("INT. CAB - DAY", None, False, 1, 1), (Action("Dev's hands shake.", 3, 3),))
    assert [c.id for c in scene_cast(possessive, bible())] == ["dev"]
    empty = Scene(2, SceneHeading("EXT. SEA - DAY", None, False, 1, 1), (Action("Waves. Devotion.", 3, 3),))
    assert scene_cast(empty, bible()) == ()


def test_cache_round_trip_and_atomic_files(tmp_path):
    cache = ResponseCache(tmp_path / "c")
    key = request_key({"model": "m", "messages": [{"role": "user", "content": "hi"}]})
    assert key == request_key({"messages": [{"content": "hi", "role": "user"}], "model": "m"})  # canonical
    assert cache.get(key) is None
    path = cache.put(key, {"content": "{\"shots\": []}"})
    assert cache.get(key)["content"] == "{\"shots\": []}"
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left behind


def test_corrupt_cache_file_is_a_miss_not_an_error(tmp_path):
    cache = ResponseCache(tmp_path)
    key = request_key({"x": 1})
    path = cache.put(key, {"content": "a"})
    path.write_text("{half a fi")
    assert cache.get(key) is None
    cache.put(key, {"content": "b"})
    assert cache.get(key)["content"] == "b"
