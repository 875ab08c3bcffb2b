"""Catalog YAML -> model objects, with validation that reports every problem at once.

Validation is written out by hand rather than delegated to a schema library: the messages a guide
needs ("hours.mon: closes (07:00) before it opens (17:00)", "unknown field 'vist' (did you mean
'visit'?)") and cross-checks between sections (roads and events naming unknown ids) are most of
the work, and each problem must carry the line it came from. ``yamlsafe`` provides the lines;
``problems`` records them; one module reads each section and ``reader`` runs them all.

This layer knows nothing of the road network: whether every site can be reached is checked one
layer up (``teatrip validate`` merges :func:`teatrip.roads.check_connectivity` into a
:class:`Validation` with :meth:`Validation.with_problems`).
"""

from __future__ import annotations

import gc
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from teatrip.catalog.reader import read_document
from teatrip.errors import CatalogError, Problem
from teatrip.lookup import find_site
from teatrip.models import Catalog
from teatrip.yamlsafe import read_yaml

__all__ = [
    "SHIPPED_CATALOG_NAME",
    "Validation",
    "catalog_name",
    "default_catalog_path",
    "find_site",
    "load_catalog",
    "validate_catalog",
]

#: How saved trips name the shipped catalog, wherever it is installed. Messages name the file
#: by its real path instead (``Catalog.path``), which the user can open from where they stand.
SHIPPED_CATALOG_NAME = "data/hills.yaml"


def default_catalog_path() -> Path:
    """The shipped Thai Nguyen catalog, wherever the package is installed."""
    package = Path(__file__).resolve().parent.parent  # teatrip/, above this catalog/ package
    installed = package / "data" / "hills.yaml"  # a wheel ships data/ inside the package
    if installed.is_file():
        return installed
    return package.parent / "data" / "hills.yaml"  # a source checkout or an editable install


@dataclass
class Validation:
    """The outcome of checking a catalog: the catalog (when it could be built) and all problems."""

    path: str
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def with_problems(self, extra: Iterable[Problem]) -> Validation:
        """This outcome plus problems found by a later check (no catalog if any is an error)."""
        problems = _in_file_order([*self.problems, *extra])
        has_errors = any(p.severity == "error" for p in problems)
        return Validation(self.path, None if has_errors else self.catalog, problems)


def load_catalog(path: Path | str | None = None, *, strict: bool = False) -> Catalog:
    """Load and validate a catalog (the shipped one when ``path`` is None).

    Raises CatalogError listing every error (and, with ``strict``, every warning).
    """
    validation = validate_catalog(path)
    blocking = validation.problems if strict else validation.errors
    if blocking or validation.catalog is None:
        raise CatalogError(blocking or validation.problems)
    return validation.catalog


def validate_catalog(path: Path | str | None = None) -> Validation:
    """Check a catalog file and collect every problem; never raises for bad content."""
    file_path = Path(path) if path is not None else default_catalog_path()
    shown = str(path) if path is not None else _display_default(file_path)
    with _no_cycle_collection():
        try:
            document = read_yaml(file_path, display=shown)
        except CatalogError as error:
            return Validation(shown, None, list(error.problems))
        catalog, problems = read_document(document)
    return Validation(shown, catalog, _in_file_order(problems))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause Python's cycle collector: reading a catalog makes hundreds of thousands of objects
    and no cycles, and the collector's passes over them grow with the file (half the time of
    reading 5,000 sites); reference counting still frees everything as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _in_file_order(problems: list[Problem]) -> list[Problem]:
    # Errors before warnings on the same line; otherwise the order they were found in.
    return sorted(problems, key=lambda p: (p.line or 0, p.severity != "error"))


def _display_default(file_path: Path) -> str:
    # The installed file's own path: "data/hills.yaml" exists only inside a source checkout, so a
    # message naming it would send the user to a file they cannot find.
    return str(file_path)


def catalog_name(catalog: Catalog) -> str:
    """How a saved trip names ``catalog``: ``SHIPPED_CATALOG_NAME`` for the shipped file (so that
    a trip does not record where teatrip happens to be installed), else its path."""
    return SHIPPED_CATALOG_NAME if catalog.path == str(default_catalog_path()) else catalog.path
