"""Which sites a plan may visit, and when: hours, events, scores and start windows per day.

Before the search, a candidate's windows on a day it cannot fit even as the day's only visit are
dropped (``fitting_windows``): with more visits it could only arrive later, so no plan loses by it.
On a big catalog (more than ``SHORTLIST_MIN`` candidates) the plan is drawn from a shortlist
(``shortlist``) of a few times the visits the trip can hold: the candidates best by value and by
value per hour, those out of reach last. Only the shortlist gets travel times (the matrix grows
with the square of its sites) and goes to the search, whose time per step grows with its
candidates; the rest are left out with a reason. The environment
variable ``TEATRIP_FULL_SEARCH=1`` turns both off (``bench/planner_scale.py`` uses it to
measure what pruning costs in plan value).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from teatrip import hours as _hours
from teatrip.formatting import say
from teatrip.geo import haversine_m
from teatrip.models import Kind, Site
from teatrip.planner.context import Cand, Context, Day, seconds_of
from teatrip.planner.rules import GOLDEN_BONUS, Windows
from teatrip.planner.timing import alone
from teatrip.planner.value import (
    EVENT_DEFAULT_HOURS,
    EVENT_MIN_VISIT,
    OUTDOOR_KINDS,
    daylight_windows,
    service_minutes,
    value,
)


def build_candidates(ctx: Context, exclude: set[str]) -> None:
    """Resolve hours, events, scores and windows of every site the plan may visit, recording the
    sites closed on every date and those the roads do not reach."""
    request = ctx.request
    fixed = set(ctx.lodgings) | {d.end_loc for d in ctx.days}
    for site in ctx.catalog.sites:
        if (
            site.kind in (Kind.LODGING, Kind.FOOD)
            or site.id in fixed
            or site.id in exclude
            or site.id in request.avoid
        ):
            continue
        if site.id not in ctx.routable:
            ctx.unrouted[site.id] = say(
                "not on the road graph in use (--roads): no way to get there"
            )
            continue
        cand = _candidate(ctx, site)
        if cand is None:
            continue
        cand.mandatory = site.id in request.must
        ctx.cands[site.id] = cand


def _candidate(ctx: Context, site: Site) -> Cand | None:
    request = ctx.request
    per_day = [
        _shaped_hours(ctx, site, _hours.day_hours(ctx.catalog, site, day), k)
        for k, day in enumerate(ctx.dates)
    ]
    if not any(h.is_open for h in per_day):
        ctx.closed[site.id] = _hours.closed_reason(ctx.catalog, site, ctx.dates)
        return None
    # interests weight the value (see value.py); the score shown stays the site's own
    scores = [_hours.site_score(ctx.catalog, site, day) for day in ctx.dates]
    interested = [
        bool(request.interests)
        and _hours.interest_matches(site, request.interests, event_day=h.event is not None)
        for h in per_day
    ]

    def service_of(k: int) -> int:
        h = per_day[k]
        if h.fixed_start is not None:
            return h.visit_minutes * 60
        return service_minutes(h.visit_minutes, request.pace) * 60

    def starts(k: int, service: int) -> Windows:
        h = per_day[k]
        day = ctx.days[k]
        if h.fixed_start is not None:
            t = h.fixed_start * 60
            return ((t, t),) if day.t0 <= t and t + service <= day.t1 else ()
        out = []
        for w in h.windows:
            lo = max(w.start * 60, day.t0)
            hi = min(w.end * 60, day.t1) - service
            if lo <= hi:
                out.append((lo, hi))
        return tuple(out)

    open_days = [k for k, h in enumerate(per_day) if h.is_open]
    # A scoring event (festival) during the trip: offer the site on its event days only.
    event_days = [
        k
        for k in open_days
        if per_day[k].event is not None and per_day[k].score_bonus > 0 and starts(k, service_of(k))
    ]
    days_used = event_days or open_days
    service = max(service_of(k) for k in days_used)
    windows = [starts(k, service) if k in days_used else () for k in range(len(ctx.dates))]
    score = max(scores[k] for k in days_used)

    def worth(k: int) -> int:
        return value(scores[k], interested=interested[k], visit_minutes=per_day[k].visit_minutes)

    best_day = max(days_used, key=lambda k: (worth(k), -k))
    cand = Cand(
        site=site,
        service=service,
        profit=worth(best_day),
        windows=windows,
        plain=list(windows),
        events=[per_day[k].event if k in days_used else None for k in range(len(per_day))],
        check=[per_day[k].check_hours for k in range(len(per_day))],
        golden=[False] * len(per_day),
        score=score,
        interested=interested[best_day],
    )
    if request.golden_hour and "photo" in site.tags:
        _golden(ctx, cand)
    return cand


def _shaped_hours(ctx: Context, site: Site, hours: _hours.DayHours, k: int) -> _hours.DayHours:
    """Hours as a visit can use them: daylight for landscapes whose hours are not known, sensible
    hours and length for an event that publishes none (see ``value.py``)."""
    if hours.event is not None and hours.fixed_start is None:
        windows = hours.windows
        if hours.check_hours and windows == (_hours.WHOLE_DAY,):
            windows = (EVENT_DEFAULT_HOURS,)
        return replace(
            hours, windows=windows, visit_minutes=max(hours.visit_minutes, EVENT_MIN_VISIT)
        )
    sun = ctx.days[k].sun
    if site.kind in OUTDOOR_KINDS and hours.check_hours and hours.is_open and sun is not None:
        return replace(hours, windows=daylight_windows(sun.dawn, sun.dusk))
    return hours


def _golden(ctx: Context, cand: Cand) -> None:
    """Restrict a photo site to start in a golden hour, on the days where that is possible."""
    restricted: list[Windows] = []
    for k, day in enumerate(ctx.days):
        sun = day.sun
        if sun is None or not cand.windows[k]:
            restricted.append(())
            continue
        out = []
        for a, b in (sun.golden_morning, sun.golden_evening):
            ga, gb = seconds_of(a), seconds_of(b)
            for lo, hi in cand.windows[k]:
                if max(lo, ga) <= min(hi, gb):
                    out.append((max(lo, ga), min(hi, gb)))
        restricted.append(tuple(sorted(out)))
    cand.golden_possible = [bool(w) for w in restricted]
    if any(restricted):
        cand.windows = restricted
        cand.golden = [bool(w) for w in restricted]
        cand.profit = value(
            cand.score + GOLDEN_BONUS,
            interested=cand.interested,
            visit_minutes=cand.site.visit_minutes,
        )


#: Catalogs with at most this many candidates are planned whole (the shipped one has about 60).
SHORTLIST_MIN = 120
#: Shortlisted candidates per visit the trip can hold (the pace's sights per day, summed), and
#: the fewest: the search's time grows with its candidates, its value hardly past 2 per visit
#: (bench/PLANNER_SCALE_RESULTS.md).
SHORTLIST_PER_VISIT = 3
SHORTLIST_FLOOR = 40
#: Set to 1 to search over every candidate on every open day (for measuring the pruning).
FULL_SEARCH_ENV = "TEATRIP_FULL_SEARCH"


def full_search() -> bool:
    """Whether pruning is off (``FULL_SEARCH_ENV``)."""
    return os.environ.get(FULL_SEARCH_ENV) == "1"


def fitting_windows(ctx: Context, days: Sequence[Day]) -> dict[str, dict[int, Windows]]:
    """The start windows the search gets: per candidate and day (``Day.index``), its windows on the
    days where it fits as the day's only visit; candidates that fit no day are left out.

    Safe: another visit on the day only makes it arrive later, and any lunch placement of the full
    day (a food site, another visit's) has one at the same time where the group is.
    """
    out: dict[str, dict[int, Windows]] = {}
    prune = not full_search()
    for site, cand in ctx.cands.items():
        wins = {
            d.index: w
            for d in days
            if (w := cand.windows[d.index]) and (not prune or alone(ctx, d, site, w))
        }
        if wins:
            out[site] = wins
    return out


def shortlist_size(ctx: Context) -> int:
    """How many candidates a trip is planned over when the catalog is big."""
    visits = sum(day.max_visits for day in ctx.days)
    return max(SHORTLIST_FLOOR, SHORTLIST_PER_VISIT * visits, len(ctx.request.must))


def shortlist(ctx: Context, travel: Sequence[str]) -> list[str]:
    """Keep the candidates a big catalog is planned over; return the sites of ``travel`` that need
    travel times (every site when nothing is left out).

    Must-visit sites always stay. The others are taken in turn from two rankings, so that neither
    long visits of high value nor short ones near the lodging crowd the other out: by value (the
    nearer first among equals), and by value per hour of the visit and the straight-line way there
    and back from the nearest lodging. The left-out ones move from ``ctx.cands`` to ``ctx.pruned``.
    """
    size = shortlist_size(ctx)
    if len(ctx.cands) <= max(SHORTLIST_MIN, size) or full_search():
        return list(travel)
    ids = list(ctx.cands)
    lat = np.array([ctx.cands[s].site.lat for s in ids])
    lon = np.array([ctx.cands[s].site.lon for s in ids])
    homes = {*ctx.lodgings, *(d.end_loc for d in ctx.days)}
    metres = {
        h: haversine_m(
            lat, lon, np.full_like(lat, ctx.sites[h].lat), np.full_like(lon, ctx.sites[h].lon)
        ).tolist()
        for h in homes
    }
    far = {s: min(float(metres[h][k]) for h in homes) for k, s in enumerate(ids)}
    # no road is straighter than the straight line, none faster than the mode's fastest class
    fastest = max(kmh for kmh in ctx.graph.speeds[ctx.request.mode].values() if kmh) / 3.6
    plausible = {
        s: any(
            _may_fit(
                ctx,
                ctx.cands[s],
                day,
                metres[day.start_loc][k] / fastest,
                metres[day.end_loc][k] / fastest,
            )
            for day in ctx.days
        )
        for k, s in enumerate(ids)
    }

    def density(site_id: str) -> float:
        # a round trip at a rural 40 km/h: only an order is needed
        cand = ctx.cands[site_id]
        return cand.profit / (cand.service + 2 * float(far[site_id]) / (40 / 3.6))

    # sites no day could fit even over straight roads at top speed go last
    by_value = sorted(ids, key=lambda s: (not plausible[s], -ctx.cands[s].profit, far[s], s))
    by_density = sorted(ids, key=lambda s: (not plausible[s], -density(s), s))
    ranked = list(
        dict.fromkeys(
            [
                *(s for s in ids if ctx.cands[s].mandatory),
                *(s for pair in zip(by_value, by_density, strict=True) for s in pair),
            ]
        )
    )
    for site_id in ranked[size:]:  # must-visit sites come first, and size counts them all
        cand = ctx.cands.pop(site_id)
        ctx.pruned[site_id] = say(
            "score {score}: a catalog this big is planned over the {size} sites best by value "
            "and by value per hour of visit and travel, and this one is not among them",
            score=cand.score,
            size=size,
        )
    keep = set(ctx.cands) | set(ctx.food) | set(ctx.lodgings) | {d.end_loc for d in ctx.days}
    return [site_id for site_id in travel if site_id in keep]


def _may_fit(ctx: Context, cand: Cand, day: Day, there: float, back: float) -> bool:
    """Whether ``cand`` might fit ``day`` alone with at least ``there`` and ``back`` seconds of
    travel (the lunch left out: a bound, not a plan)."""
    if day.cap is not None and there + back > day.cap:
        return False
    for lo, hi in cand.plain[day.index]:
        start = max(day.t0 + there, lo)
        if start <= hi and start + cand.service + back <= day.t1:
            return True
    return False
