"""The red-flag engine's modules: the registry is complete as soon as ``evaluate`` can be
imported, and ``tracker/flags`` has no import cycle (lazy imports inside functions count)."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FLAGS = ROOT / "tracker" / "flags"
RED_FLAGS_MD = ROOT.parent / "shared" / "spec" / "red-flags.md"


def spec_ids() -> list[str]:
    """Every rule id of shared/spec/red-flags.md (the first cell of each rule table's rows)."""
    return re.findall(r"^\| ([A-Z][0-9]+) \|", RED_FLAGS_MD.read_text(), flags=re.MULTILINE)


def test_the_spec_lists_the_rules() -> None:
    ids = spec_ids()
    assert len(ids) == len(set(ids)) == 30 and {"P1", "B7", "L2", "T1", "N5"} <= set(ids)


def test_importing_evaluate_alone_registers_every_rule_of_the_spec() -> None:
    """In a fresh interpreter (no other test's imports help): ``from tracker.flags import
    RULES, evaluate`` is enough for every rule of red-flags.md to be registered and run."""
    script = (
        "import json\n"
        "from tracker.flags import RULES, evaluate\n"
        "registered = sorted(RULES)\n"
        "from tests.tracker.flags import builders as b\n"
        f"ids = {spec_ids()!r}\n"
        "flags = evaluate(b.diary(b.profile()), b.utc(2026, 3, 1), rules=ids)\n"
        "print(json.dumps({'registered': registered, 'flags': len(flags)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"registered": sorted(spec_ids()), "flags": 0}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that ``path`` imports anywhere (top level or inside a function),
    a ``from package import submodule`` counted as the submodule."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path.parent)
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            found |= {f"{base}.{alias.name}" for alias in node.names} | {base}
    return {name for name in found if name in known}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One path for each back edge met in a depth-first walk (empty: no cycle)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for target in sorted(graph[node]):
            if state.get(target) == "open":
                found.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target, [*path, target])
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    return found


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set(), "c": {"a", "b"}}) == []


def test_tracker_flags_has_no_import_cycle() -> None:
    """A module graph of ``tracker/flags`` (package ``__init__`` files included, lazy imports
    counted, a parent package's implicit import not) has no cycle."""
    paths = sorted(FLAGS.rglob("*.py"))
    known = {module_name(p) for p in paths}
    graph = {module_name(p): imports_of(p, known) - {module_name(p)} for p in paths}

    assert graph["tracker.flags.service"], "the graph must see the package's own imports"
    assert cycles(graph) == []


def test_every_private_helper_of_tracker_flags_is_used_in_its_module() -> None:
    """A module-level ``_name`` (function, class or constant) is module-private: one that its
    own module never reads is dead code."""
    unused = []
    for path in sorted(FLAGS.rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        private: set[str] = set()
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.name.startswith("_"):
                private.add(node.name)
            elif isinstance(node, ast.Assign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                private |= {
                    t.id for t in targets if isinstance(t, ast.Name) and t.id.startswith("_")
                }
        read = {
            n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)
        }
        unused += [f"{module_name(path)}.{name}" for name in sorted(private - read - {"__all__"})]

    assert unused == []
