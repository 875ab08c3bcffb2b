"""The import rules of DESIGN §2, checked on the source: one-way layers, public names, no circles.

Every ``import`` in every module of ``teatrip/`` counts, wherever it is written: at the top, inside
a function (the lazy imports that keep ``teatrip --help`` fast) or under ``TYPE_CHECKING``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "teatrip"

#: Layers, lowest first: a module may import its own layer or a lower one, never a higher one.
#: A key names a module or a package (then every module in it). A new module needs a row here.
LAYERS: dict[str, int] = {
    # the floor: errors, the model, and how numbers are measured and worded
    "teatrip.errors": 0,
    "teatrip.models": 0,
    "teatrip.geo": 0,
    "teatrip.formatting": 0,
    "teatrip.i18n": 0,
    "teatrip.phrases": 0,
    "teatrip.units": 0,
    "teatrip.fileio": 0,
    "teatrip.yamlsafe": 0,
    # the catalog read from YAML, and finding sites in it
    "teatrip.catalog": 1,
    "teatrip.lookup": 1,
    "teatrip.communes": 1,
    # the road-network type both graph builders share, and its contracted core for searches
    "teatrip.network": 2,
    "teatrip.contraction": 2,
    # the two builders: catalog roads, OpenStreetMap extracts
    "teatrip.roads": 3,
    "teatrip.osm": 3,
    # what is computed over the network and the catalog
    "teatrip.matrix": 4,
    "teatrip.hours": 4,
    "teatrip.solver": 4,
    # requests, queries and saved trips
    "teatrip.request": 5,
    "teatrip.site_query": 5,
    "teatrip.itinerary_io": 5,
    "teatrip.geocode": 5,
    # planning and presenting a trip
    "teatrip.planner": 6,
    "teatrip.export": 6,
    "teatrip.render": 6,
    "teatrip.batch": 6,
    # the command line
    "teatrip.cli": 7,
    # the public API (lazy re-exports) and `python -m teatrip`
    "teatrip": 8,
    "teatrip.__main__": 8,
}

#: Names the root package defines itself, before any import: reading them from a lower layer does
#: not pull the public API in.
ROOT_CONSTANTS = {"__version__"}

#: Export modules that every format shares; the formats themselves never import each other.
EXPORT_SHARED = {"teatrip.export", "teatrip.export.common", "teatrip.export.svgmap"}

#: Packages of one layer that never import each other: render and export present a finished
#: itinerary (models) and know nothing of how the planner made it.
SIBLINGS = ("teatrip.planner", "teatrip.export", "teatrip.render")

#: Third-party packages only one package may import (DESIGN §6.8).
OWNERS = {"rich": "teatrip.render", "typer": "teatrip.cli"}

#: Violations that live in files other branches of issue 9 are rewriting; each entry is
#: (rule, importer, imported) and is removed when that branch merges (the last test fails on an
#: entry that no longer happens, so none outlives its fix).
PENDING_ON_OTHER_BRANCHES: set[tuple[str, str, str]] = set()


@dataclass(frozen=True)
class Import:
    """One imported module (resolved to its full name) and the names taken from it."""

    importer: str
    target: str
    names: tuple[str, ...]
    line: int


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def is_module(name: str) -> bool:
    """A Python module or package of teatrip, or a compiled extension beside them (``_core``)."""
    if name in modules():
        return True
    parent, _, last = name.rpartition(".")
    directory = modules().get(parent)
    if directory is None or directory.name != "__init__.py":
        return False
    return any(p.name.split(".")[0] == last for p in directory.parent.iterdir())


def is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def package_of(module: str) -> str:
    """The package a module belongs to (a package is its own)."""
    if modules()[module].name == "__init__.py":
        return module
    return module.rpartition(".")[0]


@cache
def parsed(module: str) -> ast.Module:
    return ast.parse(modules()[module].read_text(encoding="utf-8"))


def imports(module: str) -> list[Import]:
    """Every teatrip module ``module`` imports, from anywhere in its source."""
    found: list[Import] = []
    for node in ast.walk(parsed(module)):
        if isinstance(node, ast.Import):
            found += [
                Import(module, alias.name, (), node.lineno)
                for alias in node.names
                if alias.name.split(".")[0] == "teatrip"
            ]
        elif isinstance(node, ast.ImportFrom):
            found += [item for item in imports_from(module, node) if within(item.target, "teatrip")]
    return found


def imports_from(module: str, node: ast.ImportFrom) -> list[Import]:
    """One Import per name of ``from base import a, b`` (a submodule, or a name of ``base``)."""
    base = node.module or ""
    if node.level:
        anchor = package_of(module).split(".")
        anchor = anchor[: len(anchor) - (node.level - 1)]
        base = ".".join([*anchor, *([base] if base else [])])
    found: list[Import] = []
    for alias in node.names:
        submodule = f"{base}.{alias.name}"
        if within(base, "teatrip") and is_module(submodule):
            found.append(Import(module, submodule, (), node.lineno))
        else:
            found.append(Import(module, base, (alias.name,), node.lineno))
    return found


def private_attributes(module: str) -> Iterator[str]:
    """``alias._name`` uses, where ``alias`` is a teatrip module bound by ``from x import y``."""
    bound: dict[str, str] = {}
    for node in ast.walk(parsed(module)):
        if isinstance(node, ast.ImportFrom):
            for item, alias in zip(imports_from(module, node), node.names, strict=True):
                if not item.names and not within(item.target, package_of(module)):
                    bound[alias.asname or alias.name] = item.target
    for node in ast.walk(parsed(module)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id in bound
            and is_private(node.attr)
        ):
            yield f"{bound[node.value.id]}.{node.attr}"


def external_imports(module: str) -> Iterator[tuple[str, int]]:
    """(top-level package, line) of every non-teatrip import."""
    for node in ast.walk(parsed(module)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name.split(".")[0], node.lineno
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            yield node.module.split(".")[0], node.lineno


def layer(module: str) -> int:
    for prefix in sorted(LAYERS, key=len, reverse=True):
        if module == prefix or module.startswith(prefix + "."):
            return LAYERS[prefix]
    raise KeyError(module)


def within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def edges() -> set[tuple[str, str]]:
    return {
        (found.importer, found.target)
        for module in modules()
        for found in imports(module)
        if found.target != module and found.target in modules()
    }


def import_circles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    graph: dict[str, list[str]] = {module: [] for module in modules()}
    for importer, target in sorted(edges()):
        graph[importer].append(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: list[str] = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


@cache
def violations() -> set[tuple[str, str, str]]:
    """Every (rule, importer, imported) that breaks a rule, pending or not."""
    found: set[tuple[str, str, str]] = set()
    for group in import_circles():
        found.add(("circle", group[0], " <-> ".join(group)))
    for module in modules():
        for item in imports(module):
            target_parts = item.target.split(".")
            private_module = any(is_private(part) for part in target_parts)
            if private_module:
                owner = ".".join(
                    target_parts[: next(i for i, p in enumerate(target_parts) if is_private(p))]
                )
                if not within(module, owner):
                    found.add(("private", module, item.target))
            for name in item.names:
                if is_private(name):
                    found.add(("private", module, f"{item.target}.{name}"))
            if item.target == "teatrip" and set(item.names) <= ROOT_CONSTANTS:
                continue
            if item.target in modules() and layer(item.target) > layer(module):
                found.add(("layer", module, item.target))
            for sibling in SIBLINGS:
                crosses = within(item.target, sibling) and not within(module, sibling)
                if crosses and any(within(module, other) for other in SIBLINGS):
                    found.add(("sibling", module, item.target))
        for attribute in private_attributes(module):
            found.add(("private", module, attribute))
        for package, _ in external_imports(module):
            allowed_in = OWNERS.get(package)
            if allowed_in is not None and not within(module, allowed_in):
                found.add(("owner", module, package))
        if within(module, "teatrip.export") and module not in EXPORT_SHARED:
            for item in imports(module):
                if within(item.target, "teatrip.export") and item.target not in EXPORT_SHARED:
                    found.add(("format", module, item.target))
    return found


def unexpected(rule: str) -> list[str]:
    return sorted(
        f"{importer} -> {target}"
        for kind, importer, target in violations() - PENDING_ON_OTHER_BRANCHES
        if kind == rule
    )


def test_every_module_has_a_layer() -> None:
    missing = []
    for module in modules():
        try:
            layer(module)
        except KeyError:
            missing.append(module)
    assert not missing, f"add these modules to LAYERS: {missing}"


def test_no_import_circles() -> None:
    assert not unexpected("circle")


def test_no_private_name_is_imported_from_another_module() -> None:
    assert not unexpected("private")


def test_imports_flow_one_way_down_the_layers() -> None:
    assert not unexpected("layer")


def test_planner_export_and_render_never_import_each_other() -> None:
    assert not unexpected("sibling")


def test_only_render_imports_rich_and_only_cli_imports_typer() -> None:
    assert not unexpected("owner")


def test_export_formats_never_import_each_other() -> None:
    assert not unexpected("format")


def test_pending_violations_still_happen() -> None:
    """An entry whose branch has merged and fixed it must leave the list with it."""
    assert violations() >= PENDING_ON_OTHER_BRANCHES


def test_the_checker_sees_lazy_and_type_checking_imports() -> None:
    targets = {item.target for item in imports("teatrip.cli.routes")}
    assert "teatrip.network" in targets  # under TYPE_CHECKING
    assert "teatrip.osm" in targets  # inside a command function
    relative = {item.target for item in imports("teatrip.solver.search")}
    assert "teatrip.solver._native" in relative
