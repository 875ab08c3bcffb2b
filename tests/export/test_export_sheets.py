"""Markdown and HTML day sheets: content, escaping, map links and the offline SVG map."""

from __future__ import annotations

import dataclasses
import itertools
import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from lxml import etree
from lxml import html as lxml_html

from teatrip.export import export_itinerary
from teatrip.export.common import directions_links
from teatrip.export.html import CSP
from teatrip.export.markdown import md_escape
from teatrip.export.svgmap import day_svg
from teatrip.models import Itinerary, Mode

HOSTILE = '<script>alert(1)</script> & "Tea"'


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


# ------------------------------------------------------------------------------ links


def test_direction_links_chunk_at_nine_waypoints() -> None:
    points = [(21.0 + i / 100, 105.0 + i / 100) for i in range(25)]
    links = directions_links(points, Mode.MOTORBIKE)
    assert len(links) == 3  # 11 + 10 + 4 new points: each link chains end -> start
    parsed = [parse_qs(urlsplit(link).query) for link in links]
    for query in parsed:
        assert query["api"] == ["1"] and query["travelmode"] == ["driving"]
        assert len(query.get("waypoints", [""])[0].split("|")) <= 9
    for before, after in itertools.pairwise(parsed):
        assert before["destination"] == after["origin"]
    route = [parsed[0]["origin"][0]]
    for query in parsed:
        route += query["waypoints"][0].split("|") + query["destination"]
    assert route == [f"{lat:.6f},{lon:.6f}" for lat, lon in points]


def test_direction_link_modes() -> None:
    pts = [(21.0, 105.0), (21.1, 105.1)]
    assert "travelmode=bicycling" in directions_links(pts, Mode.BICYCLE)[0]
    assert "travelmode=walking" in directions_links(pts, Mode.WALK)[0]
    assert "travelmode=driving" in directions_links(pts, Mode.CAR)[0]
    assert directions_links(pts[:1], Mode.CAR) == []
    assert "waypoints" not in directions_links(pts, Mode.CAR)[0]


# ------------------------------------------------------------------------------ markdown


def test_markdown_sheet(trip: Itinerary) -> None:
    text = export_itinerary(trip, "md").decode("utf-8")
    assert text.count("\n## Day ") == 3
    assert "| 2 | 08:05–09:35 | **Tan Cuong tea area**" in text
    assert "↓ 35 min | _14.2 km: QL3 8.5 km, ĐT 270 5.7 km_" in text
    assert "**Duom Temple** ⚠ **check hours**" in text
    assert "Sunrise" in text or "sunrise 06:21" in text
    assert "## Not in this trip" in text and "avoided on request" in text
    assert "https://www.google.com/maps/dir/?api=1&origin=21.594200,105.848200" in text


def test_markdown_escaping(hostile: Itinerary) -> None:
    text = export_itinerary(hostile, "md").decode("utf-8")
    assert "<script>" not in text and "<img" not in text
    assert '&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; "Tea"' in text
    table = [line for line in text.splitlines() if line.startswith("| 2 |")]
    assert table and all(line.count(" | ") == 6 for line in table)  # no cell broken by '|'
    assert md_escape("a|b\nc*d_[x](y)") == "a\\|b c\\*d\\_\\[x\\]\\(y\\)"


# ------------------------------------------------------------------------------ html


