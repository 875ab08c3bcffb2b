"""The road graph: catalog roads (or an imported OSM graph) -> travel times per mode -> routes.

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

Travel time
-----------
Each edge takes ``length / speed`` for the mode, from :data:`DEFAULT_SPEEDS_KMH` (overridable per
mode and class with ``region.speeds``), rounded to whole seconds per edge with at least 1 s; a
route's totals are the sums of these per-edge integers, so legs always add up exactly. Motorbikes,
bicycles and pedestrians are banned from Vietnamese expressways (cao tốc), so those modes never use
expressway edges. Routes minimise travel time for the mode; ties go to the shorter distance.

Minimum leg (DESIGN §3)
-----------------------
Several sites may share one commune-level point, and a commune-level point may be kilometres from
the real place, so two distinct sites never get a zero or near-zero leg. The minimum distance
between sites ``a`` and ``b`` is ``(uncertainty(a) + uncertainty(b)) / 5`` clamped to
[:data:`MIN_LEG_FLOOR_M`, :data:`MIN_LEG_CEILING_M`] (``Precision.uncertainty_m``: 50 m for an
exact point, 3 km for a commune point, 5 km for a commune centroid or an estimate), i.e. 300 m
between two exact points, 1.2 km between two commune points, 2 km between two centroids. The
minimum time is that distance at the mode's ``local`` road speed. A leg whose road distance is
below the minimum is raised to it (the time to at least the minimum time), gets an extra stretch
named :data:`NEARBY_ROAD_NAME` holding the difference, and is marked estimated. ``shortest_route``
and ``travel_matrix`` apply the same rule, so they agree on every pair.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from teatrip.errors import BadInputError, CatalogError, NoRouteError, Problem, SiteNotFoundError
from teatrip.models import Catalog, Mode, Region, RoadClass, RoadStretch, Site

if TYPE_CHECKING:
    import networkx as nx
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix

__all__ = [
    "ACCESS_ROAD_NAME",
    "DEFAULT_SPEEDS_KMH",
    "DEFAULT_WINDING",
    "DIRECT_ROAD_NAME",
    "NEARBY_ROAD_NAME",
    "RoadGraph",
    "Route",
    "build_graph",
    "check_connectivity",
    "min_leg",
    "resolve_speeds",
    "resolve_winding",
    "shortest_route",
]

# ---------------------------------------------------------------------------------------------
# Documented defaults
# ---------------------------------------------------------------------------------------------

#: Average travel speeds in km/h on rural Vietnamese roads, per mode and road class; ``None``
#: means the mode may not use that class. Averages, not limits: they include villages, trucks,
#: hills and stops. Expressways (cao tốc) are closed to motorbikes, bicycles and pedestrians.
DEFAULT_SPEEDS_KMH: Mapping[Mode, Mapping[RoadClass, float | None]] = {
    Mode.CAR: {
        RoadClass.EXPRESSWAY: 90.0,
        RoadClass.NATIONAL: 50.0,
        RoadClass.PROVINCIAL: 40.0,
        RoadClass.LOCAL: 30.0,
        RoadClass.TRACK: 15.0,
        RoadClass.ACCESS: 20.0,
    },
    Mode.MOTORBIKE: {
        RoadClass.EXPRESSWAY: None,
        RoadClass.NATIONAL: 40.0,
        RoadClass.PROVINCIAL: 35.0,
        RoadClass.LOCAL: 30.0,
        RoadClass.TRACK: 20.0,
        RoadClass.ACCESS: 20.0,
    },
    Mode.BICYCLE: {
        RoadClass.EXPRESSWAY: None,
        RoadClass.NATIONAL: 15.0,
        RoadClass.PROVINCIAL: 15.0,
        RoadClass.LOCAL: 13.0,
        RoadClass.TRACK: 9.0,
        RoadClass.ACCESS: 10.0,
    },
    Mode.WALK: {
        RoadClass.EXPRESSWAY: None,
        RoadClass.NATIONAL: 4.5,
        RoadClass.PROVINCIAL: 4.5,
        RoadClass.LOCAL: 4.5,
        RoadClass.TRACK: 3.5,
        RoadClass.ACCESS: 4.0,
    },
}

#: Road length / straight-line length per class, applied to catalog segments (not to OSM
#: geometry, which is already real). Hill roads in the tea region wind more than the plains.
DEFAULT_WINDING: Mapping[RoadClass, float] = {
    RoadClass.EXPRESSWAY: 1.10,
    RoadClass.NATIONAL: 1.25,
    RoadClass.PROVINCIAL: 1.30,
    RoadClass.LOCAL: 1.35,
    RoadClass.TRACK: 1.45,
    RoadClass.ACCESS: 1.40,
}

MIN_LEG_FLOOR_M = 300
MIN_LEG_CEILING_M = 2_000
MIN_LEG_FRACTION = 0.2  # of the sum of both points' uncertainties

ACCESS_ROAD_NAME = "local access road"
DIRECT_ROAD_NAME = "direct (no road data)"
NEARBY_ROAD_NAME = "nearby roads (approximate positions)"

CLASSES: tuple[RoadClass, ...] = tuple(RoadClass)
MODES: tuple[Mode, ...] = tuple(Mode)
MODE_BIT: Mapping[Mode, int] = {mode: 1 << i for i, mode in enumerate(MODES)}
ALL_MODES = sum(MODE_BIT.values())

# Path weights pack (seconds, metres) into one exact float64 integer: seconds * 2**24 + metres.
# Dijkstra then minimises time and breaks ties by distance, and both totals come back exactly
# (routes up to 16,777 km and 2**29 s, far beyond any trip).
_METRE_BITS = 24
_METRE_SCALE = 1 << _METRE_BITS

Speeds = Mapping[Mode, Mapping[RoadClass, float | None]]


def resolve_speeds(region: Region | None) -> dict[Mode, dict[RoadClass, float | None]]:
    """Default speeds with the region's overrides; a speed <= 0 forbids the class for the mode."""
    speeds = {mode: dict(per_class) for mode, per_class in DEFAULT_SPEEDS_KMH.items()}
    if region is not None:
        for mode_name, per_class in region.speeds.items():
            try:
                mode = Mode(mode_name)
            except ValueError:
                continue
            for class_name, kmh in per_class.items():
                try:
                    road_class = RoadClass(class_name)
                except ValueError:
                    continue
                speeds[mode][road_class] = float(kmh) if kmh and kmh > 0 else None
    return speeds


