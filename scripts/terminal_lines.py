"""How long the compact terminal plan is: lines per day at 80 columns, in both languages.

    python scripts/terminal_lines.py    # the README's table (shipped catalog, by motorbike)

Plans the shipped catalog's 1-, 3- and 7-day trips from Thái Nguyên centre at every pace, once
each, and renders each plan in Vietnamese and in English at 80 columns.
"""

from __future__ import annotations

import io

from rich.cells import cell_len
from rich.console import Console

from teatrip.catalog import load_catalog
from teatrip.i18n import language
from teatrip.models import Pace
from teatrip.planner import plan_trip
from teatrip.render.plan import render_itinerary
from teatrip.request import build_request
from teatrip.roads import build_graph

WIDTH = 80
DAY_HEADS = ("Day ", "Ngày ")
TOTALS = ("Whole trip", "Cả chuyến")


def day_lengths(text: str) -> list[int]:
    """Lines of each day, from its heading to the next day's (or the trip's totals)."""
    lines = text.splitlines()
    heads = [i for i, line in enumerate(lines) if line.startswith(DAY_HEADS)]
    end = next(i for i, line in enumerate(lines) if line.startswith(TOTALS))
    return [b - a for a, b in zip(heads, [*heads[1:], end], strict=True)]


def main() -> None:
    catalog = load_catalog(None)
    graph = build_graph(catalog)
    print("| days | pace | vi: lines/day (max) | vi: widest | en: lines/day (max) | en: widest |")
    print("|---|---|---|---|---|---|")
    for days in (1, 3, 7):
        for pace in Pace:
            request = build_request(
                catalog, start="2024-12-05", days=days, from_site="thai-nguyen-centre", pace=pace
            )
            itinerary = plan_trip(catalog, request, graph=graph)
            cells: list[str] = []
            for lang in ("vi", "en"):
                buffer = io.StringIO()
                console = Console(file=buffer, width=WIDTH, highlight=False, markup=False)
                with language(lang):
                    render_itinerary(console, itinerary)
                text = buffer.getvalue()
                lengths = day_lengths(text)
                mean = sum(lengths) / len(lengths)
                widest = max(cell_len(line) for line in text.splitlines())
                cells += [f"{mean:.0f} ({max(lengths)})", str(widest)]
            print(f"| {days} | {pace.value} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
