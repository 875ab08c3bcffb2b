"""Loading catalogs: the shipped one is complete and true to its sources; broken ones say why."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest

from teatrip.catalog import default_catalog_path, load_catalog, validate_catalog
from teatrip.errors import CatalogError
from teatrip.models import HoursStatus, Kind, Precision
from tests.helpers.env import require_shared

MINI = Path(__file__).parent / "data" / "mini.yaml"


@pytest.mark.data
def test_shipped_catalog_has_the_region_s_places(shipped) -> None:  # type: ignore[no-untyped-def]
    assert len(shipped.sites) >= 30
    ids = {site.id for site in shipped.sites}
    assert {"tan-cuong", "khe-coc", "trai-cai", "thai-hai", "la-bang", "cau-da"} <= ids
    assert {"museum-ethnic-cultures", "nui-coc-lake", "den-duom", "chua-hang"} <= ids
    assert any(site.kind is Kind.LODGING for site in shipped.sites)
    assert shipped.region.timezone == "Asia/Ho_Chi_Minh"


@pytest.mark.data
def test_every_shipped_site_says_how_precise_its_point_is(shipped) -> None:  # type: ignore[no-untyped-def]
    for site in shipped.sites:
        assert site.location.source, site.id
        assert 20.5 < site.lat < 23.0 and 105.0 < site.lon < 106.5, site.id
        assert site.name and site.name_en and site.commune_2025, site.id
        if site.hours.status is HoursStatus.UNKNOWN:
            assert not any(site.hours.weekly), site.id
    # The facts give no surveyed point for any site: none may claim to be exact.
    assert all(site.location.precision is not Precision.EXACT for site in shipped.sites)


@pytest.mark.data
def test_shipped_coordinates_match_the_sourced_draft(shipped) -> None:  # type: ignore[no-untyped-def]
    with require_shared("facts", "sites_draft.csv").open(encoding="utf-8") as handle:
        draft = {(float(row["lat"]), float(row["lon"])) for row in csv.DictReader(handle)}
    for site in shipped.sites:
        assert (site.lat, site.lon) in draft, f"{site.id}: point not in the sourced draft"


@pytest.mark.data
def test_shipped_events_include_the_2024_ocop_festival(shipped) -> None:  # type: ignore[no-untyped-def]
    festival_days = {
        day
        for event in shipped.events
        for span in event.dates
        for day in (span.start, span.end)
        if "OCOP" in event.name or "OCOP" in event.name_en
    }
    assert dt.date(2024, 12, 5) in festival_days and dt.date(2024, 12, 9) in festival_days
    assert any(event.lunar_from is not None for event in shipped.events)
    assert all(event.sources for event in shipped.events)


def test_default_path_is_the_packaged_file() -> None:
    assert default_catalog_path().name == "hills.yaml"
    assert default_catalog_path().is_file()


def test_mini_catalog_loads_every_field() -> None:
    catalog = load_catalog(MINI)
    tea = catalog.site("tan-cuong")
    assert tea.visit_minutes == 90 and tea.visit_estimated
    assert [str(w) for w in tea.hours.weekly[0]] == ["07:00-11:30", "13:30-17:00"]
    assert tea.hours.weekly[6] == ()  # closed on Sundays
    assert dt.date(2025, 1, 30) in tea.hours.closed[1]
    market = catalog.site("cho-che")
    assert market.hours.lunar_days == frozenset({1, 4, 6, 11, 14, 16, 21, 24, 26})
    assert catalog.roads[0].via == ("hotel", "junction", "tan-cuong")
    assert catalog.events[0].lunar_from is not None and catalog.events[0].score_bonus == 5


def write_variant(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = MINI.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def messages(path: Path) -> list[str]:
    return [str(problem) for problem in validate_catalog(path).problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    visit: 90",
            "    vist: 90",
            r":23: site 'tan-cuong': vist: unknown field \(did you mean 'visit'\?\)",
        ),
        (
            "- id: cho-che",
            "- id: tan-cuong",
            r":34: site 'tan-cuong': id: duplicate id: already used at line 17",
        ),
        (
            '"07:00-11:30", "13:30-17:00"',
            '"17:00-07:00"',
            r"hours.daily: 17:00-07:00 closes \(07:00\) before it opens \(17:00\)",
        ),
        (
            '"07:00-11:30", "13:30-17:00"',
            '"07:00-12:00", "11:00-17:00"',
            r"hours.daily: windows 07:00-12:00 and 11:00-17:00 overlap",
        ),
        (
            '"2024-12-25"',
            '"2025-02-30"',
            r":29: site 'tan-cuong': hours.closed: 2025-02-30 is not a date that exists",
        ),
        (
            "kind: market",
            "kind: markett",
            r"kind: unknown value 'markett'; did you mean 'market'\?",
        ),
        ("lat: 21.52,", "lat: 121.52,", r"location.lat: 121.52 is out of range \(-90 to 90\)"),
        (
            "via: [junction, cho-che]",
            "via: [junction, cho-chee]",
            r"road 'ĐT 261': via: unknown site or waypoint id 'cho-chee' \(did you mean 'cho-che'\?\)",
        ),
        (
            "    site: tan-cuong\n",
            "    site: tan-cuon\n",
            r"event 'spring-festival': site: unknown site id 'tan-cuon'",
        ),
        ("    score: 7\n", "", r"site 'cho-che': score: missing required field"),
        (
            "precision: commune-centroid, source: test fixture}\n    visit: 90",
            "precision: gps, source: test fixture}\n    visit: 90",
            r"location.precision: unknown value 'gps'",
        ),
        (
            "score_bonus: 5",
            "score_bonus: lots",
            r"score_bonus: must be a whole number, got text 'lots'",
        ),
        (
            "timezone: Asia/Ho_Chi_Minh",
            "timezone: Asia/Hanoi_City",
            r"region: timezone: unknown time zone",
        ),
        (
            'lunar: {from: "1-10", to: "1-12"}',
            'lunar: {from: "13-10"}',
            r"lunar.from: '13-10' is not a lunar month-day",
        ),
        ("  - id: hotel", "  - id: Hotel One", r"site 'Hotel One': id: must be a slug"),
    ],
)
def test_each_broken_field_is_named_with_file_and_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    path = write_variant(tmp_path, (old, new))
    found = messages(path)
    assert any(re.search(expected, m) for m in found), found
    assert all(m.startswith(f"{path}:") for m in found), found
    with pytest.raises(CatalogError):
        load_catalog(path)


def test_three_problems_are_reported_at_once(tmp_path: Path) -> None:
    path = write_variant(
        tmp_path,
        ("    visit: 90", "    vist: 90"),
        ("- id: cho-che", "- id: tan-cuong"),
        ('"07:00-11:30", "13:30-17:00"', '"17:00-07:00"'),
    )
    with pytest.raises(CatalogError) as caught:
        load_catalog(path)
    text = str(caught.value)
    assert "vist: unknown field" in text
    assert "duplicate id" in text
    assert "17:00-07:00 closes" in text
    assert len([p for p in caught.value.problems if p.severity == "error"]) >= 3


def test_a_point_far_outside_the_region_is_a_warning_unless_strict(tmp_path: Path) -> None:
    path = write_variant(tmp_path, ("lat: 21.57, lon: 105.71", "lat: 10.77, lon: 106.70"))
    result = validate_catalog(path)
    assert not result.errors
    assert [w.field for w in result.warnings] == ["location"]
    assert "from the region centre" in str(result.warnings[0])
    load_catalog(path)  # a warning alone does not stop loading
    with pytest.raises(CatalogError, match="from the region centre"):
        load_catalog(path, strict=True)


def test_unknown_hours_cannot_pretend_to_have_windows(tmp_path: Path) -> None:
    path = write_variant(
        tmp_path, ("hours: {status: sourced, daily:", "hours: {status: unknown, daily:")
    )
    assert any("use 'estimated' for guessed hours" in m for m in messages(path))


def test_an_empty_sites_list_and_missing_sections(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("version: 1\nsites: []\n", encoding="utf-8")
    found = messages(path)
    assert any("region: missing required field" in m for m in found)
    assert any("sites: must list at least one entry" in m for m in found)


def test_problems_found_later_are_merged_in_file_order() -> None:
    # How `teatrip validate` adds the road check, which lives above the catalog layer.
    from teatrip.errors import Problem

    result = validate_catalog(MINI)
    assert result.catalog is not None and result.problems == []
    warned = result.with_problems(
        [Problem(str(MINI), 40, "site 'x'", "location", "far", "warning")]
    )
    assert warned.catalog is result.catalog and [p.line for p in warned.warnings] == [40]
    failed = warned.with_problems([Problem(str(MINI), 9, "site 'hotel'", "location", "stranded")])
    assert failed.catalog is None
    assert [(p.line, p.severity) for p in failed.problems] == [(9, "error"), (40, "warning")]
