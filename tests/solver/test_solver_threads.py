"""Several search threads (`solve(..., threads=k)`): deterministic for a (seed, threads) pair under
`max_iterations`, one thread is the single-threaded search, and every answer passes the checker."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from teatrip.solver import Problem, Route, check, solve


def trip(seed: int, n: int = 40, m: int = 2) -> Problem:
    """Random points, about half of them with a window, routes too short for everyone."""
    rng = np.random.default_rng(seed)
    xy = rng.integers(0, 100, size=(n, 2))
    travel = np.abs(xy[:, None, :] - xy[None, :, :]).sum(axis=2).astype(np.int64)
    windows = {}
    for i in range(1, n):
        if rng.random() < 0.5:
            o = int(rng.integers(0, 300))
            windows[i] = ((o, o + int(rng.integers(20, 120))),)
    return Problem(
        travel=travel,
        service=[0] + [int(x) for x in rng.integers(5, 30, size=n - 1)],
        profit=[0] + [int(x) for x in rng.integers(1, 20, size=n - 1)],
        routes=[Route(0, 0, 0, 350) for _ in range(m)],
        windows=windows,
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_two_threads_are_deterministic_for_a_seed(seed: int) -> None:
    problem = trip(seed)
    runs = [
        solve(problem, budget_s=60.0, seed=seed, max_iterations=300, threads=2) for _ in range(3)
    ]
    for sol in runs:
        assert check(problem, sol) == []
        assert sol.iterations == 600  # each thread makes max_iterations
    assert len({(s.profit, str(s.node_routes)) for s in runs}) == 1


def test_exchanges_between_threads_keep_the_answer_deterministic() -> None:
    # ~40 candidates: the threads exchange their best plans every 400 iterations, several times here
    problem = trip(6)
    for threads in (2, 3):
        runs = [
            solve(problem, budget_s=60.0, seed=2, max_iterations=2500, threads=threads)
            for _ in range(2)
        ]
        assert check(problem, runs[0]) == []
        assert (runs[0].profit, runs[0].node_routes) == (runs[1].profit, runs[1].node_routes)


def test_one_thread_is_the_default_search() -> None:
    problem = trip(3)
    a = solve(problem, budget_s=60.0, seed=5, max_iterations=300)
    b = solve(problem, budget_s=60.0, seed=5, max_iterations=300, threads=1)
    assert (a.profit, a.node_routes) == (b.profit, b.node_routes)


def test_more_threads_never_do_worse_than_thread_zero() -> None:
    # thread 0 runs with the caller's seed, and the best of all threads is kept; before the first
    # exchange (after 10 iterations per candidate, so well after 200 here) thread 0 is the
    # single-threaded search
    problem = trip(4, n=60, m=3)
    one = solve(problem, budget_s=60.0, seed=9, max_iterations=200)
    three = solve(problem, budget_s=60.0, seed=9, max_iterations=200, threads=3)
    assert check(problem, three) == []
    assert three.profit >= one.profit


def test_a_time_budget_bounds_every_thread() -> None:
    problem = trip(5, n=80, m=3)
    sol = solve(problem, budget_s=0.2, seed=1, threads=2)
    assert check(problem, sol) == []
    assert sol.elapsed_s < 5.0


@pytest.mark.parametrize("bad", [0, -1, 65, 1.5, True])
def test_bad_thread_counts_are_refused(bad: object) -> None:
    with pytest.raises(ValueError, match="threads"):
        solve(trip(1, n=5), threads=bad)  # type: ignore[arg-type]


def rich_trip(seed: int, n: int = 26, m: int = 3) -> Problem:
    """Every feature the kernel's moves must respect at once: two windows per node (a lunch
    closure), a day closed for some nodes, a travel cap, visit caps and a capped group."""
    rng = np.random.default_rng(seed)
    xy = rng.integers(0, 100, size=(n, 2))
    travel = np.abs(xy[:, None, :] - xy[None, :, :]).sum(axis=2).astype(np.int64)
    windows = {}
    for i in range(1, n):
        o = int(rng.integers(0, 200))
        windows[i] = ((o, o + 60), (o + 90, o + 200)) if rng.random() < 0.5 else ((o, o + 80),)
    closed = {int(i): () for i in rng.choice(np.arange(1, n), size=4, replace=False)}
    routes = [
        Route(0, 0, 0, 330, max_travel=260, max_visits=7, windows=closed if r == 0 else {})
        for r in range(m)
    ]
    return Problem(
        travel=travel,
        service=[0] + [int(x) for x in rng.integers(5, 30, size=n - 1)],
        profit=[0] + [int(x) for x in rng.integers(1, 20, size=n - 1)],
        routes=routes,
        windows=windows,
        groups={i: 0 for i in range(1, n, 3)},
        group_max={0: 2},
    )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_long_runs_through_restarts_stay_feasible(seed: int) -> None:
    # 8000 iterations on ~25 nodes pass several epochs: restarts from the elite, learned operator
    # weights, ruin sizes grown by stagnation; the checker is independent of the search code
    problem = rich_trip(seed)
    for threads in (1, 2):
        sol = solve(problem, budget_s=60.0, seed=seed, max_iterations=8000, threads=threads)
        assert check(problem, sol) == []
        assert sol.profit > 0


CHILD = """
import signal, sys
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.path.insert(0, {tests!r})
from solver.test_solver_threads import trip
from teatrip.solver import solve
problem = trip(1, n=120, m=3)
print("ready", flush=True)
try:
    solve(problem, budget_s=60.0, seed=1, threads={threads})
except KeyboardInterrupt:
    print("interrupted", flush=True)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("threads", [1, 2])
def test_ctrl_c_stops_every_thread(threads: int) -> None:
    tests = str(Path(__file__).resolve().parents[1])
    code = CHILD.format(tests=tests, threads=threads)
    child = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=tests + "/.."
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "ready"
    time.sleep(1.0)
    child.send_signal(signal.SIGINT)
    out, _ = child.communicate(timeout=30)
    assert out.strip() == "interrupted"
