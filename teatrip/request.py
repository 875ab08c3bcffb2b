"""Turn what a traveller types (``--day 07:30-17:30``, ``--lunch 11:30-13:30/60``, ``--max-drive
1h30m``, ``--stay 2:SITE``) into a validated ``TripRequest``.

Kept apart from the CLI so every rule is testable without Typer. Each error is a ``RequestError``
(exit 2) with one sentence; site names go through ``catalog.find_site`` (did-you-mean, exit 2).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence

from teatrip.errors import RequestError
from teatrip.formatting import say
from teatrip.hours import FIRST_DATE, LAST_DATE
from teatrip.i18n import N_
from teatrip.models import (
    Catalog,
    Kind,
    LunchRule,
    Mode,
    Pace,
    TimeWindow,
    TripRequest,
)
from teatrip.phrases import Phrase

__all__ = [
    "MAX_BUDGET_S",
    "MAX_DAYS",
    "MAX_SEED",
    "build_request",
    "default_lodging",
    "parse_date",
    "parse_day_window",
    "parse_duration",
    "parse_list",
    "parse_lunch",
    "parse_stay",
]

MAX_DAYS = 30
MAX_BUDGET_S = 600.0  # seconds the engine may search, at most
MAX_SEED = 2**63 - 1  # seeds reach the C solver as 64-bit integers
_MAX_DIGITS = 9  # longer numbers in a date or duration are typos, and floats of them overflow


#: A month of a year, named in a sentence ("February 2025" / "tháng 2 năm 2025").
_MONTHS = (
    N_("January {year}"),
    N_("February {year}"),
    N_("March {year}"),
    N_("April {year}"),
    N_("May {year}"),
    N_("June {year}"),
    N_("July {year}"),
    N_("August {year}"),
    N_("September {year}"),
    N_("October {year}"),
    N_("November {year}"),
    N_("December {year}"),
)


def _outside(option: str, text: str) -> Phrase:
    return say(
        "{option}: {text} is outside the dates teatrip supports ({first} to {last})",
        option=option,
        text=text,
        first=FIRST_DATE.isoformat(),
        last=LAST_DATE.isoformat(),
    )


def check_date_range(day: dt.date, *, option: str = "--start") -> dt.date:
    """``day`` if teatrip plans for it (``FIRST_DATE`` to ``LAST_DATE``), else a RequestError."""
    if not FIRST_DATE <= day <= LAST_DATE:
        raise RequestError(_outside(option, day.isoformat()))
    return day


def parse_date(text: str, *, option: str = "--start") -> dt.date:
    """``"2024-12-05"`` -> date; a date that does not exist is a RequestError that says why."""
    text = text.strip()
    match = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if not match:
        raise RequestError(
            say(
                "{option}: {text} is not a date; write it as YYYY-MM-DD",
                option=option,
                text=repr(text),
            )
        )
    year, month, day = (int(g) for g in match.groups())
    if not FIRST_DATE.year <= year <= LAST_DATE.year:
        raise RequestError(_outside(option, text))
    if not 1 <= month <= 12:
        raise RequestError(
            say(
                "{option}: {text} does not exist (there is no month {month})",
                option=option,
                text=text,
                month=month,
            )
        )
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise RequestError(
            say(
                "{option}: {text} does not exist ({month} has {last} days)",
                option=option,
                text=text,
                month=say(_MONTHS[month - 1], year=year),
                last=last,
            )
        )
    return dt.date(year, month, day)


def parse_day_window(text: str, *, option: str = "--day") -> TimeWindow:
    """``"07:30-17:30"`` -> TimeWindow; it must open before it closes."""
    try:
        window = TimeWindow.parse(text.strip())
    except ValueError as error:
        raise RequestError(
            say("{option}: {error} (example: 07:30-17:30)", option=option, error=str(error))
        ) from None
    if window.start >= window.end:
        raise RequestError(
            say("{option}: {text} must start before it ends", option=option, text=text)
        )
    return window


def parse_lunch(text: str) -> LunchRule:
    """``"11:30-13:30/60"`` -> a 60-minute lunch inside 11:30-13:30; ``/60`` defaults to 60."""
    body, _, minutes_text = text.strip().partition("/")
    window = parse_day_window(body, option="--lunch")
    minutes = 60
    if minutes_text:
        try:
            minutes = parse_duration(minutes_text, option="--lunch", bare="minutes")
        except RequestError:
            raise RequestError(
                say(
                    "--lunch: {text} is not a length in minutes (example: 11:30-13:30/60)",
                    text=repr(minutes_text),
                )
            ) from None
    if minutes <= 0:
        raise RequestError(say("--lunch: the lunch must last at least one minute"))
    if minutes > window.minutes:
        raise RequestError(
            say(
                "--lunch: a {minutes}-minute lunch does not fit inside {window} ({length} min)",
                minutes=minutes,
                window=str(window),
                length=window.minutes,
            )
        )
    return LunchRule(window, minutes)


_DURATION = re.compile(r"(?:(\d+(?:\.\d+)?)\s*h)?\s*(?:(\d+)\s*(?:m|min)?)?", re.IGNORECASE)


def parse_duration(text: str, *, option: str = "--max-drive", bare: str | None = None) -> int:
    """``"3h"``, ``"90m"``, ``"1h30m"``, ``"1h30"``, ``"1.5h"`` -> minutes.

    A bare number is refused unless ``bare="minutes"`` says what it means (``/60`` in --lunch).
    """
    raw = text.strip()
    match = _DURATION.fullmatch(raw)
    if not raw or not match or not any(match.groups()):
        raise RequestError(
            say(
                "{option}: {text} is not a duration (examples: 3h, 90m, 1h30m)",
                option=option,
                text=repr(text),
            )
        )
    hours_text, minutes_text = match.groups()
    if any(len(part.partition(".")[0]) > _MAX_DIGITS for part in match.groups() if part):
        raise RequestError(
            say("{option}: {text}… is far longer than a day", option=option, text=raw[:12])
        )
    if hours_text is None and bare != "minutes" and not raw.lower().endswith(("m", "min")):
        # A bare "3" could mean hours or minutes; guessing wrong silently ruins the plan.
        raise RequestError(
            say(
                "{option}: {text} needs a unit: write {raw}h or {raw}m",
                option=option,
                text=repr(text),
                raw=raw,
            )
        )
    minutes = 0.0
    if hours_text:
        minutes += float(hours_text) * 60
    if minutes_text:
        minutes += int(minutes_text)
    return math.floor(minutes + 0.5)


def parse_stay(text: str) -> tuple[int, str]:
    """``"2:pho-yen"`` -> (2, "pho-yen"): sleep at that site from the night before day 2 on."""
    day_text, sep, site = text.partition(":")
    if not sep or not day_text.strip().isdigit() or not site.strip():
        raise RequestError(
            say("--stay: {text} should be DAY:SITE, e.g. 2:pho-yen", text=repr(text))
        )
    if len(day_text.strip()) > _MAX_DIGITS:
        raise RequestError(say("--stay: day {day} is not a day of this trip", day=day_text.strip()))
    return int(day_text), site.strip()


def parse_list(values: Iterable[str] | None) -> tuple[str, ...]:
    """Repeatable and comma-separated options -> one tuple, order kept, duplicates dropped."""
    out: list[str] = []
    for value in values or ():
        for part in value.split(","):
            item = part.strip()
            if item and item not in out:
                out.append(item)
    return tuple(out)


def default_lodging(catalog: Catalog) -> str:
    """The lodging closest to the region's centre (a day needs somewhere to start and end)."""
    lodgings = [site for site in catalog.sites if site.kind is Kind.LODGING]
    if not lodgings:
        raise RequestError(say("the catalog has no lodging site; name a start with --from SITE"))
    centre = (catalog.region.centre_lat, catalog.region.centre_lon)

    def far(site_lat: float, site_lon: float) -> float:
        return (site_lat - centre[0]) ** 2 + ((site_lon - centre[1]) * 0.93) ** 2

    return min(lodgings, key=lambda s: (far(s.lat, s.lon), s.id)).id


