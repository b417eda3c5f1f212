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


# -- the import graph -------------------------------------------------------------------------

def _module_files() -> dict[str, object]:
    """Every module of the five packages: dotted name -> file."""
    mods = {}
    for package in ORDER:
        for path in (REPO / package).rglob("*.py"):
            parts = list(path.relative_to(REPO).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            mods[".".join(parts)] = path
    return mods


def _runtime_imports(tree: ast.AST):
    """Import nodes that run (at module level or inside functions); ``if TYPE_CHECKING:`` blocks never do."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return [n for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) and id(n) not in skipped]


def _import_graph() -> tuple[dict[str, set[str]], dict[str, list[tuple[str, str]]]]:
    """``(edges, names)``: module -> project modules it imports, and module -> (from module, name) pairs."""
    mods = _module_files()
    edges: dict[str, set[str]] = {m: set() for m in mods}
    names: dict[str, list[tuple[str, str]]] = {m: [] for m in mods}
    for module, path in mods.items():
        package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        for node in _runtime_imports(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                base = node.module or ""
                if node.level:
                    base = ".".join(package[:len(package) - node.level + 1] + ([base] if base else []))
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in mods else base for a in node.names]
                names[module] += [(base, a.name) for a in node.names]
            for target in targets:
                while target and target not in mods:  # `import a.b.c` of a name inside a module
                    target = target.rpartition(".")[0]
                if target and target != module:
                    edges[module].add(target)
    return edges, names


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycles():
    # function-level imports count: they only hide a cycle, the modules still need each other
    cycles = _cycles(_import_graph()[0])
    assert not cycles, "modules that import each other (directly or round a loop):\n" + \
        "\n".join(" <-> ".join(c) for c in cycles)


def test_the_cycle_check_sees_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_only_the_cli_imports_the_commands():
    # the engine (previs/) and the app (tui/) are called by the commands, never the other way round
    edges, _ = _import_graph()
    front_door = {"previs.cli", "previs.__main__"}
    bad = [f"{m} imports {t}" for m, targets in sorted(edges.items()) for t in sorted(targets)
           if (t == "previs.commands" or t.startswith("previs.commands."))
           and not (m == "previs.commands" or m.startswith("previs.commands.")) and m not in front_door]
    assert not bad, "only previs/commands/ (and previs/cli.py) may import previs.commands:\n" + "\n".join(bad)


def test_no_private_names_imported_across_modules():
    _, names = _import_graph()
    project = set(ORDER)
    bad = [f"{m} imports {name} from {source}" for m, pairs in sorted(names.items()) for source, name in pairs
           if name.startswith("_") and not name.startswith("__") and source.split(".")[0] in project]
    assert not bad, "a _private name is its module's own; make it public or move it:\n" + "\n".join(bad)
