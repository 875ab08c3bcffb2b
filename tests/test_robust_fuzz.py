"""Fuzzing: whatever catalog or saved trip is loaded and whatever is typed, teatrip exits 0, 1
or 2 with a message, never a traceback, and writes nothing when it fails.

Catalogs are mutations of a small catalog built here (wrong types, huge, negative and non-finite
numbers, deep nesting, hostile strings, missing fields, unknown keys), and so are saved trips
(through show and export); requests are argument lists for plan, route, matrix and sites.
Everything runs in-process through Typer's runner.

A quick slice runs with the normal suite. For a long run:
``TEATRIP_FUZZ_EXAMPLES=2000 pytest -m fuzz -p no:cacheprovider`` (see also ``bench/fuzz.py``).
"""

from __future__ import annotations

import copy
import math
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

pytestmark = pytest.mark.fuzz

EXAMPLES = int(os.environ.get("TEATRIP_FUZZ_EXAMPLES", "12"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=EXAMPLES <= 12,  # the quick slice is the same every run; long runs explore
)

BASE: dict[str, Any] = {
    "version": 1,
    "region": {
        "name": "Fuzz valley",
        "timezone": "Asia/Ho_Chi_Minh",
        "centre": {"lat": 21.55, "lon": 105.8},
        "radius_km": 50,
    },
    "sites": [
        {
            "id": "hotel",
            "name": "Khách sạn",
            "name_en": "Hotel",
            "kind": "lodging",
            "location": {"lat": 21.59, "lon": 105.84, "precision": "estimated", "source": "t"},
            "visit": 0,
            "hours": {"status": "estimated", "daily": ["00:00-24:00"]},
            "score": 0,
        },
        {
            "id": "tan-cuong",
            "name": "Vùng chè Tân Cương",
            "name_en": "Tan Cuong",
            "aka": ["Tan Cuong"],
            "kind": "tea-area",
            "location": {"lat": 21.52, "lon": 105.79, "precision": "estimated", "source": "t"},
            "visit": 90,
            "hours": {
                "status": "estimated",
                "daily": ["07:00-11:30", "13:30-17:00"],
                "sun": "closed",
                "closed": ["2024-12-25", "2025-01-28..2025-02-02"],
            },
            "season": {"best_months": [5, 6, 7], "note": "picking"},
            "score": 9,
            "tags": ["tea", "photo"],
            "fee": {"adult_vnd": 0},
        },
        {
            "id": "cho-che",
            "name": "Chợ chè",
            "name_en": "Tea market",
            "kind": "market",
            "location": {"lat": 21.57, "lon": 105.71, "precision": "estimated", "source": "t"},
            "visit": 60,
            "hours": {"status": "sourced", "daily": ["07:00-12:00"], "lunar_days": [1, 15]},
            "score": 7,
            "tags": ["tea", "market"],
        },
    ],
    "waypoints": [
        {
            "id": "junction",
            "name": "Ngã ba",
            "location": {"lat": 21.56, "lon": 105.78, "precision": "estimated", "source": "t"},
        }
    ],
    "roads": [
        {"name": "ĐT 267", "class": "provincial", "via": ["hotel", "junction", "tan-cuong"]},
        {"name": "ĐT 261", "class": "provincial", "via": ["junction", "cho-che"]},
    ],
    "events": [
        {
            "id": "festival",
            "name": "Lễ hội",
            "name_en": "Festival",
            "site": "tan-cuong",
            "lunar": {"from": "1-10", "to": "1-12"},
            "hours": ["08:00-21:00"],
            "score_bonus": 5,
        }
    ],
}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


PATHS = _paths(BASE)[1:]
HOSTILE = [
    "[/]",
    "[/bold]",
    "[link=file:///etc/passwd]x[/link]",
    "\x1b[2J\x1b[31m",
    "a\u202eb",
    "x" * 5000,
    "",
    " ",
    "25:99-07:00",
    "2025-02-30",
    "9999-12-31",
    "0000-01-01",
    "-1",
    "1e309",
    "Asia/Nowhere",
    "../../etc/passwd",
    "hotel",
    "tan-cuong",
    "Tân Cương",
    "null",
]
texts = st.sampled_from(HOSTILE) | st.text(max_size=20)
numbers = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30),
    st.sampled_from([0, -1, 10**18, 2**63, -(2**63), 1e308, -1e308, math.inf, -math.inf]),
    st.floats(allow_nan=True, allow_infinity=True),
)


def _deep(depth: int) -> Any:
    value: Any = "x"
    for level in range(depth):
        value = [value] if level % 2 else {"k": value}
    return value


leaves = st.one_of(
    st.none(),
    st.booleans(),
    numbers,
    texts,
    st.just([]),
    st.just({}),
    st.integers(min_value=2, max_value=200).map(_deep),
    st.lists(texts, max_size=3),
)
mutations = st.tuples(st.sampled_from(["replace", "delete", "add"]), st.sampled_from(PATHS), leaves)


