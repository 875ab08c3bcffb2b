"""All formats from one trip: they agree, they are deterministic, writes never clobber."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
from pathlib import Path

import gpxpy
import pytest
from icalendar import Calendar
from lxml import etree

from teatrip.errors import BadInputError, OverwriteRefusedError
from teatrip.export import FORMATS, export_itinerary, write_bundle
from teatrip.export.common import stop_heading as stop_title
from teatrip.export.ics import EVENT_KINDS
from teatrip.itinerary_io import load_itinerary
from teatrip.models import Itinerary, Stop, StopKind


def test_formats_agree_on_names_order_and_times(trip: Itinerary) -> None:
    stops = [s for d in trip.days for s in d.stops]
    expected = [(stop_title(s), s.arrive.astimezone(dt.UTC)) for s in stops]

    gpx = gpxpy.parse(export_itinerary(trip, "gpx").decode())
    assert [(w.name, w.time) for w in gpx.waypoints] == expected

    geo = json.loads(export_itinerary(trip, "geojson"))
    points = [f["properties"] for f in geo["features"] if f["properties"]["feature"] == "stop"]
    assert [(p["title"], dt.datetime.fromisoformat(p["arrive"])) for p in points] == expected

    kml = etree.fromstring(export_itinerary(trip, "kml"))
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    placemarks = [
        p for p in kml.iterfind(".//k:Placemark", ns) if p.find("k:Point", ns) is not None
    ]
    assert [
        (
            p.findtext("k:name", namespaces=ns).split(". ", 1)[1],  # type: ignore[union-attr]
            dt.datetime.fromisoformat(p.findtext("k:TimeSpan/k:begin", namespaces=ns) or ""),
        )
        for p in placemarks
    ] == expected

    rows = list(csv.DictReader(io.StringIO(export_itinerary(trip, "csv").decode(), newline="")))
    assert [
        (r["title"], dt.datetime.fromisoformat(f"{r['date']}T{r['arrive']}+07:00")) for r in rows
    ] == expected

    events = Calendar.from_ical(export_itinerary(trip, "ics")).walk("VEVENT")
    calendar = [_calendar_entry(s) for s in stops if s.kind in EVENT_KINDS]
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == calendar
    assert [str(r["title"]) for r in rows] == [stop_title(s) for s in stops]

    sheet = export_itinerary(trip, "md").decode() + export_itinerary(trip, "html").decode()
    for stop in stops:
        assert (stop.name_en or stop.name) in sheet
        assert stop.arrive.strftime("%H:%M") in sheet or stop.depart.strftime("%H:%M") in sheet


def _calendar_entry(stop: Stop) -> tuple[str, dt.datetime]:
    """A stop as the calendar shows it: the day's start and end are moments; lunch says lunch."""
    if stop.kind is StopKind.START:
        return f"Leave {stop.name_en or stop.name}", stop.depart.astimezone(dt.UTC)
    if stop.kind is StopKind.END:
        return f"Back at {stop.name_en or stop.name}", stop.arrive.astimezone(dt.UTC)
    return stop_title(stop), stop.arrive.astimezone(dt.UTC)


def test_bundle_writes_every_format(trip: Itinerary, tmp_path: Path) -> None:
    out = tmp_path / "new" / "dir"
    written = write_bundle(trip, out)
    assert [p.name for p in written] == [f"trip.{f.extension}" for f in FORMATS.values()]
    assert load_itinerary(out / "trip.json") == trip
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)


def test_same_trip_twice_is_byte_identical(trip: Itinerary, tmp_path: Path) -> None:
    first = write_bundle(trip, tmp_path / "a")
    second = write_bundle(trip, tmp_path / "b")
    for one, two in zip(first, second, strict=True):
        assert one.read_bytes() == two.read_bytes(), one.name


def test_only_the_creation_time_differs(trip: Itinerary) -> None:
    later = dataclasses.replace(trip, created=trip.created + dt.timedelta(days=3))  # type: ignore[operator]
    for fmt in FORMATS:
        one = export_itinerary(trip, fmt).decode("utf-8").splitlines()
        two = export_itinerary(later, fmt).decode("utf-8").splitlines()
        assert len(one) == len(two), fmt
        changed = [(a, b) for a, b in zip(one, two, strict=True) if a != b]
        for a, b in changed:
            assert ("2024-12-01" in a or "20241201" in a) and (
                "2024-12-04" in b or "20241204" in b
            ), (fmt, a, b)


def test_bundle_refuses_before_writing_anything(trip: Itinerary, tmp_path: Path) -> None:
    (tmp_path / "trip.kml").write_text("mine", encoding="utf-8")
    with pytest.raises(OverwriteRefusedError, match=r"trip\.kml exists; use --force"):
        write_bundle(trip, tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["trip.kml"]
    assert (tmp_path / "trip.kml").read_text(encoding="utf-8") == "mine"
    written = write_bundle(trip, tmp_path, force=True, formats=["kml", "csv"], stem="hanoi")
    assert [p.name for p in written] == ["hanoi.kml", "hanoi.csv"]
    write_bundle(trip, tmp_path, force=True)
    assert (tmp_path / "trip.kml").read_bytes() == export_itinerary(trip, "kml")


def test_unknown_format(trip: Itinerary, tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="unknown export format 'pdf'"):
        export_itinerary(trip, "pdf")
    with pytest.raises(BadInputError, match="unknown export format"):
        write_bundle(trip, tmp_path, formats=["ics", "pdf"])
    assert list(tmp_path.iterdir()) == []


def test_empty_trip_exports(trip: Itinerary) -> None:
    empty = dataclasses.replace(trip, days=(), skipped=())
    for fmt in FORMATS:
        assert export_itinerary(empty, fmt)
