"""A domain-free team orienteering engine with time windows (TOPTW): integer arrays in, timed
routes out. The C kernel is loaded on the first `solve`, so importing this package stays light.

    from teatrip.solver import Problem, Route, solve, check
    sol = solve(Problem(travel=..., service=..., profit=..., routes=[Route(0, 0, 0, 480)]),
                budget_s=0.5, seed=1)
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