def _apply(changes: list[tuple[str, tuple[Any, ...], Any]], base: dict[str, Any]) -> Any:
    data = copy.deepcopy(base)
    for kind, path, value in changes:
        parent: Any = data
        try:
            for step in path[:-1]:
                parent = parent[step]
            last = path[-1]
            if kind == "replace":
                parent[last] = value
            elif kind == "delete":
                del parent[last]
            elif isinstance(parent, dict):
                parent[f"{last}_{str(value)[:8]}"] = value
            else:
                parent.append(value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed or retyped the parent: skip this one
    return data


catalogs = st.lists(mutations, min_size=1, max_size=4).map(lambda c: _apply(c, BASE))


def _invoke(args: list[str]) -> Result:
    from teatrip.cli import app

    return CliRunner().invoke(app, args, env={"COLUMNS": "100", "TEATRIP_CATALOG": None})


def assert_handled(result: Result, args: list[str]) -> None:
    """Exit 0, 1 or 2 by teatrip's own hand: no exception escaped, no traceback printed."""
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not escaped, f"{args}: {result.exception!r}"
    assert result.exit_code in (0, 1, 2), f"{args}: exit {result.exit_code}"
    assert "Traceback" not in result.output, f"{args}: {result.output[-2000:]}"


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "catalog.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@FUZZ
@given(data=catalogs)
def test_mutated_catalogs_never_crash(tmp_path_factory: pytest.TempPathFactory, data: Any) -> None:
    folder = tmp_path_factory.mktemp("fuzz")
    catalog = str(_write(folder, data))
    out = folder / "out"
    out.mkdir()
    for args in (
        ["validate", catalog],
        ["sites", "list", "--catalog", catalog],
        ["sites", "show", "tan-cuong", "--catalog", catalog, "--from", "2025-02-10"],
        ["plan", "--catalog", catalog, "--start", "2025-02-10", "--days", "2", "--budget", "0.2",
         "--save", str(out / "trip.json"), "--export", str(out / "bundle")],
    ):  # fmt: skip
        result = _invoke(args)
        assert_handled(result, args)
        if args[0] == "plan" and result.exit_code != 0:
            assert list(out.iterdir()) == [], f"{args}: wrote files and failed"


OPTION_VALUES: dict[str, st.SearchStrategy[str]] = {
    "--start": st.sampled_from(["2025-05-10", "2025-02-30", "0001-01-01", "9999-12-31", "x"]),
    "--days": st.sampled_from(["1", "2", "0", "-1", "31", "9" * 25, "x"]),
    "--from": texts,
    "--stay": st.sampled_from(["2:hotel", "0:x", "9" * 30 + ":a", "x"]) | texts,
    "--mode": st.sampled_from(["car", "walk", "boat", ""]),
    "--day": st.sampled_from(["07:30-17:30", "17:30-07:30", "24:00-25:00", "x"]) | texts,
    "--lunch": st.sampled_from(["11:30-13:30/60", "11:30-13:30/" + "9" * 20, "x/y"]) | texts,
    "--must": texts,
    "--avoid": texts,
    "--interests": texts,
    "--pace": st.sampled_from(["relaxed", "packed", "x"]),
    "--max-drive": st.sampled_from(["3h", "0m", "9" * 400 + "h", "1.5h", "h", "-1h"]) | texts,
    "--budget": st.sampled_from(["0.2", "0", "-1", "nan", "inf", "1e308", "x"]),
    "--seed": st.sampled_from(["0", "-5", "9" * 30, "x"]),
    "--via": texts,
    "--metric": st.sampled_from(["time", "both", "x"]),
    "--format": st.sampled_from(["table", "json", "csv", "x"]),
    "--near": texts,
    "--within": st.sampled_from(["2km", "9" * 400, "-1", "x"]) | texts,
    "--open-on": st.sampled_from(["2025-05-10", "9999-12-31", "x"]),
    "--kind": texts,
    "--tag": texts,
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


@st.composite
def requests(draw: st.DrawFn) -> list[str]:
    command = draw(st.sampled_from(sorted(COMMANDS)))
    positional, options = COMMANDS[command]
    args = [*command.split(), *draw(st.sampled_from([positional, [], ["x", "y"]]))]
    for option in draw(st.lists(st.sampled_from(options), max_size=4, unique=True)):
        args += [option, draw(OPTION_VALUES[option])]
    if command == "plan" and "--budget" not in args:
        args += ["--budget", "0.2"]  # the shipped catalog: keep each plan short
    return args


@FUZZ
@given(args=requests())
def test_random_requests_never_crash(args: list[str]) -> None:
    assert_handled(_invoke(args), args)


def _saved_trip() -> dict[str, Any]:
    import json

    from teatrip.itinerary_io import dumps_itinerary
    from tests.helpers.trips import sample_itinerary

    trip: dict[str, Any] = json.loads(dumps_itinerary(sample_itinerary()))
    return trip


TRIP = _saved_trip()
TRIP_PATHS = _paths(TRIP)[1:]
trip_mutations = st.lists(
    st.tuples(st.sampled_from(["replace", "delete", "add"]), st.sampled_from(TRIP_PATHS), leaves),
    min_size=1,
    max_size=3,
)


@FUZZ
@given(changes=trip_mutations)
def test_mutated_saved_trips_never_crash(
    tmp_path_factory: pytest.TempPathFactory, changes: list[tuple[str, tuple[Any, ...], Any]]
) -> None:
    import json

    folder = tmp_path_factory.mktemp("trip")
    data = _apply(changes, TRIP)
    trip = folder / "trip.json"
    trip.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    out = folder / "bundle"
    for args in (
        ["show", str(trip)],
        ["export", str(trip), "--to", "ics", "-o", "-"],
        ["export", str(trip), "--to", "all", "-o", str(out)],
    ):
        result = _invoke(args)
        assert_handled(result, args)
        if args[-1] == str(out) and result.exit_code != 0:
            assert not out.exists(), f"{args}: wrote files and failed"
