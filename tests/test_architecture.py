"""The package's shape: no import cycle between modules or between packages, and the core commands
(``dckg build``, the offline ``dckg query``) never load the network libraries.

The import graph is read from the source with ``ast`` (imports inside functions count too: a lazy import
is still a dependency), so the test needs nothing imported to see the shape.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "extract"


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(name: str, known: dict[str, Path]) -> str | None:
    """The module of ``extract`` that an imported name stands for (a package's names are its __init__)."""
    while name and name not in known:
        name = name.rpartition(".")[0]
    return name or None


def import_graph() -> dict[str, set[str]]:
    """Module -> the modules of ``extract`` it imports."""
    known = _modules()
    graph: dict[str, set[str]] = {m: set() for m in known}
    for module, path in known.items():
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")
                    base = base[: len(base) - (node.level - 1)]
                    stem = ".".join([*base, node.module] if node.module else base)
                else:
                    stem = node.module or ""
                targets = [f"{stem}.{alias.name}" for alias in node.names]  # a submodule, or a name in stem
            for target in targets:
                found = _resolve(target, known)
                if found and found != module:
                    graph[module].add(found)
    return graph


def package_of(module: str) -> str:
    """``extract.rdf.io`` -> ``extract.rdf``; a module at the package root stands for itself."""
    parts = module.split(".")
    return ".".join(parts[:2])


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for module, targets in import_graph().items():
        edges = graph.setdefault(package_of(module), set())
        edges |= {package_of(t) for t in targets} - {package_of(module)}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def test_the_graph_sees_the_imports() -> None:
    """A sanity check of the reader itself: known edges of both kinds are there."""
    modules = import_graph()
    assert "extract.rdf.io" in modules["extract.rdf.graph"]  # from .io import …
    assert "extract.rdf.iri" in modules["extract.rdf.graph"]  # from . import iri
    assert "extract.quality.coverage" in modules["extract.build"]
    assert "extract.rdf" in package_graph()["extract.remote"]


def test_no_import_cycle_between_modules() -> None:
    assert cycles(import_graph()) == []


def test_no_import_cycle_between_packages() -> None:
    assert cycles(package_graph()) == []


@pytest.mark.parametrize("modules", [
    ["extract.cli", "extract.cli.build", "extract.build"],  # dckg build
    ["extract.cli", "extract.cli.graph", "extract.rdf.queries", "extract.rdf.io"],  # the offline dckg query
])
def test_core_commands_do_not_load_network_clients(modules: list[str]) -> None:
    code = (f"import importlib, sys\nfor m in {modules!r}: importlib.import_module(m)\n"
            "from extract.rdf import queries\nqueries.oxigraph_store\n"
            "print(' '.join(sorted(m for m in ('httpx', 'SPARQLWrapper') if m in sys.modules)))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "", f"{modules} load {done.stdout.strip()}"
