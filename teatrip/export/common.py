"""What every export shares: names, times, numbers, descriptions, UIDs and map links.

Each format module builds its file from these helpers so that names, order and times agree across
formats: a stop is called by :func:`stop_name` everywhere (its Vietnamese name, or in English its
English name where the catalog has one), numbered by its 1-based place in its day, and its times
are shown in the itinerary's own time zone.

Every word a person reads is put in the current language (:func:`teatrip.i18n.current`) here:
labels through gettext, dates and numbers through :mod:`teatrip.formatting`, the planner's
sentences through :func:`teatrip.formatting.word`. Machine keys (ids, property names, enum
values) stay the same in every language.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlencode
from zoneinfo import ZoneInfo

from teatrip import __version__
from teatrip.formatting import (
    clock_of,
    date_day,
    duration,
    duration_s,
    event_name,
    km,
    leg_duration,
    money,
    place_name,
    stop_fees,
    stop_notes,
    what_to_do,
    why,
    word,
)
from teatrip.i18n import N_, current, gettext, ngettext
from teatrip.models import DayPlan, HoursStatus, Itinerary, Leg, Mode, Precision, Stop, StopKind
from teatrip.network import ACCESS_ROAD_NAME, NEARBY_ROAD_NAME

__all__ = [
    "GENERATOR",
    "MAX_WAYPOINTS",
    "PAID_KINDS",
    "DayStop",
    "day_directions_links",
    "day_fees",
    "day_focus_name",
    "day_heading",
    "day_line",
    "day_path",
    "day_stops",
    "day_title",
    "directions_links",
    "has_coordinates",
    "is_approximate",
    "kind_label",
    "kind_word",
    "leg_roads_text",
    "local",
    "local_clock",
    "nav_query",
    "nav_target",
    "other_name",
    "place_link",
    "precision_m",
    "precision_text",
    "road_name",
    "road_summary",
    "skipped_reason",
    "stamp",
    "stop_description_lines",
    "stop_fact_lines",
    "stop_heading",
    "stop_name",
    "stop_times",
    "stop_uid",
    "sun_line",
    "travel_mode",
    "trip_title",
]

GENERATOR = f"teatrip {__version__}"
MAX_WAYPOINTS = (
    9  # Google Maps directions URLs accept at most 9 waypoints besides origin/destination
)

_UID_NAMESPACE = uuid.UUID("6f1f5a0e-7a43-5c6e-9d52-4b7e1c2a9a11")  # fixed: teatrip's own namespace

_KIND_LABELS: dict[StopKind, str] = {
    StopKind.START: N_("Start"),
    StopKind.VISIT: N_("Visit"),
    StopKind.EVENT: N_("Event"),
    StopKind.LUNCH: N_("Lunch"),
    StopKind.END: N_("End"),
}
# The same kinds as a word inside a sentence or a spreadsheet cell; in English the enum's value.
_KIND_WORDS: dict[StopKind, str] = {
    StopKind.START: N_("start"),
    StopKind.VISIT: N_("visit"),
    StopKind.EVENT: N_("event"),
    StopKind.LUNCH: N_("lunch"),
    StopKind.END: N_("end"),
}


#: Stops that may charge a fee (lodging at the start and end does not count).
PAID_KINDS = (StopKind.VISIT, StopKind.EVENT, StopKind.LUNCH)


@dataclass(frozen=True)
class DayStop:
    """A stop with its place in the trip and the leg that leaves it (``None`` for the last)."""

    day: DayPlan
    order: int  # 1-based within the day
    stop: Stop
    leg: Leg | None


def day_stops(day: DayPlan) -> Iterator[DayStop]:
    """The day's stops in visit order, each with the leg to the next stop."""
    for index, stop in enumerate(day.stops):
        leg = day.legs[index] if index < len(day.legs) else None
        yield DayStop(day, index + 1, stop, leg)


# ------------------------------------------------------------------------------ times


def local(it: Itinerary, moment: dt.datetime) -> dt.datetime:
    """``moment`` in the itinerary's time zone (naive values are taken to be local already)."""
    zone = ZoneInfo(it.timezone)
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def local_clock(it: Itinerary, moment: dt.datetime) -> str:
    """``"07:30"``: the wall-clock time at the trip, shown on every sheet."""
    return clock_of(local(it, moment))


