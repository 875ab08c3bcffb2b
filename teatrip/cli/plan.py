"""`teatrip plan`, `teatrip show` and `teatrip replan`: date-aware multi-day itineraries.

Each command parses its options, calls one library function (``request.build_request`` +
``planner.plan_trip``, ``itinerary_io.load_itinerary``, ``planner.replan``) and renders the result
with ``render.plan``. ``plan`` and ``replan`` build the road graph the same way (``_road_graph``)
and hand it to the planner. The planner, the road graph and rich are imported inside the commands
so that ``teatrip --help`` stays fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teatrip.cli.common import (
    CatalogOption,
    RoadsOption,
    file_sha256,
    json_text,
    load,
    with_catalog_identity,
)
from teatrip.i18n import N_, gettext, ngettext
from teatrip.models import Mode, Pace

if TYPE_CHECKING:
    from teatrip.models import Catalog, Itinerary, TripRequest
    from teatrip.roads import RoadGraph


class PlanFormat(StrEnum):
    """How a plan is printed."""

    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[
    PlanFormat,
    typer.Option("--format", help=N_("table: a timeline for people; json: the saved form.")),
]
DetailOption = Annotated[
    bool,
    typer.Option(
        "--detail",
        help=N_(
            "The full timeline: whole descriptions, notes, hours, contacts, why sites were left "
            "out (default: a compact one that fits 80 columns)."
        ),
    ),
]
SaveOption = Annotated[
    Path | None,
    typer.Option(
        "--save",
        help=N_("Also save the itinerary as JSON (atomic; refuses to overwrite without --force)."),
        show_default=False,
        dir_okay=False,
    ),
]
ForceOption = Annotated[
    bool, typer.Option("--force", help=N_("Overwrite files given to --save and --export."))
]


_PLAN_HELP = N_("Plan a date-aware multi-day itinerary: which sites, in what order, at what times.")
_REPLAN_HELP = N_("Replan the rest of a day from now, keeping what is done; print what changed.")


def register(app: typer.Typer) -> None:
    """Add `plan`, `show` and `replan` to the main app."""
    app.command("plan", help=_PLAN_HELP)(plan)
    app.command("show", help=N_("Print a saved itinerary again."))(show)
    app.command("replan", help=_REPLAN_HELP)(replan)


def _note(message: str) -> None:
    from teatrip.errors import one_line

    sys.stderr.write(f"teatrip: {one_line(message)}\n")  # it names files the user chose


def _output(
    itinerary: Itinerary,
    fmt: PlanFormat,
    *,
    save: Path | None,
    force: bool,
    export: Path | None = None,
    changes: list[str] | None = None,
    detail: bool = False,
) -> None:
    from teatrip.itinerary_io import dumps_itinerary, itinerary_to_dict, save_itinerary

    if export is not None:
        from teatrip.export import write_bundle

        # The saved trip and the bundle land together or not at all: a failed export must not
        # leave a saved trip behind (nor a refused save a bundle).
        also = [] if save is None else [(save, dumps_itinerary(itinerary))]
        written = write_bundle(itinerary, export, force=force, also=also)
        if save is not None:
            _note(gettext("saved {path}").format(path=save))
        _note(
            ngettext(
                "wrote {n} file to {folder}", "wrote {n} files to {folder}", len(written)
            ).format(n=len(written), folder=export)
        )
    elif save is not None:
        save_itinerary(itinerary, save, force=force)
        _note(gettext("saved {path}").format(path=save))
    if fmt is PlanFormat.JSON:
        data = itinerary_to_dict(itinerary)
        payload = data if changes is None else {"changes": changes, "itinerary": data}
        sys.stdout.write(json_text(payload) + "\n")
        return
    from teatrip.render import stdout_console
    from teatrip.render.plan import render_changes, render_itinerary

    console = stdout_console()
    if changes is not None:
        render_changes(console, changes)
        console.print()
    render_itinerary(console, itinerary, detail=detail)


def _road_graph(catalog: Catalog, roads: Path | None) -> RoadGraph:
    """The road graph a trip travels on: an imported file (``--roads``), else the catalog's."""
    from teatrip.roads import build_graph

    return build_graph(catalog, roads_file=roads)


def _tomorrow(catalog: Catalog) -> str:
    import datetime as dt
    from zoneinfo import ZoneInfo

    today = dt.datetime.now(ZoneInfo(catalog.region.timezone)).date()
    return (today + dt.timedelta(days=1)).isoformat()


