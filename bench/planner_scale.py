"""How planning scales with the catalog: synthetic catalogs of N sites, a 7-day plan, whole process.

    python bench/planner_scale.py                    # 200, 1000 sites
    python bench/planner_scale.py --sites 200 1000 5000 --profile 1000

Each catalog has N sites at random points in a 100 km box around a hotel, on a grid of roads
(a waypoint every 10 km, provincial roads along the rows and columns), random kinds, scores,
visit lengths and hours (seed 1). The table gives the wall time and peak memory of
`teatrip plan --days 7` run as its own process, and the plan's sights and value. `--profile N`
also prints where the time goes for N sites (cProfile, top functions by cumulative time).
"""

from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

CENTRE = (21.6, 105.85)
KINDS = ["tea-area", "tea-coop", "tea-household", "relic", "temple", "lake", "museum", "market"]
HOURS = [["07:00-17:00"], ["08:00-11:30", "13:30-17:00"], ["06:00-18:00"]]


def catalog(count: int, seed: int = 1) -> dict[str, Any]:
    rng = random.Random(seed)
    step = 10 / 111  # ~10 km in degrees of latitude
    waypoints, roads = [], []
    for i in range(-5, 6):
        for j in range(-5, 6):
            waypoints.append(
                {
                    "id": f"w{i + 5}-{j + 5}",
                    "name": f"Junction {i},{j}",
                    "location": {
                        "lat": round(CENTRE[0] + i * step, 5),
                        "lon": round(CENTRE[1] + j * step, 5),
                        "precision": "estimated",
                        "source": "synthetic",
                    },
                }
            )
    for i in range(11):
        roads.append(
            {"name": f"ĐT row {i}", "class": "provincial", "via": [f"w{i}-{j}" for j in range(11)]}
        )
        roads.append(
            {"name": f"ĐT col {i}", "class": "provincial", "via": [f"w{j}-{i}" for j in range(11)]}
        )
    sites: list[dict[str, Any]] = [
        {
            "id": "hotel",
            "name": "Hotel",
            "name_en": "Hotel",
            "kind": "lodging",
            "location": {
                "lat": CENTRE[0],
                "lon": CENTRE[1],
                "precision": "estimated",
                "source": "synthetic",
            },
            "visit": 0,
            "hours": {"status": "sourced", "daily": ["00:00-24:00"]},
            "score": 1,
        }
    ]
    for k in range(count):
        sites.append(
            {
                "id": f"s{k}",
                "name": f"Site {k}",
                "name_en": f"Site {k}",
                "kind": rng.choice(KINDS),
                "location": {
                    "lat": round(CENTRE[0] + rng.uniform(-0.45, 0.45), 5),
                    "lon": round(CENTRE[1] + rng.uniform(-0.45, 0.45), 5),
                    "precision": "estimated",
                    "source": "synthetic",
                },
                "commune_2025": f"Commune {rng.randrange(60)}",
                "visit": rng.choice([30, 45, 60, 90, 120, 180]),
                "hours": {"status": "sourced", "daily": rng.choice(HOURS)},
                "score": rng.randint(1, 10),
            }
        )
    return {
        "version": 1,
        "region": {
            "name": "Synthetic",
            "timezone": "Asia/Ho_Chi_Minh",
            "centre": {"lat": CENTRE[0], "lon": CENTRE[1]},
            "radius_km": 120,
        },
        "sites": sites,
        "waypoints": waypoints,
        "roads": roads,
    }


def run(path: Path, profile: bool) -> tuple[float, float, str]:
    args = [
        sys.executable,
        "-m",
        "teatrip",
        "plan",
        "--catalog",
        str(path),
        "--from",
        "hotel",
        "--start",
        "2025-03-03",
        "--days",
        "7",
        "--format",
        "json",
    ]
    if profile:
        args = [sys.executable, "-m", "cProfile", "-s", "cumulative", "-m", "teatrip", *args[3:]]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(args, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    peak_mib = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    if done.returncode != 0:
        raise SystemExit(f"plan failed: {done.stderr[-500:]}")
    return seconds, peak_mib, done.stdout


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[200, 1000])
    parser.add_argument("--profile", type=int, default=0, help="profile the run of N sites")
    args = parser.parse_args(argv)
    print("| sites | wall s | peak MiB | sights |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sites:
            path = Path(tmp) / f"synthetic-{count}.yaml"
            path.write_text(yaml.safe_dump(catalog(count), allow_unicode=True), encoding="utf-8")
            seconds, peak, out = run(path, profile=False)
            import json

            plan = json.loads(out)
            sights = sum(
                1 for d in plan["days"] for s in d["stops"] if s["kind"] in ("visit", "event")
            )
            print(f"| {count} | {seconds:.1f} | {peak:.0f} | {sights} |")
            if count == args.profile:
                _, _, profiled = run(path, profile=True)
                head = profiled[profiled.find("   Ordered by") :].splitlines()[:40]
                print("\n".join(head), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
