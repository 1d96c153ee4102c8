"""The modules of hackkit import one another one way: no import cycles, hidden or not.

Every import counts, at module level or inside a function (an import moved into a function
still ties the two modules together; it only hides the cycle until it runs). Imports under
``if TYPE_CHECKING:`` never run and are left out.
"""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterable, Mapping
from pathlib import Path

import hackkit

PACKAGE = Path(hackkit.__file__).resolve().parent

Graph = Mapping[str, Mapping[str, int]]  # module -> the modules it imports -> line of the import


def module_name(path: Path, root: Path = PACKAGE.parent) -> str:
    """``hackkit/teams/views.py`` -> ``hackkit.teams.views``; a package is its ``__init__``."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _runtime_nodes(tree: ast.AST) -> Iterable[ast.AST]:
    """Every node, except what sits under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        test = node.test if isinstance(node, ast.If) else None
        if getattr(test, "id", getattr(test, "attr", None)) == "TYPE_CHECKING":
            stack.extend(node.orelse)
            continue
        yield node
        stack.extend(ast.iter_child_nodes(node))


def imports_of(
    name: str, source: str, modules: set[str], *, package: bool = False
) -> dict[str, int]:
    """The modules of ``modules`` that module ``name`` imports, with the line of each import.

    ``from a.b import c`` imports the module ``a.b.c`` when there is one, else ``a.b``.
    """
    here = name if package else name.rpartition(".")[0]
    found: dict[str, int] = {}

    def add(target: str, line: int) -> None:
        while target and target not in modules:  # `import a.b.c` of a name inside a.b
            target = target.rpartition(".")[0]
        if target and target != name:
            found[target] = min(line, found.get(target, line))  # the first import of it

    for node in _runtime_nodes(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, or from a parent of it
                anchor = here.split(".")[: len(here.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                add(submodule if submodule in modules else base, node.lineno)
    return found


def import_graph(package: Path = PACKAGE) -> dict[str, dict[str, int]]:
    """Which module of the package imports which."""
    paths = {module_name(path, package.parent): path for path in package.rglob("*.py")}
    modules = set(paths)
    return {
        name: imports_of(name, path.read_text(), modules, package=path.name == "__init__.py")
        for name, path in paths.items()
    }


def cycles(graph: Graph) -> list[frozenset[str]]:
    """The groups of modules that import one another, directly or round a loop (the strongly
    connected components of more than one module; Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[frozenset[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph.get(module, {}):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = set()
            while True:
                member = stack.pop()
                group.add(member)
                if member == module:
                    break
            if len(group) > 1:
                found.append(frozenset(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return found


def describe(group: frozenset[str], graph: Graph) -> str:
    """One loop through the group, each module with the line of its import of the next:
    ``a:3 -> b:9 -> a``."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:  # the shortest way from start back to itself, inside the group
        module = queue.pop(0)
        for target in sorted(graph[module]):
            if target == start:
                loop = [*paths[module], start]
                steps = [f"{a}:{graph[a][b]}" for a, b in itertools.pairwise(loop)]
                return " -> ".join([*steps, start])
            if target in group and target not in paths:
                paths[target] = [*paths[module], target]
                queue.append(target)
    raise AssertionError(f"no loop through {sorted(group)}")


def test_hackkit_has_no_import_cycles():
    graph = import_graph()
    found = list(cycles(graph))
    assert not found, "import cycles:\n" + "\n".join(describe(group, graph) for group in found)


def test_the_cycle_finder_names_a_loop_and_passes_a_one_way_graph():
    graph = {
        "a": {"b": 1},
        "b": {"c": 2},
        "c": {"a": 3, "d": 4},
        "d": {},
        "e": {"a": 5},
        "f": {"g": 6},
        "g": {"f": 7},
    }
    assert sorted(map(sorted, cycles(graph))) == [["a", "b", "c"], ["f", "g"]]
    assert describe(frozenset("abc"), graph) == "a:1 -> b:2 -> c:3 -> a"
    assert cycles({"a": {"b": 1}, "b": {"c": 2}, "c": {}, "d": {"a": 3}}) == []


def test_function_level_imports_count_and_type_checking_ones_do_not():
    modules = {"pkg", "pkg.low", "pkg.high", "pkg.types", "pkg.sub", "pkg.sub.leaf"}
    source = """
from typing import TYPE_CHECKING
import os
from pkg.low import helper
from pkg import sub
from .types import Alias
from .sub.leaf import thing
if TYPE_CHECKING:
    from pkg.high import Only

def later():
    from pkg.high import Thing
"""
    assert imports_of("pkg.mod", source, modules) == {
        "pkg.low": 4,
        "pkg.sub": 5,
        "pkg.types": 6,
        "pkg.sub.leaf": 7,
        "pkg.high": 12,
    }


def test_a_cycle_hidden_in_a_function_is_found(tmp_path: Path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "low.py").write_text("def use():\n    from pkg.high import thing\n")
    (package / "high.py").write_text("from pkg import low\nthing = low\n")
    graph = import_graph(package)
    assert cycles(graph) == [frozenset({"pkg.low", "pkg.high"})]
    assert describe(cycles(graph)[0], graph) == "pkg.high:1 -> pkg.low:2 -> pkg.high"
