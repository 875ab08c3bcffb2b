"""The engine's API on hand-made cases: each feature of real trips, and its failure modes."""

from __future__ import annotations

import subprocess
import sys
import time

import numpy as np
import numpy.typing as npt
import pytest

from teatrip.solver import (
    MandatoryInfeasibleError,
    Problem,
    ProblemError,
    Route,
    Solution,
    assert_feasible,
    check,
    schedule,
    solve,
)
from teatrip.solver._native import core


def line(n: int, step: int = 10) -> npt.NDArray[np.int64]:
    """Nodes on a line, `step` apart: travel = step * |i - j|."""
    idx = np.arange(n, dtype=np.int64)
    out: npt.NDArray[np.int64] = step * np.abs(idx[:, None] - idx[None, :])
    return out


def solved(problem: Problem, **kw: object) -> Solution:
    sol = solve(problem, budget_s=0.5, seed=1, max_iterations=500, **kw)  # type: ignore[arg-type]
    assert_feasible(problem, sol)
    return sol


def test_lunch_closure_waits_for_the_afternoon_window() -> None:
    p = Problem(
        travel=line(2, 150),
        service=[0, 30],
        profit=[0, 5],
        routes=[Route(0, 0, 0, 1000)],
        windows={1: ((0, 100), (200, 300))},
    )
    sol = solved(p)
    (visit,) = sol.routes[0].visits
    assert (visit.arrival, visit.start, visit.wait) == (150, 200, 50)


def test_node_closed_on_one_route_goes_on_the_other() -> None:
    p = Problem(
        travel=line(3),
        service=[0, 10, 10],
        profit=[0, 5, 7],
        routes=[Route(0, 0, 0, 60, windows={2: ()}), Route(0, 0, 0, 60)],
    )
    sol = solved(p)
    assert sol.profit == 12
    assert 2 in sol.routes[1].nodes and 2 not in sol.routes[0].nodes


def test_route_specific_window_replaces_the_default() -> None:
    p = Problem(
        travel=line(2),
        service=[0, 0],
        profit=[0, 1],
        routes=[Route(0, 0, 0, 500, windows={1: ((300, 310),)})],
        windows={1: ((0, 50),)},
    )
    assert solved(p).routes[0].visits[0].start == 300


def test_mandatory_node_is_kept_at_the_cost_of_profit() -> None:
    # One route, time for only one of the two; the mandatory one is worth less.
    p = Problem(
        travel=line(3, 50),
        service=[0, 0, 0],
        profit=[0, 1, 100],
        routes=[Route(0, 0, 0, 120)],
        mandatory=frozenset({1}),
    )
    sol = solved(p)
    assert sol.routes[0].nodes == (1,)
    assert sol.missing_mandatory == ()


def test_unsatisfiable_mandatory_is_reported_or_raised() -> None:
    p = Problem(
        travel=line(3, 50),
        service=[0, 0, 0],
        profit=[0, 1, 3],
        routes=[Route(0, 0, 0, 300)],
        windows={1: ((0, 10),)},  # 50 away: unreachable in time
        mandatory=frozenset({1}),
    )
    sol = solve(p, budget_s=0.2, seed=1)
    assert sol.missing_mandatory == (1,)
    assert sol.profit == 3
    assert check(p, sol) == ["mandatory node 1 not visited"]
    with pytest.raises(MandatoryInfeasibleError) as err:
        solve(p, budget_s=0.2, seed=1, strict=True)
    assert err.value.missing == (1,)


def test_fixed_time_is_kept_exactly_or_the_node_is_dropped() -> None:
    p = Problem(
        travel=line(3),
        service=[0, 5, 5],
        profit=[0, 4, 4],
        routes=[Route(0, 0, 0, 500)],
        windows={2: ((0, 100),)},
        fixed_times={1: 77, 2: 150},  # node 2's booking is outside its opening hours
    )
    sol = solved(p)
    assert [(v.node, v.start) for v in sol.routes[0].visits] == [(1, 77)]
    assert sol.unvisited == (2,)


