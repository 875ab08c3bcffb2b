"""Benchmark: the site x site travel matrix on synthetic road-like graphs of OSM size.

For 50, 200 and 1000 sites on graphs of 10k, 100k and 1M nodes it times

* ``scipy``: ``teatrip.matrix.travel_matrix`` itself (what the planner runs): per-mode CSR
  matrix, ``scipy.sparse.csgraph.dijkstra(indices=...)`` in batches of sources, the estimated
  flags and the minimum-leg rule included;
* ``networkx``: the plain path, ``nx.single_source_dijkstra_path_length`` per source on an
  ``nx.Graph`` with integer weights (graph construction not timed, its memory counted). Where
  that would take too long, it runs sources for about ``--nx-budget`` seconds and extrapolates
  linearly to all sources; the table marks those rows.

Each case runs in its own subprocess, which reports its wall time and its peak resident memory
(``VmHWM`` from /proc/self/status: covers C allocations, unlike tracemalloc).

The graphs: a ``side x side`` grid (side = sqrt(nodes)) with jittered coordinates ~1 km apart,
each grid edge kept with probability 0.72 (average degree about 2.9, planar, like rural roads),
lengths = haversine x a random winding 1.0-1.6, a mix of road classes (10 % expressway), and the
sites attached as leaves by estimated access edges to random nodes of the largest component,
as ``--roads`` graphs attach them.

    python bench/matrix.py                 # every case; prints the table of MATRIX_RESULTS.md
    python bench/matrix.py --quick         # 10k and 100k only
    python bench/matrix.py --case 1000000 200 scipy   # one case, prints JSON
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

NODES = (10_000, 100_000, 1_000_000)
SITES = (50, 200, 1000)
ENGINES = ("scipy", "networkx")


def peak_rss_mib() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def synthetic(nodes: int, sites: int, seed: int = 0) -> Any:
    """A road-like RoadGraph with ``sites`` site leaves (see the module docstring)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    from teatrip.models import RoadClass
    from teatrip.roads import CLASSES, RoadGraph, resolve_speeds

    rng = np.random.default_rng(seed)
    side = math.isqrt(nodes)
    n = side * side
    grid = np.arange(n).reshape(side, side)
    u = np.concatenate([grid[:, :-1].ravel(), grid[:-1, :].ravel()])
    v = np.concatenate([grid[:, 1:].ravel(), grid[1:, :].ravel()])
    keep = rng.random(len(u)) < 0.72
    u, v = u[keep], v[keep]
    rows, cols = np.divmod(np.arange(n), side)
    lat = 21.0 + (rows + rng.uniform(-0.3, 0.3, n)) * 0.009
    lon = 105.0 + (cols + rng.uniform(-0.3, 0.3, n)) * 0.0096
    p1, p2 = np.radians(lat[u]), np.radians(lat[v])
    h = (
        np.sin((p2 - p1) / 2) ** 2
        + np.cos(p1) * np.cos(p2) * np.sin(np.radians(lon[v] - lon[u]) / 2) ** 2
    )
    straight = 2 * 6_371_008.8 * np.arcsin(np.sqrt(h))
    length = np.rint(straight * rng.uniform(1.0, 1.6, len(u))).astype(np.int64)
    kinds = [RoadClass.EXPRESSWAY, RoadClass.NATIONAL, RoadClass.PROVINCIAL, RoadClass.LOCAL]
    road_class = rng.choice([CLASSES.index(k) for k in kinds], len(u), p=[0.1, 0.2, 0.3, 0.4])
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


