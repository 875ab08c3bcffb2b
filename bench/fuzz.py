"""Fuzz teatrip with mutations of the SHIPPED catalog and with random requests.

Each of ``--catalogs`` mutated catalogs goes through ``validate``, ``sites list`` and a short
``plan`` in-process (Typer's runner); ``--trips`` mutations of a few trips planned and saved on the
shipped catalog (wrong types, deep nesting, huge numbers, out-of-range moments, missing keys,
hostile strings, a catalog identity pointing elsewhere, truncated files) go through ``show``,
``export --to all`` and ``replan``; ``--requests`` random argument lists go through plan, route,
matrix and sites on the shipped catalog; a sample of all runs through the installed executable.
Every run has a wall-clock bound (``--timeout``): a run that exceeds it counts as a hang. The table
counts runs per command, exit codes, tracebacks (must be 0) and hangs (must be 0); the first
failures are listed with a file to reproduce them (kept under ``--keep``).

    python bench/fuzz.py                                    # 10,000 catalogs: hours of CPU
    python bench/fuzz.py --catalogs 200 --requests 100      # a check that takes minutes
    python bench/fuzz.py --catalogs 0 --requests 0 --trips 100   # saved trips only
    python bench/fuzz.py --seed 7 --timeout 30 --keep fuzz-failures

Mutations are drawn from ``random.Random(--seed)``, so a run is reproducible.
"""

from __future__ import annotations

import argparse
import copy
import math
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

HOSTILE_TEXT = [
    "[/]",
    "[/bold]",
    "[link=file:///etc/passwd]x[/link]",
    "[blink]",
    "\x1b[2J\x1b[31m",
    "a\u202eb",
    "\x85\x9b",
    "x" * 20_000,
    "",
    " ",
    "25:99-07:00",
    "07:00-07:00",
    "2025-02-30",
    "9999-12-31",
    "0001-01-01",
    "1-32",
    "13-1",
    "Asia/Nowhere",
    "UTC",
    "../../etc/passwd",
    "tan-cuong",
    "thai-nguyen-centre",
    "null",
    "~",
    "*",
    ":smile:",
]
NUMBERS: list[Any] = [
    0,
    -1,
    1,
    59,
    10**18,
    2**63,
    -(2**63),
    10**30,
    1e308,
    -1e308,
    math.inf,
    -math.inf,
    math.nan,
    0.5,
    -0.0,
    1e-300,
    91,
    -181,
]


