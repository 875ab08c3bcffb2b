"""A domain-free team orienteering engine with time windows (TOPTW): integer arrays in, timed
routes out. The C kernel is loaded on the first `solve`, so importing this package stays light.

    from teatrip.solver import Problem, Route, solve, check
    problem = Problem(
        travel=matrix,                      # n x n integers (e.g. seconds), asymmetric allowed
        service=durations, profit=scores,   # per node
        routes=[Route(start=0, end=0, earliest=8 * 3600, latest=18 * 3600, max_travel=None)],
        windows={5: ((9 * 3600, 12 * 3600), (13 * 3600, 17 * 3600))},   # lunch closure
        mandatory=frozenset({7}), fixed_times={9: 14 * 3600},
        groups={3: 0, 4: 0}, group_max={0: 1},   # at most one of nodes 3 and 4 per route
    )
    sol = solve(problem, budget_s=0.5, seed=1)
    assert check(problem, sol) == []

Semantics, in short (details on `Problem`, `Route` and `solve`):

- Windows bound the *start* of service; arriving early means waiting; service may end after the
  window closes. A node missing from `Problem.windows` is open all the time. `Route.windows`
  replaces a node's windows on that route (a day's opening hours); `()` = closed that day.
- `fixed_times[i] = t`: service starts exactly at t (inside i's windows for that route) or i is
  left out. A one-instant window `((t, t),)` on one route pins an event to one day.
- Mandatory nodes outweigh all optional profit. If the search cannot fit one, the plan is still
  returned with it in `Solution.missing_mandatory` (and `check` reports it); `strict=True` raises
  `MandatoryInfeasibleError` (carrying that plan) instead. A node that cannot be visited even
  alone on any route is certainly infeasible; otherwise "missing" is the heuristic's verdict.
- Malformed input raises `ProblemError` listing every issue, including a route too short to get
  from its start to its end.
- Each node is visited at most once over all routes; to give every day its own lunch break, add
  one node per day, closed on the other days.
- Visit caps: `Route(..., max_visits=k)` lets a route visit at most k customers (None = no cap),
  and `Problem(groups={node: g}, group_max={g: k})` lets any one route visit at most k nodes of
  group g ("at most one of these per day" is k = 1). Caps only forbid, never force; a mandatory
  node they leave no room for ends up in `missing_mandatory`. Without caps the search is exactly
  the uncapped one.
- The result is deterministic for a seed when `max_iterations` ends the search before
  `budget_s` does; a budget of 0 returns the greedy construction.
- `solve(..., threads=k)` runs k independent searches at once (seeds derived from `seed`) and keeps
  the best: deterministic for a (seed, k) pair in the same way; the default is one thread.
- The search adapts to the instance (operator weights learned during the run, ruin sizes as shares
  of the plan, restarts from an elite when an epoch stalls): see the comments in `_core.c`.
"""

from __future__ import annotations

from .checker import InfeasibleSolutionError, assert_feasible, check
from .problem import (
    MandatoryInfeasibleError,
    Problem,
    ProblemError,
    Route,
    SolverError,
    Windows,
)
from .search import solve
from .solution import RouteResult, Solution, Visit, schedule

__all__ = [
    "InfeasibleSolutionError",
    "MandatoryInfeasibleError",
    "Problem",
    "ProblemError",
    "Route",
    "RouteResult",
    "Solution",
    "SolverError",
    "Visit",
    "Windows",
    "assert_feasible",
    "check",
    "schedule",
    "solve",
]
