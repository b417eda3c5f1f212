"""Shared fixtures: the bundled example, the corpus folder, and running the CLI as a user does."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "the-night-shift.fountain"
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """The bundled example copied into a temp folder (its project store lands there too)."""
    dst = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, dst)
    return dst


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present (the public sample scripts live outside the repo)")
    return CORPUS


def run_previs(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 600,
               check: bool = False, preexec_fn=None) -> subprocess.CompletedProcess:
    """Run ``python -m previs ARGS`` in a subprocess, as a user would run ``previs``.

    ``preexec_fn`` runs in the child before previs starts (e.g. a file-size limit for a full disk)."""
    full_env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "120", **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "previs", *map(str, args)], cwd=cwd, env=full_env,
                          capture_output=True, text=True, timeout=timeout, preexec_fn=preexec_fn)
    if check and proc.returncode != 0:
        raise AssertionError(f"previs {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc
