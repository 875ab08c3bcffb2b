"""OSM import: ways, names and classes, contraction, snapping, the graph file and its safety."""

from __future__ import annotations

import dataclasses
import zipfile
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np
import pytest

from teatrip.catalog import load_catalog
from teatrip.errors import BadInputError, CatalogError, OverwriteRefusedError
from teatrip.matrix import travel_matrix
from teatrip.models import Catalog, Mode
from teatrip.osm import (
    GRAPH_VERSION,
    import_osm,
    load_graph,
    read_network,
    save_graph,
)
from teatrip.roads import ACCESS_ROAD_NAME, build_graph, shortest_route
from teatrip.units import parse_distance

DATA = Path(__file__).parent / "data" / "roads"

# A made-up valley (see valley.yaml for its sites): QL3 north through a town (two ways, one
# name), ĐT 267 west to a tea hill, a parallel CT07 motorway, a footpath shortcut, and a service
# road and a private road that are not kept.
NODES = {
    1: (21.5000, 105.8000),
    2: (21.5100, 105.8010),
    3: (21.5200, 105.8020),
    4: (21.5300, 105.8030),
    5: (21.5400, 105.8040),
    6: (21.5210, 105.7900),
    7: (21.5220, 105.7800),
    8: (21.5230, 105.7700),
    9: (21.5050, 105.8100),
    10: (21.5350, 105.8100),
    11: (21.5300, 105.7750),
    12: (21.5500, 105.8200),
}
WAYS: list[tuple[list[int], dict[str, str]]] = [
    ([1, 2, 3], {"highway": "primary", "ref": "QL3", "name": "Đường Cách Mạng"}),
    ([3, 4, 5], {"highway": "primary", "ref": "QL3", "name": "Đường Cách Mạng"}),
    ([3, 6, 7, 8], {"highway": "secondary", "ref": "ĐT 267"}),
    ([1, 9, 10, 5], {"highway": "motorway", "ref": "CT07"}),
    ([5, 11, 8], {"highway": "footway", "name": "Lối mòn đồi chè"}),
    ([2, 9], {"highway": "service"}),
    ([5, 12], {"highway": "residential", "access": "private"}),
]


def osm_xml(
    nodes: dict[int, tuple[float, float]], ways: list[tuple[list[int], dict[str, str]]]
) -> str:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<osm version="0.6" generator="test">']
    for node_id, (lat, lon) in nodes.items():
        lines.append(f'  <node id="{node_id}" version="1" lat="{lat}" lon="{lon}"/>')
    for way_id, (refs, tags) in enumerate(ways, start=100):
        lines.append(f'  <way id="{way_id}" version="1">')
        lines += [f'    <nd ref="{ref}"/>' for ref in refs]
        lines += [f"    <tag k={quoteattr(k)} v={quoteattr(v)}/>" for k, v in tags.items()]
        lines.append("  </way>")
    lines.append("</osm>")
    return "\n".join(lines) + "\n"


