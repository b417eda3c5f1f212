"""`previs plan --planner llm` as a user runs it: a subprocess, the env settings, the fake server."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fake_openai import FakeOpenAI, Reply
from llm_scenes import answer_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "the-night-shift.fountain"
KEY = "sk-previs-CLIKEY-abcdef0123456789"

pytestmark = pytest.mark.skipif(not (ROOT / "previs" / "commands" / "plan.py").exists(),
                                reason="`previs plan` has not landed yet")


@pytest.fixture
def script(tmp_path):
    path = tmp_path / "night.fountain"
    shutil.copy(EXAMPLE, path)
    return path


def run_plan(script: Path, server: FakeOpenAI, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY=KEY,
               XDG_CACHE_HOME=str(script.parent / "xdg-cache"), HOME=str(script.parent))
    env.pop("PREVIS_LLM_MODEL", None)
    return subprocess.run([sys.executable, "-m", "previs", "plan", str(script), "--planner", "llm",
                           "--llm-model", "fake", *extra],
                          capture_output=True, text=True, env=env, cwd=script.parent, timeout=120)


def test_plan_with_the_llm_planner_then_rerun_for_free(script):
    with FakeOpenAI(responder=lambda req: Reply.chat(answer_for(req))) as server:
        first = run_plan(script, server, "--format", "json")
        assert first.returncode == 0, first.stderr
        asked = len(server.chat_requests)
        assert asked >= 4  # one request per scene of the example
        assert all(r.body["model"] == "fake" and r.body["response_format"]["json_schema"]["strict"]
                   for r in server.chat_requests)
        assert "llm:fake" in first.stdout
        second = run_plan(script, server, "--format", "json")
        assert second.returncode == 0, second.stderr
        assert len(server.chat_requests) == asked, "a re-run must send no request"
        assert json.loads(second.stdout) == json.loads(first.stdout)
    stored = [p for p in script.parent.rglob("*") if p.is_file() and p.suffix in (".json", ".yaml", ".yml")]
    assert stored and not any(KEY in p.read_text(errors="replace") for p in stored)


def test_invalid_answers_fail_with_one_line_at_the_scene(script):
    with FakeOpenAI(responder=lambda req: Reply.chat("I would rather write a poem.")) as server:
        result = run_plan(script, server, "--scene", "2")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and KEY not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "invalid plan twice" in lines[0], result.stderr
    assert lines[0].startswith(f"{script}:22:"), "path:line of scene 2's heading"


def test_llm_fallback_flag_keeps_going_with_the_heuristic_plan(script):
    with FakeOpenAI(responder=lambda req: Reply.chat("not a plan")) as server:
        result = run_plan(script, server, "--scene", "2", "--llm-fallback", "--format", "json")
    assert result.returncode == 0, result.stderr
    assert "fell back to the heuristic plan" in result.stdout
