"""Why a site is left out, in words a person can act on, and the checks on must-visit sites.

A skipped site is closed on every date; cannot be reached within its hours even as a day's only
stop (travel, closing time and visit length spelled out); or fits alone but is worth less than what
was chosen, naming the cheapest visit(s) whose removal lets it in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from teatrip.errors import PlanError, RequestError
from teatrip.formatting import say, say_n
from teatrip.i18n import N_
from teatrip.models import Mode, Skipped
from teatrip.phrases import Clock, Duration, Fact, Phrase, Place, Places
from teatrip.planner.assembly import place
from teatrip.planner.context import Context, Day
from teatrip.planner.repair import cheapest_removal
from teatrip.planner.rules import LUNCH_ON_SITE_MIN_VISIT, NO_ROAD, can_absorb
from teatrip.planner.timing import alone
from teatrip.planner.value import DAYLIGHT_MODES


def check_must(ctx: Context) -> None:
    """Refuse a trip whose must-visit site is closed, off the roads or unreachable on every day."""
    for site_id in ctx.request.must:
        here = place(ctx, site_id)
        if site_id in ctx.closed:
            raise RequestError(
                say(
                    "--must {id}: {place} is {why}", id=site_id, place=here, why=ctx.closed[site_id]
                )
            )
        if site_id in ctx.unrouted:
            raise PlanError(
                say(
                    "--must {id}: {place} is {why}",
                    id=site_id,
                    place=here,
                    why=ctx.unrouted[site_id],
                )
            )
        cand = ctx.cands.get(site_id)
        if cand is None:
            continue
        if not any(alone(ctx, day, site_id, cand.plain[day.index]) for day in ctx.days):
            raise PlanError(
                say(
                    "--must {id}: {place} cannot be visited on this trip: {why}",
                    id=site_id,
                    place=here,
                    why=unreachable_reason(ctx, site_id, ctx.days),
                )
            )


#: How a mode's roads are named in "no ... road reaches it".
_ROAD_MODES: dict[Mode, str] = {
    Mode.WALK: N_("walk"),
    Mode.BICYCLE: N_("bicycle"),
    Mode.MOTORBIKE: N_("motorbike"),
    Mode.CAR: N_("car"),
}

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
    limit = Duration((cap or 0) * 60)
    if reachable and cap_binds:
        raise RequestError(
            say_n(
                "--max-drive {limit} leaves {n} site within reach ({places}) for {days} days: "
                "allow more driving a day",
                "--max-drive {limit} leaves {n} sites within reach ({places}) for {days} days: "
                "allow more driving a day",
                len(reachable),
                limit=limit,
                places=Places(tuple(place(ctx, s) for s in reachable)),
                days=request.days,
            )
        )
    if reachable:
        return

    def round_trip(site: str) -> int:
        return min(ctx.travel(d.start_loc, site) + ctx.travel(site, d.end_loc) for d in ctx.days)

    nearest = min(ctx.cands, key=lambda s: (round_trip(s), s))
    name = place(ctx, nearest)
    if cap_binds:
        raise RequestError(
            say(
                "--max-drive {limit} leaves no site within reach: the nearest, {place}, needs "
                "{duration} of driving there and back",
                limit=limit,
                place=name,
                duration=Duration(round_trip(nearest)),
            )
        )
    window = request.day_window
    if window.start <= _USUAL_DAY[0] and window.end >= _USUAL_DAY[1]:
        return  # the day is a full one: the skip reasons say why each site is left out
    first = ctx.days[0]
    needed = round_trip(nearest) + ctx.cands[nearest].service
    day = say("{start}-{end}", start=Clock(first.t0), end=Clock(first.t1))
    if request.mode in DAYLIGHT_MODES:
        day = say("{start}-{end}, back before dark", start=Clock(first.t0), end=Clock(first.t1))
    facts: dict[str, Fact] = {
        "window": str(window),
        "day": day,
        "place": name,
        "duration": Duration(needed),
    }
    if first.lunch is not None:
        raise RequestError(
            say(
                "--day {window}: the day ({day}) is too short for any visit: the nearest, "
                "{place}, needs {duration} with the way there and back and the lunch",
                **facts,
            )
        )
    raise RequestError(
        say(
            "--day {window}: the day ({day}) is too short for any visit: the nearest, {place}, "
            "needs {duration} with the way there and back",
            **facts,
        )
    )


def check_must_placed(ctx: Context, orders: Sequence[Sequence[str]]) -> None:
    """Refuse a plan that could not fit every must-visit site."""
    placed = {s for seq in orders for s in seq}
    for site_id in ctx.request.must:
        if site_id not in placed:
            others = [m for m in ctx.request.must if m != site_id]
            if others:
                raise PlanError(
                    say(
                        "--must {id}: {place} could not be fitted together with {others} and "
                        "the lunch within the day windows; add a day or drop a must-visit site",
                        id=site_id,
                        place=place(ctx, site_id),
                        others=", ".join(others),
                    )
                )
            raise PlanError(
                say(
                    "--must {id}: {place} could not be fitted and the lunch within the day "
                    "windows; add a day or drop a must-visit site",
                    id=site_id,
                    place=place(ctx, site_id),
                )
            )


def unreachable_reason(ctx: Context, site: str, days: Sequence[Day]) -> str:
    """Why a site cannot be a day's only stop on any open day, with the numbers that decide it."""
    cand = ctx.cands[site]
    details: list[Phrase] = []
    for day in days:
        wins = cand.plain[day.index]
        if not wins:
            continue
        lodging = place(ctx, day.start_loc)
        there = ctx.travel(day.start_loc, site)
        back = ctx.travel(site, day.end_loc)
        if there >= NO_ROAD or back >= NO_ROAD:
            return say(
                "no {mode} road reaches it from {place}",
                mode=say(_ROAD_MODES[ctx.request.mode]),
                place=lodging,
            )
        last_start = max(hi for _, hi in wins)
        event = cand.events[day.index]
        visit = say(
            "a visit of {visit}, {duration} from {place}",
            visit=Duration(cand.service),
            duration=Duration(there),
            place=lodging,
        )
        if event is not None and event.fixed_start is not None:
            details.append(
                say(
                    "{event} starts at {time}, and the group cannot be there and back within "
                    "the day window",
                    event=Place(event.name, event.name_en),
                    time=Clock(event.fixed_start * 60),
                )
            )
        elif day.t0 + there > last_start:
            details.append(
                say(
                    "needs {duration} from {place}, closes {closes} (a {visit} visit must start "
                    "by {start})",
                    duration=Duration(there),
                    place=lodging,
                    closes=Clock(last_start + cand.service),
                    visit=Duration(cand.service),
                    start=Clock(last_start),
                )
            )
        elif day.cap is not None and there + back > day.cap:
            details.append(
                say(
                    "needs {duration} of driving there and back; --max-drive is {cap}",
                    duration=Duration(there + back),
                    cap=Duration(day.cap),
                )
            )
        elif day.lunch is not None and alone(ctx, replace(day, lunch=None), site, wins):
            lo, hi, length = day.lunch
            meal = say(
                "the {duration} lunch ({start}-{end})",
                duration=Duration(length),
                start=Clock(lo),
                end=Clock(hi + length),
            )
            if can_absorb(cand.service, day.lunch):
                why = say(
                    "cannot include {meal} on site, and leaves no room for it and the way back "
                    "by {time}",
                    meal=meal,
                    time=Clock(day.t1),
                )
            else:
                why = say(
                    "leaves no room for {meal} and the way back by {time} (only a visit of "
                    "{duration} or more includes lunch on site)",
                    meal=meal,
                    time=Clock(day.t1),
                    duration=Duration(LUNCH_ON_SITE_MIN_VISIT * 60),
                )
            details.append(
                say(
                    "{visit}, {why}: plan that day with --no-lunch or a longer --day",
                    visit=visit,
                    why=why,
                )
            )
        else:
            details.append(
                say("{visit}, does not fit before {time}", visit=visit, time=Clock(day.t1))
            )
    if not details:
        first = days[0] if days else ctx.days[0]
        return say(
            "a visit of {visit} does not fit inside its opening hours and the day ({start}-{end}) "
            "on any trip day",
            visit=Duration(cand.service),
            start=Clock(first.t0),
            end=Clock(first.t1),
        )
    return _listed(list(dict.fromkeys(details)), "; ")