def resolve_winding(region: Region | None) -> dict[RoadClass, float]:
    """Default winding factors with the region's overrides."""
    winding = dict(DEFAULT_WINDING)
    if region is not None:
        for class_name, factor in region.winding.items():
            try:
                winding[RoadClass(class_name)] = float(factor)
            except ValueError:
                continue
    return winding


def min_leg(
    uncertainty_a_m: int, uncertainty_b_m: int, mode: Mode, speeds: Speeds
) -> tuple[int, int]:
    """(metres, seconds) below which a leg between two distinct sites is never reported."""
    metres = round(MIN_LEG_FRACTION * (uncertainty_a_m + uncertainty_b_m))
    metres = max(MIN_LEG_FLOOR_M, min(MIN_LEG_CEILING_M, metres))
    kmh = speeds[mode].get(RoadClass.LOCAL) or DEFAULT_SPEEDS_KMH[mode][RoadClass.LOCAL] or 4.5
    return metres, _seconds(metres, kmh)


def _seconds(metres: float, kmh: float) -> int:
    return max(1, round(metres * 3.6 / kmh))


# ---------------------------------------------------------------------------------------------
# The graph
# ---------------------------------------------------------------------------------------------


class RoadGraph:
    """An undirected road graph in compact arrays, with travel times per mode and the site nodes.

    Nodes are integers ``0..n-1`` (``lat``/``lon``/``node_names``); edges are parallel arrays
    ``u, v, length_m, road_class, road, estimated, modes`` (``modes`` a bit mask of the modes
    allowed by the source data; speeds may forbid more) and optional intermediate geometry
    (``geom_ptr`` into ``geom_lat``/``geom_lon``, points in the u -> v direction). Parallel edges
    are kept; each mode uses the fastest. Per-mode sparse matrices and the networkx view
    (:attr:`nx`) are built on first use and cached, so build the graph once and reuse it.
    """

    def __init__(
        self,
        *,
        lat: NDArray[np.float64],
        lon: NDArray[np.float64],
        u: NDArray[np.int64],
        v: NDArray[np.int64],
        length_m: NDArray[np.int64],
        road_class: NDArray[np.int8],
        road: NDArray[np.int64],
        road_names: Sequence[str],
        estimated: NDArray[np.bool_],
        site_nodes: Mapping[str, int],
        site_uncertainty_m: Mapping[str, int],
        speeds: Speeds,
        modes: NDArray[np.uint8] | None = None,
        node_names: Sequence[str] | None = None,
        geom_ptr: NDArray[np.int64] | None = None,
        geom_lat: NDArray[np.float64] | None = None,
        geom_lon: NDArray[np.float64] | None = None,
        source: str = "",
    ) -> None:
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lon = np.asarray(lon, dtype=np.float64)
        self.u = np.asarray(u, dtype=np.int64)
        self.v = np.asarray(v, dtype=np.int64)
        self.length_m = np.asarray(length_m, dtype=np.int64)
        self.road_class = np.asarray(road_class, dtype=np.int8)
        self.road = np.asarray(road, dtype=np.int64)
        self.road_names = tuple(road_names)
        self.estimated = np.asarray(estimated, dtype=np.bool_)
        edge_count = len(self.u)
        self.modes = (
            np.full(edge_count, ALL_MODES, dtype=np.uint8)
            if modes is None
            else np.asarray(modes, dtype=np.uint8)
        )
        self.node_names = tuple(node_names) if node_names is not None else None
        self.geom_ptr = geom_ptr
        self.geom_lat = geom_lat
        self.geom_lon = geom_lon
        self.site_nodes = dict(site_nodes)
        self.site_uncertainty_m = dict(site_uncertainty_m)
        self.speeds = {mode: dict(per_class) for mode, per_class in speeds.items()}
        self.source = source
        self._seconds: dict[Mode, NDArray[np.int64]] = {}
        self._index: dict[Mode, _ModeIndex] = {}
        self._nx: nx.MultiGraph | None = None

    @property
    def node_count(self) -> int:
        return len(self.lat)

    @property
    def edge_count(self) -> int:
        return len(self.u)

    @property
    def site_ids(self) -> tuple[str, ...]:
        return tuple(self.site_nodes)

    def node_of(self, site_id: str) -> int:
        try:
            return self.site_nodes[site_id]
        except KeyError:
            raise SiteNotFoundError(f"no site with id {site_id!r} in the road graph") from None

    def seconds(self, mode: Mode) -> NDArray[np.int64]:
        """Whole seconds per edge for ``mode``; -1 where the mode may not use the edge."""
        cached = self._seconds.get(mode)
        if cached is not None:
            return cached
        result = np.full(self.edge_count, -1, dtype=np.int64)
        allowed_by_data = (self.modes & MODE_BIT[mode]) != 0
        for code, road_class in enumerate(CLASSES):
            kmh = self.speeds[mode].get(road_class)
            if not kmh:
                continue
            mask = allowed_by_data & (self.road_class == code)
            result[mask] = np.maximum(1, np.rint(self.length_m[mask] * 3.6 / kmh)).astype(np.int64)
        self._seconds[mode] = result
        return result

    def index(self, mode: Mode) -> _ModeIndex:
        """The cached sparse matrix of ``mode`` (built on first use)."""
        cached = self._index.get(mode)
        if cached is None:
            cached = self._index[mode] = _ModeIndex.build(self, mode)
        return cached

    @property
    def nx(self) -> nx.MultiGraph:
        """A networkx MultiGraph view (nodes are ints; edge key = edge index), built once."""
        if self._nx is None:
            import networkx as nx

            graph = nx.MultiGraph()
            for node in range(self.node_count):
                name = self.node_names[node] if self.node_names else str(node)
                graph.add_node(
                    node, lat=float(self.lat[node]), lon=float(self.lon[node]), name=name
                )
            per_mode = {mode: self.seconds(mode) for mode in MODES}
            for e in range(self.edge_count):
                attrs: dict[str, Any] = {
                    "length_m": int(self.length_m[e]),
                    "road": self.road_names[self.road[e]],
                    "road_class": CLASSES[self.road_class[e]].value,
                    "estimated": bool(self.estimated[e]),
                }
                for mode in MODES:
                    seconds = int(per_mode[mode][e])
                    attrs[mode.value] = seconds if seconds >= 0 else None
                graph.add_edge(int(self.u[e]), int(self.v[e]), key=e, **attrs)
            self._nx = graph
        return self._nx

    def edge_points(self, edge: int, start: int) -> list[tuple[float, float]]:
        """(lat, lon) points of ``edge`` walked from node ``start``, without the start node."""
        points: list[tuple[float, float]] = []
        if self.geom_ptr is not None and self.geom_lat is not None and self.geom_lon is not None:
            lo, hi = int(self.geom_ptr[edge]), int(self.geom_ptr[edge + 1])
            points = [
                (float(a), float(b))
                for a, b in zip(self.geom_lat[lo:hi], self.geom_lon[lo:hi], strict=True)
            ]
        end = int(self.v[edge]) if int(self.u[edge]) == start else int(self.u[edge])
        if start != int(self.u[edge]):
            points.reverse()
        points.append((float(self.lat[end]), float(self.lon[end])))
        return points


