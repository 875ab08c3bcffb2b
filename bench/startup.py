"""Whole-process wall time of `teatrip --help` and of a 3-day plan of the shipped catalog.

Each command runs as a fresh process (as a user would run it), ``--repeat`` times after one
warm-up run (so the solver kernel is built and the OS file cache is warm); the table gives the
median and the minimum. Targets: ``--help`` under 0.3 s, the plan under 2 s.

    python bench/startup.py               # table on stdout
    python bench/startup.py --markdown    # Markdown with the machine, for STARTUP_RESULTS.md
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

PLAN = [
    "plan",
    "--start",
    "2024-12-05",
    "--days",
    "3",
    "--from",
    "thai-nguyen-centre",
    "--must",
    "tan-cuong",
    "--format",
    "json",
]
CASES: list[tuple[str, list[str], float | None]] = [
    ("python -c pass (interpreter floor)", [], None),
    ("teatrip --help", ["--help"], 0.3),
    ("teatrip plan (3 days, shipped catalog)", PLAN, 2.0),
]


def teatrip_command() -> list[str]:
    script = Path(sys.executable).with_name("teatrip")
    if script.exists():
        return [str(script)]
    found = shutil.which("teatrip")
    return [found] if found else [sys.executable, "-m", "teatrip"]


def run_once(command: list[str]) -> float:
    env = dict(os.environ, COLUMNS="120")
    start = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{proc.stderr.decode()}")
    return elapsed


def measure(repeat: int) -> list[tuple[str, float, float, float | None]]:
    base = teatrip_command()
    rows = []
    for label, args, target in CASES:
        command = [sys.executable, "-c", "pass"] if not args else [*base, *args]
        run_once(command)  # warm-up
        times = [run_once(command) for _ in range(repeat)]
        rows.append((label, statistics.median(times), min(times), target))
    return rows


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--markdown", action="store_true")
    options = parser.parse_args()
    rows = measure(options.repeat)
    machine = (
        f"{cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}"
    )
    if options.markdown:
        print(f"Machine: {machine}  \nRuns per command: {options.repeat} (after one warm-up)\n")
        print("| command | median s | min s | target s | ok |")
        print("|---|---:|---:|---:|---|")
        for label, median, best, target in rows:
            ok = "" if target is None else ("yes" if median < target else "NO")
            goal = "" if target is None else f"{target:.1f}"
            print(f"| {label} | {median:.3f} | {best:.3f} | {goal} | {ok} |")
        return
    print(machine)
    print(f"{'command':42} {'median s':>9} {'min s':>7} {'target':>7}")
    for label, median, best, target in rows:
        goal = "" if target is None else f"< {target:.1f}"
        print(f"{label:42} {median:9.3f} {best:7.3f} {goal:>7}")


if __name__ == "__main__":
    main()
