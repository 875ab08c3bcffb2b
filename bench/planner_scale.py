"""How planning scales with the catalog: synthetic catalogs of N sites, a 7-day plan, whole process.

    python bench/planner_scale.py                            # 200, 1000, 5000 sites
    python bench/planner_scale.py --baseline /tmp/base       # also the code checked out there
    python bench/planner_scale.py --sites 1000 --profile 1000 --profile-out prof.txt

Each catalog has N sites at random points in a 100 km box around a hotel, on a grid of roads
(a waypoint every 10 km, provincial roads along the rows and columns), random kinds, scores,
visit lengths and hours (seed 1). For each size the table gives the wall time and peak memory of
`teatrip plan --days 7` run as its own process (and its CPU time, steadier on a shared machine),
the plan's sights and value (the sum of the value
model's profit of its visits), three ways in one run:

* ``before``: the code of a checkout given with ``--baseline`` (e.g. ``git worktree add /tmp/base
  033d474``, with the solver kernel built or copied there), when given;
* ``full``: this code with ``TEATRIP_FULL_SEARCH=1``, which turns the planner's pruning off (see
  ``teatrip/planner/candidates.py``): the search over every candidate on every open day;
* ``pruned``: this code as shipped.

``value %`` is the pruned plan's value against the full search's; ``--requests N`` compares them
on N sites for other requests too (pace, drive cap, interests, mode, a short day). The load
average is printed first: the machine may be shared. ``--profile N ...`` profiles the runs of N
sites, before (with ``--baseline``) and pruned (cProfile, top functions by cumulative and by own
time), to stderr or ``--profile-out``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Measure:
    """What one plan took: wall and CPU (user + system) seconds, peak resident MiB."""

    wall_s: float
    cpu_s: float
    peak_mib: float


def run(
    path: Path,
    *,
    profile: Path | None = None,
    code: Path | None = None,
    full: bool = False,
    extra: Sequence[str] = (),
) -> tuple[Measure, str]:
    """Plan ``path`` in a child process (with ``extra`` options): what it took, and its output."""
    args = [
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
        *extra,
    ]
    prefix = [sys.executable, "-m"]
    if profile is not None:
        prefix += ["cProfile", "-o", str(profile), "-m"]
    env = dict(os.environ)
    env.pop("TEATRIP_FULL_SEARCH", None)
    if full:
        env["TEATRIP_FULL_SEARCH"] = "1"
    if code is not None:  # the checkout's package first on the path, not the installed one
        env["PYTHONPATH"] = str(code)
    script = "import resource, subprocess, sys; d = subprocess.run(sys.argv[1:]); "
    script += "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    script += "print(u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr); "
    script += "sys.exit(d.returncode)"
    # a fresh parent per run: RUSAGE_CHILDREN's peak is over all children so far
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", script, *prefix, "teatrip", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=code,
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"plan failed: {done.stderr[-500:]}")
    peak_kib, cpu = done.stderr.strip().splitlines()[-1].split()
    return Measure(seconds, float(cpu), int(peak_kib) / 1024), done.stdout


def plan_value(
    out: str, sites: dict[str, dict[str, Any]], interests: Sequence[str] = ()
) -> tuple[int, int]:
    """(sights, value) of a plan: the value model's profit summed over its visits (a synthetic
    site matches an interest by its kind alone)."""
    from teatrip.planner.value import value

    plan = json.loads(out)
    stops = [s for d in plan["days"] for s in d["stops"]]
    visits = [sites[s["site"]] for s in stops if s["kind"] in ("visit", "event")]
    total = sum(
        value(v["score"], interested=v["kind"] in interests, visit_minutes=v["visit"])
        for v in visits
    )
    return len(visits), total


#: Other requests for ``--requests N``: the value check beyond the table's plain one.
REQUESTS: list[list[str]] = [
    ["--pace", "packed"],
    ["--pace", "relaxed"],
    ["--max-drive", "45min"],
    ["--interests", "temple"],
    ["--mode", "bicycle"],
    ["--day", "09:00-15:00"],
]


def check_requests(count: int, tmp: Path) -> None:
    """Full and pruned plans of ``REQUESTS`` on ``count`` sites, their values side by side."""
    data = catalog(count)
    sites = {s["id"]: s for s in data["sites"]}
    path = tmp / f"requests-{count}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    print(f"\n{count} sites, other requests:\n")
    print("| request | full value | pruned value | % | full CPU s | pruned CPU s |")
    print("|---|---|---|---|---|---|")
    for extra in REQUESTS:
        interests = extra[1:] if extra[0] == "--interests" else []
        took_full, out_full = run(path, full=True, extra=extra)
        took, out = run(path, extra=extra)
        full_value = plan_value(out_full, sites, interests)[1]
        value = plan_value(out, sites, interests)[1]
        print(
            f"| `{' '.join(extra)}` | {full_value} | {value} | {100 * value / full_value:.1f} "
            f"| {took_full.cpu_s:.1f} | {took.cpu_s:.1f} |",
            flush=True,
        )


#: Functions worth showing: the program's, its parsers' and solvers', and the import machinery's
#: total (CLI framework frames only pass the time on).
_SHOWN = r"teatrip/|yaml/|scipy/|numpy/|geographiclib/|geopy/|networkx/|_core|_find_and_load\b"


def summary(profile: Path, title: str) -> str:
    """The top functions of a profile by cumulative and by own time, as Markdown text."""
    import io
    import pstats
    import re

    text = io.StringIO()
    stats = pstats.Stats(str(profile), stream=text)
    for order, label, count in (("cumulative", "cumulative", 25), ("tottime", "own", 15)):
        text.write(f"### {title}: top {count} by {label} time\n\n```\n")
        stats.sort_stats(order).print_stats(_SHOWN, count)
        text.write("```\n\n")
    # paths relative to the checkout or site-packages; the profile's own header says little
    shown = re.sub(r"/\S*?/(site-packages|teatrip)/", r"\1/", text.getvalue())
    shown = re.sub(r"site-packages/", "", shown)
    return re.sub(r"(?m)^.*(\.prof|List reduced from).*\n", "", shown)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, nargs="+", default=[200, 1000, 5000])
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--no-full", action="store_true", help="skip the unpruned search")
    parser.add_argument("--profile", type=int, nargs="*", default=[], help="profile these sizes")
    parser.add_argument("--profile-out", type=Path, help="write the profiles here (Markdown)")
    parser.add_argument(
        "--requests", type=int, default=0, help="check other requests' values on N sites"
    )
    args = parser.parse_args(argv)
    with open("/proc/loadavg", encoding="utf-8") as load:
        print(f"load average before: {load.read().strip()}")
    print("| sites | run | wall s | CPU s | peak MiB | sights | value | value % of full |")
    print("|---|---|---|---|---|---|---|---|")
    profiles: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in args.sites:
            data = catalog(count)
            sites = {s["id"]: s for s in data["sites"]}
            path = Path(tmp) / f"synthetic-{count}.yaml"
            path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
            runs: list[tuple[str, Path | None, bool]] = []
            if args.baseline is not None:
                runs.append(("before", args.baseline.resolve(), False))
            if not args.no_full:
                runs.append(("full", None, True))
            runs.append(("pruned", None, False))
            full_value: int | None = None
            for name, code, full in runs:
                took, out = run(path, code=code, full=full)
                sights, total = plan_value(out, sites)
                if name == "full":
                    full_value = total
                share = f"{100 * total / full_value:.1f}" if full_value else "-"
                print(
                    f"| {count} | {name} | {took.wall_s:.1f} | {took.cpu_s:.1f} "
                    f"| {took.peak_mib:.0f} | {sights} | {total} "
                    f"| {share} |",
                    flush=True,
                )
            if count in args.profile:
                for name, code, _ in runs:
                    if name == "full":
                        continue
                    prof = Path(tmp) / f"{count}-{name}.prof"
                    run(path, profile=prof, code=code)
                    profiles.append(summary(prof, f"{count} sites, {name}"))
        if args.requests:
            check_requests(args.requests, Path(tmp))
    with open("/proc/loadavg", encoding="utf-8") as load:
        print(f"load average after: {load.read().strip()}")
    if profiles:
        text = "\n".join(profiles)
        if args.profile_out is not None:
            args.profile_out.write_text(text, encoding="utf-8")
        else:
            print(text, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
