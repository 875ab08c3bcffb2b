"""teatrip: plan tea-tourism trips over a YAML catalog of sites, roads and events.

The public API is re-exported lazily so that importing teatrip (and `teatrip --help`) stays
fast.
"""

from __future__ import annotations

# Not `from typing import ...`: typing takes milliseconds to import, and until teatrip.cli has
# installed its handler a Ctrl-C in that time prints a traceback. mypy reads the name as usual.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import datetime as dt
    from typing import Any

    from teatrip.matrix import TravelMatrix
    from teatrip.models import Catalog, Itinerary, TripRequest
    from teatrip.roads import RoadGraph

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
    "load_itinerary": "teatrip.itinerary_io",
    "save_itinerary": "teatrip.itinerary_io",
    "export_itinerary": "teatrip.export",
    "write_bundle": "teatrip.export",
}

__all__ = ["__version__", "plan_trip", "replan", *_EXPORTS]


def _graph(catalog: Catalog, request: TripRequest) -> RoadGraph:
    """The road graph a request names: the imported file it recorded, else the catalog's roads."""
    from pathlib import Path

    from teatrip.roads import build_graph

    return build_graph(catalog, roads_file=Path(request.roads) if request.roads else None)


def plan_trip(
    catalog: Catalog,
    request: TripRequest,
    *,
    graph: RoadGraph | None = None,
    matrix: TravelMatrix | None = None,
    created: dt.datetime | None = None,
) -> Itinerary:
    """``teatrip.planner.plan_trip``, building the road graph when none is given: from the file
    ``request.roads`` records, else from the catalog's roads."""
    from teatrip.planner import plan_trip as plan

    if graph is None:
        graph = _graph(catalog, request)
    return plan(catalog, request, graph=graph, matrix=matrix, created=created)


def replan(
    itinerary: Itinerary,
    catalog: Catalog,
    *,
    day: int,
    now: dt.time | str,
    at: str | None = None,
    graph: RoadGraph | None = None,
    matrix: TravelMatrix | None = None,
) -> tuple[Itinerary, list[str]]:
    """``teatrip.planner.replan``, building the road graph when none is given, as ``plan_trip``."""
    from teatrip.planner import replan as replan_day

    if graph is None:
        graph = _graph(catalog, itinerary.request)
    return replan_day(itinerary, catalog, day=day, now=now, at=at, graph=graph, matrix=matrix)


def __getattr__(name: str) -> Any:
    module_name = _EXPORTS.get(name)
    if module_name is None:
        raise AttributeError(f"module 'teatrip' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module_name), name)
