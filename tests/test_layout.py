"""The package's shape: no import cycle inside unspin, no module importing a higher floor, and every CLI command
reachable by exactly one path."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

# Cycles known and left for later. None is left: the cli.py <-> textcat/cli.py cycle went with cli/ as one package
# (its shared helpers now live in the library). Should one ever be tolerated, list it here with why; the test fails
# on any cycle not listed and on a listed one that is gone.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _modules() -> dict[str, Path]:
    found = {}
    for path in (SRC / "unspin").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def import_graph() -> dict[str, set[str]]:
    """``module -> unspin modules it imports``, at any depth in the file (a lazy import still ties two modules)."""
    modules = _modules()

    def owner(name: str) -> str | None:  # the module a dotted name lives in: unspin.ingest.load -> unspin.ingest
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        deps: set[str | None] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                deps.update(owner(a.name) for a in node.names if a.name.startswith("unspin"))
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join(up + ([base] if base else []))
                if base.startswith("unspin"):
                    deps.update(owner(f"{base}.{a.name}") for a in node.names)
        graph[name] = {d for d in deps if d and d != name}
    return graph


def import_cycles(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Strongly connected components of more than one module (Tarjan), i.e. every import cycle."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[frozenset[str]] = []

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
            component = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                cycles.append(frozenset(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return cycles


@pytest.mark.parametrize("graph", [{"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}])
def test_layout_cycle_finder_finds_a_cycle(graph: dict[str, set[str]]) -> None:
    assert import_cycles(graph) == [frozenset({"a", "b", "c"})]


def test_layout_no_import_cycle_inside_unspin() -> None:
    cycles = set(import_cycles(import_graph()))
    assert cycles - KNOWN_CYCLES == set(), "new import cycle(s): " + "; ".join(" <-> ".join(sorted(c)) for c in cycles)
    assert KNOWN_CYCLES - cycles == set(), "a known cycle is gone: delete it from KNOWN_CYCLES"


def test_layout_document_is_on_the_ground_floor() -> None:
    """document.py and errors.py import nothing else from unspin (ingest used to be one of document's imports)."""
    graph = import_graph()
    assert graph["unspin.errors"] == set()
    assert graph["unspin.document"] == set()


# The floors of the package, lowest first: a module imports only from its own package, the ground floor, and lower
# floors (the ground floor's modules also import each other). Runtimes (ml/) and task formats (benchmarks/) never see a
# layer, a store or the CLI; layers (components/) never see the CLI, the web app, the store or the benchmarks.
# A new top-level module or package must be given a floor here.
FLOORS: list[set[str]] = [
    {"errors", "document", "labels", "config", "canonical", "console", "registry"},  # the ground floor
    {"ml", "ingest"},  # model runtimes; bytes -> Document
    {"components", "benchmarks", "report", "analyzer"},  # the layers; task formats and scorers; reports; the pipeline
    {"store"},
    {"corpus", "batch", "unspin"},  # "unspin": the package's own __init__ (analyze, Store)
    {"web"},
    {"cli"},
    {"__main__"},  # python -m unspin
]


def _floor_of(module: str) -> int:
    top = module.split(".")[1] if "." in module else module
    return next(i for i, floor in enumerate(FLOORS) if top in floor)


def _package_of(module: str) -> str:
    return module.split(".")[1] if "." in module else module


def test_layout_every_module_has_a_floor() -> None:
    missing = {_package_of(m) for m in import_graph()} - set().union(*FLOORS)
    assert missing == set(), f"give these a floor in FLOORS: {sorted(missing)}"


def test_layout_no_module_imports_a_higher_floor() -> None:
    """E.g. ml/ and benchmarks/ never import components/, cli/, web/, store/; components/ never cli/ or web/."""
    wrong = []
    for module, deps in import_graph().items():
        floor = _floor_of(module)
        for dep in deps:
            same_package = _package_of(dep) == _package_of(module)
            allowed = _floor_of(dep) < floor or same_package or (floor == 0 and _floor_of(dep) == 0)
            if not allowed:
                wrong.append(f"{module} (floor {floor}) imports {dep} (floor {_floor_of(dep)})")
    assert wrong == []


@pytest.mark.parametrize(("module", "forbidden"), [
    ("unspin.ml", {"components", "benchmarks", "cli", "web", "store", "corpus", "batch", "report", "analyzer"}),
    ("unspin.benchmarks", {"components", "cli", "web", "store", "corpus", "batch"}),
    ("unspin.components", {"cli", "web", "store", "corpus", "batch", "benchmarks"}),
])
def test_layout_runtimes_and_layers_stay_below_their_users(module: str, forbidden: set[str]) -> None:
    """The floors above, spelled out for the three packages a new layer touches (a guard on FLOORS itself)."""
    graph = import_graph()
    used = {_package_of(d) for m, deps in graph.items() if m == module or m.startswith(module + ".") for d in deps}
    assert any(m.startswith(module + ".") for m in graph), f"{module} has no modules"
    assert used & forbidden == set()


def _commands(group: object, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], object]]:
    import typer

    click_group = typer.main.get_command(group) if isinstance(group, typer.Typer) else group
    found = []
    for name, command in getattr(click_group, "commands", {}).items():
        if getattr(command, "commands", None) is not None:
            found += _commands(command, (*path, name))
        else:
            found.append(((*path, name), command.callback))
    return found


def test_layout_every_cli_command_is_reachable_by_one_path() -> None:
    """`unspin eval ptc` was also `unspin persuasion eval`: one scorer, one command."""
    from unspin.cli import app

    commands = _commands(app)
    by_callback: dict[object, list[str]] = {}
    for path, callback in commands:
        by_callback.setdefault(callback, []).append(" ".join(path))
    assert {tuple(p) for p in by_callback.values() if len(p) > 1} == set()
    paths = {" ".join(p) for p, _ in commands}
    assert {"eval ptc", "eval semeval23", "eval checkthat", "claims", "persuasion tag", "batch"} <= paths
    assert "persuasion eval" not in paths
