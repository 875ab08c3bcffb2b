"""CSV export: a row per stop, UTF-8 with a header (optionally with a BOM for Excel).

The header row and the cells people read (title, status, roads, yes/no, activity, notes) are in
the current language; in English the header is :data:`COLUMNS` itself. Each row has the site's
``name`` and the ``title`` every export gives the stop (a lunch reads
"Lunch at/near ...", an event by its name); the ``event`` column names the event. Times are
wall-clock ``HH:MM`` in the itinerary's zone (the ``date`` column gives the day).
The leg columns describe the leg *to the next stop* and are empty on a day's last stop.
Text from the catalog that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, tab or carriage return) is prefixed with an apostrophe; numbers are left alone.
"""

from __future__ import annotations

import csv
import io

from teatrip.export.common import (
    day_stops,
    kind_word,
    local_clock,
    road_summary,
    stop_fact_lines,
    stop_heading,
)
from teatrip.formatting import event_name, minutes_of, stop_notes, what_to_do
from teatrip.i18n import N_, gettext
from teatrip.models import Itinerary

__all__ = ["COLUMNS", "column_titles", "spreadsheet_text", "to_csv"]

COLUMNS: tuple[str, ...] = (
    "day",
    "date",
    "order",
    "site",
    "name",
    "name_en",
    "title",
    "status",
    "lat",
    "lon",
    "arrive",
    "start",
    "depart",
    "visit_minutes",
    "wait_minutes",
    "leg_km",
    "leg_minutes",
    "leg_roads",
    "fee_vnd",
    "check_hours",
    "event",
    "activity",
    "notes",
)

# What each column is called for people, in the current language (English keeps the keys).
_TITLES: dict[str, str] = {
    "day": N_("day"),
    "date": N_("date"),
    "order": N_("order"),
    "site": N_("site"),
    "name": N_("name"),
    "name_en": N_("name_en"),
    "title": N_("title"),
    "status": N_("status"),
    "lat": N_("lat"),
    "lon": N_("lon"),
    "arrive": N_("arrive"),
    "start": N_("start"),
    "depart": N_("depart"),
    "visit_minutes": N_("visit_minutes"),
    "wait_minutes": N_("wait_minutes"),
    "leg_km": N_("leg_km"),
    "leg_minutes": N_("leg_minutes"),
    "leg_roads": N_("leg_roads"),
    "fee_vnd": N_("fee_vnd"),
    "check_hours": N_("check_hours"),
    "event": N_("event"),
    "activity": N_("activity"),
    "notes": N_("notes"),
}


def column_titles() -> list[str]:
    """The header row: :data:`COLUMNS` as people read them in the current language."""
    return [gettext(_TITLES[column]) for column in COLUMNS]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    """Catalog text, defused for spreadsheets."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_csv(it: Itinerary, *, bom: bool = False) -> bytes:
    """The trip's stops as CSV (RFC 4180, CRLF line ends); ``bom`` adds a UTF-8 BOM for Excel."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column_titles())
    for day in it.days:
        for item in day_stops(day):
            stop, leg = item.stop, item.leg
            writer.writerow(
                [
                    day.number,
                    day.date.isoformat(),
                    item.order,
                    spreadsheet_text(stop.site),
                    spreadsheet_text(stop.name),
                    spreadsheet_text(stop.name_en),
                    spreadsheet_text(stop_heading(stop)),
                    kind_word(stop.kind),
                    f"{stop.lat:.6f}",
                    f"{stop.lon:.6f}",
                    local_clock(it, stop.arrive),
                    local_clock(it, stop.start),
                    local_clock(it, stop.depart),
                    stop.visit_minutes,
                    stop.wait_minutes,
                    "" if leg is None else f"{leg.distance_m / 1000:.1f}",
                    "" if leg is None else minutes_of(leg.duration_s),
                    "" if leg is None else spreadsheet_text(road_summary(leg)),
                    "" if stop.fee_vnd is None else stop.fee_vnd,
                    gettext("yes") if stop.check_hours else gettext("no"),
                    spreadsheet_text(event_name(stop)),
                    spreadsheet_text(what_to_do(stop)),
                    spreadsheet_text(" | ".join([*stop_notes(stop), *stop_fact_lines(it, stop)])),
                ]
            )
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")
