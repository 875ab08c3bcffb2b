"""The ``sites`` and ``waypoints`` sections, with the locations, seasons and fees they hold."""

from __future__ import annotations

from typing import Any

from teatrip.catalog.fields import Fields, bad_window
from teatrip.catalog.opening_hours import read_hours
from teatrip.catalog.problems import Invalid, entry_label
from teatrip.formatting import say
from teatrip.models import (
    Capacity,
    Fee,
    Kind,
    Location,
    Precision,
    Season,
    Site,
    Slot,
    TimeWindow,
    Waypoint,
)
from teatrip.yamlsafe import Path_

__all__ = ["read_site", "read_waypoint"]

_SITE_FIELDS = {
    "id", "name", "name_en", "aka", "kind", "location", "visit", "visit_estimated", "hours",
    "season", "score", "tags", "fee", "commune_2025", "address_pre2025", "description",
    "contact", "booking", "notes", "sources", "capacity", "description_vi", "notes_vi",
}  # fmt: skip
_SITE_REQUIRED = ("id", "name", "name_en", "kind", "location", "visit", "hours", "score")
_LOCATION_FIELDS = {"lat", "lon", "precision", "source", "date"}
_LOCATION_REQUIRED = ("lat", "lon", "precision", "source")
_SEASON_FIELDS = {"best_months", "note", "note_vi", "source"}
_FEE_FIELDS = {"adult_vnd", "child_vnd", "note", "note_vi", "source"}
_WAYPOINT_FIELDS = {"id", "name", "location"}
_CAPACITY_FIELDS = {"visitors", "beds", "slots", "source"}
_SLOT_FIELDS = {"start", "minutes", "capacity"}
_MAX_PEOPLE = 100_000


def read_site(r: Fields, value: Any, where: Path_) -> Site:
    label = entry_label("site", value, where, "id")
    site = r.mapping(value, where, label, "")
    r.check_fields(site, where, label, _SITE_FIELDS, _SITE_REQUIRED)
    site_id = r.required_id(site, where, label, example=True)
    name = r.required_text(site, "name", where, label)
    name_en = r.required_text(site, "name_en", where, label)
    kind = None
    if "kind" in site:
        kind = r.optional(lambda: r.choice(site["kind"], (*where, "kind"), label, "kind", Kind))
    location = None
    if "location" in site:
        location = r.optional(
            lambda: read_location(r, site["location"], (*where, "location"), label)
        )
    visit = None
    if "visit" in site:
        visit = r.optional(
            lambda: r.whole(site["visit"], (*where, "visit"), label, "visit", low=0, high=24 * 60)
        )
    visit_estimated = r.flag(site, "visit_estimated", where, label)
    hours = None
    if "hours" in site:
        hours = r.optional(lambda: read_hours(r, site["hours"], (*where, "hours"), label))
    score = None
    if "score" in site:
        score = r.optional(
            lambda: r.whole(site["score"], (*where, "score"), label, "score", low=0, high=10)
        )
    season = None
    if site.get("season") is not None:
        season = r.optional(lambda: _read_season(r, site["season"], (*where, "season"), label))
    fee = None
    if site.get("fee") is not None:
        fee = r.optional(lambda: _read_fee(r, site["fee"], (*where, "fee"), label))
    tags = tuple(
        tag.lower() for tag in r.text_list(site.get("tags"), (*where, "tags"), label, "tags")
    )
    capacity = None
    if site.get("capacity") is not None and kind is not None:
        capacity = r.optional(
            lambda: _read_capacity(r, site["capacity"], (*where, "capacity"), label, kind)
        )
    if kind is None or location is None or visit is None or hours is None or score is None:
        raise Invalid
    return Site(
        id=site_id,
        name=name,
        name_en=name_en,
        kind=kind,
        location=location,
        visit_minutes=visit,
        visit_estimated=visit_estimated,
        hours=hours,
        score=score,
        tags=tags,
        aka=r.text_list(site.get("aka"), (*where, "aka"), label, "aka"),
        season=season,
        fee=fee,
        commune_2025=r.text(site, "commune_2025", where, label),
        address_pre2025=r.text(site, "address_pre2025", where, label),
        description=r.text(site, "description", where, label),
        contact=r.text(site, "contact", where, label),
        booking=r.text(site, "booking", where, label),
        notes=r.text(site, "notes", where, label),
        sources=r.text_list(site.get("sources"), (*where, "sources"), label, "sources"),
        line=r.doc.line(where),
        capacity=capacity,
        description_vi=r.text(site, "description_vi", where, label),
        notes_vi=r.text(site, "notes_vi", where, label),
    )


def read_waypoint(r: Fields, value: Any, where: Path_) -> Waypoint:
    label = entry_label("waypoint", value, where, "id")
    waypoint = r.mapping(value, where, label, "")
    r.check_fields(waypoint, where, label, _WAYPOINT_FIELDS, ("id", "name", "location"))
    waypoint_id = r.required_id(waypoint, where, label)
    name = r.required_text(waypoint, "name", where, label)
    if "location" not in waypoint:
        raise Invalid
    location = read_location(r, waypoint["location"], (*where, "location"), label)
    return Waypoint(waypoint_id, name, location, r.doc.line(where))


