"""Benchmark: the site x site travel matrix at country scale, new search against the previous one.

Two methods, both ``teatrip.matrix.travel_matrix(graph, Mode.CAR)`` as the planner calls it
(compiled ``scipy.sparse.csgraph.dijkstra`` per source, batches shared out to forked workers,
the path trees, estimated flags and the minimum-leg rule included):

* ``new``: the searches run on the mode's contracted core (``teatrip.contraction``: dead ends
  cut off, chains of degree-2 nodes merged);
* ``old``: the same code with the core replaced by the whole graph (every node kept), which is the
  search as it was before the core existed.

Each case runs in its own subprocess, which reports its wall time and its peak resident memory
(``VmHWM`` from /proc/self/status) and that of its largest forked worker, and saves the matrix; when
both methods ran on a graph, the parent checks that they agree on every pair (seconds, metres,
reachable, estimated) and on the totals of sampled routes, and prints the time ratio.

Graphs (``--graph``):

* ``grid``: a sqrt(n) x sqrt(n) grid with jittered coordinates ~1 km apart, each grid edge kept
  with probability 0.72 (average degree about 2.9, planar, like rural roads), lengths = haversine
  x a random winding 1.0-1.6, classes 10 % expressway / 20 % national / 30 % provincial / 40 %
  local. Few degree-2 nodes: the worst case for contraction.
* ``shaped``: the same kind of grid over about n / 11 junctions whose roads carry 0-14 shape nodes
  each (7 on average, as OSM ways do between junctions), one class and winding per road.

Sites are extra leaf nodes joined by estimated 300 m access edges to random nodes of the largest
component (as ``--roads`` graphs attach them), spread over the whole graph.

    python bench/matrix.py                      # the cases of MATRIX_RESULTS.md
    python bench/matrix.py --quick              # 100k-node graphs only
    python bench/matrix.py --case 1000000 1000 shaped new   # one case, prints JSON
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

#: (nodes, sites, graph, methods) run by default, smallest first.
CASES: tuple[tuple[int, int, str, tuple[str, ...]], ...] = (
    (1_000_000, 200, "grid", ("new", "old")),
    (1_000_000, 1000, "grid", ("new", "old")),
    (1_000_000, 200, "shaped", ("new", "old")),
    (1_000_000, 1000, "shaped", ("new", "old")),
    (5_000_000, 5000, "shaped", ("new",)),
)
QUICK: tuple[tuple[int, int, str, tuple[str, ...]], ...] = (
    (100_000, 200, "grid", ("new", "old")),
    (100_000, 200, "shaped", ("new", "old")),
)
ROUTE_SAMPLES = 20


def peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(nodes: int, sites: int, graph: str = "grid", seed: int = 0) -> Any:
    """A road-like RoadGraph with ``sites`` site leaves (see the module docstring)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from teatrip.geo import haversine_m
    from teatrip.models import RoadClass
    from teatrip.network import CLASSES, RoadGraph, resolve_speeds

    rng = np.random.default_rng(seed)
    shaped = graph == "shaped"
    # A shaped graph's roads carry 7 shape nodes on average; about 1.44 roads per junction.
    side = math.isqrt(round(nodes / (1 + 1.44 * 7))) if shaped else math.isqrt(nodes)
    n = side * side
    grid = np.arange(n).reshape(side, side)
    u = np.concatenate([grid[:, :-1].ravel(), grid[:-1, :].ravel()])
    v = np.concatenate([grid[:, 1:].ravel(), grid[1:, :].ravel()])
    keep = rng.random(len(u)) < 0.72
    u, v = u[keep], v[keep]
    rows, cols = np.divmod(np.arange(n), side)
    lat = 21.0 + (rows + rng.uniform(-0.3, 0.3, n)) * 0.009
    lon = 105.0 + (cols + rng.uniform(-0.3, 0.3, n)) * 0.0096
    kinds = [RoadClass.EXPRESSWAY, RoadClass.NATIONAL, RoadClass.PROVINCIAL, RoadClass.LOCAL]
    road_class = rng.choice([CLASSES.index(k) for k in kinds], len(u), p=[0.1, 0.2, 0.3, 0.4])
    winding = rng.uniform(1.0, 1.6, len(u))
    if shaped:
        # Each road u -> v becomes u, k shape nodes along the line (jittered), v.
        inner = rng.integers(0, 15, len(u))
        road_of = np.repeat(np.arange(len(u)), inner)
        step = np.arange(len(road_of)) - np.repeat(np.cumsum(inner) - inner, inner) + 1
        t = step / (inner[road_of] + 1)
        shape_lat = lat[u[road_of]] + t * (lat[v[road_of]] - lat[u[road_of]])
        shape_lon = lon[u[road_of]] + t * (lon[v[road_of]] - lon[u[road_of]])
        shape_lat += rng.uniform(-0.0004, 0.0004, len(road_of))
        shape_lon += rng.uniform(-0.0004, 0.0004, len(road_of))
        shape_id = n + np.arange(len(road_of))
        points = inner + 2  # u, the shape nodes, v
        ends = np.cumsum(points)
        chain = np.empty(int(points.sum()), dtype=np.int64)
        chain[ends - points] = u
        chain[ends - 1] = v
        is_inner = np.ones(len(chain), dtype=bool)
        is_inner[ends - points] = False
        is_inner[ends - 1] = False
        chain[is_inner] = shape_id
        last = np.zeros(len(chain), dtype=bool)
        last[ends - 1] = True
        seg_road = np.repeat(np.arange(len(u)), points)[~last]
        u, v = chain[:-1][~last[:-1]], chain[1:][~last[:-1]]
        lat, lon = np.concatenate([lat, shape_lat]), np.concatenate([lon, shape_lon])
        n = len(lat)
        road_class, winding = road_class[seg_road], winding[seg_road]
    length = np.rint(haversine_m(lat[u], lon[u], lat[v], lon[v]) * winding).astype(np.int64)
    adjacency = coo_matrix((np.ones(len(u)), (u, v)), shape=(n, n))
    _, label = connected_components(adjacency, directed=False)
    giant = np.nonzero(label == np.bincount(label).argmax())[0]
    anchors = rng.choice(giant, sites, replace=False)
    site_nodes = np.arange(n, n + sites)
    access = np.full(sites, 300, dtype=np.int64)
    names = [f"s{i}" for i in range(sites)]
    return RoadGraph(
        lat=np.concatenate([lat, lat[anchors] + 0.001]),
        lon=np.concatenate([lon, lon[anchors]]),
        u=np.concatenate([u, site_nodes]),
        v=np.concatenate([v, anchors]),
        length_m=np.concatenate([length, access]),
        road_class=np.concatenate(
            [road_class, np.full(sites, CLASSES.index(RoadClass.ACCESS))]
        ).astype(np.int8),
        road=np.zeros(len(u) + sites, dtype=np.int64),
        road_names=["synthetic road"],
        estimated=np.concatenate([np.zeros(len(u), bool), np.ones(sites, bool)]),
        site_nodes=dict(zip(names, site_nodes.tolist(), strict=True)),
        site_uncertainty_m=dict.fromkeys(names, 50),
        speeds=resolve_speeds(None),
    )


