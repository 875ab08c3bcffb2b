"""Exact reference solver for tiny instances, written independently of the engine: every set of
customers that fits on each route, then the best disjoint union over routes."""

from __future__ import annotations

from teatrip.solver import Problem


def _windows(problem: Problem, route: int, node: int) -> tuple[tuple[int, int], ...] | None:
    spec = problem.routes[route]
    ws = spec.windows[node] if node in spec.windows else problem.windows.get(node)
    if node in problem.fixed_times:
        t = problem.fixed_times[node]
        if ws is not None and not any(o <= t <= c for o, c in ws):
            return ()
        return ((t, t),)
    return ws


def _start(ws: tuple[tuple[int, int], ...] | None, arrival: int) -> int | None:
    if ws is None:
        return arrival
    starts = [max(arrival, o) for o, c in ws if max(arrival, o) <= c]
    return min(starts) if starts else None


def feasible_sets(problem: Problem, route: int, customers: list[int]) -> set[int]:
    """Bitmasks (over `customers`) of the sets some order of which fits on `route`.

    Exact dynamic programme over (visited set, last node) keeping the Pareto front of (time,
    travel): leaving earlier never hurts (one can always wait) and travel only adds up."""
    spec = problem.routes[route]
    tt = problem.travel
    labels: dict[tuple[int, int], list[tuple[int, int]]] = {(0, spec.start): [(spec.earliest, 0)]}
    out: set[int] = set()
    for size in range(len(customers) + 1):
        layer = {k: v for k, v in labels.items() if bin(k[0]).count("1") == size}
        for (mask, last), front in layer.items():
            for t, travel in front:
                back = int(tt[last, spec.end])
                cap_ok = spec.max_travel is None or travel + back <= spec.max_travel
                if t + back <= spec.latest and cap_ok:
                    out.add(mask)
                for b, j in enumerate(customers):
                    if mask >> b & 1:
                        continue
                    leg = int(tt[last, j])
                    s = _start(_windows(problem, route, j), t + leg)
                    if s is None:
                        continue
                    key = (mask | 1 << b, j)
                    new = (s + problem.service[j], travel + leg)
                    old = labels.setdefault(key, [])
                    if any(a <= new[0] and c <= new[1] for a, c in old):
                        continue
                    old[:] = [x for x in old if not (new[0] <= x[0] and new[1] <= x[1])]
                    old.append(new)
    return out


def within_caps(problem: Problem, route: int, customers: list[int], mask: int) -> bool:
    """Does the set `mask` respect the route's `max_visits` and every `group_max`?"""
    members = [customers[b] for b in range(len(customers)) if mask >> b & 1]
    cap = problem.routes[route].max_visits
    if cap is not None and len(members) > cap:
        return False
    groups = [problem.groups[j] for j in members if j in problem.groups]
    return all(groups.count(g) <= problem.group_max.get(g, len(groups)) for g in set(groups))


def best_profit(problem: Problem) -> int:
    """The optimum total profit; mandatory nodes are not enforced (tests use none)."""
    cust = [i for i in problem.customer_nodes() if problem.profit[i] > 0]
    sets = [
        {x for x in feasible_sets(problem, r, cust) if within_caps(problem, r, cust, x)}
        for r in range(len(problem.routes))
    ]

    def value(mask: int) -> int:
        return sum(problem.profit[cust[b]] for b in range(len(cust)) if mask >> b & 1)

    reach = {0}
    for family in sets:
        reach = {a | b for a in reach for b in family if a & b == 0}
    return max(value(x) for x in reach)
