"""How the plans of the shipped catalog read to a guide: a panel of requests, one row each.

    python bench/plans.py                      # the table, for the code in this tree
    python bench/plans.py --json out.json      # also keep the figures
    python bench/plans.py --compare old.json   # side by side with figures kept earlier

Per request it prints the sights per day, which headline places the plan covers, the share of the
day spent driving, the longest drive to one of the trip's least valuable stops, legs driven after
sunset, returns to a place already visited that day, and the time spent waiting. A request the
planner refuses shows its one-sentence answer instead.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The places the region is known for (issue 10): a plan should cover these first.
HEADLINES = {
    "tan-cuong": "Tân Cương",
    "khe-coc": "Khe Cốc",
    "trai-cai": "Trại Cài",
    "thai-hai": "Thái Hải",
    "la-bang": "La Bằng",
}

CENTRE = "thai-nguyen-centre"
PANEL: dict[str, dict[str, Any]] = {
    "1d motorbike normal": {"start": "2024-12-05", "days": 1, "from_site": CENTRE},
    "1d car relaxed": {
        "start": "2025-04-10",
        "days": 1,
        "from_site": CENTRE,
        "mode": "car",
        "pace": "relaxed",
    },
    "1d walk packed": {
        "start": "2025-06-10",
        "days": 1,
        "from_site": CENTRE,
        "mode": "walk",
        "pace": "packed",
    },
    "2d motorbike normal": {"start": "2024-12-05", "days": 2, "from_site": CENTRE},
    "2d bicycle relaxed": {
        "start": "2025-05-01",
        "days": 2,
        "from_site": CENTRE,
        "mode": "bicycle",
        "pace": "relaxed",
    },
    "3d motorbike normal": {"start": "2024-12-05", "days": 3, "from_site": CENTRE},
    "3d car packed must/avoid": {
        "start": "2025-03-14",
        "days": 3,
        "from_site": CENTRE,
        "mode": "car",
        "pace": "packed",
        "must": ["nui-coc-lake"],
        "avoid": ["museum-ethnic-cultures"],
    },
    "3d stay 2:pho-yen": {
        "start": "2024-12-05",
        "days": 3,
        "from_site": CENTRE,
        "stays": ["2:pho-yen"],
    },
    "3d festival (OCOP 5-9 Dec)": {
        "start": "2024-12-06",
        "days": 3,
        "from_site": CENTRE,
        "interests": ["festival"],
    },
    "2d golden hour": {
        "start": "2024-12-05",
        "days": 2,
        "from_site": CENTRE,
        "golden_hour": True,
        "interests": ["photo", "tea"],
    },
    "5d car normal": {"start": "2025-09-01", "days": 5, "from_site": CENTRE, "mode": "car"},
    "7d motorbike normal": {"start": "2024-12-05", "days": 7, "from_site": CENTRE},
    "7d car packed": {
        "start": "2024-12-05",
        "days": 7,
        "from_site": CENTRE,
        "mode": "car",
        "pace": "packed",
    },
    "2d max-drive 10m": {"start": "2024-12-05", "days": 2, "from_site": CENTRE, "max_drive": "10m"},
    "2d max-drive 12h": {"start": "2024-12-05", "days": 2, "from_site": CENTRE, "max_drive": "12h"},
    "1d day 09:00-11:00": {
        "start": "2024-12-05",
        "days": 1,
        "from_site": CENTRE,
        "day_window": "09:00-11:00",
        "lunch": None,
    },
}


@dataclass
class Row:
    name: str
    error: str = ""
    sights: list[int] = field(default_factory=list)
    headlines: list[str] = field(default_factory=list)
    driving_share: float = 0.0
    least_valuable_drive: str = ""
    after_dark_legs: int = 0
    returns: int = 0
    wait_min: int = 0

    def cells(self) -> list[str]:
        if self.error:
            return [self.name, "—", "—", "—", "—", "—", "—", "—", self.error[:90]]
        mean = statistics.fmean(self.sights) if self.sights else 0.0
        return [
            self.name,
            "/".join(map(str, self.sights)) + f" (mean {mean:.1f})",
            ", ".join(self.headlines) or "none",
            f"{self.driving_share:.0%}",
            self.least_valuable_drive,
            str(self.after_dark_legs),
            str(self.returns),
            f"{self.wait_min} min",
            "",
        ]


HEADER = [
    "request",
    "sights per day",
    "headline places",
    "driving share",
    "longest drive to a least valuable stop",
    "after-dark legs",
    "returns",
    "waiting",
    "refused",
]


def measure(name: str, options: dict[str, Any], catalog: Any) -> Row:
    import teatrip
    from teatrip.errors import TeatripError
    from teatrip.models import StopKind

    row = Row(name)
    try:
        request = teatrip.build_request(catalog, **options)
        itinerary = teatrip.plan_trip(catalog, request)
    except TeatripError as error:
        row.error = str(error).splitlines()[0]
        return row
    sites = catalog.site_by_id
    seen_headlines: set[str] = set()
    day_seconds = 0
    visits: list[tuple[int, int, str]] = []  # (score, minutes driven to it, id)
    for day in itinerary.days:
        day_seconds += int((day.end - day.start).total_seconds())
        places_today: list[tuple[float, float]] = []
        count = 0
        arriving = {leg.to_site: leg for leg in day.legs}
        previous_place: tuple[float, float] | None = None
        for stop in day.stops:
            place = (round(stop.lat, 4), round(stop.lon, 4))
            if stop.kind in (StopKind.VISIT, StopKind.EVENT):
                count += 1
                if stop.site in HEADLINES:
                    seen_headlines.add(stop.site)
                if place in places_today and place != previous_place:
                    row.returns += 1
                leg = arriving.get(stop.site)
                drive = round(leg.duration_s / 60) if leg else 0
                visits.append((sites[stop.site].score, drive, stop.site))
            row.wait_min += stop.wait_minutes
            if stop.kind is not StopKind.LUNCH:
                places_today.append(place)
                previous_place = place
        row.sights.append(count)
        row.after_dark_legs += sum(1 for leg in day.legs if leg.after_dark)
    row.headlines = [label for key, label in HEADLINES.items() if key in seen_headlines]
    row.driving_share = itinerary.driving_s / day_seconds if day_seconds else 0.0
    if visits:
        lowest = min(score for score, _, _ in visits)
        drive, site = max((d, s) for score, d, s in visits if score == lowest)
        row.least_valuable_drive = f"{drive} min to {site} (score {lowest})"
    return row


def _markdown(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell.replace("|", "/") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--compare", type=Path, help="figures kept earlier, shown before ours")
    parser.add_argument("--label", default="now", help="what to call this tree's figures")
    args = parser.parse_args(argv)

    from teatrip.catalog import load_catalog

    catalog = load_catalog(None)
    rows = [measure(name, options, catalog) for name, options in PANEL.items()]
    if args.json:
        args.json.write_text(
            json.dumps([row.__dict__ for row in rows], ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
    if args.compare:
        before = {r["name"]: Row(**r) for r in json.loads(args.compare.read_text(encoding="utf-8"))}
        out = []
        for row in rows:
            old = before.get(row.name)
            out.append([f"**{row.name}**", "", "", "", "", "", "", "", ""])
            if old is not None:
                out.append(["before", *old.cells()[1:]])
            out.append([args.label, *row.cells()[1:]])
        print(_markdown(HEADER, out))
    else:
        print(_markdown(HEADER, [row.cells() for row in rows]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
