"""Rendering on a local Ray cluster: same bytes as the local executor, and a killed actor's
shots are retried elsewhere so the run still completes.

`ray.init(num_cpus=2, num_gpus=1)` pretends a GPU; the greybox renderer keeps it CPU-only.
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from conftest import EXAMPLE, run_previs

ray = pytest.importorskip("ray", reason="the cluster extra (ray) is not installed")
pytestmark = pytest.mark.slow

SIZE = "160x90"


def _digest(path: str) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def local_ray():
    os.environ.setdefault("RAY_DEDUP_LOGS", "0")
    ray.init(num_cpus=2, num_gpus=1, include_dashboard=False, log_to_driver=False,
             ignore_reinit_error=True)
    yield ray
    ray.shutdown()


def _timed_shots(script: Path, project: Path):
    from previs.pipeline import make_voices, plan_script, time_plan

    plan = plan_script(script, project_dir=project)
    clips, _, _ = make_voices(plan, 24)
    return time_plan(plan, clips, 24)


def test_ray_renders_the_same_bytes_as_the_local_executor(local_ray, tmp_path):
    from previs.pipeline import build_animatic
    from renders.model import RenderSettings

    settings = RenderSettings(160, 90, 24)
    local = build_animatic(EXAMPLE, out=tmp_path / "local.mp4", settings=settings,
                           project_dir=tmp_path / "local.previs")
    clustered = build_animatic(EXAMPLE, out=tmp_path / "ray.mp4", settings=settings,
                               project_dir=tmp_path / "ray.previs", executor="ray",
                               executor_options={"gpus_per_actor": 0.5})
    assert clustered.rendered_count == len(clustered.animatic.shots)
    assert [_digest(r.path) for r in local.animatic.rendered] == [_digest(r.path) for r in clustered.animatic.rendered]
    assert _digest(local.output) == _digest(clustered.output)


def test_a_killed_actor_does_not_lose_the_run(local_ray, tmp_path):
    from renders.executor import RenderJob
    from renders.model import RenderedShot, RenderSettings
    from renders.ray_executor import RayExecutor

    timed = _timed_shots(EXAMPLE, tmp_path / "p.previs")[:8]
    job = RenderJob("greybox", RenderSettings(160, 90, 24), str(tmp_path / "staging"))
    ex = RayExecutor(num_actors=2, cpus_per_actor=1)
    results = {}
    killed = False
    for t, r in ex.run(job, timed):
        results[t.shot.id] = r
        if not killed:
            ray.kill(ex.actors[0], no_restart=True)  # a node lost mid-run
            killed = True
    assert killed
    assert sorted(results) == sorted(t.shot.id for t in timed)
    assert all(isinstance(r, RenderedShot) and Path(r.path).exists() for r in results.values())
    assert not ex.failed


def test_cli_renders_with_the_ray_executor(tmp_path):
    script = tmp_path / EXAMPLE.name
    script.write_bytes(EXAMPLE.read_bytes())
    proc = run_previs("animatic", script, "-o", tmp_path / "c.mp4", "--size", SIZE, "--scenes", "1",
                      "--executor", "ray", "--json", check=True)
    summary = json.loads(proc.stdout)
    assert summary["rendered"] == len(summary["shots"]) > 0
    assert (tmp_path / "c.mp4").exists()
