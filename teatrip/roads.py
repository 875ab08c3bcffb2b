"""Catalog roads -> the road graph (or an imported OSM graph file), and the fastest routes on it.

How a catalog becomes a graph
-----------------------------
* Every site and waypoint named in a road's ``via`` chain is a node; each consecutive pair of a
  chain is an edge carrying the road's name and class.
* Edge length is the geodesic length of the segment (geopy, WGS-84) times the road class's
  winding factor (:data:`DEFAULT_WINDING`, overridable with ``region.winding``): the catalog only
  knows a few points per road, and real roads are longer than the straight lines between them.
  When a road gives a measured ``km`` for its whole chain, that length is spread over the segments
  in proportion to their geodesic lengths and those edges are *measured*; all others are
  *estimated*.
* A site that no road passes through is joined to the nearest road node by an ``access`` edge
  named :data:`ACCESS_ROAD_NAME` (geodesic x the access winding factor, always estimated).
* A catalog with **no roads at all** still works: every pair of sites is joined by an estimated
  straight-line edge named :data:`DIRECT_ROAD_NAME` (geodesic x the ``local`` winding factor, at
  ``local`` speeds), so a small hand-written catalog can be planned before anyone maps its roads.
  With roads, a site left in a piece of the network that does not reach the other sites is a
  catalog error (:func:`check_connectivity`), reported with its file and line.
* An imported OpenStreetMap graph (``teatrip roads import``, see ``osm.py``) replaces the catalog
  roads; its edges follow the real geometry and are measured, only the short joins between a
  site and its snapped road node are estimated.

Travel times, the minimum leg and how a path reads as a route are the network's (``network.py``),
shared with ``osm.py``; the names are re-exported here for callers.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from teatrip.errors import CatalogError, NoRouteError, Problem
from teatrip.formatting import say
from teatrip.geo import geodesic_m, haversine_m
from teatrip.models import Catalog, MeasuredLeg, Mode, RoadClass, Site
from teatrip.network import (
    ACCESS_ROAD_NAME,
    CLASSES,
    DEFAULT_SPEEDS_KMH,
    DEFAULT_WINDING,
    NEARBY_ROAD_NAME,
    RoadGraph,
    Route,
    min_leg,
    resolve_speeds,
    resolve_winding,
    route_along,
)

# The network's names stay importable from here, where callers have always found them.
__all__ = [
    "ACCESS_ROAD_NAME",
    "CLASSES",
    "DEFAULT_SPEEDS_KMH",
    "DEFAULT_WINDING",
    "DIRECT_ROAD_NAME",
    "LEG_TOLERANCE",
    "NEARBY_ROAD_NAME",
    "LegCheck",
    "RoadGraph",
    "Route",
    "as_graph",
    "build_graph",
    "check_connectivity",
    "leg_check_problems",
    "measured_leg_checks",
    "min_leg",
    "resolve_speeds",
    "resolve_winding",
    "shortest_route",
]

DIRECT_ROAD_NAME = "direct (no road data)"

#: A routed measured leg passes when within its stated figures ±10 %, the tolerance issue 11 set.
LEG_TOLERANCE = 0.10
#: Fitting stops once every measured leg is within 3 % of its target (well inside the tolerance).
FIT_TOLERANCE = 0.03
FIT_ROUNDS = 60
FIT_MIN_EDGE_M = 500.0

# ---------------------------------------------------------------------------------------------
# Building from a catalog
# ---------------------------------------------------------------------------------------------


def build_graph(catalog: Catalog, *, roads_file: Path | None = None) -> RoadGraph:
    """The road graph of ``catalog``, or of an imported OSM graph file with the sites attached.

    Raises CatalogError (exit 2) when a site cannot be reached from the others.
    """
    if roads_file is not None:
        from teatrip.osm import load_graph

        return load_graph(roads_file, catalog)
    errors = [p for p in check_connectivity(catalog) if p.severity == "error"]
    if errors:
        raise CatalogError(errors)
    return _build_from_catalog(catalog)


@dataclass
class _Topology:
    """Node ids and positions, the valid road chains, and where off-road sites join them."""

    ids: list[str]
    lat: list[float]
    lon: list[float]
    chains: list[tuple[int, list[int]]]  # (road index in catalog.roads, node indices)
    access: dict[int, int]  # off-road site node -> nearest road node
    problems: list[Problem]


def _topology(catalog: Catalog) -> _Topology:
    ids: list[str] = []
    lat: list[float] = []
    lon: list[float] = []
    for site in catalog.sites:
        ids.append(site.id)
        lat.append(site.lat)
        lon.append(site.lon)
    for waypoint in catalog.waypoints:
        ids.append(waypoint.id)
        lat.append(waypoint.location.lat)
        lon.append(waypoint.location.lon)
    position = {node_id: i for i, node_id in enumerate(ids)}
    problems: list[Problem] = []
    chains: list[tuple[int, list[int]]] = []
    for r, road in enumerate(catalog.roads):
        where = say("road '{id}'", id=road.name)
        unknown = [node_id for node_id in road.via if node_id not in position]
        if unknown:
            names = ", ".join(repr(node_id) for node_id in unknown)
            problems.append(
                Problem(
                    catalog.path,
                    road.line,
                    where,
                    "via",
                    say("names no site or waypoint: {names}", names=names),
                )
            )
            continue
        if len(road.via) < 2:
            problems.append(
                Problem(catalog.path, road.line, where, "via", say("needs at least two ids"))
            )
            continue
        chains.append((r, [position[node_id] for node_id in road.via]))
    on_road = {node for _, chain in chains for node in chain}
    access: dict[int, int] = {}
    off_road = [i for i in range(len(catalog.sites)) if i not in on_road]
    if on_road and off_road:
        road_nodes = np.array(sorted(on_road), dtype=np.int64)
        lats, lons = np.array(lat), np.array(lon)
        # One row per off-road site, one column per road node: the nearest column is its join.
        distances = haversine_m(
            lats[off_road][:, None], lons[off_road][:, None], lats[road_nodes], lons[road_nodes]
        )
        nearest = road_nodes[np.argmin(distances, axis=1)]
        access = dict(zip(off_road, nearest.tolist(), strict=True))
    return _Topology(ids, lat, lon, chains, access, problems)


def check_connectivity(catalog: Catalog) -> list[Problem]:
    """Errors for sites the road network cannot reach from the other sites (and bad road ids).

    Off-road sites count as joined to their nearest road node. With no usable road at all every
    site is reachable by a direct estimated leg, so nothing is reported. Warnings name sites that
    only expressways reach, which motorbikes, bicycles and walkers may not use.
    """
    topo = _topology(catalog)
    problems = list(topo.problems)
    if not topo.chains:
        return problems
    site_count = len(catalog.sites)
    speeds = resolve_speeds(catalog.region)

    def components(allowed: Iterable[RoadClass]) -> list[int]:
        allowed_set = set(allowed)
        parent = list(range(len(topo.ids)))

        def find(x: int) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for r, chain in topo.chains:
            if catalog.roads[r].road_class in allowed_set:
                for a, b in pairwise(chain):
                    parent[find(a)] = find(b)
        for site, node in topo.access.items():
            parent[find(site)] = find(node)
        return [find(i) for i in range(site_count)]

    every_class = list(RoadClass)
    roots = components(every_class)
    main = _main_component(roots)
    in_main = [i for i in range(site_count) if roots[i] == main]
    for i, site in enumerate(catalog.sites):
        if roots[i] != main:
            problems.append(
                Problem(
                    catalog.path,
                    site.line,
                    say("site '{id}'", id=site.id),
                    "location",
                    say(
                        "cannot be reached from the other {n} sites: {why}; add a road (or "
                        "extend one) in `roads:` that links it to the network",
                        n=len(in_main),
                        why=_stranded_reason(catalog, topo, i),
                    ),
                )
            )
    barred: dict[int, list[str]] = {}
    for mode in (Mode.MOTORBIKE, Mode.BICYCLE, Mode.WALK):
        allowed = [c for c in every_class if speeds[mode].get(c)]
        if allowed == every_class:
            continue
        mode_roots = components(allowed)
        mode_main = _main_component([mode_roots[i] for i in in_main])
        for i in in_main:
            if mode_roots[i] != mode_main:
                barred.setdefault(i, []).append(mode.value)
    for i, modes in sorted(barred.items()):
        site = catalog.sites[i]
        problems.append(
            Problem(
                catalog.path,
                site.line,
                say("site '{id}'", id=site.id),
                "location",
                say("only roads closed to {modes} (expressways) reach it", modes=", ".join(modes)),
                severity="warning",
            )
        )
    return problems


def _main_component(roots: Sequence[int]) -> int:
    """The component holding the most sites; on a tie, the one of the earliest site."""
    counts: dict[int, int] = {}
    for root in roots:
        counts[root] = counts.get(root, 0) + 1
    best = max(counts.values())
    return next(root for root in roots if counts[root] == best)


def _stranded_reason(catalog: Catalog, topo: _Topology, site_index: int) -> str:
    if site_index in topo.access:
        node_id = topo.ids[topo.access[site_index]]
        roads = _roads_through(catalog, topo, topo.access[site_index])
        return say(
            "no road passes through it, and its nearest road node {node} (on {roads}) is cut "
            "off from them",
            node=repr(node_id),
            roads=roads,
        )
    return say(
        "the roads through it ({roads}) are cut off from them",
        roads=_roads_through(catalog, topo, site_index),
    )


def _roads_through(catalog: Catalog, topo: _Topology, node: int) -> str:
    names = sorted({catalog.roads[r].name for r, chain in topo.chains if node in chain})
    return ", ".join(names)


def _build_from_catalog(catalog: Catalog) -> RoadGraph:
    topo = _topology(catalog)
    winding = resolve_winding(catalog.region)
    class_code = {road_class: code for code, road_class in enumerate(CLASSES)}
    names: list[str] = []
    name_code: dict[str, int] = {}

    def code_of(name: str) -> int:
        if name not in name_code:
            name_code[name] = len(names)
            names.append(name)
        return name_code[name]

    us: list[int] = []
    vs: list[int] = []
    lengths: list[int] = []
    classes: list[int] = []
    roads: list[int] = []
    estimated: list[bool] = []

    def geo(a: int, b: int) -> float:
        return geodesic_m(topo.lat[a], topo.lon[a], topo.lat[b], topo.lon[b])

    for r, chain in topo.chains:
        road = catalog.roads[r]
        straight = [geo(a, b) for a, b in pairwise(chain)]
        if road.km is not None and road.km > 0:
            segment_m = _spread(road.km * 1000.0, straight)
            measured = True
        else:
            factor = winding[road.road_class]
            segment_m = [round(s * factor) for s in straight]
            measured = False
        for (a, b), metres in zip(pairwise(chain), segment_m, strict=True):
            if a == b:
                continue
            us.append(a)
            vs.append(b)
            lengths.append(metres)
            classes.append(class_code[road.road_class])
            roads.append(code_of(road.name))
            estimated.append(not measured)
    for site, node in topo.access.items():
        us.append(site)
        vs.append(node)
        lengths.append(round(geo(site, node) * winding[RoadClass.ACCESS]))
        classes.append(class_code[RoadClass.ACCESS])
        roads.append(code_of(ACCESS_ROAD_NAME))
        estimated.append(True)
    if not topo.chains:
        for a in range(len(catalog.sites)):
            for b in range(a + 1, len(catalog.sites)):
                us.append(a)
                vs.append(b)
                lengths.append(round(geo(a, b) * winding[RoadClass.LOCAL]))
                classes.append(class_code[RoadClass.LOCAL])
                roads.append(code_of(DIRECT_ROAD_NAME))
                estimated.append(True)
    graph = RoadGraph(
        lat=np.array(topo.lat, dtype=np.float64),
        lon=np.array(topo.lon, dtype=np.float64),
        u=np.array(us, dtype=np.int64),
        v=np.array(vs, dtype=np.int64),
        length_m=np.array(lengths, dtype=np.int64),
        road_class=np.array(classes, dtype=np.int8),
        road=np.array(roads, dtype=np.int64),
        road_names=names,
        estimated=np.array(estimated, dtype=np.bool_),
        site_nodes={site.id: i for i, site in enumerate(catalog.sites)},
        site_uncertainty_m=_uncertainties(catalog.sites),
        speeds=resolve_speeds(catalog.region),
        node_names=topo.ids,
        source=catalog.path,
    )
    return _fit_to_measured(graph, catalog.measured_legs)


def _uncertainties(sites: Iterable[Site]) -> dict[str, int]:
    return {site.id: site.location.precision.uncertainty_m for site in sites}


# ---------------------------------------------------------------------------------------------
# Fitting the graph to the distances and times sources state
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegCheck:
    """A measured leg next to the route the graph gives for it (car, unless the leg says)."""

    leg: MeasuredLeg
    mode: Mode
    distance_m: int
    duration_s: int

    @property
    def within(self) -> bool:
        """Whether the routed figures are within the stated ones ±:data:`LEG_TOLERANCE`."""
        leg = self.leg
        ok = True
        if leg.km_low is not None and leg.km_high is not None:
            km = self.distance_m / 1000
            ok = leg.km_low * (1 - LEG_TOLERANCE) <= km <= leg.km_high * (1 + LEG_TOLERANCE)
        if leg.minutes is not None:
            minutes = self.duration_s / 60
            ok = ok and abs(minutes - leg.minutes) <= leg.minutes * LEG_TOLERANCE
        return ok


def measured_leg_checks(catalog: Catalog, graph: RoadGraph | None = None) -> list[LegCheck]:
    """Each of the catalog's measured legs with the distance and time the graph routes for it."""
    graph = graph if graph is not None else build_graph(catalog)
    checks: list[LegCheck] = []
    for leg in catalog.measured_legs:
        mode = leg.mode or Mode.CAR
        route = shortest_route(graph, leg.from_site, leg.to_site, mode)
        checks.append(LegCheck(leg, mode, route.distance_m, route.duration_s))
    return checks


