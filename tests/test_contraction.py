"""The contracted core the searches run on: same totals as the whole graph, paths that expand back."""

from __future__ import annotations

from itertools import pairwise

import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

from teatrip.contraction import build_core
from teatrip.matrix import travel_matrix
from teatrip.models import Mode, RoadClass
from teatrip.network import CLASSES, METRE_SCALE, RoadGraph, resolve_speeds
from teatrip.roads import shortest_route


def shaped_graph(side: int, seed: int) -> RoadGraph:
    """A perturbed grid whose roads carry 0-6 shape nodes each (like OSM ways), with dead-end
    spurs, parallel edges, expressways (closed to two-wheelers), estimated edges and sites on
    junctions, shape nodes and spur ends."""
    rng = np.random.default_rng(seed)
    n = side * side
    grid = np.arange(n).reshape(side, side)
    gu = np.concatenate([grid[:, :-1].ravel(), grid[:-1, :].ravel()])
    gv = np.concatenate([grid[:, 1:].ravel(), grid[1:, :].ravel()])
    keep = rng.random(len(gu)) < 0.8
    gu, gv = gu[keep], gv[keep]
    rows, cols = np.divmod(np.arange(n), side)
    lat = list(21.0 + rows * 0.01)
    lon = list(105.0 + cols * 0.01)
    u: list[int] = []
    v: list[int] = []
    road_class: list[int] = []
    shape_nodes: list[int] = []
    kinds = [CLASSES.index(c) for c in (RoadClass.NATIONAL, RoadClass.LOCAL, RoadClass.EXPRESSWAY)]
    for a, b in zip(gu.tolist(), gv.tolist(), strict=True):
        code = int(rng.choice(kinds, p=[0.3, 0.6, 0.1]))
        inner = int(rng.integers(0, 7))
        chain = [a]
        for step in range(inner):
            t = (step + 1) / (inner + 1)
            lat.append(lat[a] + t * (lat[b] - lat[a]))
            lon.append(lon[a] + t * (lon[b] - lon[a]))
            chain.append(len(lat) - 1)
            shape_nodes.append(len(lat) - 1)
        chain.append(b)
        for x, y in pairwise(chain):
            u.append(x)
            v.append(y)
            road_class.append(code if rng.random() > 0.05 else kinds[1])  # mixed along a way
        if rng.random() < 0.1:  # a parallel road between the same junctions
            u.append(a)
            v.append(b)
            road_class.append(kinds[1])
    spur_ends: list[int] = []
    for base in rng.choice(n, n // 4, replace=False).tolist():  # dead-end lanes
        previous = base
        for _ in range(int(rng.integers(1, 5))):
            lat.append(lat[previous] + 0.001)
            lon.append(lon[previous])
            u.append(previous)
            v.append(len(lat) - 1)
            road_class.append(kinds[1])
            previous = len(lat) - 1
        spur_ends.append(previous)
    places = (
        rng.choice(n, 6, replace=False).tolist()
        + rng.choice(shape_nodes, 4, replace=False).tolist()
        + rng.choice(spur_ends, 2, replace=False).tolist()
    )
    sites = {f"s{i}": int(node) for i, node in enumerate(places)}
    edges = len(u)
    return RoadGraph(
        lat=np.array(lat),
        lon=np.array(lon),
        u=np.array(u),
        v=np.array(v),
        length_m=rng.integers(0, 3000, edges),
        road_class=np.array(road_class, dtype=np.int8),
        road=np.zeros(edges, dtype=np.int64),
        road_names=["r"],
        estimated=rng.random(edges) < 0.05,
        site_nodes=sites,
        site_uncertainty_m={name: 50 for name in sites},
        speeds=resolve_speeds(None),
    )


@pytest.mark.parametrize("mode", [Mode.CAR, Mode.MOTORBIKE, Mode.WALK])
@pytest.mark.parametrize("seed", [1, 2])
def test_core_is_smaller_and_gives_the_whole_graphs_totals(mode: Mode, seed: int) -> None:
    graph = shaped_graph(12, seed)
    core = graph.core(mode)
    assert core.size < graph.node_count / 3
    nodes = np.array([graph.node_of(s) for s in graph.site_ids])
    whole = dijkstra(graph.index(mode).matrix, indices=nodes)[:, nodes]
    small = dijkstra(core.matrix, indices=core.core_of[nodes])[:, core.core_of[nodes]]
    assert np.array_equal(whole, small)  # packed time and distance, exactly, every pair
    assert (core.matrix != core.matrix.T).nnz == 0  # parallel chains chosen the same both ways


@pytest.mark.parametrize("mode", [Mode.CAR, Mode.BICYCLE])
def test_every_core_entry_expands_to_a_chain_of_its_weight(mode: Mode) -> None:
    graph = shaped_graph(10, 3)
    core, index = graph.core(mode), graph.index(mode)
    coo = core.matrix.tocoo()
    full = index.matrix.tocsr()
    for row, col, weight in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist(), strict=True):
        path = core.expand([row, col])
        assert path[0] == core.nodes[row] and path[-1] == core.nodes[col]
        assert (core.core_of[path[1:-1]] == -1).all()  # inner nodes are off the core
        assert sum(full[a, b] for a, b in pairwise(path)) == weight


