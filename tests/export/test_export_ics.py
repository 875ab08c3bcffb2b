"""ICS: re-read by icalendar with the same events, times, VTIMEZONE and stable UIDs."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from zoneinfo import ZoneInfo

from icalendar import Calendar

from teatrip.export import export_itinerary
from teatrip.export.common import stop_heading as stop_title
from teatrip.export.ics import EVENT_KINDS
from teatrip.models import Itinerary, StopKind


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
    assert len(events) == len(stops) == 16
    for event, stop in zip(events, stops, strict=True):
        start = event.decoded("DTSTART")
        if stop.kind is StopKind.START:  # the day's start is a moment: when the group leaves
            assert str(event["SUMMARY"]) == f"Leave {stop.name_en or stop.name}"
            assert start == stop.depart and "DTEND" not in event
        elif stop.kind is StopKind.END:
            assert str(event["SUMMARY"]) == f"Back at {stop.name_en or stop.name}"
            assert start == stop.arrive and "DTEND" not in event
        else:
            assert str(event["SUMMARY"]) == stop_title(stop)
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
    temple = str(events["Duom Temple"]["DESCRIPTION"])
    assert "check hours" in temple and "Note: Hours unknown: call ahead" in temple
    assert "Fee: 20,000 ₫" in str(
        events["Museum of Cultures of Vietnam's Ethnic Groups"]["DESCRIPTION"]
    )
    festival = str(events["Lễ hội Trà Thái Nguyên 2024 (Vo Nguyen Giap Square)"]["DESCRIPTION"])
    assert "Event: Lễ hội Trà Thái Nguyên 2024" in festival  # by name, not by id
    assert "tea-festival-2024" not in festival and "Note: event:" not in festival


def test_lunch_is_titled_lunch_not_the_nearby_site(trip: Itinerary) -> None:
    titles = [str(e["SUMMARY"]) for e in _events(export_itinerary(trip, "ics"))]
    lunches = [t for t in titles if t.startswith("Lunch")]
    assert len(lunches) == 2
    assert all(" at " in t or " near " in t for t in lunches)
    assert all(a != b for a, b in itertools.pairwise(titles))  # no title twice in a row


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
    assert "GEO" in events[0] and "GEO" not in events[1] and "GEO" in events[2]


def test_hostile_text_is_escaped(hostile: Itinerary) -> None:
    data = export_itinerary(hostile, "ics")
    events = _events(data)
    assert str(events[1]["SUMMARY"]) == '<script>alert(1)</script> & "Tea"'
    description = str(events[1]["DESCRIPTION"])
    assert 'ask for "Bà Hoa"' in description and "line one\nline two" in description
    # no raw line break from catalog text may start a new iCalendar property
    for line in data.split(b"\r\n"):
        assert not line.startswith(b"line two")
        assert not line.startswith(b"bring cash")
