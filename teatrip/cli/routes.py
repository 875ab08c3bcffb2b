"""`teatrip route`, `teatrip matrix` and `teatrip roads import`."""

from __future__ import annotations

import csv
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from teatrip.cli.common import CatalogOption, RoadsOption, load, print_json
from teatrip.i18n import N_, gettext
from teatrip.models import Mode

if TYPE_CHECKING:
    from teatrip.models import Catalog
    from teatrip.network import RoadGraph

roads_app = typer.Typer(
    help=N_("Road graphs from OpenStreetMap extracts (needs teatrip[osm])."), no_args_is_help=True
)

ModeOption = Annotated[Mode, typer.Option("--mode", help=N_("How the group travels."))]


class RouteFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class MatrixFormat(StrEnum):
    CSV = "csv"
    JSON = "json"
    TABLE = "table"


class Metric(StrEnum):
    TIME = "time"
    DISTANCE = "distance"
    BOTH = "both"


def register(app: typer.Typer) -> None:
    """Add `route`, `matrix` and the `roads` group to the main app."""
    app.command(
        "route",
        help=N_(
            "The fastest route between two sites: each road with its km and minutes, and the "
            "total.\n\nWith --via, one leg per stop (A to C, C to B), each with its roads, then "
            "the total."
        ),
    )(route)
    app.command(
        "matrix",
        help=N_(
            "Travel time and/or distance between every pair of sites.\n\nCSV: a square table of "
            "seconds (time) or metres (distance), an empty cell where a pair cannot be travelled "
            "in this mode; with `--metric both`, one row per pair. JSON: the same with null."
        ),
    )(matrix)
    app.add_typer(roads_app, name="roads")


def _graph(catalog: Catalog, roads: Path | None) -> RoadGraph:
    from teatrip.roads import build_graph

    return build_graph(catalog, roads_file=roads)


def route(
    start: Annotated[
        str, typer.Argument(help=N_("Site to start from (id, Vietnamese or English name)."))
    ],
    end: Annotated[str, typer.Argument(help=N_("Site to go to."))],
    via: Annotated[
        list[str] | None,
        typer.Option(
            "--via", metavar=N_("SITE"), help=N_("Pass through this site (repeatable, in order).")
        ),
    ] = None,
    mode: ModeOption = Mode.MOTORBIKE,
    output: Annotated[
        RouteFormat, typer.Option("--format", help=N_("table for people; json for machines."))
    ] = RouteFormat.TABLE,
    catalog: CatalogOption = None,
    roads: RoadsOption = None,
) -> None:
    """The fastest route between two sites: each road with its km and minutes, and the total.

    With --via, one leg per stop (A to C, C to B), each with its roads, then the total.
    """
    from itertools import pairwise

    from teatrip.lookup import find_site
    from teatrip.roads import shortest_route

    loaded = load(catalog)
    a = find_site(loaded, start)
    b = find_site(loaded, end)
    stops = [find_site(loaded, name).id for name in via or []]
    graph = _graph(loaded, roads)
    found = shortest_route(graph, a.id, b.id, mode, via=stops)
    # Each leg searched on its own gives the same paths as the whole route through the stops.
    legs = (
        [shortest_route(graph, x, y, mode) for x, y in pairwise([a.id, *stops, b.id])]
        if stops
        else []
    )
    if output is RouteFormat.JSON:
        data = found.to_dict()
        if legs:
            data["via"] = list(found.via)
            data["stages"] = [leg.to_dict() for leg in legs]
        print_json(data)
        return
    from teatrip.formatting import place_name
    from teatrip.render import stdout_console
    from teatrip.render.routes import route_table

    names = {s.id: place_name(s.name, s.name_en) for s in loaded.sites}
    route_table(stdout_console(), found, names, legs=legs)