def sun_line(it: Itinerary, day: DayPlan) -> str:
    """``"Dawn 05:58, sunrise 06:21, ...; golden hour 06:21–07:02 and 16:33–17:14"`` or ``""``."""
    sun = day.sun
    if sun is None:
        return ""

    def clock(moment: dt.datetime) -> str:
        return local_clock(it, moment)

    return gettext(
        "Dawn {dawn}, sunrise {sunrise}, sunset {sunset}, dusk {dusk}; "
        "golden hour {morning} and {evening}"
    ).format(
        dawn=clock(sun.dawn),
        sunrise=clock(sun.sunrise),
        sunset=clock(sun.sunset),
        dusk=clock(sun.dusk),
        morning=f"{clock(sun.golden_morning[0])}–{clock(sun.golden_morning[1])}",
        evening=f"{clock(sun.golden_evening[0])}–{clock(sun.golden_evening[1])}",
    )


def stamp(it: Itinerary) -> dt.datetime:
    """The moment an export is stamped with: when the trip was saved (UTC).

    Using the saved ``created`` time rather than "now" makes two exports of one saved trip
    byte-identical. A trip saved without one is stamped with its first departure.
    """
    if it.created is not None:
        return local(it, it.created).astimezone(dt.UTC)
    if it.days:
        return local(it, it.days[0].start).astimezone(dt.UTC)
    return dt.datetime(
        it.request.start.year, it.request.start.month, it.request.start.day, tzinfo=dt.UTC
    )


# ------------------------------------------------------------------------------ words and numbers


def kind_label(kind: StopKind) -> str:
    """``"Visit"`` / ``"Tham quan"``: a stop's kind as a label."""
    return gettext(_KIND_LABELS[kind])


def kind_word(kind: StopKind) -> str:
    """``"visit"`` / ``"tham quan"``: a stop's kind inside a sentence or a cell (in English the
    kind's own value, which older readers of the CSV know)."""
    return gettext(_KIND_WORDS[kind])


def stop_name(stop: Stop) -> str:
    """What a stop is called for the reader: :func:`teatrip.formatting.place_name`."""
    return place_name(stop.name, stop.name_en)


def other_name(stop: Stop) -> str:
    """The stop's name in the other language, shown under its name where it helps: in English
    the Vietnamese name (the one on signs and that locals use); in Vietnamese none ("")."""
    if current() == "en" and stop.name_en and stop.name_en != stop.name:
        return stop.name
    return ""


def stop_heading(stop: Stop) -> str:
    """What a calendar, a list or a map calls a stop: lunch reads as lunch with where, an event
    by its name at its venue, a visit by the site's name (:func:`stop_name`)."""
    if stop.kind is StopKind.LUNCH:
        # The planner says "Lunch at X" where the site serves food, else a break near it.
        if stop.activity.startswith("Lunch at "):
            return gettext("Lunch at {place}").format(place=stop_name(stop))
        return gettext("Lunch near {place}").format(place=stop_name(stop))
    if stop.kind is StopKind.EVENT and event_name(stop):
        return f"{event_name(stop)} ({stop_name(stop)})"
    return stop_name(stop)


def skipped_reason(reason: str) -> str:
    """Why a site was left out, in the reader's language."""
    return word(reason)


def trip_title(it: Itinerary) -> str:
    """``"Thai Nguyen tea region: 3 days from Thu 05 Dec 2024"``."""
    days = len(it.days)
    first = it.days[0].date if it.days else it.request.start
    return ngettext("{region}: {n} day from {date}", "{region}: {n} days from {date}", days).format(
        region=word(it.region) or gettext("Trip"), n=days, date=date_day(first)
    )


def day_focus_name(day: DayPlan) -> str:
    """The name of the day's focus visit for the reader ("" for a day without visits)."""
    return next((stop_name(s) for s in day.stops if day.focus and s.site == day.focus), "")


