"""CSV: read back with the csv module to the same stops; BOM on request; formulas defused."""

from __future__ import annotations

import csv
import dataclasses
import io

from teatrip.export import export_itinerary
from teatrip.export.csv import COLUMNS
from teatrip.models import Itinerary


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_rows_match_stops(trip: Itinerary) -> None:
    data = export_itinerary(trip, "csv")
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.split(b"\r\n", 1)[0].decode() == ",".join(COLUMNS)
    rows = _rows(data)
    expected = [(d, n, s) for d in trip.days for n, s in enumerate(d.stops, 1)]
    assert len(rows) == len(expected)
    for row, (day, order, stop) in zip(rows, expected, strict=True):
        assert row["day"] == str(day.number) and row["date"] == day.date.isoformat()
        assert row["order"] == str(order)
        assert (row["site"], row["name"], row["name_en"]) == (stop.site, stop.name, stop.name_en)
        assert (float(row["lat"]), float(row["lon"])) == (stop.lat, stop.lon)
        assert row["arrive"] == stop.arrive.strftime("%H:%M")
        assert row["depart"] == stop.depart.strftime("%H:%M")
        assert row["visit_minutes"] == str(stop.visit_minutes)
        assert row["wait_minutes"] == str(stop.wait_minutes)
        assert row["check_hours"] == ("yes" if stop.check_hours else "no")
        assert row["fee_vnd"] == ("" if stop.fee_vnd is None else str(stop.fee_vnd))
    first_leg = trip.days[0].legs[0]
    assert rows[0]["leg_km"] == "14.2" and rows[0]["leg_minutes"] == str(first_leg.duration_s // 60)
    assert rows[5]["leg_km"] == ""  # last stop of day 1


def test_bom_for_excel(trip: Itinerary) -> None:
    data = export_itinerary(trip, "csv", bom=True)
    assert data.startswith(b"\xef\xbb\xbfday,date,")
    assert len(_rows(data)) == sum(len(d.stops) for d in trip.days)


def test_hostile_text_survives(hostile: Itinerary) -> None:
    rows = _rows(export_itinerary(hostile, "csv"))
    assert rows[1]["name"] == '<script>alert(1)</script> & "Tea"'
    assert "]]>" in rows[1]["notes"] and "\n" in rows[1]["notes"] and ";" in rows[1]["notes"]
    assert rows[1]["activity"] == '<img src=x onerror=alert(2)> "quoted", comma; semicolon'


def test_formula_injection_is_defused(trip: Itinerary) -> None:
    day = trip.days[0]
    stops = list(day.stops)
    stops[1] = dataclasses.replace(stops[1], name='=HYPERLINK("http://x","y")', activity="-1+2")
    it = dataclasses.replace(trip, days=(dataclasses.replace(day, stops=tuple(stops)),))
    rows = _rows(export_itinerary(it, "csv"))
    assert rows[1]["name"] == '\'=HYPERLINK("http://x","y")'
    assert rows[1]["activity"] == "'-1+2"
