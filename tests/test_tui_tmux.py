"""End to end: the real ``previs SCRIPT`` in a real terminal (tmux), driven by keys, read from the screen.

Needs tmux (``apt-get install -y tmux``); skipped with that reason where it is missing.
The tmux server runs on its own socket, so a user's tmux sessions are never touched.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid

import pytest

from tui_fixtures import project  # noqa: F401 - fixture
from conftest import run_previs

TMUX = shutil.which("tmux")


class Terminal:
    def __init__(self, command: str, cwd, width: int = 110, height: int = 34):
        self.socket = f"previs-test-{uuid.uuid4().hex[:8]}"
        self.name = "app"
        env = {**os.environ, "TERM": "xterm-256color"}
        env.pop("TMUX", None)
        subprocess.run([TMUX, "-L", self.socket, "-f", "/dev/null", "new-session", "-d", "-s", self.name,
                        "-x", str(width), "-y", str(height), command], cwd=cwd, env=env, check=True)

    def screen(self) -> str:
        out = subprocess.run([TMUX, "-L", self.socket, "capture-pane", "-p", "-t", self.name],
                             capture_output=True, text=True)
        return out.stdout

    def keys(self, *keys: str) -> None:
        for k in keys:
            subprocess.run([TMUX, "-L", self.socket, "send-keys", "-t", self.name, k], check=True)
            time.sleep(0.15)

    def wait_for(self, text: str, timeout: float = 60.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared on screen; last screen:\n{self.screen()}")

    def alive(self) -> bool:
        return subprocess.run([TMUX, "-L", self.socket, "has-session", "-t", self.name],
                              capture_output=True).returncode == 0

    def close(self) -> None:
        subprocess.run([TMUX, "-L", self.socket, "kill-server"], capture_output=True)


@pytest.mark.skipif(TMUX is None, reason="tmux is not installed (apt-get install -y tmux)")
def test_previs_script_opens_the_app_renders_a_scene_and_plays_it(project):
    command = f"{shlex.quote(sys.executable)} -m previs {shlex.quote(str(project))} --size 160x90 --no-watch"
    term = Terminal(command, cwd=project.parent)
    try:
        term.wait_for("1 Script")
        term.wait_for("Title: The Night Shift")
        term.keys("2")
        screen = term.wait_for("HARBOUR OFFICE")
        assert "10/10" in screen and "0/4" in screen  # scene 3 rendered, scene 1 not yet
        term.keys("Up")  # onto scene 1, the first row (FADE IN: is the first scene's lead-in, no row of its own)
        term.keys("R")
        term.wait_for("4/4", timeout=90)
        term.keys("3")
        term.wait_for("1A")
        term.keys("6")
        term.wait_for("shot 1")
        term.keys("Space")
        term.wait_for("playing")
        term.keys("q")
        deadline = time.monotonic() + 15
        while term.alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not term.alive(), term.screen()
    finally:
        term.close()
    fresh = project.with_suffix(".previs")
    assert any(fresh.glob("shots/*.mp4"))


def test_a_missing_script_is_one_line_not_a_traceback(tmp_path):
    proc = run_previs("tui", tmp_path / "nope.fountain")
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("no such file") and "Traceback" not in proc.stderr
    proc = run_previs(tmp_path / "nope.fountain")  # the bare form routes to the app
    assert proc.returncode == 2 and "no such file" in proc.stderr
