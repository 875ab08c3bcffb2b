"""ICS: re-read by icalendar with the same events, times, VTIMEZONE and stable UIDs."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar

from teatrip.export import export_itinerary
from teatrip.export.ics import EVENT_KINDS
from teatrip.models import Itinerary


def _events(data: bytes) -> list[Calendar]:
    calendar = Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_one_event_per_visit_with_zone_and_times(trip: Itinerary) -> None:
    data = export_itinerary(trip, "ics")
    calendar = Calendar.from_ical(data)
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Asia/Ho_Chi_Minh"]
    stops = [s for d in trip.days for s in d.stops if s.kind in EVENT_KINDS]
    events = _events(data)
    assert len(events) == len(stops) == 10
    for event, stop in zip(events, stops, strict=True):
        assert str(event["SUMMARY"]) == stop.name
        start = event.decoded("DTSTART")
        assert start == stop.arrive and event.decoded("DTEND") == stop.depart
        assert event["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
        assert start.utcoffset() == dt.timedelta(hours=7)
        assert event.decoded("DTSTAMP") == dt.datetime(2024, 12, 1, 13, 15, tzinfo=dt.UTC)
        geo = event["GEO"]
        assert (geo.latitude, geo.longitude) == (stop.lat, stop.lon)
        assert stop.name in str(event["LOCATION"])
    assert b"DTSTART;TZID=Asia/Ho_Chi_Minh:20241205T080500" in data
    assert b"\r\n" in data


def test_description_has_fee_notes_and_check_hours(trip: Itinerary) -> None:
    events = {str(e["SUMMARY"]): e for e in _events(export_itinerary(trip, "ics"))}
    temple = str(events["Đền Đuổm"]["DESCRIPTION"])
    assert "check hours" in temple and "Note: Hours unknown: call ahead" in temple
    assert "Fee: 20,000 ₫" in str(events["Bảo tàng Văn hóa các dân tộc Việt Nam"]["DESCRIPTION"])
    assert "Event: tea-festival-2024" in str(events["Quảng trường Võ Nguyên Giáp"]["DESCRIPTION"])


def test_uids_are_stable_and_unique(trip: Itinerary) -> None:
    first = [str(e["UID"]) for e in _events(export_itinerary(trip, "ics"))]
    resaved = dataclasses.replace(trip, created=dt.datetime(2025, 1, 1, tzinfo=ZoneInfo("UTC")))
    again = [str(e["UID"]) for e in _events(export_itinerary(resaved, "ics"))]
    assert first == again
    assert len(set(first)) == len(first)
    other = dataclasses.replace(trip, request=dataclasses.replace(trip.request, seed=99))
    assert set(first).isdisjoint(str(e["UID"]) for e in _events(export_itinerary(other, "ics")))


def test_no_geo_without_coordinates(trip: Itinerary) -> None:
    day = trip.days[0]
    stops = list(day.stops)
    stops[1] = dataclasses.replace(stops[1], lat=0.0, lon=0.0)
    it = dataclasses.replace(trip, days=(dataclasses.replace(day, stops=tuple(stops)),))
    events = _events(export_itinerary(it, "ics"))
    assert "GEO" not in events[0] and "GEO" in events[1]


def test_hostile_text_is_escaped(hostile: Itinerary) -> None:
    data = export_itinerary(hostile, "ics")
    events = _events(data)
    assert str(events[0]["SUMMARY"]) == '<script>alert(1)</script> & "Tea"'
    description = str(events[0]["DESCRIPTION"])
    assert 'ask for "Bà Hoa"' in description and "line one\nline two" in description
    # no raw line break from catalog text may start a new iCalendar property
    for line in data.split(b"\r\n"):
        assert not line.startswith(b"line two")
        assert not line.startswith(b"bring cash")
