"""`solve`: the public entry point of the engine."""

from __future__ import annotations

import time
from collections.abc import Sequence

from ._native import core
from .compile import compile_problem
from .problem import MandatoryInfeasibleError, Problem
from .solution import Solution, schedule


def solve(
    problem: Problem,
    *,
    budget_s: float = 1.0,
    seed: int = 0,
    max_iterations: int | None = None,
    initial: Sequence[Sequence[int]] | None = None,
    strict: bool = False,
    threads: int = 1,
) -> Solution:
    """Plan routes that collect the most profit.

    Always returns the best feasible plan found within `budget_s` seconds of search (plus the greedy
    construction, which always runs, so even a budget of 0 gives a sensible answer). The search is
    deterministic for a given `seed` when `max_iterations` stops it before the time budget does;
    otherwise how far it gets depends on the machine. `initial` (one list of nodes per route) is
    a warm start, kept as far as it is feasible. Mandatory nodes that could not be fitted are listed
    in `Solution.missing_mandatory`; with `strict=True` that raises `MandatoryInfeasibleError`.

    `threads` > 1 runs that many independent searches at once (thread 0 with `seed` itself, the
    others with seeds derived from it) and keeps the best; the result is deterministic for a
    (seed, threads) pair under `max_iterations`, each thread making that many iterations.
    `Solution.iterations` counts the iterations of all threads.
    """
    if isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= 64:
        raise ValueError(f"threads must be an integer from 1 to 64, not {threads!r}")
    t0 = time.perf_counter()
    a = compile_problem(problem)
    routes, iterations, best_at = core().solve(
        a.n,
        a.m,
        a.travel,
        a.service,
        a.weight,
        a.cand,
        a.rstart,
        a.rend,
        a.earliest,
        a.latest,
        a.cap,
        a.woff,
        a.wopen,
        a.wclose,
        a.rmax,
        a.grp,
        a.gmax,
        a.mandatory_from,
        float(budget_s),
        int(max_iterations or 0),
        int(seed) & 0xFFFFFFFFFFFFFFFF,
        threads,
        None if initial is None else [list(map(int, r)) for r in initial],
    )
    sol = schedule(
        problem,
        routes,
        iterations=int(iterations),
        elapsed_s=time.perf_counter() - t0,
        best_at_s=float(best_at),
        seed=seed,
    )
    if strict and sol.missing_mandatory:
        raise MandatoryInfeasibleError(sol.missing_mandatory, sol)
    return sol