def cpu_s() -> float:
    """CPU seconds of this process and its finished workers: unlike wall time, not stretched
    when other work shares the cores."""
    import resource

    own = resource.getrusage(resource.RUSAGE_SELF)
    workers = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def whole_graph_core(graph: Any, mode: Any) -> Any:
    """The "core" that keeps every node: searching it is the search before contraction."""
    from teatrip.contraction import build_core

    index = graph.index(mode)
    every = np.arange(graph.node_count, dtype=np.int64)
    return build_core(index.matrix, index.edge, index.entry_estimated, every)


def run_case(
    nodes: int, sites: int, graph_kind: str, method: str, save: Path | None
) -> dict[str, Any]:
    import resource

    from teatrip.matrix import travel_matrix
    from teatrip.models import Mode

    started = time.perf_counter()
    graph = synthetic(nodes, sites, graph_kind)
    build_s = time.perf_counter() - started
    if method == "old":
        old = whole_graph_core(graph, Mode.CAR)
        graph.core = lambda mode: old  # the search on every node, as before the core existed
    started, cpu = time.perf_counter(), cpu_s()
    matrix = travel_matrix(graph, Mode.CAR)
    matrix_s, matrix_cpu_s = time.perf_counter() - started, cpu_s() - cpu
    core = graph.core(Mode.CAR)
    rng = np.random.default_rng(1)
    pairs = rng.integers(0, sites, (ROUTE_SAMPLES, 2))
    routes = []
    for i, j in pairs.tolist():
        a, b = matrix.ids[i], matrix.ids[j]
        if matrix.reachable[i, j]:
            route = matrix.route(a, b)
            routes.append([route.duration_s, route.distance_m, int(route.estimated)])
        else:
            routes.append([-1, -1, 0])
    if save is not None:
        np.savez(
            save,
            duration_s=matrix.duration_s,
            distance_m=matrix.distance_m,
            estimated=matrix.estimated,
            reachable=matrix.reachable,
            routes=np.array(routes, dtype=np.int64),
        )
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    return {
        "graph": graph_kind,
        "nodes": graph.node_count,
        "edges": graph.edge_count,
        "core_nodes": core.size,
        "sites": sites,
        "method": method,
        "graph_build_s": round(build_s, 2),
        "matrix_s": round(matrix_s, 2),
        "matrix_cpu_s": round(matrix_cpu_s, 2),
        "reachable_pairs": int(matrix.reachable.sum()),
        "tree_entries": len(matrix.trees.node),
        "peak_rss_mib": round(peak_rss_mib(), 1),
        "worker_peak_rss_mib": round(children, 1),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }


