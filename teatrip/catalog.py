"""Catalog YAML -> model objects, with validation that reports every problem at once.

Validation is written out by hand rather than delegated to a schema library: the messages a guide
needs ("hours.mon: closes (07:00) before it opens (17:00)", "unknown field 'vist' (did you mean
'visit'?)") and cross-checks between sections (roads and events naming unknown ids) are most of
the work, and each problem must carry the line it came from. ``yamlsafe`` provides the lines.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from teatrip.errors import CatalogError, Problem
from teatrip.lookup import find_site
from teatrip.models import (
    WEEKDAYS,
    Catalog,
    DateRange,
    Event,
    Fee,
    HoursStatus,
    Kind,
    Location,
    LunarDate,
    Mode,
    OpeningHours,
    Precision,
    Region,
    Road,
    RoadClass,
    Season,
    Site,
    TimeWindow,
    Waypoint,
    parse_clock,
)
from teatrip.yamlsafe import Document, Path_, read_yaml

__all__ = ["Validation", "default_catalog_path", "find_site", "load_catalog", "validate_catalog"]

CATALOG_VERSION = 1
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_EARTH_RADIUS_KM = 6371.0

T = TypeVar("T")


def default_catalog_path() -> Path:
    """The shipped Thai Nguyen catalog, wherever the package is installed."""
    package = Path(__file__).resolve().parent
    installed = package / "data" / "hills.yaml"  # a wheel ships data/ inside the package
    if installed.is_file():
        return installed
    return package.parent / "data" / "hills.yaml"  # a source checkout or an editable install


@dataclass
class Validation:
    """The outcome of checking a catalog: the catalog (when it could be built) and all problems."""

    path: str
    catalog: Catalog | None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def load_catalog(path: Path | str | None = None, *, strict: bool = False) -> Catalog:
    """Load and validate a catalog (the shipped one when ``path`` is None).

    Raises CatalogError listing every error (and, with ``strict``, every warning).
    """
    validation = validate_catalog(path)
    blocking = validation.problems if strict else validation.errors
    if blocking or validation.catalog is None:
        raise CatalogError(blocking or validation.problems)
    return validation.catalog


def validate_catalog(path: Path | str | None = None, *, check_roads: bool = False) -> Validation:
    """Check a catalog file and collect every problem; never raises for bad content.

    With ``check_roads`` the road graph is built too, so sites that no road reaches are reported.
    """
    file_path = Path(path) if path is not None else default_catalog_path()
    shown = str(path) if path is not None else _display_default(file_path)
    try:
        document = read_yaml(file_path, display=shown)
    except CatalogError as error:
        return Validation(shown, None, list(error.problems))
    reader = _CatalogReader(document)
    catalog = reader.read()
    problems = reader.problems
    if catalog is not None and check_roads and not any(p.severity == "error" for p in problems):
        from teatrip import roads

        problems = [*problems, *roads.check_connectivity(catalog)]
    problems.sort(key=lambda p: (p.line or 0, p.severity != "error"))
    has_errors = any(p.severity == "error" for p in problems)
    return Validation(shown, None if has_errors else catalog, problems)


#: How messages and saved trips name the shipped catalog, wherever it is installed.
SHIPPED_CATALOG_NAME = "data/hills.yaml"


def _display_default(file_path: Path) -> str:
    # Messages about the shipped file name it as people know it, not by its site-packages path.
    return SHIPPED_CATALOG_NAME if file_path.name == "hills.yaml" else str(file_path)


# ---------------------------------------------------------------------------------------------
# Field schema
# ---------------------------------------------------------------------------------------------

_TOP_FIELDS = {"version", "region", "sites", "waypoints", "roads", "events"}
_REGION_FIELDS = {"name", "timezone", "centre", "radius_km", "speeds", "winding"}
_SITE_FIELDS = {
    "id", "name", "name_en", "aka", "kind", "location", "visit", "visit_estimated", "hours",
    "season", "score", "tags", "fee", "commune_2025", "address_pre2025", "description",
    "contact", "booking", "notes", "sources",
}  # fmt: skip
_SITE_REQUIRED = ("id", "name", "name_en", "kind", "location", "visit", "hours", "score")
_LOCATION_FIELDS = {"lat", "lon", "precision", "source"}
_HOURS_FIELDS = {"status", "daily", *WEEKDAYS, "closed", "lunar_days", "source", "note"}
_SEASON_FIELDS = {"best_months", "note", "source"}
_FEE_FIELDS = {"adult_vnd", "child_vnd", "note", "source"}
_WAYPOINT_FIELDS = {"id", "name", "location"}
_ROAD_FIELDS = {"name", "class", "via", "km", "source"}
_EVENT_FIELDS = {
    "id", "name", "name_en", "site", "dates", "lunar", "hours", "fixed_start", "visit",
    "score_bonus", "site_estimated", "description", "sources",
}  # fmt: skip


class _Invalid(Exception):
    """A field could not be read; the problem is already recorded."""


class _CatalogReader:
    """Walks a YAML document, builds the models and records every problem on the way."""

    def __init__(self, document: Document) -> None:
        self.doc = document
        self.problems: list[Problem] = []

    # -- reporting -----------------------------------------------------------------------------

    def problem(
        self, where: Path_, label: str, field_name: str, message: str, *, warning: bool = False
    ) -> None:
        self.problems.append(
            Problem(
                self.doc.path,
                self.doc.line(where),
                label,
                field_name,
                message,
                "warning" if warning else "error",
            )
        )

    # -- top level -----------------------------------------------------------------------------

    def read(self) -> Catalog | None:
        data: dict[str, Any] = self.doc.data
        self.check_fields(data, (), "", _TOP_FIELDS, ("version", "region", "sites"))
        version = data.get("version", CATALOG_VERSION)
        if "version" in data and version != CATALOG_VERSION:
            self.problem(("version",), "", "version", f"unsupported version {version!r}; use 1")
        region = self.optional(lambda: self.read_region(data.get("region")))
        sites = self.read_list(data, "sites", self.read_site, required=True)
        waypoints = self.read_list(data, "waypoints", self.read_waypoint)
        # References are checked against every id the file declares, even on entries that had
        # problems of their own, so one bad site does not also make every road through it "unknown".
        site_ids = self.check_unique_ids(data, ("sites",))
        places = site_ids | self.check_unique_ids(data, ("waypoints",), taken=site_ids)
        roads = self.read_list(data, "roads", lambda v, p: self.read_road(v, p, places))
        events = self.read_list(data, "events", lambda v, p: self.read_event(v, p, site_ids))
        self.check_unique_ids(data, ("events",))
        if region is not None:
            self.warn_far_away(data, region, sites, waypoints)
        if region is None or any(p.severity == "error" for p in self.problems):
            return None
        return Catalog(
            path=self.doc.path,
            version=CATALOG_VERSION,
            region=region,
            sites=tuple(sites),
            waypoints=tuple(waypoints),
            roads=tuple(roads),
            events=tuple(events),
        )

    def optional(self, read: Callable[[], T]) -> T | None:
        try:
            return read()
        except _Invalid:
            return None

    def read_list(
        self,
        data: Mapping[str, Any],
        key: str,
        read_item: Callable[[Any, Path_], T],
        *,
        required: bool = False,
    ) -> list[T]:
        value = data.get(key)
        if value is None:
            if required and key in data:
                self.problem((key,), "", key, "must list at least one entry")
            return []
        if not isinstance(value, list):
            self.problem(
                (key,),
                "",
                key,
                f"must be a list (each entry starting with '-'), got {_kind(value)}",
            )
            return []
        if required and not value:
            self.problem((key,), "", key, "must list at least one entry")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(read_item(item, (key, index)))
            except _Invalid:
                continue
        return items

    # -- generic checks ------------------------------------------------------------------------

    def check_fields(
        self,
        value: Mapping[str, Any],
        where: Path_,
        label: str,
        allowed: Iterable[str],
        required: Sequence[str] = (),
        prefix: str = "",
    ) -> None:
        allowed = set(allowed)
        for key in value:
            if key not in allowed:
                close = difflib.get_close_matches(key, sorted(allowed), n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem((*where, key), label, prefix + key, f"unknown field{hint}")
        for key in required:
            if key not in value:
                self.problem(where, label, prefix + key, "missing required field")

    def mapping(self, value: Any, where: Path_, label: str, name: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            self.problem(where, label, name, f"must be a mapping of fields, got {_kind(value)}")
            raise _Invalid
        return value

    def text(
        self, value: Mapping[str, Any], key: str, where: Path_, label: str, *, prefix: str = ""
    ) -> str:
        item = value.get(key)
        if item is None:
            return ""
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            self.problem((*where, key), label, prefix + key, f"must be text, got {_kind(item)}")
            return ""
        return str(item).strip()

    def required_text(
        self, value: Mapping[str, Any], key: str, where: Path_, label: str, *, prefix: str = ""
    ) -> str:
        text = self.text(value, key, where, label, prefix=prefix)
        if key in value and not text:
            self.problem((*where, key), label, prefix + key, "must not be empty")
        return text

    def number(
        self,
        value: Any,
        where: Path_,
        label: str,
        name: str,
        *,
        low: float,
        high: float,
        integer: bool = False,
    ) -> float:
        ok_type = (int,) if integer else (int, float)
        if isinstance(value, bool) or not isinstance(value, ok_type):
            wanted = "a whole number" if integer else "a number"
            self.problem(where, label, name, f"must be {wanted}, got {_kind(value)}")
            raise _Invalid
        if not low <= value <= high or (isinstance(value, float) and math.isinf(value)):
            self.problem(
                where, label, name, f"{value} is out of range ({_fmt(low)} to {_fmt(high)})"
            )
            raise _Invalid
        return value

    def text_list(self, value: Any, where: Path_, label: str, name: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(where, label, name, f"must be a list of text, got {_kind(value)}")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.problem((*where, index), label, name, f"must be text, got {_kind(item)}")
                continue
            items.append(str(item).strip())
        return tuple(items)

    def choice(self, value: Any, where: Path_, label: str, name: str, enum: type[T]) -> T:
        options = [str(member.value) for member in enum]  # type: ignore[attr-defined]
        if value not in options:
            close = difflib.get_close_matches(str(value), options, n=1, cutoff=0.6)
            hint = f"did you mean '{close[0]}'? " if close else ""
            self.problem(
                where, label, name, f"unknown value {value!r}; {hint}one of: {', '.join(options)}"
            )
            raise _Invalid
        return enum(value)  # type: ignore[call-arg]

    def date(self, value: Any, where: Path_, label: str, name: str) -> dt.date:
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            self.problem(where, label, name, f"{text!r} is not a date (write YYYY-MM-DD)")
            raise _Invalid
        try:
            return dt.date.fromisoformat(text)
        except ValueError as error:
            self.problem(where, label, name, f"{text} is not a date that exists ({error})")
            raise _Invalid from None

    def date_ranges(self, value: Any, where: Path_, label: str, name: str) -> tuple[DateRange, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            value = [value]
        ranges = []
        for index, item in enumerate(value):
            item_where = (*where, index)
            text = str(item).strip()
            first, _, last = text.partition("..")
            try:
                start = self.date(first, item_where, label, name)
                end = self.date(last, item_where, label, name) if last else start
            except _Invalid:
                continue
            if end < start:
                self.problem(item_where, label, name, f"range {text} ends before it starts")
                continue
            ranges.append(DateRange(start, end))
        return tuple(ranges)

    def windows(self, value: Any, where: Path_, label: str, name: str) -> tuple[TimeWindow, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(
                where, label, name, f"must be a list of HH:MM-HH:MM windows, got {_kind(value)}"
            )
            raise _Invalid
        parsed: list[TimeWindow] = []
        for index, item in enumerate(value):
            item_where = (*where, index)
            try:
                window = TimeWindow.parse(str(item))
            except ValueError as error:
                self.problem(item_where, label, name, str(error))
                continue
            if window.end <= window.start:
                self.problem(
                    item_where,
                    label,
                    name,
                    f"{window} closes ({_clock(window.end)}) "
                    f"before it opens ({_clock(window.start)})",
                )
                continue
            parsed.append(window)
        parsed.sort()
        for earlier, later in itertools.pairwise(parsed):
            if later.start < earlier.end:
                self.problem(where, label, name, f"windows {earlier} and {later} overlap")
        return tuple(parsed)

    # -- sections ------------------------------------------------------------------------------

    def read_region(self, value: Any) -> Region:
        where: Path_ = ("region",)
        if value is None:
            raise _Invalid  # missing: already reported by check_fields
        region = self.mapping(value, where, "region", "region")
        self.check_fields(region, where, "region", _REGION_FIELDS, ("name", "timezone", "centre"))
        name = self.required_text(region, "name", where, "region")
        timezone = self.required_text(region, "timezone", where, "region")
        if timezone:
            self.check_timezone(timezone, (*where, "timezone"))
        centre_lat, centre_lon = 0.0, 0.0
        if "centre" in region:
            centre = self.mapping(region["centre"], (*where, "centre"), "region", "centre")
            self.check_fields(
                centre, (*where, "centre"), "region", {"lat", "lon"}, ("lat", "lon"), "centre."
            )
            centre_lat, centre_lon = self.lat_lon(centre, (*where, "centre"), "region", "centre.")
        radius = 80.0
        if "radius_km" in region:
            radius = self.number(
                region["radius_km"],
                (*where, "radius_km"),
                "region",
                "radius_km",
                low=1,
                high=20_000,
            )
        speeds = self.read_speeds(region.get("speeds"), (*where, "speeds"))
        winding = self.read_winding(region.get("winding"), (*where, "winding"))
        return Region(name, timezone, centre_lat, centre_lon, float(radius), speeds, winding)

    def check_timezone(self, timezone: str, where: Path_) -> None:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem(
                where,
                "region",
                "timezone",
                f"unknown time zone {timezone!r} (e.g. Asia/Ho_Chi_Minh)",
            )

    def read_speeds(self, value: Any, where: Path_) -> dict[str, dict[str, float]]:
        if value is None:
            return {}
        speeds = self.mapping(value, where, "region", "speeds")
        result: dict[str, dict[str, float]] = {}
        for mode_name, per_class in speeds.items():
            mode_where = (*where, mode_name)
            try:
                mode = self.choice(mode_name, mode_where, "region", "speeds", Mode)
                classes = self.mapping(per_class, mode_where, "region", f"speeds.{mode_name}")
            except _Invalid:
                continue
            result[mode.value] = {}
            for class_name, kmh in classes.items():
                class_where = (*mode_where, class_name)
                label = f"speeds.{mode_name}.{class_name}"
                try:
                    road_class = self.choice(class_name, class_where, "region", label, RoadClass)
                    speed = self.number(kmh, class_where, "region", label, low=0, high=200)
                except _Invalid:
                    continue
                result[mode.value][road_class.value] = float(speed)
        return result

    def read_winding(self, value: Any, where: Path_) -> dict[str, float]:
        if value is None:
            return {}
        winding = self.mapping(value, where, "region", "winding")
        result: dict[str, float] = {}
        for class_name, factor in winding.items():
            class_where = (*where, class_name)
            try:
                road_class = self.choice(class_name, class_where, "region", "winding", RoadClass)
                ratio = self.number(
                    factor, class_where, "region", f"winding.{class_name}", low=1, high=5
                )
            except _Invalid:
                continue
            result[road_class.value] = float(ratio)
        return result

    def lat_lon(
        self, value: Mapping[str, Any], where: Path_, label: str, prefix: str
    ) -> tuple[float, float]:
        lat = lon = None
        if "lat" in value:
            lat = self.optional(
                lambda: self.number(
                    value["lat"], (*where, "lat"), label, prefix + "lat", low=-90, high=90
                )
            )
        if "lon" in value:
            lon = self.optional(
                lambda: self.number(
                    value["lon"], (*where, "lon"), label, prefix + "lon", low=-180, high=180
                )
            )
        if lat is None or lon is None:
            raise _Invalid
        return float(lat), float(lon)

    def read_location(self, value: Any, where: Path_, label: str) -> Location:
        location = self.mapping(value, where, label, "location")
        self.check_fields(
            location, where, label, _LOCATION_FIELDS, tuple(sorted(_LOCATION_FIELDS)), "location."
        )
        precision: Precision | None = None
        if "precision" in location:
            precision = self.optional(
                lambda: self.choice(
                    location["precision"],
                    (*where, "precision"),
                    label,
                    "location.precision",
                    Precision,
                )
            )
        source = self.required_text(location, "source", where, label, prefix="location.")
        lat, lon = self.lat_lon(location, where, label, "location.")
        if precision is None:
            raise _Invalid
        return Location(lat, lon, precision, source)

    def read_site(self, value: Any, where: Path_) -> Site:
        label = _entry_label("site", value, where, "id")
        site = self.mapping(value, where, label, "")
        self.check_fields(site, where, label, _SITE_FIELDS, _SITE_REQUIRED)
        site_id = self.required_text(site, "id", where, label)
        if site_id and not _SLUG.match(site_id):
            self.problem(
                (*where, "id"),
                label,
                "id",
                "must be a slug: lowercase letters, digits and hyphens (e.g. tan-cuong)",
            )
        name = self.required_text(site, "name", where, label)
        name_en = self.required_text(site, "name_en", where, label)
        kind = (
            self.optional(
                lambda: self.choice(site.get("kind"), (*where, "kind"), label, "kind", Kind)
            )
            if "kind" in site
            else None
        )
        location = (
            self.optional(
                lambda: self.read_location(site.get("location"), (*where, "location"), label)
            )
            if "location" in site
            else None
        )
        visit = (
            self.optional(
                lambda: int(
                    self.number(
                        site.get("visit"),
                        (*where, "visit"),
                        label,
                        "visit",
                        low=0,
                        high=24 * 60,
                        integer=True,
                    )
                )
            )
            if "visit" in site
            else None
        )
        visit_estimated = self.flag(site, "visit_estimated", where, label)
        hours = (
            self.optional(lambda: self.read_hours(site.get("hours"), (*where, "hours"), label))
            if "hours" in site
            else None
        )
        score = (
            self.optional(
                lambda: int(
                    self.number(
                        site.get("score"),
                        (*where, "score"),
                        label,
                        "score",
                        low=0,
                        high=10,
                        integer=True,
                    )
                )
            )
            if "score" in site
            else None
        )
        season = (
            self.optional(lambda: self.read_season(site["season"], (*where, "season"), label))
            if site.get("season") is not None
            else None
        )
        fee = (
            self.optional(lambda: self.read_fee(site["fee"], (*where, "fee"), label))
            if site.get("fee") is not None
            else None
        )
        tags = tuple(
            tag.lower() for tag in self.text_list(site.get("tags"), (*where, "tags"), label, "tags")
        )
        if kind is None or location is None or visit is None or hours is None or score is None:
            raise _Invalid
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
            aka=self.text_list(site.get("aka"), (*where, "aka"), label, "aka"),
            season=season,
            fee=fee,
            commune_2025=self.text(site, "commune_2025", where, label),
            address_pre2025=self.text(site, "address_pre2025", where, label),
            description=self.text(site, "description", where, label),
            contact=self.text(site, "contact", where, label),
            booking=self.text(site, "booking", where, label),
            notes=self.text(site, "notes", where, label),
            sources=self.text_list(site.get("sources"), (*where, "sources"), label, "sources"),
            line=self.doc.line(where),
        )

    def flag(self, value: Mapping[str, Any], key: str, where: Path_, label: str) -> bool:
        item = value.get(key, False)
        if not isinstance(item, bool):
            self.problem((*where, key), label, key, f"must be true or false, got {_kind(item)}")
            return False
        return item

    def read_hours(self, value: Any, where: Path_, label: str) -> OpeningHours:
        hours = self.mapping(value, where, label, "hours")
        self.check_fields(hours, where, label, _HOURS_FIELDS, ("status",), "hours.")
        status = HoursStatus.UNKNOWN
        if "status" in hours:
            status = self.choice(
                hours["status"], (*where, "status"), label, "hours.status", HoursStatus
            )
        daily: tuple[TimeWindow, ...] = ()
        if "daily" in hours:
            daily = (
                self.optional(
                    lambda: self.windows(hours["daily"], (*where, "daily"), label, "hours.daily")
                )
                or ()
            )
        weekly: list[tuple[TimeWindow, ...]] = []
        any_windows = bool(daily)
        for day in WEEKDAYS:
            if day not in hours:
                weekly.append(daily)
                continue
            day_value = hours[day]
            if day_value == "closed" or day_value is None or day_value == []:
                weekly.append(())
                continue
            windows = self._day_windows(day_value, (*where, day), label, f"hours.{day}")
            any_windows = any_windows or bool(windows)
            weekly.append(windows)
        if status is HoursStatus.UNKNOWN and any_windows:
            self.problem(
                where,
                label,
                "hours.status",
                "is 'unknown' but windows are given; use 'estimated' for guessed hours",
            )
        if status is not HoursStatus.UNKNOWN and not any_windows:
            self.problem(
                where,
                label,
                "hours",
                f"status '{status.value}' needs opening windows (daily or per weekday)",
            )
        lunar_days = None
        if "lunar_days" in hours:
            days = hours["lunar_days"]
            if not isinstance(days, list) or not days:
                self.problem(
                    (*where, "lunar_days"),
                    label,
                    "hours.lunar_days",
                    "must be a list of lunar days (1-30)",
                )
            else:
                lunar = set()
                for index, day in enumerate(days):
                    try:
                        lunar.add(
                            int(
                                self.number(
                                    day,
                                    (*where, "lunar_days", index),
                                    label,
                                    "hours.lunar_days",
                                    low=1,
                                    high=30,
                                    integer=True,
                                )
                            )
                        )
                    except _Invalid:
                        continue
                lunar_days = frozenset(lunar)
        return OpeningHours(
            status=status,
            weekly=tuple(weekly),
            closed=self.date_ranges(hours.get("closed"), (*where, "closed"), label, "hours.closed"),
            lunar_days=lunar_days,
            source=self.text(hours, "source", where, label, prefix="hours."),
            note=self.text(hours, "note", where, label, prefix="hours."),
        )

    def _day_windows(
        self, value: Any, where: Path_, label: str, name: str
    ) -> tuple[TimeWindow, ...]:
        return self.optional(lambda: self.windows(value, where, label, name)) or ()

    def read_season(self, value: Any, where: Path_, label: str) -> Season:
        season = self.mapping(value, where, label, "season")
        self.check_fields(season, where, label, _SEASON_FIELDS, (), "season.")
        months: set[int] = set()
        raw_months = season.get("best_months") or []
        if not isinstance(raw_months, list):
            self.problem(
                (*where, "best_months"),
                label,
                "season.best_months",
                "must be a list of months 1-12",
            )
            raw_months = []
        for index, month in enumerate(raw_months):
            try:
                months.add(
                    int(
                        self.number(
                            month,
                            (*where, "best_months", index),
                            label,
                            "season.best_months",
                            low=1,
                            high=12,
                            integer=True,
                        )
                    )
                )
            except _Invalid:
                continue
        return Season(
            frozenset(months),
            self.text(season, "note", where, label, prefix="season."),
            self.text(season, "source", where, label, prefix="season."),
        )

    def read_fee(self, value: Any, where: Path_, label: str) -> Fee:
        fee = self.mapping(value, where, label, "fee")
        self.check_fields(fee, where, label, _FEE_FIELDS, (), "fee.")

        def amount(key: str) -> int | None:
            if fee.get(key) is None:
                return None
            return int(
                self.number(
                    fee[key],
                    (*where, key),
                    label,
                    f"fee.{key}",
                    low=0,
                    high=100_000_000,
                    integer=True,
                )
            )

        return Fee(
            amount("adult_vnd"),
            amount("child_vnd"),
            self.text(fee, "note", where, label, prefix="fee."),
            self.text(fee, "source", where, label, prefix="fee."),
        )

    def read_waypoint(self, value: Any, where: Path_) -> Waypoint:
        label = _entry_label("waypoint", value, where, "id")
        waypoint = self.mapping(value, where, label, "")
        self.check_fields(waypoint, where, label, _WAYPOINT_FIELDS, ("id", "name", "location"))
        waypoint_id = self.required_text(waypoint, "id", where, label)
        if waypoint_id and not _SLUG.match(waypoint_id):
            self.problem(
                (*where, "id"), label, "id", "must be a slug: lowercase letters, digits and hyphens"
            )
        name = self.required_text(waypoint, "name", where, label)
        if "location" not in waypoint:
            raise _Invalid
        location = self.read_location(waypoint["location"], (*where, "location"), label)
        return Waypoint(waypoint_id, name, location, self.doc.line(where))

    def read_road(self, value: Any, where: Path_, places: set[str]) -> Road:
        label = _entry_label("road", value, where, "name")
        road = self.mapping(value, where, label, "")
        self.check_fields(road, where, label, _ROAD_FIELDS, ("name", "class", "via"))
        name = self.required_text(road, "name", where, label)
        road_class = (
            self.optional(
                lambda: self.choice(road.get("class"), (*where, "class"), label, "class", RoadClass)
            )
            if "class" in road
            else None
        )
        if road_class is RoadClass.ACCESS:
            self.problem(
                (*where, "class"),
                label,
                "class",
                "'access' is reserved for edges teatrip adds itself",
            )
        via = self.text_list(road.get("via"), (*where, "via"), label, "via")
        if "via" in road and len(via) < 2:
            self.problem(
                (*where, "via"), label, "via", "must list at least two site or waypoint ids"
            )
        for index, place in enumerate(via):
            if place not in places:
                close = difflib.get_close_matches(place, sorted(places), n=1, cutoff=0.6)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                self.problem(
                    (*where, "via", index),
                    label,
                    "via",
                    f"unknown site or waypoint id {place!r}{hint}",
                )
        km = None
        if road.get("km") is not None:
            km = self.optional(
                lambda: float(
                    self.number(road["km"], (*where, "km"), label, "km", low=0.001, high=5_000)
                )
            )
        if road_class is None or len(via) < 2:
            raise _Invalid
        return Road(
            name, road_class, via, km, self.text(road, "source", where, label), self.doc.line(where)
        )

    def read_event(self, value: Any, where: Path_, site_ids: set[str]) -> Event:
        label = _entry_label("event", value, where, "id")
        event = self.mapping(value, where, label, "")
        self.check_fields(event, where, label, _EVENT_FIELDS, ("id", "name", "site"))
        event_id = self.required_text(event, "id", where, label)
        if event_id and not _SLUG.match(event_id):
            self.problem(
                (*where, "id"), label, "id", "must be a slug: lowercase letters, digits and hyphens"
            )
        site = self.required_text(event, "site", where, label)
        if site and site not in site_ids:
            close = difflib.get_close_matches(site, sorted(site_ids), n=1, cutoff=0.6)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            self.problem((*where, "site"), label, "site", f"unknown site id {site!r}{hint}")
        dates = self.date_ranges(event.get("dates"), (*where, "dates"), label, "dates")
        lunar_from = lunar_to = None
        if event.get("lunar") is not None:
            lunar_from, lunar_to = self.read_lunar(event["lunar"], (*where, "lunar"), label)
        if not dates and lunar_from is None and "dates" not in event and "lunar" not in event:
            self.problem(where, label, "dates", "an event needs `dates` or `lunar`")
        hours: tuple[TimeWindow, ...] = ()
        if event.get("hours") is not None:
            hours = (
                self.optional(
                    lambda: self.windows(event["hours"], (*where, "hours"), label, "hours")
                )
                or ()
            )
        fixed_start = None
        if event.get("fixed_start") is not None:
            try:
                fixed_start = parse_clock(str(event["fixed_start"]))
            except ValueError as error:
                self.problem((*where, "fixed_start"), label, "fixed_start", str(error))
        visit = None
        if event.get("visit") is not None:
            visit = self.optional(
                lambda: int(
                    self.number(
                        event["visit"],
                        (*where, "visit"),
                        label,
                        "visit",
                        low=1,
                        high=24 * 60,
                        integer=True,
                    )
                )
            )
        bonus = 0
        if event.get("score_bonus") is not None:
            bonus = (
                self.optional(
                    lambda: int(
                        self.number(
                            event["score_bonus"],
                            (*where, "score_bonus"),
                            label,
                            "score_bonus",
                            low=-10,
                            high=10,
                            integer=True,
                        )
                    )
                )
                or 0
            )
        return Event(
            id=event_id,
            name=self.required_text(event, "name", where, label),
            name_en=self.text(event, "name_en", where, label),
            site=site,
            dates=dates,
            lunar_from=lunar_from,
            lunar_to=lunar_to,
            hours=hours,
            fixed_start=fixed_start,
            visit_minutes=visit,
            score_bonus=bonus,
            site_estimated=self.flag(event, "site_estimated", where, label),
            description=self.text(event, "description", where, label),
            sources=self.text_list(event.get("sources"), (*where, "sources"), label, "sources"),
            line=self.doc.line(where),
        )

    def read_lunar(
        self, value: Any, where: Path_, label: str
    ) -> tuple[LunarDate | None, LunarDate | None]:
        try:
            lunar = self.mapping(value, where, label, "lunar")
        except _Invalid:
            return None, None
        self.check_fields(lunar, where, label, {"from", "to"}, ("from",), "lunar.")

        def day(key: str) -> LunarDate | None:
            text = str(lunar.get(key, "")).strip()
            match = re.fullmatch(r"(\d{1,2})-(\d{1,2})", text)
            if not match or not (1 <= int(match[1]) <= 12 and 1 <= int(match[2]) <= 30):
                self.problem(
                    (*where, key),
                    label,
                    f"lunar.{key}",
                    f"{text!r} is not a lunar month-day (e.g. 1-10)",
                )
                return None
            return LunarDate(int(match[1]), int(match[2]))

        first = day("from") if "from" in lunar else None
        last = day("to") if "to" in lunar else first
        if first and last and (last.month, last.day) < (first.month, first.day):
            self.problem(where, label, "lunar", "ends before it starts")
        return first, last

    # -- cross-checks --------------------------------------------------------------------------

    def check_unique_ids(
        self, data: Mapping[str, Any], sections: tuple[str, ...], taken: set[str] | None = None
    ) -> set[str]:
        """Report ids used twice (within ``sections`` or already in ``taken``); return the ids."""
        first_line: dict[str, int | None] = dict.fromkeys(taken or set())
        declared: set[str] = set()
        for section in sections:
            entries = data.get(section)
            if not isinstance(entries, list):
                continue
            kind = section.removesuffix("s")
            for index, entry in enumerate(entries):
                item_id = entry.get("id") if isinstance(entry, dict) else None
                if not isinstance(item_id, str) or not item_id.strip():
                    continue
                item_id = item_id.strip()
                where: Path_ = (section, index, "id")
                if item_id in first_line:
                    earlier = first_line[item_id]
                    at = f"line {earlier}" if earlier is not None else "another section"
                    self.problem(
                        where, f"{kind} '{item_id}'", "id", f"duplicate id: already used at {at}"
                    )
                    continue
                first_line[item_id] = self.doc.line((section, index))
                declared.add(item_id)
        return declared

    def path_of(self, data: Mapping[str, Any], section: str, item_id: str) -> Path_:
        """Path of the entry of ``section`` with this id."""
        entries = data.get(section) or []
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("id") == item_id:
                return (section, index)
        return (section,)

    def warn_far_away(
        self, data: Mapping[str, Any], region: Region, sites: list[Site], waypoints: list[Waypoint]
    ) -> None:
        for section, items in (("sites", sites), ("waypoints", waypoints)):
            for item in items:
                km = _haversine_km(
                    region.centre_lat, region.centre_lon, item.location.lat, item.location.lon
                )
                if km > region.radius_km:
                    kind = "site" if section == "sites" else "waypoint"
                    where = self.path_of(data, section, item.id)
                    self.problem(
                        (*where, "location"),
                        f"{kind} '{item.id}'",
                        "location",
                        f"is {km:.0f} km from the region centre "
                        f"(radius {region.radius_km:.0f} km): "
                        "check lat/lon (swapped? wrong sign?)",
                        warning=True,
                    )


def _haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    # Only for the plausibility warning; routing uses geopy's geodesic distances.
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlam = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlam / 2) ** 2
    return 2 * _EARTH_RADIUS_KM * math.asin(math.sqrt(a))


def _entry_label(kind: str, value: Any, where: Path_, key: str) -> str:
    """How messages name a list entry: by its id (or name) when it has one, else by position."""
    ident = value.get(key) if isinstance(value, dict) else None
    if isinstance(ident, str) and ident.strip():
        return f"{kind} '{ident.strip()}'"
    position = where[-1]
    return f"{kind} #{position + 1 if isinstance(position, int) else position}"


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"text {value!r}"
    return repr(value)


def _fmt(number: float) -> str:
    return f"{number:g}"


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
