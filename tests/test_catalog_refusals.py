"""A catalog that validates can be planned: values the planner cannot use are refused, located.

Issue 15: each of these once validated (or crashed the validator) and then hung, misled or broke
the planner. Each must now give exactly one error line ``FILE:LINE: WHO: FIELD: why``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from teatrip.catalog import load_catalog, validate_catalog
from teatrip.lookup import find_site
from tests.helpers.catalogs import edited_catalog, the_one_located_error

# Line numbers matter: the expectations below name them.
BASE = """\
version: 1
region:
  name: Valley
  timezone: Asia/Ho_Chi_Minh
  centre: {lat: 21.55, lon: 105.80}
sites:
  - id: tea
    name: Đồi chè
    name_en: Tea hill
    kind: tea-area
    location: {lat: 21.52, lon: 105.79, precision: estimated, source: test}
    visit: 60
    hours: {status: estimated, daily: ["07:00-17:00"], closed: ["2025-01-01"]}
    score: 5
    fee: {adult_vnd: 20000}
  - id: inn
    name: Nhà nghỉ
    name_en: Inn
    kind: lodging
    location: {lat: 21.56, lon: 105.81, precision: estimated, source: test}
    visit: 0
    hours: {status: estimated, daily: ["00:00-24:00"]}
    score: 0
waypoints:
  - id: junction
    name: Ngã ba
    location: {lat: 21.54, lon: 105.80, precision: estimated, source: test}
roads:
  - {name: ĐT 1, class: local, via: [inn, junction, tea]}
events:
  - id: fair
    name: Hội chè
    site: tea
    dates: ["2025-03-01..2025-03-02"]
    score_bonus: 2
