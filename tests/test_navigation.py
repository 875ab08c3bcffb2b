"""Issue 11, navigation: stops at a commune-level point are found by name, marked approximate in
GPX/KML/GeoJSON, drawn apart on the sheet map; estimated legs carry and show a time range."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from lxml import etree

from teatrip import plan_trip
from teatrip.catalog import load_catalog
from teatrip.export.common import (
    DayStop,
    day_directions_links,
    nav_query,
    place_link,
    stop_description_lines,
)
from teatrip.export.geojson import to_geojson_object
from teatrip.export.gpx import to_gpx
from teatrip.export.kml import KML_NS, to_kml
from teatrip.export.svgmap import day_svg
from teatrip.formatting import leg_duration
from teatrip.itinerary_io import dumps_itinerary, loads_itinerary
from teatrip.models import Itinerary, Leg, StopKind
from teatrip.network import ESTIMATE_HIGH, ESTIMATE_LOW, duration_range
from teatrip.request import build_request
from tests.helpers.catalogs import document, lodging, road, site, write_catalog

COMMUNE = "Xã Tân Cương"
POINT = (21.51942, 105.78692)  # one commune centroid for all three sites
COOPS = ("Hợp tác xã chè Hảo Đạt", "HTX Trà Tiến Yên", "Nhà chè Lê Quang Nghìn")


def _in_commune(entry: dict[str, Any]) -> dict[str, Any]:
    entry["location"]["precision"] = "commune-centroid"
    entry["commune_2025"] = COMMUNE
    return entry


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> Itinerary:
    sites = [
        lodging("centre", 21.6, 105.85, name="Trung tâm TP Thái Nguyên"),
        *(
            _in_commune(site(f"coop-{k}", *POINT, name=name, visit=45, score=9))
            for k, name in enumerate(COOPS)
        ),
    ]
    sites[0]["location"]["precision"] = "exact"
    doc = document(sites, [road("ĐT 267", "provincial", "centre", "coop-0")])
    path = write_catalog(tmp_path_factory.mktemp("nav") / "commune.yaml", doc)
    catalog = load_catalog(path)
    # must: the value model would otherwise keep one of three alike coops a day
    must = [f"coop-{k}" for k in range(len(COOPS))]
    request = build_request(
        catalog, start="2025-04-10", days=1, from_site="centre", mode="car", must=must
    )
    return plan_trip(catalog, request)


def _visits(trip: Itinerary) -> list[Any]:
    return [s for s in trip.days[0].stops if s.kind is StopKind.VISIT]


def test_the_plan_visits_the_three_sites_of_the_commune(trip: Itinerary) -> None:
    assert sorted(s.name for s in _visits(trip)) == sorted(COOPS)
    assert {s.commune for s in _visits(trip)} == {COMMUNE}


def test_directions_go_to_three_distinct_places_by_name(trip: Itinerary) -> None:
    (link,) = day_directions_links(trip.days[0], trip.request.mode)
    query = parse_qs(urlparse(link).query)
    waypoints = query["waypoints"][0].split("|")
    targets = [*waypoints, query["destination"][0]]
    by_name = [t for t in targets if COMMUNE in t]
    assert len(by_name) == 3 and len(set(by_name)) == 3
    assert {t.removesuffix(f", {COMMUNE}") for t in by_name} == set(COOPS)
    # the lodging has a surveyed point here: it keeps its coordinates
    assert query["origin"][0] == "21.600000,105.850000"


def test_a_place_link_searches_by_name_and_commune(trip: Itinerary) -> None:
    stop = _visits(trip)[0]
    query = parse_qs(urlparse(place_link(stop)).query)["query"][0]
    assert query == f"{stop.name}, {COMMUNE}" == nav_query(stop)


def test_gpx_waypoints_say_they_are_approximate(trip: Itinerary) -> None:
    root = etree.fromstring(to_gpx(trip))
    ns = {"g": "http://www.topografix.com/GPX/1/1"}
    marked = {}
    for wpt in root.findall("g:wpt", ns):
        name = wpt.findtext("g:name", namespaces=ns)
        marked[name] = (
            wpt.findtext("g:src", namespaces=ns) or "",
            wpt.findtext("g:cmt", namespaces=ns),
        )
    for name in COOPS:
        src, comment = marked[name]
        assert src.startswith("Approximate point (the centre of its commune)")
        assert "~5.0 km" in src and comment.endswith("approximate point")
    assert marked["Trung tâm TP Thái Nguyên"][0] == ""


def test_kml_and_geojson_mark_the_point_approximate(trip: Itinerary) -> None:
    kml = etree.fromstring(to_kml(trip))
    data = {
        d.get("name"): d.findtext(f"{{{KML_NS}}}value")
        for d in kml.iter(f"{{{KML_NS}}}Data")
        if d.getparent() is not None
    }
    assert "approximate" in data and "navigate_to" in data
    approximate = [
        p
        for p in kml.iter(f"{{{KML_NS}}}Placemark")
        if p.find(f".//{{{KML_NS}}}Data[@name='approximate']") is not None
        and p.find(f".//{{{KML_NS}}}Data[@name='approximate']").findtext(f"{{{KML_NS}}}value")
        == "true"
    ]
    assert len(approximate) == 3
    features = to_geojson_object(trip)["features"]
    stops = [f["properties"] for f in features if f["properties"]["feature"] == "stop"]
    coops = [p for p in stops if p["name"] in COOPS]
    assert all(p["approximate"] and p["precision_m"] == 5000 for p in coops)
    assert {p["navigate_to"] for p in coops} == {f"{n}, {COMMUNE}" for n in COOPS}


def test_the_sheet_map_draws_each_site_of_one_point_apart(trip: Itinerary) -> None:
    svg = etree.fromstring(day_svg(trip.days[0]).encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = [t.text for t in svg.findall(".//s:text", ns)]
    orders = [str(k) for k, s in enumerate(trip.days[0].stops, 1) if s.kind is StopKind.VISIT]
    assert set(orders) <= set(labels)  # one marker per site, not "2/3/4"
    assert not any(label and "/" in label and label != "1/5" for label in labels)
    boxes = [(float(r.get("x")), float(r.get("y"))) for r in svg.findall(".//s:g/s:rect", ns)]
    assert len(set(boxes)) == len(boxes)  # no two markers drawn on top of each other


def test_estimated_legs_carry_a_range_saved_in_the_json(trip: Itinerary) -> None:
    legs = [leg for leg in trip.days[0].legs if leg.duration_s]
    assert legs and all(leg.estimated for leg in legs)
    for leg in legs:
        assert leg.duration_low_s is not None and leg.duration_high_s is not None
        assert leg.duration_low_s < leg.duration_s < leg.duration_high_s
    again = loads_itinerary(dumps_itinerary(trip))
    assert again.days[0].legs == trip.days[0].legs
    assert again.days[0].stops[1].commune == COMMUNE


def test_a_trip_saved_without_ranges_still_loads(trip: Itinerary) -> None:
    saved = json.loads(dumps_itinerary(trip))
    for day in saved["days"]:
        for leg in day["legs"]:
            leg.pop("duration_low_s", None)
            leg.pop("duration_high_s", None)
        for stop in day["stops"]:
            stop.pop("commune")
    again = loads_itinerary(json.dumps(saved))
    assert all(leg.duration_low_s is None for leg in again.days[0].legs)


def test_duration_range_widens_only_the_estimated_share() -> None:
    assert duration_range(1000, 0.0) is None
    assert duration_range(1000, 1.0) == (round(1000 * ESTIMATE_LOW), round(1000 * ESTIMATE_HIGH))
    low, high = duration_range(1000, 0.5) or (0, 0)
    assert low == round(1000 - 500 * (1 - ESTIMATE_LOW)) and high == round(
        1000 + 500 * (ESTIMATE_HIGH - 1)
    )


def _leg(seconds: int, low: int | None, high: int | None) -> Leg:
    at = dt.datetime(2025, 4, 10, 8, tzinfo=dt.UTC)
    return Leg(
        "a", "b", at, at, 1000, seconds, low is not None, duration_low_s=low, duration_high_s=high
    )


def test_leg_duration_words_the_range() -> None:
    assert leg_duration(_leg(1800, None, None)) == "30 min"
    assert leg_duration(_leg(1800, 1400, 2400)) == "20–40 min"
    assert leg_duration(_leg(400, 320, 520)) == "5–9 min"
    assert leg_duration(_leg(4000, 3100, 5300)) == "50 min – 1 h 30 min"


def test_the_next_leg_line_shows_the_range(trip: Itinerary) -> None:
    day = trip.days[0]
    item = DayStop(day, 1, day.stops[0], day.legs[0])
    (line,) = [x for x in stop_description_lines(trip, item) if x.startswith("Next:")]
    assert leg_duration(day.legs[0]) in line and "–" in line


def test_bracketed_asides_are_left_out_of_the_search(trip: Itinerary) -> None:
    stop = dataclasses.replace(
        _visits(trip)[0], name="Trung tâm (khu lưu trú)", commune="Phường X (ward not verified)"
    )
    assert nav_query(stop) == "Trung tâm, Phường X"


def test_a_stop_where_the_group_already_is_is_not_repeated(trip: Itinerary) -> None:
    day = trip.days[0]
    first = _visits(trip)[0]
    stops = (day.stops[0], first, first, day.stops[-1])  # lunch on site: the same stop twice
    (link,) = day_directions_links(dataclasses.replace(day, stops=stops), trip.request.mode)
    assert parse_qs(urlparse(link).query)["waypoints"] == [nav_query(first)]
