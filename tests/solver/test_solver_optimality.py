"""Property tests: on tiny random instances the engine finds the brute-force optimum, every answer
passes the checker, and a seed fixes the answer."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teatrip.solver import Problem, Route, check, solve
from tests.helpers.bruteforce import best_profit


@st.composite
def problems(draw: st.DrawFn) -> Problem:
    nc = draw(st.integers(1, 8))
    m = draw(st.integers(1, 2))
    n = nc + 2  # nodes 0 and 1 are depots
    pts = [(draw(st.integers(0, 40)), draw(st.integers(0, 40))) for _ in range(n)]
    noise = draw(st.lists(st.integers(0, 3), min_size=n * n, max_size=n * n))
    travel = np.array(
        [
            [
                0
                if i == j
                else abs(pts[i][0] - pts[j][0]) + abs(pts[i][1] - pts[j][1]) + noise[i * n + j]
                for j in range(n)
            ]
            for i in range(n)
        ],
        dtype=np.int64,
    )
    # Shortest-path closure, as a road network gives: with a matrix that breaks the triangle
    # inequality an insertion heuristic can miss plans that only two visits together make possible.
    for k in range(n):
        travel = np.minimum(travel, travel[:, k : k + 1] + travel[k : k + 1, :])

    def windows() -> tuple[tuple[int, int], ...]:
        k = draw(st.integers(0, 3))
        out = []
        for _ in range(k):
            o = draw(st.integers(0, 150))
            out.append((o, o + draw(st.integers(0, 40))))
        return tuple(out)

    wins = {}
    for i in range(2, n):
        if draw(st.booleans()):
            wins[i] = windows() or ((0, 200),)
    routes = []
    for r in range(m):
        start = 0 if r == 0 else draw(st.sampled_from([0, 1]))
        end = draw(st.sampled_from([0, 1]))
        override = {}
        if draw(st.booleans()):
            node = draw(st.integers(2, n - 1))
            override[node] = windows()  # may be () = closed on this route
        direct = int(travel[start, end])
        cap = draw(st.one_of(st.none(), st.integers(direct, direct + 150)))
        latest = draw(st.integers(direct, direct + 200))
        routes.append(Route(start, end, 0, latest, cap, override))
    return Problem(
        travel=travel,
        service=[0, 0] + [draw(st.integers(0, 20)) for _ in range(nc)],
        profit=[0, 0] + [draw(st.integers(1, 20)) for _ in range(nc)],
        routes=routes,
        windows=wins,
    )


@pytest.mark.slow  # 150 instances, each solved and brute-forced: seconds
# The same 150 instances on every run: the engine is a heuristic, and a rare random instance it
# misses must not make CI fail by chance.
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=True,
)
@given(problems())
def test_finds_the_bruteforce_optimum(problem: Problem) -> None:
    sol = solve(problem, budget_s=5.0, seed=3, max_iterations=3000)
    assert check(problem, sol) == []
    assert sol.profit == best_profit(problem)


# Found by hypothesis, missed on every seed until the search could squeeze a visit in by
# re-sequencing a route: the only plan visiting all five starts with node 3 in its early window
# (0-5) and goes out to the far node 2 last but one. Cheapest insertion puts node 5 before the
# cluster 3/4/6 (the route then ends at 44 instead of 45, node 3 taking its late window) and
# reordering by end time keeps it there, and from any such route no single insertion of 2 fits.
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_an_early_narrow_window_then_the_far_node(seed: int) -> None:
    travel = np.array(
        [
            [0, 4, 35, 5, 5, 15, 5],
            [4, 0, 33, 1, 1, 19, 1],
            [35, 33, 0, 32, 32, 48, 32],
            [5, 1, 32, 0, 0, 20, 0],
            [5, 1, 32, 0, 0, 20, 0],
            [15, 19, 48, 20, 20, 0, 20],
            [5, 1, 32, 0, 0, 20, 0],
        ]
    )
    problem = Problem(
        travel=travel,
        service=[0, 0, 0, 0, 0, 1, 0],
        profit=[0, 0, 1, 1, 1, 1, 1],
        routes=[Route(start=0, end=1, earliest=0, latest=105, windows={3: ((0, 5), (43, 67))})],
    )
    assert best_profit(problem) == 5  # 0 -> 3 -> 4 -> 6 -> 2 -> 5 -> 1 ends at 105
    sol = solve(problem, budget_s=5.0, seed=seed, max_iterations=3000)
    assert check(problem, sol) == []
    assert sol.profit == 5


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(), st.integers(0, 2**32))
def test_same_seed_same_routes(problem: Problem, seed: int) -> None:
    a = solve(problem, budget_s=5.0, seed=seed, max_iterations=300)
    b = solve(problem, budget_s=5.0, seed=seed, max_iterations=300)
    assert check(problem, a) == []
    assert a.node_routes == b.node_routes
    assert [r.visits for r in a.routes] == [r.visits for r in b.routes]
