"""The architecture's boundaries, checked: imports run one way and heavy modules stay out.

screenplay <- shots <- renders <- previs <- tui. `previs --help` and importing the
lower packages must not load textual, torch, diffusers, openai or OTIO.
"""
from __future__ import annotations

import ast
import json
import subprocess
import sys

import pytest

from conftest import REPO

ORDER = ["screenplay", "shots", "renders", "previs", "tui"]
HEAVY = ["textual", "torch", "diffusers", "transformers", "openai", "opentimelineio", "ray", "fpdf"]


def _imports(path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", ORDER)
def test_imports_run_one_way(package):
    higher = set(ORDER[ORDER.index(package) + 1:])
    allowed_exceptions = {("previs", "tui")}  # only the `tui` command imports the app, lazily
    bad = []
    for path in sorted((REPO / package).rglob("*.py")):
        for name in _imports(path) & higher:
            if (package, name) in allowed_exceptions and path.name == "tui.py":
                continue
            bad.append(f"{path.relative_to(REPO)} imports {name}")
    assert not bad, "imports must run screenplay <- shots <- renders <- previs <- tui:\n" + "\n".join(bad)


def _loaded_after(code: str) -> list[str]:
    probe = code + "\nimport sys, json\nprint(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("code", [
    "import screenplay; import screenplay.parser",
    "import shots, shots.heuristic, shots.bible, shots.prompt",
    "import renders, renders.greybox, renders.timing, renders.cut",
    "import previs.pipeline",
    "from previs.cli import build_parser; build_parser()",
])
def test_heavy_modules_not_loaded(code):
    loaded = set(_loaded_after(code))
    assert not loaded & set(HEAVY), f"{code!r} loaded {sorted(loaded & set(HEAVY))}"
