"""The road graph and routes: lengths, speeds per mode, access edges, the minimum leg, errors."""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest
from geopy.distance import geodesic

from teatrip.catalog import load_catalog
from teatrip.errors import CatalogError, NoRouteError, SiteNotFoundError
from teatrip.matrix import travel_matrix
from teatrip.models import (
    Catalog,
    HoursStatus,
    Kind,
    Location,
    Mode,
    OpeningHours,
    Precision,
    Region,
    Road,
    RoadClass,
    Site,
    Waypoint,
)
from teatrip.roads import (
    ACCESS_ROAD_NAME,
    DEFAULT_SPEEDS_KMH,
    DEFAULT_WINDING,
    DIRECT_ROAD_NAME,
    NEARBY_ROAD_NAME,
    build_graph,
    check_connectivity,
    min_leg,
    resolve_speeds,
    shortest_route,
)

DATA = Path(__file__).parent / "data" / "roads"


def site(site_id: str, lat: float, lon: float, precision: Precision = Precision.EXACT) -> Site:
    return Site(
        id=site_id,
        name=site_id.title(),
        name_en=site_id.title(),
        kind=Kind.TEA_AREA,
        location=Location(lat, lon, precision, "test"),
        visit_minutes=30,
        visit_estimated=False,
        hours=OpeningHours(HoursStatus.UNKNOWN, ((),) * 7),
        score=5,
        line=10 + len(site_id),
    )


def waypoint(waypoint_id: str, lat: float, lon: float) -> Waypoint:
    return Waypoint(waypoint_id, waypoint_id, Location(lat, lon, Precision.ESTIMATED, "test"))


REGION = Region("Test", "Asia/Ho_Chi_Minh", 21.5, 105.8, 80)


def catalog(
    sites: list[Site],
    roads: list[Road] = (),  # type: ignore[assignment]
    waypoints: list[Waypoint] = (),  # type: ignore[assignment]
    region: Region = REGION,
) -> Catalog:
    return Catalog("test.yaml", 1, region, tuple(sites), tuple(waypoints), tuple(roads))


@pytest.fixture(scope="module")
def valley() -> Catalog:
    return load_catalog(DATA / "valley.yaml")


# --- lengths -----------------------------------------------------------------------------------


def test_edge_length_is_geodesic_times_the_class_winding(valley: Catalog) -> None:
    graph = build_graph(valley)
    junction = valley.waypoints[0].location
    hill = valley.site("tea-hill")
    expected = round(
        geodesic((junction.lat, junction.lon), (hill.lat, hill.lon)).meters
        * DEFAULT_WINDING[RoadClass.PROVINCIAL]
    )
    car = shortest_route(graph, "north-market", "tea-hill", Mode.CAR)
    dt267 = next(s for s in car.stretches if s.road == "ĐT 267")
    assert dt267.distance_m == expected
    assert dt267.road_class == "provincial"


def test_measured_km_is_spread_over_the_chain_and_not_estimated(valley: Catalog) -> None:
    route = shortest_route(valley, "town", "north-market", Mode.MOTORBIKE)
    # QL3 town -> junction -> north-market has km: 5: the two segments add up to exactly 5000 m.
    assert [s.road for s in route.stretches] == ["QL3"]
    assert route.distance_m == 5000
    assert route.estimated is False
    assert route.duration_s == round(5000 * 3.6 / 40)  # one edge per segment, rounded each
    assert route.duration_s == sum(s.duration_s for s in route.stretches)


def test_region_overrides_winding_and_speeds(valley: Catalog) -> None:
    plain = shortest_route(valley, "north-market", "tea-hill", Mode.CAR)
    region = dataclasses.replace(
        valley.region,
        winding={"provincial": 2.0},
        speeds={"car": {"provincial": 20, "national": 100}},
    )
    changed = dataclasses.replace(valley, region=region)
    route = shortest_route(changed, "north-market", "tea-hill", Mode.CAR)
    before = {s.road: s for s in plain.stretches}
    after = {s.road: s for s in route.stretches}
    ratio = after["ĐT 267"].distance_m / before["ĐT 267"].distance_m
    assert ratio == pytest.approx(2.0 / DEFAULT_WINDING[RoadClass.PROVINCIAL], rel=1e-3)
    assert after["ĐT 267"].duration_s == round(after["ĐT 267"].distance_m * 3.6 / 20)
    assert after["QL3"].duration_s < before["QL3"].duration_s  # 100 km/h instead of 50