@dataclass(frozen=True)
class _ModeIndex:
    """A symmetric CSR matrix of packed weights for one mode, with the edge behind each entry."""

    matrix: csr_matrix
    keys: NDArray[np.int64]  # row * n + column per stored entry, sorted
    edge: NDArray[np.int64]  # edge index per stored entry
    entry_estimated: NDArray[np.bool_]
    any_estimated: bool

    @classmethod
    def build(cls, graph: RoadGraph, mode: Mode) -> _ModeIndex:
        from scipy.sparse import csr_matrix

        n = graph.node_count
        seconds = graph.seconds(mode)
        usable = np.nonzero((seconds >= 0) & (graph.u != graph.v))[0]
        weight = (seconds[usable] * _METRE_SCALE + graph.length_m[usable]).astype(np.float64)
        rows = np.concatenate([graph.u[usable], graph.v[usable]])
        cols = np.concatenate([graph.v[usable], graph.u[usable]])
        weights = np.concatenate([weight, weight])
        edges = np.concatenate([usable, usable])
        order = np.lexsort((weights, cols, rows))
        rows, cols, weights, edges = rows[order], cols[order], weights[order], edges[order]
        keys = rows * n + cols
        first = np.ones(len(keys), dtype=bool)
        first[1:] = keys[1:] != keys[:-1]  # keep the lightest of parallel edges
        rows, cols, weights, edges, keys = (
            rows[first],
            cols[first],
            weights[first],
            edges[first],
            keys[first],
        )
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        matrix = csr_matrix((weights, cols.astype(np.int32), indptr), shape=(n, n))
        entry_estimated = graph.estimated[edges]
        return cls(matrix, keys, edges, entry_estimated, bool(entry_estimated.any()))

    def entries(
        self, rows: NDArray[np.int64], cols: NDArray[np.int64], n: int
    ) -> NDArray[np.int64]:
        """Positions of the stored entries (rows[i], cols[i]) (they must exist)."""
        return np.searchsorted(self.keys, rows * n + cols)


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
        where = f"road '{road.name}'"
        unknown = [node_id for node_id in road.via if node_id not in position]
        if unknown:
            names = ", ".join(repr(node_id) for node_id in unknown)
            problems.append(
                Problem(
                    catalog.path, road.line, where, "via", f"names no site or waypoint: {names}"
                )
            )
            continue
        if len(road.via) < 2:
            problems.append(
                Problem(catalog.path, road.line, where, "via", "needs at least two ids")
            )
            continue
        chains.append((r, [position[node_id] for node_id in road.via]))
    on_road = {node for _, chain in chains for node in chain}
    access: dict[int, int] = {}
    if on_road:
        road_nodes = np.array(sorted(on_road), dtype=np.int64)
        road_lat = np.array(lat)[road_nodes]
        road_lon = np.array(lon)[road_nodes]
        for i in range(len(catalog.sites)):
            if i not in on_road:
                distances = _haversine_m(lat[i], lon[i], road_lat, road_lon)
                access[i] = int(road_nodes[int(np.argmin(distances))])
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
                    f"site '{site.id}'",
                    "location",
                    f"cannot be reached from the other {len(in_main)} sites: "
                    + _stranded_reason(catalog, topo, i)
                    + "; add a road (or extend one) in `roads:` that links it to the network",
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
                f"site '{site.id}'",
                "location",
                f"only roads closed to {', '.join(modes)} (expressways) reach it",
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
        return (
            f"no road passes through it, and its nearest road node '{node_id}' (on {roads})"
            " is cut off from them"
        )
    return (
        f"the roads through it ({_roads_through(catalog, topo, site_index)}) are cut off from them"
    )


