"""Why a site is left out, in words a person can act on, and the checks on must-visit sites.

A skipped site is closed on every date; cannot be reached within its hours even as a day's only
stop (travel, closing time and visit length spelled out); or fits alone but is worth less than what
was chosen, naming the cheapest visit(s) whose removal lets it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from teatrip.errors import PlanError, RequestError
from teatrip.formatting import clock, clock_s, duration_s
from teatrip.models import Skipped
from teatrip.planner.context import Context, Day
from teatrip.planner.repair import cheapest_removal
from teatrip.planner.rules import LUNCH_ON_SITE_MIN_VISIT, NO_ROAD, can_absorb
from teatrip.planner.timing import alone
from teatrip.planner.value import DAYLIGHT_MODES


def check_must(ctx: Context) -> None:
    """Refuse a trip whose must-visit site is closed, off the roads or unreachable on every day."""
    for site_id in ctx.request.must:
        site = ctx.sites[site_id]
        if site_id in ctx.closed:
            raise RequestError(f"--must {site_id}: {site.name} is {ctx.closed[site_id]}")
        if site_id in ctx.unrouted:
            raise PlanError(f"--must {site_id}: {site.name} is {ctx.unrouted[site_id]}")
        cand = ctx.cands.get(site_id)
        if cand is None:
            continue
        if not any(alone(ctx, day, site_id, cand.plain[day.index]) for day in ctx.days):
            raise PlanError(
                f"--must {site_id}: {site.name} cannot be visited on this trip: "
                f"{unreachable_reason(ctx, site_id, ctx.days)}"
            )


#: The day of the published tours (minutes): a shorter --day is a limit the user chose.
_USUAL_DAY = (7 * 60 + 30, 17 * 60 + 30)


def check_something_fits(ctx: Context) -> None:
    """One clear sentence, instead of days of waiting, when the request's own limits (a drive
    cap, a short day) leave room for no visit, or a drive cap leaves fewer sites within reach than
    the trip has days. Without such limits, the skip reasons say why each site is left out."""
    request = ctx.request
    cap = request.max_drive_minutes

    def fitting(with_cap: bool) -> list[str]:
        return [
            site
            for site, cand in ctx.cands.items()
            if any(
                alone(ctx, day if with_cap else replace(day, cap=None), site, wins)
                for day in ctx.days
                if (wins := cand.plain[day.index])
            )
        ]

    if not ctx.cands:
        return
    reachable = fitting(True)
    if reachable and (cap is None or len(reachable) >= request.days):
        return
    cap_binds = cap is not None and len(fitting(False)) > len(reachable)
    limit = duration_s((cap or 0) * 60)
    if reachable and cap_binds:
        names = ", ".join(ctx.sites[s].name for s in reachable)
        raise RequestError(
            f"--max-drive {limit} leaves {len(reachable)} "
            f"site{'s' if len(reachable) > 1 else ''} within reach ({names}) for "
            f"{request.days} days: allow more driving a day"
        )
    if reachable:
        return

    def round_trip(site: str) -> int:
        return min(ctx.travel(d.start_loc, site) + ctx.travel(site, d.end_loc) for d in ctx.days)

    nearest = min(ctx.cands, key=lambda s: (round_trip(s), s))
    name = ctx.sites[nearest].name
    if cap_binds:
        raise RequestError(
            f"--max-drive {limit} leaves no site within reach: the nearest, {name}, needs "
            f"{duration_s(round_trip(nearest))} of driving there and back"
        )
    window = request.day_window
    if window.start <= _USUAL_DAY[0] and window.end >= _USUAL_DAY[1]:
        return  # the day is a full one: the skip reasons say why each site is left out
    first = ctx.days[0]
    needed = round_trip(nearest) + ctx.cands[nearest].service
    dark = ", back before dark" if request.mode in DAYLIGHT_MODES else ""
    meal = " and the lunch" if first.lunch is not None else ""
    raise RequestError(
        f"--day {window}: the day ({clock_s(first.t0)}-{clock_s(first.t1)}{dark}) is too short "
        f"for any visit: the nearest, {name}, needs {duration_s(needed)} with the way there and "
        f"back{meal}"
    )


def check_must_placed(ctx: Context, orders: Sequence[Sequence[str]]) -> None:
    """Refuse a plan that could not fit every must-visit site."""
    placed = {s for seq in orders for s in seq}
    for site_id in ctx.request.must:
        if site_id not in placed:
            others = [m for m in ctx.request.must if m != site_id]
            beside = f" together with {', '.join(others)}" if others else ""
            raise PlanError(
                f"--must {site_id}: {ctx.sites[site_id].name} could not be fitted{beside} "
                f"and the lunch within the day windows; add a day or drop a must-visit site"
            )


def unreachable_reason(ctx: Context, site: str, days: Sequence[Day]) -> str:
    """Why a site cannot be a day's only stop on any open day, with the numbers that decide it."""
    cand = ctx.cands[site]
    details: list[str] = []
    for day in days:
        wins = cand.plain[day.index]
        if not wins:
            continue
        lodging = ctx.sites[day.start_loc].name
        there = ctx.travel(day.start_loc, site)
        back = ctx.travel(site, day.end_loc)
        if there >= NO_ROAD or back >= NO_ROAD:
            return f"no {ctx.request.mode.value} road reaches it from {lodging}"
        last_start = max(hi for _, hi in wins)
        event = cand.events[day.index]
        visit = f"a visit of {duration_s(cand.service)}, {duration_s(there)} from {lodging}"
        if event is not None and event.fixed_start is not None:
            details.append(
                f"{event.name_en or event.name} starts at {clock(event.fixed_start)}, "
                f"and the group cannot be there and back within the day window"
            )
        elif day.t0 + there > last_start:
            details.append(
                f"needs {duration_s(there)} from {lodging}, closes "
                f"{clock_s(last_start + cand.service)} (a {duration_s(cand.service)} visit must "
                f"start by {clock_s(last_start)})"
            )
        elif day.cap is not None and there + back > day.cap:
            details.append(
                f"needs {duration_s(there + back)} of driving there and back; "
                f"--max-drive is {duration_s(day.cap)}"
            )
        elif day.lunch is not None and alone(ctx, replace(day, lunch=None), site, wins):
            lo, hi, length = day.lunch
            meal = f"the {duration_s(length)} lunch ({clock_s(lo)}-{clock_s(hi + length)})"
            if can_absorb(cand.service, day.lunch):
                why = (
                    f"cannot include {meal} on site, and leaves no room for it "
                    f"and the way back by {clock_s(day.t1)}"
                )
            else:
                why = (
                    f"leaves no room for {meal} and the way back by {clock_s(day.t1)} (only a "
                    f"visit of {duration_s(LUNCH_ON_SITE_MIN_VISIT * 60)} or more includes "
                    "lunch on site)"
                )
            details.append(f"{visit}, {why}: plan that day with --no-lunch or a longer --day")
        else:
            details.append(f"{visit}, does not fit before {clock_s(day.t1)}")
    if not details:
        first = days[0] if days else ctx.days[0]
        return (
            f"a visit of {duration_s(cand.service)} does not fit inside its opening hours and "
            f"the day ({clock_s(first.t0)}-{clock_s(first.t1)}) on any trip day"
        )
    return details[0] if len(set(details)) == 1 else "; ".join(dict.fromkeys(details))


