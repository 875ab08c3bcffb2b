"""The saved itinerary: exact round trips, and clear errors for documents teatrip cannot use."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from teatrip.errors import BadInputError, OverwriteRefusedError
from teatrip.itinerary_io import (
    dumps_itinerary,
    itinerary_from_dict,
    itinerary_to_dict,
    load_itinerary,
    loads_itinerary,
    save_itinerary,
)
from teatrip.models import (
    ITINERARY_VERSION,
    DayPlan,
    HoursStatus,
    Itinerary,
    Leg,
    LunchRule,
    Mode,
    Pace,
    RoadStretch,
    Skipped,
    Stop,
    StopKind,
    SunTimes,
    TimeWindow,
    TripRequest,
)
from tests.helpers.trips import TZ_NAME, hostile_itinerary, sample_itinerary

# ------------------------------------------------------------------------------- round trips


def test_hand_built_round_trip() -> None:
    it = sample_itinerary()
    assert itinerary_from_dict(itinerary_to_dict(it)) == it
    assert loads_itinerary(dumps_itinerary(it)) == it


def test_hostile_round_trip() -> None:
    it = hostile_itinerary()
    assert loads_itinerary(dumps_itinerary(it).encode("utf-8")) == it


def test_document_shape() -> None:
    doc = itinerary_to_dict(sample_itinerary())
    assert doc["format"] == "teatrip-itinerary"
    assert doc["version"] == ITINERARY_VERSION
    assert doc["timezone"] == TZ_NAME
    day = doc["days"][0]
    assert list(day)[:4] == ["number", "date", "start", "end"]
    assert day["date"] == "2024-12-05"
    assert day["stops"][0]["depart"] == "2024-12-05T07:30:00+07:00"
    assert {"site", "name", "lat", "lon", "arrive", "depart"} <= set(day["stops"][1])
    assert doc["skipped"][0] == {
        "site": "ho-song-cong",
        "name": "Hồ Sông Công",
        "reason": "avoided on request",
        "code": "avoided",
    }
    assert doc["request"]["day_window"] == "07:30-17:30"


def test_json_text_is_readable_utf8_and_stable() -> None:
    it = sample_itinerary()
    text = dumps_itinerary(it)
    assert "Vùng chè Tân Cương" in text  # no \u escapes
    assert text == dumps_itinerary(loads_itinerary(text))
    assert text.endswith("}\n")


def test_loaded_times_are_in_the_region_zone() -> None:
    it = loads_itinerary(dumps_itinerary(sample_itinerary()))
    arrive = it.days[0].stops[1].arrive
    assert arrive.tzinfo == ZoneInfo(TZ_NAME)
    assert arrive.isoformat() == "2024-12-05T08:05:00+07:00"


def test_save_and_load(tmp_path: Path) -> None:
    it = sample_itinerary()
    path = tmp_path / "trip.json"
    save_itinerary(it, path)
    assert load_itinerary(path) == it
    with pytest.raises(OverwriteRefusedError, match="use --force"):
        save_itinerary(it, path)
    save_itinerary(hostile_itinerary(), path, force=True)
    assert load_itinerary(path) == hostile_itinerary()


# ------------------------------------------------------------------------------- hypothesis

_ZONES = ["Asia/Ho_Chi_Minh", "UTC", "Europe/Paris", "America/St_Johns", "Asia/Kathmandu"]
_text = st.text(max_size=20)
_ids = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-0123456789", min_size=1, max_size=12)


def _moments(zone: str) -> st.SearchStrategy[dt.datetime]:
    # Real instants only: a wall time skipped by a DST change (02:30 on a spring-forward day)
    # names no instant, so no serialisation can give it back; planners never produce one.
    # Times are in the itinerary's own zone, as the planner makes them: PEP 495 makes an
    # ambiguous (fold) time unequal to every instant of another zone, so a mixed-zone original
    # could not compare equal to its faithful reload.
    return st.datetimes(
        min_value=dt.datetime(1990, 1, 1),
        max_value=dt.datetime(2090, 1, 1),
        timezones=st.just(ZoneInfo(zone)),
        allow_imaginary=False,
    )


_windows = st.builds(
    lambda a, b: TimeWindow(min(a, b), max(a, b)),
    st.integers(0, 1440),
    st.integers(0, 1440),
)
_lat = st.floats(-90, 90, allow_nan=False)
_lon = st.floats(-180, 180, allow_nan=False)


@st.composite
def _itineraries(draw: st.DrawFn) -> Itinerary:
    zone = draw(st.sampled_from(_ZONES))
    moment = _moments(zone)
    request = TripRequest(
        start=draw(st.dates()),
        days=draw(st.integers(1, 30)),  # the limits a loaded request is held to
        start_site=draw(_ids),
        stays=tuple(draw(st.lists(st.tuples(st.integers(1, 30), _ids), max_size=3))),
        mode=draw(st.sampled_from(Mode)),
        day_window=draw(_windows),
        lunch=draw(st.none() | st.builds(LunchRule, _windows, st.integers(0, 240))),
        must=tuple(draw(st.lists(_ids, max_size=3))),
        avoid=tuple(draw(st.lists(_ids, max_size=3))),
        interests=tuple(draw(st.lists(_text, max_size=3))),
        pace=draw(st.sampled_from(Pace)),
        max_drive_minutes=draw(st.none() | st.integers(1, 1000)),
        golden_hour=draw(st.booleans()),
        budget_s=draw(st.none() | st.floats(0, 600, allow_nan=False)),
        seed=draw(st.integers(-(2**63) + 1, 2**63 - 1)),
        catalog=draw(_text),
        roads=draw(_text),
    )
    stop = st.builds(
        Stop,
        site=_ids,
        name=_text,
        name_en=_text,
        kind=st.sampled_from(StopKind),
        lat=_lat,
        lon=_lon,
        arrive=moment,
        start=moment,
        depart=moment,
        wait_minutes=st.integers(0, 600),
        visit_minutes=st.integers(0, 600),
        fee_vnd=st.none() | st.integers(0, 10**7),
        check_hours=st.booleans(),
        event=st.none() | _ids,
        activity=_text,
        notes=st.lists(_text, max_size=3).map(tuple),
        coordinates_precision=_text,
        lunch_start=st.none() | moment,
        lunch_end=st.none() | moment,
        hours=st.lists(_windows, max_size=3).map(tuple),
        hours_status=st.none() | st.sampled_from(HoursStatus),
        contact=_text,
        booking=_text,
    )
    leg = st.builds(
        Leg,
        from_site=_ids,
        to_site=_ids,
        depart=moment,
        arrive=moment,
        distance_m=st.integers(0, 10**6),
        duration_s=st.integers(0, 10**6),
        estimated=st.booleans(),
        roads=st.lists(
            st.builds(RoadStretch, _text, st.integers(0, 10**6), st.integers(0, 10**6), _text),
            max_size=3,
        ).map(tuple),
        geometry=st.lists(st.tuples(_lat, _lon), max_size=5).map(tuple),
        after_dark=st.booleans(),
    )
    sun = st.builds(
        SunTimes,
        moment,
        moment,
        moment,
        moment,
        st.tuples(moment, moment),
        st.tuples(moment, moment),
    )
    days = []
    for number in range(1, draw(st.integers(0, 3)) + 1):
        stops = tuple(draw(st.lists(stop, max_size=4)))
        legs = tuple(
            draw(st.lists(leg, min_size=max(len(stops) - 1, 0), max_size=max(len(stops) - 1, 0)))
        )
        days.append(
            DayPlan(
                number=number,
                date=draw(st.dates()),
                start=draw(moment),
                end=draw(moment),
                stops=stops,
                legs=legs,
                sun=draw(st.none() | sun),
                warnings=tuple(draw(st.lists(_text, max_size=2))),
            )
        )
    return Itinerary(
        version=ITINERARY_VERSION,
        request=request,
        timezone=zone,
        region=draw(_text),
        days=tuple(days),
        skipped=tuple(draw(st.lists(st.builds(Skipped, _ids, _text, _text, _text), max_size=3))),
        created=draw(st.none() | moment),
        warnings=tuple(draw(st.lists(_text, max_size=2))),
    )


@pytest.mark.slow  # 150 generated trips: several seconds
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_itineraries())
def test_generated_round_trip(it: Itinerary) -> None:
    assert itinerary_from_dict(itinerary_to_dict(it)) == it
    text = dumps_itinerary(it)
    again = loads_itinerary(text)
    assert again == it
    assert dumps_itinerary(again) == dumps_itinerary(loads_itinerary(dumps_itinerary(again)))


# ------------------------------------------------------------------------------- bad documents


def _doc() -> dict[str, Any]:
    return json.loads(dumps_itinerary(sample_itinerary()))  # type: ignore[no-any-return]


def test_foreign_document_is_refused() -> None:
    with pytest.raises(BadInputError, match=r"trip\.json: format: not a teatrip itinerary"):
        itinerary_from_dict({"type": "FeatureCollection", "features": []}, source="trip.json")


def test_too_new_version_is_refused() -> None:
    doc = _doc()
    doc["version"] = ITINERARY_VERSION + 1
    with pytest.raises(BadInputError, match=r"trip\.json: version: written by a newer teatrip"):
        itinerary_from_dict(doc, source="trip.json")


def test_every_problem_is_reported_with_its_field() -> None:
    doc = _doc()
    doc["days"][0]["stops"][2]["arrive"] = "08:05"
    doc["days"][1]["stops"][1]["kind"] = "party"
    doc["days"][2]["legs"][0]["geometry"][1] = [95.0, 105.0]
    del doc["request"]["mode"]
    doc["timezone"] = "Mars/Olympus"
    with pytest.raises(BadInputError) as caught:
        itinerary_from_dict(doc, source="trip.json")
    message = str(caught.value)
    assert "trip.json: days[0].stops[2].arrive: expected an ISO 8601 time" in message
    assert "trip.json: days[1].stops[1].kind: unknown value 'party'" in message
    assert "trip.json: days[2].legs[0].geometry[1][0]: latitude 95.0 is outside -90..90" in message
    assert "trip.json: request.mode: missing" in message
    assert "trip.json: timezone: unknown IANA time zone 'Mars/Olympus'" in message


def test_naive_time_is_refused() -> None:
    doc = _doc()
    doc["created"] = "2024-12-01T20:15:00"
    with pytest.raises(BadInputError, match=r"created: time .* has no UTC offset"):
        itinerary_from_dict(doc, source="trip.json")


def test_leg_count_must_match_stops() -> None:
    doc = _doc()
    doc["days"][0]["legs"].pop()
    with pytest.raises(BadInputError, match=r"days\[0\]\.legs: a day with 6 stops needs 5 legs"):
        itinerary_from_dict(doc, source="trip.json")


def test_not_an_object() -> None:
    with pytest.raises(BadInputError, match="expected a JSON object"):
        itinerary_from_dict([], source="trip.json")  # type: ignore[arg-type]


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.json"
    with pytest.raises(BadInputError, match=r"nope\.json: no such file"):
        load_itinerary(missing)
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "teatrip-itinerary",', encoding="utf-8")
    with pytest.raises(BadInputError, match=r"broken\.json:1:\d+: not valid JSON"):
        load_itinerary(broken)
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"name": "chè"}'.encode("latin-1"))
    with pytest.raises(BadInputError, match=r"latin\.json: not UTF-8"):
        load_itinerary(latin)


def test_naive_times_cannot_be_saved() -> None:
    it = sample_itinerary()
    naive = dt.datetime(2024, 12, 1, 20, 0)
    bad = Itinerary(**{**it.__dict__, "created": naive})
    with pytest.raises(ValueError, match="timezone-aware"):
        dumps_itinerary(bad)


# ------------------------------------------------------------------------------- version 1


def _version_1(doc: dict[str, Any], stop: dict[str, Any], notes: list[str]) -> dict[str, Any]:
    """``doc`` as teatrip wrote it before stop facts had fields: ``stop`` says them in notes."""
    doc["version"] = 1
    for day in doc["days"]:
        for item in day["stops"]:
            for key in ("lunch_start", "lunch_end", "hours", "hours_status", "contact", "booking"):
                del item[key]
    stop["notes"] = notes
    return doc


def test_a_version_1_trip_loads_with_its_facts_as_fields() -> None:
    doc = _doc()
    assert ITINERARY_VERSION == 3
    stop = doc["days"][0]["stops"][1]
    notes = [
        "event: Festival",
        "lunch on site during the visit (60 min, about 12:00-13:00)",
        "open 07:00-11:30, 13:30-17:00 that day (estimated hours)",
        "contact: phone 0208 123",
        "booking: call a day ahead",
        "in season: picking",
    ]
    loaded = itinerary_from_dict(_version_1(doc, stop, notes), source="old.json")
    assert loaded.version == ITINERARY_VERSION
    got = loaded.days[0].stops[1]
    assert got.notes == ("in season: picking",)  # free text stays a note
    assert got.event_name == "Festival"  # the event's name is a field since version 3
    assert got.lunch_start is not None and got.lunch_end is not None
    assert got.lunch_start.isoformat() == "2024-12-05T12:00:00+07:00"
    assert got.lunch_end - got.lunch_start == dt.timedelta(hours=1)
    assert got.hours == (TimeWindow.parse("07:00-11:30"), TimeWindow.parse("13:30-17:00"))
    assert got.hours_status is HoursStatus.ESTIMATED
    assert (got.contact, got.booking) == ("phone 0208 123", "call a day ahead")
    # saved again, it is a current document that loads back equal
    assert loads_itinerary(dumps_itinerary(loaded)) == loaded
    assert json.loads(dumps_itinerary(loaded))["version"] == ITINERARY_VERSION


def test_a_version_1_stop_without_facts_keeps_its_notes() -> None:
    doc = _doc()
    stop = doc["days"][0]["stops"][1]
    notes = ["open whenever the owner is home", "contact the guide first"]
    got = itinerary_from_dict(_version_1(doc, stop, notes)).days[0].stops[1]
    assert got.notes == tuple(notes)
    assert (got.hours, got.hours_status, got.contact, got.lunch_start) == ((), None, "", None)


def test_a_current_document_needs_its_stop_facts() -> None:
    doc = _doc()
    del doc["days"][0]["stops"][1]["hours_status"]
    doc["days"][0]["stops"][1]["hours"] = ["9-5"]
    with pytest.raises(BadInputError) as caught:
        itinerary_from_dict(doc, source="trip.json")
    message = str(caught.value)
    assert "trip.json: days[0].stops[1].hours_status: missing" in message
    assert "trip.json: days[0].stops[1].hours[0]: expected a time window" in message