def leg_check_problems(path: str, checks: Sequence[LegCheck]) -> list[Problem]:
    """A warning for each measured leg the graph routes outside its stated figures ±10 %."""
    problems: list[Problem] = []
    for check in checks:
        if check.within:
            continue
        leg = check.leg
        problems.append(
            Problem(
                path,
                leg.line,
                say("measured leg {a} -> {b}", a=leg.from_site, b=leg.to_site),
                "km" if leg.km_low is not None else "minutes",
                say(
                    "routed {km} km, {minutes} min by {mode}: outside the stated figures "
                    "±{tolerance}",
                    km=format(check.distance_m / 1000, ".1f"),
                    minutes=round(check.duration_s / 60),
                    mode=check.mode.value,
                    tolerance=format(LEG_TOLERANCE, ".0%"),
                ),
                severity="warning",
            )
        )
    return problems


def _fit_to_measured(graph: RoadGraph, legs: Sequence[MeasuredLeg]) -> RoadGraph:
    """``graph`` with its estimated edges scaled so measured legs route as their sources say.

    The catalog's points are commune-level, so straight line x winding factor misses the stated
    road distances by up to 60 %. Each round routes every measured leg (by car unless the leg
    names a mode), and every *estimated* edge on its route is scaled by the geometric mean, over
    the legs that use it, of stated / routed (the middle of a ``km`` range, else ``minutes``).
    Measured edges (a road's sourced ``km``) are never changed. An estimated edge of under
    :data:`FIT_MIN_EDGE_M` (two sites sharing one point) counts as that long when a leg needs it
    longer. Rounds stop when every leg is within :data:`FIT_TOLERANCE` of its target, or after
    :data:`FIT_ROUNDS` when conflicting sources leave a compromise (12 km to Thái Hải, 10-11 km
    to Tân Cương beyond it on ĐT 267 settle at about 11 km each).
    """
    usable = [
        leg for leg in legs if leg.from_site in graph.site_nodes and leg.to_site in graph.site_nodes
    ]
    if not usable:
        return graph
    lengths = graph.length_m.astype(np.float64)
    for _ in range(FIT_ROUNDS):
        logs: dict[int, list[float]] = {}
        worst = 0.0
        for leg in usable:
            mode = leg.mode or Mode.CAR
            nodes = _fastest_path(graph, leg.from_site, leg.to_site, mode)
            route = route_along(graph, [leg.from_site, leg.to_site], mode, [nodes])
            if leg.km_low is not None and leg.km_high is not None:
                ratio = (leg.km_low + leg.km_high) * 500 / max(1, route.distance_m)
            elif leg.minutes is not None:
                ratio = leg.minutes * 60 / max(1, route.duration_s)
            else:
                continue
            worst = max(worst, abs(math.log(ratio)))
            for edge in _path_edges(graph, nodes, mode):
                if graph.estimated[edge]:
                    logs.setdefault(edge, []).append(math.log(ratio))
        if worst <= math.log(1 + FIT_TOLERANCE):
            break
        for edge, values in logs.items():
            factor = math.exp(sum(values) / len(values))
            if factor > 1:
                lengths[edge] = max(lengths[edge], FIT_MIN_EDGE_M)
            lengths[edge] *= factor
        graph = _with_lengths(graph, np.rint(lengths).astype(np.int64))
    return graph


