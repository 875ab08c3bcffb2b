"""The ``region`` section: name, time zone, centre, and its own speeds and winding factors."""

from __future__ import annotations

import re
from typing import Any

from teatrip.catalog.fields import Fields
from teatrip.catalog.problems import Invalid, shown
from teatrip.formatting import say
from teatrip.models import Mode, Region, RoadClass
from teatrip.yamlsafe import Path_

__all__ = ["read_region"]

_REGION_FIELDS = {"name", "name_vi", "timezone", "centre", "radius_km", "speeds", "winding"}
# What an IANA time-zone name looks like ("Asia/Ho_Chi_Minh", "Etc/GMT+7"); the longest real one
# has 32 characters. Checked before the zone database is asked, which opens a file of that name.
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-]{1,64}(?:/[A-Za-z0-9_+\-]{1,64}){0,3}")
_ZONE_NAME_MAX = 64
# Slower than this, an edge's travel time overflows what the planner can count in; faster than
# the top speed is not a real average. 0 is allowed: it closes the class to the mode.
_SLOWEST_KMH = 1
_FASTEST_KMH = 200
# How messages name the region section.
_REGION = say("region")


def read_region(r: Fields, value: Any) -> Region:
    where: Path_ = ("region",)
    if value is None:
        raise Invalid  # missing: already reported by the top-level field check
    region = r.mapping(value, where, _REGION, "region")
    r.check_fields(region, where, _REGION, _REGION_FIELDS, ("name", "timezone", "centre"))
    name = r.required_text(region, "name", where, _REGION)
    timezone = r.required_text(region, "timezone", where, _REGION)
    if timezone:
        _check_timezone(r, timezone, (*where, "timezone"))
    centre_lat, centre_lon = 0.0, 0.0
    if "centre" in region:
        centre = r.mapping(region["centre"], (*where, "centre"), _REGION, "centre")
        r.check_fields(
            centre, (*where, "centre"), _REGION, {"lat", "lon"}, ("lat", "lon"), "centre."
        )
        centre_lat, centre_lon = r.lat_lon(centre, (*where, "centre"), _REGION, "centre.")
    radius = 80.0
    if "radius_km" in region:
        radius = r.number(
            region["radius_km"], (*where, "radius_km"), _REGION, "radius_km", low=1, high=20_000
        )
    speeds = _read_speeds(r, region.get("speeds"), (*where, "speeds"))
    winding = _read_winding(r, region.get("winding"), (*where, "winding"))
    name_vi = r.text(region, "name_vi", where, _REGION)
    return Region(name, timezone, centre_lat, centre_lon, float(radius), speeds, winding, name_vi)


def _check_timezone(r: Fields, timezone: str, where: Path_) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    known = len(timezone) <= _ZONE_NAME_MAX and _ZONE_NAME.fullmatch(timezone) is not None
    if known:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: e.g. a directory's name
            known = False
    if not known:
        r.problem(
            where,
            _REGION,
            "timezone",
            say(
                "unknown time zone {zone} (e.g. {example})",
                zone=shown(timezone),
                example="Asia/Ho_Chi_Minh",
            ),
        )


def _read_speeds(r: Fields, value: Any, where: Path_) -> dict[str, dict[str, float]]:
    if value is None:
        return {}
    speeds = r.mapping(value, where, _REGION, "speeds")
    result: dict[str, dict[str, float]] = {}
    for mode_name, per_class in speeds.items():
        mode_where = (*where, mode_name)
        try:
            mode = r.choice(mode_name, mode_where, _REGION, "speeds", Mode)
            classes = r.mapping(per_class, mode_where, _REGION, f"speeds.{mode_name}")
        except Invalid:
            continue
        result[mode.value] = {}
        for class_name, kmh in classes.items():
            class_where = (*mode_where, class_name)
            label = f"speeds.{mode_name}.{class_name}"
            try:
                road_class = r.choice(class_name, class_where, _REGION, label, RoadClass)
                speed = r.number(kmh, class_where, _REGION, label, low=0, high=_FASTEST_KMH)
            except Invalid:
                continue
            if 0 < speed < _SLOWEST_KMH:
                r.problem(
                    class_where,
                    _REGION,
                    label,
                    say(
                        "{speed} km/h is too slow to plan with: give at least {slowest} km/h, "
                        "or 0 to close the class to this mode",
                        speed=str(speed),
                        slowest=str(_SLOWEST_KMH),
                    ),
                )
                continue
            result[mode.value][road_class.value] = float(speed)
    return result


def _read_winding(r: Fields, value: Any, where: Path_) -> dict[str, float]:
    if value is None:
        return {}
    winding = r.mapping(value, where, _REGION, "winding")
    result: dict[str, float] = {}
    for class_name, factor in winding.items():
        class_where = (*where, class_name)
        try:
            road_class = r.choice(class_name, class_where, _REGION, "winding", RoadClass)
            ratio = r.number(factor, class_where, _REGION, f"winding.{class_name}", low=1, high=5)
        except Invalid:
            continue
        result[road_class.value] = float(ratio)
    return result