def matrix(
    mode: ModeOption = Mode.MOTORBIKE,
    output: Annotated[
        MatrixFormat,
        typer.Option("--format", help=N_("csv or json for machines; table for people.")),
    ] = MatrixFormat.CSV,
    metric: Annotated[
        Metric, typer.Option("--metric", help=N_("time (s), distance (m) or both."))
    ] = Metric.TIME,
    catalog: CatalogOption = None,
    roads: RoadsOption = None,
) -> None:
    """Travel time and/or distance between every pair of sites.

    CSV: a square table of seconds (time) or metres (distance), an empty cell where a pair cannot
    be travelled in this mode; with `--metric both`, one row per pair. JSON: the same with null.
    """
    from teatrip.cli.progress import terminal_progress
    from teatrip.matrix import travel_matrix

    loaded = load(catalog)
    line = terminal_progress()
    try:
        result = travel_matrix(_graph(loaded, roads), mode, progress=line)
    finally:
        if line is not None:
            line.close()
    if output is MatrixFormat.TABLE:
        from teatrip.render import stdout_console
        from teatrip.render.routes import matrix_table

        matrix_table(stdout_console(), result, metric=metric.value)
        return
    if output is MatrixFormat.JSON:
        data = result.to_dict()
        if metric is Metric.TIME:
            del data["distance_m"]
        elif metric is Metric.DISTANCE:
            del data["duration_s"]
        print_json(data)
        return
    writer = csv.writer(sys.stdout, lineterminator="\n")
    ids = result.ids
    if metric is Metric.BOTH:
        writer.writerow(["from", "to", "duration_s", "distance_m", "estimated"])
        for i, a in enumerate(ids):
            for j, b in enumerate(ids):
                ok = bool(result.reachable[i, j])
                writer.writerow(
                    [
                        a,
                        b,
                        int(result.duration_s[i, j]) if ok else "",
                        int(result.distance_m[i, j]) if ok else "",
                        str(bool(result.estimated[i, j])).lower() if ok else "",
                    ]
                )
        return
    values = result.duration_s if metric is Metric.TIME else result.distance_m
    writer.writerow(["from \\ to", *ids])
    for i, a in enumerate(ids):
        writer.writerow(
            [a, *(int(values[i, j]) if result.reachable[i, j] else "" for j in range(len(ids)))]
        )


@roads_app.command(
    "import",
    help=N_(
        "Build a road graph from an OSM extract, snapping every catalog site to its nearest road."
    ),
)
def import_roads(
    extract: Annotated[
        Path,
        typer.Argument(help=N_("OpenStreetMap extract (.osm.pbf or .osm XML)."), dir_okay=False),
    ],
    out: Annotated[
        Path, typer.Option("--out", help=N_("Road graph file to write."), dir_okay=False)
    ],
    catalog: CatalogOption = None,
    max_snap: Annotated[
        str,
        typer.Option(
            "--max-snap", help=N_("Refuse sites farther than this from any road (2km, 500m).")
        ),
    ] = "2km",
    force: Annotated[bool, typer.Option("--force", help=N_("Replace --out if it exists."))] = False,
) -> None:
    """Build a road graph from an OSM extract, snapping every catalog site to its nearest road."""
    from teatrip.fileio import check_writable
    from teatrip.osm import import_osm, save_graph, snap_report
    from teatrip.units import parse_distance

    limit_m = parse_distance(max_snap, option="--max-snap")
    check_writable(out, force=force)
    from teatrip.cli.progress import terminal_progress

    loaded = load(catalog)
    line = terminal_progress()
    try:
        result = import_osm(extract, loaded, max_snap_m=limit_m, progress=line)
        if line is not None:
            line(N_("writing the graph file"), 0, 0)
        save_graph(result.network, out, force=force)
    finally:
        if line is not None:
            line.close()
    from teatrip.render import stdout_console
    from teatrip.render.routes import snap_table

    network = result.network
    summary = gettext(
        "{ways} ways, {nodes} OSM nodes -> {junctions} junctions, {edges} edges; wrote {path}"
    ).format(
        ways=result.ways,
        nodes=result.osm_nodes,
        junctions=len(network.lat),
        edges=len(network.u),
        path=out,
    )
    snap_table(stdout_console(), snap_report(result), summary=summary, limit_m=limit_m)