def plan(
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar=N_("DATE"),
            help=N_(
                "First day, YYYY-MM-DD, 1900-01-01 to 2100-12-31 "
                "(default: tomorrow in the region's time zone)."
            ),
        ),
    ] = None,
    days: Annotated[
        int, typer.Option("--days", metavar="N", help=N_("Number of days, 1 to 30."))
    ] = 1,
    from_site: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar=N_("SITE"),
            help=N_("Lodging the days start and end at (default: the most central one)."),
        ),
    ] = None,
    stay: Annotated[
        list[str] | None,
        typer.Option(
            "--stay",
            metavar=N_("DAY:SITE"),
            help=N_("DAY:SITE - sleep elsewhere from that day on (repeatable)."),
        ),
    ] = None,
    mode: Annotated[
        Mode, typer.Option("--mode", help=N_("How the group travels."))
    ] = Mode.MOTORBIKE,
    day: Annotated[
        str,
        typer.Option(
            "--day", metavar="HH:MM-HH:MM", help=N_("Day window HH:MM-HH:MM: leave and be back.")
        ),
    ] = "07:30-17:30",
    lunch: Annotated[
        str,
        typer.Option(
            "--lunch",
            metavar=N_("HH:MM-HH:MM/MIN"),
            help=N_("Lunch window and minutes, HH:MM-HH:MM/MIN."),
        ),
    ] = "11:30-13:30/60",
    no_lunch: Annotated[bool, typer.Option("--no-lunch", help=N_("Plan no lunch break."))] = False,
    must: Annotated[
        list[str] | None,
        typer.Option(
            "--must",
            metavar=N_("SITE"),
            help=N_("Sites that must be visited (repeatable, or comma-separated)."),
        ),
    ] = None,
    avoid: Annotated[
        list[str] | None,
        typer.Option(
            "--avoid",
            metavar=N_("SITE"),
            help=N_("Sites to leave out (repeatable, or comma-separated)."),
        ),
    ] = None,
    interests: Annotated[
        str,
        typer.Option(
            "--interests",
            metavar=N_("TAGS"),
            help=N_("Comma-separated tags to favour, e.g. tea,culture."),
        ),
    ] = "",
    pace: Annotated[
        Pace,
        typer.Option(
            "--pace",
            help=N_(
                "relaxed: about 2 sights a full day, 20 min to settle in at each; "
                "normal: about 3, 10 min; packed: about 5, 5 min."
            ),
        ),
    ] = Pace.NORMAL,
    max_drive: Annotated[
        str | None,
        typer.Option(
            "--max-drive", metavar=N_("DURATION"), help=N_("Most driving per day: 3h, 90m, 1h30m.")
        ),
    ] = None,
    golden_hour: Annotated[
        bool,
        typer.Option(
            "--golden-hour", help=N_("Time photo sites for the golden hours when possible.")
        ),
    ] = False,
    budget: Annotated[
        float | None,
        typer.Option(
            "--budget",
            metavar=N_("SECONDS"),
            help=N_(
                "Seconds the engine may search, 0 to 600 "
                "(default grows with sites x days, at most 1.5)."
            ),
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help=N_("Same seed, same plan."))] = 0,
    roads: RoadsOption = None,
    catalog: CatalogOption = None,
    fmt: FormatOption = PlanFormat.TABLE,
    save: SaveOption = None,
    force: ForceOption = False,
    export: Annotated[
        Path | None,
        typer.Option(
            "--export",
            help=N_("Also write every export format into this directory."),
            show_default=False,
            file_okay=False,
        ),
    ] = None,
    detail: DetailOption = False,
) -> None:
    """Plan a date-aware multi-day itinerary: which sites, in what order, at what times."""
    from teatrip.planner import plan_trip
    from teatrip.request import build_request, parse_list

    cat = load(catalog)
    request = build_request(
        cat,
        start=start if start is not None else _tomorrow(cat),
        days=days,
        from_site=from_site,
        stays=parse_list(stay),
        mode=mode,
        day_window=day,
        lunch=None if no_lunch else lunch,
        must=parse_list(must),
        avoid=parse_list(avoid),
        interests=parse_list([interests]),
        pace=pace,
        max_drive=max_drive,
        golden_hour=golden_hour,
        budget_s=budget,
        seed=seed,
        roads=str(roads) if roads is not None else "",
    )
    request = with_catalog_identity(request, catalog, cat)
    itinerary = plan_trip(cat, request, graph=_road_graph(cat, roads))
    _output(itinerary, fmt, save=save, force=force, export=export, detail=detail)


