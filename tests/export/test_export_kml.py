"""KML: valid against OGC KML 2.2 (imports mapped to the local copies), folders per day."""

from __future__ import annotations

from pathlib import Path

import xmlschema
from lxml import etree

from teatrip.export import export_itinerary
from teatrip.export.common import stop_heading as stop_title
from teatrip.models import Itinerary

NS = {"k": "http://www.opengis.net/kml/2.2"}
XAL_URL = "http://docs.oasis-open.org/election/external/xAL.xsd"
XAL_NS = "urn:oasis:names:tc:ciq:xsdschema:xAL:2.0"


def _schema(schemas: Path) -> xmlschema.XMLSchema:
    xal = str(schemas / "kml" / "xAL.xsd")
    return xmlschema.XMLSchema(
        str(schemas / "kml" / "ogckml22.xsd"),
        uri_mapper=lambda url: xal if url == XAL_URL else url,
        locations={XAL_NS: xal},
        allow="local",
    )


def test_valid_against_schema(trip: Itinerary, hostile: Itinerary, schemas: Path) -> None:
    schema = _schema(schemas)
    for it in (trip, hostile):
        schema.validate(etree.fromstring(export_itinerary(it, "kml")))


def test_schema_rejects_broken_kml(schemas: Path) -> None:
    bad = b'<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Bogus/></Document></kml>'
    assert not _schema(schemas).is_valid(etree.fromstring(bad))


def test_also_valid_with_lxml(trip: Itinerary, schemas: Path) -> None:
    # libxml2 as a second, independent validator (offline resolver for the xAL import)
    class Local(etree.Resolver):
        def resolve(self, system_url, public_id, context):  # type: ignore[no-untyped-def]
            if system_url == XAL_URL:
                return self.resolve_filename(str(schemas / "kml" / "xAL.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(Local())
    schema = etree.XMLSchema(etree.parse(str(schemas / "kml" / "ogckml22.xsd"), parser))
    document = etree.fromstring(export_itinerary(trip, "kml"))
    assert schema.validate(document), schema.error_log


def test_folders_placemarks_and_times(trip: Itinerary) -> None:
    root = etree.fromstring(export_itinerary(trip, "kml"))
    folders = root.findall("k:Document/k:Folder", NS)
    assert len(folders) == len(trip.days)
    for folder, day in zip(folders, trip.days, strict=True):
        placemarks = folder.findall("k:Placemark", NS)
        points = [p for p in placemarks if p.find("k:Point", NS) is not None]
        assert [p.findtext("k:name", namespaces=NS) for p in points] == [
            f"{n}. {stop_title(s)}" for n, s in enumerate(day.stops, 1)
        ]
        assert [p.findtext("k:TimeSpan/k:begin", namespaces=NS) for p in points] == [
            s.arrive.isoformat() for s in day.stops
        ]
        coords = points[1].findtext("k:Point/k:coordinates", namespaces=NS)
        assert coords == f"{day.stops[1].lon:.6f},{day.stops[1].lat:.6f}"  # lon,lat order
        lines = [p for p in placemarks if p.find("k:LineString", NS) is not None]
        assert len(lines) == 1


def test_hostile_description_cannot_become_markup(hostile: Itinerary) -> None:
    root = etree.fromstring(export_itinerary(hostile, "kml"))
    placemark = root.find("k:Document/k:Folder/k:Placemark[2]", NS)
    assert placemark is not None
    assert placemark.findtext("k:name", namespaces=NS) == '2. <script>alert(1)</script> & "Tea"'
    description = placemark.findtext("k:description", namespaces=NS) or ""
    # Google Earth renders descriptions as HTML: catalog text is HTML-escaped inside it
    assert "<img" not in description and "&lt;img src=x onerror=alert(2)&gt;" in description
    assert "]]&gt;" in description and "&lt;b&gt;here&lt;/b&gt;" in description
    assert "<b>" not in description
