"""Tables for routes, travel matrices and OSM import reports, in the reader's language."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from teatrip.formatting import by_mode, duration_s, km, minutes_of
from teatrip.i18n import gettext, ngettext
from teatrip.render import road_name

if TYPE_CHECKING:
    from teatrip.matrix import TravelMatrix
    from teatrip.network import Route


def route_table(
    console: Console, route: Route, names: Mapping[str, str], *, legs: Sequence[Route] = ()
) -> None:
    """One row per road stretch (road, distance, time) and the total.

    ``legs`` (a route through stops, one route per stop to the next) are printed one table each,
    then the whole route's total.
    """
    stops = [route.from_site, *route.via, route.to_site]
    title = " → ".join(names.get(s, s) for s in stops) + f" ({by_mode(route.mode)})"
    console.print(title)
    for number, leg in enumerate(legs, 1):
        console.print()
        leg_title = (
            f"{names.get(leg.from_site, leg.from_site)} → {names.get(leg.to_site, leg.to_site)}"
        )
        console.print(gettext("leg {n}: {stops}").format(n=number, stops=leg_title))
        _stretches(console, leg)
    if legs:
        console.print()
    else:
        _stretches(console, route)
    note = f"{km(route.distance_m)}, {duration_s(route.duration_s)}"
    if route.estimated:
        note += " " + gettext("(estimated: part of the length or time is not measured)")
    if legs:
        total = ngettext("total of {n} leg: {route}", "total of {n} legs: {route}", len(legs))
        note = total.format(n=len(legs), route=note)
    console.print(note)


def _stretches(console: Console, route: Route) -> None:
    table = Table(show_footer=True)
    table.add_column(gettext("road"), footer=gettext("total"))
    table.add_column(gettext("distance"), justify="right", footer=km(route.distance_m))
    table.add_column(gettext("time"), justify="right", footer=duration_s(route.duration_s))
    for stretch in route.stretches:
        table.add_row(
            road_name(stretch.road), km(stretch.distance_m), duration_s(stretch.duration_s)
        )
    console.print(table)


def matrix_table(console: Console, matrix: TravelMatrix, *, metric: str) -> None:
    """Time and/or distance between every pair of sites, readable at any width.

    Sites are numbered, with a legend (ids never cut); the square is printed in blocks of as
    many columns as fit the console, minutes or kilometres in each cell, ``-`` where a pair
    cannot be travelled. ``both`` prints the minutes, then the kilometres.
    """
    width = max(console.size.width, 20)
    legend = [f"{number}={site}" for number, site in enumerate(matrix.ids, 1)]
    console.print(gettext("travel {mode}: sites by number").format(mode=by_mode(matrix.mode)))
    for line in textwrap.wrap(
        "  ".join(legend), width=width, break_long_words=False, break_on_hyphens=False
    ):
        console.print(Text(line), crop=False)
    n = len(matrix.ids)
    blocks: list[tuple[str, list[list[str]]]] = []
    if metric in ("time", "both"):
        cells = [
            [
                str(minutes_of(int(matrix.duration_s[i, j]))) if matrix.reachable[i, j] else "-"
                for j in range(n)
            ]
            for i in range(n)
        ]
        blocks.append((gettext("minutes"), cells))
    if metric in ("distance", "both"):
        cells = [
            [
                f"{matrix.distance_m[i, j] / 1000:.1f}" if matrix.reachable[i, j] else "-"
                for j in range(n)
            ]
            for i in range(n)
        ]
        blocks.append(("km", cells))
    for unit, cells in blocks:
        for i in range(n):
            cells[i][i] = "·"
        label = len(str(n)) + 1
        cell = max(len(str(n)), *(len(c) for row in cells for c in row)) + 1
        per_block = max(1, (width - label) // cell)
        for first in range(0, n, per_block):
            last = min(n, first + per_block)
            console.print()
            console.print(
                gettext("{unit} from (rows) to (columns) {first}-{last}").format(
                    unit=unit, first=first + 1, last=last
                )
            )
            header = " " * label + "".join(f"{j + 1:>{cell}}" for j in range(first, last))
            console.print(Text(header, style="bold"), crop=False)
            for i in range(n):
                row = f"{i + 1:>{label - 1}} " + "".join(
                    f"{cells[i][j]:>{cell}}" for j in range(first, last)
                )
                console.print(Text(row), crop=False)


def snap_table(
    console: Console, snaps: Sequence[tuple[str, float]], *, summary: str, limit_m: float
) -> None:
    """Each site's distance to the road node it was snapped to, farthest first."""
    console.print(gettext("sites snapped to the road network (distance from the site's point)"))
    table = Table()
    table.add_column(gettext("site"), no_wrap=True)
    table.add_column(gettext("snap m"), justify="right")
    for site, metres in snaps:
        flag = " " + gettext("(far)") if metres > limit_m / 2 else ""
        table.add_row(site, f"{metres:.0f}{flag}")
    console.print(table)
    console.print(summary)