def show(
    trip: Annotated[Path, typer.Argument(help=N_("A saved itinerary (teatrip plan --save)."))],
    fmt: FormatOption = PlanFormat.TABLE,
    detail: DetailOption = False,
) -> None:
    """Print a saved itinerary again."""
    from teatrip.itinerary_io import load_itinerary

    _output(load_itinerary(trip), fmt, save=None, force=False, detail=detail)


def replan(
    trip: Annotated[Path, typer.Argument(help=N_("A saved itinerary (teatrip plan --save)."))],
    day: Annotated[
        int, typer.Option("--day", metavar="N", help=N_("Which day to replan (1-based)."))
    ],
    now: Annotated[
        str, typer.Option("--now", metavar="HH:MM", help=N_("The time it is now, HH:MM."))
    ],
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar=N_("SITE"),
            help=N_("Where the group is now (default: the last stop reached)."),
        ),
    ] = None,
    roads: RoadsOption = None,
    catalog: CatalogOption = None,
    fmt: FormatOption = PlanFormat.TABLE,
    save: SaveOption = None,
    force: Annotated[
        bool, typer.Option("--force", help=N_("Overwrite the file given to --save."))
    ] = False,
) -> None:
    """Replan the rest of a day from now, keeping what is done; print what changed."""
    import dataclasses

    from teatrip.catalog import find_site
    from teatrip.errors import BadInputError, one_line
    from teatrip.itinerary_io import load_itinerary
    from teatrip.planner import replan as replan_day

    itinerary = load_itinerary(trip)
    cat = _replan_catalog(trip, itinerary.request, catalog)
    if catalog is not None:  # the trip goes on with the catalog given, and records it
        itinerary = dataclasses.replace(
            itinerary, request=with_catalog_identity(itinerary.request, catalog, cat)
        )
    if roads is not None:  # the trip travels on these roads from now on, and records it
        itinerary = dataclasses.replace(
            itinerary, request=dataclasses.replace(itinerary.request, roads=str(roads))
        )
    elif itinerary.request.roads:  # like the catalog, a recorded path is not opened
        raise BadInputError(
            gettext(
                "{trip}: the trip was planned on an imported road graph ({roads}); "
                "pass that file with --roads"
            ).format(trip=one_line(str(trip), 120), roads=one_line(itinerary.request.roads, 120))
        )
    graph = _road_graph(cat, roads)
    at_id = find_site(cat, at).id if at is not None else None
    new, changes = replan_day(itinerary, cat, day=day, now=now, at=at_id, graph=graph)
    _output(new, fmt, save=save, force=force, changes=changes)


def _replan_catalog(trip: Path, request: TripRequest, given: Path | None) -> Catalog:
    """The catalog to replan ``trip`` on: the shipped one for a trip planned on it, else only
    the file passed with --catalog. The trip's recorded path is never opened: a trip file is
    data, and a shared one must not make teatrip read (and quote) whatever file it names."""
    from teatrip.catalog import SHIPPED_CATALOG_NAME
    from teatrip.errors import BadInputError, one_line

    shipped = request.catalog == SHIPPED_CATALOG_NAME and not request.catalog_sha256
    if given is None:
        if shipped:
            return load(None)
        # Replanning on another catalog (the shipped one included) would drop every site.
        named = f" ({one_line(request.catalog, 120)})" if request.catalog else ""
        raise BadInputError(
            gettext(
                "{trip}: the trip was planned on another catalog{named}; "
                "pass that catalog file with --catalog"
            ).format(trip=one_line(str(trip), 120), named=named)
        )
    cat = load(given)
    if shipped:  # e.g. TEATRIP_CATALOG set in the shell: say so, since sites may not match
        _note(
            gettext(
                "warning: the trip was planned on the shipped catalog; replanning on {catalog}"
            ).format(catalog=given)
        )
    elif request.catalog_sha256 and file_sha256(given) != request.catalog_sha256:
        _note(
            gettext(
                "warning: {catalog} is not the catalog file the trip was planned on "
                "(its content differs); replanning on it anyway"
            ).format(catalog=one_line(str(given), 120))
        )
    return cat
