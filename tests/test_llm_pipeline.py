"""The LLM planner through the pipeline the CLI and the app call: real script, parser, bible, store."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fake_openai import FakeOpenAI, Reply
from llm_scenes import answer_for
from screenplay.errors import PrevisError
from shots.coverage import validate_plan

pipeline = pytest.importorskip("previs.pipeline")

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "the-night-shift.fountain"
KEY = "sk-previs-PIPEKEY-0123456789"


def test_plan_script_with_llm_caches_answers_in_the_project(tmp_path):
    script = tmp_path / "night.fountain"
    shutil.copy(EXAMPLE, script)
    with FakeOpenAI(responder=lambda req: Reply.chat(answer_for(req))) as server:
        options = {"model": "fake", "base_url": server.base_url, "api_key": KEY}
        result = pipeline.plan_script(script, planner="llm", planner_options=options)
        asked = len(server.chat_requests)
        assert asked == len(result.plans) >= 4
        for plan in result.plans:
            scene = next(s for s in result.screenplay.scenes if s.id == plan.scene)
            assert plan.planner == "llm:fake"
            assert validate_plan(plan, scene, result.bible) == []
        llm_cache = [p for p in tmp_path.rglob("llm-cache/**/*.json")]
        assert len(llm_cache) == asked
        assert not any(KEY in p.read_text() for p in tmp_path.rglob("*") if p.is_file())

        # Edit one scene: only that scene is asked again.
        text = script.read_text().replace("He starts the engine anyway.", "He starts the engine, sighing.")
        script.write_text(text)
        pipeline.plan_script(script, planner="llm", planner_options=options)
        assert len(server.chat_requests) == asked + 1

        # Drop the plan store but keep the answer cache: still no request.
        shutil.rmtree(next(tmp_path.rglob("plans")))
        pipeline.plan_script(script, planner="llm", planner_options=options)
        assert len(server.chat_requests) == asked + 1


def test_plan_script_failure_names_the_scene(tmp_path):
    script = tmp_path / "night.fountain"
    shutil.copy(EXAMPLE, script)
    with FakeOpenAI(responder=lambda req: Reply.chat("[]")) as server:
        with pytest.raises(PrevisError, match="scene 2: llm:fake gave an invalid plan twice") as err:
            pipeline.plan_script(script, planner="llm", scenes="2",
                                 planner_options={"model": "fake", "base_url": server.base_url, "api_key": KEY})
    assert err.value.line == 22 and KEY not in str(err.value)  # `previs plan` adds the path