def _deep(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


def random_leaf(rng: random.Random) -> Any:
    kind = rng.randrange(8)
    if kind == 0:
        return rng.choice(NUMBERS)
    if kind == 1:
        return rng.choice(HOSTILE_TEXT)
    if kind == 2:
        return rng.choice([None, True, False, [], {}])
    if kind == 3:
        return _deep(rng.choice([3, 30, 63, 64, 65, 200]))
    if kind == 4:
        return rng.randint(-(10**6), 10**6)
    if kind == 5:
        return rng.uniform(-1e6, 1e6)
    if kind == 6:
        return [rng.choice(HOSTILE_TEXT) for _ in range(rng.randrange(4))]
    return "".join(chr(rng.randrange(32, 0x3000)) for _ in range(rng.randrange(12)))


def paths_of(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into ``value``, walked without recursion: a mutation may already have nested a
    document thousands of levels deep (which is what teatrip must refuse, not the fuzzer)."""
    stack: list[tuple[Any, tuple[Any, ...]]] = [(value, prefix)]
    while stack:
        item, path = stack.pop()
        yield path
        if isinstance(item, dict):
            stack.extend((child, (*path, key)) for key, child in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((child, (*path, i)) for i, child in reversed(list(enumerate(item))))


def mutate(base: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """One to five random changes to a copy of ``base``."""
    data = copy.deepcopy(base)
    for _ in range(rng.randint(1, 5)):
        paths = [p for p in paths_of(data) if p]
        path = rng.choice(paths)
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = rng.randrange(6)
        if action == 0:
            parent[last] = random_leaf(rng)
        elif action == 1:
            del parent[last]
        elif action == 2 and isinstance(parent, dict):
            parent[rng.choice([*HOSTILE_TEXT[:6], "extra", "<<", "id"])] = random_leaf(rng)
        elif action == 3 and isinstance(parent, list):
            parent.append(copy.deepcopy(rng.choice(parent)))  # duplicates: ids, roads, events
        elif action == 4 and isinstance(parent[last], str):
            text = parent[last]
            cut = rng.randrange(len(text) + 1)
            parent[last] = text[:cut] + rng.choice(HOSTILE_TEXT[:8]) + text[cut:]
        else:
            other = rng.choice(paths)  # a value of another field: plausible but wrong type
            source: Any = data
            try:
                for step in other:
                    source = source[step]
            except (KeyError, IndexError, TypeError):
                continue
            parent[last] = copy.deepcopy(source)
    return data


OPTIONS: dict[str, list[str]] = {
    "--start": ["2025-05-10", "2025-02-30", "0001-01-01", "9999-12-31", "2100-12-31", "x"],
    "--days": ["1", "2", "0", "-1", "31", "9" * 25, "x"],
    "--from": ["thai-nguyen-centre", "tan-cuong", "nowhere", *HOSTILE_TEXT[:6]],
    "--stay": ["2:thai-nguyen-centre", "0:x", "9" * 30 + ":a", "x"],
    "--mode": ["car", "walk", "bicycle", "boat"],
    "--day": ["07:30-17:30", "17:30-07:30", "24:00-25:00", "00:00-24:00", "x"],
    "--lunch": ["11:30-13:30/60", "11:30-13:30/" + "9" * 20, "11:30-11:31/1", "x/y"],
    "--must": ["tan-cuong", "khe-coc", "tan-cuong,khe-coc", "nowhere", *HOSTILE_TEXT[:4]],
    "--avoid": ["tan-cuong", "nowhere", ""],
    "--interests": ["tea,photo", "", "[/]"],
    "--pace": ["relaxed", "packed", "x"],
    "--max-drive": ["3h", "0m", "9" * 400 + "h", "1.5h", "h", "-1h", "90"],
    "--budget": ["0.1", "0", "-1", "nan", "inf", "1e308", "x"],
    "--seed": ["0", "-5", "9" * 30, "x"],
    "--via": ["khe-coc", "nowhere", *HOSTILE_TEXT[:3]],
    "--metric": ["time", "distance", "both", "x"],
    "--format": ["table", "json", "csv", "x"],
    "--near": ["tan-cuong", "nowhere"],
    "--within": ["2km", "9" * 400, "-1", "x", "0"],
    "--open-on": ["2025-05-10", "9999-12-31", "x"],
    "--kind": ["market", "x", "[/]"],
    "--tag": ["tea", "[/]", ""],
}
COMMANDS: dict[str, tuple[list[str], list[str]]] = {
    "plan": ([], ["--start", "--days", "--from", "--stay", "--mode", "--day", "--lunch",
                  "--must", "--avoid", "--interests", "--pace", "--max-drive", "--budget",
                  "--seed", "--format"]),
    "route": (["tan-cuong", "khe-coc"], ["--via", "--mode", "--format"]),
    "matrix": ([], ["--mode", "--metric", "--format"]),
    "sites list": ([], ["--near", "--within", "--open-on", "--kind", "--tag", "--format"]),
    "sites show": (["tan-cuong"], ["--from", "--format"]),
}  # fmt: skip


# Saved trips are planned on the shipped catalog with these options, then mutated.
TRIP_PLANS: list[list[str]] = [
    ["--start", "2025-05-10", "--days", "2"],
    ["--start", "2024-12-05", "--days", "3", "--must", "tan-cuong", "--pace", "packed"],
    ["--start", "2025-02-10", "--days", "1", "--mode", "car", "--golden-hour"],
]
MOMENTS = [
    "9999-12-31T23:59:59+14:00",
    "0001-01-01T00:00:00-12:00",
    "2024-12-05T25:00:00+07:00",
    "2024-12-05T07:30:00",
    "2024-12-05T07:30:00+99:00",
    "1900-01-01T00:00:00+07:00",
    "2100-12-31T23:59:00+07:00",
    "2024-02-30T07:30:00+07:00",
]
TRIP_VALUES: list[Any] = [
    *MOMENTS,
    "/etc/shadow",
    "data/hills.yaml",
    "0" * 64,
    "Z" * 64,
    {"shipped": True},
    10**400,
    -(10**30),
    _deep(70),
]
# Nesting far past what json can write as a value: spliced into the text instead.
DEEP_TEXT = "[" * 100_000 + "]" * 100_000


def mutate_trip(base: dict[str, Any], rng: random.Random) -> str:
    """The text of a saved trip made wrong: structurally (as catalogs are), in trip-shaped ways
    (moments out of range, a catalog identity pointing elsewhere, huge numbers, keys missing),
    or cut short."""
    import json

    try:
        data = mutate(base, rng) if rng.random() < 0.6 else copy.deepcopy(base)
    except RecursionError:  # mutations nested the document past Python's own limit: start over
        data = copy.deepcopy(base)
    for _ in range(rng.randint(0, 3)):
        paths = [p for p in paths_of(data) if p and not isinstance(p[-1], int)]
        path = rng.choice(paths)
        parent: Any = data
        for step in path[:-1]:
            parent = parent[step]
        if rng.random() < 0.2:
            del parent[path[-1]]
        else:
            parent[path[-1]] = rng.choice(TRIP_VALUES)
    request = data.get("request") if isinstance(data, dict) else None
    if isinstance(request, dict) and rng.random() < 0.3:
        key = rng.choice(["catalog", "catalog_sha256", "catalog_version", "roads", "budget_s",
                          "days", "seed", "max_drive_minutes", "stays"])  # fmt: skip
        request[key] = rng.choice([*TRIP_VALUES, *NUMBERS[:8], [], None])
    try:
        text = json.dumps(data, ensure_ascii=False, indent=rng.choice([None, 2]))
    except (ValueError, RecursionError):  # a mutation json cannot write: keep the trip as it was
        text = json.dumps(base, ensure_ascii=False)
    if rng.random() < 0.05:
        text = text.replace('"days": [', f'"deep": {DEEP_TEXT}, "days": [', 1)
    if rng.random() < 0.1:
        text = text[: rng.randrange(len(text) + 1)]  # truncated, as by a full disk
    return text


def trip_runs(path: Path, rng: random.Random) -> list[tuple[str, list[str]]]:
    """The commands each mutated trip goes through."""
    now = rng.choice(["10:00", "14:10", "06:00", "23:59", "25:00"])
    day = rng.choice(["1", "2", "3", "0", "99"])
    out = path.with_suffix(".export")
    return [
        ("show", ["show", str(path)]),
        ("show json", ["show", str(path), "--format", "json"]),
        ("export all", ["export", str(path), "--to", "all", "--output", str(out), "--force"]),
        ("replan", ["replan", str(path), "--day", day, "--now", now]),
    ]


def random_request(rng: random.Random) -> list[str]:
    command = rng.choice(sorted(COMMANDS))
    positional, options = COMMANDS[command]
    args = [*command.split(), *rng.choice([positional, positional, [], ["x", "y"]])]
    for option in rng.sample(options, rng.randint(0, min(4, len(options)))):
        args += [option, rng.choice(OPTIONS[option])]
    if command == "plan" and "--budget" not in args:
        args += ["--budget", "0.1"]
    return args


class Hang(BaseException):
    """A run exceeded its wall-clock bound (BaseException: nothing in teatrip may swallow it)."""


@contextmanager
def wall_clock(seconds: float) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@dataclass
class Tally:
    """Outcomes per command."""

    runs: Counter[str] = field(default_factory=Counter)
    codes: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    tracebacks: Counter[str] = field(default_factory=Counter)
    hangs: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def add(self, name: str, code: int, traceback: bool, hang: bool, note: str) -> None:
        self.runs[name] += 1
        if hang:
            self.hangs[name] += 1
        else:
            self.codes[name][code] += 1
        if traceback:
            self.tracebacks[name] += 1
        if traceback or hang or code not in (0, 1, 2):
            self.failures.append(note)

    def table(self) -> str:
        rows = [("command", "runs", "exit 0", "exit 1", "exit 2", "other", "tracebacks", "hangs")]
        for name in sorted(self.runs):
            codes = self.codes[name]
            other = sum(n for code, n in codes.items() if code not in (0, 1, 2))
            rows.append(
                (
                    name,
                    str(self.runs[name]),
                    str(codes[0]),
                    str(codes[1]),
                    str(codes[2]),
                    str(other),
                    str(self.tracebacks[name]),
                    str(self.hangs[name]),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        lines = ["  ".join(cell.rjust(w) if i else cell.ljust(w) for i, (cell, w) in
                           enumerate(zip(row, widths, strict=True))) for row in rows]  # fmt: skip
        lines.insert(1, "-" * len(lines[0]))
        return "\n".join(lines)


def run_in_process(args: list[str], timeout: float) -> tuple[int, bool, bool, str]:
    """(exit code, traceback seen, hang, output tail) of one in-process run."""
    from typer.testing import CliRunner

    from teatrip.cli import app

    try:
        with wall_clock(timeout):
            result = CliRunner().invoke(app, args, env={"COLUMNS": "100"})
    except Hang:
        return -1, False, True, ""
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    traceback = escaped or "Traceback" in result.output
    tail = result.output[-400:] if not escaped else repr(result.exception)
    return result.exit_code, traceback, False, tail


def run_executable(args: list[str], timeout: float) -> tuple[int, bool, bool, str]:
    command = [sys.executable, "-m", "teatrip", *args]
    script = Path(sys.executable).with_name("teatrip")
    if script.exists():
        command = [str(script), *args]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=timeout, env={**os.environ, "COLUMNS": "100"}
        )
    except subprocess.TimeoutExpired:
        return -1, False, True, ""
    err = done.stderr.decode("utf-8", "replace")
    return done.returncode, "Traceback" in err, False, err[-400:]


def fuzz_trips(
    options: argparse.Namespace,
    rng: random.Random,
    tally: Tally,
    work: Path,
    sample: list[list[str]],
) -> None:
    """Plan real trips on the shipped catalog, then run ``--trips`` mutations of them through
    show, export and replan."""
    import json

    bases: list[dict[str, Any]] = []
    for number, plan_args in enumerate(TRIP_PLANS):
        saved = work / f"base-{number}.json"
        args = ["plan", *plan_args, "--budget", "0.2", "--save", str(saved)]
        code, traceback, hang, tail = run_in_process(args, options.timeout * 3)
        tally.add("trip: plan (base)", code, traceback, hang, f"{' '.join(args)}: {tail}")
        if code == 0:
            bases.append(json.loads(saved.read_text(encoding="utf-8")))
    if not bases:
        return
    keep = options.keep
    for number in range(options.trips):
        path = work / f"trip-{number}.json"
        path.write_text(mutate_trip(rng.choice(bases), rng), encoding="utf-8")
        failed = False
        runs = trip_runs(path, rng)
        for name, args in runs:
            code, traceback, hang, tail = run_in_process(args, options.timeout)
            note = f"trip {name} {path.name}: exit {code} hang={hang}\n    {tail.strip()[-300:]}"
            before = len(tally.failures)
            tally.add(f"trip: {name}", code, traceback, hang, note)
            failed = failed or len(tally.failures) > before
        if failed and keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, keep / path.name)
        if rng.random() < options.sample / max(1, options.trips):
            sample.append(runs[-1][1])
        else:
            path.unlink()
        shutil.rmtree(path.with_suffix(".export"), ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogs", type=int, default=10_000, help="mutated catalogs")
    parser.add_argument("--requests", type=int, default=1_000, help="random requests")
    parser.add_argument("--trips", type=int, default=2_000, help="mutated saved trips")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per run")
    parser.add_argument("--sample", type=int, default=20, help="runs through the executable")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--keep", type=Path, default=None, help="folder for failing catalogs")
    options = parser.parse_args()

    from teatrip.catalog import default_catalog_path
    from teatrip.yamlsafe import read_yaml

    os.environ.pop("TEATRIP_CATALOG", None)
    base = read_yaml(default_catalog_path()).data
    rng = random.Random(options.seed)
    tally = Tally()
    keep = options.keep
    work = Path(tempfile.mkdtemp(prefix="teatrip-fuzz-"))
    sample: list[list[str]] = []
    started = time.perf_counter()
    try:
        for number in range(options.catalogs):
            path = work / f"catalog-{number}.yaml"
            try:
                text = yaml.safe_dump(mutate(base, rng), allow_unicode=True)
            except (ValueError, yaml.YAMLError):
                continue
            path.write_text(text, encoding="utf-8")
            catalog = str(path)
            runs = [
                ("validate", ["validate", catalog]),
                ("sites list", ["sites", "list", "--catalog", catalog]),
                ("plan", ["plan", "--catalog", catalog, "--start", "2025-05-10",
                          "--budget", "0.1", "--format", "json"]),
            ]  # fmt: skip
            failed = False
            for name, args in runs:
                code, traceback, hang, tail = run_in_process(args, options.timeout)
                note = f"{name} {path.name}: exit {code} hang={hang}\n    {tail.strip()[-300:]}"
                before = len(tally.failures)
                tally.add(f"catalog: {name}", code, traceback, hang, note)
                failed = failed or len(tally.failures) > before
            if failed and keep is not None:
                keep.mkdir(parents=True, exist_ok=True)
                shutil.copy(path, keep / path.name)
            if rng.random() < options.sample / max(1, options.catalogs):
                sample.append(runs[2][1])
            else:
                path.unlink()
        if options.trips:
            fuzz_trips(options, rng, tally, work, sample)
        for _ in range(options.requests):
            args = random_request(rng)
            code, traceback, hang, tail = run_in_process(args, options.timeout)
            note = f"{' '.join(args)[:200]}: exit {code} hang={hang}\n    {tail.strip()[-300:]}"
            tally.add(f"request: {args[0]} {args[1] if args[0] == 'sites' else ''}".strip(),
                      code, traceback, hang, note)  # fmt: skip
            if len(sample) < options.sample and rng.random() < 0.2:
                sample.append(args)
        for args in sample[: options.sample]:
            code, traceback, hang, tail = run_executable(args, options.timeout)
            tally.add("executable", code, traceback, hang, f"{' '.join(args)[:200]}: {tail}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(tally.table())
    print(f"\n{time.perf_counter() - started:.0f} s; seed {options.seed}")
    for note in tally.failures[:20]:
        print("FAIL", note)
    sys.exit(1 if tally.failures else 0)


if __name__ == "__main__":
    main()
