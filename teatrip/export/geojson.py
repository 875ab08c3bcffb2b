"""GeoJSON (RFC 7946) export with the ``geojson`` package.

Property names and machine values (``feature``, ``status``, ids, ISO times) are the same in
every language; the words people read (``title``, ``activity``, ``notes``, ``description``,
``reason`` and the collection's ``name``) are in the current language.

A FeatureCollection of: a Point per stop (``[lon, lat]``) with its day, order, site, name, times,
``status`` (start/visit/lunch/event/end) and ``check_hours``; a LineString per day along the legs'
road geometry (straight between stops where a leg has none); and a feature with ``null`` geometry
per skipped site (the itinerary keeps no coordinates for sites it left out) with its reason.
Every feature has a ``feature`` property: ``stop``, ``route`` or ``skipped``. A stop says whether
its point is ``approximate`` (its commune's or city's), how far the place may be (``precision_m``)
and what to search for to find it (``navigate_to``); ``next_leg_low_s``/``next_leg_high_s`` give
the likely span of an estimated leg's time.
"""

from __future__ import annotations

import json
from typing import Any

from teatrip.export.common import (
    GENERATOR,
    day_path,
    day_stops,
    has_coordinates,
    is_approximate,
    local,
    nav_query,
    precision_m,
    skipped_reason,
    stop_description_lines,
    stop_heading,
    trip_title,
)
from teatrip.formatting import stop_notes, what_to_do
from teatrip.models import Itinerary

__all__ = ["to_geojson", "to_geojson_object"]


def to_geojson_object(it: Itinerary) -> Any:
    """The trip as a ``geojson.FeatureCollection``."""
    import geojson

    features: list[Any] = []
    for day in it.days:
        for item in day_stops(day):
            stop = item.stop
            geometry = geojson.Point((stop.lon, stop.lat)) if has_coordinates(stop) else None
            leg = item.leg
            features.append(
                geojson.Feature(
                    geometry=geometry,
                    properties={
                        "feature": "stop",
                        "day": day.number,
                        "date": day.date.isoformat(),
                        "order": item.order,
                        "site": stop.site,
                        "name": stop.name,
                        "title": stop_heading(stop),
                        "name_en": stop.name_en,
                        "status": stop.kind.value,
                        "arrive": local(it, stop.arrive).isoformat(),
                        "start": local(it, stop.start).isoformat(),
                        "depart": local(it, stop.depart).isoformat(),
                        "wait_minutes": stop.wait_minutes,
                        "visit_minutes": stop.visit_minutes,
                        "fee_vnd": stop.fee_vnd,
                        "check_hours": stop.check_hours,
                        "event": stop.event,
                        "activity": what_to_do(stop),
                        "notes": stop_notes(stop),
                        "description": "\n".join(stop_description_lines(it, item)),
                        "lunch_start": (
                            local(it, stop.lunch_start).isoformat() if stop.lunch_start else None
                        ),
                        "lunch_end": (
                            local(it, stop.lunch_end).isoformat() if stop.lunch_end else None
                        ),
                        "hours": [str(window) for window in stop.hours],
                        "hours_status": None
                        if stop.hours_status is None
                        else stop.hours_status.value,
                        "contact": stop.contact,
                        "booking": stop.booking,
                        "coordinates_precision": stop.coordinates_precision,
                        "approximate": is_approximate(stop),
                        "precision_m": precision_m(stop),
                        "navigate_to": nav_query(stop),
                        "next_leg_m": None if leg is None else leg.distance_m,
                        "next_leg_s": None if leg is None else leg.duration_s,
                        "next_leg_low_s": None if leg is None else leg.duration_low_s,
                        "next_leg_high_s": None if leg is None else leg.duration_high_s,
                    },
                )
            )
        path = day_path(day)
        if len(path) >= 2:
            features.append(
                geojson.Feature(
                    geometry=geojson.LineString([(lon, lat) for lat, lon in path]),
                    properties={
                        "feature": "route",
                        "day": day.number,
                        "date": day.date.isoformat(),
                        "start": local(it, day.start).isoformat(),
                        "end": local(it, day.end).isoformat(),
                        "distance_m": day.distance_m,
                        "duration_s": day.driving_s,
                        "roads": [stretch.road for leg in day.legs for stretch in leg.roads],
                        "estimated": any(
                            leg.estimated or len(leg.geometry) < 2 for leg in day.legs
                        ),
                    },
                )
            )
    for skipped in it.skipped:
        features.append(
            geojson.Feature(
                geometry=None,
                properties={
                    "feature": "skipped",
                    "site": skipped.site,
                    "name": skipped.name,
                    "reason": skipped_reason(skipped.reason),
                    "code": skipped.code,
                },
            )
        )
    collection = geojson.FeatureCollection(features)
    collection["name"] = trip_title(it)
    collection["generator"] = GENERATOR
    collection["timezone"] = it.timezone
    return collection


def to_geojson(it: Itinerary) -> bytes:
    """The trip as GeoJSON text (UTF-8)."""
    text = json.dumps(to_geojson_object(it), ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")
