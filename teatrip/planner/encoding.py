"""The engine problem: the trip's candidate sites and days as a ``teatrip.solver`` TOPTW problem,
and the engine's routes decoded back into visit orders.

Lunch (taken where the group is) is modelled exactly by shifting the clock: the engine plans each
day without the lunch, ``length`` shorter, and every window comes twice (``lunch_shifted``). A long
visit that can include the lunch on site goes to the engine with the lunch left out of its service
and start windows that make it span the lunch (``lunch_on_site_windows``).
"""

from __future__ import annotations

from collections.abc import Sequence

from teatrip.planner.candidates import fitting_windows
from teatrip.planner.context import Context, Day
from teatrip.planner.rules import Lunch, Windows, can_absorb, iterations


def lunch_shifted(windows: Windows, service: int, lunch: Lunch) -> Windows:
    """Start windows on a day with lunch, in the engine's lunch-free clock.

    The engine's clock leaves the lunch out: a visit before the lunch keeps its times and must end
    by the latest lunch start; a visit after it happens ``length`` later in real time, so its
    windows move ``length`` earlier and it may not start before the earliest lunch start. Travel is
    unchanged (the lunch is taken where the group is), and the day must end ``length`` earlier.
    """
    lo, hi, length = lunch
    out: list[tuple[int, int]] = []
    for o, c in windows:
        before = (o, min(c, hi - service))
        after = (max(o - length, lo), c - length)
        out += [w for w in (before, after) if w[0] <= w[1]]
    return tuple(sorted(out))


def lunch_on_site_windows(windows: Windows, service: int, lunch: Lunch) -> Windows:
    """Start windows, in the engine's lunch-free clock, of a long visit that includes the lunch.

    The engine gets such a site with a service of ``service - length``: in its clock the lunch is
    left out, and here it is left out of the visit. The visit starts before the lunch, so its start
    is real time, and it must hold a lunch slot: start no earlier than ``earliest lunch start +
    length - service`` (so it lasts past the earliest lunch end), and no later than the earliest
    lunch start. Starting by the earliest lunch start (rather than the latest) keeps the engine
    from letting two visits on a day both include the one lunch: the second could only start after
    the first ends, past the earliest lunch start. Everything after it happens ``length`` later in
    real time, which is what the windows after lunch already assume.
    """
    lo, _, length = lunch
    out = []
    for o, c in windows:
        w = (max(o, lo + length - service + 1), min(c, lo))
        if w[0] <= w[1]:
            out.append(w)
    return tuple(out)


def _span(day: Day) -> int:
    return day.t1 - day.t0 - (day.lunch[2] if day.lunch is not None else 0)


def solve(
    ctx: Context,
    days: Sequence[Day],
    *,
    budget_s: float,
    seed: int,
    max_iterations: int | None = None,
) -> list[list[str]]:
    """Build the TOPTW problem over ``days`` and return the engine's visit order per day."""
    import numpy as np

    from teatrip.solver import Problem, Route
    from teatrip.solver import solve as solve_problem

    usable = [
        d
        for d in days
        if ctx.travel(d.start_loc, d.end_loc) <= _span(d)
        and (d.cap is None or ctx.travel(d.start_loc, d.end_loc) <= d.cap)
    ]
    if len(usable) < len(days):  # the engine refuses a route that cannot reach its end
        found = iter(
            solve(ctx, usable, budget_s=budget_s, seed=seed, max_iterations=max_iterations)
            if usable
            else []
        )
        return [next(found) if d in usable else [] for d in days]
    fitting = fitting_windows(ctx, days)
    cands = list(fitting)
    # Depots first, then customers; a replanned day may start at a site it can still visit, so the
    # same site can be both (two nodes, zero travel between them).
    depots = list(dict.fromkeys([*(d.start_loc for d in days), *(d.end_loc for d in days)]))
    site_ids = depots + cands
    depot_of = {s: k for k, s in enumerate(depots)}
    rows = [ctx.index[s] for s in site_ids]
    travel = np.ascontiguousarray(ctx.T[np.ix_(rows, rows)])
    np.fill_diagonal(travel, 0)
    node_of = {s: len(depots) + k for k, s in enumerate(cands)}
    # A long visit that can include the lunch on some day goes to the engine as one that does (the
    # engine has one service time per node, the same on every day): needs the same lunch each day.
    lunches = {d.lunch for d in days}
    lunch = next(iter(lunches)) if len(lunches) == 1 else None
    on_site: set[str] = set()
    if lunch is not None:
        for site in cands:
            cand = ctx.cands[site]
            if can_absorb(cand.service, lunch) and any(
                lunch_on_site_windows(w, cand.service, lunch) for w in fitting[site].values()
            ):
                on_site.add(site)
    service = [0] * len(site_ids)
    profit = [0] * len(site_ids)
    for site in cands:
        length = lunch[2] if lunch is not None and site in on_site else 0
        service[node_of[site]] = ctx.cands[site].service - length
        profit[node_of[site]] = ctx.cands[site].profit
    routes = []
    for day in days:
        windows: dict[int, Windows] = {}
        for site in cands:
            own = fitting[site].get(day.index, ())
            if day.lunch is not None and site in on_site:
                own = lunch_on_site_windows(own, ctx.cands[site].service, day.lunch)
            elif day.lunch is not None:
                own = lunch_shifted(own, ctx.cands[site].service, day.lunch)
            windows[node_of[site]] = own
        routes.append(
            Route(
                start=depot_of[day.start_loc],
                end=depot_of[day.end_loc],
                earliest=day.t0,
                latest=day.t0 + _span(day),
                max_travel=day.cap,
                windows=windows,
                max_visits=day.max_visits,
            )
        )
    # one site of a family per commune and day (value.family_group), as engine visit groups
    group_ids: dict[str, int] = {}
    for site in cands:
        if site in ctx.group_of:
            group_ids.setdefault(ctx.group_of[site], len(group_ids))
    problem = Problem(
        travel=travel,
        service=service,
        profit=profit,
        routes=routes,
        mandatory=frozenset(node_of[s] for s in cands if ctx.cands[s].mandatory),
        customers=[node_of[s] for s in cands],
        groups={node_of[s]: group_ids[ctx.group_of[s]] for s in cands if s in ctx.group_of},
        group_max=dict.fromkeys(group_ids.values(), 1),
    )
    solution = solve_problem(
        problem,
        budget_s=budget_s,
        seed=seed,
        max_iterations=max_iterations or iterations(len(cands), len(days)),
    )
    return [[site_ids[j] for j in route.nodes] for route in solution.routes]
