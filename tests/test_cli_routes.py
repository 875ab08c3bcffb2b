"""`teatrip route`, `teatrip matrix` and `teatrip roads import` through Typer's runner."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from teatrip.models import Catalog

DATA = Path(__file__).parent / "data" / "roads"
Cli = Callable[..., Result]


def minutes_in(text: str) -> int:
    """``"1 h 05 min"`` -> 65, ``"2 h"`` -> 120, ``"40 min"`` -> 40."""
    hours = re.search(r"(\d+) h", text)
    mins = re.search(r"(\d+) min", text)
    return (int(hours[1]) * 60 if hours else 0) + (int(mins[1]) if mins else 0)


def test_route_table_lists_roads_with_km_and_minutes(cli: Cli) -> None:
    result = cli("route", "Tân Cương", "Khe Cốc", "--mode", "motorbike")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Tân Cương specialty tea area → " in out and "(by motorbike)" in out  # English names
    vietnamese = cli("route", "Tân Cương", "Khe Cốc", "--lang", "vi").stdout
    assert "Vùng chè đặc sản Tân Cương → " in vietnamese and "(bằng xe máy)" in vietnamese
    rows = [line for line in out.splitlines() if line.startswith("│")]
    cells = [[c.strip() for c in row.strip("│").split("│")] for row in rows]
    roads = [c[0] for c in cells]
    assert roads == ["ĐT 267", "QL3", "local access road", "total"]
    km = [float(c[1].removesuffix(" km")) for c in cells]
    assert km[-1] == pytest.approx(sum(km[:-1]), abs=0.15)
    minutes = [minutes_in(c[2]) for c in cells]
    assert abs(minutes[-1] - sum(minutes[:-1])) <= 2
    assert "estimated" in out


def test_route_json_legs_add_up_and_slow_modes_take_longer(cli: Cli) -> None:
    totals = {}
    for mode in ("car", "motorbike", "bicycle", "walk"):
        result = cli("route", "tan cuong", "khe coc", "--mode", mode, "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        assert data["from"] == "tan-cuong" and data["to"] == "khe-coc" and data["mode"] == mode
        assert data["distance_m"] == sum(leg["distance_m"] for leg in data["legs"])
        assert data["duration_s"] == sum(leg["duration_s"] for leg in data["legs"])
        totals[mode] = data["duration_s"]
    assert totals["car"] < totals["motorbike"] < totals["bicycle"] < totals["walk"]


def test_route_via_passes_the_stop(cli: Cli) -> None:
    direct = json.loads(cli("route", "tan-cuong", "khe-coc", "--format", "json").stdout)
    via = cli("route", "tan-cuong", "khe-coc", "--via", "Đền Đuổm", "--format", "json")
    assert via.exit_code == 0, via.output
    assert json.loads(via.stdout)["duration_s"] > direct["duration_s"]


def test_route_via_gives_one_leg_per_stop_and_the_total(cli: Cli) -> None:
    args = ("route", "tan-cuong", "khe-coc", "--via", "den-duom", "--via", "thai-hai")
    data = json.loads(cli(*args, "--format", "json").stdout)
    stages = data["stages"]
    assert data["via"] == ["den-duom", "thai-hai"]
    assert [(s["from"], s["to"]) for s in stages] == [
        ("tan-cuong", "den-duom"), ("den-duom", "thai-hai"), ("thai-hai", "khe-coc")
    ]  # fmt: skip
    assert data["distance_m"] == sum(s["distance_m"] for s in stages)
    assert data["duration_s"] == sum(s["duration_s"] for s in stages)
    for stage in stages:  # each leg has its own roads
        assert stage["legs"] and stage["distance_m"] == sum(r["distance_m"] for r in stage["legs"])
    table = cli(*args)
    assert table.exit_code == 0, table.output
    out = table.stdout
    assert "leg 1: Tân Cương specialty tea area → Đuổm Temple" in out
    assert "leg 3: Thái Hải stilt-house village → Khe Cốc tea area" in out
    assert out.count("│ total") == 3 and "total of 3 legs: " in out
    out = cli(*args, "--lang", "vi").stdout
    assert "chặng 1: Vùng chè đặc sản Tân Cương → Đền Đuổm" in out
    assert "chặng 2: Đền Đuổm → Làng nhà sàn Thái Hải" in out
    assert "chặng 3: Làng nhà sàn Thái Hải → Vùng chè Khe Cốc" in out
    assert out.count("│ tổng") == 3 and "tổng 3 chặng: " in out
    direct = cli("route", "tan-cuong", "khe-coc")
    assert (
        "leg 1" not in direct.stdout
        and "stages" not in cli("route", "tan-cuong", "khe-coc", "--format", "json").stdout
    )


def test_unknown_site_suggests_names_and_exits_2(cli: Cli) -> None:
    result = cli("route", "Tan Cuongx", "Khe Coc")
    assert result.exit_code == 2
    assert "Did you mean" in result.stderr and "tan-cuong" in result.stderr
    assert "Traceback" not in result.output


def test_isolated_site_is_a_located_error(cli: Cli) -> None:
    path = DATA / "isolated.yaml"
    result = cli("route", "town", "tea-hill", "--catalog", str(path))
    assert result.exit_code == 2
    line = next(
        i for i, text in enumerate(path.read_text("utf-8").splitlines(), 1) if "id: island" in text
    )
    assert f"{path}:{line}: site 'island': location:" in result.stderr
    matrix = cli("matrix", "--catalog", str(path))
    assert matrix.exit_code == 2 and f"{path}:{line}" in matrix.stderr


def test_motorbike_without_a_route_fails_cleanly(cli: Cli, tmp_path: Path) -> None:
    text = (DATA / "noroads.yaml").read_text("utf-8")
    text += "roads:\n  - {name: CT99, class: expressway, via: [town, tea-hill, coop]}\n"
    path = tmp_path / "motorway.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("route", "town", "coop", "--mode", "car", "--catalog", str(path)).exit_code == 0
    result = cli("route", "town", "coop", "--mode", "motorbike", "--catalog", str(path))
    assert result.exit_code == 1
    assert "no motorbike route" in result.stderr


def test_matrix_csv_is_square_with_zero_diagonal(cli: Cli, region: Catalog) -> None:
    result = cli("matrix", "--mode", "car")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    ids = rows[0][1:]
    assert len(ids) == len(region.sites) and [row[0] for row in rows[1:]] == ids
    for i, row in enumerate(rows[1:]):
        values = [int(cell) for cell in row[1:]]
        assert values[i] == 0
        assert all(v > 0 for j, v in enumerate(values) if j != i)
    distance = list(csv.reader(io.StringIO(cli("matrix", "--metric", "distance").stdout)))
    assert distance[0] == rows[0]


def test_matrix_json_and_both_agree_with_route(cli: Cli) -> None:
    catalog = str(DATA / "valley.yaml")
    data = json.loads(
        cli("matrix", "--format", "json", "--metric", "both", "--catalog", catalog).stdout
    )
    i, j = data["ids"].index("town"), data["ids"].index("tea-hill")
    route = json.loads(
        cli("route", "town", "tea-hill", "--format", "json", "--catalog", catalog).stdout
    )
    assert data["duration_s"][i][j] == route["duration_s"]
    assert data["distance_m"][i][j] == route["distance_m"]
    assert data["mode"] == "motorbike"
    long = list(
        csv.DictReader(io.StringIO(cli("matrix", "--metric", "both", "--catalog", catalog).stdout))
    )
    cell = next(r for r in long if (r["from"], r["to"]) == ("town", "tea-hill"))
    assert int(cell["duration_s"]) == route["duration_s"] and cell["estimated"] == "true"
    table = cli("matrix", "--format", "table", "--catalog", catalog)
    assert table.exit_code == 0 and "min" in table.stdout and "tea-hill" in table.stdout


def test_roads_import_then_route_on_it(cli: Cli, tmp_path: Path) -> None:
    catalog = str(DATA / "valley.yaml")
    extract = tmp_path / "valley.osm"
    shutil.copy(DATA / "valley.osm", extract)
    out = tmp_path / "valley.graph"
    result = cli("roads", "import", str(extract), "--catalog", catalog, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert "temple" in result.stdout and "103" in result.stdout  # its snap distance in metres
    assert "5 junctions, 6 edges" in result.stdout
    again = cli("roads", "import", str(extract), "--catalog", catalog, "--out", str(out))
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = cli(
        "roads", "import", str(extract), "--catalog", catalog, "--out", str(out), "--force"
    )
    assert forced.exit_code == 0
    route = cli(
        "route", "town", "tea-hill", "--catalog", catalog, "--roads", str(out), "--format", "json"
    )
    assert route.exit_code == 0, route.output
    roads = [leg["road"] for leg in json.loads(route.stdout)["legs"]]
    assert roads == ["local access road", "QL3 (Đường Cách Mạng)", "ĐT 267", "local access road"]
    matrix = cli("matrix", "--catalog", catalog, "--roads", str(out), "--format", "json")
    assert matrix.exit_code == 0
    assert json.loads(matrix.stdout)["ids"] == ["town", "tea-hill", "north-market", "temple"]


def test_roads_import_refuses_far_sites_and_bad_files(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "x.graph"
    extract = DATA / "valley.osm"
    far = cli(
        "roads", "import", str(extract), "--out", str(out)
    )  # the test region: far from the extract
    assert far.exit_code == 2
    assert "site 'khe-coc': location: the nearest road in the extract is" in far.stderr
    assert not out.exists()
    bad = tmp_path / "bad.osm"
    bad.write_text("<osm><way></osm>", encoding="utf-8")
    result = cli(
        "roads", "import", str(bad), "--catalog", str(DATA / "valley.yaml"), "--out", str(out)
    )
    assert result.exit_code == 2
    assert "not a readable OpenStreetMap file" in result.stderr
    assert "Traceback" not in result.output
    junk = tmp_path / "junk.graph"
    junk.write_text("junk", encoding="utf-8")
    route = cli(
        "route", "town", "temple", "--catalog", str(DATA / "valley.yaml"), "--roads", str(junk)
    )
    assert route.exit_code == 2 and "not a teatrip road graph" in route.stderr
    snap = cli("roads", "import", str(extract), "--out", str(out), "--max-snap", "far")
    assert snap.exit_code == 2 and "2km or 500m" in snap.stderr


def test_roads_import_without_pyosmium(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "osmium", None)
    result = cli(
        "roads",
        "import",
        str(DATA / "valley.osm"),
        "--catalog",
        str(DATA / "valley.yaml"),
        "--out",
        str(tmp_path / "x.graph"),
    )
    assert result.exit_code == 2
    assert "install teatrip[osm]" in result.stderr


def test_help_lists_the_commands(cli: Cli) -> None:
    result = cli("--help")
    assert result.exit_code == 0
    for name in ("route", "matrix", "roads"):
        assert name in result.stdout
    assert "import" in cli("roads", "--help").stdout


def test_road_through_an_unknown_id_is_a_located_error(cli: Cli, tmp_path: Path) -> None:
    text = (DATA / "valley.yaml").read_text("utf-8")
    path = tmp_path / "ghost.yaml"
    path.write_text(
        text.replace("via: [junction, tea-hill]", "via: [junction, ghost-hill]"), "utf-8"
    )
    line = next(
        i for i, t in enumerate(path.read_text("utf-8").splitlines(), 1) if "ghost-hill" in t
    )
    for command in (["route", "town", "tea-hill"], ["matrix"]):
        result = cli(*command, "--catalog", str(path))
        assert result.exit_code == 2
        assert f"{path}:{line}: road 'ĐT 267': via:" in result.stderr
        assert "ghost-hill" in result.stderr and "Traceback" not in result.output
