"""KML 2.2 export: a Folder per day with a Placemark per stop and a LineString of the day's roads.

Built with lxml (no string-built XML): lxml escapes every text node, keeps a fixed element order
that the OGC schema accepts, and gives byte-identical output for the same trip. A Placemark's
``description`` is shown as HTML by Google Earth, so its text is HTML-escaped before lxml
XML-escapes it (catalog text can never become markup). Times are ``TimeSpan`` arrive..depart
with the region's UTC offset. A leg without road geometry is a straight line between its stops.
A stop whose point is only its commune's or city's has ``approximate``, ``precision_m`` and
``navigate_to`` (the name search that finds it) in its ExtendedData, and says so in words.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from teatrip.export.common import (
    GENERATOR,
    day_line,
    day_path,
    day_stops,
    day_title,
    has_coordinates,
    is_approximate,
    kind_label,
    local,
    nav_query,
    precision_m,
    skipped_reason,
    stop_description_lines,
    stop_heading,
    trip_title,
)
from teatrip.i18n import gettext
from teatrip.models import Itinerary

if TYPE_CHECKING:
    from lxml.etree import _Element

__all__ = ["KML_NS", "to_kml"]

KML_NS = "http://www.opengis.net/kml/2.2"
_STOP_STYLE_COLOURS = {
    "start": "ff2f2f8f",
    "end": "ff2f2f8f",
    "visit": "ff3c7a1f",
    "lunch": "ff1f8fd6",
    "event": "ff8f1fb4",
}


def _html_lines(lines: list[str]) -> str:
    return "<br/>".join(html.escape(line).replace("\n", "<br/>") for line in lines)


def _coordinates(points: list[tuple[float, float]]) -> str:
    return " ".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)


def to_kml(it: Itinerary) -> bytes:
    """The trip as a KML 2.2 document (UTF-8)."""
    from lxml import etree

    def sub(parent: _Element, tag: str, text: str | None = None, **attrs: str) -> _Element:
        element = etree.SubElement(parent, f"{{{KML_NS}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f"{{{KML_NS}}}kml", nsmap={None: KML_NS})
    document = sub(root, "Document")
    sub(document, "name", trip_title(it))
    sub(document, "open", "1")
    summary = [
        gettext("Made by {generator}. Times in {zone}.").format(
            generator=GENERATOR, zone=it.timezone
        )
    ]
    if it.skipped:
        summary.append(gettext("Not in this trip:"))
        summary.extend(f"{s.name or s.site}: {skipped_reason(s.reason)}" for s in it.skipped)
    sub(document, "description", _html_lines(summary))
    for kind, colour in _STOP_STYLE_COLOURS.items():
        style = sub(document, "Style", id=f"stop-{kind}")
        icon_style = sub(style, "IconStyle")
        sub(icon_style, "color", colour)
    road_style = sub(document, "Style", id="road")
    line_style = sub(road_style, "LineStyle")
    sub(line_style, "color", "ffd67a1f")
    sub(line_style, "width", "4")

    for day in it.days:
        folder = sub(document, "Folder")
        sub(folder, "name", day_title(day))
        sub(folder, "description", html.escape(day_line(day)))
        for item in day_stops(day):
            stop = item.stop
            if not has_coordinates(stop):
                continue
            placemark = sub(folder, "Placemark")
            sub(placemark, "name", f"{item.order}. {stop_heading(stop)}")
            sub(placemark, "description", _html_lines(stop_description_lines(it, item)))
            span = sub(placemark, "TimeSpan")
            sub(span, "begin", local(it, stop.arrive).isoformat())
            sub(span, "end", local(it, stop.depart).isoformat())
            sub(placemark, "styleUrl", f"#stop-{stop.kind.value}")
            extended = sub(placemark, "ExtendedData")
            for key, value in (
                ("day", str(day.number)),
                ("order", str(item.order)),
                ("site", stop.site),
                ("kind", kind_label(stop.kind)),
                ("check_hours", "true" if stop.check_hours else "false"),
                ("approximate", "true" if is_approximate(stop) else "false"),
                ("precision_m", str(precision_m(stop) or "")),
                ("navigate_to", nav_query(stop)),
            ):
                data = sub(extended, "Data", name=key)
                sub(data, "value", value)
            point = sub(placemark, "Point")
            sub(point, "coordinates", f"{stop.lon:.6f},{stop.lat:.6f}")
        path = day_path(day)
        if len(path) >= 2:
            placemark = sub(folder, "Placemark")
            sub(placemark, "name", gettext("Roads, day {n}").format(n=day.number))
            sub(placemark, "description", html.escape(day_line(day)))
            span = sub(placemark, "TimeSpan")
            sub(span, "begin", local(it, day.start).isoformat())
            sub(span, "end", local(it, day.end).isoformat())
            sub(placemark, "styleUrl", "#road")
            line = sub(placemark, "LineString")
            sub(line, "tessellate", "1")
            sub(line, "coordinates", _coordinates(path))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