def read_location(r: Fields, value: Any, where: Path_, label: str) -> Location:
    location = r.mapping(value, where, label, "location")
    r.check_fields(location, where, label, _LOCATION_FIELDS, _LOCATION_REQUIRED, "location.")
    precision: Precision | None = None
    if "precision" in location:
        precision = r.optional(
            lambda: r.choice(
                location["precision"], (*where, "precision"), label, "location.precision", Precision
            )
        )
    source = r.required_text(location, "source", where, label, prefix="location.")
    lat, lon = r.lat_lon(location, where, label, "location.")
    day = None
    if location.get("date") is not None:
        day = r.optional(lambda: r.date(location["date"], (*where, "date"), label, "location.date"))
    elif precision is Precision.GEOCODED:
        # A geocoder's answer changes as its map does: the date says which answer this was.
        r.problem(
            where, label, "location.date", say("a geocoded point needs the date it was found")
        )
    if precision is None:
        raise Invalid
    return Location(lat, lon, precision, source, day)


def _read_season(r: Fields, value: Any, where: Path_, label: str) -> Season:
    season = r.mapping(value, where, label, "season")
    r.check_fields(season, where, label, _SEASON_FIELDS, (), "season.")
    months: set[int] = set()
    raw_months = season.get("best_months") or []
    if not isinstance(raw_months, list):
        r.problem(
            (*where, "best_months"),
            label,
            "season.best_months",
            say("must be a list of months 1-12"),
        )
        raw_months = []
    for index, month in enumerate(raw_months):
        month_where = (*where, "best_months", index)
        try:
            months.add(r.whole(month, month_where, label, "season.best_months", low=1, high=12))
        except Invalid:
            continue
    return Season(
        frozenset(months),
        r.text(season, "note", where, label, prefix="season."),
        r.text(season, "source", where, label, prefix="season."),
        r.text(season, "note_vi", where, label, prefix="season."),
    )


def _read_fee(r: Fields, value: Any, where: Path_, label: str) -> Fee:
    fee = r.mapping(value, where, label, "fee")
    r.check_fields(fee, where, label, _FEE_FIELDS, (), "fee.")

    def amount(key: str) -> int | None:
        if fee.get(key) is None:
            return None
        return r.whole(fee[key], (*where, key), label, f"fee.{key}", low=0, high=100_000_000)

    return Fee(
        amount("adult_vnd"),
        amount("child_vnd"),
        r.text(fee, "note", where, label, prefix="fee."),
        r.text(fee, "source", where, label, prefix="fee."),
        r.text(fee, "note_vi", where, label, prefix="fee."),
    )


def _read_capacity(r: Fields, value: Any, where: Path_, label: str, kind: Kind) -> Capacity:
    """``{visitors: N}`` at once, ``{beds: N}`` a night (lodging only), or ``{slots: [...]}``."""
    capacity = r.mapping(value, where, label, "capacity")
    r.check_fields(capacity, where, label, _CAPACITY_FIELDS, (), "capacity.")

    def people(key: str) -> int | None:
        if capacity.get(key) is None:
            return None
        return r.whole(
            capacity[key], (*where, key), label, f"capacity.{key}", low=1, high=_MAX_PEOPLE
        )

    visitors, beds = people("visitors"), people("beds")
    lodging = kind is Kind.LODGING
    if beds is not None and not lodging:
        r.problem((*where, "beds"), label, "capacity.beds", say("only a lodging has beds"))
    if lodging and (visitors is not None or capacity.get("slots")):
        r.problem(where, label, "capacity", say("a lodging gives beds, not visitors or slots"))
    slots: list[Slot] = []
    raw = capacity.get("slots") or []
    if not isinstance(raw, list):
        r.problem((*where, "slots"), label, "capacity.slots", say("must be a list of slots"))
        raw = []
    for index, item in enumerate(raw):
        try:
            slot = _read_slot(r, item, (*where, "slots", index), label)
        except Invalid:
            continue
        if slots and slot.start < slots[-1].start + slots[-1].minutes:
            r.problem(
                (*where, "slots", index),
                label,
                "capacity.slots",
                say("slots must be in time order and must not overlap"),
            )
            continue
        slots.append(slot)
    return Capacity(
        visitors, beds, tuple(slots), r.text(capacity, "source", where, label, prefix="capacity.")
    )


def _read_slot(r: Fields, value: Any, where: Path_, label: str) -> Slot:
    slot = r.mapping(value, where, label, "capacity.slots")
    r.check_fields(slot, where, label, _SLOT_FIELDS, tuple(sorted(_SLOT_FIELDS)), "capacity.slots.")
    if not slot.keys() >= _SLOT_FIELDS:
        raise Invalid
    name = "capacity.slots.start"
    try:
        start = TimeWindow.parse(f"{slot['start']}-24:00").start
    except ValueError:
        r.problem((*where, "start"), label, name, bad_window(f"{slot['start']}-24:00"))
        raise Invalid from None
    minutes = r.whole(
        slot["minutes"], (*where, "minutes"), label, "capacity.slots.minutes", low=1, high=24 * 60
    )
    if start + minutes > 24 * 60:
        r.problem(
            (*where, "minutes"),
            label,
            "capacity.slots.minutes",
            say("the slot ends after midnight"),
        )
        raise Invalid
    people = r.whole(
        slot["capacity"],
        (*where, "capacity"),
        label,
        "capacity.slots.capacity",
        low=1,
        high=_MAX_PEOPLE,
    )
    return Slot(start, minutes, people)