def test_defaults_are_realistic_and_ban_two_wheelers_from_expressways() -> None:
    assert DEFAULT_SPEEDS_KMH[Mode.CAR][RoadClass.EXPRESSWAY] == 90
    assert DEFAULT_SPEEDS_KMH[Mode.CAR][RoadClass.NATIONAL] == 50
    assert DEFAULT_SPEEDS_KMH[Mode.MOTORBIKE][RoadClass.NATIONAL] == 40
    for mode in (Mode.MOTORBIKE, Mode.BICYCLE, Mode.WALK):
        assert DEFAULT_SPEEDS_KMH[mode][RoadClass.EXPRESSWAY] is None
    speeds = resolve_speeds(dataclasses.replace(REGION, speeds={"walk": {"track": 0}}))
    assert speeds[Mode.WALK][RoadClass.TRACK] is None


# --- modes -------------------------------------------------------------------------------------


def test_slower_modes_take_longer_on_the_same_roads(region: Catalog) -> None:
    graph = build_graph(region)
    times = {mode: shortest_route(graph, "tan-cuong", "khe-coc", mode).duration_s for mode in Mode}
    assert times[Mode.CAR] < times[Mode.MOTORBIKE] < times[Mode.BICYCLE] < times[Mode.WALK]
    walk = shortest_route(graph, "tan-cuong", "khe-coc", Mode.WALK)
    assert walk.duration_s > 4 * 3600  # 30-odd km on foot


def test_only_cars_use_the_expressway(region: Catalog) -> None:
    graph = build_graph(region)
    car = shortest_route(graph, "pho-yen", "thai-nguyen-centre", Mode.CAR)
    assert any(s.road_class == "expressway" for s in car.stretches)
    for mode in (Mode.MOTORBIKE, Mode.BICYCLE, Mode.WALK):
        route = shortest_route(graph, "pho-yen", "thai-nguyen-centre", mode)
        assert all(s.road_class != "expressway" for s in route.stretches), mode
        assert route.duration_s > car.duration_s


def test_a_site_reached_only_by_expressway_has_no_motorbike_route() -> None:
    cat = catalog(
        [site("a", 21.50, 105.80), site("b", 21.60, 105.80)],
        [Road("CT99", RoadClass.EXPRESSWAY, ("a", "b"), line=40)],
    )
    problems = check_connectivity(cat)
    assert [(p.severity, p.where) for p in problems] == [("warning", "site 'b'")]
    assert "motorbike, bicycle, walk" in problems[0].message
    assert shortest_route(cat, "a", "b", Mode.CAR).duration_s > 0
    with pytest.raises(NoRouteError, match="motorbike"):
        shortest_route(cat, "a", "b", Mode.MOTORBIKE)
    matrix = travel_matrix(cat, Mode.MOTORBIKE)
    assert not matrix.reachable[0, 1]
    assert matrix.duration_s[0, 1] == -1 and matrix.distance_m[0, 1] == -1
    assert matrix.duration_s[0, 0] == 0 and matrix.reachable[0, 0]


# --- routes ------------------------------------------------------------------------------------


