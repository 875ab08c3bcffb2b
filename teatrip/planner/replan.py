"""``replan``: the rest of one day from now, keeping what is done.

The rest of the day is planned like any day (candidates, engine, repair) from where the group is,
and assembled by the same code as a planned day; the stops already reached and their legs are kept
as they were, so no leg is routed twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from teatrip.errors import PlanError, RequestError
from teatrip.formatting import say
from teatrip.models import (
    Catalog,
    DayPlan,
    HoursStatus,
    Itinerary,
    Skipped,
    Stop,
    StopKind,
    parse_clock,
)
from teatrip.phrases import Clock, Duration, Place
from teatrip.planner.assembly import day_plan, leg, legs, place, stop
from teatrip.planner.candidates import build_candidates
from teatrip.planner.context import Context, TStop, seconds_of
from teatrip.planner.repair import plan_days
from teatrip.planner.rules import lunch_slot
from teatrip.planner.timing import simulate
from teatrip.planner.trip import make_context

if TYPE_CHECKING:
    from teatrip.matrix import TravelMatrix
    from teatrip.roads import RoadGraph

_VISITS = (StopKind.VISIT, StopKind.EVENT)


def _minutes(now: dt.time | str) -> int:
    if isinstance(now, str):
        try:
            return parse_clock(now)
        except ValueError as error:
            raise RequestError(say("--now: {error}", error=str(error))) from None
    return now.hour * 60 + now.minute


def replan(
    itinerary: Itinerary,
    catalog: Catalog,
    *,
    day: int,
    now: dt.time | str,
    at: str | None = None,
    graph: RoadGraph,
    matrix: TravelMatrix | None = None,
) -> tuple[Itinerary, list[str]]:
    """Re-plan the rest of day ``day`` from ``now``, keeping what is done.

    Stops the group reached before ``now`` are kept as they were. The rest of the day is planned
    from where the group is: ``at`` (a site id; the group is taken to have arrived there by
    ``now``) or else the last stop reached, which it leaves at its planned departure or at ``now``
    if that has passed. Sites visited on any other day, or already today, are not offered again;
    a lunch not yet taken is planned if its window is still open. ``graph`` and ``matrix`` are as
    for ``plan_trip``. Returns the new itinerary and what changed, in sentences.
    """
    if not 1 <= day <= len(itinerary.days):
        raise RequestError(
            say("--day: the trip has days 1..{last}, not {day}", last=len(itinerary.days), day=day)
        )
    now_min = _minutes(now)
    now_s = now_min * 60
    old = itinerary.days[day - 1]
    if not old.stops:
        raise RequestError(
            say("--day: day {day} of the saved trip has no stops to replan from", day=day)
        )
    if seconds_of(old.stops[-1].arrive) <= now_s:
        over = say(
            "day {day} is already over at {time}; nothing changed", day=day, time=Clock(now_s)
        )
        return itinerary, [over]
    if at is not None and at not in catalog.site_by_id:
        raise RequestError(say("--at: {site} is not a site of the catalog", site=repr(at)))
    ctx = make_context(catalog, itinerary.request, graph, matrix)
    base = ctx.days[day - 1]
    reached = [s for s in old.stops[:-1] if seconds_of(s.arrive) <= now_s] or [old.stops[0]]
    kept = list(reached)
    last = kept[-1]
    extra: list[tuple[int, int]] = []  # kept stops joined by a leg the old plan did not have
    if at is None or at == last.site:
        location = last.site
        leave = max(seconds_of(last.depart), now_s)
        kept[-1] = _shift_depart(ctx, last, leave)
    else:
        location = at
        there = ctx.travel(last.site, at)
        leave_last = max(seconds_of(last.start), min(seconds_of(last.depart), now_s - there))
        kept[-1] = _shift_depart(ctx, last, leave_last)
        arrive_at = leave_last + there
        leave = max(arrive_at, now_s)
        kept.append(_arrived(ctx, base.date, at, arrive_at, leave, now_min))
        extra = [(len(kept) - 2, len(kept) - 1)]
    for k, cut in enumerate(kept):
        # a visit cut short may no longer include its lunch: then the lunch is still to come
        if cut.lunch_on_site and (
            base.lunch is None
            or lunch_slot(seconds_of(cut.start), seconds_of(cut.depart), base.lunch) is None
        ):
            kept[k] = replace(cut, lunch_start=None, lunch_end=None)
    lunch_done = any(s.kind is StopKind.LUNCH or s.lunch_on_site for s in kept)
    driven = sum(item.duration_s for item in old.legs[: len(reached) - 1]) + sum(
        ctx.travel(kept[a].site, kept[b].site) for a, b in extra
    )
    changes: list[str] = []
    lunch = base.lunch
    if lunch_done:
        lunch = None
    elif lunch is not None and leave > lunch[1]:
        changes.append(
            say(
                "the lunch window ({start}-{end}) has passed; no lunch is planned",
                start=Clock(lunch[0]),
                end=Clock(lunch[1] + lunch[2]),
            )
        )
        lunch = None
    rest_day = replace(
        base,
        start_loc=location,
        t0=leave,
        cap=None if base.cap is None else max(0, base.cap - driven),
        lunch=lunch,
    )
    home = ctx.travel(location, base.end_loc)
    if leave + home > base.t1 or (rest_day.cap is not None and home > rest_day.cap):
        # The group cannot be back in time any more: send it straight back and say so.
        changes.append(
            say(
                "from {place} the group cannot be back at {home} by {time}: it heads straight "
                "back ({duration}), no more visits",
                place=place(ctx, location),
                home=place(ctx, base.end_loc),
                time=Clock(base.t1),
                duration=Duration(home),
            )
        )
        rest_day = replace(rest_day, t1=max(base.t1, leave + home), cap=None, lunch=None)
    ctx.days = [rest_day if d.index == base.index else d for d in ctx.days]
    visited = {
        s.site for d in itinerary.days if d.number != day for s in d.stops if s.kind in _VISITS
    } | {s.site for s in kept if s.kind in _VISITS}
    build_candidates(ctx, visited)
    planned_today = {s.site for s in old.stops if s.kind in _VISITS}
    for cand in ctx.cands.values():  # only this day is being planned
        cand.mandatory = cand.mandatory and cand.site.id in planned_today
    orders = plan_days(ctx, [rest_day])
    timed = simulate(ctx, rest_day, orders[0])
    if timed is None:
        raise PlanError(
            say(
                "day {day}: from {place} at {now} the group cannot be back at {home} by {time}",
                day=day,
                place=place(ctx, location),
                now=Clock(now_s),
                home=place(ctx, base.end_loc),
                time=Clock(base.t1),
            )
        )
    kept_legs = list(old.legs[: len(reached) - 1])
    for a, b in extra:
        ts_a = TStop(kept[a].site, kept[a].kind, 0, 0, seconds_of(kept[a].depart))
        ts_b = TStop(kept[b].site, kept[b].kind, seconds_of(kept[b].arrive), 0, 0)
        kept_legs.append(leg(ctx, rest_day, ts_a, ts_b))
    late: tuple[str, ...] = ()
    if timed.end > base.t1:
        late = (say("back after the day window ends ({time})", time=Clock(base.t1)),)
    plan = day_plan(
        ctx,
        base,
        kept + [stop(ctx, rest_day, ts) for ts in timed.stops[1:]],
        kept_legs + legs(ctx, rest_day, timed.stops),
        warnings=late,
    )
    changes += _changes(old, plan, now_s)
    return _with_day(itinerary, plan, old, now_min), changes


def _with_day(itinerary: Itinerary, plan: DayPlan, old: DayPlan, now_min: int) -> Itinerary:
    """The itinerary with ``plan`` for its day; visits the new day drops are skipped, saying so."""
    visits_now = {s.site for d in itinerary.days if d.number != plan.number for s in d.stops} | {
        s.site for s in plan.stops
    }
    skipped = [s for s in itinerary.skipped if s.site not in visits_now]
    for dropped in old.stops:
        if dropped.kind in _VISITS and dropped.site not in visits_now:
            reason = say(
                "dropped when day {day} was replanned at {time}",
                day=plan.number,
                time=Clock(now_min * 60),
            )
            skipped.append(Skipped(dropped.site, dropped.name, reason, "replanned"))
    days = tuple(plan if d.number == plan.number else d for d in itinerary.days)
    return replace(itinerary, days=days, skipped=tuple(skipped))


def _arrived(ctx: Context, date: dt.date, at: str, arrive: int, leave: int, now_min: int) -> Stop:
    """The stop where the group says it is now (``--at``), reached by ``arrive``."""
    site = ctx.sites[at]
    return Stop(
        site=at,
        name=site.name,
        name_en=site.name_en,
        kind=StopKind.VISIT,
        lat=site.lat,
        lon=site.lon,
        arrive=ctx.moment(date, arrive),
        start=ctx.moment(date, leave),
        depart=ctx.moment(date, leave),
        wait_minutes=(leave - arrive) // 60,
        activity=say("Replanned from here at {time}", time=Clock(now_min * 60)),
        check_hours=site.hours.status is not HoursStatus.SOURCED,
        coordinates_precision=site.location.precision.value,
        commune=site.commune_2025,
    )


def _shift_depart(ctx: Context, kept: Stop, depart_s: int) -> Stop:
    depart = ctx.moment(kept.depart.date(), depart_s)
    if depart == kept.depart:
        return kept
    visit = kept.visit_minutes
    if kept.kind not in (StopKind.START, StopKind.END):
        visit = max(0, int((depart - kept.start).total_seconds()) // 60)
    return replace(kept, depart=depart, visit_minutes=visit)


def _changes(old: DayPlan, new: DayPlan, now_s: int) -> list[str]:
    def later(stops: Sequence[Stop]) -> dict[str, Stop]:
        return {s.site: s for s in stops if s.kind in _VISITS and seconds_of(s.arrive) > now_s}

    before, after = later(old.stops), later(new.stops)
    present = {s.site for s in new.stops}
    out: list[str] = []
    for site, item in before.items():
        if site not in after and site not in present:
            out.append(
                say("dropped {place} (was at {time})", place=_at(item), time=_clock(item.start))
            )
    for site, item in after.items():
        if site not in before:
            out.append(say("added {place} at {time}", place=_at(item), time=_clock(item.start)))
        elif item.start != before[site].start:
            out.append(
                say(
                    "{place} now at {time} (was {was})",
                    place=_at(item),
                    time=_clock(item.start),
                    was=_clock(before[site].start),
                )
            )
    old_lunch = [s for s in old.stops if s.kind is StopKind.LUNCH and seconds_of(s.arrive) > now_s]
    new_lunch = [s for s in new.stops if s.kind is StopKind.LUNCH and seconds_of(s.arrive) > now_s]
    if new_lunch and (not old_lunch or old_lunch[0].start != new_lunch[0].start):
        out.append(
            say(
                "lunch at {time} near {place}",
                time=_clock(new_lunch[0].start),
                place=_at(new_lunch[0]),
            )
        )
    if new.end != old.end:
        out.append(
            say(
                "back at {place} at {time} (was {was})",
                place=_at(new.stops[-1]),
                time=_clock(new.end),
                was=_clock(old.end),
            )
        )
    if not out:
        out.append(say("nothing changed: the rest of day {day} stays as planned", day=new.number))
    return out


def _at(item: Stop) -> Place:
    """A stop's place as a fact of a phrase."""
    return Place(item.name, item.name_en)


def _clock(moment: dt.datetime) -> Clock:
    return Clock(seconds_of(moment))
