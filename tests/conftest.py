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


@pytest.fixture(scope="session")
def tiny_wan_model(tmp_path_factory) -> Path:
    """A tiny random-weight Wan-VACE diffusers folder (the family that uses reference images)."""
    from renders.diffusion.tiny import save_tiny_model

    return save_tiny_model("wan-vace", tmp_path_factory.mktemp("models") / "wan")


def with_relative_reference(script: Path, character_id: str, image: str) -> Path:
    """Plan ``script`` (which writes its bible.yaml), then give ``character_id`` the reference
    image ``image``, a path relative to the script's folder, as a user types it into bible.yaml.

    Returns:
        The image file (a real 32x32 PNG beside the script).
    """
    from PIL import Image

    run_previs("plan", script, check=True)
    bible = script.with_name(script.stem + ".previs") / "bible.yaml"
    text = bible.read_text("utf-8")
    head, _, tail = text.partition(f"- id: {character_id}\n")
    tail = tail.replace("reference_image: null", f"reference_image: {image}", 1)
    bible.write_text(head + f"- id: {character_id}\n" + tail, "utf-8")
    path = script.parent / image
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (32, 32), (200, 40, 40)).save(path)
    return path


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
