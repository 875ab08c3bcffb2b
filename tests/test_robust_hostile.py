"""Hostile catalog text through every command and every export, end to end.

A catalog is written by someone else. Its region, site and event names, descriptions and tags
here hold rich markup, a hyperlink, HTML, quotes, an RTL override, a zero-width joiner, a
spreadsheet formula and a 10,000-character name. Each command must finish (exit 0, no traceback,
no rich ``MarkupError``); the terminal must show the markup as text (no OSC-8 hyperlink, no RTL
override); HTML, KML and GPX must escape the ``<script>``; CSV must defuse the formula.
(tests/test_robust_terminal.py covers control characters in listings; the export tests cover a
hostile itinerary built in code; this runs the whole chain from a catalog file.)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from tests.helpers.catalogs import tea_region, write_catalog

Invoke = Callable[..., Result]

MARKUP = "[/] [bold]x [link=file:///etc/passwd]x[/link]"
HTML = "<script>alert(1)</script>"
HOSTILE = f"{MARKUP} {HTML} \"q\" 'q' \u202erev zw\u200dj"
FORMULA = '=HYPERLINK("http://x")'
LONG = "Đồi chè " * 1249 + "Đồi chè!"  # 10,000 characters
START = ("--start", "2024-12-05", "--days", "2", "--from", "thai-nguyen-centre")
PLAN = ("plan", *START, "--must", "tan-cuong,vo-nguyen-giap-square")


def _hostile_region() -> dict[str, Any]:
    doc = tea_region()
    doc["region"]["name"] = "Region " + HOSTILE
    sites = {entry["id"]: entry for entry in doc["sites"]}
    tea = sites["tan-cuong"]
    tea["name"] = "Tân Cương " + HOSTILE
    tea["name_en"] = FORMULA + " " + HOSTILE
    tea["description"] = "About " + HOSTILE
    tea["tags"] = [*tea["tags"], "[/]", "<script>", "x\u202ey"]
    sites["thai-nguyen-centre"]["name"] = LONG
    for entry in doc["events"]:
        entry["name"] = "Hội " + HOSTILE
        entry["name_en"] = "@SUM(1) " + HOSTILE
    return doc


@pytest.fixture(scope="module")
def hostile_catalog(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_catalog(tmp_path_factory.mktemp("hostile") / "hostile.yaml", _hostile_region())


@pytest.fixture
def run(cli: Invoke, hostile_catalog: Path) -> Invoke:
    def invoke(*args: str) -> Result:
        result = cli(*args, env={"TEATRIP_CATALOG": str(hostile_catalog)})
        assert result.exit_code == 0, (args, result.output)
        out = result.output
        assert "Traceback" not in out and "MarkupError" not in out
        assert "\x1b]8;" not in out, f"{args}: a hyperlink escape reached the terminal"
        assert "\u202e" not in out, f"{args}: an RTL override reached the terminal"
        return result

    return invoke


@pytest.fixture
def trip(run: Invoke, tmp_path: Path) -> Path:
    path = tmp_path / "trip.json"
    run(*PLAN, "--save", str(path), "--format", "json")
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("sites", "list"),
        ("sites", "show", "tan-cuong", "--from", "2024-12-05"),
        ("route", "thai-nguyen-centre", "tan-cuong"),
        PLAN,
    ],
)
def test_tables_show_the_markup_as_text(run: Invoke, args: tuple[str, ...]) -> None:
    out = run(*args).stdout
    assert "[link=" in out and "[/]" in out and "<script>" in out


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("sites", "list", "--format", "json"),
        ("sites", "list", "--format", "csv"),
        ("sites", "list", "--tag", "[/]"),
        ("route", "thai-nguyen-centre", "tan-cuong", "--format", "json"),
        ("matrix",),
        ("matrix", "--format", "csv"),
        ("matrix", "--format", "json"),
        (*PLAN, "--format", "json"),
    ],
)
def test_every_command_finishes_safely(run: Invoke, args: tuple[str, ...]) -> None:
    run(*args)


def test_json_keeps_the_text_exactly(run: Invoke) -> None:
    sites = json.loads(run("sites", "list", "--format", "json").stdout)
    names = {site["id"]: site["name"] for site in sites}
    assert names["tan-cuong"] == "Tân Cương " + HOSTILE  # escaped as \u202e, not lost
    assert names["thai-nguyen-centre"] == LONG


def test_sites_csv_defuses_formulas(run: Invoke) -> None:
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO(run("sites", "list", "--format", "csv").stdout)))
    tea = next(row for row in rows if row["id"] == "tan-cuong")
    assert tea["name_en"].startswith("'" + FORMULA)


def test_show_and_every_export_of_the_trip(run: Invoke, trip: Path, tmp_path: Path) -> None:
    shown = run("show", str(trip)).stdout
    assert "[link=" in shown and "<script>" in shown
    bundle = tmp_path / "bundle"
    run("export", str(trip), "--to", "all", "--output", str(bundle))
    for fmt in ("ics", "gpx", "kml", "geojson", "csv", "md", "html"):
        single = tmp_path / f"single.{fmt}"
        run("export", str(trip), "--to", fmt, "--output", str(single))
        assert single.read_bytes() == (bundle / f"trip.{fmt}").read_bytes()
    _assert_markup_escaped(bundle)


def _assert_markup_escaped(bundle: Path) -> None:
    import csv
    import io

    import lxml.etree
    import lxml.html

    page = lxml.html.fromstring((bundle / "trip.html").read_bytes())
    scripts = page.xpath("//script")
    assert all("alert(1)" not in (script.text or "") for script in scripts)
    assert HTML in page.text_content()  # shown as text
    for fmt in ("gpx", "kml"):
        tree = lxml.etree.fromstring((bundle / f"trip.{fmt}").read_bytes())
        assert not tree.xpath("//*[local-name()='script']")
        assert any(HTML in (node.text or "") for node in tree.iter())
    rows = list(csv.reader(io.StringIO((bundle / "trip.csv").read_text(encoding="utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "@")]
    assert any(cell.startswith("'" + FORMULA) for cell in cells)
