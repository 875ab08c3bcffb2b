"""Opening hours by date: weekday rules, several windows a day, closed dates, lunar market days,
dated events (festivals, fixed-time happenings), season and interest scoring, and sun times.

Everything here is pure and cheap except ``sun_times`` (imports astral on first use).

The Vietnamese lunar calendar
-----------------------------
Tea markets meet on fixed days of the lunar month and festivals recur on lunar dates, so hours need
the lunar date of a Gregorian date. The Vietnamese calendar is computed for the meridian of UTC+7;
the Chinese one for UTC+8, and the two differ whenever a new moon falls between 16:00 and 17:00 UTC
(e.g. Tết 1985 was 21 January in Vietnam and 20 February in China, which also placed a leap month
differently). Packages on the index either compute the Chinese calendar (``lunardate`` uses tables
for UTC+8) or are small unmaintained ports, so this module implements the standard astronomical
method itself: mean new moons corrected with the principal periodic terms (Meeus, *Astronomical
Algorithms*, ch. 49, truncated), the sun's apparent longitude (ch. 25, low precision), month 11
being the month that contains the winter solstice and the first month without a principal term
being the leap month. It is accurate for 1900-2100, the range the tests check against known Tết
dates.
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from teatrip.formatting import say
from teatrip.i18n import N_
from teatrip.models import (
    Catalog,
    Event,
    HoursStatus,
    LunarDate,
    Site,
    SunTimes,
    TimeWindow,
)

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

__all__ = [
    "FIRST_DATE",
    "LAST_DATE",
    "VIETNAM_TZ_HOURS",
    "DayHours",
    "LunarDay",
    "closed_reason",
    "day_hours",
    "events_on",
    "interest_matches",
    "lunar_date",
    "site_score",
    "solar_date",
    "sun_times",
    "windows_on",
]

VIETNAM_TZ_HOURS = 7.0
# The dates teatrip plans for: the lunar calendar below is checked against known Tết dates of
# 1900-2100, and every date a traveller types is refused outside this range where it enters.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
WHOLE_DAY = TimeWindow(0, 24 * 60)

# ---------------------------------------------------------------------------------------------
# Lunar calendar
# ---------------------------------------------------------------------------------------------

_SYNODIC_MONTH = 29.530588853
_JD_1900 = 2415021.076998695  # Julian day of the new moon of 1900-01-01 (k = 0)


@dataclass(frozen=True, order=True)
class LunarDay:
    """A date of the Vietnamese lunar calendar; ``leap`` marks the intercalary month."""

    year: int
    month: int
    day: int
    leap: bool = False

    def __str__(self) -> str:
        leap = " (leap)" if self.leap else ""
        return f"{self.day}/{self.month}{leap} lunar {self.year}"


def _julian_day(day: dt.date) -> int:
    """Julian day number of a Gregorian date (noon)."""
    return day.toordinal() + 1721425


def _from_julian_day(jd: int) -> dt.date:
    return dt.date.fromordinal(jd - 1721425)


def _new_moon(k: int) -> float:
    """Julian day (UT, fractional) of the k-th new moon after 1900-01-01."""
    t = k / 1236.85
    t2 = t * t
    t3 = t2 * t
    dr = math.pi / 180
    jd = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
    jd += 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
    m = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * dr  # sun's anomaly
    mp = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * dr  # moon's anomaly
    f = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * dr  # moon's latitude
    c = (0.1734 - 0.000393 * t) * math.sin(m) + 0.0021 * math.sin(2 * m)
    c += -0.4068 * math.sin(mp) + 0.0161 * math.sin(2 * mp) - 0.0004 * math.sin(3 * mp)
    c += 0.0104 * math.sin(2 * f) - 0.0051 * math.sin(m + mp) - 0.0074 * math.sin(m - mp)
    c += 0.0004 * math.sin(2 * f + m) - 0.0004 * math.sin(2 * f - m) - 0.0006 * math.sin(2 * f + mp)
    c += 0.0010 * math.sin(2 * f - mp) + 0.0005 * math.sin(2 * mp + m)
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    return jd + c - delta_t


def _sun_longitude(jd: float) -> float:
    """Apparent longitude of the sun, radians in [0, 2π), at Julian day ``jd`` (UT)."""
    t = (jd - 2451545.0) / 36525
    t2 = t * t
    dr = math.pi / 180
    m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(dr * m)
    dl += (0.019993 - 0.000101 * t) * math.sin(dr * 2 * m) + 0.000290 * math.sin(dr * 3 * m)
    longitude = (l0 + dl) * dr
    return longitude - 2 * math.pi * math.floor(longitude / (2 * math.pi))


def _new_moon_day(k: int, tz: float) -> int:
    """Local civil day (Julian day number) of the k-th new moon."""
    return math.floor(_new_moon(k) + 0.5 + tz / 24)


def _sun_sector(day_number: int, tz: float) -> int:
    """Which 30° sector (0..11) of longitude the sun is in at the start of a local day."""
    return math.floor(_sun_longitude(day_number - 0.5 - tz / 24) / math.pi * 6)


@lru_cache(maxsize=512)
def _month_11(year: int, tz: float) -> int:
    """Julian day number of the first day of lunar month 11 (it holds the winter solstice)."""
    offset = _julian_day(dt.date(year, 12, 31)) - 2415021
    k = math.floor(offset / _SYNODIC_MONTH)
    start = _new_moon_day(k, tz)
    if _sun_sector(start, tz) >= 9:  # the month starting then already holds the solstice
        start = _new_moon_day(k - 1, tz)
    return start


@lru_cache(maxsize=512)
def _leap_month_offset(a11: int, tz: float) -> int:
    """Months after month 11 at which the leap month (the first without a principal term) falls."""
    k = math.floor((a11 - _JD_1900) / _SYNODIC_MONTH + 0.5)
    i = 1
    arc = _sun_sector(_new_moon_day(k + i, tz), tz)
    while True:
        last = arc
        i += 1
        arc = _sun_sector(_new_moon_day(k + i, tz), tz)
        if arc == last or i >= 14:
            break
    return i - 1


@lru_cache(maxsize=4096)
def lunar_date(day: dt.date, tz_hours: float = VIETNAM_TZ_HOURS) -> LunarDay:
    """The lunar date of a Gregorian date; Vietnamese (UTC+7) unless ``tz_hours`` says otherwise."""
    day_number = _julian_day(day)
    k = math.floor((day_number - _JD_1900) / _SYNODIC_MONTH)
    month_start = _new_moon_day(k + 1, tz_hours)
    if month_start > day_number:
        month_start = _new_moon_day(k, tz_hours)
    if month_start > day_number:
        # ``k`` comes from the mean month; the true new moon can fall a day later than the mean
        # one (2054-05-07 would be "day 0"): the day then ends the month before.
        month_start = _new_moon_day(k - 1, tz_hours)
    a11 = _month_11(day.year, tz_hours)
    b11 = a11
    if a11 >= month_start:
        lunar_year = day.year
        a11 = _month_11(day.year - 1, tz_hours)
    else:
        lunar_year = day.year + 1
        b11 = _month_11(day.year + 1, tz_hours)
    lunar_day = day_number - month_start + 1
    diff = math.floor((month_start - a11) / 29)
    leap = False
    month = diff + 11
    if b11 - a11 > 365:  # a leap year: 13 months between the two months 11
        leap_diff = _leap_month_offset(a11, tz_hours)
        if diff >= leap_diff:
            month = diff + 10
            leap = diff == leap_diff
    if month > 12:
        month -= 12
    if month >= 11 and diff < 4:
        lunar_year -= 1
    return LunarDay(lunar_year, month, lunar_day, leap)


def solar_date(
    lunar_year: int, month: int, day: int, *, leap: bool = False, tz_hours: float = VIETNAM_TZ_HOURS
) -> dt.date | None:
    """The Gregorian date of a lunar date, or None when it does not exist (day 30 of a short month,
    a leap month the year lacks)."""
    # Lunar month M of lunar year Y starts roughly 29.5 * (M - 1) days after Tết, which falls
    # between 21 January and 20 February of Y: search that neighbourhood.
    guess = dt.date(lunar_year, 1, 20) + dt.timedelta(days=int(29.53 * (month - 1)) + day)
    for delta in range(-45, 46):
        candidate = guess + dt.timedelta(days=delta)
        lunar = lunar_date(candidate, tz_hours)
        if (lunar.year, lunar.month, lunar.day, lunar.leap) == (lunar_year, month, day, leap):
            return candidate
    return None


# ---------------------------------------------------------------------------------------------
# Events and hours on a date
# ---------------------------------------------------------------------------------------------


def _lunar_in_range(lunar: LunarDay, first: LunarDate, last: LunarDate) -> bool:
    """Is a lunar date inside an every-year range (which may wrap past the lunar new year)?

    Festivals are held in the ordinary month, not in a leap month of the same number.
    """
    if lunar.leap:
        return False
    key = (lunar.month, lunar.day)
    lo, hi = (first.month, first.day), (last.month, last.day)
    if lo <= hi:
        return lo <= key <= hi
    return key >= lo or key <= hi


def event_occurs(event: Event, day: dt.date) -> bool:
    """Does the event take place on this Gregorian date?"""
    if any(day in span for span in event.dates):
        return True
    if event.lunar_from is not None:
        last = event.lunar_to or event.lunar_from
        return _lunar_in_range(lunar_date(day), event.lunar_from, last)
    return False


def events_on(catalog: Catalog, site_id: str, day: dt.date) -> tuple[Event, ...]:
    """Events held at a site on a date, best score bonus first."""
    found = [event for event in catalog.events_at(site_id) if event_occurs(event, day)]
    return tuple(sorted(found, key=lambda event: (-event.score_bonus, event.id)))


@dataclass(frozen=True)
class DayHours:
    """How a site can be visited on one date.

    ``windows`` are opening windows (a visit happens inside one). When ``fixed_start`` is set the
    visit starts exactly then or not at all. ``check_hours`` is set when the hours are unknown or
    estimated. ``why_closed`` explains an empty ``windows``.
    """

    date: dt.date
    windows: tuple[TimeWindow, ...]
    visit_minutes: int
    check_hours: bool = False
    event: Event | None = None
    fixed_start: int | None = None
    score_bonus: int = 0
    why_closed: str = ""

    @property
    def is_open(self) -> bool:
        return bool(self.windows)


#: Why a site is shut on a weekday, Monday first.
_CLOSED_ON_WEEKDAY = (
    N_("closed on Mondays"),
    N_("closed on Tuesdays"),
    N_("closed on Wednesdays"),
    N_("closed on Thursdays"),
    N_("closed on Fridays"),
    N_("closed on Saturdays"),
    N_("closed on Sundays"),
)


def _regular_windows(site: Site, day: dt.date) -> tuple[tuple[TimeWindow, ...], str]:
    """Windows from the site's own hours (no events), and why it is closed when it is."""
    hours = site.hours
    for span in hours.closed:
        if day in span:
            return (), say("closed on {dates}", dates=str(span))
    if hours.lunar_days is not None:
        lunar = lunar_date(day)
        if lunar.day not in hours.lunar_days:
            days = ", ".join(str(d) for d in sorted(hours.lunar_days))
            return (), say(
                "open only on lunar days {days} ({date} is lunar {day}/{month})",
                days=days,
                date=day.isoformat(),
                day=lunar.day,
                month=lunar.month,
            )
    windows: tuple[TimeWindow, ...] = ()
    if hours.weekly and len(hours.weekly) == 7:
        windows = hours.weekly[day.weekday()]
    if windows:
        return tuple(sorted(windows)), ""
    if hours.status is HoursStatus.UNKNOWN and not any(hours.weekly):
        # Nobody knows the hours: the planner may use its day window and flags "check hours".
        return (WHOLE_DAY,), ""
    return (), say(_CLOSED_ON_WEEKDAY[day.weekday()])


