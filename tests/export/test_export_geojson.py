"""GeoJSON: valid per the geojson package, [lon, lat] order, stops, routes and skipped sites."""

from __future__ import annotations

import json

import geojson

from teatrip.export import export_itinerary
from teatrip.models import Itinerary


def test_valid_and_ordered(trip: Itinerary) -> None:
    data = export_itinerary(trip, "geojson")
    collection = geojson.loads(data.decode("utf-8"))
    assert collection.is_valid, collection.errors()
    features = collection["features"]
    stops = [f for f in features if f["properties"]["feature"] == "stop"]
    expected = [(d, n, s) for d in trip.days for n, s in enumerate(d.stops, 1)]
    assert len(stops) == len(expected)
    for feature, (day, order, stop) in zip(stops, expected, strict=True):
        props = feature["properties"]
        assert feature["geometry"]["coordinates"] == [stop.lon, stop.lat]
        assert (props["day"], props["order"], props["site"], props["name"]) == (
            day.number,
            order,
            stop.site,
            stop.name,
        )
        assert props["arrive"] == stop.arrive.isoformat()
        assert props["depart"] == stop.depart.isoformat()
        assert props["status"] == stop.kind.value
        assert props["check_hours"] is stop.check_hours
    routes = [f for f in features if f["properties"]["feature"] == "route"]
    assert len(routes) == len(trip.days)
    first = routes[0]["geometry"]["coordinates"][0]
    assert first == [trip.days[0].stops[0].lon, trip.days[0].stops[0].lat]
    assert all(
        -180 <= lon <= 180 and -90 <= lat <= 90
        for r in routes
        for lon, lat in r["geometry"]["coordinates"]
    )
    skipped = [f for f in features if f["properties"]["feature"] == "skipped"]
    assert [(f["properties"]["site"], f["properties"]["reason"]) for f in skipped] == [
        (s.site, s.reason) for s in trip.skipped
    ]
    assert all(f["geometry"] is None for f in skipped)
    assert "crs" not in json.loads(data)  # RFC 7946 removed crs


def test_hostile_is_plain_json(hostile: Itinerary) -> None:
    collection = json.loads(export_itinerary(hostile, "geojson"))
    names = [f["properties"].get("name") for f in collection["features"]]
    assert '<script>alert(1)</script> & "Tea"' in names