def agree(new: Path, old: Path) -> str:
    """Whether two saved matrices agree on every pair and on the sampled routes."""
    a, b = np.load(new), np.load(old)
    for name in ("duration_s", "distance_m", "reachable", "estimated", "routes"):
        if not np.array_equal(a[name], b[name]):
            differ = int((a[name] != b[name]).sum())
            return f"DIFFER in {name} ({differ} cells)"
    pairs = a["reachable"].size
    return f"agree on all {pairs:,} pairs and {ROUTE_SAMPLES} routes"


def machine() -> dict[str, str]:
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import scipy

    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "memory_gib": str(round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30)),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
    }


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| graph | nodes | core nodes | sites | method | matrix wall s | CPU s | new/old (wall)"
        " | peak RSS MiB | worker MiB | load (1 min) | check |",
        "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(
                f"| {r['graph']} | {r['nodes_asked']:,} | | {r['sites']} | {r['method']} |"
                f" | | | | | | {r['error']} |"
            )
            continue
        lines.append(
            f"| {r['graph']} | {r['nodes']:,} | {r['core_nodes']:,} | {r['sites']} |"
            f" {r['method']} | {r['matrix_s']:.2f} | {r['matrix_cpu_s']:.1f} |"
            f" {r.get('ratio', '')} |"
            f" {r['peak_rss_mib']:.0f} | {r['worker_peak_rss_mib'] or '-'} |"
            f" {r['loadavg'][0]} | {r.get('check', '')} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--case", nargs=4, metavar=("NODES", "SITES", "GRAPH", "METHOD"))
    parser.add_argument("--save", type=Path, help="with --case: save the matrix here (.npz)")
    parser.add_argument("--quick", action="store_true", help="100k-node graphs only")
    parser.add_argument("--json", type=Path, help="also write the raw rows to this file")
    args = parser.parse_args()
    if args.case:
        nodes, sites, kind, method = (
            int(args.case[0]),
            int(args.case[1]),
            args.case[2],
            args.case[3],
        )
        print(json.dumps(run_case(nodes, sites, kind, method, args.save)))
        return
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for nodes, sites, kind, methods in QUICK if args.quick else CASES:
            saved: dict[str, Path] = {}
            done: dict[str, dict[str, Any]] = {}
            for method in methods:
                save = Path(folder) / f"{nodes}-{sites}-{kind}-{method}.npz"
                command = [sys.executable, __file__, "--case", str(nodes), str(sites), kind]
                command += [method, "--save", str(save)]
                run = subprocess.run(command, capture_output=True, text=True, check=False)
                if run.returncode == 0:
                    row = json.loads(run.stdout.strip().splitlines()[-1])
                    saved[method], done[method] = save, row
                else:
                    last = (run.stderr.strip().splitlines() or ["failed"])[-1][:80]
                    row = {"nodes_asked": nodes, "sites": sites, "graph": kind}
                    row |= {"method": method, "error": last}
                rows.append(row)
                print(json.dumps(row), flush=True)
            if "new" in done and "old" in done:
                done["new"]["ratio"] = f"{done['new']['matrix_s'] / done['old']['matrix_s']:.2f}"
                done["new"]["check"] = agree(saved["new"], saved["old"])
                print(json.dumps({"ratio": done["new"]["ratio"], "check": done["new"]["check"]}))
            for path in saved.values():
                path.unlink()
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2) + "\n")
    print(json.dumps(machine()))
    print(table(rows))


if __name__ == "__main__":
    main()