def _weekday_windows(site: Site, day: dt.date) -> tuple[TimeWindow, ...]:
    weekly = site.hours.weekly
    return tuple(sorted(weekly[day.weekday()])) if len(weekly) == 7 else ()


def day_hours(catalog: Catalog, site: Site, day: dt.date) -> DayHours:
    """Resolve everything that decides when ``site`` can be visited on ``day``.

    Precedence: an event on that day opens the site in the event's hours, or in the weekday's usual
    windows when it gives none (or the whole day, flagged, when there are none either); an event
    overrides a closed date or a lunar-day rule, being the more specific fact. A fixed-time event
    is visited at exactly its start. Without an event: ``closed`` dates, then ``lunar_days``, then
    the weekday's windows; ``unknown`` hours give the whole day.
    """
    check = site.hours.status is not HoursStatus.SOURCED
    events = events_on(catalog, site.id, day)
    regular, why = _regular_windows(site, day)
    if events:
        event = events[0]
        visit = event.visit_minutes or site.visit_minutes
        if event.fixed_start is not None:
            start = event.fixed_start
            return DayHours(
                day,
                (TimeWindow(start, min(start + visit, 24 * 60)),),
                visit,
                check_hours=False,
                event=event,
                fixed_start=start,
                score_bonus=event.score_bonus,
            )
        windows: tuple[TimeWindow, ...] = tuple(
            sorted({w for e in events for w in e.hours})
        ) or _weekday_windows(site, day)
        event_check = check and not any(e.hours for e in events)
        if not windows:
            windows, event_check = (WHOLE_DAY,), True
        return DayHours(
            day,
            _merge(windows),
            visit,
            check_hours=event_check,
            event=event,
            score_bonus=event.score_bonus,
        )
    return DayHours(day, regular, site.visit_minutes, check_hours=check, why_closed=why)


