"""`teatrip plan`, `show` and `replan` through Typer's runner: exit codes, messages, JSON content."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from teatrip.catalog import load_catalog
from teatrip.itinerary_io import itinerary_from_dict
from teatrip.models import Catalog, StopKind
from tests.helpers.plan_checker import check_itinerary

Invoke = Callable[..., Result]
OCOP = ("plan", "--start", "2024-12-05", "--days", "3", "--from", "thai-nguyen-centre")


@pytest.fixture(scope="module")
def ocop_json(region_path: Path) -> dict[str, object]:
    from typer.testing import CliRunner

    from teatrip.cli import app

    result = CliRunner().invoke(
        app,
        [*OCOP, "--must", "tan-cuong", "--interests", "festival", "--format", "json"],
        env={"COLUMNS": "120", "TEATRIP_CATALOG": str(region_path)},
    )
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def test_plan_json_on_the_test_region(ocop_json: dict[str, object], region: Catalog) -> None:
    itinerary = itinerary_from_dict(ocop_json)
    check_itinerary(itinerary, region)
    assert len(itinerary.days) == 3
    events = [s for d in itinerary.days for s in d.stops if s.kind is StopKind.EVENT]
    assert any(s.event == "ocop-festival-2024" for s in events)
    assert itinerary.skipped and all(s.reason for s in itinerary.skipped)


def test_plan_table_is_a_readable_timeline(cli: Invoke) -> None:
    result = cli(*OCOP[:4], "1", "--from", "thai-nguyen-centre", "--must", "tan-cuong")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Day 1 · Thu 05 Dec 2024" in out and "sunrise" in out and "golden hours" in out
    assert "Tân Cương specialty tea area" in out  # the English name in English
    assert "Lunch" in out and "⚠ check hours" in out
    assert re.search(r"^Whole trip: \d+\.\d km · riding ", out, re.MULTILINE)
    assert "entrance fees unknown (" in out and " 0 ₫" not in out  # unknown is never zero
    assert "Left out" in out
    assert max(len(line) for line in out.splitlines()) <= 120


def test_plan_a_day_at_thai_hai_with_lunch_on_site(cli: Invoke, region: Catalog) -> None:
    result = cli(*OCOP, "--must", "thai-hai", "--format", "json")
    assert result.exit_code == 0, result.output
    itinerary = itinerary_from_dict(json.loads(result.stdout))
    check_itinerary(itinerary, region)
    day = next(d for d in itinerary.days if any(s.site == "thai-hai" for s in d.stops))
    stop = next(s for s in day.stops if s.site == "thai-hai")
    assert stop.visit_minutes == 490  # 8 h and the normal pace's 10 min to settle in
    assert stop.lunch_start is not None and stop.lunch_end is not None
    assert stop.lunch_end - stop.lunch_start == dt.timedelta(minutes=60)
    assert not any("lunch" in note for note in stop.notes)  # a fact, not a sentence
    assert not any(s.kind is StopKind.LUNCH for s in day.stops)
    table = cli(*OCOP, "--must", "thai-hai")
    assert table.exit_code == 0, table.output
    assert "lunch on site" in table.stdout and "8 h 10 min" in table.stdout
    lunch = f"{stop.lunch_start:%H:%M}-{stop.lunch_end:%H:%M}"
    assert lunch in table.stdout


def test_must_is_repeatable_and_comma_separated(cli: Invoke) -> None:
    result = cli(
        *OCOP[:4],
        "2",
        "--from",
        "thai-nguyen-centre",
        "--must",
        "tan-cuong,museum-ethnic-cultures",
        "--must",
        "Chùa Hang",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    visited = {s["site"] for d in data["days"] for s in d["stops"]}
    assert {"tan-cuong", "museum-ethnic-cultures", "chua-hang"} <= visited


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--days", "0"), "at least one day"),
        (("--start", "2025-02-30"), "2025-02-30 does not exist (February 2025 has 28 days)"),
        (("--start", "tomorrow"), "is not a date"),
        (("--day", "7-17"), "--day"),
        (("--day", "10:00-10:30"), "shorter than the 60-minute lunch"),
        (("--lunch", "11:30-13:30/abc"), "--lunch"),
        (("--lunch", "12:00-12:30/60"), "does not fit inside"),
        (("--max-drive", "3x"), "--max-drive: '3x' is not a duration"),
        (("--max-drive", "3"), "--max-drive: '3' needs a unit: write 3h or 3m"),
        (("--must", "tan cuong tea"), "matches 2 sites"),
        (("--from", "hanoi-hilton"), "hanoi-hilton"),
        (("--stay", "5:pho-yen"), "--stay: day 5"),
        (("--stay", "pho-yen"), "DAY:SITE"),
        (("--must", "tan-cuong", "--avoid", "tan-cuong"), "both in --must and in --avoid"),
    ],
)
def test_bad_input_exits_2_with_one_sentence(
    cli: Invoke, args: tuple[str, ...], message: str
) -> None:
    result = cli("plan", "--start", "2024-12-05", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) <= 3


def test_unknown_site_suggests_a_name(cli: Invoke) -> None:
    result = cli("plan", "--start", "2024-12-05", "--must", "tan-cuongg")
    assert result.exit_code == 2
    assert "did you mean" in result.stderr.lower() and "tan-cuong" in result.stderr


@pytest.mark.parametrize(
    "option", [("--from", "hotel"), ("--from", "nhà nghỉ"), ("--days", "2", "--stay", "2:hottel")]
)
def test_where_the_group_sleeps_suggests_the_lodgings_first(
    cli: Invoke, option: tuple[str, ...]
) -> None:
    result = cli("plan", "--start", "2024-12-05", *option)
    assert result.exit_code == 2
    suggested = re.findall(r"([\w-]+) \(", result.stderr.split("Did you mean: ", 1)[1])
    assert set(suggested[:2]) == {"thai-nguyen-centre", "pho-yen"}, result.stderr


def test_must_closed_on_every_date_exits_2(cli: Invoke) -> None:
    # 2024-12-07 is lunar 7/11: Phúc Xuân tea market does not meet
    result = cli("plan", "--start", "2024-12-07", "--must", "phuc-xuan-market")
    assert result.exit_code == 2
    assert "closed on every trip date" in result.stderr and "lunar days" in result.stderr


def test_must_that_cannot_fit_exits_1_naming_it(cli: Invoke) -> None:
    # a whole day at Thái Hải (8 h) and the ride do not fit an 8-hour --day
    result = cli("plan", "--start", "2024-12-05", "--must", "thai-hai", "--day", "08:00-16:00")
    assert result.exit_code == 1
    assert "thai-hai" in result.stderr and "Traceback" not in result.output


def test_save_show_round_trip_and_no_silent_overwrite(cli: Invoke, tmp_path: Path) -> None:
    trip = tmp_path / "trip.json"
    planned = cli(*OCOP[:4], "2", "--seed", "3", "--save", str(trip), "--format", "json")
    assert planned.exit_code == 0, planned.output
    shown = cli("show", str(trip), "--format", "json")
    assert shown.exit_code == 0
    assert json.loads(shown.stdout) == json.loads(planned.stdout)
    table = cli("show", str(trip))
    assert table.exit_code == 0 and "Day 2" in table.stdout
    again = cli(*OCOP[:4], "2", "--save", str(trip))
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = cli(*OCOP[:4], "2", "--save", str(trip), "--force")
    assert forced.exit_code == 0


def test_same_seed_same_json(cli: Invoke) -> None:
    runs = [cli(*OCOP[:4], "2", "--seed", "11", "--format", "json") for _ in range(2)]
    first, second = (json.loads(r.stdout) for r in runs)
    first.pop("created", None)
    second.pop("created", None)
    assert first == second


def test_replan_prints_changes_and_saves(cli: Invoke, tmp_path: Path, region: Catalog) -> None:
    trip = tmp_path / "trip.json"
    assert cli(*OCOP, "--save", str(trip), "--format", "json").exit_code == 0
    result = cli("replan", str(trip), "--day", "2", "--now", "14:10")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Changes") and "Day 2" in result.stdout
    as_json = cli(
        "replan",
        str(trip),
        "--day",
        "2",
        "--now",
        "14:10",
        "--format",
        "json",
        "--save",
        str(tmp_path / "after.json"),
    )
    assert as_json.exit_code == 0, as_json.output
    data = json.loads(as_json.stdout)
    assert data["changes"]
    itinerary = itinerary_from_dict(data["itinerary"])
    check_itinerary(itinerary, region, history_until={2: 14 * 3600 + 10 * 60})
    assert (tmp_path / "after.json").exists()


def test_replan_bad_input(cli: Invoke, tmp_path: Path) -> None:
    trip = tmp_path / "trip.json"
    assert cli(*OCOP[:4], "1", "--save", str(trip)).exit_code == 0
    assert cli("replan", str(trip), "--day", "4", "--now", "10:00").exit_code == 2
    bad_now = cli("replan", str(trip), "--day", "1", "--now", "25:00")
    assert bad_now.exit_code == 2 and "--now" in bad_now.stderr
    unknown = cli("replan", str(trip), "--day", "1", "--now", "10:00", "--at", "nowhere-at-all")
    assert unknown.exit_code == 2


def test_replan_takes_the_trip_s_catalog_from_the_option(
    cli: Invoke, tmp_path: Path, mini_catalog: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TEATRIP_CATALOG")  # the trip's recorded path is not opened again
    region = tmp_path / "region.yaml"
    region.write_text(mini_catalog.read_text(encoding="utf-8"), encoding="utf-8")
    trip = tmp_path / "trip.json"
    planned = cli("plan", "--catalog", str(region), "--start", "2024-12-06", "--from", "hotel",
                  "--save", str(trip))  # fmt: skip
    assert planned.exit_code == 0, planned.output
    again = cli("replan", str(trip), "--day", "1", "--now", "10:00", "--format", "json",
                "--catalog", str(region))  # fmt: skip
    assert again.exit_code == 0, again.output
    replanned = json.loads(again.stdout)["itinerary"]
    assert {s["site"] for d in replanned["days"] for s in d["stops"]} <= {
        "hotel", "tan-cuong", "cho-che"
    }  # fmt: skip
    missing = cli("replan", str(trip), "--day", "1", "--now", "10:00")
    assert missing.exit_code == 2
    assert "pass that catalog file with --catalog" in missing.stderr


def test_export_is_wired_to_the_bundle_writer(cli: Invoke, tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    result = cli(*OCOP[:4], "1", "--export", str(out))
    assert result.exit_code == 0, result.output
    assert "wrote" in result.stderr and any(out.iterdir())


def test_plan_on_an_imported_road_graph(cli: Invoke, tmp_path: Path) -> None:
    pytest.importorskip("osmium")
    roads_dir = Path(__file__).parent / "data" / "roads"
    catalog = roads_dir / "valley.yaml"
    graph = tmp_path / "valley.graph"
    imported = cli(
        "roads",
        "import",
        str(roads_dir / "valley.osm"),
        "--catalog",
        str(catalog),
        "--out",
        str(graph),
    )
    assert imported.exit_code == 0, imported.output
    result = cli(
        "plan",
        "--catalog",
        str(catalog),
        "--roads",
        str(graph),
        "--start",
        "2025-03-03",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    itinerary = itinerary_from_dict(json.loads(result.stdout))
    check_itinerary(itinerary, load_catalog(catalog))
    roads = {s.road for d in itinerary.days for leg in d.legs for s in leg.roads}
    assert "ĐT 267" in roads
    assert itinerary.request.roads == str(graph)


def test_the_timeline_renderer_does_not_need_the_planner() -> None:
    import subprocess
    import sys

    probe = "import sys, teatrip.render.plan; print('teatrip.planner' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