def _roads_through(catalog: Catalog, topo: _Topology, node: int) -> str:
    names = sorted({catalog.roads[r].name for r, chain in topo.chains if node in chain})
    return ", ".join(names)


def _build_from_catalog(catalog: Catalog) -> RoadGraph:
    from geopy.distance import geodesic

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
        return float(geodesic((topo.lat[a], topo.lon[a]), (topo.lat[b], topo.lon[b])).meters)

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
    return RoadGraph(
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


def _uncertainties(sites: Iterable[Site]) -> dict[str, int]:
    return {site.id: site.location.precision.uncertainty_m for site in sites}


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


def _haversine_m(
    lat: float, lon: float, lats: NDArray[np.float64], lons: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Great-circle distance from one point to many, in metres (for nearest-node searches)."""
    p1, p2 = math.radians(lat), np.radians(lats)
    dlat = p2 - p1
    dlon = np.radians(lons) - math.radians(lon)
    h = np.sin(dlat / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dlon / 2) ** 2
    return np.asarray(2 * 6_371_008.8 * np.arcsin(np.sqrt(np.minimum(1.0, h))), dtype=np.float64)


# ---------------------------------------------------------------------------------------------
# Routes
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    """The fastest route for a mode between two sites (optionally through ``via`` sites)."""

    from_site: str
    to_site: str
    mode: Mode
    distance_m: int
    duration_s: int
    estimated: bool  # some length or time on it is estimated (catalog geometry, access, min leg)
    stretches: tuple[RoadStretch, ...]
    geometry: tuple[tuple[float, float], ...]  # (lat, lon) from the first site to the last
    via: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.from_site,
            "to": self.to_site,
            "mode": self.mode.value,
            "distance_m": self.distance_m,
            "duration_s": self.duration_s,
            "estimated": self.estimated,
            "legs": [
                {"road": s.road, "distance_m": s.distance_m, "duration_s": s.duration_s}
                for s in self.stretches
            ],
        }


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
    stretches: list[RoadStretch] = []
    geometry: list[tuple[float, float]] = []
    estimated = False
    for x, y in pairwise(stops):
        leg_stretches, leg_points, leg_estimated = _leg(graph, x, y, mode)
        estimated = estimated or leg_estimated
        for stretch in leg_stretches:
            if stretches and stretches[-1].road == stretch.road:
                last = stretches[-1]
                stretches[-1] = RoadStretch(
                    last.road,
                    last.distance_m + stretch.distance_m,
                    last.duration_s + stretch.duration_s,
                    last.road_class,
                )
            else:
                stretches.append(stretch)
        for point in leg_points:
            if not geometry or geometry[-1] != point:
                geometry.append(point)
    return Route(
        from_site=a,
        to_site=b,
        mode=mode,
        distance_m=sum(s.distance_m for s in stretches),
        duration_s=sum(s.duration_s for s in stretches),
        estimated=estimated,
        stretches=tuple(stretches),
        geometry=tuple(geometry),
        via=tuple(via),
    )


def _leg(
    graph: RoadGraph, a: str, b: str, mode: Mode
) -> tuple[list[RoadStretch], list[tuple[float, float]], bool]:
    from scipy.sparse.csgraph import dijkstra

    source, target = graph.node_of(a), graph.node_of(b)
    start = (float(graph.lat[source]), float(graph.lon[source]))
    if a == b:
        return [], [start], False
    index = graph.index(mode)
    nodes = [target]
    if source != target:
        _, pred = dijkstra(index.matrix, indices=source, return_predecessors=True)
        if pred[target] < 0:
            raise NoRouteError(f"no {mode.value} route from {a!r} to {b!r} on the road graph")
        while nodes[-1] != source:
            nodes.append(int(pred[nodes[-1]]))
        nodes.reverse()
    else:
        nodes = [source]
    path = np.array(nodes, dtype=np.int64)
    entries = index.entries(path[:-1], path[1:], graph.node_count)
    edges = index.edge[entries]
    seconds = graph.seconds(mode)
    stretches: list[RoadStretch] = []
    points = [start]
    estimated = False
    for node, edge in zip(nodes, edges, strict=False):
        name = graph.road_names[graph.road[edge]]
        metres, secs = int(graph.length_m[edge]), int(seconds[edge])
        estimated = estimated or bool(graph.estimated[edge])
        points.extend(graph.edge_points(int(edge), node))
        if metres == 0 and secs == 0:
            continue  # an access edge to a site standing on a road node: nothing to drive
        if stretches and stretches[-1].road == name:
            last = stretches[-1]
            stretches[-1] = RoadStretch(
                name, last.distance_m + metres, last.duration_s + secs, last.road_class
            )
        else:
            stretches.append(RoadStretch(name, metres, secs, CLASSES[graph.road_class[edge]].value))
    distance = sum(s.distance_m for s in stretches)
    duration = sum(s.duration_s for s in stretches)
    min_m, min_s = min_leg(
        graph.site_uncertainty_m.get(a, 0), graph.site_uncertainty_m.get(b, 0), mode, graph.speeds
    )
    if distance < min_m:
        extra_s = max(0, min_s - duration)
        stretches.append(
            RoadStretch(NEARBY_ROAD_NAME, min_m - distance, extra_s, RoadClass.ACCESS.value)
        )
        estimated = True
    if len(points) == 1:
        points.append((float(graph.lat[target]), float(graph.lon[target])))
    return stretches, points, estimated


def _check_engine(engine: str) -> Literal["scipy", "networkx"]:
    if engine in ("auto", "scipy"):
        return "scipy"
    if engine == "networkx":
        return "networkx"
    raise BadInputError(f"unknown shortest-path engine {engine!r}")
