"""The site x site matrix: engines agree, conventions hold, batching changes nothing."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from teatrip import matrix as matrix_module
from teatrip.catalog import load_catalog
from teatrip.errors import NoRouteError, SiteNotFoundError
from teatrip.matrix import UNREACHABLE, TravelMatrix, travel_matrix
from teatrip.models import Catalog, Mode, RoadClass
from teatrip.network import CLASSES, RoadGraph, resolve_speeds
from teatrip.roads import build_graph, shortest_route

DATA = Path(__file__).parent / "data" / "roads"


def synthetic_graph(side: int, seed: int) -> RoadGraph:
    """A perturbed grid with random edge lengths, some estimated edges and sites on nodes."""
    rng = np.random.default_rng(seed)
    n = side * side
    grid = np.arange(n).reshape(side, side)
    u = np.concatenate([grid[:, :-1].ravel(), grid[:-1, :].ravel()])
    v = np.concatenate([grid[:, 1:].ravel(), grid[1:, :].ravel()])
    keep = rng.random(len(u)) < 0.75
    u, v = u[keep], v[keep]
    rows, cols = np.divmod(np.arange(n), side)
    classes = rng.choice(
        [CLASSES.index(c) for c in (RoadClass.NATIONAL, RoadClass.LOCAL, RoadClass.EXPRESSWAY)],
        size=len(u),
        p=[0.3, 0.6, 0.1],
    )
    sites = {f"s{i}": int(node) for i, node in enumerate(rng.choice(n, 12, replace=False))}
    return RoadGraph(
        lat=21.0 + rows * 0.01,
        lon=105.0 + cols * 0.01,
        u=u,
        v=v,
        length_m=rng.integers(0, 3000, len(u)),
        road_class=classes.astype(np.int8),
        road=np.zeros(len(u), dtype=np.int64),
        road_names=["r"],
        estimated=rng.random(len(u)) < 0.05,
        site_nodes=sites,
        site_uncertainty_m={name: 50 for name in sites},
        speeds=resolve_speeds(None),
    )


@pytest.mark.parametrize("mode", list(Mode))
def test_scipy_and_networkx_engines_agree_on_the_test_region(mode: Mode, region: Catalog) -> None:
    graph = build_graph(region)
    fast = travel_matrix(graph, mode)
    reference = travel_matrix(graph, mode, engine="networkx")
    assert np.array_equal(fast.duration_s, reference.duration_s)
    assert np.array_equal(fast.distance_m, reference.distance_m)
    assert np.array_equal(fast.estimated, reference.estimated)
    assert fast.duration_s.dtype == np.int64 and fast.distance_m.dtype == np.int64


@pytest.mark.parametrize("mode", [Mode.CAR, Mode.WALK])
def test_engines_agree_on_a_synthetic_graph_with_parallel_classes(mode: Mode) -> None:
    graph = synthetic_graph(30, seed=3)
    fast = travel_matrix(graph, mode)
    reference = travel_matrix(graph, mode, engine="networkx")
    assert np.array_equal(fast.duration_s, reference.duration_s)
    assert np.array_equal(fast.distance_m, reference.distance_m)
    assert np.array_equal(fast.reachable, reference.reachable)
    assert np.array_equal(fast.estimated, reference.estimated)
    # And the plain networkx distances (time only) agree with the matrix's time.
    seconds = graph.seconds(mode)
    plain = nx.Graph()
    for e in range(graph.edge_count):
        if seconds[e] >= 0 and graph.u[e] != graph.v[e]:
            a, b = int(graph.u[e]), int(graph.v[e])
            w = int(seconds[e])
            if not plain.has_edge(a, b) or plain[a][b]["w"] > w:
                plain.add_edge(a, b, w=w)
    source = graph.node_of(fast.ids[0])
    lengths = nx.single_source_dijkstra_path_length(plain, source, weight="w")
    for j, site in enumerate(fast.ids[1:], start=1):
        node = graph.node_of(site)
        if node in lengths:
            assert fast.duration_s[0, j] >= lengths[node]
            if fast.distance_m[0, j] != 300:  # not raised to the minimum leg (exact points)
                assert fast.duration_s[0, j] == lengths[node]
        else:
            assert not fast.reachable[0, j]


def test_batches_do_not_change_the_result(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = synthetic_graph(25, seed=5)
    whole = travel_matrix(graph, Mode.MOTORBIKE)
    monkeypatch.setattr(matrix_module, "_BATCH_BYTES", 1)  # one source per batch
    batched = travel_matrix(graph, Mode.MOTORBIKE)
    assert np.array_equal(whole.duration_s, batched.duration_s)
    assert np.array_equal(whole.estimated, batched.estimated)


def test_conventions_diagonal_symmetry_and_unreachable() -> None:
    graph = synthetic_graph(20, seed=11)
    result = travel_matrix(graph, Mode.BICYCLE)
    n = len(result.ids)
    assert result.duration_s.shape == (n, n) == result.estimated.shape
    assert (np.diag(result.duration_s) == 0).all() and (np.diag(result.distance_m) == 0).all()
    assert np.array_equal(result.duration_s, result.duration_s.T)  # roads are two-way
    off = ~np.eye(n, dtype=bool)
    assert (result.duration_s[off & result.reachable] > 0).all()
    assert (result.duration_s[~result.reachable] == UNREACHABLE).all()
    assert (result.distance_m[~result.reachable] == UNREACHABLE).all()
    assert not result.estimated[~result.reachable].any()


def test_subset_order_and_lookup() -> None:
    graph = build_graph(load_catalog(DATA / "valley.yaml"))
    full = travel_matrix(graph, Mode.CAR)
    part = travel_matrix(graph, Mode.CAR, sites=["temple", "town"])
    assert part.ids == ("temple", "town")
    assert part.duration("temple", "town") == full.duration("temple", "town")
    assert part.distance("town", "temple") == full.distance("town", "temple")
    with pytest.raises(SiteNotFoundError):
        part.position("tea-hill")
    with pytest.raises(SiteNotFoundError):
        travel_matrix(graph, Mode.CAR, sites=["atlantis"])
    empty = travel_matrix(graph, Mode.CAR, sites=[])
    assert empty.duration_s.shape == (0, 0)


def test_matrix_matches_routes_and_to_dict_uses_null_for_unreachable() -> None:
    graph = build_graph(load_catalog(DATA / "valley.yaml"))
    result = travel_matrix(graph, Mode.WALK)
    for i, a in enumerate(result.ids):
        for j, b in enumerate(result.ids):
            if a != b:
                route = shortest_route(graph, a, b, Mode.WALK)
                assert (route.duration_s, route.distance_m) == (
                    result.duration_s[i, j],
                    result.distance_m[i, j],
                )
    data = result.to_dict()
    assert data["ids"] == list(result.ids) and data["mode"] == "walk"
    sparse = synthetic_graph(12, seed=2)
    moto = travel_matrix(sparse, Mode.MOTORBIKE).to_dict()
    flat = [cell for row in moto["duration_s"] for cell in row]
    assert all(cell is None or cell >= 0 for cell in flat)


def test_forked_workers_give_the_same_matrix(monkeypatch: pytest.MonkeyPatch) -> None:
    graph = synthetic_graph(25, seed=8)
    single = travel_matrix(graph, Mode.CAR, workers=1)
    monkeypatch.setattr(matrix_module, "_BATCH_BYTES", 2000)  # several batches to share out
    parallel = travel_matrix(graph, Mode.CAR, workers=2)
    assert np.array_equal(single.duration_s, parallel.duration_s)
    assert np.array_equal(single.distance_m, parallel.distance_m)
    assert np.array_equal(single.estimated, parallel.estimated)
    assert matrix_module._worker_count(None, 1_000, 10) == 1  # small work stays in-process


def assert_routes_match(
    result: TravelMatrix, graph: RoadGraph, pairs: list[tuple[str, str]]
) -> int:
    """Every pair's matrix route equals a fresh search's; returns how many pairs were travelled."""
    travelled = 0
    for a, b in pairs:
        try:
            expected = shortest_route(graph, a, b, result.mode)
        except NoRouteError:
            with pytest.raises(NoRouteError):
                result.route(a, b)
            continue
        assert result.route(a, b) == expected
        assert (expected.duration_s, expected.distance_m) == (
            result.duration(a, b),
            result.distance(a, b),
        )
        travelled += 1
    return travelled


@pytest.mark.parametrize("mode", list(Mode))
@pytest.mark.parametrize("catalog", ["valley.yaml", "noroads.yaml", None])
def test_matrix_routes_equal_shortest_route_on_every_pair(mode: Mode, catalog: str | None) -> None:
    graph = build_graph(load_catalog(DATA / catalog if catalog else None))
    result = travel_matrix(graph, mode)
    pairs = [(a, b) for a in result.ids for b in result.ids]
    assert assert_routes_match(result, graph, pairs) > len(result.ids)


@pytest.mark.parametrize("mode", [Mode.CAR, Mode.MOTORBIKE])
def test_matrix_routes_of_the_networkx_engine_equal_shortest_route(mode: Mode) -> None:
    graph = build_graph(load_catalog(None))
    result = travel_matrix(graph, mode, engine="networkx")
    ids = result.ids
    pairs = [(ids[i], ids[(i * 7 + 3) % len(ids)]) for i in range(len(ids))]
    assert assert_routes_match(result, graph, pairs) > 0


def test_matrix_routes_survive_batches_workers_and_subsets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    graph = build_graph(load_catalog(DATA / "valley.yaml"))
    monkeypatch.setattr(matrix_module, "_BATCH_BYTES", 1)  # one source per batch, bounded
    batched = travel_matrix(graph, Mode.CAR, workers=2)
    assert_routes_match(batched, graph, [(a, b) for a in batched.ids for b in batched.ids])
    part = travel_matrix(graph, Mode.CAR, sites=["temple", "town"])
    assert part.route("temple", "town") == shortest_route(graph, "temple", "town", Mode.CAR)
    with pytest.raises(SiteNotFoundError):
        part.route("temple", "tea-hill")


def test_matrix_keeps_only_the_trees_along_its_paths() -> None:
    graph = synthetic_graph(30, seed=3)
    result = travel_matrix(graph, Mode.CAR)
    rows = len(result.ids)
    trees = result.trees
    assert len(trees.node) < rows * graph.node_count // 4
    for row in range(rows):  # sorted, one entry per (row, node)
        assert np.all(np.diff(trees.node[trees.row_ptr[row] : trees.row_ptr[row + 1]]) > 0)
    reachable = [(a, b) for a in result.ids for b in result.ids if a != b]
    for a, b in reachable[:20]:
        if result.reachable[result.position(a), result.position(b)]:
            route = result.route(a, b)
            assert (route.duration_s, route.distance_m) == (
                result.duration(a, b),
                result.distance(a, b),
            )
        else:
            with pytest.raises(NoRouteError):
                result.route(a, b)


def test_path_trees_refuse_a_node_off_their_paths() -> None:
    graph = build_graph(load_catalog(DATA / "valley.yaml"))
    part = travel_matrix(graph, Mode.CAR, sites=["temple", "town"])
    off_path = graph.node_of("tea-hill")
    with pytest.raises(ValueError, match="on no kept path"):
        part.trees.path(0, graph.node_of("temple"), off_path)
