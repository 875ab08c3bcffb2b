"""`teatrip export` through Typer's runner: outputs, stdout, --force, --bom and exit codes."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from teatrip.cli import app
from teatrip.export import export_itinerary
from teatrip.itinerary_io import save_itinerary
from teatrip.models import Itinerary

runner = CliRunner()


@pytest.fixture
def saved(trip: Itinerary, tmp_path: Path) -> Path:
    path = tmp_path / "hanoi.json"
    save_itinerary(trip, path)
    return path


def test_default_output_beside_the_trip(saved: Path, trip: Itinerary) -> None:
    result = runner.invoke(app, ["export", str(saved), "--to", "ics"])
    assert result.exit_code == 0, result.output
    out = saved.with_suffix(".ics")
    assert out.read_bytes() == export_itinerary(trip, "ics")
    again = runner.invoke(app, ["export", str(saved), "--to", "ics"])
    assert again.exit_code == 2
    assert "hanoi.ics exists; use --force to overwrite" in again.output
    forced = runner.invoke(app, ["export", str(saved), "--to", "ics", "--force"])
    assert forced.exit_code == 0


def test_stdout_and_explicit_file(saved: Path, trip: Itinerary, tmp_path: Path) -> None:
    result = runner.invoke(app, ["export", str(saved), "--to", "geojson", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes == export_itinerary(trip, "geojson")
    target = tmp_path / "sheet.html"
    result = runner.invoke(app, ["export", str(saved), "-t", "html", "-o", str(target)])
    assert result.exit_code == 0
    assert target.read_bytes() == export_itinerary(trip, "html")


def test_bom(saved: Path) -> None:
    result = runner.invoke(app, ["export", str(saved), "--to", "csv", "--bom", "-o", "-"])
    assert result.exit_code == 0
    assert result.stdout_bytes.startswith(b"\xef\xbb\xbfday,")
    bad = runner.invoke(app, ["export", str(saved), "--to", "gpx", "--bom"])
    assert bad.exit_code == 2 and "--bom only applies to --to csv" in bad.output


def test_all_into_directory(saved: Path) -> None:
    result = runner.invoke(app, ["export", str(saved), "--to", "all"])
    assert result.exit_code == 0, result.output
    out = saved.with_name("hanoi-export")
    assert sorted(p.name for p in out.iterdir()) == sorted(
        f"hanoi.{ext}" for ext in ("json", "ics", "gpx", "kml", "geojson", "csv", "md", "html")
    )


def test_bad_inputs(tmp_path: Path, saved: Path) -> None:
    missing = runner.invoke(app, ["export", str(tmp_path / "nope.json"), "--to", "ics"])
    assert missing.exit_code == 2 and "nope.json: no such file" in missing.output
    foreign = tmp_path / "foreign.json"
    foreign.write_text('{"type": "FeatureCollection"}', encoding="utf-8")
    result = runner.invoke(app, ["export", str(foreign), "--to", "ics"])
    assert result.exit_code == 2 and "not a teatrip itinerary" in result.output
    assert "Traceback" not in result.output
    unknown = runner.invoke(app, ["export", str(saved), "--to", "pdf"])
    assert unknown.exit_code == 2
    over = runner.invoke(app, ["export", str(saved), "--to", "ics", "-o", str(saved)])
    assert over.exit_code == 2


def test_help_lists_formats() -> None:
    result = runner.invoke(app, ["export", "--help"], terminal_width=100)
    assert result.exit_code == 0
    for name in ("ics", "gpx", "kml", "geojson", "csv", "md", "html", "--force", "--bom"):
        assert name in result.output
