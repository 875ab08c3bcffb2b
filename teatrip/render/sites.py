"""Tables and detail views of sites, and catalog validation reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from teatrip.errors import Problem
from teatrip.formatting import km, money
from teatrip.hours import DayHours
from teatrip.models import WEEKDAYS, HoursStatus, Site, TimeWindow
from teatrip.site_query import DayOpening, SiteMatch


def _hours_summary(site: Site) -> str:
    hours = site.hours
    if hours.status is HoursStatus.UNKNOWN:
        return "unknown (check)"
    if len(set(hours.weekly)) == 1:
        text = "daily " + _windows(hours.weekly[0])
    else:
        # Group runs of weekdays with the same windows: "mon-sat 07:00-11:30; sun closed".
        runs: list[tuple[int, int, tuple[TimeWindow, ...]]] = []
        for index, windows in enumerate(hours.weekly):
            if runs and runs[-1][2] == windows:
                runs[-1] = (runs[-1][0], index, windows)
            else:
                runs.append((index, index, windows))
        text = "; ".join(
            (WEEKDAYS[a] if a == b else f"{WEEKDAYS[a]}-{WEEKDAYS[b]}") + " " + _windows(w)
            for a, b, w in runs
        )
    if hours.lunar_days:
        text += " on lunar days " + ", ".join(str(d) for d in sorted(hours.lunar_days))
    if hours.status is HoursStatus.ESTIMATED:
        text += " (estimated)"
    return text


def _windows(windows: Sequence[TimeWindow]) -> str:
    return ", ".join(str(w) for w in windows) if windows else "closed"


def _day_text(site: Site, hours: DayHours) -> str:
    """A site's hours on one date, saying when they are a guess or nobody knows them."""
    if not hours.is_open:
        text = f"closed ({hours.why_closed})" if hours.why_closed else "closed"
    elif site.hours.status is HoursStatus.UNKNOWN and hours.check_hours:
        whole_day = hours.windows == (TimeWindow(0, 24 * 60),)
        text = "unknown: check" if whole_day else f"{_windows(hours.windows)} (unknown: check)"
    elif hours.check_hours:
        text = f"{_windows(hours.windows)} (estimated)"
    else:
        text = _windows(hours.windows)
    if hours.event is not None:
        text += f"; {hours.event.name}"
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
    table.add_column("id", no_wrap=True)
    table.add_column("name")
    table.add_column("kind", no_wrap=True)
    table.add_column("score", justify="right")
    table.add_column("visit", justify="right")
    table.add_column("hours" if day is None else f"hours {WEEKDAYS[day.weekday()]} {day}")
    table.add_column("tags")
    if with_distance:
        table.add_column("distance", justify="right")
    for match in matches:
        site = match.site
        visit = f"{site.visit_minutes} min" + ("*" if site.visit_estimated else "")
        row = [
            site.id,
            f"{site.name}\n{site.name_en}",
            site.kind.value,
            str(site.score),
            visit,
            _hours_summary(site) if not on_day else _day_text(site, on_day[site.id]),
            ", ".join(site.tags),
        ]
        if with_distance:
            row.append(km(match.distance_m or 0))
        table.add_row(*row)
    console.print(table)
    console.print(f"{len(matches)} sites; * = estimated visit length")
    if day is not None:
        console.print(
            f"open on {day}: the site has opening hours that day; (estimated): the hours are a "
            "guess; unknown: nobody knows the hours, so the site may be closed: check before going"
        )


def site_detail(
    console: Console,
    site: Site,
    week: Sequence[DayOpening],
    neighbours: Sequence[SiteMatch],
    events: Sequence[str],
) -> None:
    """Every field of one site, its hours for the coming days and its nearest neighbours."""
    console.print(Text.assemble((site.name, "bold"), f" — {site.name_en}  ({site.id})"))
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    location = site.location
    rows: list[tuple[str, str]] = [
        ("kind", site.kind.value),
        ("also called", ", ".join(site.aka)),
        (
            "location",
            f"{location.lat}, {location.lon} ({location.precision.value}: {location.source})",
        ),
        ("commune (2025)", site.commune_2025),
        ("address (pre-2025)", site.address_pre2025),
        ("visit", f"{site.visit_minutes} min" + (" (estimated)" if site.visit_estimated else "")),
        ("hours", _hours_summary(site)),
        ("closed", ", ".join(str(r) for r in site.hours.closed)),
        ("hours source", " ".join(x for x in (site.hours.source, site.hours.note) if x)),
        ("score", str(site.score)),
        ("tags", ", ".join(site.tags)),
    ]
    if site.season is not None:
        months = ", ".join(str(m) for m in sorted(site.season.best_months))
        rows.append(("best months", " ".join(x for x in (months, site.season.note) if x)))
    if site.fee is not None:
        fee = site.fee
        parts = []
        if fee.adult_vnd is not None:
            parts.append(f"adults {money(fee.adult_vnd)}")
        if fee.child_vnd is not None:
            parts.append(f"children {money(fee.child_vnd)}")
        rows.append(("fee", " ".join([", ".join(parts), fee.note]).strip()))
    rows += [
        ("what to do", site.description),
        ("contact", site.contact),
        ("booking", site.booking),
        ("notes", site.notes),
        ("events", "; ".join(events)),
    ]
    for label, value in rows:
        if value:
            facts.add_row(label, value)
    console.print(facts)
    if site.sources:
        # Whole, one a line and never wrapped, so that each can be copied and opened.
        console.print(Text("sources", style="bold"))
        for source in site.sources:
            console.print(Text(f"  {source}"), crop=False, overflow="ignore", soft_wrap=True)
    hours = Table(title="Opening hours, next 7 days")
    hours.add_column("date", no_wrap=True)
    hours.add_column("open")
    hours.add_column("events")
    whole_day = (TimeWindow(0, 24 * 60),)
    for opening in week:
        # Unknown hours resolve to the whole day for planning; people need to read "unknown".
        unknown = site.hours.status is HoursStatus.UNKNOWN and opening.windows == whole_day
        shown = "unknown: check before going" if unknown else _windows(opening.windows)
        day = opening.date
        hours.add_row(
            f"{WEEKDAYS[day.weekday()]} {day.isoformat()}", shown, "; ".join(opening.events)
        )
    console.print(hours)
    near = Table(title="Nearest sites (straight line)")
    near.add_column("id", no_wrap=True)
    near.add_column("name")
    near.add_column("distance", justify="right")
    for match in neighbours:
        near.add_row(match.site.id, match.site.name, km(match.distance_m or 0))
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
        console.print(f"{path}: {errors} problem(s) make this catalog unusable")
    else:
        note = f" ({warnings} warning(s))" if warnings else ""
        console.print(f"{path}: OK{note}")
