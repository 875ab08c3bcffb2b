"""Exact timing of a day: lunch placement, simulation of a visit order, exact insertion.

Every time on the sheet comes from ``simulate`` over the same matrix the engine used: depart +
leg = next arrive, to the second. The lunch is tried at every point of the day (at the lodging,
on arrival before a visit while waiting for a window, after a visit, at a food site within
``FOOD_DETOUR_S`` of detour and open for the whole meal, or on site during a long visit) and the
earliest-ending placement is kept, preferring a food site or a long visit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from teatrip import hours as _hours
from teatrip.models import StopKind
from teatrip.planner.context import Context, Day, Timed, TStop
from teatrip.planner.rules import FOOD_DETOUR_S, NO_ROAD, Windows, can_absorb, lunch_slot

#: Where the lunch goes in one trial: ("point", n) at the n-th point of the day, ("food", k, site)
#: at a food site before the k-th visit, ("visit", k) during the k-th visit.
_Option = tuple[str, int, str]


def simulate(
    ctx: Context,
    day: Day,
    seq: Sequence[str],
    windows: Mapping[str, Windows] | None = None,
    *,
    best: bool = True,
) -> Timed | None:
    """Time a day's visit order exactly (earliest start in the first usable window) with the
    lunch placed where it ends the day earliest, preferring a food site or a long visit that
    includes it; None when it does not fit. ``best=False`` takes the first placement that fits."""
    wins = [
        windows[site] if windows and site in windows else ctx.cands[site].windows[day.index]
        for site in seq
    ]
    base = _run(ctx, day, seq, wins, None)
    if base is None:
        return None
    if day.lunch is None:
        return base
    options: list[_Option] = [("point", p, "") for p in range(2 * len(seq) + 2)]
    options += [("food", g, f) for g in range(len(seq) + 1) for f in ctx.food]
    options += [
        ("visit", k, "")
        for k, site in enumerate(seq)
        if can_absorb(ctx.cands[site].service, day.lunch)
    ]
    found: list[tuple[tuple[int, int, int, int], Timed]] = []
    for option in options:
        timed = _run(ctx, day, seq, wins, option)
        if timed is None:
            continue
        if not best:
            return timed
        lunch_start = next(
            s.start if s.kind is StopKind.LUNCH else s.lunch_at
            for s in timed.stops
            if s.kind is StopKind.LUNCH or s.lunch_at is not None
        )
        assert lunch_start is not None
        # a meal at a food site or on site during a long visit beats eating "where we are"
        rank = (0 if option[0] != "point" else 1, timed.end, timed.drive, lunch_start)
        found.append((rank, timed))
    if not found:
        return None
    return min(found, key=lambda item: item[0])[1]


def _run(
    ctx: Context,
    day: Day,
    seq: Sequence[str],
    wins: Sequence[Windows],
    lunch: _Option | None,
) -> Timed | None:
    t_rows = ctx.rows
    idx = ctx.index
    t = day.t0
    loc = day.start_loc
    drive = 0
    stops = [TStop(loc, StopKind.START, t, t, t)]
    cap = day.cap if day.cap is not None else NO_ROAD
    lunch_info = day.lunch

    def eat(at: str, now: int, food: bool = False) -> int | None:
        assert lunch_info is not None
        lo, hi, length = lunch_info
        start = max(now, lo)
        if start > hi:
            return None
        stops.append(TStop(at, StopKind.LUNCH, now, start, start + length, food))
        return start + length

    point = 0
    lunched = False

    def at_point(now: int, where: str) -> int | None:
        nonlocal point
        here = point
        point += 1
        if lunch is not None and lunch[0] == "point" and lunch[1] == here:
            return eat(where, now)
        return now

    def lunch_at_food(now: int, here: str, driven: int) -> tuple[int, str, int] | None:
        """Drive to the chosen food site and eat: (time, place, driving) after, or None."""
        assert lunch is not None
        food = lunch[2]
        leg = t_rows[idx[here]][idx[food]]
        if not _food_ok(ctx, day, food, now + leg):
            return None
        fed_at = eat(food, now + leg, True)
        return None if fed_at is None else (fed_at, food, driven + leg)

    for k, site in enumerate(seq):
        after = at_point(t, loc)
        if after is None:
            return None
        t = after
        if lunch is not None and lunch[0] == "food" and lunch[1] == k:
            fed = lunch_at_food(t, loc, drive)
            if fed is None:
                return None
            t, loc, drive = fed
        leg = t_rows[idx[loc]][idx[site]]
        drive += leg
        arrive = t + leg
        ready = at_point(arrive, site)
        if ready is None:
            return None
        service = ctx.cands[site].service
        absorb = lunch is not None and lunch[0] == "visit" and lunch[1] == k
        earliest = ready
        if absorb:  # wait, if need be, until the visit can hold the whole lunch
            assert lunch_info is not None
            earliest = max(ready, lunch_info[0] + lunch_info[2] - service)
        start = None
        for lo, hi in wins[k]:
            if earliest <= hi:
                start = max(earliest, lo)
                break
        if start is None:
            return None
        depart = start + service
        lunch_at = None
        if absorb:
            assert lunch_info is not None
            lunch_at = lunch_slot(start, depart, lunch_info)
            if lunch_at is None:
                return None
            lunched = True
        # after a lunch on arrival the visit "arrives" when lunch ends (a 0-second leg)
        stops.append(TStop(site, StopKind.VISIT, ready, start, depart, lunch_at=lunch_at))
        t, loc = depart, site
        if drive > cap or t > day.t1:
            return None
    after = at_point(t, loc)
    if after is None:
        return None
    t = after
    if lunch is not None and lunch[0] == "food" and lunch[1] == len(seq):
        fed = lunch_at_food(t, loc, drive)
        if fed is None:
            return None
        t, loc, drive = fed
    leg = t_rows[idx[loc]][idx[day.end_loc]]
    drive += leg
    arrive = t + leg
    end = at_point(arrive, day.end_loc)
    if end is None:
        return None
    if lunch is not None and not lunched and not any(s.kind is StopKind.LUNCH for s in stops):
        return None
    stops.append(TStop(day.end_loc, StopKind.END, end, end, end))
    if end > day.t1 or drive > cap:
        return None
    if lunch is not None and lunch[0] == "food":
        # "close": the detour to the food site costs at most FOOD_DETOUR_S of extra driving
        plain = _run(ctx, day, seq, wins, None)
        if plain is None or drive - plain.drive > FOOD_DETOUR_S:
            return None
    return Timed(stops, drive, end)


def _food_ok(ctx: Context, day: Day, food: str, arrive: int) -> bool:
    """A food site is usable when the whole lunch fits inside one of its windows that day."""
    assert day.lunch is not None
    lo, hi, length = day.lunch
    start = max(arrive, lo)
    if start > hi:
        return False
    site = ctx.sites[food]
    for w in _hours.windows_on(ctx.catalog, site, day.date):
        if w.start * 60 <= start and start + length <= w.end * 60:
            return True
    return False


def best_insertion(
    ctx: Context,
    day: Day,
    seq: Sequence[str],
    site: str,
    windows: Mapping[str, Windows] | None = None,
) -> tuple[int, list[str]] | None:
    """Cheapest feasible position of ``site`` in a day: (day end after insertion, new order)."""
    best: tuple[int, list[str]] | None = None
    for pos in range(len(seq) + 1):
        trial = [*seq[:pos], site, *seq[pos:]]
        timed = simulate(ctx, day, trial, windows, best=False)
        if timed is not None and (best is None or timed.end < best[0]):
            best = (timed.end, trial)
    return best


def alone(ctx: Context, day: Day, site: str, windows: Windows | None = None) -> bool:
    """Whether ``site`` fits as the day's only visit (in ``windows`` when given)."""
    wins = {site: windows} if windows is not None else None
    return simulate(ctx, day, [site], wins, best=False) is not None