def _listed(parts: Sequence[Phrase], separator: str) -> Phrase:
    """Phrases one after the other, ``"A; B; C"``: a template of fields only, which every language
    keeps as it is (flat, so that a saved trip's facts do not nest one level per part)."""
    if len(parts) == 1:
        return parts[0]
    names = [f"p{k}" for k in range(len(parts))]
    template = separator.join("{" + name + "}" for name in names)
    return say(template, **dict(zip(names, parts, strict=True)))


def _outscored_reason(ctx: Context, site: str, days: Sequence[Day], orders: list[list[str]]) -> str:
    """What would have to go for a left-out site that fits on its own."""
    score = ctx.cands[site].score
    swap = cheapest_removal(ctx, site, days, orders)
    if swap is None:
        return say(
            "fits on a day of its own (score {score}) but not beside any day's must-visit sites "
            "and lunch",
            score=score,
        )
    parts = [
        say("{place} ({score})", place=place(ctx, s), score=ctx.cands[s].score)
        for s in swap.dropped
    ]
    if len(parts) > 4:
        more = len(parts) - 3
        parts = [*parts[:3], say_n("{n} more visit", "{n} more visits", more)]
    names = parts[0]
    if len(parts) > 1:
        names = say("{others} and {last}", others=_listed(parts[:-1], ", "), last=parts[-1])
    if len(swap.dropped) > 1:
        return say(
            "score {score}: would need to drop {places}, worth more together, on day {day}",
            score=score,
            places=names,
            day=days[swap.k].number,
        )
    return say(
        "score {score}: would need to drop {places} on day {day}",
        score=score,
        places=names,
        day=days[swap.k].number,
    )


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
        out.append(Skipped(site_id, ctx.sites[site_id].name, say("avoided (--avoid)"), "avoided"))
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
                reason = say(
                    "score {score}: worth less than every visit chosen on its open days (the "
                    "least is {place}, score {least})",
                    score=cand.score,
                    place=place(ctx, cheaper),
                    least=ctx.cands[cheaper].score,
                )
            else:
                code, reason = "outscored", _outscored_reason(ctx, site_id, days, orders)
        out.append(Skipped(site_id, cand.site.name, reason, code))
    order = {"avoided": 0, "closed": 1, "unreachable": 2, "outscored": 3}
    return sorted(out, key=lambda s: (order.get(s.code, 9), s.site))
