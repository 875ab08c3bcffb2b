"""`teatrip sites locate`: ask a geocoder for better site points, and write them with --apply."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teatrip.cli.common import CatalogOption, load
from teatrip.cli.sites import sites_app
from teatrip.errors import BadInputError
from teatrip.i18n import N_, gettext, ngettext

if TYPE_CHECKING:
    from teatrip.geocode import LocateResult


def register(app: typer.Typer) -> None:
    """Add `locate` to the `sites` group."""
    sites_app.command(
        "locate",
        help=N_(
            "Ask a geocoder where each site is; show the candidates, their distance from the "
            "current point and whether each lies in the site's 2025 commune. Answers are cached "
            "on disk."
        ),
    )(locate)


def locate(
    sites: Annotated[
        list[str] | None,
        typer.Argument(help=N_("Sites to look up (id or name)."), show_default=False),
    ] = None,
    every: Annotated[bool, typer.Option("--all", help=N_("Look up every site."))] = False,
    catalog: CatalogOption = None,
    apply: Annotated[
        bool,
        typer.Option(
            "--apply",
            help=N_(
                "Write the best candidate inside each site's commune into the catalog named "
                "by --catalog (comments and layout kept)."
            ),
        ),
    ] = False,
    provider: Annotated[
        str,
        typer.Option(envvar="TEATRIP_GEOCODER", help=N_("geopy geocoder name.")),
    ] = "nominatim",
    url: Annotated[
        str | None,
        typer.Option(
            envvar="TEATRIP_GEOCODER_URL",
            help=N_("Geocoder address [default: https://nominatim.openstreetmap.org]."),
            show_default=False,
        ),
    ] = None,
    user_agent: Annotated[
        str | None,
        typer.Option(
            envvar="TEATRIP_USER_AGENT",
            help=N_("User agent sent with each request."),
            show_default=False,
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=0.1, help=N_("Seconds to wait for each answer."))
    ] = 10.0,
    min_delay: Annotated[
        float,
        typer.Option(min=0.0, help=N_("Seconds between requests (Nominatim's policy: 1).")),
    ] = 1.0,
    retries: Annotated[
        int, typer.Option(min=0, max=10, help=N_("Retries after a failed request."))
    ] = 2,
) -> None:
    """Ask a geocoder where each site is; show the candidates, their distance from the current
    point and whether each lies in the site's 2025 commune. Answers are cached on disk."""
    from teatrip.geocode import (
        DEFAULT_URL,
        DEFAULT_USER_AGENT,
        GeocoderSettings,
        apply_points,
    )
    from teatrip.geocode import locate as run_locate
    from teatrip.lookup import find_sites

    if bool(sites) == every:
        raise BadInputError(gettext("name the sites to locate, or give --all (not both)"))
    if apply and catalog is None:
        raise BadInputError(gettext("--apply writes into the catalog you name with --catalog"))
    loaded = load(catalog)
    chosen = list(loaded.sites) if every else find_sites(loaded, sites or [])
    settings = GeocoderSettings(
        provider=provider,
        url=url or DEFAULT_URL,
        user_agent=user_agent or DEFAULT_USER_AGENT,
        timeout_s=timeout,
        min_delay_s=min_delay,
        max_retries=retries,
    )
    result = run_locate(chosen, settings)
    _show(result)
    if not apply:
        typer.echo(gettext("--apply writes the candidates marked *"))
        return
    assert catalog is not None  # checked above
    written = apply_points(Path(catalog), result.lookups, settings, today=dt.date.today())
    left = len(result.lookups) - len(written)
    line = ngettext("{catalog}: wrote {n} point", "{catalog}: wrote {n} points", len(written))
    line = line.format(catalog=catalog, n=len(written))
    if left:
        line += "; " + ngettext(
            "{n} left as it was (no candidate inside its commune)",
            "{n} left as they were (no candidate inside their commune)",
            left,
        ).format(n=left)
    typer.echo(line)


def _show(result: LocateResult) -> None:
    from teatrip.errors import one_line
    from teatrip.formatting import count_of, km

    for lookup in result.lookups:
        origin = gettext("from the cache") if lookup.cached else gettext("asked")
        typer.echo(f"{lookup.site.id}: {one_line(lookup.query)} ({origin})")
        if not lookup.candidates:
            typer.echo("  " + gettext("no candidate"))
        for number, candidate in enumerate(lookup.candidates, 1):
            where = candidate.commune or gettext("outside the province")
            if candidate.in_commune:
                mark = gettext("inside its commune")
            else:
                mark = gettext("in {commune}").format(commune=where)
            if candidate.is_area:
                mark += " " + gettext("(an area, {kind}: not used)").format(kind=candidate.kind)
            star = "*" if candidate == lookup.chosen else " "
            # The address is the provider's text: one safe line, like every quoted input.
            typer.echo(
                f" {star}{number}. {candidate.lat:.5f}, {candidate.lon:.5f}  "
                + gettext("{distance} from the current point").format(
                    distance=km(candidate.distance_m)
                )
                + f"  {mark}  "
                + one_line(candidate.address, 160)
            )
    typer.echo(
        gettext("{sites}: {asked} asked, {cached} from the cache").format(
            sites=count_of(len(result.lookups), "site"),
            asked=result.asked,
            cached=result.from_cache,
        )
    )
