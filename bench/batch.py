"""A season of groups on the shipped catalog with binding capacities (issue 13).

Generates a season (default 1,000 groups over 90 days) on ``examples/season/hills.yaml`` (the
shipped catalog with capacities on its popular sites), plans it with 1 and 2 local workers and
on a local Dask cluster, and prints: the wall times and their ratio, the capacity violations the
independent checker finds (must be 0), whether the three seasons are the same, and the average
plan value against each group planned alone (the price of sharing).

    python bench/batch.py                      # 1,000 groups over 90 days
    python bench/batch.py --groups 200 --span 30
    python bench/batch.py --write-example examples/season/groups.yaml --groups 40 --span 14
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CATALOG = ROOT / "examples" / "season" / "hills.yaml"
INTERESTS = ["tea", "picking", "history", "nature", "photo", "festival", "ethnic", "culture"]
MUST_POOL = ["tan-cuong", "hao-dat-coop", "thai-hai", "la-bang", "khe-coc"]


def generate(groups: int, span_days: int, *, seed: int = 13, first: str = "2025-03-01") -> str:
    """A groups file: ``groups`` departures starting over ``span_days`` days (YAML text)."""
    rng = random.Random(seed)
    start = dt.date.fromisoformat(first)
    lines = [
        f"# A generated season (bench/batch.py): departures over {span_days} days from {start}.",
        "version: 1",
        f"season: {{name: generated {groups} groups, seed: {seed}}}",
        "groups:",
    ]
    for n in range(1, groups + 1):
        day = start + dt.timedelta(days=rng.randrange(span_days))
        days = rng.choice([1, 2, 2, 3, 3, 4, 5])
        size = rng.choice([4, 6, 8, 10, 12, 15, 20, 25])
        mode = rng.choice(["car", "car", "motorbike", "bicycle"])
        pace = rng.choice(["relaxed", "normal", "normal", "packed"])
        interests = rng.sample(INTERESTS, rng.randrange(0, 3))
        lodging = rng.choice(["thai-nguyen-centre", "thai-nguyen-centre", "pho-yen"])
        must = [rng.choice(MUST_POOL)] if rng.random() < 0.3 else []
        fields = [
            f"id: g{n:04d}",
            f"name: Group {n}",
            f"start: {day}",
            f"days: {days}",
            f"size: {size}",
            f"lodging: {lodging}",
            f"mode: {mode}",
            f"pace: {pace}",
            f"interests: [{', '.join(interests)}]",
            f"must: [{', '.join(must)}]",
            f"language: {rng.choice(['en', 'en', 'vi'])}",
        ]
        lines.append("  - {" + ", ".join(fields) + "}")
    return "\n".join(lines) + "\n"


def _season(result: object) -> str:
    """What a season decided, for comparing runs: each group's stops with their times."""
    from teatrip.itinerary_io import load_itinerary

    folder = result.folder  # type: ignore[attr-defined]
    out = {}
    for summary in result.summaries:  # type: ignore[attr-defined]
        trip = folder / summary["id"] / "trip.json"
        if trip.exists():
            it = load_itinerary(trip)
            out[summary["id"]] = [
                (s.site, s.start.isoformat(), s.depart.isoformat())
                for d in it.days
                for s in d.stops
            ]
    return json.dumps(out, sort_keys=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--groups", type=int, default=1000)
    parser.add_argument("--span", type=int, default=90, help="days over which groups start")
    parser.add_argument("--write-example", type=Path, help="only write a groups file here")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    text = generate(args.groups, args.span)
    if args.write_example:
        args.write_example.write_text(text, encoding="utf-8")
        return
    from teatrip.batch import plan_season

    work = Path(tempfile.mkdtemp(prefix="teatrip-bench-"))
    groups_file = work / "groups.yaml"
    groups_file.write_text(text, encoding="utf-8")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {platform.platform()}"
    )
    print(f"season: {args.groups} groups over {args.span} days on {CATALOG.relative_to(ROOT)}")
    runs: dict[str, tuple[float, object]] = {}
    for label, kwargs in (("1 worker", {"workers": 1}), ("2 workers", {"workers": 2})):
        began = time.perf_counter()
        result = plan_season(
            groups_file, work / label.replace(" ", "-"), catalog_path=CATALOG, **kwargs
        )
        runs[label] = (time.perf_counter() - began, result)
        print(f"{label}: {runs[label][0]:.1f} s", flush=True)
    if not args.no_dask:
        from distributed import Client, LocalCluster

        with (
            LocalCluster(n_workers=2, threads_per_worker=1, processes=True) as cluster,
            Client(cluster) as client,
        ):
            began = time.perf_counter()
            result = plan_season(groups_file, work / "dask", catalog_path=CATALOG, scheduler=client)
            runs["dask, 2 workers"] = (time.perf_counter() - began, result)
            print(f"local Dask cluster (2 workers): {runs['dask, 2 workers'][0]:.1f} s", flush=True)
    one = runs["1 worker"]
    print(f"speed-up 1 -> 2 workers: {one[0] / runs['2 workers'][0]:.2f}x")
    seasons = {label: _season(result) for label, (_, result) in runs.items()}
    same = len(set(seasons.values())) == 1
    print(f"same season from every run: {'yes' if same else 'NO'}")
    result = one[1]
    summaries = result.summaries  # type: ignore[attr-defined]
    held = [s for s in summaries if s["status"] == "held"]
    print(f"groups planned: {len(held)} of {len(summaries)}")
    print(f"capacity violations found by the checker: {len(result.violations)}")  # type: ignore[attr-defined]
    ratios = [s["value"] / s["solo_value"] for s in held if s["solo_value"]]
    lost = sum(1 for s in held if s["lost"])
    print(
        f"average plan value against the group planned alone: {sum(ratios) / len(ratios):.1%} "
        f"(total {sum(s['value'] for s in held)} of {sum(s['solo_value'] for s in held)}); "
        f"{lost} groups lost at least one site to capacity"
    )
    print(f"capacity unknown (unlimited): {', '.join(result.unknown)}")  # type: ignore[attr-defined]
    print(f"outputs: {work}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
