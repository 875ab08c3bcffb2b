"""The output of the engine: timed routes, and how to time a given visit order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .problem import Problem


@dataclass(frozen=True)
class Visit:
    """A stop: arrive, wait until a window opens, serve from `start` to `departure`."""

    node: int
    arrival: int
    start: int
    wait: int
    departure: int


@dataclass(frozen=True)
class RouteResult:
    """One timed route. `departure` is when it leaves its start node, `arrival` when it reaches its
    end node; `travel` is the sum of its travel times."""

    start: int
    end: int
    departure: int
    visits: tuple[Visit, ...]
    arrival: int
    travel: int

    @property
    def nodes(self) -> tuple[int, ...]:
        return tuple(v.node for v in self.visits)


@dataclass(frozen=True)
class Solution:
    """The best plan found. `unvisited` lists customers left out; `missing_mandatory` the mandatory
    ones among them (empty when every mandatory node is in). `iterations` and `best_at_s` describe
    the search (how many ruin-and-recreate steps, and when the returned plan was found)."""

    routes: tuple[RouteResult, ...]
    profit: int
    unvisited: tuple[int, ...]
    missing_mandatory: tuple[int, ...]
    iterations: int = 0
    elapsed_s: float = 0.0
    best_at_s: float = 0.0
    seed: int = 0

    @property
    def node_routes(self) -> list[list[int]]:
        return [list(r.nodes) for r in self.routes]


def _earliest_start(windows: Sequence[tuple[int, int]] | None, t: int) -> int | None:
    if windows is None:
        return t
    for o, c in windows:
        if t <= c:
            return max(t, o)
    return None


def schedule(
    problem: Problem,
    routes: Sequence[Sequence[int]],
    *,
    iterations: int = 0,
    elapsed_s: float = 0.0,
    best_at_s: float = 0.0,
    seed: int = 0,
) -> Solution:
    """Time the given visit orders as early as possible (start each route at its `earliest`, serve
    each node in the first window it can still start in). Never raises on an infeasible order: a
    missed window is timed at arrival, and `check` reports it."""
    from .compile import effective_windows

    out: list[RouteResult] = []
    seen: set[int] = set()
    tt = problem.travel
    for k, spec in enumerate(problem.routes):
        nodes = list(routes[k]) if k < len(routes) else []
        t = spec.earliest
        prev = spec.start
        travel = 0
        visits: list[Visit] = []
        for j in nodes:
            leg = int(tt[prev, j])
            travel += leg
            arr = t + leg
            s = _earliest_start(effective_windows(problem, k, j), arr)
            start = arr if s is None else s
            dep = start + problem.service[j]
            visits.append(Visit(node=j, arrival=arr, start=start, wait=start - arr, departure=dep))
            t = dep
            prev = j
            seen.add(j)
        leg = int(tt[prev, spec.end])
        out.append(
            RouteResult(
                start=spec.start,
                end=spec.end,
                departure=spec.earliest,
                visits=tuple(visits),
                arrival=t + leg,
                travel=travel + leg,
            )
        )
    profit = sum(problem.profit[j] for j in seen)
    unvisited = tuple(i for i in problem.customer_nodes() if i not in seen)
    missing = tuple(i for i in sorted(problem.mandatory) if i not in seen)
    return Solution(
        routes=tuple(out),
        profit=profit,
        unvisited=unvisited,
        missing_mandatory=missing,
        iterations=iterations,
        elapsed_s=elapsed_s,
        best_at_s=best_at_s,
        seed=seed,
    )
