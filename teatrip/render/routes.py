"""Tables for routes, travel matrices and OSM import reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from teatrip.formatting import duration_s, km

if TYPE_CHECKING:
    from teatrip.matrix import TravelMatrix
    from teatrip.network import Route


def route_table(console: Console, route: Route, names: Mapping[str, str]) -> None:
    """One row per road stretch (road, distance, time) and the total."""
    stops = [route.from_site, *route.via, route.to_site]
    title = " → ".join(names.get(s, s) for s in stops) + f" ({route.mode.value})"
    console.print(title)
    table = Table(show_footer=True)
    table.add_column("road", footer="total")
    table.add_column("distance", justify="right", footer=km(route.distance_m))
    table.add_column("time", justify="right", footer=duration_s(route.duration_s))
    for stretch in route.stretches:
        table.add_row(stretch.road, km(stretch.distance_m), duration_s(stretch.duration_s))
    console.print(table)
    note = f"{km(route.distance_m)}, {duration_s(route.duration_s)}"
    if route.estimated:
        note += " (estimated: part of the length or time is not measured)"
    console.print(note)


def matrix_table(console: Console, matrix: TravelMatrix, *, metric: str) -> None:
    """Time (and/or distance) between every pair of sites; ``-`` where unreachable."""
    console.print(f"travel by {matrix.mode.value}")
    table = Table()
    table.add_column("from \\ to", no_wrap=True)
    for site in matrix.ids:
        table.add_column(site, justify="right")
    for i, site in enumerate(matrix.ids):
        cells: list[str] = []
        for j in range(len(matrix.ids)):
            if not matrix.reachable[i, j]:
                cells.append("-")
                continue
            parts: list[str] = []
            if metric in ("time", "both"):
                parts.append(duration_s(int(matrix.duration_s[i, j])))
            if metric in ("distance", "both"):
                parts.append(km(int(matrix.distance_m[i, j])))
            cells.append(" / ".join(parts))
        table.add_row(site, *cells)
    console.print(table)


def snap_table(
    console: Console, snaps: Sequence[tuple[str, float]], *, summary: str, limit_m: float
) -> None:
    """Each site's distance to the road node it was snapped to, farthest first."""
    console.print("sites snapped to the road network (distance from the site's point)")
    table = Table()
    table.add_column("site", no_wrap=True)
    table.add_column("snap m", justify="right")
    for site, metres in snaps:
        flag = " (far)" if metres > limit_m / 2 else ""
        table.add_row(site, f"{metres:.0f}{flag}")
    console.print(table)
    console.print(summary)
