"""After the engine: make every day fit exactly, offer left-out sites again, swap better ones in.

Should a day not fit when timed exactly (a visit interleaving the two copies of its windows), it
loses its least valuable optional visit; then every left-out site is offered again by exact
insertion, and one- and two-visit swaps are tried.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from teatrip.planner.context import Context, Day
from teatrip.planner.encoding import solve
from teatrip.planner.rules import budget_iterations, default_budget
from teatrip.planner.timing import best_insertion, simulate


def plan_days(ctx: Context, days: Sequence[Day]) -> list[list[str]]:
    """The visit order of each of ``days``: the engine's choice, repaired, filled and improved."""
    request = ctx.request
    budget = (
        request.budget_s
        if request.budget_s is not None
        else default_budget(len(ctx.cands), len(days))
    )
    orders = (
        solve(
            ctx,
            days,
            budget_s=budget,
            seed=request.seed,
            max_iterations=budget_iterations(request.budget_s),
        )
        if ctx.cands
        else [[] for _ in days]
    )
    for k, day in enumerate(days):
        seq = orders[k]
        while seq and simulate(ctx, day, seq, best=False) is None:
            optional = [s for s in seq if not ctx.cands[s].mandatory] or list(seq)
            drop = min(optional, key=lambda s: (ctx.cands[s].profit, s))
            seq.remove(drop)
    _fill(ctx, days, orders)
    _improve(ctx, days, orders)
    return orders


def _fill(ctx: Context, days: Sequence[Day], orders: list[list[str]]) -> None:
    """Offer every left-out site again by exact insertion, mandatory and most valuable first."""
    used = {s for seq in orders for s in seq}
    left = sorted(
        (c for c in ctx.cands.values() if c.site.id not in used),
        key=lambda c: (not c.mandatory, -c.profit, c.site.id),
    )
    for cand in left:
        site = cand.site.id
        placed = _insert_anywhere(ctx, days, orders, site, plain=False)
        if not placed and cand.windows != cand.plain:
            # golden hour impossible now: take it outside the golden hour rather than not at all
            placed = _insert_anywhere(ctx, days, orders, site, plain=True)
            if placed:
                cand.windows = cand.plain
                cand.golden = [False] * len(cand.plain)


def _insert_anywhere(
    ctx: Context, days: Sequence[Day], orders: list[list[str]], site: str, *, plain: bool
) -> bool:
    cand = ctx.cands[site]
    wins = cand.plain if plain else cand.windows
    best: tuple[int, int, list[str]] | None = None
    for k, day in enumerate(days):
        if not wins[day.index]:
            continue
        found = best_insertion(ctx, day, orders[k], site, {site: wins[day.index]})
        if found is not None and (best is None or found[0] < best[0]):
            best = (found[0], k, found[1])
    if best is None:
        return False
    orders[best[1]] = best[2]
    return True


@dataclass(frozen=True)
class Swap:
    """The cheapest way found to fit a left-out site: drop ``dropped`` from day list index ``k``."""

    lost: int
    k: int
    dropped: tuple[str, ...]
    order: list[str]


def cheapest_removal(
    ctx: Context,
    site: str,
    days: Sequence[Day],
    orders: list[list[str]],
    *,
    below: int | None = None,
) -> Swap | None:
    """By exact insertion, chosen optional visits of one day whose removal lets ``site`` fit: the
    cheapest one or two, else the day's cheapest visits taken in order until it fits; only sets
    worth less than ``below`` when given."""
    cand = ctx.cands[site]
    best: Swap | None = None

    def too_dear(lost: int) -> bool:
        return (best is not None and lost >= best.lost) or (below is not None and lost >= below)

    for k, day in enumerate(days):
        wins = cand.plain[day.index]
        if not wins:
            continue
        seq = orders[k]
        optional = [s for s in seq if not ctx.cands[s].mandatory]
        combos = [(c,) for c in optional] + list(itertools.combinations(optional, 2))
        combos.sort(key=lambda c: (sum(ctx.cands[s].profit for s in c), len(c), c))
        for combo in combos:
            lost = sum(ctx.cands[s].profit for s in combo)
            if too_dear(lost):
                break
            rest = [s for s in seq if s not in combo]
            found = best_insertion(ctx, day, rest, site, {site: wins})
            if found is not None:
                best = Swap(lost, k, combo, found[1])
                break  # combos are sorted: the first that works is this day's cheapest
        else:
            # No one or two visits make room: drop the day's cheapest visits one by one.
            dropped: list[str] = []
            for extra in sorted(optional, key=lambda s: (ctx.cands[s].profit, s)):
                dropped.append(extra)
                lost = sum(ctx.cands[s].profit for s in dropped)
                if too_dear(lost):
                    break
                if len(dropped) < 3:
                    continue  # the pairs above covered these
                rest = [s for s in seq if s not in dropped]
                found = best_insertion(ctx, day, rest, site, {site: wins})
                if found is not None:
                    best = Swap(lost, k, tuple(dropped), found[1])
                    break
    return best


def _improve(ctx: Context, days: Sequence[Day], orders: list[list[str]]) -> None:
    """Swap a left-out site in for chosen visits worth less in total, then refill; repeat.

    This also keeps the skip reasons honest: afterwards no left-out site can be fitted by
    dropping visits worth less than itself (within one- and two-visit swaps on a day).
    """
    for _ in range(2 * len(ctx.cands) + 1):
        used = {s for seq in orders for s in seq}
        left = sorted(
            (c for c in ctx.cands.values() if c.site.id not in used),
            key=lambda c: (-c.profit, c.site.id),
        )
        for cand in left:
            swap = cheapest_removal(ctx, cand.site.id, days, orders, below=cand.profit)
            if swap is not None:
                orders[swap.k] = swap.order
                if cand.windows != cand.plain and (
                    simulate(ctx, days[swap.k], swap.order, best=False) is None
                ):  # it only fits outside the golden hour
                    cand.windows = cand.plain
                    cand.golden = [False] * len(cand.plain)
                _fill(ctx, days, orders)
                break
        else:
            return