def _merge(windows: Iterable[TimeWindow]) -> tuple[TimeWindow, ...]:
    """Sort windows and join the ones that overlap or touch."""
    merged: list[TimeWindow] = []
    for window in sorted(windows):
        if merged and window.start <= merged[-1].end:
            last = merged[-1]
            merged[-1] = TimeWindow(last.start, max(last.end, window.end))
        else:
            merged.append(window)
    return tuple(merged)


def windows_on(catalog: Catalog, site: Site, day: dt.date) -> tuple[TimeWindow, ...]:
    """Opening windows of ``site`` on ``day`` after closed dates, lunar days and events."""
    return day_hours(catalog, site, day).windows


def closed_reason(catalog: Catalog, site: Site, days: Sequence[dt.date]) -> str:
    """Why a site is shut on every one of ``days`` (assumes it is), in words a guide can act on."""
    reasons = [day_hours(catalog, site, day).why_closed for day in days]
    hours = site.hours
    if hours.lunar_days is not None:
        market = ", ".join(str(d) for d in sorted(hours.lunar_days))
        lunar = ", ".join(f"{lunar_date(d).day}/{lunar_date(d).month}" for d in days)
        return say(
            "closed on every trip date (open on lunar days {days}; trip is on lunar {dates})",
            days=market,
            dates=lunar,
        )
    # one of each reason, in the order of their English words (the order they always had)
    distinct = [why for _, why in sorted({str(r): r for r in reasons if r}.items())]
    fields = {f"r{k}": why for k, why in enumerate(distinct)}
    template = "; ".join("{" + name + "}" for name in fields)
    every = say(template, **fields)
    return say("closed on every trip date ({why})", why=every)