def test_matrix_on_the_core_agrees_with_networkx_and_routes_on_every_pair() -> None:
    graph = shaped_graph(9, 4)
    for mode in (Mode.CAR, Mode.MOTORBIKE):
        fast = travel_matrix(graph, mode)
        reference = travel_matrix(graph, mode, engine="networkx")
        assert np.array_equal(fast.duration_s, reference.duration_s)
        assert np.array_equal(fast.distance_m, reference.distance_m)
        assert np.array_equal(fast.reachable, reference.reachable)
        assert np.array_equal(fast.estimated, reference.estimated)
        for a in fast.ids:
            for b in fast.ids:
                if fast.reachable[fast.position(a), fast.position(b)]:
                    route = fast.route(a, b)
                    assert route == shortest_route(graph, a, b, mode)
                    assert (route.duration_s, route.distance_m) == (
                        reference.duration(a, b),
                        reference.distance(a, b),
                    )


def test_a_chain_with_a_dead_end_contracts_to_its_two_sites() -> None:
    # 0 - 1 - 2 - 3 - 4 with a spur 2 - 5 - 6: sites on 0 and 4.
    u = np.array([0, 1, 2, 3, 2, 5])
    v = np.array([1, 2, 3, 4, 5, 6])
    graph = RoadGraph(
        lat=np.linspace(21.0, 21.1, 7),
        lon=np.full(7, 105.0),
        u=u,
        v=v,
        length_m=np.full(6, 1000),
        road_class=np.full(6, CLASSES.index(RoadClass.LOCAL), dtype=np.int8),
        road=np.zeros(6, dtype=np.int64),
        road_names=["r"],
        estimated=np.array([False, False, False, True, False, False]),
        site_nodes={"a": 0, "b": 4},
        site_uncertainty_m={"a": 50, "b": 50},
        speeds=resolve_speeds(None),
    )
    core = graph.core(Mode.CAR)
    assert core.nodes.tolist() == [0, 4]
    assert core.expand([0, 1]) == [0, 1, 2, 3, 4] and core.expand([1, 0]) == [4, 3, 2, 1, 0]
    assert core.entry_estimated.tolist() == [True, True]
    seconds = 4 * 120  # 1 km at 30 km/h, four times
    assert core.matrix[0, 1] == seconds * METRE_SCALE + 4000
    # Every node a site: nothing is contracted (the core is the whole graph).
    index = graph.index(Mode.CAR)
    same = build_core(index.matrix, index.edge, index.entry_estimated, np.arange(7))
    assert same.size == 7 and (same.matrix != index.matrix).nnz == 0
