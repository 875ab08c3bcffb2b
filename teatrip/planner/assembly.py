"""Timed days -> the itinerary's stops, legs and day plans, with their facts and warnings.

Both ``plan_trip`` and ``replan`` assemble days here; every leg's roads come from
``Context.route``, the one place legs are routed.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from dataclasses import replace

from teatrip import hours as _hours
from teatrip.formatting import CHECK_HOURS_TEMPLATE, catalog_text, say
from teatrip.models import DayPlan, Event, HoursStatus, Leg, RoadStretch, Stop, StopKind, Why
from teatrip.network import duration_range
from teatrip.phrases import Clock, Place, Places, Words
from teatrip.planner.context import Context, Day, Timed, TStop
from teatrip.planner.value import HEADLINE_SCORE, value


def place(ctx: Context, site_id: str) -> Place:
    """A site as a fact of a phrase: its Vietnamese name and its English one."""
    site = ctx.sites[site_id]
    return Place(site.name, site.name_en)


def stop(ctx: Context, day: Day, ts: TStop) -> Stop:
    """The itinerary stop of a timed stop, with the site's facts for that day."""
    site = ctx.sites[ts.site]
    here = place(ctx, ts.site)
    kind = ts.kind
    visit = (ts.depart - ts.start) // 60
    activity: str
    if kind is StopKind.LUNCH:
        activity = (
            say("Lunch at {place}", place=here)
            if ts.food
            else say(
                "Lunch break ({minutes} min) near {place}: eat where the group is",
                minutes=visit,
                place=here,
            )
        )
        return _stop(ctx, day, ts, kind, activity=activity, visit=visit)
    if kind is StopKind.START:
        return _stop(ctx, day, ts, kind, activity=say("Leave {place}", place=here), visit=0)
    if kind is StopKind.END:
        return _stop(ctx, day, ts, kind, activity=say("Back at {place}", place=here), visit=0)
    cand = ctx.cands[ts.site]
    event = cand.events[day.index]
    notes: list[str] = []
    if event is not None:
        kind = StopKind.EVENT
        name = Place(event.name, event.name_en)
        activity = _catalog_text(event.description_vi, event.description) or say(
            "{event}", event=name
        )
        if event.site_estimated:
            notes.append(say("venue not confirmed by the source: check where it is held"))
    else:
        activity = _catalog_text(site.description_vi, site.description)
    if site.season is not None and day.date.month in site.season.best_months:
        season = site.season
        notes.append(
            say("in season: {note}", note=Words(season.note_vi, season.note))
            if season.note or season.note_vi
            else say("in season")
        )
    if cand.golden[day.index]:
        notes.append(say("timed for the golden hour"))
    if site.hours.lunar_days is not None:
        lunar = _hours.lunar_date(day.date)
        notes.append(say("market day: lunar {day}/{month}", day=lunar.day, month=lunar.month))
    if ctx.request.golden_hour and "photo" in site.tags and not cand.golden[day.index]:
        if cand.golden_possible and cand.golden_possible[day.index]:
            notes.append(say("outside the golden hour (it did not fit then)"))
        else:
            notes.append(say("outside the golden hour (its opening hours miss it)"))
    lunch: tuple[int, int] | None = None
    if ts.lunch_at is not None:
        assert day.lunch is not None
        lunch = (ts.lunch_at, ts.lunch_at + day.lunch[2])
    visit_stop = _stop(
        ctx,
        day,
        ts,
        kind,
        activity=activity,
        visit=visit,
        event=event,
        notes=tuple(notes),
        lunch=lunch,
        check=cand.check[day.index],
        facts=True,
    )
    return replace(
        visit_stop,
        chosen_for=_chosen_for(ctx, day, ts.site, event),
        event_name="" if event is None else say("{event}", event=Place(event.name, event.name_en)),
    )


def _chosen_for(ctx: Context, day: Day, site_id: str, event: Event | None) -> tuple[Why, ...]:
    """Why a visit is in the plan, as facts the renderers word."""
    site, cand = ctx.sites[site_id], ctx.cands[site_id]
    in_season = site.season is not None and day.date.month in site.season.best_months
    holds = {
        Why.MUST: site_id in ctx.request.must,
        Why.HEADLINE: site.score >= HEADLINE_SCORE,
        Why.EVENT: event is not None,
        Why.INTERESTS: cand.interested,
        Why.GOLDEN_HOUR: cand.golden[day.index],
        Why.IN_SEASON: in_season,
    }
    return tuple(why for why, true in holds.items() if true) or (Why.ON_THE_WAY,)


def _stop(
    ctx: Context,
    day: Day,
    ts: TStop,
    kind: StopKind,
    *,
    activity: str,
    visit: int,
    event: Event | None = None,
    notes: tuple[str, ...] = (),
    lunch: tuple[int, int] | None = None,
    check: bool = False,
    facts: bool = False,
) -> Stop:
    """A stop; ``facts`` adds the site's fee, hours that day, contact and booking (visits)."""
    site = ctx.sites[ts.site]
    known = site.hours.status is not HoursStatus.UNKNOWN  # else the windows are only assumed
    return Stop(
        site=ts.site,
        name=site.name,
        name_en=site.name_en,
        kind=kind,
        lat=site.lat,
        lon=site.lon,
        arrive=ctx.moment(day.date, ts.arrive),
        start=ctx.moment(day.date, ts.start),
        depart=ctx.moment(day.date, ts.depart),
        wait_minutes=(ts.start - ts.arrive) // 60,
        visit_minutes=visit,
        fee_vnd=site.fee.adult_vnd if facts and site.fee is not None else None,
        check_hours=check,
        event=event.id if event is not None else None,
        activity=activity,
        notes=notes,
        coordinates_precision=site.location.precision.value,
        commune=site.commune_2025,
        lunch_start=None if lunch is None else ctx.moment(day.date, lunch[0]),
        lunch_end=None if lunch is None else ctx.moment(day.date, lunch[1]),
        hours=_hours.windows_on(ctx.catalog, site, day.date) if facts and known else (),
        hours_status=site.hours.status if facts else None,
        contact=site.contact if facts else "",
        booking=site.booking if facts else "",
    )


