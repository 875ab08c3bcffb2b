"""GPX: valid against the official GPX 1.1 schema and re-read by gpxpy."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import gpxpy
import xmlschema
from lxml import etree

from teatrip.export import export_itinerary
from teatrip.export.common import stop_heading as stop_title
from teatrip.models import Itinerary


def _schema(schemas: Path) -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(schemas / "gpx" / "gpx.xsd"), allow="local")


def test_valid_against_schema(trip: Itinerary, hostile: Itinerary, schemas: Path) -> None:
    schema = _schema(schemas)
    for it in (trip, hostile):
        data = export_itinerary(it, "gpx")
        schema.validate(etree.fromstring(data))


def test_schema_rejects_broken_gpx(schemas: Path) -> None:
    # the validator really enforces the schema (guards against a test that always passes)
    bad = b'<gpx xmlns="http://www.topografix.com/GPX/1/1" version="1.1" creator="x"><wpt lon="1"/></gpx>'
    assert not _schema(schemas).is_valid(etree.fromstring(bad))


def test_reread_by_gpxpy(trip: Itinerary) -> None:
    gpx = gpxpy.parse(export_itinerary(trip, "gpx").decode("utf-8"))
    stops = [s for d in trip.days for s in d.stops]
    assert [w.name for w in gpx.waypoints] == [stop_title(s) for s in stops]
    assert [w.time for w in gpx.waypoints] == [s.arrive.astimezone(dt.UTC) for s in stops]
    assert all(w.time is not None and w.time.utcoffset() == dt.timedelta(0) for w in gpx.waypoints)
    assert [(w.latitude, w.longitude) for w in gpx.waypoints] == [(s.lat, s.lon) for s in stops]
    assert len(gpx.routes) == len(trip.days)
    for route, day in zip(gpx.routes, trip.days, strict=True):
        assert [p.name for p in route.points] == [stop_title(s) for s in day.stops]
    assert len(gpx.tracks) == len(trip.days)
    # one segment per leg: road geometry where known, a straight 2-point segment otherwise
    day1 = gpx.tracks[0]
    assert len(day1.segments) == len(trip.days[0].legs)
    no_geometry = trip.days[0].legs[2]
    assert no_geometry.geometry == ()
    straight = day1.segments[2].points
    assert len(straight) == 2
    assert (straight[0].latitude, straight[0].longitude) == (
        trip.days[0].stops[2].lat,
        trip.days[0].stops[2].lon,
    )
    assert "drawn straight" in (day1.description or "")
    assert [(p.latitude, p.longitude) for p in day1.segments[0].points] == list(
        trip.days[0].legs[0].geometry
    )


def test_hostile_names_round_trip(hostile: Itinerary) -> None:
    gpx = gpxpy.parse(export_itinerary(hostile, "gpx").decode("utf-8"))
    assert gpx.waypoints[1].name == '<script>alert(1)</script> & "Tea"'
    assert "]]>" in (gpx.waypoints[1].description or "")


def test_stop_without_coordinates_is_left_out(trip: Itinerary) -> None:
    day = trip.days[0]
    stops = list(day.stops)
    stops[1] = dataclasses.replace(stops[1], lat=0.0, lon=0.0)
    it = dataclasses.replace(trip, days=(dataclasses.replace(day, stops=tuple(stops)),))
    gpx = gpxpy.parse(export_itinerary(it, "gpx").decode("utf-8"))
    assert stops[1].name not in [w.name for w in gpx.waypoints]
