"""Issue 11, roads: sourced road distances live in the catalog, the graph is fitted to them, and
``teatrip validate`` reports each one next to the routed figure."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest

from teatrip.catalog import load_catalog, validate_catalog
from teatrip.models import Catalog, Mode
from teatrip.roads import build_graph, leg_check_problems, measured_leg_checks, shortest_route
from tests.helpers.catalogs import document, lodging, road, site, write_catalog
from tests.helpers.env import require_shared

# A straight road of three points about 10 km apart; the sources say the ends are 30 km apart.
CENTRE = (21.60, 105.85)
MIDDLE = (21.60, 105.75)
FAR = (21.60, 105.65)


def _line_catalog(
    tmp_path: Path, measured: list[dict[str, Any]], *, km: float | None = None
) -> Catalog:
    doc = document(
        [
            lodging("centre", *CENTRE),
            site("middle", *MIDDLE),
            site("far", *FAR),
        ],
        [road("ĐT 1", "provincial", "centre", "middle", "far", km=km)],
    )
    doc["measured_legs"] = measured
    return load_catalog(write_catalog(tmp_path / "line.yaml", doc))


def _leg(a: str, b: str, **fields: Any) -> dict[str, Any]:
    return {"from": a, "to": b, "source": "https://example.org/distances", **fields}


def test_the_graph_is_fitted_to_a_sourced_distance(tmp_path: Path) -> None:
    catalog = _line_catalog(tmp_path, [_leg("centre", "far", km=[29, 31])])
    route = shortest_route(catalog, "centre", "far", Mode.CAR)
    assert 29_000 * 0.97 <= route.distance_m <= 31_000 * 1.03
    # The middle of the road keeps its share: both edges were scaled alike.
    half = shortest_route(catalog, "centre", "middle", Mode.CAR).distance_m
    assert half == pytest.approx(route.distance_m / 2, rel=0.02)
    (check,) = measured_leg_checks(catalog)
    assert check.within


def test_a_sourced_drive_time_is_fitted_by_its_mode(tmp_path: Path) -> None:
    catalog = _line_catalog(tmp_path, [_leg("centre", "middle", minutes=40, mode="car")])
    (check,) = measured_leg_checks(catalog)
    assert check.mode is Mode.CAR
    assert check.duration_s / 60 == pytest.approx(40, rel=0.03)


def test_a_road_with_a_sourced_length_is_never_refitted(tmp_path: Path) -> None:
    catalog = _line_catalog(tmp_path, [_leg("centre", "far", km=60)], km=25)
    graph = build_graph(catalog)
    assert int(graph.length_m.sum()) == 25_000
    measured = shortest_route(graph, "centre", "far", Mode.CAR)
    assert measured.estimated_s == 0 and measured.duration_span is None  # no range to show
    assert "duration_low_s" not in measured.to_dict()
    (check,) = measured_leg_checks(catalog, graph)
    assert not check.within
    (problem,) = leg_check_problems(catalog.path, [check])
    assert problem.severity == "warning"
    assert "centre -> far" in str(problem) and "outside the stated figures" in str(problem)


def test_two_sites_sharing_a_point_get_their_sourced_time(tmp_path: Path) -> None:
    doc = document(
        [lodging("centre", *CENTRE), site("a", *MIDDLE), site("b", *MIDDLE)],
        [road("ĐT 1", "provincial", "centre", "a")],
    )
    doc["measured_legs"] = [_leg("a", "b", minutes=30, mode="car")]
    catalog = load_catalog(write_catalog(tmp_path / "shared.yaml", doc))
    (check,) = measured_leg_checks(catalog)
    assert check.within, check


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (_leg("centre", "nowhere", km=3), "unknown site id 'nowhere'"),
        (_leg("centre", "centre", km=3), "two different sites"),
        (_leg("centre", "far", km=[9, 3]), "[low, high]"),
        (_leg("centre", "far", minutes=20), "needs the `mode`"),
        (_leg("centre", "far"), "give the stated distance"),
        ({"from": "centre", "to": "far", "km": 3}, "source"),
        (_leg("centre", "far", km=3, speed=4), "speed"),
    ],
)
def test_bad_measured_legs_are_reported(
    tmp_path: Path, entry: dict[str, Any], message: str
) -> None:
    doc = document(
        [lodging("centre", *CENTRE), site("far", *FAR)], [road("r", "local", "centre", "far")]
    )
    doc["measured_legs"] = [entry]
    result = validate_catalog(write_catalog(tmp_path / "bad.yaml", doc))
    assert result.catalog is None
    assert any(message in str(p) and "measured leg #1" in str(p) for p in result.errors), (
        result.errors
    )


def _csv_rows() -> list[dict[str, str]]:
    path = require_shared("facts", "road-distances.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _figure(text: str) -> float | None:
    return float(text) if text.strip() else None


@pytest.mark.data
def test_every_sourced_pair_is_in_the_catalog_and_routed_within_ten_percent(
    shipped: Catalog,
) -> None:
    rows = _csv_rows()
    checks = {(c.leg.from_site, c.leg.to_site): c for c in measured_leg_checks(shipped)}
    assert len(checks) == len(rows)
    for row in rows:
        check = checks[(row["from_site"], row["to_site"])]
        leg = check.leg
        assert (leg.km_low, leg.km_high) == (_figure(row["km_low"]), _figure(row["km_high"]))
        minutes = _figure(row["minutes"])
        assert leg.minutes == (None if minutes is None else int(minutes))
        assert (leg.mode.value if leg.mode else "any") == row["mode"]
        if leg.km_low is not None and leg.km_high is not None:
            assert leg.km_low * 0.9 <= check.distance_m / 1000 <= leg.km_high * 1.1, row
        if leg.minutes is not None:
            assert abs(check.duration_s / 60 - leg.minutes) <= leg.minutes * 0.1, row
        assert check.within


@pytest.mark.data
def test_validate_lists_each_sourced_pair_with_the_routed_figure(
    shipped_cli: Any, shipped: Catalog
) -> None:
    result = shipped_cli("validate")
    assert result.exit_code == 0, result.output
    for leg in shipped.measured_legs:
        line = next(
            x for x in result.output.splitlines() if f"{leg.from_site} -> {leg.to_site}:" in x
        )
        assert "routed" in line and line.endswith(": ok"), line
    assert "OUTSIDE" not in result.output


@pytest.mark.data
def test_the_catalog_header_cites_public_sources_only() -> None:
    from tests.helpers.env import SHIPPED_CATALOG

    header = SHIPPED_CATALOG.read_text(encoding="utf-8").split("\nversion:")[0]
    assert "/work/" not in header and "shared/facts" not in header
    assert "https://" in header