def leg(ctx: Context, day: Day, a: TStop, b: TStop) -> Leg:
    """The leg from ``a`` to ``b``: the matrix's time and distance, the roads' names and shape."""
    depart = ctx.moment(day.date, a.depart)
    arrive = ctx.moment(day.date, b.arrive)
    if a.site == b.site:
        return Leg(a.site, b.site, depart, arrive, 0, 0, False)
    i, j = ctx.index[a.site], ctx.index[b.site]
    stretches: tuple[RoadStretch, ...] = ()
    geometry: tuple[tuple[float, float], ...] = ()
    route = ctx.route(a.site, b.site)
    estimated_share = 1.0  # without a route, all of an estimated leg counts as estimated
    if route is not None:  # else the matrix found a way: keep its numbers without road names
        stretches, geometry = route.stretches, route.geometry
        estimated_share = route.estimated_s / route.duration_s if route.duration_s else 0.0
    duration = int(ctx.T[i, j])
    span = duration_range(duration, estimated_share) if ctx.matrix.estimated[i, j] else None
    after_dark = False
    if day.sun is not None:
        after_dark = depart < day.sun.dawn or arrive > day.sun.dusk
    return Leg(
        from_site=a.site,
        to_site=b.site,
        depart=depart,
        arrive=arrive,
        distance_m=int(ctx.matrix.distance_m[i, j]),
        duration_s=duration,
        estimated=bool(ctx.matrix.estimated[i, j]),
        roads=stretches,
        geometry=geometry,
        after_dark=after_dark,
        duration_low_s=None if span is None else span[0],
        duration_high_s=None if span is None else span[1],
    )


def legs(ctx: Context, day: Day, stops: Sequence[TStop]) -> list[Leg]:
    """The legs between consecutive timed stops."""
    return [leg(ctx, day, a, b) for a, b in itertools.pairwise(stops)]


def day_plan(
    ctx: Context,
    day: Day,
    stops: Sequence[Stop],
    day_legs: Sequence[Leg],
    *,
    warnings: Sequence[str] = (),
) -> DayPlan:
    """A day of the itinerary from its stops and legs, warning of legs after dark, estimated
    distances and hours to check, then with ``warnings``."""
    out: list[str] = []
    for item in day_legs:
        if item.after_dark and day.sun is not None:
            out.append(
                say(
                    "the leg {start} -> {end} ({depart}-{arrive}) runs after dark "
                    "(light from {dawn} to {dusk})",
                    start=place(ctx, item.from_site),
                    end=place(ctx, item.to_site),
                    depart=_clock(item.depart),
                    arrive=_clock(item.arrive),
                    dawn=_clock(day.sun.dawn),
                    dusk=_clock(day.sun.dusk),
                )
            )
    estimated = [item for item in day_legs if item.estimated]
    if estimated:
        out.append(
            say(
                "{n} of {total} legs use estimated distances or times "
                "(commune-level coordinates or roads without measured length)",
                n=len(estimated),
                total=len(day_legs),
            )
        )
    unknown = [Place(s.name, s.name_en) for s in stops if s.check_hours]
    if unknown:
        out.append(say(CHECK_HOURS_TEMPLATE, places=Places(tuple(unknown))))
    out += warnings
    return DayPlan(
        number=day.number,
        date=day.date,
        start=stops[0].depart,
        end=stops[-1].arrive,
        stops=tuple(stops),
        legs=tuple(day_legs),
        sun=day.sun,
        warnings=tuple(out),
        focus=focus(ctx, stops),
    )


def _catalog_text(vi: str, en: str) -> str:
    """A catalog's own words in both languages ("" when it has none in either)."""
    return catalog_text(vi, en) if vi or en else ""


def _clock(moment: dt.datetime) -> Clock:
    """A moment's wall-clock time as a fact (convert to the trip's zone first)."""
    return Clock(moment.hour * 3600 + moment.minute * 60)


def assemble(ctx: Context, day: Day, timed: Timed) -> DayPlan:
    """The day plan of a timed day."""
    stops = [stop(ctx, day, ts) for ts in timed.stops]
    return day_plan(ctx, day, stops, legs(ctx, day, timed.stops))


def focus(ctx: Context, stops: Sequence[Stop]) -> str:
    """The day's most valuable visit: what the day is about ("" without visits)."""
    visits = [s.site for s in stops if s.kind in (StopKind.VISIT, StopKind.EVENT)]

    def worth(site_id: str) -> tuple[int, str]:
        site = ctx.sites[site_id]
        return value(site.score, interested=False, visit_minutes=site.visit_minutes), site_id

    return max(visits, key=worth) if visits else ""