# ---------------------------------------------------------------------------------------------
# Scores: season, events, interests
# ---------------------------------------------------------------------------------------------

SEASON_BONUS = 2
INTEREST_BONUS = 3
EVENT_INTERESTS = frozenset({"festival", "event", "events", "festivals"})


def _fold(text: str) -> str:
    """Lower case without diacritics, spaces, hyphens or underscores ("Lễ hội" -> "lehoi")."""
    decomposed = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(c for c in kept.lower() if c.isalnum())


def interest_matches(site: Site, interests: Iterable[str], *, event_day: bool = False) -> bool:
    """Does a site match any interest: one of its tags, its kind, or "festival" on an event day?"""
    words = {_fold(tag) for tag in site.tags} | {_fold(str(site.kind))}
    for interest in interests:
        folded = _fold(interest)
        if not folded:
            continue
        if folded in words or (event_day and folded in EVENT_INTERESTS):
            return True
    return False


def site_score(catalog: Catalog, site: Site, day: dt.date, *, interests: Sequence[str] = ()) -> int:
    """The site's worth on ``day``: its score, +2 in its best months, + the event bonus of the day,
    +3 when it matches the traveller's interests (kind, tag, or "festival" on an event day)."""
    hours = day_hours(catalog, site, day)
    score = site.score
    if site.season is not None and day.month in site.season.best_months:
        score += SEASON_BONUS
    score += hours.score_bonus
    if interests and interest_matches(site, interests, event_day=hours.event is not None):
        score += INTEREST_BONUS
    return score