def day_heading(day: DayPlan) -> str:
    """``"Day 1"`` / ``"Ngày 1"``: how a day's page, folder and track begin."""
    return gettext("Day {n}").format(n=day.number)


def day_title(day: DayPlan) -> str:
    """``"Day 1 — Thu 05 Dec 2024 — Tân Cương specialty tea area"``."""
    title = f"{day_heading(day)} — {date_day(day.date)}"
    focus = day_focus_name(day)
    return f"{title} — {focus}" if focus else title


_ROAD_WORDS = {
    ACCESS_ROAD_NAME: N_("local access road"),
    NEARBY_ROAD_NAME: N_("nearby roads (approximate positions)"),
}


def road_name(name: str) -> str:
    """A road's name: its own (``"QL3"``), or our words for the roads the network names."""
    if not name:
        return gettext("unnamed road")
    return gettext(_ROAD_WORDS[name]) if name in _ROAD_WORDS else name


def road_summary(leg: Leg) -> str:
    """``"QL3 8.5 km, ĐT 270 5.7 km"``; road names in order, consecutive repeats merged."""
    merged: list[tuple[str, int]] = []
    for stretch in leg.roads:
        name = road_name(stretch.road)
        if merged and merged[-1][0] == name:
            merged[-1] = (name, merged[-1][1] + stretch.distance_m)
        else:
            merged.append((name, stretch.distance_m))
    return ", ".join(f"{name} {km(metres)}" for name, metres in merged)


def leg_roads_text(leg: Leg) -> str:
    """The roads of a leg for a sheet; a lunch where the group already is has no travel."""
    if leg.distance_m == 0 and leg.duration_s == 0:
        return gettext("same place, no travel")
    return road_summary(leg) or gettext("roads unknown")


def day_line(day: DayPlan) -> str:
    """``"62.5 km, 1 h 34 min on the road, fees 20,000 ₫"``."""
    return gettext("{distance}, {time} on the road, fees {fees}").format(
        distance=km(day.distance_m), time=duration_s(day.driving_s), fees=day_fees(day)
    )


def day_fees(day: DayPlan) -> str:
    """The day's entrance fees per person, worded by :func:`teatrip.formatting.fees`.

    Most fees are not published; a day whose fees are all unknown reads "unknown (N sites)",
    never "free".
    """
    return stop_fees(day.stops)


def day_path(day: DayPlan) -> list[tuple[float, float]]:
    """The day's (lat, lon) path: each leg's geometry, or a straight line when it has none."""
    path: list[tuple[float, float]] = []
    for index, leg in enumerate(day.legs):
        points = list(leg.geometry)
        if len(points) < 2 and index + 1 < len(day.stops):
            here, there = day.stops[index], day.stops[index + 1]
            points = [(here.lat, here.lon), (there.lat, there.lon)]
        for point in points:
            if not path or path[-1] != point:
                path.append(point)
    return path


def has_coordinates(stop: Stop) -> bool:
    """Whether the stop has a usable point (not missing, not the 0,0 placeholder)."""
    finite = math.isfinite(stop.lat) and math.isfinite(stop.lon)
    return finite and not (stop.lat == 0.0 and stop.lon == 0.0)


def stop_fact_lines(it: Itinerary, stop: Stop, *, with_why: bool = True) -> list[str]:
    """A stop's facts in words, for the formats that print its notes: why it was chosen (unless
    ``with_why`` is false, for sheets that show it beside the name), lunch on site, that day's
    opening hours (not when nobody knows them), contact and booking."""
    lines: list[str] = []
    if stop.chosen_for and with_why:
        lines.append(gettext("Why: {why}").format(why=why(stop.chosen_for)))
    if stop.lunch_start is not None and stop.lunch_end is not None:
        lines.append(
            gettext("Lunch on site during the visit: {start}-{end}").format(
                start=local_clock(it, stop.lunch_start), end=local_clock(it, stop.lunch_end)
            )
        )
    if stop.hours:
        hours = ", ".join(str(w) for w in stop.hours)
        if stop.hours_status is HoursStatus.ESTIMATED:
            lines.append(gettext("Open that day: {hours} (estimated)").format(hours=hours))
        else:
            lines.append(gettext("Open that day: {hours}").format(hours=hours))
    if stop.contact:
        lines.append(gettext("Contact: {contact}").format(contact=stop.contact))
    if stop.booking:
        lines.append(gettext("Booking: {booking}").format(booking=stop.booking))
    return lines


