"""The value model and the day shape (issue 10), as properties of plans on catalogs built in code.

Every property here is about what a guide would sell: a paced day, one site of a kind per commune
and day, back before dark on two wheels, never back to a place already left, the headline place
first, a lodging move on the road, and one sentence for a request that leaves nothing to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teatrip import plan_trip
from teatrip.errors import RequestError
from teatrip.models import (
    Catalog,
    DateRange,
    Event,
    HoursStatus,
    Itinerary,
    Kind,
    Mode,
    Pace,
    Region,
    Site,
    StopKind,
)
from teatrip.planner.value import (
    DAYLIGHT_MODES,
    EVENT_DEFAULT_HOURS,
    EVENT_MIN_VISIT,
    family_group,
    place_key,
    sights_cap,
    value,
)
from teatrip.request import build_request
from tests.helpers.models import CENTRE, site

WINTER_DAY = "2024-12-05"  # sunset 17:13, dusk about 17:37 at the test region


def _site(
    site_id: str,
    offset: tuple[float, float],
    *,
    score: int = 5,
    kind: Kind = Kind.MUSEUM,
    commune: str = "",
    visit: int = 60,
    hours: Sequence[str] = ("07:00-17:00",),
    status: HoursStatus = HoursStatus.SOURCED,
    tags: tuple[str, ...] = (),
) -> Site:
    """A site open ``hours`` every day (a museum unless told), built by the shared helper."""
    return site(
        site_id,
        offset,
        weekly=[list(hours)] * 7,
        status=status,
        visit=visit,
        score=score,
        kind=kind,
        tags=tags,
        commune=commune,
    )


def _hotel(site_id: str = "hotel", offset: tuple[float, float] = (0.0, 0.0)) -> Site:
    return _site(site_id, offset, kind=Kind.LODGING, visit=0, hours=("00:00-24:00",), score=1)


def _catalog(sites: Sequence[Site], events: Sequence[Event] = ()) -> Catalog:
    region = Region("Test hills", "Asia/Ho_Chi_Minh", CENTRE[0], CENTRE[1], 80.0)
    lodgings = [s for s in sites if s.kind is Kind.LODGING] or [_hotel()]
    others = [s for s in sites if s.kind is not Kind.LODGING]
    return Catalog("<test>", 1, region, (*lodgings, *others), events=tuple(events))


def _visits(itinerary: Itinerary) -> list[list[str]]:
    return [
        [s.site for s in day.stops if s.kind in (StopKind.VISIT, StopKind.EVENT)]
        for day in itinerary.days
    ]


# ------------------------------------------------------------------------------ the numbers


def test_value_grows_faster_than_the_score() -> None:
    assert value(10, interested=False) > 2 * value(7, interested=False)
    assert value(6, interested=True) > value(6, interested=False)


def test_a_long_programme_counts_as_several_sights_but_at_most_two_and_a_half() -> None:
    one = value(9, interested=False, visit_minutes=60)
    assert value(9, interested=False, visit_minutes=480) == 2.5 * one
    assert value(9, interested=False, visit_minutes=900) == 2.5 * one


@pytest.mark.parametrize(
    ("pace", "full_day", "half_day"),
    [(Pace.RELAXED, 2, 1), (Pace.NORMAL, 3, 2), (Pace.PACKED, 5, 3)],
)
def test_paces_are_sights_per_day_as_real_tours_count_them(
    pace: Pace, full_day: int, half_day: int
) -> None:
    assert sights_cap(pace, 9 * 60) == full_day
    assert sights_cap(pace, 4 * 60 + 30) == half_day
    assert sights_cap(pace, 30) == 1


# ------------------------------------------------------------------------------ generated catalogs

KINDS = [Kind.TEA_AREA, Kind.TEA_COOP, Kind.TEA_HOUSEHOLD, Kind.RELIC, Kind.LAKE, Kind.MUSEUM]


@st.composite
def _trips(draw: st.DrawFn) -> tuple[Catalog, dict[str, object]]:
    count = draw(st.integers(4, 14))
    sites = []
    for k in range(count):
        # a few shared points, so that several sites stand at one place
        spot = draw(st.integers(0, 5))
        offset = (0.01 * spot - 0.02, 0.013 * ((spot * 7) % 5) - 0.03)
        sites.append(
            _site(
                f"s{k}",
                offset,
                score=draw(st.integers(1, 10)),
                kind=draw(st.sampled_from(KINDS)),
                commune=f"commune-{spot % 3}",
                visit=draw(st.sampled_from([30, 60, 90, 150])),
            )
        )
    options = {
        "start": WINTER_DAY,
        "days": draw(st.integers(1, 3)),
        "mode": draw(st.sampled_from(list(Mode))),
        "pace": draw(st.sampled_from(list(Pace))),
        "day_window": draw(st.sampled_from(["07:30-17:30", "08:00-18:30", "06:00-19:00"])),
        "from_site": "hotel",
    }
    return _catalog([_hotel(), *sites]), options


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_trips())
def test_generated_plans_are_paced_varied_daylit_and_never_double_back(
    trip: tuple[Catalog, dict[str, object]],
) -> None:
    catalog, options = trip
    request = build_request(catalog, **options)  # type: ignore[arg-type]
    try:
        itinerary = plan_trip(catalog, request)
    except RequestError:
        return  # nothing fits (a one-sentence answer, checked below on its own)
    sites = catalog.site_by_id
    for day, visits in zip(itinerary.days, _visits(itinerary), strict=True):
        minutes = request.day_window.end - request.day_window.start
        assert len(visits) <= sights_cap(request.pace, minutes)
        groups = [family_group(sites[s]) for s in visits]
        assert len(groups) == len(set(groups)), f"two of a kind in one commune: {visits}"
        places = [place_key(sites[s].lat, sites[s].lon) for s in visits]
        left: set[tuple[int, int]] = set()
        for before, here in zip([None, *places], places, strict=False):
            assert here not in left, f"day {day.number} returns to a place it left: {visits}"
            if before is not None and before != here:
                left.add(before)
        if request.mode in DAYLIGHT_MODES and day.sun is not None:
            assert not any(leg.after_dark for leg in day.legs)
            assert day.end <= day.sun.dusk


def test_the_headline_place_comes_before_many_small_stops() -> None:
    small = [
        _site(f"coop-{k}", (0.004 * k, 0.003), score=6, kind=kind, commune=f"c{k}")
        for k, kind in enumerate([Kind.TEA_COOP, Kind.MUSEUM, Kind.RELIC, Kind.MARKET])
    ]
    headline = _site("headline", (0.09, 0.06), score=10, kind=Kind.TEA_AREA, visit=150)
    catalog = _catalog([_hotel(), headline, *small])
    request = build_request(catalog, start=WINTER_DAY, days=1, from_site="hotel")
    visits = _visits(plan_trip(catalog, request))[0]
    assert "headline" in visits
    assert len(visits) <= 3


def test_one_tea_coop_per_commune_and_day() -> None:
    coops = [
        _site(f"coop-{k}", (0.01 * k, 0.01), score=8, kind=Kind.TEA_COOP, commune="Tân Cương")
        for k in range(3)
    ]
    catalog = _catalog([_hotel(), *coops])
    request = build_request(catalog, start=WINTER_DAY, days=1, from_site="hotel", pace="packed")
    assert len(_visits(plan_trip(catalog, request))[0]) == 1
    two_days = build_request(catalog, start=WINTER_DAY, days=2, from_site="hotel", pace="packed")
    assert [len(v) for v in _visits(plan_trip(catalog, two_days))] == [1, 1]


def test_a_motorbike_day_is_back_before_dark_but_a_car_only_warns() -> None:
    far = _site(
        "far-hill", (0.12, 0.1), score=9, kind=Kind.TEA_AREA, visit=150, hours=("07:00-19:00",)
    )
    catalog = _catalog([_hotel(), far])
    late = {
        "start": WINTER_DAY,
        "days": 1,
        "from_site": "hotel",
        "day_window": "14:00-19:00",
        "lunch": None,
    }
    with pytest.raises(RequestError, match="back before dark"):
        plan_trip(catalog, build_request(catalog, **late))  # type: ignore[arg-type]
    car = plan_trip(catalog, build_request(catalog, mode="car", **late))  # type: ignore[arg-type]
    assert _visits(car) == [["far-hill"]]
    assert any(leg.after_dark for leg in car.days[0].legs)


def test_a_landscape_with_estimated_hours_is_open_in_the_golden_hours() -> None:
    hill = _site(
        "hill",
        (0.01, 0.01),
        score=8,
        kind=Kind.TEA_AREA,
        visit=40,
        status=HoursStatus.ESTIMATED,
        tags=("photo",),
    )
    catalog = _catalog([_hotel(), hill])
    request = build_request(
        catalog,
        start=WINTER_DAY,
        days=1,
        from_site="hotel",
        day_window="05:45-18:30",
        golden_hour=True,
        lunch=None,
        mode="car",
    )
    itinerary = plan_trip(catalog, request)
    visit = next(s for s in itinerary.days[0].stops if s.site == "hill")
    sun = itinerary.days[0].sun
    assert sun is not None
    golden = [sun.golden_morning, sun.golden_evening]
    assert any(a <= visit.start <= b for a, b in golden), visit.start


def test_an_event_without_hours_is_visited_while_a_fair_is_open() -> None:
    square = _site(
        "square",
        (0.01, 0.0),
        score=3,
        kind=Kind.VENUE,
        hours=("00:00-24:00",),
        status=HoursStatus.UNKNOWN,
    )
    fair = Event(
        id="fair",
        name="Hội chợ",
        name_en="Fair",
        site="square",
        dates=(DateRange(dt.date(2024, 12, 5), dt.date(2024, 12, 5)),),
        score_bonus=6,
    )
    catalog = _catalog([_hotel(), square], [fair])
    request = build_request(catalog, start=WINTER_DAY, days=1, from_site="hotel", must=["square"])
    stop = next(s for s in plan_trip(catalog, request).days[0].stops if s.site == "square")
    opens = dt.time(EVENT_DEFAULT_HOURS.start // 60, EVENT_DEFAULT_HOURS.start % 60)
    assert stop.start.time() >= opens
    assert stop.visit_minutes >= EVENT_MIN_VISIT


def test_a_lodging_move_ends_the_day_before_at_the_new_lodging() -> None:
    sites = [
        _hotel(),
        _hotel("second-hotel", (-0.16, 0.02)),
        _site("a", (0.02, 0.01), score=7),
        _site("b", (-0.15, 0.03), score=7, kind=Kind.RELIC),
    ]
    catalog = _catalog(sites)
    request = build_request(
        catalog, start=WINTER_DAY, days=2, from_site="hotel", stays=["2:second-hotel"]
    )
    itinerary = plan_trip(catalog, request)
    day1, day2 = itinerary.days
    assert day1.stops[0].site == "hotel" and day1.stops[-1].site == "second-hotel"
    assert day2.stops[0].site == "second-hotel" and day2.stops[-1].site == "second-hotel"
    assert day1.legs[-1].to_site == "second-hotel"


def test_a_drive_cap_that_leaves_nothing_is_one_sentence() -> None:
    catalog = _catalog([_hotel(), _site("far", (0.3, 0.3), score=8)])
    request = build_request(catalog, start=WINTER_DAY, days=1, from_site="hotel", max_drive="10m")
    with pytest.raises(RequestError, match=r"--max-drive 10 min leaves no site within reach"):
        plan_trip(catalog, request)


def test_a_drive_cap_that_leaves_fewer_sites_than_days_is_one_sentence() -> None:
    catalog = _catalog(
        [_hotel(), _site("near", (0.005, 0.0), score=3), _site("far", (0.3, 0.3), score=8)]
    )
    request = build_request(catalog, start=WINTER_DAY, days=3, from_site="hotel", max_drive="10m")
    with pytest.raises(RequestError, match=r"leaves 1 site within reach \(Near\) for 3 days"):
        plan_trip(catalog, request)


def test_a_day_too_short_for_anything_is_one_sentence() -> None:
    catalog = _catalog([_hotel(), _site("museum", (0.01, 0.01), visit=90)])
    request = build_request(
        catalog, start=WINTER_DAY, days=1, from_site="hotel", day_window="09:00-09:45", lunch=None
    )
    with pytest.raises(
        RequestError, match=r"--day 09:00-09:45: .* too short for any visit: the nearest, Museum"
    ):
        plan_trip(catalog, request)


def test_a_day_done_before_lunch_ends_then_instead_of_waiting() -> None:
    catalog = _catalog([_hotel(), _site("museum", (0.005, 0.0), visit=45)])
    request = build_request(catalog, start=WINTER_DAY, days=1, from_site="hotel")
    day = plan_trip(catalog, request).days[0]
    assert [s.kind for s in day.stops] == [StopKind.START, StopKind.VISIT, StopKind.END]
    assert day.end.time() < dt.time(11, 30)
    assert any("before lunch" in w for w in day.warnings)