def in_season(site: Site, day: dt.date) -> bool:
    return site.season is not None and day.month in site.season.best_months


# ---------------------------------------------------------------------------------------------
# Sun times
# ---------------------------------------------------------------------------------------------


def _zone(name: str) -> ZoneInfo:
    from zoneinfo import ZoneInfo

    return ZoneInfo(name)


@lru_cache(maxsize=256)
def sun_times(lat: float, lon: float, day: dt.date, timezone: str) -> SunTimes:
    """Dawn (civil), sunrise, sunset, dusk and the golden hours (sun between -4° and +6°).

    astral computes on the UTC date; for zones east of Greenwich its morning events can land on the
    next local day, so each event is recomputed for the neighbouring date until it falls on ``day``.
    """
    from astral import Observer, SunDirection
    from astral.sun import dawn, dusk, sunrise, sunset, time_at_elevation

    tz = _zone(timezone)
    observer = Observer(latitude=lat, longitude=lon)

    def at(elevation: float, direction: SunDirection) -> dt.datetime:
        for shift in (0, -1, 1):
            try:
                moment: dt.datetime = time_at_elevation(
                    observer, elevation, day + dt.timedelta(days=shift), direction, tzinfo=tz
                )
            except ValueError:
                continue
            moment = moment.astimezone(tz)
            if moment.date() == day:
                return moment.replace(microsecond=0)
        raise ValueError(f"the sun does not reach {elevation}° on {day}")

    def local(fn: Callable[..., dt.datetime]) -> dt.datetime:
        for shift in (0, -1, 1):
            try:
                moment = fn(observer, day + dt.timedelta(days=shift), tzinfo=tz).astimezone(tz)
            except ValueError:
                continue
            if moment.date() == day:
                return moment.replace(microsecond=0)
        raise ValueError(f"no {fn.__name__} on {day}")

    rising, setting = SunDirection.RISING, SunDirection.SETTING
    return SunTimes(
        dawn=local(dawn),
        sunrise=local(sunrise),
        sunset=local(sunset),
        dusk=local(dusk),
        golden_morning=(at(-4.0, rising), at(6.0, rising)),
        golden_evening=(at(6.0, setting), at(-4.0, setting)),
    )


def region_sun_times(catalog: Catalog, day: dt.date) -> SunTimes:
    """Sun times at the catalog region's centre, in its time zone."""
    region = catalog.region
    return sun_times(region.centre_lat, region.centre_lon, day, region.timezone)
