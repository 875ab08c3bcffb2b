"""`teatrip sites list|show` and `teatrip validate`."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teatrip.cli.common import CatalogOption, TableFormat, load, print_json
from teatrip.errors import ExitCode, one_line
from teatrip.i18n import N_, gettext, ngettext

if TYPE_CHECKING:
    from collections.abc import Callable

    from teatrip.hours import DayHours
    from teatrip.models import Event
    from teatrip.roads import LegCheck
    from teatrip.site_query import SiteMatch


class ShowFormat(StrEnum):
    """How `sites show` prints a site (it has no CSV form)."""

    TABLE = "table"
    JSON = "json"


sites_app = typer.Typer(
    help=N_("List, filter and describe the catalog's sites."), no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    """Add `sites` and `validate` to the main app."""
    app.add_typer(sites_app, name="sites")
    app.command(
        "validate", help=N_("Check a catalog and print every problem; exit 2 if any is an error.")
    )(validate)


@sites_app.command("list", help=N_("List the sites of the catalog, optionally filtered."))
def list_sites(
    catalog: CatalogOption = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", metavar=N_("TAG"), help=N_("Only sites with this tag (repeatable).")),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", metavar=N_("KIND"), help=N_("Only sites of this kind (repeatable).")
        ),
    ] = None,
    near: Annotated[
        str | None,
        typer.Option("--near", metavar=N_("SITE"), help=N_("Sort by distance from this site.")),
    ] = None,
    within: Annotated[
        str | None,
        typer.Option(
            "--within",
            metavar=N_("DISTANCE"),
            help=N_("With --near: only sites this close, e.g. 10km."),
        ),
    ] = None,
    open_on: Annotated[
        str | None,
        typer.Option(
            "--open-on",
            metavar=N_("DATE"),
            help=N_(
                "Only sites open on this date (YYYY-MM-DD), with that day's hours; sites whose "
                "hours are unknown are listed too, marked unknown."
            ),
        ),
    ] = None,
    output: Annotated[
        TableFormat,
        typer.Option("--format", help=N_("table for people; json or csv for machines.")),
    ] = TableFormat.TABLE,
) -> None:
    """List the sites of the catalog, optionally filtered."""
    from teatrip.errors import BadInputError
    from teatrip.hours import day_hours
    from teatrip.lookup import find_site
    from teatrip.models import Kind
    from teatrip.request import parse_date
    from teatrip.site_query import filter_sites
    from teatrip.units import parse_distance

    loaded = load(catalog)
    kinds = []
    for name in kind or []:
        try:
            kinds.append(Kind(name))
        except ValueError:
            raise BadInputError(
                gettext("--kind: unknown kind {kind}; one of: {kinds}").format(
                    kind=repr(name), kinds=", ".join(k.value for k in Kind)
                )
            ) from None
    if within is not None and near is None:
        raise BadInputError(gettext("--within needs --near SITE"))
    near_site = find_site(loaded, near) if near is not None else None
    day = parse_date(open_on, option="--open-on") if open_on is not None else None
    matches = filter_sites(
        loaded,
        tags=tag or [],
        kinds=kinds,
        near=near_site,
        within_m=round(parse_distance(within, option="--within")) if within is not None else None,
        open_on=day,
    )
    # With --open-on, each site's hours on that day (closed dates, lunar days, events) are shown.
    on_day = {m.site.id: day_hours(loaded, m.site, day) for m in matches} if day else {}
    if output is TableFormat.JSON:
        print_json([_site_data(m, on_day.get(m.site.id)) for m in matches])
    elif output is TableFormat.CSV:
        _print_csv(matches)
    else:
        from teatrip.formatting import place_name
        from teatrip.render import stdout_console
        from teatrip.render.sites import sites_table

        region = loaded.region
        title = place_name(region.name_vi or region.name, region.name)
        sites_table(stdout_console(), matches, title=title, on_day=on_day)


def _site_data(match: SiteMatch, hours: DayHours | None) -> dict[str, object]:
    """A listed site as plain data; with --open-on, its hours that day under ``open_on``
    (``check_hours``: they are estimated or unknown, so the site may be closed)."""
    from teatrip.site_query import site_to_dict

    data = site_to_dict(match.site, match.distance_m)
    if hours is not None:
        data["open_on"] = {
            "date": hours.date.isoformat(),
            "open": [str(w) for w in hours.windows],
            "check_hours": hours.check_hours,
            "event": hours.event.name if hours.event is not None else None,
        }
    return data


@sites_app.command(
    "show",
    help=N_(
        "Every field of one site, its opening hours for the next 7 days and its nearest neighbours."
    ),
)
def show_site(
    site: Annotated[str, typer.Argument(help=N_("Site id, Vietnamese or English name."))],
    catalog: CatalogOption = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar=N_("DATE"),
            help=N_("First date (YYYY-MM-DD) of the 7-day hours table (default today)."),
        ),
    ] = None,
    output: Annotated[
        ShowFormat, typer.Option("--format", help=N_("table for people; json for machines."))
    ] = ShowFormat.TABLE,
) -> None:
    """Every field of one site, its opening hours for the next 7 days and its nearest neighbours."""
    from teatrip.formatting import place_name
    from teatrip.lookup import find_site
    from teatrip.request import parse_date
    from teatrip.site_query import nearest, site_to_dict, week_of_hours

    loaded = load(catalog)
    found = find_site(loaded, site)
    first_day = parse_date(start, option="--from") if start else _today(loaded.region.timezone)
    week = week_of_hours(loaded, found, first_day)
    neighbours = nearest(loaded, found)
    events = [
        f"{place_name(event.name, event.name_en)} "
        f"({', '.join(str(r) for r in event.dates) or _lunar_text(event)})"
        for event in loaded.events_at(found.id)
    ]
    if output is ShowFormat.JSON:
        data = site_to_dict(found)
        data["next_days"] = [
            {
                "date": opening.date.isoformat(),
                "open": [str(w) for w in opening.windows],
                "events": list(opening.events),
            }
            for opening in week
        ]
        data["nearest"] = [
            {"id": m.site.id, "name": m.site.name, "distance_m": m.distance_m} for m in neighbours
        ]
        data["events"] = events
        print_json(data)
        return
    from teatrip.render import stdout_console
    from teatrip.render.sites import site_detail

    site_detail(stdout_console(), found, week, neighbours, events)


def validate(
    file: Annotated[
        Path | None,
        typer.Argument(
            help=N_("Catalog to check (default: --catalog or the shipped one)."), show_default=False
        ),
    ] = None,
    catalog: CatalogOption = None,
    strict: Annotated[bool, typer.Option("--strict", help=N_("Treat warnings as errors."))] = False,
) -> None:
    """Check a catalog and print every problem; exit 2 if any is an error."""
    import sys

    from teatrip.catalog import validate_catalog
    from teatrip.communes import check_communes
    from teatrip.formatting import count_of
    from teatrip.roads import check_connectivity, leg_check_problems, measured_leg_checks

    result = validate_catalog(file or catalog)
    if result.catalog is not None:  # the road network is built only from a catalog without errors
        result = result.with_problems(check_connectivity(result.catalog))
    if result.catalog is not None:  # each site's point inside the 2025 commune it names
        result = result.with_problems(check_communes(result.catalog))
    checks = measured_leg_checks(result.catalog) if result.catalog is not None else []
    result = result.with_problems(leg_check_problems(result.path, checks))
    shown = one_line(result.path, 120)  # a file name can hold control and bidi characters
    for problem in result.problems:
        sys.stderr.write(f"{problem.worded()}\n")
    blocking = result.problems if strict else result.errors
    if blocking:
        sys.stderr.write(
            ngettext(
                "{path}: {n} problem; the catalog cannot be used",
                "{path}: {n} problems; the catalog cannot be used",
                len(blocking),
            ).format(path=shown, n=len(blocking))
            + "\n"
        )
        raise typer.Exit(int(ExitCode.BAD_INPUT))
    sites = len(result.catalog.sites) if result.catalog else 0
    line = gettext("{path}: OK, {sites}").format(path=shown, sites=count_of(sites, "site"))
    if result.warnings:
        n = len(result.warnings)
        line += ", " + ngettext("{n} warning", "{n} warnings", n).format(n=n)
    typer.echo(line)
    _print_leg_checks(checks)


def _print_leg_checks(checks: list[LegCheck]) -> None:
    """Each sourced distance or time next to the routed one (issue 11)."""
    from teatrip.formatting import duration_s, km
    from teatrip.roads import LEG_TOLERANCE

    if not checks:
        return
    typer.echo(
        gettext("Sourced road distances and times, routed (must be within ±{tolerance}):").format(
            tolerance=f"{LEG_TOLERANCE:.0%}"
        )
    )
    for check in checks:
        typer.echo("  " + _leg_check_line(check, km, duration_s))


def _leg_check_line(
    check: LegCheck, km: Callable[[int], str], duration_s: Callable[[int], str]
) -> str:
    from teatrip.formatting import by_mode, duration

    leg = check.leg
    stated: list[str] = []
    if leg.km_low is not None and leg.km_high is not None:
        figure = (
            f"{leg.km_low:g}" if leg.km_low == leg.km_high else f"{leg.km_low:g}–{leg.km_high:g}"
        )
        stated.append(f"{figure} km")
    if leg.minutes is not None:
        stated.append(duration(leg.minutes))
    routed = f"{km(check.distance_m)}, {duration_s(check.duration_s)} {by_mode(check.mode)}"
    verdict = gettext("ok") if check.within else gettext("OUTSIDE")
    return gettext("{start} -> {end}: stated {stated}; routed {routed}: {verdict}").format(
        start=leg.from_site,
        end=leg.to_site,
        stated=", ".join(stated),
        routed=routed,
        verdict=verdict,
    )


def _lunar_text(event: Event) -> str:
    if event.lunar_from is None:
        return ""
    last = event.lunar_to
    first = f"{event.lunar_from.month}-{event.lunar_from.day}"
    if last and last != event.lunar_from:
        return gettext("every year, lunar {first} to {last}").format(
            first=first, last=f"{last.month}-{last.day}"
        )
    return gettext("every year, lunar {first}").format(first=first)


def _today(timezone: str) -> dt.date:
    from zoneinfo import ZoneInfo

    return dt.datetime.now(ZoneInfo(timezone)).date()


def _print_csv(matches: list[SiteMatch]) -> None:
    import csv
    import io

    from teatrip.errors import UNSAFE_CHARS
    from teatrip.export.csv import spreadsheet_text

    def text(value: str) -> str:
        # CSV has no escapes: control and bidi characters are dropped (they would drive the
        # terminal), and a cell a spreadsheet would run as a formula is defused.
        return spreadsheet_text(UNSAFE_CHARS.sub("", value))

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["id", "name", "name_en", "kind", "lat", "lon", "precision", "visit_minutes",
         "score", "tags", "hours_status", "fee_adult_vnd", "commune_2025", "distance_m"]
    )  # fmt: skip
    for match in matches:
        site = match.site
        writer.writerow(
            [site.id, text(site.name), text(site.name_en), site.kind.value, site.lat, site.lon,
             site.location.precision.value, site.visit_minutes, site.score,
             text(";".join(site.tags)), site.hours.status.value,
             site.fee.adult_vnd if site.fee else "", text(site.commune_2025),
             "" if match.distance_m is None else match.distance_m]
        )  # fmt: skip
    typer.echo(buffer.getvalue(), nl=False)
