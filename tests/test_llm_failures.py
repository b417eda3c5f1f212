"""The LLM planner under a slow, wrong endpoint (issue 13, point 10): `previs plan --planner llm`
as a subprocess against a fake server on 127.0.0.1 that answers invalid JSON."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

from conftest import EXAMPLE, REPO as ROOT
from fake_openai import FakeOpenAI, Reply

KEY = "sk-previs-FAILKEY-0123456789"


def start_plan(script: Path, server: FakeOpenAI, *extra: str) -> subprocess.Popen:
    env = dict(os.environ, OPENAI_BASE_URL=server.base_url, OPENAI_API_KEY=KEY,
               XDG_CACHE_HOME=str(script.parent / "xdg-cache"), HOME=str(script.parent))
    env.pop("PREVIS_LLM_MODEL", None)
    return subprocess.Popen([sys.executable, "-m", "previs", "plan", str(script), "--planner", "llm",
                             "--llm-model", "fake", *extra], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env, cwd=ROOT)


def test_without_fallback_the_first_failure_ends_the_run_without_waiting(tmp_path):
    """Scene 1's answers come at once and are not JSON; every other scene's request is held by
    the server until the test lets go, which it does only after previs has exited. A run that
    waited for its requests in flight could not exit before its 60 s client timeout: the
    45 s guard below is a deadlock detector, not a speed target."""
    script = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, script)
    release = threading.Event()

    def answer(request: dict) -> Reply:
        if "HARBOUR ROAD" in json.dumps(request.get("messages", "")):  # scene 1's heading
            return Reply.chat("this is not JSON")
        release.wait(120)
        return Reply.chat("this is not JSON either")

    with FakeOpenAI(responder=answer) as server:
        proc = start_plan(script, server)
        try:
            out, err = proc.communicate(timeout=45)
        finally:
            release.set()
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
        held = len(server.chat_requests) - 2  # scene 1 asked twice (the answer, then the retry)
    assert proc.returncode == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "scene 1: llm:fake gave an invalid plan twice" in lines[0], err
    assert held >= 1, "other scenes were in flight when scene 1 failed"


def test_with_fallback_a_failing_endpoint_is_given_up_after_three_scenes(tmp_path):
    """Twelve scenes, an endpoint that answers every request slowly with invalid JSON. After three
    failed scenes in a row previs stops asking (one line says so) and plans the rest heuristically:
    at most the scenes already started are asked (four workers: 3 failed + 3 in flight, twice each),
    not all twelve twice."""
    script = tmp_path / "twelve.fountain"
    script.write_text("".join(f"INT. ROOM {n} - DAY\n\nBOB\nLine {n}.\n\n" for n in range(1, 13)), "utf-8")
    with FakeOpenAI(responder=lambda request: Reply.chat("{not json", delay=0.2)) as server:
        proc = start_plan(script, server, "--llm-fallback", "--format", "json")
        out, err = proc.communicate(timeout=300)
        asked = len(server.chat_requests)
    assert proc.returncode == 0, err
    given_up = [line for line in err.splitlines() if "in a row" in line]
    assert given_up == ["127.0.0.1:%d failed 3 scenes in a row; the rest of this run is planned heuristically "
                        "without asking it again" % server.port], err
    assert asked <= 12, asked
    scenes = json.loads(out)["scenes"]
    assert len(scenes) == 12
    notes = [" ".join(s["notes"]) for s in scenes]
    assert all("fell back to the heuristic plan" in n for n in notes)
    assert sum("was not asked again" in n for n in notes) >= 6