def stop_times(it: Itinerary, stop: Stop) -> str:
    """``"Arrive 09:00, wait 30 min, start 09:30, leave 11:00"`` in words."""
    if stop.kind is StopKind.START:
        return gettext("Leave {time}").format(time=local_clock(it, stop.depart))
    arrive = gettext("Arrive {time}").format(time=local_clock(it, stop.arrive))
    if stop.kind is StopKind.END:
        return arrive
    parts = [arrive]
    if stop.wait_minutes:
        parts.append(
            gettext("wait {time}, start {start}").format(
                time=duration(stop.wait_minutes), start=local_clock(it, stop.start)
            )
        )
    parts.append(gettext("leave {time}").format(time=local_clock(it, stop.depart)))
    return ", ".join(parts)


def stop_description_lines(it: Itinerary, item: DayStop) -> list[str]:
    """Plain-text lines describing a stop; each format escapes them its own way."""
    stop = item.stop
    lines: list[str] = []
    if other_name(stop):
        lines.append(other_name(stop))
    lines.append(
        gettext("Day {day}, stop {order} ({kind})").format(
            day=item.day.number, order=item.order, kind=kind_word(stop.kind)
        )
    )
    if stop.kind is StopKind.EVENT and event_name(stop):
        lines.append(gettext("Event: {event}").format(event=event_name(stop)))
    if todo := what_to_do(stop):
        lines.append(todo)
    lines.append(stop_times(it, stop))
    if stop.visit_minutes:
        lines.append(gettext("Visit: {time}").format(time=duration(stop.visit_minutes)))
    if stop.kind in PAID_KINDS:
        lines.append(gettext("Fee: {fee}").format(fee=money(stop.fee_vnd)))
    if stop.check_hours:
        lines.append(gettext("Opening hours not confirmed: check hours before going"))
    lines.extend(gettext("Note: {note}").format(note=note) for note in stop_notes(stop))
    lines.extend(stop_fact_lines(it, stop))
    if is_approximate(stop):
        lines.append(
            gettext("{precision}; navigate by name: {query}").format(
                precision=precision_text(stop), query=nav_query(stop)
            )
        )
    if item.leg is not None:
        leg = item.leg
        roads = road_summary(leg)
        if leg.estimated and roads:
            template = gettext("Next: {distance}, {time} (estimated) via {roads}")
        elif leg.estimated:
            template = gettext("Next: {distance}, {time} (estimated)")
        elif roads:
            template = gettext("Next: {distance}, {time} via {roads}")
        else:
            template = gettext("Next: {distance}, {time}")
        lines.append(
            template.format(distance=km(leg.distance_m), time=leg_duration(leg), roads=roads)
        )
    return lines


# ------------------------------------------------------------------------------ approximate points


def _precision(stop: Stop) -> Precision | None:
    try:
        return Precision(stop.coordinates_precision)
    except ValueError:
        return None


def is_approximate(stop: Stop) -> bool:
    """Whether the stop's point stands for its commune or city, not the place itself."""
    precision = _precision(stop)
    return precision is not None and precision is not Precision.EXACT


def precision_m(stop: Stop) -> int | None:
    """How far the place may typically be from the stored point, in metres (None: not known)."""
    precision = _precision(stop)
    return None if precision is None else precision.uncertainty_m


_PRECISION_WORDS = {
    Precision.COMMUNE: N_("the point of its commune"),
    Precision.COMMUNE_CENTROID: N_("the centre of its commune"),
    Precision.CITY: N_("a city-level point"),
    Precision.ESTIMATED: N_("a point placed by hand"),
}


def precision_text(stop: Stop) -> str:
    """``"Approximate point (the centre of its commune): the place may be ~5 km away"``."""
    precision = _precision(stop)
    if precision is None or precision is Precision.EXACT:
        return gettext("Surveyed point")
    return gettext("Approximate point ({what}): the place may be ~{distance} away").format(
        what=gettext(_PRECISION_WORDS[precision]), distance=km(precision.uncertainty_m)
    )