def _path_edges(graph: RoadGraph, nodes: Sequence[int], mode: Mode) -> list[int]:
    if len(nodes) < 2:
        return []
    index = graph.index(mode)
    path = np.asarray(nodes, dtype=np.int64)
    return [int(e) for e in index.edge[index.entries(path[:-1], path[1:], graph.node_count)]]


def _with_lengths(graph: RoadGraph, length_m: NDArray[np.int64]) -> RoadGraph:
    """A copy of ``graph`` with new edge lengths (its cached times and indexes start empty)."""
    return RoadGraph(
        lat=graph.lat,
        lon=graph.lon,
        u=graph.u,
        v=graph.v,
        length_m=length_m,
        road_class=graph.road_class,
        road=graph.road,
        road_names=graph.road_names,
        estimated=graph.estimated,
        site_nodes=graph.site_nodes,
        site_uncertainty_m=graph.site_uncertainty_m,
        speeds=graph.speeds,
        modes=graph.modes,
        node_names=graph.node_names,
        geom_ptr=graph.geom_ptr,
        geom_lat=graph.geom_lat,
        geom_lon=graph.geom_lon,
        source=graph.source,
    )


def _spread(total_m: float, weights: Sequence[float]) -> list[int]:
    """Split ``total_m`` into integers proportional to ``weights`` that add up to round(total_m)."""
    target = round(total_m)
    weight_sum = sum(weights)
    shares = (
        [w / weight_sum for w in weights] if weight_sum > 0 else [1 / len(weights)] * len(weights)
    )
    raw = [target * share for share in shares]
    result = [math.floor(x) for x in raw]
    leftover = target - sum(result)
    by_remainder = sorted(range(len(raw)), key=lambda i: raw[i] - result[i], reverse=True)
    for i in by_remainder[:leftover]:
        result[i] += 1
    return result


