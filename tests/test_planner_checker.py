"""The independent itinerary checker (tests/helpers/plan_checker.py) catches broken plans."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from teatrip.models import Catalog, Itinerary, StopKind
from tests.helpers.plan_checker import VISITS, check_itinerary


@pytest.fixture(scope="module")
def planned(region: Catalog) -> tuple[Itinerary, Catalog]:
    from teatrip import plan_trip
    from teatrip.request import build_request

    catalog = region
    request = build_request(
        catalog, start="2024-12-05", days=2, from_site="thai-nguyen-centre", budget_s=0.2
    )
    return plan_trip(catalog, request), catalog


def test_checker_accepts_a_real_plan(planned: tuple[Itinerary, Catalog]) -> None:
    itinerary, catalog = planned
    check_itinerary(itinerary, catalog)


def test_checker_rejects_times_that_do_not_add_up(planned: tuple[Itinerary, Catalog]) -> None:
    itinerary, catalog = planned
    day = itinerary.days[0]
    leg = dataclasses.replace(day.legs[0], duration_s=day.legs[0].duration_s + 60)
    broken = dataclasses.replace(day, legs=(leg, *day.legs[1:]))
    with pytest.raises(AssertionError):
        check_itinerary(dataclasses.replace(itinerary, days=(broken, *itinerary.days[1:])), catalog)


def test_checker_rejects_a_site_twice(planned: tuple[Itinerary, Catalog]) -> None:
    itinerary, catalog = planned
    first = next(s for s in itinerary.days[0].stops if s.kind in VISITS)
    day2 = itinerary.days[1]
    visit = next(i for i, s in enumerate(day2.stops) if s.kind in VISITS)
    stops = list(day2.stops)
    stops[visit] = dataclasses.replace(stops[visit], site=first.site)
    broken = dataclasses.replace(day2, stops=tuple(stops))
    with pytest.raises(AssertionError):
        check_itinerary(dataclasses.replace(itinerary, days=(itinerary.days[0], broken)), catalog)


def test_checker_rejects_a_visit_outside_its_hours(planned: tuple[Itinerary, Catalog]) -> None:
    itinerary, catalog = planned
    museum = catalog.site("museum-ethnic-cultures")  # 08:00-17:00, sourced
    day = itinerary.days[0]
    i = next(i for i, s in enumerate(day.stops) if s.kind in VISITS)
    stop = day.stops[i]
    late = dataclasses.replace(
        stop,
        site=museum.id,
        start=stop.start.replace(hour=17, minute=0),
        depart=stop.start.replace(hour=17, minute=0) + dt.timedelta(minutes=stop.visit_minutes),
        arrive=stop.start.replace(hour=17, minute=0),
    )
    broken = dataclasses.replace(day, stops=(*day.stops[:i], late, *day.stops[i + 1 :]))
    with pytest.raises(AssertionError):
        check_itinerary(dataclasses.replace(itinerary, days=(broken, *itinerary.days[1:])), catalog)


def test_checker_rejects_a_day_without_lunch(planned: tuple[Itinerary, Catalog]) -> None:
    itinerary, catalog = planned
    day = itinerary.days[0]
    i = next(i for i, s in enumerate(day.stops) if s.kind is StopKind.LUNCH)
    a, b = day.stops[i - 1], day.stops[i + 1]
    # drop the lunch stop, and say instead that a (too short) visit includes it
    noon = a.start.replace(hour=12, minute=0, second=0)
    fake = dataclasses.replace(a, lunch_start=noon, lunch_end=noon + dt.timedelta(hours=1))
    leg = dataclasses.replace(
        day.legs[i],
        from_site=fake.site,
        depart=fake.depart,
        duration_s=int((b.arrive - fake.depart).total_seconds()),
    )
    stops = (*day.stops[: i - 1], fake, *day.stops[i + 1 :])
    legs = (*day.legs[: i - 1], leg, *day.legs[i + 1 :])
    broken = dataclasses.replace(day, stops=stops, legs=legs)
    with pytest.raises(AssertionError):
        check_itinerary(dataclasses.replace(itinerary, days=(broken, *itinerary.days[1:])), catalog)
