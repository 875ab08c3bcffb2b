"""Tables and detail views of sites, and catalog validation reports.

Every word is in the current language (``teatrip.i18n``): our own through ``gettext``, the
catalog's text in its Vietnamese or English version, places by ``formatting.place_name``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from teatrip.errors import Problem
from teatrip.formatting import count_of, date_day, duration, km, money, place_name, word
from teatrip.hours import DayHours
from teatrip.i18n import N_, current, gettext, ngettext
from teatrip.models import WEEKDAYS, HoursStatus, Kind, Site, TimeWindow
from teatrip.phrases import Words
from teatrip.site_query import DayOpening, SiteMatch

#: The days of the week as the hours read them ("mon-sat 07:00-11:30"; "T2-T7 07:00-11:30").
_WEEKDAY_WORDS = (
    N_("mon"),
    N_("tue"),
    N_("wed"),
    N_("thu"),
    N_("fri"),
    N_("sat"),
    N_("sun"),
)
#: What a site is, for people (the --kind values stay as they are in English).
_KIND_WORDS: dict[Kind, str] = {
    Kind.TEA_AREA: N_("tea-area"),
    Kind.TEA_COOP: N_("tea-coop"),
    Kind.TEA_HOUSEHOLD: N_("tea-household"),
    Kind.MARKET: N_("market"),
    Kind.MUSEUM: N_("museum"),
    Kind.TEMPLE: N_("temple"),
    Kind.PAGODA: N_("pagoda"),
    Kind.CAVE: N_("cave"),
    Kind.LAKE: N_("lake"),
    Kind.STREAM: N_("stream"),
    Kind.RELIC: N_("relic"),
    Kind.VILLAGE: N_("village"),
    Kind.VENUE: N_("venue"),
    Kind.VIEWPOINT: N_("viewpoint"),
    Kind.LODGING: N_("lodging"),
    Kind.FOOD: N_("food"),
}
_ESTIMATED = N_("(estimated)")


def _weekday(index: int) -> str:
    return gettext(_WEEKDAY_WORDS[index])


def _kind(kind: Kind) -> str:
    return gettext(_KIND_WORDS.get(kind, kind.value))


def _text(vi: str, en: str) -> str:
    """A catalog's text in the reader's language (the other one where it has none)."""
    return Words(vi, en).text_in(current())


def _date(day: dt.date) -> str:
    """A date in a table: ``sun 2024-12-08`` / ``Chủ Nhật, 08/12/2024``."""
    if current() == "en":
        return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}"
    return date_day(day)


def _hours_summary(site: Site) -> str:
    hours = site.hours
    if hours.status is HoursStatus.UNKNOWN:
        return gettext("unknown (check)")
    if len(set(hours.weekly)) == 1:
        text = gettext("daily {hours}").format(hours=_windows(hours.weekly[0]))
    else:
        # Group runs of weekdays with the same windows: "mon-sat 07:00-11:30; sun closed".
        runs: list[tuple[int, int, tuple[TimeWindow, ...]]] = []
        for index, windows in enumerate(hours.weekly):
            if runs and runs[-1][2] == windows:
                runs[-1] = (runs[-1][0], index, windows)
            else:
                runs.append((index, index, windows))
        text = "; ".join(
            (_weekday(a) if a == b else f"{_weekday(a)}-{_weekday(b)}") + " " + _windows(w)
            for a, b, w in runs
        )
    if hours.lunar_days:
        days = ", ".join(str(d) for d in sorted(hours.lunar_days))
        text = gettext("{hours} on lunar days {days}").format(hours=text, days=days)
    if hours.status is HoursStatus.ESTIMATED:
        text += " " + gettext(_ESTIMATED)
    return text


def _windows(windows: Sequence[TimeWindow]) -> str:
    return ", ".join(str(w) for w in windows) if windows else gettext("closed")


def _day_text(site: Site, hours: DayHours) -> str:
    """A site's hours on one date, saying when they are a guess or nobody knows them."""
    if not hours.is_open:
        why = word(hours.why_closed)
        text = gettext("closed ({why})").format(why=why) if why else gettext("closed")
    elif site.hours.status is HoursStatus.UNKNOWN and hours.check_hours:
        whole_day = hours.windows == (TimeWindow(0, 24 * 60),)
        unknown = gettext("unknown: check")
        text = unknown if whole_day else f"{_windows(hours.windows)} ({unknown})"
    elif hours.check_hours:
        text = f"{_windows(hours.windows)} {gettext(_ESTIMATED)}"
    else:
        text = _windows(hours.windows)
    if hours.event is not None:
        text += f"; {place_name(hours.event.name, hours.event.name_en)}"
    return text