"""

HUGE = "9" * 5000  # more digits than Python converts from text by default (4,300)


def catalog_file(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    return edited_catalog(tmp_path, BASE, *replacements)


def test_the_base_catalog_is_valid(tmp_path: Path) -> None:
    assert validate_catalog(catalog_file(tmp_path)).problems == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # A negative bonus becomes a negative profit in the solver.
        (
            "score_bonus: 2",
            "score_bonus: -3",
            r":35: event 'fair': score_bonus: -3 is out of range \(0 to 10\)$",
        ),
        # Speeds near zero overflowed 64-bit edge times and hung the planner.
        *(
            (
                "  centre: {lat: 21.55, lon: 105.80}",
                f"  centre: {{lat: 21.55, lon: 105.80}}\n  speeds: {{car: {{local: {speed}}}}}",
                rf":6: region: speeds\.car\.local: {message}$",
            )
            for speed, message in [
                (
                    "1.0e-9",
                    r"1e-09 km/h is too slow to plan with: give at least 1 km/h, or 0 to close the class to this mode",
                ),
                ("0.5", r"0\.5 km/h is too slow to plan with.*"),
                ("1.0e-300", r"1e-300 km/h is too slow.*"),
                ("1e-300", r"must be a number, got text '1e-300'"),
                ("5e-324", r"must be a number, got text '5e-324'"),
                (".inf", r"inf is out of range \(0 to 200\)"),
                ("500", r"500 is out of range \(0 to 200\)"),
                ("-40", r"-40 is out of range \(0 to 200\)"),
            ]
        ),
        *(
            (
                "  centre: {lat: 21.55, lon: 105.80}",
                f"  centre: {{lat: 21.55, lon: 105.80}}\n  winding: {{local: {factor}}}",
                rf":6: region: winding\.local: {message}$",
            )
            for factor, message in [
                ("1.0e-9", r"1e-09 is out of range \(1 to 5\)"),
                ("1.0e-300", r"1e-300 is out of range \(1 to 5\)"),
                (".inf", r"inf is out of range \(1 to 5\)"),
                ("0", r"0 is out of range \(1 to 5\)"),
            ]
        ),
        # A road that goes from a place to the same place.
        (
            "via: [inn, junction, tea]",
            "via: [inn, junction, junction, tea]",
            r":29: road 'ĐT 1': via: 'junction' follows itself: a road cannot lead from a place to the same place$",
        ),
        (
            "via: [inn, junction, tea]",
            "via: [tea, tea]",
            r":29: road 'ĐT 1': via: 'tea' follows itself",
        ),
        # Time-zone names are checked for shape before the zone database opens a file of that name.
        (
            "timezone: Asia/Ho_Chi_Minh",
            f"timezone: {'A' * 5000}",
            r":4: region: timezone: unknown time zone 'A{40}'… \(5,000 characters\) \(e\.g\. Asia/Ho_Chi_Minh\)$",
        ),
        (
            "timezone: Asia/Ho_Chi_Minh",
            "timezone: Asia",
            r":4: region: timezone: unknown time zone 'Asia'",
        ),
        (
            "timezone: Asia/Ho_Chi_Minh",
            "timezone: ../../../etc/passwd",
            r":4: region: timezone: unknown time zone '\.\./\.\./\.\./etc/passwd'",
        ),
        (
            "timezone: Asia/Ho_Chi_Minh",
            "timezone: Asia/Ho Chi Minh",
            r":4: region: timezone: unknown time zone 'Asia/Ho Chi Minh'",
        ),
        # Numbers too long to convert, or to show.
        (
            "fee: {adult_vnd: 20000}",
            f"fee: {{adult_vnd: {HUGE}}}",
            r":15: site 'tea': fee\.adult_vnd: a 5,000-digit number is out of range \(0 to 1e\+08\)$",
        ),
        (
            "    score: 5",
            f"    score: {HUGE}",
            r":14: site 'tea': score: a 5,000-digit number is out of range \(0 to 10\)$",
        ),
        (
            "    visit: 60",
            f"    visit: -{'9' * 4000}",
            r":12: site 'tea': visit: a 4,000-digit number is out of range \(0 to 1440\)$",
        ),
        (
            "score_bonus: 2",
            f"score_bonus: {HUGE}",
            r":35: event 'fair': score_bonus: a 5,000-digit number is out of range \(0 to 10\)$",
        ),
        (
            "lat: 21.52,",
            f"lat: {HUGE},",
            r":11: site 'tea': location\.lat: a 5,000-digit number is out of range \(-90 to 90\)$",
        ),
        # Dates outside the span the lunar calendar is exact for.
        (
            '"2025-01-01"',
            '"2101-01-01"',
            r":13: site 'tea': hours\.closed: 2101-01-01 is outside the dates teatrip supports \(1900-01-01 to 2100-12-31\)$",
        ),
        (
            '"2025-03-01..2025-03-02"',
            '"1899-12-31..2025-03-02"',
            r":34: event 'fair': dates: 1899-12-31 is outside the dates teatrip supports",
        ),
        (
            '"2025-03-01..2025-03-02"',
            '"0001-01-01"',
            r":34: event 'fair': dates: 0001-01-01 is outside the dates teatrip supports",
        ),
    ],
)
def test_unplannable_values_are_refused_with_one_located_line(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    error = the_one_located_error(catalog_file(tmp_path, (old, new)))
    assert re.search(expected, error), error
    assert len(error) < 250, "one readable line, even for a 5,000-character value"


def test_ids_that_read_the_same_when_typed_are_refused(tmp_path: Path) -> None:
    # "tea" and "te-a" both validated, and every query for "te-a" found "tea".
    path = catalog_file(tmp_path, ("  - id: inn", "  - id: te-a"), ("via: [inn,", "via: [te-a,"))
    assert [str(p) for p in validate_catalog(path).errors] == [
        f"{path}:16: site 'te-a': id: reads the same as 'tea' (line 7) when typed: "
        "site names are matched ignoring case, accents, spaces and hyphens"
    ]


def test_a_nan_speed_is_refused_at_its_line(tmp_path: Path) -> None:
    # The YAML reader refuses NaN before any section is read, so the line has no field name.
    path = catalog_file(
        tmp_path,
        (
            "  centre: {lat: 21.55, lon: 105.80}",
            "  centre: {lat: 21.55, lon: 105.80}\n  speeds: {car: {local: .nan}}",
        ),
    )
    assert [str(p) for p in validate_catalog(path).errors] == [
        f"{path}:6: NaN is not a number teatrip can use"
    ]


def test_a_speed_of_zero_still_closes_a_class(tmp_path: Path) -> None:
    path = catalog_file(
        tmp_path,
        (
            "  centre: {lat: 21.55, lon: 105.80}",
            "  centre: {lat: 21.55, lon: 105.80}\n  speeds: {walk: {local: 0}, car: {local: 1}}",
        ),
    )
    region = load_catalog(path).region
    assert region.speeds == {"walk": {"local": 0.0}, "car": {"local": 1.0}}


def test_dates_at_the_edges_of_the_supported_span_are_kept(tmp_path: Path) -> None:
    path = catalog_file(tmp_path, ('"2025-01-01"', '"1900-01-01..2100-12-31"'))
    closed = load_catalog(path).site("tea").hours.closed
    assert [(str(r.start), str(r.end)) for r in closed] == [("1900-01-01", "2100-12-31")]


def test_ids_that_differ_in_letters_may_look_alike(tmp_path: Path) -> None:
    # "tea" and "teas" differ after folding: both stay, and each is found by its own id.
    path = catalog_file(tmp_path, ("  - id: inn", "  - id: teas"), ("via: [inn,", "via: [teas,"))
    catalog = load_catalog(path)
    assert find_site(catalog, "teas").id == "teas" and find_site(catalog, "tea").id == "tea"
