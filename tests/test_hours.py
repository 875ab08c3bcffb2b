"""Opening hours by date, the Vietnamese lunar calendar, events, scores and sun times."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from teatrip.hours import (
    closed_reason,
    day_hours,
    events_on,
    interest_matches,
    lunar_date,
    region_sun_times,
    site_score,
    solar_date,
    sun_times,
    windows_on,
)
from teatrip.models import (
    Catalog,
    DateRange,
    Event,
    HoursStatus,
    Kind,
    Location,
    LunarDate,
    OpeningHours,
    Precision,
    Region,
    Season,
    Site,
    TimeWindow,
)

W = TimeWindow.parse

# ---------------------------------------------------------------------------------------------
# Lunar calendar
# ---------------------------------------------------------------------------------------------

# Tết (lunar 1/1) in Vietnam, from the official calendars.
TET_VIETNAM = {
    1968: dt.date(1968, 1, 29),  # China: 30 January
    1985: dt.date(1985, 1, 21),  # China: 20 February (the leap month fell differently)
    2007: dt.date(2007, 2, 17),  # China: 18 February
    2020: dt.date(2020, 1, 25),
    2023: dt.date(2023, 1, 22),
    2024: dt.date(2024, 2, 10),
    2025: dt.date(2025, 1, 29),
    2026: dt.date(2026, 2, 17),
}
TET_CHINA = {
    1968: dt.date(1968, 1, 30),
    1985: dt.date(1985, 2, 20),
    2007: dt.date(2007, 2, 18),
    2024: dt.date(2024, 2, 10),
}


@pytest.mark.parametrize(("year", "tet"), sorted(TET_VIETNAM.items()))
def test_tet_in_vietnam(year: int, tet: dt.date) -> None:
    assert lunar_date(tet) == lunar_date(tet)  # cached and stable
    lunar = lunar_date(tet)
    assert (lunar.year, lunar.month, lunar.day, lunar.leap) == (year, 1, 1, False)
    assert lunar_date(tet - dt.timedelta(days=1)).month == 12
    assert solar_date(year, 1, 1) == tet


@pytest.mark.parametrize(("year", "tet"), sorted(TET_CHINA.items()))
def test_same_method_at_utc8_gives_the_chinese_new_year(year: int, tet: dt.date) -> None:
    assert solar_date(year, 1, 1, tz_hours=8.0) == tet


def test_known_lunar_dates() -> None:
    # 2024-12-05, first day of the 2024 OCOP festival, was lunar 5/11 Giáp Thìn.
    assert (lunar_date(dt.date(2024, 12, 5)).month, lunar_date(dt.date(2024, 12, 5)).day) == (11, 5)
    # 2023 had a leap 2nd month in Vietnam: 2023-03-22 began it.
    leap = lunar_date(dt.date(2023, 3, 22))
    assert (leap.month, leap.day, leap.leap) == (2, 1, True)
    # Tân Cương spring festival 2025 (lunar 1/10..1/12) was 7-9 February 2025.
    assert solar_date(2025, 1, 10) == dt.date(2025, 2, 7)


@settings(max_examples=80, deadline=None)
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_lunar_dates_round_trip_and_advance_one_day_at_a_time(day: dt.date) -> None:
    lunar = lunar_date(day)
    assert 1 <= lunar.month <= 12 and 1 <= lunar.day <= 30
    assert solar_date(lunar.year, lunar.month, lunar.day, leap=lunar.leap) == day
    following = lunar_date(day + dt.timedelta(days=1))
    if following.day != 1:
        assert (following.month, following.day) == (lunar.month, lunar.day + 1)
    else:
        assert lunar.day in (29, 30)


def test_a_lunar_date_that_does_not_exist() -> None:
    assert solar_date(2024, 3, 31) is None


# ---------------------------------------------------------------------------------------------
# Hours by date
# ---------------------------------------------------------------------------------------------


def _site(site_id: str, hours: OpeningHours, **extra: object) -> Site:
    return Site(
        id=site_id,
        name=site_id.title(),
        name_en=site_id,
        kind=extra.pop("kind", Kind.TEA_AREA),  # type: ignore[arg-type]
        location=Location(21.6, 105.8, Precision.ESTIMATED, "test"),
        visit_minutes=60,
        visit_estimated=False,
        hours=hours,
        score=5,
        **extra,  # type: ignore[arg-type]
    )


def _weekly(
    *windows: str, sunday: tuple[str, ...] | None = None
) -> tuple[tuple[TimeWindow, ...], ...]:
    days = [tuple(W(w) for w in windows)] * 7
    if sunday is not None:
        days[6] = tuple(W(w) for w in sunday)
    return tuple(days)


def _catalog(*sites: Site, events: tuple[Event, ...] = ()) -> Catalog:
    region = Region("Test", "Asia/Ho_Chi_Minh", 21.6, 105.85, 80.0)
    return Catalog("<test>", 1, region, sites, events=events)


COOP = _site(
    "coop",
    OpeningHours(
        HoursStatus.SOURCED,
        _weekly("07:30-11:30", "13:30-17:00", sunday=()),
        closed=(DateRange(dt.date(2025, 1, 28), dt.date(2025, 2, 2)),),
    ),
    season=Season(frozenset({5, 6, 7})),
    tags=("tea", "photo"),
)
MARKET = _site(
    "market",
    OpeningHours(
        HoursStatus.SOURCED, _weekly("07:00-12:00"), lunar_days=frozenset({1, 4, 6, 11, 14})
    ),
    kind=Kind.MARKET,
)
UNKNOWN = _site("shrine", OpeningHours(HoursStatus.UNKNOWN, ((),) * 7), kind=Kind.TEMPLE)
FESTIVAL = Event(
    id="spring",
    name="Lễ hội trà xuân",
    name_en="Spring tea festival",
    site="coop",
    lunar_from=LunarDate(1, 10),
    lunar_to=LunarDate(1, 12),
    hours=(W("08:00-21:00"),),
    score_bonus=5,
)
CONCERT = Event(
    id="concert",
    name="Đêm nhạc",
    name_en="Night concert",
    site="shrine",
    dates=(DateRange(dt.date(2024, 12, 6), dt.date(2024, 12, 6)),),
    fixed_start=19 * 60,
    visit_minutes=90,
    score_bonus=2,
)
CAT = _catalog(COOP, MARKET, UNKNOWN, events=(FESTIVAL, CONCERT))


def test_weekday_rules_and_two_windows() -> None:
    monday = dt.date(2024, 12, 2)
    assert windows_on(CAT, COOP, monday) == (W("07:30-11:30"), W("13:30-17:00"))
    assert windows_on(CAT, COOP, dt.date(2024, 12, 8)) == ()  # a Sunday
    assert "Sunday" in day_hours(CAT, COOP, dt.date(2024, 12, 8)).why_closed


def test_closed_dates() -> None:
    assert windows_on(CAT, COOP, dt.date(2025, 1, 30)) == ()
    assert windows_on(CAT, COOP, dt.date(2025, 2, 3)) != ()


def test_market_opens_on_its_lunar_days_only() -> None:
    # 2024-12-05 is lunar 5/11, 2024-12-06 lunar 6/11
    assert windows_on(CAT, MARKET, dt.date(2024, 12, 5)) == ()
    assert windows_on(CAT, MARKET, dt.date(2024, 12, 6)) == (W("07:00-12:00"),)
    reason = closed_reason(CAT, MARKET, [dt.date(2024, 12, 5), dt.date(2024, 12, 7)])
    assert reason.startswith("closed on every trip date")
    assert "lunar days 1, 4, 6, 11, 14" in reason and "5/11" in reason


def test_unknown_hours_give_the_whole_day_flagged() -> None:
    hours = day_hours(CAT, UNKNOWN, dt.date(2024, 12, 5))
    assert hours.windows == (TimeWindow(0, 1440),) and hours.check_hours


def test_an_event_replaces_the_usual_hours_even_on_a_closed_day() -> None:
    # Tân Cương spring festival 2025: lunar 1/10..1/12 = 7..9 February 2025 (9 Feb is a Sunday)
    for day in (dt.date(2025, 2, 7), dt.date(2025, 2, 9)):
        hours = day_hours(CAT, COOP, day)
        assert hours.event is FESTIVAL
        assert hours.windows == (W("08:00-21:00"),)
        assert hours.score_bonus == 5
    assert events_on(CAT, "coop", dt.date(2025, 2, 10)) == ()


def test_a_fixed_time_event_is_visited_exactly_then() -> None:
    hours = day_hours(CAT, UNKNOWN, dt.date(2024, 12, 6))
    assert hours.fixed_start == 19 * 60
    assert hours.windows == (W("19:00-20:30"),)
    assert hours.visit_minutes == 90


def test_scores_season_events_and_interests() -> None:
    june, december = dt.date(2025, 6, 2), dt.date(2024, 12, 2)
    assert site_score(CAT, COOP, december) == 5
    assert site_score(CAT, COOP, june) == 7  # best month
    assert site_score(CAT, COOP, dt.date(2025, 2, 7)) == 10  # festival bonus
    assert site_score(CAT, COOP, december, interests=("Tea",)) == 8
    assert site_score(CAT, COOP, december, interests=("museum",)) == 5
    assert interest_matches(UNKNOWN, ["temple"])  # the kind counts too
    assert interest_matches(COOP, ["festival"], event_day=True)
    assert not interest_matches(COOP, ["festival"])


# ---------------------------------------------------------------------------------------------
# Sun times
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("day", [dt.date(2024, 12, 5), dt.date(2025, 6, 21), dt.date(2025, 3, 20)])
def test_sun_times_fall_on_the_day_in_order(day: dt.date) -> None:
    sun = region_sun_times(CAT, day)
    moments = [
        sun.dawn,
        sun.golden_morning[0],
        sun.sunrise,
        sun.golden_morning[1],
        sun.golden_evening[0],
        sun.sunset,
        sun.golden_evening[1],
        sun.dusk,
    ]
    assert all(m.date() == day for m in moments)
    assert moments == sorted(moments)
    assert all(m.utcoffset() == dt.timedelta(hours=7) for m in moments)


def test_sunrise_in_thai_nguyen_in_december() -> None:
    sun = sun_times(21.6, 105.85, dt.date(2024, 12, 5), "Asia/Ho_Chi_Minh")
    # published tables give about 06:21 and 17:13 for the city
    assert dt.time(6, 15) <= sun.sunrise.time() <= dt.time(6, 27)
    assert dt.time(17, 7) <= sun.sunset.time() <= dt.time(17, 19)


def test_a_true_new_moon_a_day_after_the_mean_one_does_not_make_day_zero() -> None:
    # Found by the round-trip property: the mean month put 2054-05-07 on "day 0" of month 4.
    day = dt.date(2054, 5, 7)
    lunar = lunar_date(day)
    assert (lunar.month, lunar.day) == (3, 30)
    assert solar_date(lunar.year, 3, 30) == day
    assert lunar_date(day + dt.timedelta(days=1)).day == 1