def run_case(nodes: int, sites: int, engine: str, nx_budget: float) -> dict[str, Any]:
    from teatrip.matrix import travel_matrix
    from teatrip.models import Mode

    started = time.perf_counter()
    graph = synthetic(nodes, sites)
    build_s = time.perf_counter() - started
    result: dict[str, Any] = {
        "nodes": graph.node_count,
        "edges": graph.edge_count,
        "sites": sites,
        "engine": engine,
        "graph_build_s": round(build_s, 2),
        "extrapolated_from": None,
    }
    if engine == "scipy":
        started = time.perf_counter()
        matrix = travel_matrix(graph, Mode.CAR)
        result["matrix_s"] = round(time.perf_counter() - started, 2)
        result["reachable_pairs"] = int(matrix.reachable.sum())
        result["checksum"] = int(matrix.duration_s[matrix.reachable].sum())
    else:
        import networkx as nx

        seconds = graph.seconds(Mode.CAR)
        plain = nx.Graph()
        usable = np.nonzero(seconds >= 0)[0]
        plain.add_weighted_edges_from(
            zip(
                graph.u[usable].tolist(),
                graph.v[usable].tolist(),
                seconds[usable].tolist(),
                strict=True,
            ),
            weight="w",
        )
        del usable
        sources = [graph.site_nodes[s] for s in graph.site_ids]
        started = time.perf_counter()
        done = 0
        for source in sources:
            nx.single_source_dijkstra_path_length(plain, source, weight="w")
            done += 1
            if time.perf_counter() - started > nx_budget and done >= 2:
                break
        elapsed = time.perf_counter() - started
        result["matrix_s"] = round(elapsed * len(sources) / done, 2)
        if done < len(sources):
            result["extrapolated_from"] = done
    import resource

    result["peak_rss_mib"] = round(peak_rss_mib(), 1)
    # Forked matrix workers (scipy on big graphs): the largest one's peak, KiB on Linux.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result["worker_peak_rss_mib"] = round(children, 1)
    return result


def machine() -> dict[str, str]:
    model = "unknown"
    with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
        for line in cpuinfo:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import networkx
    import scipy

    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "networkx": networkx.__version__,
    }


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| nodes | edges | sites | engine | matrix wall s | peak RSS MiB | worker MiB | note |",
        "|---:|---:|---:|---|---:|---:|---:|---|",
    ]
    for r in rows:
        if "error" in r:
            lines.append(
                f"| {r['nodes_asked']:,} | | {r['sites']} | {r['engine']} | | | | {r['error']} |"
            )
            continue
        note = (
            f"extrapolated from {r['extrapolated_from']} sources"
            if r["extrapolated_from"]
            else "measured"
        )
        lines.append(
            f"| {r['nodes']:,} | {r['edges']:,} | {r['sites']} | {r['engine']} |"
            f" {r['matrix_s']:.2f} | {r['peak_rss_mib']:.0f} |"
            f" {r['worker_peak_rss_mib'] or '-'} | {note} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--case", nargs=3, metavar=("NODES", "SITES", "ENGINE"))
    parser.add_argument("--quick", action="store_true", help="skip the 1M-node graphs")
    parser.add_argument("--nx-budget", type=float, default=30.0, help="seconds per networkx case")
    parser.add_argument("--json", type=Path, help="also write the raw rows to this file")
    args = parser.parse_args()
    if args.case:
        nodes, sites, engine = int(args.case[0]), int(args.case[1]), args.case[2]
        print(json.dumps(run_case(nodes, sites, engine, args.nx_budget)))
        return
    rows: list[dict[str, Any]] = []
    for nodes in NODES[:2] if args.quick else NODES:
        for sites in SITES:
            for engine in ENGINES:
                command = [
                    sys.executable,
                    __file__,
                    "--case",
                    str(nodes),
                    str(sites),
                    engine,
                    "--nx-budget",
                    str(args.nx_budget),
                ]
                done = subprocess.run(command, capture_output=True, text=True, check=False)
                if done.returncode == 0:
                    row = json.loads(done.stdout.strip().splitlines()[-1])
                else:
                    row = {
                        "nodes_asked": nodes,
                        "sites": sites,
                        "engine": engine,
                        "error": (done.stderr.strip().splitlines() or ["failed"])[-1][:80],
                    }
                rows.append(row)
                print(json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps({"machine": machine(), "rows": rows}, indent=2) + "\n")
    print(json.dumps(machine()))
    print(table(rows))


if __name__ == "__main__":
    main()
