"""Planner invariants on small catalogs built in code: hand-made cases (fixed-time events, golden
hour, lunch closures) and hypothesis-generated ones (random hours with two windows, lunar market
days, closed dates, events, with and without roads), checked by the independent checker."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teatrip import plan_trip
from teatrip.errors import PlanError, RequestError
from teatrip.models import (
    Catalog,
    DateRange,
    Event,
    HoursStatus,
    Kind,
    Mode,
    Pace,
    Region,
    Road,
    RoadClass,
    Site,
    StopKind,
    TimeWindow,
)
from teatrip.planner import LUNCH_ON_SITE_MIN_VISIT, service_minutes
from teatrip.request import build_request
from tests.helpers.models import CENTRE, site
from tests.helpers.plan_checker import check_itinerary, comparable, durations_of

W = TimeWindow.parse


HOTEL = site("hotel", (0.0, 0.0), weekly=[["00:00-24:00"]] * 7, kind=Kind.LODGING, visit=0)


def catalog(
    sites: Sequence[Site], events: Sequence[Event] = (), roads: Sequence[Road] = ()
) -> Catalog:
    region = Region("Test hills", "Asia/Ho_Chi_Minh", CENTRE[0], CENTRE[1], 80.0)
    return Catalog("<test>", 1, region, (HOTEL, *sites), events=tuple(events), roads=tuple(roads))


def _check(itinerary: object, cat: Catalog) -> None:
    from teatrip.models import Itinerary

    assert isinstance(itinerary, Itinerary)
    ids = [s.id for s in cat.sites]
    check_itinerary(itinerary, cat, durations=durations_of(cat, itinerary.request.mode, ids))


# ---------------------------------------------------------------------------------------------
# Hand-made cases
# ---------------------------------------------------------------------------------------------


def test_a_fixed_time_event_is_visited_exactly_then() -> None:
    show = Event(
        id="tea-show",
        name="Trình diễn trà",
        name_en="Tea show",
        site="stage",
        dates=(DateRange(dt.date(2025, 3, 4), dt.date(2025, 3, 4)),),
        fixed_start=15 * 60 + 15,
        visit_minutes=45,
        score_bonus=5,
    )
    cat = catalog(
        [
            site("stage", (0.02, 0.01), score=3, tags=("culture",)),
            site("hill", (-0.03, 0.02), score=6),
            site("coop", (0.01, -0.03), score=5),
        ],
        [show],
    )
    request = build_request(cat, start="2025-03-03", days=2, from_site="hotel")
    itinerary = plan_trip(cat, request)
    _check(itinerary, cat)
    stop = next(s for d in itinerary.days for s in d.stops if s.site == "stage")
    assert stop.kind is StopKind.EVENT and stop.event == "tea-show"
    assert stop.start == dt.datetime(2025, 3, 4, 15, 15, tzinfo=stop.start.tzinfo)
    assert stop.visit_minutes == 45


def test_golden_hour_places_a_photo_site_in_the_evening_light() -> None:
    cat = catalog(
        [
            site(
                "rice-view",
                (0.01, 0.01),
                status=HoursStatus.UNKNOWN,
                weekly=[[]] * 7,
                tags=("photo",),
                visit=40,
                score=6,
            ),
            site("museum", (-0.01, 0.0), weekly=[["08:00-17:00"]] * 7, visit=90, score=6),
        ]
    )
    request = build_request(
        cat,
        start="2025-06-02",
        days=1,
        from_site="hotel",
        day_window="07:00-19:30",
        golden_hour=True,
    )
    itinerary = plan_trip(cat, request)
    _check(itinerary, cat)
    day = itinerary.days[0]
    stop = next(s for s in day.stops if s.site == "rice-view")
    assert day.sun is not None
    spans = (day.sun.golden_morning, day.sun.golden_evening)
    assert any(a <= stop.start <= b for a, b in spans)
    assert "timed for the golden hour" in stop.notes


def test_lunch_closure_and_lunch_window_agree() -> None:
    # both sites close 11:30-13:30: the lunch falls in between, where the group is
    two = [["07:30-11:30", "13:30-17:00"]] * 7
    cat = catalog(
        [
            site("a", (0.01, 0.0), weekly=two, visit=120, score=8),
            site("b", (0.0, 0.012), weekly=two, visit=120, score=8),
        ]
    )
    request = build_request(cat, start="2025-04-07", days=1, from_site="hotel")
    itinerary = plan_trip(cat, request)
    _check(itinerary, cat)
    assert [s.site for s in itinerary.days[0].stops if s.kind is StopKind.VISIT] in (
        ["a", "b"],
        ["b", "a"],
    )


def test_lunch_at_a_food_site_when_one_is_close() -> None:
    cat = catalog(
        [
            site("hill", (0.03, 0.0), visit=150, score=8),
            site("coop", (0.0, 0.03), visit=150, score=8),
            site("quan-com", (0.015, 0.015), weekly=[["10:30-14:00"]] * 7, kind=Kind.FOOD),
            site("far-food", (0.4, 0.4), weekly=[["10:30-14:00"]] * 7, kind=Kind.FOOD),
        ]
    )
    request = build_request(cat, start="2025-04-07", days=1, from_site="hotel")
    itinerary = plan_trip(cat, request)
    _check(itinerary, cat)
    lunch = next(s for s in itinerary.days[0].stops if s.kind is StopKind.LUNCH)
    assert lunch.site == "quan-com" and lunch.activity.startswith("Lunch at")
    assert not any(s.site in ("quan-com", "far-food") for s in itinerary.skipped)


def test_outscored_reason_names_what_would_have_to_go() -> None:
    # room for two 3-hour visits a day; the 3rd-best site must name the cheaper one it would oust
    cat = catalog(
        [
            site("best", (0.01, 0.0), visit=180, score=9),
            site("good", (0.0, 0.01), visit=180, score=7),
            site("fair", (-0.01, 0.0), visit=180, score=5),
        ]
    )
    request = build_request(cat, start="2025-04-07", days=1, from_site="hotel")
    itinerary = plan_trip(cat, request)
    _check(itinerary, cat)
    fair = next(s for s in itinerary.skipped if s.site == "fair")
    assert fair.code == "outscored"
    assert "would need to drop Good (7)" in fair.reason and "day 1" in fair.reason


def test_unreachable_before_closing_says_how_long_and_when() -> None:
    cat = catalog([site("far", (0.9, 0.9), weekly=[["07:00-09:00"]] * 7, visit=60)])
    request = build_request(cat, start="2025-04-07", days=1, from_site="hotel", mode="walk")
    itinerary = plan_trip(cat, request)
    far = next(s for s in itinerary.skipped if s.site == "far")
    assert far.code == "unreachable"
    assert "from Hotel" in far.reason and "closes 09:00" in far.reason


def test_a_long_visit_includes_the_lunch_and_a_short_one_does_not() -> None:
    cat = catalog(
        [
            site("village", (0.02, 0.01), visit=LUNCH_ON_SITE_MIN_VISIT + 180, score=9),
            site("hill", (-0.02, 0.01), visit=LUNCH_ON_SITE_MIN_VISIT - 30, score=8),
        ]
    )
    request = build_request(
        cat, start="2025-04-07", days=2, from_site="hotel", must=["village", "hill"]
    )
    itinerary = plan_trip(cat, request)
    _check(itinerary, cat)
    for day in itinerary.days:
        visits = {s.site: s for s in day.stops if s.kind is StopKind.VISIT}
        lunches = [s for s in day.stops if s.kind is StopKind.LUNCH]
        if "village" in visits:  # 7 h with the lunch inside: no lunch stop, its lunch times instead
            village = visits["village"]
            assert village.visit_minutes == service_minutes(
                LUNCH_ON_SITE_MIN_VISIT + 180, Pace.NORMAL
            )
            assert village.lunch_on_site and not lunches
        if "hill" in visits:  # 3.5 h: too short to include it
            assert not visits["hill"].lunch_on_site
            # a day over before the lunch window opens ends then, with no lunch to wait for
            home_early = day.end.time() <= dt.time(11, 30)
            assert len(lunches) == 1 or "village" in visits or home_early


def test_a_long_visit_too_far_away_is_still_unreachable() -> None:
    # about 2 h each way by car: 8 h there and the ride do not fit a 07:30-17:30 day
    cat = catalog([site("far-village", (0.7, 0.7), visit=480, score=9)])
    request = build_request(cat, start="2025-04-07", days=1, from_site="hotel", mode="car")
    itinerary = plan_trip(cat, request)
    _check(itinerary, cat)
    far = next(s for s in itinerary.skipped if s.site == "far-village")
    assert far.code == "unreachable" and "8 h" in far.reason
    assert "lunch is not taken" not in far.reason


def test_a_fixed_time_event_includes_the_lunch_only_when_long_enough() -> None:
    def show(event_id: str, where: str, minutes: int) -> Event:
        return Event(
            id=event_id,
            name=event_id,
            name_en=event_id,
            site=where,
            dates=(DateRange(dt.date(2025, 3, 4), dt.date(2025, 3, 4)),),
            fixed_start=10 * 60,
            visit_minutes=minutes,
            score_bonus=5,
        )

    # 10:00-14:00 holds the lunch; 10:00-13:00 is too short to include it and leaves no slot for
    # it (11:30-13:30) outside: that show cannot be fitted, lunch is not squeezed into it
    for minutes, absorbs in ((LUNCH_ON_SITE_MIN_VISIT, True), (180, False)):
        cat = catalog([site("stage", (0.02, 0.01), score=3)], [show("fair", "stage", minutes)])
        request = build_request(cat, start="2025-03-04", days=1, from_site="hotel")
        itinerary = plan_trip(cat, request)
        _check(itinerary, cat)
        stops = itinerary.days[0].stops
        if absorbs:
            stop = next(s for s in stops if s.site == "stage")
            assert stop.kind is StopKind.EVENT and stop.visit_minutes == minutes
            assert stop.lunch_on_site
            assert not any(s.kind is StopKind.LUNCH for s in stops)
        else:
            assert [s.code for s in itinerary.skipped if s.site == "stage"] == ["unreachable"]


# ---------------------------------------------------------------------------------------------
# Random catalogs
# ---------------------------------------------------------------------------------------------

START = dt.date(2025, 3, 3)


@st.composite
def weekly_hours(draw: st.DrawFn) -> list[list[str]]:
    pattern = draw(st.sampled_from(["one", "two", "short", "closed-sunday", "none"]))
    if pattern == "one":
        day = ["07:00-17:00"]
    elif pattern == "two":
        day = ["07:30-11:30", "13:30-17:00"]
    elif pattern == "short":
        day = ["08:00-10:00", "15:00-16:30"]
    elif pattern == "none":
        return [[]] * 7
    else:
        day = ["08:00-16:00"]
    week = [day] * 7
    if pattern == "closed-sunday":
        week[6] = []
    return week


@st.composite
def random_site(draw: st.DrawFn, index: int) -> Site:
    week = draw(weekly_hours())
    status = HoursStatus.UNKNOWN if not any(week) else draw(st.sampled_from(list(HoursStatus)))
    closed: tuple[DateRange, ...] = ()
    if draw(st.booleans()):
        first = START + dt.timedelta(days=draw(st.integers(0, 3)))
        closed = (DateRange(first, first + dt.timedelta(days=draw(st.integers(0, 2)))),)
    lunar = None
    if draw(st.integers(0, 4)) == 0:
        lunar = frozenset(draw(st.lists(st.integers(1, 30), min_size=1, max_size=9)))
    return site(
        f"s{index}",
        (draw(st.floats(-0.25, 0.25)), draw(st.floats(-0.25, 0.25))),
        weekly=week,
        status=status,
        # some visits are long enough to include the lunch on site (LUNCH_ON_SITE_MIN_VISIT)
        visit=draw(st.sampled_from([20, 45, 60, 90, 150, 240, 300, 420])),
        score=draw(st.integers(1, 10)),
        tags=tuple(draw(st.lists(st.sampled_from(["tea", "photo", "culture"]), max_size=2))),
        closed=closed,
        lunar_days=lunar,
    )


@st.composite
def random_event(draw: st.DrawFn, site_ids: Sequence[str], index: int) -> Event:
    first = START + dt.timedelta(days=draw(st.integers(-1, 3)))
    fixed = draw(st.one_of(st.none(), st.sampled_from([9 * 60, 14 * 60 + 30, 20 * 60])))
    hours = (
        ()
        if fixed is not None
        else draw(st.sampled_from([(), (W("08:00-21:00"),), (W("06:00-09:00"), W("16:00-19:00"))]))
    )
    return Event(
        id=f"e{index}",
        name=f"Event {index}",
        name_en=f"Event {index}",
        site=draw(st.sampled_from(list(site_ids))),
        dates=(DateRange(first, first + dt.timedelta(days=draw(st.integers(0, 2)))),),
        hours=hours,
        fixed_start=fixed,
        visit_minutes=draw(st.one_of(st.none(), st.sampled_from([30, 60]))),
        score_bonus=draw(st.integers(0, 5)),
    )


@st.composite
def random_case(draw: st.DrawFn) -> tuple[Catalog, dict[str, object]]:
    n = draw(st.integers(2, 7))
    sites = [draw(random_site(k)) for k in range(n)]
    ids = [s.id for s in sites]
    events = [draw(random_event(ids, k)) for k in range(draw(st.integers(0, 2)))]
    roads: list[Road] = []
    if draw(st.booleans()):
        chain = draw(st.permutations(["hotel", *ids]))
        roads.append(Road("QL-test", RoadClass.NATIONAL, tuple(chain[: max(2, len(chain) // 2)])))
    if draw(st.booleans()):  # a restaurant, open for lunch or not
        hours = draw(st.sampled_from([["10:30-14:00"], ["11:00-12:00"], ["17:00-22:00"]]))
        sites.append(
            site(
                "food",
                (draw(st.floats(-0.1, 0.1)), draw(st.floats(-0.1, 0.1))),
                weekly=[hours] * 7,
                kind=Kind.FOOD,
            )
        )
    cat = catalog(sites, events, roads)
    options: dict[str, object] = {
        "start": START + dt.timedelta(days=draw(st.integers(0, 3))),
        "days": draw(st.integers(1, 3)),
        "day_window": draw(st.sampled_from(["07:30-17:30", "06:00-19:00", "08:00-16:00"])),
        "lunch": draw(st.sampled_from(["11:30-13:30/60", "11:00-14:00/45", None])),
        "mode": draw(st.sampled_from(list(Mode))),
        "pace": draw(st.sampled_from(["relaxed", "normal", "packed"])),
        "max_drive": draw(st.sampled_from([None, "1h", "3h"])),
        "golden_hour": draw(st.booleans()),
        "interests": draw(st.sampled_from([(), ("tea-area",), ("festival", "tea-area")])),
        "seed": draw(st.integers(0, 5)),
        "must": draw(st.sampled_from([(), (ids[0],)])),
        "avoid": draw(st.sampled_from([(), (ids[-1],)])) if n > 2 else (),
    }
    return cat, options


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(random_case())
def test_random_catalogs_keep_every_invariant(case: tuple[Catalog, dict[str, object]]) -> None:
    cat, options = case
    request = build_request(cat, from_site="hotel", **options)  # type: ignore[arg-type]
    try:
        first = plan_trip(cat, request)
    except RequestError as error:
        # refused as bad input: a must-visit site closed on every trip date, or limits (drive cap,
        # day window) that leave nothing to visit, in one sentence naming them
        message = str(error)
        assert (request.must and "closed on every trip date" in message) or (
            "--max-drive" in message or "too short for any visit" in message
        ), message
        return
    except PlanError as error:
        assert request.must and request.must[0] in str(error)
        return
    _check(first, cat)
    second = plan_trip(cat, request)
    assert comparable(first) == comparable(second)


def test_comparable_ignores_only_the_creation_time() -> None:
    cat = catalog([site("a", (0.01, 0.0))])
    request = build_request(cat, start="2025-04-07", days=1, from_site="hotel")
    first = plan_trip(cat, request)
    later = dataclasses.replace(first, created=dt.datetime(2030, 1, 1, tzinfo=dt.UTC))
    assert comparable(first) == comparable(later)
    with pytest.raises(AssertionError):
        assert comparable(first) == comparable(dataclasses.replace(first, days=()))