def sites_table(
    console: Console,
    matches: Sequence[SiteMatch],
    *,
    title: str,
    on_day: Mapping[str, DayHours] | None = None,
) -> None:
    """A table of sites for people; with ``on_day`` (site id -> its hours on one date, from
    ``--open-on``), that day's hours instead of the usual week."""
    with_distance = any(match.distance_m is not None for match in matches)
    day = next(iter(on_day.values())).date if on_day else None
    table = Table(title=title, show_lines=False)
    hours_heading = (
        gettext("hours") if day is None else gettext("hours {date}").format(date=_date(day))
    )
    table.add_column(gettext("id"), no_wrap=True)
    table.add_column(gettext("name"), overflow="fold")  # a name is never cut
    table.add_column(gettext("kind"), no_wrap=True)
    table.add_column(gettext("score"), justify="right")
    table.add_column(gettext("visit"), justify="right")
    table.add_column(hours_heading)
    table.add_column(gettext("tags"))
    if with_distance:
        table.add_column(gettext("distance"), justify="right")
    for match in matches:
        site = match.site
        # Minutes, not hours and minutes: the column stays narrow.
        minutes = gettext("{n} min").format(n=site.visit_minutes)
        visit = minutes + ("*" if site.visit_estimated else "")
        # The reader's name first, the other under it (people ask the way in Vietnamese).
        first = place_name(site.name, site.name_en)
        other = site.name if first != site.name else site.name_en
        row = [
            site.id,
            f"{first}\n{other}" if other and other != first else first,
            _kind(site.kind),
            str(site.score),
            visit,
            _hours_summary(site) if not on_day else _day_text(site, on_day[site.id]),
            ", ".join(site.tags),
        ]
        if with_distance:
            row.append(km(match.distance_m or 0))
        table.add_row(*row)
    console.print(table)
    console.print(
        gettext("{sites}; * = estimated visit length").format(sites=count_of(len(matches), "site"))
    )
    if day is not None:
        console.print(
            gettext(
                "open on {date}: the site has opening hours that day; (estimated): the hours are "
                "a guess; unknown: nobody knows the hours, so the site may be closed: check "
                "before going"
            ).format(date=day.isoformat() if current() == "en" else date_day(day))
        )


def site_detail(
    console: Console,
    site: Site,
    week: Sequence[DayOpening],
    neighbours: Sequence[SiteMatch],
    events: Sequence[str],
) -> None:
    """Every field of one site, its hours for the coming days and its nearest neighbours."""
    first = place_name(site.name, site.name_en)
    other = site.name if first != site.name else site.name_en
    also = f" — {other}" if other and other != first else ""
    console.print(Text.assemble((first, "bold"), f"{also}  ({site.id})"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    location = site.location
    hours_note = _text(site.hours.note_vi, site.hours.note)
    visit = duration(site.visit_minutes)
    rows: list[tuple[str, str]] = [
        (N_("kind"), _kind(site.kind)),
        (N_("also called"), ", ".join(site.aka)),
        (
            N_("location"),
            f"{location.lat}, {location.lon} ({location.precision.value}: {location.source})",
        ),
        (N_("commune (2025)"), site.commune_2025),
        (N_("address (pre-2025)"), site.address_pre2025),
        (N_("visit"), visit + (f" {gettext(_ESTIMATED)}" if site.visit_estimated else "")),
        (N_("hours"), _hours_summary(site)),
        (N_("closed"), ", ".join(str(r) for r in site.hours.closed)),
        (N_("hours source"), " ".join(x for x in (site.hours.source, hours_note) if x)),
        (N_("score"), str(site.score)),
        (N_("tags"), ", ".join(site.tags)),
    ]
    if site.season is not None:
        months = ", ".join(str(m) for m in sorted(site.season.best_months))
        note = _text(site.season.note_vi, site.season.note)
        rows.append((N_("best months"), " ".join(x for x in (months, note) if x)))
    if site.fee is not None:
        fee = site.fee
        parts = []
        if fee.adult_vnd is not None:
            parts.append(gettext("adults {money}").format(money=money(fee.adult_vnd)))
        if fee.child_vnd is not None:
            parts.append(gettext("children {money}").format(money=money(fee.child_vnd)))
        note = _text(fee.note_vi, fee.note)
        rows.append((N_("fee"), " ".join([", ".join(parts), note]).strip()))
    rows += [
        (N_("what to do"), _text(site.description_vi, site.description)),
        (N_("contact"), site.contact),
        (N_("booking"), site.booking),
        (N_("notes"), _text(site.notes_vi, site.notes)),
        (N_("events"), "; ".join(events)),
    ]
    for label, value in rows:
        if value:
            facts.add_row(gettext(label), value)
    console.print(facts)
    if site.sources:
        # Whole, one a line and never wrapped, so that each can be copied and opened.
        console.print(Text(gettext("sources"), style="bold"))
        for source in site.sources:
            console.print(Text(f"  {source}"), crop=False, overflow="ignore", soft_wrap=True)
    hours = Table(title=gettext("Opening hours, next 7 days"))
    hours.add_column(gettext("date"), no_wrap=True)
    hours.add_column(gettext("open"))
    hours.add_column(gettext("events"))
    whole_day = (TimeWindow(0, 24 * 60),)
    for opening in week:
        # Unknown hours resolve to the whole day for planning; people need to read "unknown".
        unknown = site.hours.status is HoursStatus.UNKNOWN and opening.windows == whole_day
        shown = gettext("unknown: check before going") if unknown else _windows(opening.windows)
        hours.add_row(_date(opening.date), shown, "; ".join(opening.events))
    console.print(hours)
    near = Table(title=gettext("Nearest sites (straight line)"))
    near.add_column(gettext("id"), no_wrap=True)
    near.add_column(gettext("name"))
    near.add_column(gettext("distance"), justify="right")
    for match in neighbours:
        name = place_name(match.site.name, match.site.name_en)
        near.add_row(match.site.id, name, km(match.distance_m or 0))
    console.print(near)


def problems_report(
    console: Console, path: str, problems: Sequence[Problem], *, strict: bool
) -> None:
    """Every problem of a catalog, then a one-line verdict."""
    for problem in problems:
        console.print(str(problem))
    errors = sum(1 for p in problems if p.severity == "error" or strict)
    warnings = len(problems) - sum(1 for p in problems if p.severity == "error")
    if errors:
        console.print(
            ngettext(
                "{path}: {n} problem makes this catalog unusable",
                "{path}: {n} problems make this catalog unusable",
                errors,
            ).format(path=path, n=errors)
        )
    else:
        note = ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
        console.print(f"{path}: OK ({note})" if warnings else f"{path}: OK")
