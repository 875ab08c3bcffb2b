"""GPX 1.1 export: a ``wpt`` per stop, one ``rte`` per day in visit order, one ``trk`` per day.

Waypoint times are the arrival times in UTC (GPX requires UTC). The track follows each leg's road
geometry where the itinerary has it; a leg without geometry is drawn as a straight segment from
stop to stop so the day's track stays continuous (its ``trkseg`` is separate, and the track's
description says that straight segments are estimates). A stop whose point is only its commune's
or city's says so in its waypoint: ``src`` ("source of the data ... some idea of reliability and
accuracy" in GPX 1.1) holds the precision, and the comment ends with "approximate point".
"""

from __future__ import annotations

import datetime as dt

from teatrip.export.common import (
    GENERATOR,
    day_heading,
    day_stops,
    day_title,
    has_coordinates,
    is_approximate,
    kind_label,
    local_clock,
    precision_text,
    stamp,
    stop_description_lines,
    stop_heading,
    trip_title,
)
from teatrip.formatting import date_day
from teatrip.i18n import gettext, ngettext
from teatrip.models import Itinerary

__all__ = ["to_gpx"]


def to_gpx(it: Itinerary) -> bytes:
    """The trip as a GPX 1.1 document (UTF-8)."""
    import gpxpy.gpx as g

    gpx = g.GPX()
    gpx.creator = GENERATOR
    gpx.name = trip_title(it)
    gpx.description = gettext("Times in UTC; local time zone {zone}").format(zone=it.timezone)
    gpx.time = stamp(it)
    for day in it.days:
        route = g.GPXRoute(name=day_title(day), number=day.number)
        route.description = ngettext(
            "{date}: {n} stop in visit order", "{date}: {n} stops in visit order", len(day.stops)
        ).format(date=date_day(day.date), n=len(day.stops))
        for item in day_stops(day):
            stop = item.stop
            if not has_coordinates(stop):
                continue
            description = "\n".join(stop_description_lines(it, item))
            label = f"{day_heading(day)} #{item.order} {local_clock(it, stop.arrive)}"
            if is_approximate(stop):
                label += ", " + gettext("approximate point")
            waypoint = g.GPXWaypoint(
                latitude=stop.lat,
                longitude=stop.lon,
                time=stop.arrive.astimezone(dt.UTC),
                name=stop_heading(stop),
                description=description,
                comment=label,
                type=kind_label(stop.kind),
            )
            if is_approximate(stop):
                waypoint.source = precision_text(stop)
            gpx.waypoints.append(waypoint)
            route.points.append(
                g.GPXRoutePoint(
                    latitude=stop.lat,
                    longitude=stop.lon,
                    time=stop.arrive.astimezone(dt.UTC),
                    name=stop_heading(stop),
                    comment=label,
                    type=kind_label(stop.kind),
                )
            )
        gpx.routes.append(route)

        track = g.GPXTrack(name=day_title(day), number=day.number)
        straight = 0
        for leg, (here, there) in zip(
            day.legs, zip(day.stops, day.stops[1:], strict=False), strict=False
        ):
            points = list(leg.geometry)
            if len(points) < 2:
                if not (has_coordinates(here) and has_coordinates(there)):
                    continue
                points = [(here.lat, here.lon), (there.lat, there.lon)]
                straight += 1
            segment = g.GPXTrackSegment()
            segment.points.extend(
                g.GPXTrackPoint(latitude=lat, longitude=lon) for lat, lon in points
            )
            track.segments.append(segment)
        roads = gettext("Roads of {date}").format(date=date_day(day.date))
        if straight:
            drawn = ngettext(
                "{n} leg without road geometry drawn straight",
                "{n} legs without road geometry drawn straight",
                straight,
            ).format(n=straight)
            roads = f"{roads}; {drawn}"
        track.description = roads
        if track.segments:
            gpx.tracks.append(track)
    return gpx.to_xml(version="1.1").encode("utf-8")
