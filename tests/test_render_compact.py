"""Terminal views for people: the compact plan fits the console's width in few lines, never cuts
a name, a time or a road mid-word, and words travel, fees and events one way; the travel matrix
reads at 80 columns; source URLs print whole."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rich.cells import cell_len

from teatrip.formatting import (
    count_of,
    event_name,
    fees,
    place_name,
    stop_notes,
    travelling,
    what_to_do,
)
from teatrip.models import Catalog, Itinerary, Mode, StopKind
from teatrip.render import stdout_console
from teatrip.render.plan import render_itinerary
from teatrip.render.sites import site_detail
from tests.conftest import Invoke
from tests.helpers.trips import sample_itinerary


def _show(capsys: pytest.CaptureFixture[str], it: Itinerary, width: int, **kw: bool) -> str:
    render_itinerary(stdout_console(width), it, **kw)
    return capsys.readouterr().out


def _days(text: str) -> list[list[str]]:
    days: list[list[str]] = []
    for line in text.splitlines():
        if line.startswith("Day "):
            days.append([])
        elif line.startswith("Whole trip"):
            break
        if days:
            days[-1].append(line)
    return days


@pytest.mark.parametrize("width", [80, 40])
def test_fits_the_width_in_few_lines(capsys: pytest.CaptureFixture[str], width: int) -> None:
    trip = sample_itinerary()
    text = _show(capsys, trip, width)
    assert all(cell_len(line) <= width for line in text.splitlines())
    days = _days(text)
    assert len(days) == len(trip.days)
    assert all(len(day) < (30 if width == 80 else 60) for day in days), [len(d) for d in days]
    flat = " ".join(text.split())  # wrapping only ever breaks at spaces
    for day in trip.days:
        for stop in day.stops:
            assert place_name(stop.name, stop.name_en) in flat  # English names in English
            assert f"{stop.depart:%H:%M}" in flat or f"{stop.arrive:%H:%M}" in flat
        for leg in day.legs:
            for stretch in leg.roads:
                assert stretch.road in flat


def test_words_follow_the_mode_and_never_call_unknown_free(
    capsys: pytest.CaptureFixture[str],
) -> None:
    trip = sample_itinerary()
    text = _show(capsys, trip, 80)
    assert "riding" in text and "driving" not in text
    assert "fees 20,000 ₫ + 2 sites' fees unknown" in text
    assert "sites' fees unknown)" not in text and " 0 ₫" not in text
    assert "Lễ hội Trà Thái Nguyên 2024" in text and "tea-festival-2024" not in text
    assert "Lunch" in text and "Left out: 3 sites (--detail says why)" in text
    walking = dataclasses.replace(trip, request=dataclasses.replace(trip.request, mode=Mode.WALK))
    text = _show(capsys, walking, 80)
    assert "walking" in text and "riding" not in text and "driving" not in text


def test_detail_shows_every_note_and_the_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    trip = sample_itinerary()
    compact = _show(capsys, trip, 120)
    detail = _show(capsys, trip, 120, detail=True)
    assert "Hours unknown: call ahead" in detail and "Hours unknown: call ahead" not in compact
    assert "avoided on request" in detail
    narrow = _show(capsys, trip, 40, detail=True)  # no column vanishes: there are none
    assert all(cell_len(line) <= 40 for line in narrow.splitlines())
    flat = " ".join(narrow.split())
    visits = [s for d in trip.days for s in d.stops if s.kind in (StopKind.VISIT, StopKind.EVENT)]
    assert all(" ".join(what_to_do(stop).split()) in flat for stop in visits)


def test_matrix_table_fits_80_columns_with_a_legend(cli: Invoke) -> None:
    result = cli("matrix", "--format", "table", "--metric", "both", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(cell_len(line) <= 80 for line in lines)
    assert "…" not in result.stdout  # no header cut to "tan…"
    legend = " ".join(lines[1 : lines.index("")])
    ids = [entry.split("=", 1)[1] for entry in legend.split()]
    assert len(ids) == len(set(ids)) > 5 and all(ids)
    assert any(line.startswith("minutes from") for line in lines)
    assert any(line.startswith("km from") for line in lines)
    rows = [line.split() for line in lines if line[:2].strip().isdigit()]
    assert all(len(row) > 1 and all(cell for cell in row[1:]) for row in rows)  # no empty cells


def test_site_sources_are_printed_whole(
    capsys: pytest.CaptureFixture[str], region: Catalog
) -> None:
    url = "https://example.org/a/very/long/path/that/a/narrow/terminal/would/fold?id=1234567890"
    site = dataclasses.replace(region.sites[0], sources=(url,))
    site_detail(stdout_console(40), site, [], [], [])
    assert any(url in line for line in capsys.readouterr().out.splitlines())  # whole, one line


def test_vocabulary() -> None:
    """The wording helpers every output uses."""
    assert fees([20_000, None]) == "20,000 ₫ + 1 site's fee unknown"
    assert fees([20_000, None, None]) == "20,000 ₫ + 2 sites' fees unknown"
    assert fees([None]) == "unknown (1 site)" and fees([0, 0]) == "free" and fees([]) == "none"
    assert [travelling(m) for m in Mode] == ["driving", "riding", "cycling", "walking"]
    assert count_of(1, "site") == "1 site" and count_of(3, "day") == "3 days"
    stop = sample_itinerary().days[0].stops[1]
    festival = dataclasses.replace(
        stop,
        activity="2nd edition: 200 booths. The source does NOT state the venue (x); it is put "
        "at the square. A cave (~45 min climb; another source says ~1,200 steps) by a stream.",
        notes=("event: Festival OCOP 2024", "the source does not name the venue: confirm it"),
        event="ocop-festival-2024",
    )
    assert what_to_do(festival) == "2nd edition: 200 booths. A cave (~45 min climb) by a stream."
    assert event_name(festival) == "Festival OCOP 2024"
    assert stop_notes(festival) == ["venue not confirmed by the source: check where it is held"]


def test_cli_detail_flag(cli: Invoke, tmp_path: Path) -> None:
    trip = tmp_path / "trip.json"
    compact = cli("plan", "--start", "2024-12-05", "--days", "2", "--save", str(trip))
    assert compact.exit_code == 0, compact.output
    assert "--detail says why" in compact.stdout
    detail = cli("show", str(trip), "--detail")
    assert detail.exit_code == 0, detail.output
    assert "Left out (" in detail.stdout and "--detail says why" not in detail.stdout
    assert len(detail.stdout.splitlines()) > len(compact.stdout.splitlines())
    planned = cli("plan", "--start", "2024-12-05", "--detail")
    assert planned.exit_code == 0 and "Left out (" in planned.stdout


def test_the_made_up_road_names_are_the_road_graph_s() -> None:
    from teatrip.network import ACCESS_ROAD_NAME, NEARBY_ROAD_NAME
    from teatrip.render import MADE_UP_ROADS

    assert MADE_UP_ROADS == (ACCESS_ROAD_NAME, NEARBY_ROAD_NAME)