def test_html_structure_and_csp(trip: Itinerary) -> None:
    page = export_itinerary(trip, "html").decode("utf-8")
    doc = lxml_html.document_fromstring(page)
    csp = doc.xpath('//meta[@http-equiv="Content-Security-Policy"]/@content')
    assert csp == [CSP] == ["default-src 'none'; style-src 'unsafe-inline'; img-src data:"]
    assert len(doc.xpath('//section[contains(@class, "day")]')) == 3
    assert len(doc.xpath('//section[@id="front"]')) == 1
    style = doc.xpath("//style")[0].text
    assert "@page { size: A4" in style and "break-after: page" in style
    assert not doc.xpath("//script | //link | //img | //iframe")
    assert not re.search(
        r"(src|href)=\"(https?:)?//", page.replace('href="https://www.google.com/maps/', "")
    )
    assert "@import" not in page and "url(" not in page
    day2 = doc.xpath('//section[@id="day-2"]')[0]
    text = day2.text_content()
    assert "⚠ check hours" in text and "Đền Đuổm" in text
    assert "Sunrise" in text or "sunrise 06:21" in text
    front = doc.xpath('//section[@id="front"]')[0].text_content()
    assert front.count("Not in this trip") == 1 and "avoided on request" in front
    assert "The days" in front and "Whole trip:" in front
    links = doc.xpath('//a[starts-with(@href, "https://www.google.com/maps/dir/")]/@href')
    assert len(links) == 3
    assert len(doc.xpath('//svg[@class="map"]')) == 3
    assert len(doc.xpath('//svg[@class="segno"]')) == 3  # a QR code of each day's route


def test_html_words(trip: Itinerary) -> None:
    """One vocabulary: unknown fees are not free, travel follows the mode, events by name."""
    page = export_itinerary(trip, "html").decode("utf-8")
    text = lxml_html.document_fromstring(page).text_content()
    assert "riding" in text and "driving" not in text
    assert "fees unknown (2 sites)" in text and "fees free" not in text
    assert "Lễ hội Trà Thái Nguyên 2024" in text and "tea-festival-2024" not in text
    walking = dataclasses.replace(trip, request=dataclasses.replace(trip.request, mode=Mode.WALK))
    text = lxml_html.document_fromstring(export_itinerary(walking, "html")).text_content()
    assert "walking" in text and "on foot" in text and "riding" not in text


def test_html_hostile_is_text(hostile: Itinerary) -> None:
    page = export_itinerary(hostile, "html").decode("utf-8")
    collector = _Collector()
    collector.feed(page)
    assert "script" not in collector.tags and "img" not in collector.tags and "b" in collector.tags
    assert not any(name.startswith("on") for name, _ in collector.attrs)
    text = "".join(collector.text)
    assert HOSTILE in text
    assert "]]>" in text
    doc = lxml_html.document_fromstring(page)
    assert not doc.xpath("//script")
    assert HOSTILE in doc.xpath('//section[@id="day-1"]')[0].text_content()


def test_svg_map_is_well_formed_and_numbered(trip: Itinerary) -> None:
    svg = etree.fromstring(day_svg(trip.days[0]).encode())
    ns = {"s": "http://www.w3.org/2000/svg"}
    labels = [t.text for t in svg.findall(".//s:text", ns)]
    assert "1/6" in labels and {"2", "3", "4", "5"} <= set(labels)
    lines = svg.findall(".//s:polyline", ns)
    assert len(lines) == 5
    dashed = [line for line in lines if line.get("stroke-dasharray")]
    assert len(dashed) == 1  # the one leg without road geometry
    for polyline in lines:
        for pair in polyline.get("points", "").split():
            x, y = (float(v) for v in pair.split(","))
            assert 0 <= x <= 480 and 0 <= y <= 330


def test_svg_map_without_coordinates(trip: Itinerary) -> None:
    day = trip.days[0]
    stops = tuple(dataclasses.replace(s, lat=0.0, lon=0.0) for s in day.stops)
    legs = tuple(dataclasses.replace(leg, geometry=()) for leg in day.legs)
    svg = day_svg(dataclasses.replace(day, stops=stops, legs=legs))
    assert "No coordinates" in svg


def test_markdown_words(trip: Itinerary) -> None:
    text = export_itinerary(trip, "md").decode("utf-8")
    assert "Travelling by motorbike" in text and "Travel by" not in text
    assert "riding" in text and "driving 1" not in text  # a URL may say travelmode=driving
    assert "fees unknown (2 sites)" in text and "fees free" not in text
    assert "**Lễ hội Trà Thái Nguyên 2024** (event)" in text and "tea\\-festival" not in text
    assert "**Lunch " in text
    walking = dataclasses.replace(trip, request=dataclasses.replace(trip.request, mode=Mode.WALK))
    text = export_itinerary(walking, "md").decode("utf-8")
    assert "Travelling on foot" in text and "walking" in text and "riding" not in text