#: Longest place search put in a navigation link (longer names are cut).
NAV_QUERY_CHARS = 120


def nav_query(stop: Stop) -> str:
    """What to search for to find the place: ``"HTX chè Hảo Đạt, Xã Tân Cương"``.

    Bracketed asides of the name ("(khu lưu trú)") and of the commune ("(ward not verified)")
    are left out: they are notes for readers, and they would only confuse the search.
    """
    name = stop.name.split(" (")[0].strip() or stop.name
    commune = stop.commune.split(" (")[0].strip()
    query = f"{name}, {commune}" if commune and commune not in name else name
    # A search needs a name, not a book: a catalog's runaway name must not make links unusable.
    return query[:NAV_QUERY_CHARS]


def nav_target(stop: Stop) -> tuple[float, float] | str:
    """Where navigation should go: the point when it is the place, else a search by name."""
    return nav_query(stop) if is_approximate(stop) else (stop.lat, stop.lon)


# ------------------------------------------------------------------------------ identifiers


def _request_key(it: Itinerary) -> str:
    from teatrip.itinerary_io import request_to_dict

    text = json.dumps(request_to_dict(it.request), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stop_uid(it: Itinerary, item: DayStop) -> str:
    """A UID that is the same every time this trip is exported (request + day + order + site)."""
    key = f"{_request_key(it)}|{item.day.date.isoformat()}|{item.order}|{item.stop.site}"
    return f"{uuid.uuid5(_UID_NAMESPACE, key)}@teatrip"


# ------------------------------------------------------------------------------ map links


def travel_mode(mode: Mode) -> str:
    """Google Maps ``travelmode`` for a trip mode (the URL API has no two-wheeler mode)."""
    return {
        Mode.CAR: "driving",
        Mode.MOTORBIKE: "driving",
        Mode.BICYCLE: "bicycling",
        Mode.WALK: "walking",
    }[mode]


def _point(lat: float, lon: float) -> str:
    return f"{lat:.6f},{lon:.6f}"


def _place(target: tuple[float, float] | str) -> str:
    return target if isinstance(target, str) else _point(*target)


def place_link(stop: Stop) -> str:
    """A Google Maps link to the stop: its point, or a search by name where the point is only
    its commune's or city's (several sites would otherwise share one pin)."""
    query = urlencode({"api": "1", "query": _place(nav_target(stop))}, safe=",", quote_via=quote)
    return f"https://www.google.com/maps/search/?{query}"


def day_directions_links(day: DayPlan, mode: Mode) -> list[str]:
    """Google Maps directions through the day's stops, each one by :func:`nav_target`; a stop
    where the group already is (lunch on site) is not repeated."""
    targets: list[tuple[float, float] | str] = []
    for stop in day.stops:
        target = nav_target(stop)
        if has_coordinates(stop) and (not targets or targets[-1] != target):
            targets.append(target)
    return directions_links(targets, mode)


def directions_links(
    points: Sequence[tuple[float, float] | str],
    mode: Mode,
    *,
    max_waypoints: int = MAX_WAYPOINTS,
) -> list[str]:
    """Google Maps direction links through ``points`` in order: (lat, lon) or a place to search.

    Each link holds at most ``max_waypoints`` waypoints between its origin and destination;
    longer days get several links, each starting where the previous one ended.
    """
    if len(points) < 2:
        return []
    links: list[str] = []
    step = max_waypoints + 1
    for first in range(0, len(points) - 1, step):
        chunk = points[first : first + step + 1]
        params = {
            "api": "1",
            "origin": _place(chunk[0]),
            "destination": _place(chunk[-1]),
        }
        if len(chunk) > 2:
            params["waypoints"] = "|".join(_place(p) for p in chunk[1:-1])
        params["travelmode"] = travel_mode(mode)
        links.append(
            "https://www.google.com/maps/dir/?" + urlencode(params, safe=",", quote_via=quote)
        )
    return links
