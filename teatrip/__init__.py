"""teatrip: plan tea-tourism trips over a YAML catalog of sites, roads and events.

The public API is re-exported lazily so that importing teatrip (and `teatrip --help`) stays
fast.
"""

from __future__ import annotations

# Not `from typing import ...`: typing takes milliseconds to import, and until teatrip.cli has
# installed its handler a Ctrl-C in that time prints a traceback. mypy reads the name as usual.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

__version__ = "0.1.0"

# name -> module that defines it; resolved on first access (PEP 562).
_EXPORTS: dict[str, str] = {
    "load_catalog": "teatrip.catalog",
    "validate_catalog": "teatrip.catalog",
    "find_site": "teatrip.lookup",
    "build_graph": "teatrip.roads",
    "shortest_route": "teatrip.roads",
    "travel_matrix": "teatrip.matrix",
    "import_osm": "teatrip.osm",
    "build_request": "teatrip.request",
    "plan_trip": "teatrip.planner",
    "replan": "teatrip.planner",
    "load_itinerary": "teatrip.itinerary_io",
    "save_itinerary": "teatrip.itinerary_io",
    "export_itinerary": "teatrip.export",
    "write_bundle": "teatrip.export",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'teatrip' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
