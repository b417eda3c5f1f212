"""Shared set-up for the app's tests: a copy of the example with scenes 3 and 4 already rendered.

The rendered template is made once per test session (in pytest's base temp
folder) and copied for each test, so every test starts from the same real
project store without paying for the renders again. Frames are tiny (160x90)
to keep the whole area fast on two cores.
"""
from __future__ import annotations

import asyncio
import shutil
import time
from pathlib import Path

import pytest

from renders.model import RenderSettings

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "the-night-shift.fountain"
SETTINGS = RenderSettings(width=160, height=90, fps=24)
RENDERED_SCENES = ("3", "4")


def _template(tmp_path_factory) -> Path:
    from previs.session import Session

    base = tmp_path_factory.getbasetemp() / "tui-template"
    done = base / ".done"
    if not done.exists():
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        script = base / EXAMPLE.name
        shutil.copyfile(EXAMPLE, script)
        session = Session(script, settings=SETTINGS)
        session.load()
        session.render([i for sc in RENDERED_SCENES for i in session.shot_ids("scene", sc)])
        done.touch()
    return base


@pytest.fixture
def project(tmp_path, tmp_path_factory) -> Path:
    """The example script (scenes 3 and 4 rendered at 160x90) in a fresh folder; returns the script path."""
    src = _template(tmp_path_factory)
    dst = tmp_path / "proj"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(".done", ".lock"))
    return dst / EXAMPLE.name


def make_session(script: Path):
    from previs.session import Session

    return Session(script, settings=SETTINGS)


async def wait_for(pilot, condition, timeout: float = 60.0, what: str = "condition") -> None:
    """Let the app run until ``condition()`` is true (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            app = pilot.app
            jobs = [(j.label, j.state) for j in getattr(app, "queue").history] if hasattr(app, "queue") else []
            raise AssertionError(f"timed out waiting for {what} (screen {type(app.screen).__name__}, "
                                 f"jobs {jobs}, workers {[(w.group, w.state.name) for w in app.workers]})")
        await asyncio.sleep(0.05)  # not pilot.pause: that waits for an idle screen, which a busy render never is


def atomic_save(path: Path, text: str) -> None:
    """Save like an editor that writes a temp file and renames it over the original."""
    tmp = path.with_name("." + path.name + ".swp~")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
