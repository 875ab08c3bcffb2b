"""Site x site travel times and distances for one mode: one shortest-path tree per source site.

The searches run on the mode's contracted core (``teatrip.contraction``: dead ends cut off,
chains of degree-2 nodes merged, low-degree nodes replaced by shortcuts), which keeps every site
node and gives exactly the whole graph's totals: 3.4 times fewer nodes than the bench's plain grid,
over 30 times fewer than a graph whose roads carry OSM-like shape nodes.

The planner chooses sites with this matrix and can then read each leg off it with
:meth:`TravelMatrix.route`: the matrix keeps the part of every search tree that lies on a path
between two of its sites (:class:`PathTrees`), so no leg needs a second search. It returns
exactly what ``roads.shortest_route`` returns, because both follow the same per-edge integer
weights (time first, distance on ties) and turn the path into a route with the same function and
the same minimum-leg rule (``network.route_along``).

Engines: ``scipy`` runs compiled Dijkstra (``scipy.sparse.csgraph.dijkstra`` with ``indices=``)
on the mode's cached core, a batch of sources at a time so memory stays bounded on million-node
OSM graphs, batches shared out to forked workers on big graphs; ``networkx`` runs
``single_source_dijkstra`` per source on the whole graph and is kept as the plain reference the
tests compare against (``bench/matrix.py`` compares the core with the same scipy search on the
whole graph). ``auto`` (the default) picks scipy (see ``bench/MATRIX_RESULTS.md``).

Unreachable pairs (e.g. a site reached only over an expressway, for a motorbike) are explicit:
``reachable[i, j]`` is False and ``duration_s``/``distance_m`` hold -1 there. The diagonal is 0.
"""

from __future__ import annotations

import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from teatrip.errors import NoRouteError, SiteNotFoundError
from teatrip.i18n import N_
from teatrip.models import Catalog, Mode
from teatrip.network import (
    METRE_SCALE,
    Progress,
    RoadGraph,
    Route,
    check_engine,
    min_leg,
    route_along,
)
from teatrip.roads import as_graph

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from teatrip.contraction import Core

__all__ = ["UNREACHABLE", "PathTrees", "TravelMatrix", "travel_matrix"]

UNREACHABLE = -1

# Dijkstra batches hold dist (float64) and predecessors (int32) for every node per source:
# keep one batch under about this many bytes.
_BATCH_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, eq=False)
class PathTrees:
    """The fastest-path trees of a matrix's searches, kept only along paths between its sites.

    Row ``r``'s entries are ``node[row_ptr[r]:row_ptr[r + 1]]`` (sorted): every node on the path
    from the matrix's ``r``-th site to one of its sites, with ``parent`` the node before it on that
    path: one entry per node of the union of those paths, not a predecessor row over the whole
    graph. With ``core`` the nodes are core ids of that contracted graph and :meth:`path` expands
    them back to the graph's nodes.
    """

    row_ptr: NDArray[np.int64]
    node: NDArray[np.integer[Any]]  # int32 on the core (half the memory of int64)
    parent: NDArray[np.integer[Any]]
    core: Core | None = None

    def path(self, row: int, source: int, target: int) -> list[int]:
        """The nodes from ``source`` (the row's site node) to ``target`` (kept in the trees)."""
        if self.core is not None:
            source, start = int(self.core.core_of[source]), target
            target = int(self.core.core_of[target])
            if target < 0:
                raise ValueError(f"node {start} is on no kept path of row {row}")
        lo, hi = int(self.row_ptr[row]), int(self.row_ptr[row + 1])
        kept = self.node[lo:hi]
        nodes = [target]
        while nodes[-1] != source:
            position = int(np.searchsorted(kept, nodes[-1]))
            if position == len(kept) or kept[position] != nodes[-1]:
                node = nodes[-1] if self.core is None else int(self.core.nodes[nodes[-1]])
                raise ValueError(f"node {node} is on no kept path of row {row}")
            nodes.append(int(self.parent[lo + position]))
        nodes.reverse()
        return nodes if self.core is None else self.core.expand(nodes)


