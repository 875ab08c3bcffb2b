"""Benchmark the TOPTW engine on the standard instance sets, optionally against OR-Tools and VROOM.

    python bench/toptw.py --instances ../shared/bench/toptw/instances --m 1 2 --budget 1 --seed 1 \
        [--threads 2] [--json out.jsonl] [--peers]

Every instance file under --instances (recursively) in the Righini-Salani / Vansteenwegen TOPTW
format is solved for each m. Travel times follow the benchmark's rule: Euclidean distance rounded
down to 0.1 (Solomon) or 0.01 (Cordeau pr and the generated g* files), kept as integers x10 / x100.
Every result, ours and the peers', goes through teatrip.solver.check; a violation stops the run
(exit 1). --json writes one line per run with our score and, with --peers, the peers' scores, for
bench/toptw_report.py.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

if __package__ in (None, ""):
    # run as a script from a checkout: make `teatrip` importable without installing
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from teatrip.solver import Problem, Route, Solution, check, schedule, solve


@dataclass(frozen=True)
class Instance:
    name: str
    set_name: str
    scale: int  # time units per instance unit (10 or 100)
    ids: tuple[int, ...]  # file ids; position 0 is the depot
    travel: np.ndarray[Any, np.dtype[np.int64]]
    service: tuple[int, ...]
    profit: tuple[int, ...]
    windows: tuple[tuple[int, int], ...]

    @property
    def tmax(self) -> int:
        return self.windows[0][1]

    def problem(self, m: int) -> Problem:
        n = len(self.ids)
        return Problem(
            travel=self.travel,
            service=self.service,
            profit=self.profit,
            routes=[Route(0, 0, self.windows[0][0], self.tmax) for _ in range(m)],
            windows={i: (self.windows[i],) for i in range(1, n)},
        )


def _scaled(tok: str, factor: int) -> int:
    v = Decimal(tok) * factor
    if v != v.to_integral_value():
        raise ValueError(f"{tok!r} is not a whole number of 1/{factor} units")
    return int(v)


def parse_instance(path: Path) -> Instance:
    """Read one instance; tokens, not lines, so CRLF and ragged lines are fine."""
    lines = [ln.split() for ln in path.read_text().replace("\r", "\n").split("\n") if ln.strip()]
    n_cust = int(lines[0][2])
    rows = lines[2 : 2 + n_cust + 1]
    if len(rows) != n_cust + 1:
        raise ValueError(f"{path}: expected {n_cust + 1} vertex lines, found {len(rows)}")
    # The rounding rule is per set: 0.1 for Solomon-style files, 0.01 for Cordeau's pr files and
    # for the pr-like ones bench/gen_toptw.py writes (named g...).
    scale = 100 if path.name.lower().startswith(("pr", "g")) else 10
    decimals = max(len(t.split(".")[1]) if "." in t else 0 for r in rows for t in r[1:3])
    cscale = 10**decimals
    ids = tuple(int(r[0]) for r in rows)
    xy = np.array([[_scaled(r[1], cscale), _scaled(r[2], cscale)] for r in rows], dtype=object)
    n = len(rows)
    travel = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        for j in range(n):
            dx = xy[i][0] - xy[j][0]
            dy = xy[i][1] - xy[j][1]
            # floor(scale * dist) exactly, in integers: floor(sqrt(D2 * scale^2) / cscale)
            travel[i, j] = math.isqrt((dx * dx + dy * dy) * scale * scale) // cscale
    service = tuple(_scaled(r[3], scale) for r in rows)
    profit = tuple(_scaled(r[4], 1) for r in rows)
    windows = tuple((_scaled(r[-2], scale), _scaled(r[-1], scale)) for r in rows)
    return Instance(
        name=path.stem,
        set_name=path.parent.name,
        scale=scale,
        ids=ids,
        travel=travel,
        service=service,
        profit=profit,
        windows=windows,
    )


def family(name: str) -> str:
    """c101 -> c1, rc205 -> rc2, pr07 -> pr, grc150w1 -> gw: the groups results are quoted by."""
    g = re.fullmatch(r"g(?:c|r|rc)\d+([nw])\d+", name.lower())
    if g:  # generated: grouped by narrow / wide windows
        return "g" + g.group(1)
    m = re.fullmatch(r"([a-z]+)(\d)\d\d", name.lower())
    if m:
        return m.group(1) + m.group(2)
    return re.sub(r"\d+$", "", name.lower()) or name


def find_instances(root: Path) -> list[Path]:
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.suffix.lower() not in ("", ".txt", ".dat"):
            continue
        if p.name.upper().startswith(("FORMAT", "README")):
            continue
        out.append(p)
    return out


def load_bks(root: Path) -> dict[tuple[str, int], int]:
    for d in [root, *root.resolve().parents]:
        f = d / "bks.csv"
        if f.is_file():
            with f.open(newline="") as fh:
                return {(r["instance"], int(r["m"])): int(r["bks"]) for r in csv.DictReader(fh)}
    return {}


# ------------------------------------------------------------------------------------------ peers
def solve_ortools(inst: Instance, m: int, budget: float) -> list[list[int]]:
    """OR-Tools routing: a disjunction per customer (penalty = profit, scaled so that one unit of
    profit outweighs any travel), a time dimension whose cumul is the service start (slack = wait),
    guided local search for `budget` seconds."""
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n = len(inst.ids)
    tmax = inst.tmax
    mgr = pywrapcp.RoutingIndexManager(n, m, 0)
    routing = pywrapcp.RoutingModel(mgr)
    tt = inst.travel
    svc = inst.service

    def transit(a: int, b: int) -> int:
        i, j = mgr.IndexToNode(a), mgr.IndexToNode(b)
        return int(tt[i, j] + svc[i])

    cb = routing.RegisterTransitCallback(transit)
    routing.SetArcCostEvaluatorOfAllVehicles(cb)
    routing.AddDimension(cb, tmax, tmax, False, "Time")
    time_dim = routing.GetDimensionOrDie("Time")
    big = int(tt.sum()) + 1
    for i in range(1, n):
        idx = mgr.NodeToIndex(i)
        o, c = inst.windows[i]
        time_dim.CumulVar(idx).SetRange(o, min(c, tmax))
        routing.AddDisjunction([idx], inst.profit[i] * big)
    for v in range(m):
        time_dim.CumulVar(routing.Start(v)).SetRange(inst.windows[0][0], tmax)
        time_dim.CumulVar(routing.End(v)).SetRange(inst.windows[0][0], tmax)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(1, int(budget * 1000)))
    sol = routing.SolveWithParameters(params)
    routes: list[list[int]] = [[] for _ in range(m)]
    if sol is None:
        return routes
    for v in range(m):
        idx = routing.Start(v)
        while not routing.IsEnd(idx):
            node = mgr.IndexToNode(idx)
            if node != 0:
                routes[v].append(node)
            idx = sol.Value(routing.NextVar(idx))
    return routes


def solve_vroom(inst: Instance, m: int) -> list[list[int]]:
    """VROOM (pyvroom): jobs with priority = profit (scaled into VROOM's 0..100 range when a profit
    exceeds 100), service-start windows, vehicles with window [O_depot, Tmax], exploration
    level 5 (the maximum)."""
    import vroom

    n = len(inst.ids)
    pmax = max(inst.profit[1:])
    factor = 100.0 / pmax if pmax > 100 else 1.0
    problem = vroom.Input()
    problem.set_durations_matrix(profile="car", matrix_input=inst.travel.astype(np.uint32))
    for v in range(m):
        problem.add_vehicle(
            vroom.Vehicle(
                id=v,
                start=0,
                end=0,
                time_window=vroom.TimeWindow(inst.windows[0][0], inst.tmax),
            )
        )
    for i in range(1, n):
        o, c = inst.windows[i]
        problem.add_job(
            vroom.Job(
                id=i,
                location=i,
                default_service=inst.service[i],
                priority=round(inst.profit[i] * factor),
                time_windows=[vroom.TimeWindow(o, c)],
            )
        )
    res = problem.solve(exploration_level=5, nb_threads=2)
    routes: list[list[int]] = [[] for _ in range(m)]
    df = res.routes
    for v, jid, typ in zip(df["vehicle_id"], df["id"], df["type"], strict=True):
        if typ == "job":
            routes[int(v)].append(int(jid))
    return routes


# ------------------------------------------------------------------------------------------ main
def _validated(problem: Problem, sol: Solution, what: str) -> Solution:
    violations = check(problem, sol)
    if violations:
        print(f"INFEASIBLE result from {what}:", *violations, sep="\n  ", file=sys.stderr)
        raise SystemExit(1)
    return sol


def _summary_order(item: tuple[tuple[str, int], Any]) -> tuple[int, str, int]:
    (name, m), _ = item
    return (m, name.strip() if not name.startswith(" ") else "~" + name.strip(), 0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--instances", type=Path, required=True, help="directory, searched recursively")
    ap.add_argument("--m", type=int, nargs="+", default=[1], help="numbers of routes")
    ap.add_argument("--budget", type=float, default=1.0, help="seconds per run")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--threads", type=int, default=1, help="search threads of our engine")
    ap.add_argument("--json", type=Path, help="write one JSON object per run (JSON lines)")
    ap.add_argument(
        "--peers",
        nargs="*",
        choices=["ortools", "vroom"],
        help="also run these (both when none is named); VROOM ignores the budget, so a run"
        " at another budget may leave it out",
    )
    ap.add_argument("--only", nargs="*", default=None, help="instance names to keep")
    args = ap.parse_args(argv)
    root: Path = args.instances
    if not root.is_dir():
        print(f"error: instance directory {root} does not exist", file=sys.stderr)
        return 2
    paths = find_instances(root)
    if args.only:
        paths = [p for p in paths if p.stem in set(args.only)]
    if not paths:
        print(f"error: no instance files under {root}", file=sys.stderr)
        return 2
    bks = load_bks(root)
    peers = [] if args.peers is None else (args.peers or ["ortools", "vroom"])
    jout = args.json.open("w") if args.json else None
    head = f"{'instance':<10}{'m':>3}{'score':>7}{'bks':>6}{'gap%':>7}{'wall_s':>8}"
    for p in peers:
        head += f"{p:>9}{'gap%':>7}{'wall_s':>8}"
    print(head, flush=True)
    # per (set, m): our total, peer totals, gaps
    tot: dict[tuple[str, int], dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for path in paths:
        inst = parse_instance(path)
        for m in args.m:
            problem = inst.problem(m)
            t0 = time.perf_counter()
            sol = solve(problem, budget_s=args.budget, seed=args.seed, threads=args.threads)
            wall = time.perf_counter() - t0
            _validated(problem, sol, f"teatrip on {inst.name} m={m}")
            best = bks.get((inst.name, m))
            # per directory, and per family (c1 / r1 / rc1 / pr) when the directory mixes them
            keys = [(inst.set_name, m), (f"  {family(inst.name)}", m)]
            for key in keys:
                tot[key]["score"].append(sol.profit)
            line = f"{inst.name:<10}{m:>3}{sol.profit:>7}"
            if best:
                gap = 100.0 * (best - sol.profit) / best
                for key in keys:
                    tot[key]["gap"].append(gap)
                line += f"{best:>6}{gap:>7.2f}"
            else:
                line += f"{'-':>6}{'-':>7}"
            line += f"{wall:>8.2f}"
            ids = inst.ids
            rec: dict[str, Any] = {
                "instance": inst.name,
                "set": inst.set_name,
                "m": m,
                "score": sol.profit,
                "wall_s": round(wall, 3),
                "routes": [[ids[j] for j in r.nodes] for r in sol.routes],
            }
            for peer in peers:
                t1 = time.perf_counter()
                if peer == "ortools":
                    routes = solve_ortools(inst, m, args.budget)
                else:
                    routes = solve_vroom(inst, m)
                pwall = time.perf_counter() - t1
                what = f"{peer} on {inst.name} m={m}"
                psol = _validated(problem, schedule(problem, routes), what)
                line += f"{psol.profit:>9}"
                rec[peer] = psol.profit
                pgap = 100.0 * (best - psol.profit) / best if best else None
                for key in keys:
                    tot[key][peer].append(psol.profit)
                    if pgap is not None:
                        tot[key][peer + "_gap"].append(pgap)
                if pgap is not None:
                    line += f"{pgap:>7.2f}"
                else:
                    line += f"{'-':>7}"
                line += f"{pwall:>8.2f}"
            if jout:
                jout.write(json.dumps(rec) + "\n")
                jout.flush()
            print(line, flush=True)
    if jout:
        jout.close()
    print()
    cols = "".join(f", {p} total, {p} avg gap%, ours/{p}" for p in peers)
    print("per set (m): runs, our total, avg gap%" + cols)
    for (set_name, m), d in sorted(tot.items(), key=_summary_order):
        ours = sum(d["score"])
        gaps = d["gap"]
        s = f"{set_name} m={m}: {len(d['score'])} runs, total {ours:.0f}"
        s += f", avg gap {sum(gaps) / len(gaps):.2f}%" if gaps else ", avg gap -"
        for p in peers:
            pt = sum(d[p])
            pgaps = d[p + "_gap"]
            s += f" | {p} total {pt:.0f}"
            s += f", avg gap {sum(pgaps) / len(pgaps):.2f}%" if pgaps else ""
            s += f", ours/{p} {ours / pt:.4f}" if pt else ""
        print(s, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