def _outscored_reason(ctx: Context, site: str, days: Sequence[Day], orders: list[list[str]]) -> str:
    """What would have to go for a left-out site that fits on its own."""
    score = ctx.cands[site].score
    swap = cheapest_removal(ctx, site, days, orders)
    if swap is None:
        return (
            f"fits on a day of its own (score {score}) but not beside any day's must-visit "
            "sites and lunch"
        )
    parts = [f"{ctx.sites[s].name} ({ctx.cands[s].score})" for s in swap.dropped]
    if len(parts) > 4:
        parts = [*parts[:3], f"{len(parts) - 3} more visits"]
    names = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    worth = ", worth more together" if len(swap.dropped) > 1 else ""
    return f"score {score}: would need to drop {names}{worth} on day {days[swap.k].number}"


#: The most valuable left-out sites get the exact swap that would let them in; the rest, when
#: worth less than every visit chosen on their open days, say so (a big catalog has thousands).
EXACT_REASONS = 40


def _least_chosen(
    ctx: Context, site: str, days: Sequence[Day], orders: list[list[str]]
) -> str | None:
    """The least valuable optional visit chosen on a day ``site`` is open (None if there is none
    on some open day: a swap there could cost nothing)."""
    open_days = [k for k, day in enumerate(days) if ctx.cands[site].plain[day.index]]
    least: str | None = None
    for k in open_days:
        optional = [s for s in orders[k] if not ctx.cands[s].mandatory]
        if not optional:
            return None
        here = min(optional, key=lambda s: (ctx.cands[s].profit, s))
        if least is None or ctx.cands[here].profit < ctx.cands[least].profit:
            least = here
    return least


def skipped(ctx: Context, days: Sequence[Day], orders: list[list[str]]) -> list[Skipped]:
    """Every site the plan leaves out, with its reason: avoided, closed, unreachable, outscored."""
    used = {s for seq in orders for s in seq}
    out: list[Skipped] = []
    for site_id in ctx.request.avoid:
        out.append(Skipped(site_id, ctx.sites[site_id].name, "avoided (--avoid)", "avoided"))
    for site_id, reason in ctx.closed.items():
        out.append(Skipped(site_id, ctx.sites[site_id].name, reason, "closed"))
    for site_id, reason in ctx.unrouted.items():
        out.append(Skipped(site_id, ctx.sites[site_id].name, reason, "unreachable"))
    for site_id, reason in ctx.pruned.items():
        out.append(Skipped(site_id, ctx.sites[site_id].name, reason, "outscored"))
    left = sorted(
        (c for site_id, c in ctx.cands.items() if site_id not in used),
        key=lambda c: (-c.profit, c.site.id),
    )
    for rank, cand in enumerate(left):
        site_id = cand.site.id
        if not any(alone(ctx, day, site_id, cand.plain[day.index]) for day in days):
            code, reason = "unreachable", unreachable_reason(ctx, site_id, days)
        else:
            cheaper = _least_chosen(ctx, site_id, days, orders) if rank >= EXACT_REASONS else None
            if cheaper is not None and ctx.cands[cheaper].profit > cand.profit:
                # worth less than every visit chosen on its open days: no swap can pay, so the
                # search for one (what explaining a big catalog costs) is skipped
                code = "outscored"
                reason = (
                    f"score {cand.score}: worth less than every visit chosen on its open days "
                    f"(the least is {ctx.sites[cheaper].name}, score {ctx.cands[cheaper].score})"
                )
            else:
                code, reason = "outscored", _outscored_reason(ctx, site_id, days, orders)
        out.append(Skipped(site_id, cand.site.name, reason, code))
    order = {"avoided": 0, "closed": 1, "unreachable": 2, "outscored": 3}
    return sorted(out, key=lambda s: (order.get(s.code, 9), s.site))