@dataclass(frozen=True, eq=False)
class TravelMatrix:
    """Travel between every ordered pair of ``ids`` for ``mode``.

    ``duration_s[i, j]`` (int64 seconds) and ``distance_m[i, j]`` (int64 metres, along the fastest
    path) are -1 where ``reachable[i, j]`` is False; ``estimated[i, j]`` is True when any part of
    the leg is estimated (catalog geometry, an access road, or the minimum-leg rule).
    ``graph`` and ``trees`` are what :meth:`route` reads a leg from without searching again.
    """

    ids: tuple[str, ...]
    mode: Mode
    duration_s: NDArray[np.int64]
    distance_m: NDArray[np.int64]
    estimated: NDArray[np.bool_]
    reachable: NDArray[np.bool_]
    graph: RoadGraph
    trees: PathTrees

    def position(self, site_id: str) -> int:
        try:
            return self.ids.index(site_id)
        except ValueError:
            raise SiteNotFoundError(f"site {site_id!r} is not in the matrix") from None

    def duration(self, a: str, b: str) -> int:
        return int(self.duration_s[self.position(a), self.position(b)])

    def distance(self, a: str, b: str) -> int:
        return int(self.distance_m[self.position(a), self.position(b)])

    def route(self, from_id: str, to_id: str) -> Route:
        """The fastest route between two of the matrix's sites, read off the kept search trees.

        The same as ``roads.shortest_route(graph, from_id, to_id, mode)`` (stretches, geometry,
        integer totals) without a new search. Raises SiteNotFoundError for a site not in the
        matrix and NoRouteError when the pair cannot be travelled in this mode.
        """
        i, j = self.position(from_id), self.position(to_id)
        if not self.reachable[i, j]:
            raise NoRouteError(
                f"no {self.mode.value} route from {from_id!r} to {to_id!r} on the road graph"
            )
        source, target = self.graph.node_of(from_id), self.graph.node_of(to_id)
        nodes = [source] if from_id == to_id else self.trees.path(i, source, target)
        return route_along(self.graph, [from_id, to_id], self.mode, [nodes])

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready lists; unreachable cells are ``null``."""

        def cells(values: NDArray[Any]) -> list[list[int | None]]:
            return [
                [int(x) if ok else None for x, ok in zip(row, ok_row, strict=True)]
                for row, ok_row in zip(values.tolist(), self.reachable.tolist(), strict=True)
            ]

        return {
            "mode": self.mode.value,
            "ids": list(self.ids),
            "duration_s": cells(self.duration_s),
            "distance_m": cells(self.distance_m),
            "estimated": self.estimated.tolist(),
        }


def travel_matrix(
    catalog_or_graph: Catalog | RoadGraph,
    mode: Mode,
    *,
    sites: Sequence[str] | None = None,
    engine: str = "auto",
    workers: int | None = None,
    progress: Progress | None = None,
) -> TravelMatrix:
    """Travel times and distances between ``sites`` (ids; default every site of the graph).

    ``workers``: processes for the scipy engine (None: one for small graphs, up to 4 forked
    workers when core nodes x sites passes 10 million, i.e. OSM-size graphs). ``progress`` is
    called with (stage, done, total) as the searches go (scipy engine).
    """
    graph = as_graph(catalog_or_graph)
    mode = Mode(mode)
    ids = tuple(sites) if sites is not None else graph.site_ids
    nodes = np.array([graph.node_of(site_id) for site_id in ids], dtype=np.int64)
    n = len(ids)
    if n == 0:
        empty = np.zeros((0, 0), dtype=np.int64)
        no_trees = PathTrees(np.zeros(1, np.int64), np.zeros(0, np.int64), np.zeros(0, np.int64))
        return TravelMatrix(
            ids,
            mode,
            empty,
            empty.copy(),
            np.zeros((0, 0), bool),
            np.zeros((0, 0), bool),
            graph,
            no_trees,
        )
    core: Core | None = None
    if check_engine(engine) == "scipy":
        if progress is not None:
            progress(N_("contracting the road graph"), 0, 1)
        core = graph.core(mode)
        rows = _scipy(graph, mode, nodes, workers, progress)
    else:
        rows = _networkx(graph, mode, nodes)
    seconds, metres, estimated, reachable = rows.seconds, rows.metres, rows.estimated, rows.ok
    # The minimum-leg rule, exactly as network.route_along applies it.
    uncertainty = np.array(
        [graph.site_uncertainty_m.get(site_id, 0) for site_id in ids], dtype=np.int64
    )
    levels, level_of = np.unique(uncertainty, return_inverse=True)
    table = [[min_leg(int(x), int(y), mode, graph.speeds) for y in levels] for x in levels]
    min_m = np.array([[cell[0] for cell in row] for row in table], dtype=np.int64)[level_of][
        :, level_of
    ]
    min_s = np.array([[cell[1] for cell in row] for row in table], dtype=np.int64)[level_of][
        :, level_of
    ]
    distinct = ~np.eye(n, dtype=bool)
    short = distinct & reachable & (metres < min_m)
    metres[short] = min_m[short]
    seconds[short] = np.maximum(seconds[short], min_s[short])
    estimated[short] = True
    same = ~distinct
    seconds[same] = 0
    metres[same] = 0
    estimated[same] = False
    reachable[same] = True
    seconds[~reachable] = UNREACHABLE
    metres[~reachable] = UNREACHABLE
    estimated[~reachable] = False
    row_ptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(rows.tree_counts, out=row_ptr[1:])
    trees = PathTrees(row_ptr, rows.tree_node, rows.tree_parent, core)
    return TravelMatrix(ids, mode, seconds, metres, estimated, reachable, graph, trees)


class _Rows(NamedTuple):
    """Matrix rows of some sources, and the tree entries along their paths (see PathTrees)."""

    seconds: NDArray[np.int64]
    metres: NDArray[np.int64]
    estimated: NDArray[np.bool_]
    ok: NDArray[np.bool_]
    tree_counts: NDArray[np.int64]  # entries per row
    tree_node: NDArray[np.integer[Any]]  # each row's nodes, sorted
    tree_parent: NDArray[np.integer[Any]]


def _scipy(
    graph: RoadGraph,
    mode: Mode,
    nodes: NDArray[np.int64],
    workers: int | None,
    progress: Progress | None,
) -> _Rows:
    core = graph.core(mode)  # built before any fork, so workers share it
    targets = core.core_of[nodes]
    n = len(nodes)
    if progress is not None:
        progress(N_("searching"), 0, n)
    # Site 0's tree comes first and bounds every other pair (undirected: d(i, j) <= d(i, 0) +
    # d(0, j)), so the later searches stop at that bound: a big saving when the sites cluster in
    # part of a large extract, harmless otherwise.
    first = _rows(core, targets, (0, 1), math.inf)
    from_first = np.where(first.ok[0], first.seconds[0] * METRE_SCALE + first.metres[0], math.inf)
    finite = from_first[np.isfinite(from_first)]
    farthest = float(finite.max()) if len(finite) else math.inf
    count = _worker_count(workers, core.size, n - 1)
    # Batches bound memory (distances and predecessors of every node per source) and, with
    # workers, give each a few batches to balance the load (and progress its steps).
    batch = max(1, _BATCH_BYTES // max(1, core.size * 12))
    if count > 1 or progress is not None:
        batch = min(batch, max(1, math.ceil((n - 1) / (8 * max(1, count)))))
    spans = [(lo, min(n, lo + batch)) for lo in range(1, n, batch)]
    rest = [(span, float(from_first[span[0] : span[1]].max()) + farthest + 1) for span in spans]
    count = min(count, len(rest))
    parts = [first]
    done = 1
    if progress is not None:
        progress(N_("searching"), done, n)
    if count > 1:
        import multiprocessing

        global _SHARED
        _SHARED = (core, targets)
        try:
            context = multiprocessing.get_context("fork")
            with context.Pool(count, initializer=_ignore_interrupts) as pool:
                for part in pool.imap(_rows_in_worker, rest, chunksize=1):
                    parts.append(part)
                    done += len(part.ok)
                    if progress is not None:
                        progress(N_("searching"), done, n)
        finally:
            _SHARED = None
    else:
        for span, limit in rest:
            parts.append(_rows(core, targets, span, limit))
            done += span[1] - span[0]
            if progress is not None:
                progress(N_("searching"), done, n)
    # Joined one field at a time, each batch's copy let go as soon as it is copied: the trees of
    # thousands of sites take gigabytes, and two whole copies of them need not exist at once.
    columns = [list(column) for column in zip(*parts, strict=True)]
    parts.clear()
    del first
    joined: list[NDArray[Any]] = []
    for column in columns:
        joined.append(np.concatenate(column))
        column.clear()
    return _Rows(*joined)


# Parallel workers are forked with the core graph in this global (copy-on-write, never pickled).
_SHARED: tuple[Core, NDArray[np.int64]] | None = None
# Below this many node-source pairs one process is faster than starting workers.
_PARALLEL_MIN_WORK = 10_000_000


def _worker_count(workers: int | None, node_count: int, sources: int) -> int:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if workers is None:
        if node_count * sources < _PARALLEL_MIN_WORK:
            return 1
        workers = min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1)
    return max(1, workers)


def _ignore_interrupts() -> None:
    # Ctrl-C reaches the whole process group: the parent stops the pool and says so in one
    # line; a worker that took it too would print a traceback of its own.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _rows_in_worker(job: tuple[tuple[int, int], float]) -> _Rows:
    assert _SHARED is not None
    core, targets = _SHARED
    return _rows(core, targets, job[0], job[1])


def _rows(
    core: Core,
    targets: NDArray[np.int64],
    span: tuple[int, int],
    limit: float,
) -> _Rows:
    """Matrix rows of ``span``: one Dijkstra tree per source on the core, in one scipy call."""
    from scipy.sparse.csgraph import dijkstra

    sources = targets[span[0] : span[1]]
    dist, pred = dijkstra(core.matrix, indices=sources, return_predecessors=True, limit=limit)
    packed = dist[:, targets]
    del dist
    ok = np.isfinite(packed)
    whole = np.where(ok, packed, 0).astype(np.int64)
    seconds = np.where(ok, whole // METRE_SCALE, UNREACHABLE)
    metres = np.where(ok, whole % METRE_SCALE, UNREACHABLE)
    estimated = np.zeros(ok.shape, dtype=bool)
    if core.any_estimated:
        estimated = _estimated_paths(core, pred, sources, targets, ok)
    keys, parent = _tree_entries(pred, sources, targets, ok, core.size)
    # Sorted here, in the worker: by row (batches come back in row order), then by node.
    order = np.argsort(keys)
    keys, parent = keys[order], parent[order]
    counts = np.bincount(keys // core.size, minlength=len(sources)).astype(np.int64)
    node = (keys % core.size).astype(np.int32)
    return _Rows(seconds, metres, estimated, ok, counts, node, parent)


def _tree_entries(
    pred: NDArray[np.int32],
    sources: NDArray[np.int64],
    targets: NDArray[np.int64],
    reachable: NDArray[np.bool_],
    node_count: int,
) -> tuple[NDArray[np.int64], NDArray[np.int32]]:
    """(row * node_count + node, parent) for every node on a tree path source -> target.

    Walks all pairs towards their sources one edge per step; a walk stops where it meets a node
    already kept for its row, so each node of a row's paths is kept once.
    """
    seen = np.zeros(pred.shape, dtype=bool)
    row, col = np.nonzero(reachable)
    cur = targets[col]
    keep = cur != sources[row]
    row, cur = row[keep], cur[keep]
    keys: list[NDArray[np.int64]] = []
    parents: list[NDArray[np.int32]] = []
    while len(row):
        key, first = np.unique(row * node_count + cur, return_index=True)
        row, cur = row[first], cur[first]
        fresh = ~seen[row, cur]
        row, cur, key = row[fresh], cur[fresh], key[fresh]
        seen[row, cur] = True
        parent = pred[row, cur]
        keys.append(key)
        parents.append(parent)
        keep = parent != sources[row]
        row, cur = row[keep], parent[keep]
    if not keys:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32)
    return np.concatenate(keys), np.concatenate(parents)


def _estimated_paths(
    core: Core,
    pred: NDArray[np.int32],
    sources: NDArray[np.int64],
    targets: NDArray[np.int64],
    reachable: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """Whether each tree path source -> target uses an estimated edge.

    Walks all pairs towards their sources one edge per step, dropping a pair as soon as it meets
    an estimated edge (OSM graphs: usually the first step, the site's access edge) or its source.
    """
    k, n = len(sources), len(targets)
    result = np.zeros((k, n), dtype=bool)
    row, col = np.nonzero(reachable)
    cur = targets[col]
    keep = cur != sources[row]
    row, col, cur = row[keep], col[keep], cur[keep]
    while len(row):
        parent = pred[row, cur].astype(np.int64)
        hit = core.entry_estimated[core.entries(parent, cur)]
        result[row[hit], col[hit]] = True
        keep = ~hit & (parent != sources[row])
        row, col, cur = row[keep], col[keep], parent[keep]
    return result


def _networkx(graph: RoadGraph, mode: Mode, nodes: NDArray[np.int64]) -> _Rows:
    import networkx as nx

    nxg = graph.nx
    key = mode.value

    def weight(_u: int, _v: int, edges: dict[int, dict[str, Any]]) -> int | None:
        best: int | None = None
        for attrs in edges.values():
            secs = attrs[key]
            if secs is not None:
                packed = secs * METRE_SCALE + attrs["length_m"]
                best = packed if best is None or packed < best else best
        return best

    def estimated_edge(u: int, v: int) -> bool:
        best = min(
            (attrs[key] * METRE_SCALE + attrs["length_m"], attrs["estimated"])
            for attrs in nxg[u][v].values()
            if attrs[key] is not None
        )
        return bool(best[1])

    n = len(nodes)
    seconds = np.full((n, n), UNREACHABLE, dtype=np.int64)
    metres = np.full((n, n), UNREACHABLE, dtype=np.int64)
    estimated = np.zeros((n, n), dtype=bool)
    reachable = np.zeros((n, n), dtype=bool)
    tree: dict[int, int] = {}
    for i, source in enumerate(nodes.tolist()):
        dist, paths = nx.single_source_dijkstra(nxg, source, weight=weight)
        for j, target in enumerate(nodes.tolist()):
            if target in dist:
                packed = int(dist[target])
                seconds[i, j], metres[i, j] = divmod(packed, METRE_SCALE)
                reachable[i, j] = True
                path = paths[target]
                estimated[i, j] = any(estimated_edge(a, b) for a, b in pairwise(path))
                for before, node in pairwise(path):
                    tree[i * graph.node_count + node] = before
    keys = np.fromiter(tree.keys(), dtype=np.int64, count=len(tree))
    parents = np.fromiter(tree.values(), dtype=np.int64, count=len(tree))
    order = np.argsort(keys)
    keys, parents = keys[order], parents[order]
    counts = np.bincount(keys // graph.node_count, minlength=n).astype(np.int64)
    return _Rows(seconds, metres, estimated, reachable, counts, keys % graph.node_count, parents)