def test_routes_with_different_start_and_end_nodes() -> None:
    # 0 = hotel A, 4 = hotel B; day 1 goes A -> B, day 2 B -> B.
    p = Problem(
        travel=line(5),
        service=[0, 5, 5, 5, 0],
        profit=[0, 3, 3, 3, 0],
        routes=[Route(0, 4, 0, 60), Route(4, 4, 0, 30)],
    )
    sol = solved(p)
    assert sol.profit == 9
    assert (sol.routes[0].start, sol.routes[0].end) == (0, 4)
    assert sol.routes[0].arrival <= 60 and sol.routes[1].arrival <= 30


def test_travel_cap_limits_a_route() -> None:
    p = Problem(
        travel=line(4),
        service=[0, 0, 0, 0],
        profit=[0, 1, 1, 10],
        routes=[Route(0, 0, 0, 10_000, max_travel=40)],
    )
    sol = solved(p)
    assert sol.routes[0].travel <= 40
    assert sol.profit == 2  # node 3 needs 60 of travel


def test_tiny_budget_still_gives_a_greedy_plan() -> None:
    rng = np.random.default_rng(5)
    n = 120
    xy = rng.integers(0, 100, size=(n, 2))
    travel = np.abs(xy[:, None, :] - xy[None, :, :]).sum(axis=2)
    opens = rng.integers(0, 400, size=n)
    p = Problem(
        travel=travel,
        service=rng.integers(5, 20, size=n).tolist(),
        profit=[0, *rng.integers(1, 30, size=n - 1).tolist()],
        routes=[Route(0, 0, 0, 600) for _ in range(3)],
        windows={i: ((int(opens[i]), int(opens[i]) + 90),) for i in range(1, n)},
    )
    core()  # a source checkout compiles the kernel on first use: keep that out of the timing
    t0 = time.perf_counter()
    sol = solve(p, budget_s=0.0, seed=1)
    assert time.perf_counter() - t0 < 1.0
    assert_feasible(p, sol)
    assert sol.profit > 0 and sol.iterations == 0


def test_warm_start_is_kept_when_feasible() -> None:
    p = Problem(travel=line(4), service=[0] * 4, profit=[0, 1, 1, 1], routes=[Route(0, 0, 0, 1000)])
    sol = solve(p, budget_s=0.0, seed=1, initial=[[3, 1]])
    assert_feasible(p, sol)
    assert sol.profit == 3


def test_checker_catches_broken_plans() -> None:
    p = Problem(
        travel=line(3, 50),
        service=[0, 0, 0],
        profit=[0, 1, 1],
        routes=[Route(0, 0, 0, 150)],
        windows={1: ((0, 10),)},
    )
    bad = schedule(p, [[1, 2, 2]])
    v = check(p, bad)
    assert any("outside its windows" in x for x in v)
    assert any("already visited" in x for x in v)
    assert any("after latest" in x for x in v)


def test_a_route_too_short_to_reach_its_end_is_rejected() -> None:
    with pytest.raises(ProblemError, match="route 1: going from 0 to 2 takes 20"):
        Problem(
            travel=line(3),
            service=[0, 0, 0],
            profit=[0, 1, 0],
            routes=[Route(0, 0, 0, 100), Route(0, 2, 0, 15)],
        )


def test_invalid_problems_list_every_issue() -> None:
    with pytest.raises(ProblemError) as err:
        Problem(
            travel=line(3),
            service=[0, 0],
            profit=[0, 1, 1],
            routes=[Route(0, 0, 10, 5)],
            windows={1: ((5, 1),)},
            mandatory=frozenset({0}),
        )
    text = str(err.value)
    assert "service has 2 entries" in text
    assert "earliest 10 > latest 5" in text
    assert "opens after it closes" in text
    assert "mandatory node 0" in text


def test_import_is_light() -> None:
    code = (
        "import sys, teatrip.solver; "
        "print('teatrip.solver._core' in sys.modules, 'numba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