def _resolve(catalog: Catalog, query: str, *, lodging: bool = False) -> str:
    from teatrip.catalog import find_site

    # Where the group sleeps: a name that matches nothing suggests the lodgings first.
    return find_site(catalog, query, prefer_kinds=(Kind.LODGING,) if lodging else ()).id


def _known_interests(catalog: Catalog, interests: Sequence[str]) -> tuple[str, ...]:
    """The interests, each a tag or kind of the catalog (or "festival"); an unknown one is refused
    with the known ones listed, rather than silently weighing nothing."""
    from teatrip.hours import EVENT_INTERESTS

    tags = {t.lower() for s in catalog.sites for t in s.tags}
    kinds = {s.kind.value for s in catalog.sites}
    wanted = tuple(i.strip().lower() for i in interests if i.strip())
    unknown = [i for i in wanted if i not in tags | kinds | EVENT_INTERESTS]
    if unknown:
        # the tags (and "festival") are what people name; the kinds are accepted too
        raise RequestError(
            say(
                "--interests {interest}: not a tag or kind of this catalog; tags: {tags}",
                interest=repr(unknown[0][:40]),
                tags=", ".join(sorted(tags | {"festival"})),
            )
        )
    return wanted


def build_request(
    catalog: Catalog,
    *,
    start: dt.date | str,
    days: int = 1,
    from_site: str | None = None,
    stays: Sequence[str | tuple[int, str]] = (),
    mode: Mode | str = Mode.MOTORBIKE,
    day_window: TimeWindow | str = "07:30-17:30",
    lunch: LunchRule | str | None = "11:30-13:30/60",
    must: Iterable[str] = (),
    avoid: Iterable[str] = (),
    interests: Iterable[str] = (),
    pace: Pace | str = Pace.NORMAL,
    max_drive: int | str | None = None,
    golden_hour: bool = False,
    budget_s: float | None = None,
    seed: int = 0,
    roads: str = "",
) -> TripRequest:
    """Validate everything a traveller asked for and resolve site names to ids.

    Raises ``RequestError`` (or ``SiteNotFoundError``) with one sentence on the first problem.
    """
    start_date = parse_date(start) if isinstance(start, str) else check_date_range(start)
    if days < 1:
        raise RequestError(say("--days: a trip needs at least one day, got {days}", days=days))
    if days > MAX_DAYS:
        raise RequestError(
            say(
                "--days: at most {most} days can be planned at once, got {days}",
                most=MAX_DAYS,
                days=days,
            )
        )
    if (LAST_DATE - start_date).days < days - 1:
        raise RequestError(
            say(
                "--days: a {days}-day trip from {start} would end after {last}, the last date "
                "teatrip supports",
                days=days,
                start=start_date.isoformat(),
                last=LAST_DATE.isoformat(),
            )
        )
    if not -MAX_SEED <= seed <= MAX_SEED:
        raise RequestError(say("--seed: use a number between -{most} and {most}", most=MAX_SEED))
    window = parse_day_window(day_window) if isinstance(day_window, str) else day_window
    lunch_rule = parse_lunch(lunch) if isinstance(lunch, str) else lunch
    if lunch_rule is not None:
        if window.minutes < lunch_rule.minutes:
            raise RequestError(
                say(
                    "--day {window} ({length} min) is shorter than the {minutes}-minute lunch; "
                    "widen --day or use --no-lunch",
                    window=str(window),
                    length=window.minutes,
                    minutes=lunch_rule.minutes,
                )
            )
        first = max(window.start, lunch_rule.window.start)
        last = min(window.end, lunch_rule.window.end)
        if last - first < lunch_rule.minutes:
            raise RequestError(
                say(
                    "--lunch {lunch} leaves no room for a {minutes}-minute lunch inside --day "
                    "{window}; change one of them or use --no-lunch",
                    lunch=str(lunch_rule.window),
                    minutes=lunch_rule.minutes,
                    window=str(window),
                )
            )
    try:
        mode_value = Mode(mode)
    except ValueError:
        raise RequestError(
            say("--mode: {mode} is not one of car, motorbike, bicycle, walk", mode=repr(mode))
        ) from None
    try:
        pace_value = Pace(pace)
    except ValueError:
        raise RequestError(
            say("--pace: {pace} is not one of relaxed, normal, packed", pace=repr(pace))
        ) from None
    drive = parse_duration(max_drive) if isinstance(max_drive, str) else max_drive
    if drive is not None and drive <= 0:
        raise RequestError(say("--max-drive must be longer than zero"))
    if budget_s is not None and not (0 <= budget_s <= MAX_BUDGET_S):  # also refuses nan
        raise RequestError(
            say(
                "--budget: {budget} s is outside 0..{most} seconds",
                budget=format(budget_s, "g"),
                most=format(MAX_BUDGET_S, "g"),
            )
        )

    start_site = (
        _resolve(catalog, from_site, lodging=True) if from_site else default_lodging(catalog)
    )
    stay_list: list[tuple[int, str]] = []
    for stay in stays:
        number, name = parse_stay(stay) if isinstance(stay, str) else stay
        if not 1 <= number <= days:
            raise RequestError(
                say(
                    "--stay: day {day} is not a day of this {days}-day trip",
                    day=number,
                    days=days,
                )
            )
        stay_list.append((number, _resolve(catalog, name, lodging=True)))
    must_ids = tuple(dict.fromkeys(_resolve(catalog, name) for name in must))
    avoid_ids = tuple(dict.fromkeys(_resolve(catalog, name) for name in avoid))
    both = [site for site in must_ids if site in avoid_ids]
    if both:
        raise RequestError(say("{site} is both in --must and in --avoid; keep one", site=both[0]))
    lodgings = {start_site, *(site for _, site in stay_list)}
    for site in must_ids:
        if site in lodgings:
            raise RequestError(
                say("--must {site}: it is where the group sleeps, not a visit", site=site)
            )
    from teatrip.catalog import catalog_name

    return TripRequest(
        start=start_date,
        days=days,
        start_site=start_site,
        stays=tuple(sorted(stay_list)),
        mode=mode_value,
        day_window=window,
        lunch=lunch_rule,
        must=must_ids,
        avoid=avoid_ids,
        interests=_known_interests(catalog, parse_list(interests)),
        pace=pace_value,
        max_drive_minutes=drive,
        golden_hour=golden_hour,
        budget_s=budget_s,
        seed=seed,
        catalog=catalog_name(catalog),
        roads=roads,
    )
