"""A site's ``hours``: status, daily and per-weekday windows, closed dates and lunar days."""

from __future__ import annotations

from typing import Any

from teatrip.catalog.fields import Fields
from teatrip.catalog.problems import Invalid
from teatrip.formatting import say
from teatrip.models import WEEKDAYS, HoursStatus, OpeningHours, TimeWindow
from teatrip.yamlsafe import Path_

__all__ = ["read_hours"]

_HOURS_FIELDS = {"status", "daily", *WEEKDAYS, "closed", "lunar_days", "source", "note", "note_vi"}


def read_hours(r: Fields, value: Any, where: Path_, label: str) -> OpeningHours:
    hours = r.mapping(value, where, label, "hours")
    r.check_fields(hours, where, label, _HOURS_FIELDS, ("status",), "hours.")
    status = HoursStatus.UNKNOWN
    if "status" in hours:
        status = r.choice(hours["status"], (*where, "status"), label, "hours.status", HoursStatus)
    daily: tuple[TimeWindow, ...] = ()
    if "daily" in hours:
        daily = _windows(r, hours["daily"], (*where, "daily"), label, "hours.daily")
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
        windows = _windows(r, day_value, (*where, day), label, f"hours.{day}")
        any_windows = any_windows or bool(windows)
        weekly.append(windows)
    if status is HoursStatus.UNKNOWN and any_windows:
        r.problem(
            where,
            label,
            "hours.status",
            say(
                "is '{unknown}' but windows are given; use '{estimated}' for guessed hours",
                unknown=HoursStatus.UNKNOWN.value,
                estimated=HoursStatus.ESTIMATED.value,
            ),
        )
    if status is not HoursStatus.UNKNOWN and not any_windows:
        r.problem(
            where,
            label,
            "hours",
            say(
                "status '{status}' needs opening windows ({daily} or per weekday)",
                daily="daily",
                status=status.value,
            ),
        )
    lunar_days = None
    if "lunar_days" in hours:
        lunar_days = _lunar_days(r, hours["lunar_days"], (*where, "lunar_days"), label)
    return OpeningHours(
        status=status,
        weekly=tuple(weekly),
        closed=r.date_ranges(hours.get("closed"), (*where, "closed"), label, "hours.closed"),
        lunar_days=lunar_days,
        source=r.text(hours, "source", where, label, prefix="hours."),
        note=r.text(hours, "note", where, label, prefix="hours."),
        note_vi=r.text(hours, "note_vi", where, label, prefix="hours."),
    )


def _windows(r: Fields, value: Any, where: Path_, label: str, name: str) -> tuple[TimeWindow, ...]:
    return r.optional(lambda: r.windows(value, where, label, name)) or ()


def _lunar_days(r: Fields, days: Any, where: Path_, label: str) -> frozenset[int] | None:
    if not isinstance(days, list) or not days:
        r.problem(where, label, "hours.lunar_days", say("must be a list of lunar days (1-30)"))
        return None
    lunar = set()
    for index, day in enumerate(days):
        try:
            lunar.add(r.whole(day, (*where, index), label, "hours.lunar_days", low=1, high=30))
        except Invalid:
            continue
    return frozenset(lunar)
