"""`teatrip sites list|show` and `teatrip validate` through Typer's runner."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

BAD = """version: 1
region: {name: R, timezone: Asia/Ho_Chi_Minh, centre: {lat: 21.5, lon: 105.8}}
sites:
  - id: a
    name: A
    name_en: A
    kind: tea-area
    location: {lat: 21.5, lon: 105.8, precision: estimated, source: test}
    vist: 30
    visit: 30
    hours: {status: estimated, daily: ["17:00-07:00"]}
    score: 5
  - id: a
    name: B
    name_en: B
    kind: tea-area
    location: {lat: 21.5, lon: 105.8, precision: estimated, source: test}
    visit: 30
    hours: {status: unknown}
    score: 5
"""


@pytest.mark.data
def test_list_json_has_every_shipped_site_with_coordinates(shipped_cli) -> None:  # type: ignore[no-untyped-def]
    result = shipped_cli("sites", "list", "--format", "json")
    assert result.exit_code == 0, result.output
    sites = json.loads(result.stdout)
    assert len(sites) >= 30
    by_id = {site["id"]: site for site in sites}
    for site_id in ("tan-cuong", "khe-coc", "trai-cai", "thai-hai"):
        assert isinstance(by_id[site_id]["lat"], float) and by_id[site_id]["precision"]
    assert by_id["tan-cuong"]["name"].startswith("Vùng chè")


def test_list_csv_is_machine_readable(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sites", "list", "--format", "csv", "--kind", "lodging")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows and all(row["kind"] == "lodging" for row in rows)
    assert {"id", "lat", "lon", "precision"} <= set(rows[0])


def test_list_filters_by_tag_and_distance(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sites", "list", "--near", "tan cuong", "--within", "15km", "--format", "json")
    assert result.exit_code == 0, result.output
    near = json.loads(result.stdout)
    assert near and all(site["distance_m"] <= 15_000 for site in near)
    assert [s["distance_m"] for s in near] == sorted(s["distance_m"] for s in near)
    assert "tan-cuong" not in {s["id"] for s in near}
    assert "atk-tin-keo" not in {s["id"] for s in near}  # ~40 km away in Định Hóa
    tagged = json.loads(cli("sites", "list", "--tag", "tea", "--format", "json").stdout)
    assert tagged and all("tea" in site["tags"] for site in tagged)


def test_list_open_on_a_date_uses_lunar_market_days(cli, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    # 2024-12-05 is lunar 11-05: not a Phúc Xuân market day; 2024-12-06 is lunar 11-06, one.
    def open_ids(day: str) -> set[str]:
        result = cli(
            "sites", "list", "--catalog", str(mini_catalog), "--open-on", day, "--format", "json"
        )
        assert result.exit_code == 0, result.output
        return {site["id"] for site in json.loads(result.stdout)}

    assert "cho-che" not in open_ids("2024-12-05")
    assert "cho-che" in open_ids("2024-12-06")
    assert "tan-cuong" not in open_ids("2024-12-08")  # a Sunday


def test_table_lists_sites_for_people(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sites", "list", "--kind", "tea-area")
    assert result.exit_code == 0
    assert "khe-coc" in result.stdout and "sites; * = estimated" in result.stdout


def test_show_finds_tan_cuong_with_week_and_neighbours(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sites", "show", "tan cuong", "--from", "2024-12-02")
    assert result.exit_code == 0, result.output
    assert "Vùng chè đặc sản Tân Cương" in result.stdout
    assert "Opening hours, next 7 days" in result.stdout
    assert "2024-12-08" in result.stdout and "Nearest sites" in result.stdout
    data = json.loads(
        cli("sites", "show", "TAN-CUONG", "--format", "json", "--from", "2024-12-02").stdout
    )
    assert data["id"] == "tan-cuong"
    assert len(data["next_days"]) == 7 and data["next_days"][0]["date"] == "2024-12-02"
    assert data["nearest"] and data["nearest"][0]["distance_m"] <= data["nearest"][-1]["distance_m"]


def test_unknown_site_exits_2_with_did_you_mean(cli) -> None:  # type: ignore[no-untyped-def]
    result = cli("sites", "show", "khe cocc")
    assert result.exit_code == 2
    assert "Did you mean" in result.stderr and "khe-coc" in result.stderr
    assert "Traceback" not in result.output


def test_bad_options_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("sites", "list", "--kind", "castle").exit_code == 2
    assert cli("sites", "list", "--within", "5km").exit_code == 2
    assert cli("sites", "list", "--near", "tan-cuong", "--within", "far").exit_code == 2
    result = cli("sites", "list", "--open-on", "2025-02-30")
    assert result.exit_code == 2 and "--open-on: 2025-02-30 does not exist" in result.stderr


@pytest.mark.data
def test_validate_shipped_catalog_ok(shipped_cli) -> None:  # type: ignore[no-untyped-def]
    result = shipped_cli("validate")
    assert result.exit_code == 0, result.output
    assert "OK" in result.stdout


def test_validate_reports_every_problem_and_exits_2(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text(BAD, encoding="utf-8")
    result = cli("validate", str(bad))
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.startswith(f"{bad}:")]
    assert any(":9: site 'a': vist: unknown field" in line for line in lines)
    assert any(":11: site 'a': hours.daily: 17:00-07:00 closes" in line for line in lines)
    assert any(":13: site 'a': id: duplicate id" in line for line in lines)
    assert "Traceback" not in result.output


def test_validate_strict_turns_warnings_into_errors(cli, tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    far = tmp_path / "far.yaml"
    far.write_text(
        mini_catalog.read_text(encoding="utf-8").replace(
            "lat: 21.57, lon: 105.71", "lat: 10.77, lon: 106.70"
        ),
        encoding="utf-8",
    )
    assert cli("validate", str(far)).exit_code == 0
    strict = cli("validate", str(far), "--strict")
    assert strict.exit_code == 2 and "warning" in strict.stderr


def test_not_yaml_and_python_tag_exit_2_without_traceback(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    not_yaml = tmp_path / "notyaml.yaml"
    not_yaml.write_text("sites: [unclosed\n  - {\n", encoding="utf-8")
    evil = tmp_path / "evil.yaml"
    evil.write_text("!!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    for path in (not_yaml, evil):
        for args in (("validate", str(path)), ("sites", "list", "--catalog", str(path))):
            result = cli(*args)
            assert result.exit_code == 2, (args, result.output)
            assert f"{path}:" in result.stderr
            assert "Traceback" not in result.output
    assert "pwned" not in cli("validate", str(evil)).output


def test_catalog_from_environment_variable(cli, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    result = cli("sites", "list", "--format", "json", env={"TEATRIP_CATALOG": str(mini_catalog)})
    assert result.exit_code == 0
    assert {site["id"] for site in json.loads(result.stdout)} == {"hotel", "tan-cuong", "cho-che"}


def test_python_dash_m_and_exit_codes_in_a_real_process(tmp_path: Path, region_path: Path) -> None:
    env = {**os.environ, "TEATRIP_CATALOG": str(region_path)}
    ok = subprocess.run([sys.executable, "-m", "teatrip", "sites", "list", "--format", "json"],
                        capture_output=True, text=True, cwd=tmp_path, env=env, check=False)  # fmt: skip
    assert ok.returncode == 0 and json.loads(ok.stdout)
    bad = subprocess.run([sys.executable, "-m", "teatrip", "sites", "show", "nowhere-at-all"],
                         capture_output=True, text=True, cwd=tmp_path, env=env, check=False)  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.startswith("teatrip: no site called 'nowhere-at-all'")
    assert "Traceback" not in bad.stderr


def test_validate_refuses_unplannable_values_one_line_each(
    cli, tmp_path: Path, mini_catalog
) -> None:  # type: ignore[no-untyped-def]
    text = mini_catalog.read_text(encoding="utf-8")
    cases = {
        "score_bonus: 5": (
            "score_bonus: -1",
            ":57: event 'spring-festival': score_bonus: -1 is out of range",
        ),
        "  radius_km: 50": (
            "  radius_km: 50\n  speeds: {car: {local: 1.0e-9}}",
            ":8: region: speeds.car.local: 1e-09 km/h is too slow",
        ),
        "fee: {adult_vnd: 0}": (
            "fee: {adult_vnd: " + "9" * 5000 + "}",
            ":33: site 'tan-cuong': fee.adult_vnd: a 5,000-digit number",
        ),
        "timezone: Asia/Ho_Chi_Minh": (
            "timezone: " + "A" * 5000,
            ":5: region: timezone: unknown time zone 'AAAA",
        ),
        "via: [junction, cho-che]": (
            "via: [junction, junction, cho-che]",
            ":49: road 'ĐT 261': via: 'junction' follows itself",
        ),
    }
    for old, (new, expected) in cases.items():
        path = tmp_path / "broken.yaml"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        result = cli("validate", str(path))
        assert result.exit_code == 2, result.output
        lines = result.stderr.splitlines()
        assert len(lines) == 2 and lines[0].startswith(f"{path}{expected}"), lines
        assert lines[1] == f"{path}: 1 problem; the catalog cannot be used"


def test_validate_reports_a_site_no_road_reaches(cli, tmp_path: Path, mini_catalog) -> None:  # type: ignore[no-untyped-def]
    # The catalog reads fine; the road check (run by the command, above the catalog layer) fails.
    stranded = tmp_path / "stranded.yaml"
    stranded.write_text(
        mini_catalog.read_text(encoding="utf-8").replace(
            "via: [hotel, junction, tan-cuong]", "via: [hotel, tan-cuong]"
        ),
        encoding="utf-8",
    )
    result = cli("validate", str(stranded))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"{stranded}:34: site 'cho-che': location: cannot be reached from the other 2 sites"
    ), result.stderr
    assert result.stderr.endswith("1 problem; the catalog cannot be used\n")
    assert cli("validate", str(mini_catalog)).stdout == f"{mini_catalog}: OK, 3 sites\n"


@pytest.fixture
def week_catalog(tmp_path: Path) -> Path:
    """Sites whose hours differ by weekday, date, event and how far they are known."""
    from tests.helpers.catalogs import document, event, lodging, site, write_catalog

    museum_hours = {"status": "sourced", "daily": ["08:00-17:00"], "mon": "closed",
                    "sun": ["08:00-11:00"]}  # fmt: skip
    tea_hours = {"status": "estimated", "daily": ["07:00-17:00"], "closed": ["2024-12-25"]}
    sites = [
        lodging("hotel", 21.6, 105.85),
        site("museum", 21.59, 105.84, kind="museum", hours=museum_hours),
        site("tea", 21.52, 105.79, hours=tea_hours),
        site("cave", 21.75, 106.07, kind="cave", hours={"status": "unknown"}),
    ]
    events = [event("harvest", "tea", dates=["2024-12-08"], hours=["18:00-21:00"], name="Harvest")]
    return write_catalog(tmp_path / "week.yaml", document(sites, events=events))


def test_open_on_shows_that_day_s_hours_and_marks_unknown_ones(cli, week_catalog: Path) -> None:  # type: ignore[no-untyped-def]
    def listed(day: str) -> tuple[dict[str, str], str]:
        result = cli("sites", "list", "--catalog", str(week_catalog), "--open-on", day)
        assert result.exit_code == 0, result.output
        rows = [line.strip("│").split("│") for line in result.stdout.splitlines()]
        hours = {row[0].strip(): row[5].strip() for row in rows if len(row) > 5}
        return hours, result.stdout

    sunday, text = listed("2024-12-08")
    assert "hours sun 2024-12-08" in text  # the column names the day
    assert sunday["museum"] == "08:00-11:00"  # Sunday's window, not the usual 08:00-17:00
    assert sunday["tea"] == "18:00-21:00; Harvest"  # the event's hours that day
    assert sunday["cave"] == "unknown: check"
    words = " ".join(text.split())  # the note may wrap
    assert "open on 2024-12-08: the site has opening hours that day" in words
    assert "unknown: nobody knows the hours, so the site may be closed" in words
    assert "museum" not in listed("2024-12-09")[0]  # closed on Mondays
    christmas = listed("2024-12-25")[0]
    assert "tea" not in christmas and christmas["museum"] == "08:00-17:00"
    assert listed("2024-12-24")[0]["tea"] == "07:00-17:00 (estimated)"


def test_open_on_json_gives_the_day_s_windows(cli, week_catalog: Path) -> None:  # type: ignore[no-untyped-def]
    result = cli(
        "sites", "list", "--catalog", str(week_catalog), "--open-on", "2024-12-08", "--format", "json"
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    days = {site["id"]: site["open_on"] for site in json.loads(result.stdout)}
    assert days["museum"] == {
        "date": "2024-12-08", "open": ["08:00-11:00"], "check_hours": False, "event": None
    }  # fmt: skip
    assert days["tea"]["open"] == ["18:00-21:00"] and days["tea"]["event"] == "Harvest"
    assert days["cave"]["check_hours"] is True
    plain = json.loads(
        cli("sites", "list", "--catalog", str(week_catalog), "--format", "json").stdout
    )
    assert all("open_on" not in site for site in plain)


def test_show_has_no_csv_form(cli) -> None:  # type: ignore[no-untyped-def]
    assert cli("sites", "show", "tan-cuong", "--format", "csv").exit_code == 2
