"""An independent feasibility check of a `Solution` against its `Problem`.

Written apart from the search on purpose: it re-derives every time from the problem's own fields
(windows, route overrides, fixed times) and shares no code with `compile.py` or the C kernel, so a
bug in the engine's bookkeeping shows up here instead of being repeated.
"""

from __future__ import annotations

from .problem import Problem
from .solution import Solution


class InfeasibleSolutionError(AssertionError):
    """A solution broke the rules of its problem."""


def _allowed(problem: Problem, route: int, node: int, start: int) -> bool:
    """May service of `node` start at `start` on `route`?"""
    spec = problem.routes[route]
    ws = spec.windows[node] if node in spec.windows else problem.windows.get(node)
    if ws is not None and not any(o <= start <= c for o, c in ws):
        return False
    fixed = problem.fixed_times.get(node)
    return fixed is None or start == fixed


def _count_violations(problem: Problem, k: int, nodes: tuple[int, ...]) -> list[str]:
    """Route k's visit count and per-group counts against `max_visits` and `group_max`."""
    out: list[str] = []
    cap = problem.routes[k].max_visits
    if cap is not None and len(nodes) > cap:
        out.append(f"route {k}: {len(nodes)} visits over the cap {cap}")
    per_group: dict[int, int] = {}
    for j in nodes:
        if j in problem.groups:
            per_group[problem.groups[j]] = per_group.get(problem.groups[j], 0) + 1
    for g, count in sorted(per_group.items()):
        gcap = problem.group_max.get(g)
        if gcap is not None and count > gcap:
            out.append(f"route {k}: {count} visits of group {g} over its cap {gcap}")
    return out


def check(problem: Problem, solution: Solution) -> list[str]:
    """Every rule the solution breaks, as readable strings (empty = feasible and consistent)."""
    v: list[str] = []
    if len(solution.routes) != len(problem.routes):
        return [f"{len(solution.routes)} routes for {len(problem.routes)} route specs"]
    customers = set(problem.customer_nodes())
    seen: dict[int, int] = {}
    for k, (spec, rr) in enumerate(zip(problem.routes, solution.routes, strict=True)):
        if (rr.start, rr.end) != (spec.start, spec.end):
            v.append(f"route {k}: runs {rr.start}->{rr.end}, spec says {spec.start}->{spec.end}")
        if rr.departure < spec.earliest:
            v.append(f"route {k}: departs at {rr.departure} before earliest {spec.earliest}")
        t = rr.departure
        prev = spec.start
        travel = 0
        for vis in rr.visits:
            j = vis.node
            where = f"route {k} node {j}"
            if j not in customers:
                v.append(f"{where}: not a customer")
                continue
            if j in seen:
                v.append(f"{where}: already visited on route {seen[j]}")
            seen[j] = k
            leg = int(problem.travel[prev, j])
            travel += leg
            if vis.arrival != t + leg:
                v.append(f"{where}: arrival {vis.arrival}, travel says {t + leg}")
            if vis.start < vis.arrival:
                v.append(f"{where}: starts {vis.start} before arriving {vis.arrival}")
            if vis.wait != vis.start - vis.arrival:
                v.append(f"{where}: wait {vis.wait} != start - arrival")
            if not _allowed(problem, k, j, vis.start):
                v.append(f"{where}: service start {vis.start} outside its windows/fixed time")
            if vis.departure != vis.start + problem.service[j]:
                v.append(f"{where}: departure {vis.departure} != start + service")
            t = vis.departure
            prev = j
        leg = int(problem.travel[prev, spec.end])
        travel += leg
        if rr.arrival != t + leg:
            v.append(f"route {k}: arrival at end {rr.arrival}, travel says {t + leg}")
        if t + leg > spec.latest:
            v.append(f"route {k}: ends at {t + leg}, after latest {spec.latest}")
        if rr.travel != travel:
            v.append(f"route {k}: travel {rr.travel}, legs sum to {travel}")
        if spec.max_travel is not None and travel > spec.max_travel:
            v.append(f"route {k}: travel {travel} over the cap {spec.max_travel}")
        v.extend(_count_violations(problem, k, rr.nodes))
    for i in sorted(problem.mandatory):
        if i not in seen:
            v.append(f"mandatory node {i} not visited")
    if set(solution.missing_mandatory) != problem.mandatory - set(seen):
        v.append("missing_mandatory does not match the routes")
    profit = sum(problem.profit[i] for i in seen)
    if solution.profit != profit:
        v.append(f"profit {solution.profit}, visits sum to {profit}")
    if set(solution.unvisited) != customers - set(seen):
        v.append("unvisited does not match the routes")
    return v


def assert_feasible(problem: Problem, solution: Solution) -> None:
    """Raise `InfeasibleSolutionError` listing every violation, if any."""
    violations = check(problem, solution)
    if violations:
        raise InfeasibleSolutionError("infeasible solution:\n  " + "\n  ".join(violations))