# ---------------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------------


def as_graph(catalog_or_graph: Catalog | RoadGraph) -> RoadGraph:
    """The graph itself, or one built from a catalog (build once and pass it to save time)."""
    if isinstance(catalog_or_graph, RoadGraph):
        return catalog_or_graph
    return build_graph(catalog_or_graph)


def shortest_route(
    catalog_or_graph: Catalog | RoadGraph,
    a: str,
    b: str,
    mode: Mode,
    *,
    via: Sequence[str] = (),
) -> Route:
    """The fastest route from site ``a`` to site ``b`` (ids) for ``mode``, through ``via`` in order.

    Raises NoRouteError when some part cannot be travelled in this mode.
    """
    graph = as_graph(catalog_or_graph)
    mode = Mode(mode)
    stops = [a, *via, b]
    for site_id in stops:
        graph.node_of(site_id)
    paths = [_fastest_path(graph, x, y, mode) for x, y in pairwise(stops)]
    return route_along(graph, stops, mode, paths)


def _fastest_path(graph: RoadGraph, a: str, b: str, mode: Mode) -> list[int]:
    """The nodes of the fastest path from site ``a`` to site ``b`` (one Dijkstra search)."""
    from scipy.sparse.csgraph import dijkstra

    source, target = graph.node_of(a), graph.node_of(b)
    if a == b or source == target:
        return [source]
    # On the mode's contracted core, as the travel matrix searches, so both find the same path.
    core = graph.core(mode)
    start, end = int(core.core_of[source]), int(core.core_of[target])
    _, pred = dijkstra(core.matrix, indices=start, return_predecessors=True)
    if pred[end] < 0:
        raise NoRouteError(
            say(
                "no {mode} route from {a} to {b} on the road graph",
                mode=mode.value,
                a=repr(a),
                b=repr(b),
            )
        )
    nodes = [end]
    while nodes[-1] != start:
        nodes.append(int(pred[nodes[-1]]))
    nodes.reverse()
    return core.expand(nodes)
