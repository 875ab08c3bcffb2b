"""A saved trip is data, not instructions; `plan` writes its outputs all or nothing.

A trip file may come from someone else: the catalog and road graph paths it records are never
opened again. The shipped catalog is named, not located; any other catalog comes only from
``--catalog`` (and a changed file draws a warning); a file that is not a catalog is never quoted.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from teatrip.catalog import SHIPPED_CATALOG_NAME

Invoke = Callable[..., Result]
PLAN = ("plan", "--start", "2024-12-05", "--days", "2", "--from", "thai-nguyen-centre")
REPLAN = ("--day", "1", "--now", "10:00")
SECRET = "root:$6$SECRET-HASH:19000:0:99999:7:::\nSECRET-LINE-TWO: {\n"
NO_CATALOG: dict[str, str | None] = {"TEATRIP_CATALOG": None}


def _edit(trip: Path, **request: Any) -> None:
    doc = json.loads(trip.read_text(encoding="utf-8"))
    for key, value in request.items():
        if value is None:
            doc["request"].pop(key, None)
        else:
            doc["request"][key] = value
    trip.write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture
def region_trip(cli: Invoke, tmp_path: Path) -> Path:
    """A trip planned on the test region (given through TEATRIP_CATALOG, like --catalog)."""
    trip = tmp_path / "trip.json"
    result = cli(*PLAN, "--save", str(trip))
    assert result.exit_code == 0, result.output
    return trip


def test_the_trip_records_its_catalog_by_path_and_hash(
    region_trip: Path, region_path: Path
) -> None:
    import hashlib

    request = json.loads(region_trip.read_text(encoding="utf-8"))["request"]
    assert request["catalog"] == str(region_path)
    assert request["catalog_sha256"] == hashlib.sha256(region_path.read_bytes()).hexdigest()
    assert request["catalog_version"] == 1


def test_replan_never_opens_the_path_a_trip_names(
    cli: Invoke, region_trip: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET, encoding="utf-8")
    for identity in (
        {"catalog": str(secret), "catalog_sha256": None},  # a trip file from before the hash
        {"catalog": str(secret)},
        {"catalog": "/etc/shadow", "catalog_sha256": None},
    ):
        _edit(region_trip, **identity)
        result = cli("replan", str(region_trip), *REPLAN, env=NO_CATALOG)
        assert result.exit_code == 2, result.output
        assert "pass that catalog file with --catalog" in result.stderr
        assert "SECRET" not in result.output and "Traceback" not in result.output


def test_a_non_catalog_file_given_as_catalog_is_not_quoted(
    cli: Invoke, region_trip: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "shadow"
    secret.write_text(SECRET, encoding="utf-8")
    for args in (("replan", str(region_trip), *REPLAN, "--catalog", str(secret)),
                 ("validate", str(secret))):  # fmt: skip
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "SECRET" not in result.output and "Traceback" not in result.output
    (tmp_path / "kv.yaml").write_text("password: hunter2\napi_key: x\n", encoding="utf-8")
    result = cli("validate", str(tmp_path / "kv.yaml"))
    assert "is not a catalog" in result.stderr and "password" not in result.output


def test_replan_takes_another_catalog_only_from_the_option(
    cli: Invoke, region_trip: Path, region_path: Path, tmp_path: Path
) -> None:
    refused = cli("replan", str(region_trip), *REPLAN, env=NO_CATALOG)
    assert refused.exit_code == 2
    assert f"({region_path}); pass that catalog file with --catalog" in refused.stderr
    given = cli("replan", str(region_trip), *REPLAN, "--catalog", str(region_path), env=NO_CATALOG)
    assert given.exit_code == 0, given.output
    assert "warning" not in given.stderr
    changed = tmp_path / "changed.yaml"
    changed.write_text(region_path.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    after = tmp_path / "after.json"
    warned = cli("replan", str(region_trip), *REPLAN, "--catalog", str(changed),
                 "--save", str(after), env=NO_CATALOG)  # fmt: skip
    assert warned.exit_code == 0, warned.output
    assert "is not the catalog file the trip was planned on" in warned.stderr
    assert json.loads(after.read_text(encoding="utf-8"))["request"]["catalog"] == str(changed)


def test_a_recorded_road_graph_is_not_opened(cli: Invoke, region_trip: Path) -> None:
    _edit(region_trip, roads="/dev/zero")
    result = cli("replan", str(region_trip), *REPLAN)
    assert result.exit_code == 2
    assert "pass that file with --roads" in result.stderr


@pytest.mark.slow
def test_a_shipped_trip_replans_on_the_shipped_catalog_wherever_it_runs(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trip = tmp_path / "shipped.json"
    planned = cli("plan", "--start", "2024-12-05", "--save", str(trip), env=NO_CATALOG)
    assert planned.exit_code == 0, planned.output
    request = json.loads(trip.read_text(encoding="utf-8"))["request"]
    assert request["catalog"] == SHIPPED_CATALOG_NAME and "catalog_sha256" not in request
    # A folder with its own data/hills.yaml must not be picked up: this one would fail to load.
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "hills.yaml").write_text("region: {}\nsites: []\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for identity in ({}, {"catalog_version": None}):  # as saved, and as an older teatrip saved
        _edit(trip, **identity)
        result = cli("replan", str(trip), *REPLAN, "--format", "json", env=NO_CATALOG)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["itinerary"]["request"]["catalog"] == SHIPPED_CATALOG_NAME
    elsewhere = cli("replan", str(trip), *REPLAN)  # TEATRIP_CATALOG names the test region
    assert "the trip was planned on the shipped catalog; replanning on" in elsewhere.stderr


def test_a_failed_export_leaves_no_saved_trip(cli: Invoke, tmp_path: Path) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    (bundle / "trip.ics").write_text("someone's calendar", encoding="utf-8")
    trip = tmp_path / "trip.json"
    result = cli(*PLAN, "--save", str(trip), "--export", str(bundle))
    assert result.exit_code == 2, result.output
    assert not trip.exists()
    assert [p.name for p in bundle.iterdir()] == ["trip.ics"]


def test_a_refused_save_leaves_no_bundle(cli: Invoke, tmp_path: Path) -> None:
    trip = tmp_path / "trip.json"
    trip.write_text("{}", encoding="utf-8")
    bundle = tmp_path / "bundle"
    result = cli(*PLAN, "--save", str(trip), "--export", str(bundle))
    assert result.exit_code == 2, result.output
    assert not bundle.exists() and trip.read_text(encoding="utf-8") == "{}"
    both = cli(*PLAN, "--save", str(trip), "--export", str(bundle), "--force")
    assert both.exit_code == 0, both.output
    assert json.loads(trip.read_text(encoding="utf-8"))["format"] == "teatrip-itinerary"
    assert (bundle / "trip.ics").exists()


def test_plan_help_states_the_limits_and_the_paces(cli: Invoke) -> None:
    from teatrip.hours import FIRST_DATE, LAST_DATE
    from teatrip.planner.value import PACES
    from teatrip.request import MAX_DAYS

    text = " ".join(cli("plan", "--help", env={"COLUMNS": "300"}).stdout.split())
    assert f"Number of days, 1 to {MAX_DAYS}." in text
    assert f"{FIRST_DATE.isoformat()} to {LAST_DATE.isoformat()}" in text
    assert "Seconds the engine may search, 0 to 600" in text
    for pace, rule in PACES.items():
        slack = f"{rule.slack_minutes} min"
        assert f"{pace.value}: about {rule.sights_per_full_day}" in text and slack in text


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("budget_s", 1e308, "request.budget_s: 1e+308 is outside 0.0..600.0"),
        ("days", 10**6, "request.days: 1000000 is outside 1..30"),
        ("seed", 2**64, "request.seed:"),
        ("max_drive_minutes", 10**30, "request.max_drive_minutes:"),
    ],
)
def test_a_loaded_request_keeps_the_plan_limits(
    cli: Invoke, region_trip: Path, key: str, value: object, message: str
) -> None:
    _edit(region_trip, **{key: value})  # replan would search for ages or overflow the kernel
    result = cli("replan", str(region_trip), *REPLAN)
    assert result.exit_code == 2 and message in result.stderr, result.output


def test_an_integer_too_big_for_a_float_is_one_problem(cli: Invoke, region_trip: Path) -> None:
    doc = json.loads(region_trip.read_text(encoding="utf-8"))
    doc["days"][0]["stops"][0]["lat"] = 10**400
    region_trip.write_text(json.dumps(doc), encoding="utf-8")
    result = cli("show", str(region_trip))
    assert result.exit_code == 2 and "days[0].stops[0].lat: expected a number" in result.stderr