def test_route_totals_are_the_sums_of_the_stretches(region: Catalog) -> None:
    graph = build_graph(region)
    route = shortest_route(graph, "tan-cuong", "khe-coc", Mode.MOTORBIKE)
    roads = [s.road for s in route.stretches]
    assert roads == ["ĐT 267", "QL3", ACCESS_ROAD_NAME]  # consecutive edges merged per road
    assert len(set(roads)) == len(roads)
    data = route.to_dict()
    assert set(data) == {
        *("from", "to", "mode", "distance_m", "duration_s", "estimated", "legs"),
        *("duration_low_s", "duration_high_s"),  # the likely span of an estimated time
    }
    assert data["duration_low_s"] < data["duration_s"] < data["duration_high_s"]
    assert data["distance_m"] == sum(leg["distance_m"] for leg in data["legs"])
    assert data["duration_s"] == sum(leg["duration_s"] for leg in data["legs"])
    assert data["estimated"] is True  # catalog geometry is estimated
    start, end = region.site("tan-cuong"), region.site("khe-coc")
    assert route.geometry[0] == (start.lat, start.lon)
    assert route.geometry[-1] == (end.lat, end.lon)
    assert len(route.geometry) == 6  # tan-cuong, thai-hai, centre, quan-trieu, vo-tranh, khe-coc


def test_via_goes_through_the_stops_in_order(region: Catalog) -> None:
    graph = build_graph(region)
    direct = shortest_route(graph, "tan-cuong", "khe-coc", Mode.CAR)
    first = shortest_route(graph, "tan-cuong", "den-duom", Mode.CAR)
    second = shortest_route(graph, "den-duom", "khe-coc", Mode.CAR)
    via = shortest_route(graph, "tan-cuong", "khe-coc", Mode.CAR, via=["den-duom"])
    assert via.duration_s == first.duration_s + second.duration_s
    assert via.distance_m == first.distance_m + second.distance_m
    assert via.duration_s > direct.duration_s
    duom = region.site("den-duom")
    assert (duom.lat, duom.lon) in via.geometry


def test_off_road_site_is_joined_by_an_estimated_access_road(valley: Catalog) -> None:
    route = shortest_route(valley, "temple", "town", Mode.CAR)
    assert route.stretches[0].road == ACCESS_ROAD_NAME
    assert route.stretches[0].road_class == "access"
    assert route.estimated is True


def test_unknown_site_id_is_reported(valley: Catalog) -> None:
    with pytest.raises(SiteNotFoundError, match="nowhere"):
        shortest_route(valley, "town", "nowhere", Mode.CAR)


def test_route_to_itself_is_empty(valley: Catalog) -> None:
    route = shortest_route(valley, "town", "town", Mode.WALK)
    assert (route.distance_m, route.duration_s, route.stretches) == (0, 0, ())


# --- the minimum leg ---------------------------------------------------------------------------


def test_sites_sharing_a_point_get_the_minimum_leg() -> None:
    same = (21.52, 105.77)
    cat = catalog(
        [
            site("hill", *same, Precision.COMMUNE),
            site("coop", *same, Precision.COMMUNE),
            site("town", 21.50, 105.80),
        ],
        [Road("QL3", RoadClass.NATIONAL, ("town", "hill"), line=30)],
    )
    graph = build_graph(cat)
    expected_m, expected_s = min_leg(3000, 3000, Mode.MOTORBIKE, graph.speeds)
    assert expected_m == 1200  # (3 km + 3 km) / 5
    route = shortest_route(graph, "coop", "hill", Mode.MOTORBIKE)
    assert route.distance_m == expected_m
    assert route.duration_s == expected_s == round(1200 * 3.6 / 30)
    assert route.estimated
    assert route.stretches[-1].road == NEARBY_ROAD_NAME
    assert route.distance_m == sum(s.distance_m for s in route.stretches)
    matrix = travel_matrix(graph, Mode.MOTORBIKE)
    i, j = matrix.position("coop"), matrix.position("hill")
    assert matrix.duration_s[i, j] == route.duration_s
    assert matrix.distance_m[i, j] == route.distance_m
    assert matrix.estimated[i, j]


def test_minimum_leg_bounds_follow_precision() -> None:
    speeds = resolve_speeds(None)
    assert min_leg(50, 50, Mode.CAR, speeds)[0] == 300
    assert min_leg(5000, 5000, Mode.CAR, speeds)[0] == 2000
    assert min_leg(50, 3000, Mode.CAR, speeds)[0] == 610
    walk, car = min_leg(3000, 3000, Mode.WALK, speeds), min_leg(3000, 3000, Mode.CAR, speeds)
    assert walk[0] == car[0] and walk[1] > car[1]


