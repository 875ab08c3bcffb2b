"""The road network both builders share: the graph type, modes and speeds, and routes along paths.

``roads.py`` turns a catalog's roads into a :class:`RoadGraph` and ``osm.py`` an OpenStreetMap
extract; ``matrix.py`` and the route search read it. Everything they must agree on lives here.

Travel time
-----------
Each edge takes ``length / speed`` for the mode, from :data:`DEFAULT_SPEEDS_KMH` (overridable per
mode and class with ``region.speeds``), rounded to whole seconds per edge with at least 1 s; a
route's totals are the sums of these per-edge integers, so legs always add up exactly. Motorbikes,
bicycles and pedestrians are banned from Vietnamese expressways (cao tốc), so those modes never use
expressway edges. Routes minimise travel time for the mode; ties go to the shorter distance
(:data:`METRE_SCALE` packs both into one weight).

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
named :data:`NEARBY_ROAD_NAME` holding the difference, and is marked estimated. Routes
(:func:`route_along`) and the travel matrix apply the same rule, so they agree on every pair.

How estimated a time is
-----------------------
A route keeps the seconds it spends on estimated edges (``Route.estimated_s``). Those seconds may
be off by :data:`ESTIMATE_LOW` .. :data:`ESTIMATE_HIGH` (x 0.75 .. x 1.35): before the catalog's
graph was fitted to the sourced road distances (issue 11), its estimated edges missed them by
-25 % to +60 %; fitting leaves the edges on no sourced leg as they were, and no source gives
speeds. :func:`duration_range` turns a leg's time into that likely span, which the plan shows
instead of one falsely precise figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from teatrip.errors import BadInputError, SiteNotFoundError
from teatrip.formatting import say
from teatrip.models import Mode, Region, RoadClass, RoadStretch

if TYPE_CHECKING:
    import networkx as nx
    from numpy.typing import NDArray
    from scipy.sparse import csr_matrix

    from teatrip.contraction import Core

__all__ = [
    "ACCESS_ROAD_NAME",
    "ALL_MODES",
    "CLASSES",
    "DEFAULT_SPEEDS_KMH",
    "DEFAULT_WINDING",
    "ESTIMATE_HIGH",
    "ESTIMATE_LOW",
    "METRE_SCALE",
    "MIN_LEG_CEILING_M",
    "MIN_LEG_FLOOR_M",
    "MIN_LEG_FRACTION",
    "MODES",
    "MODE_BIT",
    "NEARBY_ROAD_NAME",
    "Engine",
    "ModeIndex",
    "Progress",
    "RoadGraph",
    "Route",
    "Speeds",
    "check_engine",
    "duration_range",
    "min_leg",
    "resolve_speeds",
    "resolve_winding",
    "route_along",
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
NEARBY_ROAD_NAME = "nearby roads (approximate positions)"
#: How far off the time on estimated edges may be (see "How estimated a time is" above).
ESTIMATE_LOW = 0.75
ESTIMATE_HIGH = 1.35

CLASSES: tuple[RoadClass, ...] = tuple(RoadClass)
MODES: tuple[Mode, ...] = tuple(Mode)
MODE_BIT: Mapping[Mode, int] = {mode: 1 << i for i, mode in enumerate(MODES)}
ALL_MODES = sum(MODE_BIT.values())

# Path weights pack (seconds, metres) into one exact float64 integer: seconds * 2**24 + metres.
# Dijkstra then minimises time and breaks ties by distance, and both totals come back exactly
# (routes up to 16,777 km and 2**29 s, far beyond any trip).
_METRE_BITS = 24
METRE_SCALE = 1 << _METRE_BITS

Speeds = Mapping[Mode, Mapping[RoadClass, float | None]]

#: A callback for long work on big graphs: (stage, done, total) as it goes.
Progress = Callable[[str, int, int], None]


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
        self._index: dict[Mode, ModeIndex] = {}
        self._core: dict[Mode, Core] = {}
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
            raise SiteNotFoundError(
                say("no site with id {id} in the road graph", id=repr(site_id))
            ) from None

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

    def index(self, mode: Mode) -> ModeIndex:
        """The cached sparse matrix of ``mode`` (built on first use)."""
        cached = self._index.get(mode)
        if cached is None:
            cached = self._index[mode] = ModeIndex.build(self, mode)
        return cached

    def core(self, mode: Mode) -> Core:
        """The cached contracted core of ``mode`` that keeps every site node (built on first use).

        Both searches run on it (``teatrip.contraction``); it depends on the site nodes, so it is
        built from them as they are when first asked for.
        """
        cached = self._core.get(mode)
        if cached is None:
            from teatrip.contraction import build_core

            index = self.index(mode)
            terminals = np.unique(np.fromiter(self.site_nodes.values(), dtype=np.int64))
            cached = self._core[mode] = build_core(
                index.matrix, index.edge, index.entry_estimated, terminals
            )
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
class ModeIndex:
    """A symmetric CSR matrix of packed weights for one mode, with the edge behind each entry."""

    matrix: csr_matrix
    keys: NDArray[np.int64]  # row * n + column per stored entry, sorted
    edge: NDArray[np.int64]  # edge index per stored entry
    entry_estimated: NDArray[np.bool_]
    any_estimated: bool

    @classmethod
    def build(cls, graph: RoadGraph, mode: Mode) -> ModeIndex:
        from scipy.sparse import csr_matrix

        n = graph.node_count
        seconds = graph.seconds(mode)
        usable = np.nonzero((seconds >= 0) & (graph.u != graph.v))[0]
        weight = (seconds[usable] * METRE_SCALE + graph.length_m[usable]).astype(np.float64)
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


Engine = Literal["scipy", "networkx"]


def check_engine(engine: str) -> Engine:
    """The shortest-path engine ``engine`` names (``auto`` is scipy); BadInputError otherwise."""
    if engine in ("auto", "scipy"):
        return "scipy"
    if engine == "networkx":
        return "networkx"
    raise BadInputError(f"unknown shortest-path engine {engine!r}")


# ---------------------------------------------------------------------------------------------
# Routes along found paths
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
    estimated_s: int = 0  # of duration_s, the seconds on estimated edges and nearby stretches

    @property
    def duration_span(self) -> tuple[int, int] | None:
        """The likely (low, high) seconds of the route (:func:`duration_range`)."""
        share = self.estimated_s / self.duration_s if self.duration_s else 0.0
        return duration_range(self.duration_s, share)

    def to_dict(self) -> dict[str, Any]:
        span = self.duration_span
        return {
            "from": self.from_site,
            "to": self.to_site,
            "mode": self.mode.value,
            "distance_m": self.distance_m,
            "duration_s": self.duration_s,
            **({} if span is None else {"duration_low_s": span[0], "duration_high_s": span[1]}),
            "estimated": self.estimated,
            "legs": [
                {"road": s.road, "distance_m": s.distance_m, "duration_s": s.duration_s}
                for s in self.stretches
            ],
        }


def route_along(
    graph: RoadGraph, stops: Sequence[str], mode: Mode, paths: Sequence[Sequence[int]]
) -> Route:
    """The route through ``stops`` (site ids, at least two) whose legs follow ``paths``.

    ``paths[i]`` is the node path from ``stops[i]`` to ``stops[i + 1]`` (a single node when both
    stand on it). Whoever searched (``roads.shortest_route``, ``TravelMatrix.route``), this one
    function turns paths into stretches, geometry and totals with the minimum-leg rule, so routes
    read the same whichever search found them.
    """
    stretches: list[RoadStretch] = []
    geometry: list[tuple[float, float]] = []
    estimated = False
    estimated_s = 0
    for (a, b), nodes in zip(pairwise(stops), paths, strict=True):
        leg_stretches, leg_points, leg_estimated, leg_estimated_s = _leg(graph, a, b, mode, nodes)
        estimated = estimated or leg_estimated
        estimated_s += leg_estimated_s
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
        from_site=stops[0],
        to_site=stops[-1],
        mode=mode,
        distance_m=sum(s.distance_m for s in stretches),
        duration_s=sum(s.duration_s for s in stretches),
        estimated=estimated,
        estimated_s=estimated_s,
        stretches=tuple(stretches),
        geometry=tuple(geometry),
        via=tuple(stops[1:-1]),
    )


def _leg(
    graph: RoadGraph, a: str, b: str, mode: Mode, nodes: Sequence[int]
) -> tuple[list[RoadStretch], list[tuple[float, float]], bool, int]:
    source, target = graph.node_of(a), graph.node_of(b)
    start = (float(graph.lat[source]), float(graph.lon[source]))
    if a == b:
        return [], [start], False, 0
    index = graph.index(mode)
    path = np.asarray(nodes, dtype=np.int64)
    edges = index.edge[index.entries(path[:-1], path[1:], graph.node_count)]
    seconds = graph.seconds(mode)
    stretches: list[RoadStretch] = []
    points = [start]
    estimated = False
    estimated_s = 0
    for node, edge in zip(path.tolist(), edges.tolist(), strict=False):
        name = graph.road_names[graph.road[edge]]
        metres, secs = int(graph.length_m[edge]), int(seconds[edge])
        estimated = estimated or bool(graph.estimated[edge])
        estimated_s += secs if graph.estimated[edge] else 0
        points.extend(graph.edge_points(edge, node))
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
        estimated_s += extra_s
    if len(points) == 1:
        points.append((float(graph.lat[target]), float(graph.lon[target])))
    return stretches, points, estimated, estimated_s


def duration_range(duration_s: int, estimated_share: float) -> tuple[int, int] | None:
    """The likely (low, high) seconds of a leg of ``duration_s`` whose ``estimated_share`` (0..1)
    is estimated; None when nothing of it is (a measured leg has no range)."""
    share = min(1.0, max(0.0, estimated_share))
    if duration_s <= 0 or share == 0:
        return None
    estimated = duration_s * share
    low = round(duration_s - estimated * (1 - ESTIMATE_LOW))
    high = round(duration_s + estimated * (ESTIMATE_HIGH - 1))
    return low, high