@pytest.fixture
def extract(tmp_path: Path) -> Path:
    path = tmp_path / "valley.osm"
    path.write_text(osm_xml(NODES, WAYS), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def valley() -> Catalog:
    return load_catalog(DATA / "valley.yaml")


def test_import_keeps_road_ways_and_contracts_chains(extract: Path, valley: Catalog) -> None:
    result = import_osm(extract, valley)
    network = result.network
    assert result.ways == 5  # the service road and the private road are left out
    assert result.osm_nodes == 11
    snapped = {snap.site: snap for snap in result.snaps}
    assert set(snapped) == {"town", "tea-hill", "north-market", "temple"}
    assert all(snap.distance_m < 150 for snap in snapped.values())
    # Graph nodes: the junctions 1, 3, 5, 8 and node 6, where the temple snaps (it splits
    # ĐT 267); the other inner points became edge geometry.
    assert len(network.lat) == 5
    assert len(network.u) == 6
    assert len(network.geom_lat) + len(network.lat) == 11
    assert set(network.road_names) == {"QL3 (Đường Cách Mạng)", "ĐT 267", "CT07", "Lối mòn đồi chè"}


def test_routes_follow_the_ways_with_their_names(
    extract: Path, valley: Catalog, tmp_path: Path
) -> None:
    out = tmp_path / "valley.graph"
    save_graph(import_osm(extract, valley).network, out)
    graph = build_graph(valley, roads_file=out)
    route = shortest_route(graph, "town", "tea-hill", Mode.MOTORBIKE)
    roads = [s.road for s in route.stretches]
    assert roads == [ACCESS_ROAD_NAME, "QL3 (Đường Cách Mạng)", "ĐT 267", ACCESS_ROAD_NAME]
    ql3 = route.stretches[1]
    assert ql3.road_class == "national"
    assert 2200 < ql3.distance_m < 2300  # nodes 1 -> 2 -> 3: about 2.24 km of real geometry
    assert route.stretches[2].road_class == "provincial"
    # the geometry includes the inner points of the contracted ways (2, 6, 7)
    assert (21.51, 105.801) in route.geometry and (21.522, 105.78) in route.geometry
    assert route.distance_m == sum(s.distance_m for s in route.stretches)


def test_expressway_is_for_cars_and_footpaths_for_walkers(
    extract: Path, valley: Catalog, tmp_path: Path
) -> None:
    out = tmp_path / "valley.graph"
    save_graph(import_osm(extract, valley).network, out)
    graph = build_graph(valley, roads_file=out)
    car = shortest_route(graph, "town", "north-market", Mode.CAR)
    assert "CT07" in [s.road for s in car.stretches]
    assert next(s for s in car.stretches if s.road == "CT07").road_class == "expressway"
    moto = shortest_route(graph, "town", "north-market", Mode.MOTORBIKE)
    assert "CT07" not in [s.road for s in moto.stretches]
    walk = shortest_route(graph, "north-market", "tea-hill", Mode.WALK)
    assert "Lối mòn đồi chè" in [s.road for s in walk.stretches]
    ride = shortest_route(graph, "north-market", "tea-hill", Mode.MOTORBIKE)
    assert "Lối mòn đồi chè" not in [s.road for s in ride.stretches]
    matrix = travel_matrix(graph, Mode.WALK)
    i, j = matrix.position("north-market"), matrix.position("tea-hill")
    assert matrix.duration_s[i, j] == walk.duration_s


@pytest.mark.parametrize("mode", list(Mode))
def test_matrix_routes_on_an_imported_graph_equal_shortest_route(
    extract: Path, valley: Catalog, tmp_path: Path, mode: Mode
) -> None:
    out = tmp_path / "valley.graph"
    save_graph(import_osm(extract, valley).network, out)
    graph = build_graph(valley, roads_file=out)
    matrix = travel_matrix(graph, mode)
    for a in matrix.ids:
        for b in matrix.ids:
            if matrix.reachable[matrix.position(a), matrix.position(b)]:
                assert matrix.route(a, b) == shortest_route(graph, a, b, mode)


def test_pbf_extracts_work_too(extract: Path, valley: Catalog, tmp_path: Path) -> None:
    import osmium

    pbf = tmp_path / "valley.osm.pbf"
    writer = osmium.SimpleWriter(str(pbf))
    for obj in osmium.FileProcessor(str(extract)):
        writer.add(obj)
    writer.close()
    from_pbf = import_osm(pbf, valley).network
    from_xml = import_osm(extract, valley).network
    assert np.array_equal(from_pbf.length_m, from_xml.length_m)
    assert from_pbf.road_names == from_xml.road_names


def test_far_sites_are_refused_with_their_lines(extract: Path, valley: Catalog) -> None:
    far = dataclasses.replace(
        valley.site("temple"),
        location=dataclasses.replace(valley.site("temple").location, lat=21.7, lon=105.6),
    )
    sites = tuple(far if s.id == "temple" else s for s in valley.sites)
    moved = dataclasses.replace(valley, sites=sites)
    with pytest.raises(CatalogError) as error:
        import_osm(extract, moved, max_snap_m=2000)
    [problem] = error.value.problems
    assert problem.where == "site 'temple'" and problem.line == far.line
    assert "km away (limit 2 km" in problem.message
    assert import_osm(extract, moved, max_snap_m=40_000).snaps  # a wider limit accepts it


def test_graph_file_round_trips_and_is_not_overwritten(
    extract: Path, valley: Catalog, tmp_path: Path
) -> None:
    network = import_osm(extract, valley).network
    out = tmp_path / "valley.graph"
    save_graph(network, out)
    assert zipfile.is_zipfile(out)
    back = read_network(out)
    assert np.array_equal(back.u, network.u) and np.array_equal(back.length_m, network.length_m)
    assert back.road_names == network.road_names and back.snaps == network.snaps
    before = out.read_bytes()
    with pytest.raises(OverwriteRefusedError):
        save_graph(network, out)
    assert out.read_bytes() == before
    save_graph(network, out, force=True)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp left


def test_sites_missing_from_the_file_are_snapped_on_load(
    extract: Path, valley: Catalog, tmp_path: Path
) -> None:
    only_two = dataclasses.replace(valley, sites=valley.sites[:2])
    out = tmp_path / "two.graph"
    save_graph(import_osm(extract, only_two).network, out)
    graph = load_graph(out, valley)
    assert set(graph.site_ids) == {s.id for s in valley.sites}
    assert shortest_route(graph, "town", "north-market", Mode.CAR).duration_s > 0


def test_bad_files_are_clear_errors(tmp_path: Path, valley: Catalog) -> None:
    junk = tmp_path / "junk.osm.pbf"
    junk.write_bytes(b"not a pbf at all")
    with pytest.raises(BadInputError, match="not a readable OpenStreetMap file"):
        import_osm(junk, valley)
    empty = tmp_path / "empty.osm"
    empty.write_text(osm_xml({1: (21.5, 105.8)}, []), encoding="utf-8")
    with pytest.raises(BadInputError, match="no roads"):
        import_osm(empty, valley)
    with pytest.raises(BadInputError, match="no such file"):
        import_osm(tmp_path / "missing.osm", valley)
    not_graph = tmp_path / "x.graph"
    not_graph.write_text("hello", encoding="utf-8")
    with pytest.raises(BadInputError, match="not a teatrip road graph"):
        read_network(not_graph)


def test_graph_files_never_unpickle(tmp_path: Path) -> None:
    evil = tmp_path / "evil.graph"
    with evil.open("wb") as handle:
        np.savez(handle, format=np.array("teatrip-road-graph"), lat=np.array([object()]))
    with pytest.raises(BadInputError, match="pickled"):
        read_network(evil)
    wrong = tmp_path / "wrong.graph"
    with wrong.open("wb") as handle:
        np.savez(handle, format=np.array("teatrip-road-graph"), version=np.array(GRAPH_VERSION + 1))
    with pytest.raises(BadInputError, match="version"):
        read_network(wrong)


def test_missing_pyosmium_says_how_to_install(
    monkeypatch: pytest.MonkeyPatch, extract: Path, valley: Catalog
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "osmium", None)
    with pytest.raises(BadInputError, match=r"install teatrip\[osm\]"):
        import_osm(extract, valley)


def test_parse_distance() -> None:
    assert parse_distance("2km") == 2000
    assert parse_distance("500m") == 500
    assert parse_distance("1.5 km") == 1500
    with pytest.raises(BadInputError):  # the unit is required, as for durations
        parse_distance("3")
    with pytest.raises(BadInputError):
        parse_distance("far")
