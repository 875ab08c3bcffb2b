"""An independent checker of itinerary invariants, used by every planner and CLI plan test.

It re-derives opening hours from the catalog itself (weekday windows, closed dates, lunar market
days, events) instead of calling the planner, and checks that a plan's times add up to the second.
Only the lunar date conversion is shared (``hours.lunar_date``, tested against known Tết dates).
tests/test_planner_checker.py shows the checker catches broken plans.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable

from teatrip.hours import lunar_date
from teatrip.models import (
    Catalog,
    Event,
    HoursStatus,
    Itinerary,
    Kind,
    Site,
    StopKind,
)
from teatrip.planner import LUNCH_ON_SITE_MIN_VISIT

VISITS = (StopKind.VISIT, StopKind.EVENT)


def _event_days(event: Event, day: dt.date) -> bool:
    if any(span.start <= day <= span.end for span in event.dates):
        return True
    if event.lunar_from is None:
        return False
    lunar = lunar_date(day)
    if lunar.leap:
        return False
    last = event.lunar_to or event.lunar_from
    key = (lunar.month, lunar.day)
    lo, hi = (event.lunar_from.month, event.lunar_from.day), (last.month, last.day)
    return lo <= key <= hi if lo <= hi else (key >= lo or key <= hi)


def opening(catalog: Catalog, site: Site, day: dt.date) -> tuple[list[tuple[int, int]], int | None]:
    """(windows in minutes, fixed start) of a site on a date, derived from the catalog alone."""
    events = [e for e in catalog.events if e.site == site.id and _event_days(e, day)]
    if events:
        event = min(events, key=lambda e: (-e.score_bonus, e.id))  # best bonus, then id
        if event.fixed_start is not None:
            return [(event.fixed_start, event.fixed_start)], event.fixed_start
        hours = [(w.start, w.end) for e in events for w in e.hours]
        if hours:
            return hours, None
        # no event hours: the usual ones (or the whole day when there are none)
        usual = [(w.start, w.end) for w in site.hours.weekly[day.weekday()]]
        return usual or [(0, 1440)], None
    if any(span.start <= day <= span.end for span in site.hours.closed):
        return [], None
    if site.hours.lunar_days is not None and lunar_date(day).day not in site.hours.lunar_days:
        return [], None
    windows = [(w.start, w.end) for w in site.hours.weekly[day.weekday()]]
    if not windows and site.hours.status is HoursStatus.UNKNOWN and not any(site.hours.weekly):
        return [(0, 1440)], None
    return windows, None


def _sec(moment: dt.datetime, day: dt.date) -> int:
    assert moment.date() == day, f"{moment} is not on {day}"
    return moment.hour * 3600 + moment.minute * 60 + moment.second


def check_itinerary(
    itinerary: Itinerary,
    catalog: Catalog,
    *,
    durations: dict[tuple[str, str], int] | None = None,
    history_until: dict[int, int] | None = None,
) -> None:
    """Assert every invariant of a plan. ``durations`` (if given) are the matrix travel times the
    legs must use; ``history_until[day] = seconds`` exempts stops reached before then (replan)."""
    request = itinerary.request
    sites = catalog.site_by_id
    assert len(itinerary.days) == request.days
    seen: set[str] = set()
    for k, day in enumerate(itinerary.days):
        date = request.start + dt.timedelta(days=k)
        assert day.number == k + 1 and day.date == date
        lodging = request.lodging_on(day.number)
        stops, legs = day.stops, day.legs
        assert stops[0].kind is StopKind.START and stops[0].site == lodging
        assert stops[-1].kind is StopKind.END and stops[-1].site == lodging
        assert len(legs) == len(stops) - 1
        history = (history_until or {}).get(day.number, -1)
        for i, leg in enumerate(legs):
            a, b = stops[i], stops[i + 1]
            assert (leg.from_site, leg.to_site) == (a.site, b.site)
            assert leg.depart == a.depart and leg.arrive == b.arrive
            assert leg.depart + dt.timedelta(seconds=leg.duration_s) == leg.arrive, (
                f"day {day.number}: {a.site} -> {b.site} does not add up"
            )
            if a.site == b.site:
                assert leg.duration_s == 0
            elif durations is not None:
                assert leg.duration_s == durations[(a.site, b.site)]
        start_s = request.day_window.start * 60
        end_s = request.day_window.end * 60
        assert _sec(stops[0].depart, date) >= start_s
        assert _sec(stops[-1].arrive, date) <= end_s
        assert day.end == stops[-1].arrive
        cap = request.max_drive_minutes
        if cap is not None:
            assert sum(leg.duration_s for leg in legs) <= cap * 60
        lunches = [s for s in stops if s.kind is StopKind.LUNCH]
        on_site = [s for s in stops if s.kind in VISITS and s.lunch_on_site]
        for stop in stops:
            arrive, start, depart = (
                _sec(stop.arrive, date),
                _sec(stop.start, date),
                _sec(stop.depart, date),
            )
            assert arrive <= start <= depart
            if stop.kind not in VISITS:
                continue
            assert stop.site not in seen, f"{stop.site} visited twice"
            seen.add(stop.site)
            site = sites[stop.site]
            assert site.kind not in (Kind.LODGING, Kind.FOOD)
            assert stop.site not in request.avoid
            if arrive <= history:
                continue
            assert depart - start == stop.visit_minutes * 60
            windows, fixed = opening(catalog, site, date)
            if fixed is not None:
                assert start == fixed * 60, f"{stop.site} must start at its fixed time"
            else:
                assert any(o * 60 <= start and depart <= c * 60 for o, c in windows), (
                    f"day {day.number}: {stop.site} {stop.start:%H:%M}-{stop.depart:%H:%M} "
                    f"is outside its windows {windows}"
                )
            assert stop.check_hours == (site.hours.status is not HoursStatus.SOURCED) or (
                stop.event is not None
            )
        if request.lunch is not None and history < 0:
            count = len(lunches) + len(on_site)
            assert count == 1, f"day {day.number} has {count} lunches"
        if request.lunch is None:
            assert not on_site, f"day {day.number}: lunch on site without a lunch rule"
        for stop in on_site:  # a long visit that includes the lunch: a lunch slot lies inside it
            start, depart = _sec(stop.start, date), _sec(stop.depart, date)
            if start <= history:
                continue
            assert request.lunch is not None
            assert stop.visit_minutes >= LUNCH_ON_SITE_MIN_VISIT, f"{stop.site} is too short"
            length = request.lunch.minutes * 60
            first = max(start, request.lunch.window.start * 60)
            last = min(depart, request.lunch.window.end * 60)
            assert last - first >= length, f"{stop.site} does not span a lunch slot"
            assert stop.lunch_start is not None and stop.lunch_end is not None
            ls, le = _sec(stop.lunch_start, date), _sec(stop.lunch_end, date)
            # the lunch's times are a real slot's, to the second
            assert le - ls == length
            assert first <= ls <= last - length, f"{stop.site}: lunch misplaced"
        for lunch in lunches:
            ls, le = _sec(lunch.start, date), _sec(lunch.depart, date)
            if ls <= history:
                continue
            assert request.lunch is not None
            assert request.lunch.window.start * 60 <= ls
            assert le <= request.lunch.window.end * 60
            assert le - ls == request.lunch.minutes * 60
            if sites[lunch.site].kind is Kind.FOOD:  # a restaurant must be open for the meal
                windows, _ = opening(catalog, sites[lunch.site], date)
                assert any(o * 60 <= ls and le <= c * 60 for o, c in windows)
    for must in request.must:
        assert must in seen, f"must-visit {must} is missing"
    skipped = {s.site: s for s in itinerary.skipped}
    for site in catalog.sites:
        if site.kind in (Kind.LODGING, Kind.FOOD) or site.id in seen:
            continue
        if site.id in {request.lodging_on(d + 1) for d in range(request.days)}:
            continue
        assert site.id in skipped, f"{site.id} is neither visited nor explained"
        item = skipped[site.id]
        assert item.reason
        if item.code == "closed":
            for k in range(request.days):
                date = request.start + dt.timedelta(days=k)
                assert not opening(catalog, site, date)[0]
        if item.code == "avoided":
            assert site.id in request.avoid


def comparable(itinerary: Itinerary) -> object:
    """What must be equal between two runs with the same seed (everything but the creation time)."""
    return dataclasses.replace(itinerary, created=None)


def durations_of(catalog: Catalog, mode: object, ids: Iterable[str]) -> dict[tuple[str, str], int]:
    from teatrip.matrix import travel_matrix
    from teatrip.models import Mode

    wanted = list(ids)
    matrix = travel_matrix(catalog, Mode(str(mode)), sites=wanted)
    return {(a, b): matrix.duration(a, b) for a in wanted for b in wanted}