# --- catalogs without roads, and broken ones ---------------------------------------------------


def test_catalog_without_roads_uses_direct_estimated_legs() -> None:
    cat = load_catalog(DATA / "noroads.yaml")
    assert check_connectivity(cat) == []
    route = shortest_route(cat, "town", "tea-hill", Mode.CAR)
    assert [s.road for s in route.stretches] == [DIRECT_ROAD_NAME]
    town, hill = cat.site("town"), cat.site("tea-hill")
    straight = geodesic((town.lat, town.lon), (hill.lat, hill.lon)).meters
    assert route.distance_m == round(straight * DEFAULT_WINDING[RoadClass.LOCAL])
    assert route.estimated
    # tea-hill and coop share a point: the minimum leg applies.
    near = shortest_route(cat, "tea-hill", "coop", Mode.CAR)
    assert near.distance_m == min_leg(50, 3000, Mode.CAR, resolve_speeds(None))[0]


def test_isolated_site_is_an_error_with_file_and_line() -> None:
    path = DATA / "isolated.yaml"
    cat = load_catalog(path)
    problems = check_connectivity(cat)
    assert len(problems) == 1
    problem = problems[0]
    island = cat.site("island")
    assert problem.severity == "error"
    assert (problem.file, problem.line, problem.where, problem.field) == (
        str(path),
        island.line,
        "site 'island'",
        "location",
    )
    assert "island lane" in problem.message
    assert str(problem).startswith(f"{path}:{island.line}: site 'island': location:")
    with pytest.raises(CatalogError) as error:
        build_graph(cat)
    assert error.value.exit_code == 2
    assert f"{path}:{island.line}" in str(error.value)


def test_off_road_site_nearest_to_a_stranded_road_is_reported() -> None:
    cat = catalog(
        [site("a", 21.50, 105.80), site("b", 21.60, 105.80), site("lost", 22.31, 106.01)],
        [Road("R1", RoadClass.LOCAL, ("a", "b")), Road("R2", RoadClass.LOCAL, ("w1", "w2"))],
        [waypoint("w1", 22.30, 106.00), waypoint("w2", 22.40, 106.00)],
    )
    problems = check_connectivity(cat)
    assert [p.where for p in problems] == ["site 'lost'"]
    assert "'w1'" in problems[0].message and "R2" in problems[0].message


def test_road_through_an_unknown_id_is_caught_defensively() -> None:
    cat = catalog(
        [site("a", 21.50, 105.80), site("b", 21.60, 105.80)],
        [Road("R1", RoadClass.LOCAL, ("a", "ghost", "b"), line=77)],
    )
    problems = check_connectivity(cat)
    assert any(p.line == 77 and "ghost" in p.message and p.where == "road 'R1'" for p in problems)
    with pytest.raises(CatalogError):
        build_graph(cat)


# --- the shipped catalog -----------------------------------------------------------------------


@pytest.mark.data
def test_every_pair_of_shipped_sites_has_a_route_that_matches_the_matrix(
    shipped: Catalog,
) -> None:
    assert [p for p in check_connectivity(shipped) if p.severity == "error"] == []
    graph = build_graph(shipped)
    ids = [s.id for s in shipped.sites]
    for mode in Mode:
        matrix = travel_matrix(graph, mode)
        assert matrix.ids == tuple(ids)
        assert matrix.reachable.all(), mode
        for a, b in itertools.permutations(ids, 2):
            route = shortest_route(graph, a, b, mode)
            i, j = matrix.position(a), matrix.position(b)
            assert route.duration_s == matrix.duration_s[i, j] > 0, (mode, a, b)
            assert route.distance_m == matrix.distance_m[i, j] > 0, (mode, a, b)
            assert route.estimated == matrix.estimated[i, j], (mode, a, b)
