"""Reading one typed value (text, number, choice, date, time window, flag) or reporting why not.

Each reader takes the value, where it sits in the document, who it belongs to and the field name
to report; a value that cannot be used is recorded as a problem and raises :class:`Invalid` (or,
for lists, the bad items are left out) so the section readers can carry on and report the rest.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import re
from collections.abc import Mapping
from typing import Any, TypeVar

from teatrip.catalog.problems import (
    Collector,
    Invalid,
    did_you_mean,
    fmt,
    kind_of,
    number_text,
    shown,
)
from teatrip.formatting import clock, say
from teatrip.i18n import N_
from teatrip.models import DateRange, TimeWindow, parse_clock
from teatrip.yamlsafe import Path_

__all__ = ["FIRST_DATE", "LAST_DATE", "SLUG", "Fields", "bad_clock", "bad_window"]

T = TypeVar("T")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The dates a catalog may give: the span over which teatrip.hours converts lunar dates exactly.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
# Why Python's calendar refuses a YYYY-MM-DD date, marked for translation.
_DATE_REASONS = {
    "day is out of range for month": N_("day is out of range for month"),
    "month must be in 1..12": N_("month must be in 1..12"),
}
# A whole number the YAML reader kept as text because it is too long to convert (over 4,300 digits).
_LONG_INTEGER = re.compile(r"[-+]?[0-9][0-9_]{15,}")


class Fields(Collector):
    """A collector that can also read typed values."""

    def text(
        self, value: Mapping[str, Any], key: str, where: Path_, label: str, *, prefix: str = ""
    ) -> str:
        item = value.get(key)
        if item is None:
            return ""
        if isinstance(item, bool) or not isinstance(item, str | int | float):
            self.problem(
                (*where, key),
                label,
                prefix + key,
                say("must be text, got {kind}", kind=kind_of(item)),
            )
            return ""
        return str(item).strip()

    def required_text(
        self, value: Mapping[str, Any], key: str, where: Path_, label: str, *, prefix: str = ""
    ) -> str:
        text = self.text(value, key, where, label, prefix=prefix)
        if key in value and not text:
            self.problem((*where, key), label, prefix + key, say("must not be empty"))
        return text

    def required_id(
        self, value: Mapping[str, Any], where: Path_, label: str, *, example: bool = False
    ) -> str:
        """The entry's ``id``: required text that must be a slug (``tan-cuong``)."""
        ident = self.required_text(value, "id", where, label)
        if ident and not SLUG.match(ident):
            message = (
                say("must be a slug: lowercase letters, digits and hyphens (e.g. tan-cuong)")
                if example
                else say("must be a slug: lowercase letters, digits and hyphens")
            )
            self.problem((*where, "id"), label, "id", message)
        return ident

    def flag(self, value: Mapping[str, Any], key: str, where: Path_, label: str) -> bool:
        item = value.get(key, False)
        if not isinstance(item, bool):
            self.problem(
                (*where, key),
                label,
                key,
                say(
                    "must be {true} or {false}, got {kind}",
                    true="true",
                    false="false",
                    kind=kind_of(item),
                ),
            )
            return False
        return item

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
        out_of_range = N_("{value} is out of range ({low} to {high})")
        if isinstance(value, str) and _LONG_INTEGER.fullmatch(value.strip()):
            self.problem(
                where,
                label,
                name,
                say(out_of_range, value=number_text(value), low=fmt(low), high=fmt(high)),
            )
            raise Invalid
        if isinstance(value, bool) or not isinstance(value, ok_type):
            kind = kind_of(value)
            message = (
                say("must be a whole number, got {kind}", kind=kind)
                if integer
                else say("must be a number, got {kind}", kind=kind)
            )
            self.problem(where, label, name, message)
            raise Invalid
        if not low <= value <= high or (isinstance(value, float) and math.isinf(value)):
            self.problem(
                where,
                label,
                name,
                say(out_of_range, value=number_text(value), low=fmt(low), high=fmt(high)),
            )
            raise Invalid
        return value

    def whole(self, value: Any, where: Path_, label: str, name: str, *, low: int, high: int) -> int:
        """A whole number between ``low`` and ``high``."""
        return int(self.number(value, where, label, name, low=low, high=high, integer=True))

    def text_list(self, value: Any, where: Path_, label: str, name: str) -> tuple[str, ...]:
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(
                where, label, name, say("must be a list of text, got {kind}", kind=kind_of(value))
            )
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.problem(
                    (*where, index),
                    label,
                    name,
                    say("must be text, got {kind}", kind=kind_of(item)),
                )
                continue
            items.append(str(item).strip())
        return tuple(items)

    def choice(self, value: Any, where: Path_, label: str, name: str, enum: type[T]) -> T:
        options = _values(enum)
        if value not in options:
            close = did_you_mean(str(value), options)
            facts = {"value": repr(value), "options": ", ".join(options)}
            message = (
                say(
                    "unknown value {value}; did you mean '{close}'? one of: {options}",
                    close=close,
                    **facts,
                )
                if close
                else say("unknown value {value}; one of: {options}", **facts)
            )
            self.problem(where, label, name, message)
            raise Invalid
        return enum(value)  # type: ignore[call-arg]

    def date(self, value: Any, where: Path_, label: str, name: str) -> dt.date:
        if isinstance(value, dt.date):
            day = value
        else:
            text = str(value).strip()
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                self.problem(
                    where,
                    label,
                    name,
                    say("{text} is not a date (write YYYY-MM-DD)", text=shown(text)),
                )
                raise Invalid
            try:
                day = dt.date.fromisoformat(text)
            except ValueError as error:
                why = str(error)
                self.problem(
                    where,
                    label,
                    name,
                    say(
                        "{text} is not a date that exists ({why})",
                        text=text,
                        why=say(_DATE_REASONS[why]) if why in _DATE_REASONS else why,
                    ),
                )
                raise Invalid from None
        if not FIRST_DATE <= day <= LAST_DATE:
            self.problem(
                where,
                label,
                name,
                say(
                    "{day} is outside the dates teatrip supports ({first} to {last})",
                    day=str(day),
                    first=str(FIRST_DATE),
                    last=str(LAST_DATE),
                ),
            )
            raise Invalid
        return day

    def date_ranges(self, value: Any, where: Path_, label: str, name: str) -> tuple[DateRange, ...]:
        """Dates and inclusive ``FIRST..LAST`` ranges; one bad entry does not hide the others."""
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
            except Invalid:
                continue
            if end < start:
                self.problem(
                    item_where, label, name, say("range {text} ends before it starts", text=text)
                )
                continue
            ranges.append(DateRange(start, end))
        return tuple(ranges)

    def windows(self, value: Any, where: Path_, label: str, name: str) -> tuple[TimeWindow, ...]:
        """``HH:MM-HH:MM`` windows that open before they close and do not overlap, sorted."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(
                where,
                label,
                name,
                say("must be a list of HH:MM-HH:MM windows, got {kind}", kind=kind_of(value)),
            )
            raise Invalid
        parsed: list[TimeWindow] = []
        for index, item in enumerate(value):
            item_where = (*where, index)
            try:
                window = TimeWindow.parse(str(item))
            except ValueError:
                self.problem(item_where, label, name, bad_window(str(item)))
                continue
            if window.end <= window.start:
                self.problem(
                    item_where,
                    label,
                    name,
                    say(
                        "{window} closes ({end}) before it opens ({start})",
                        window=str(window),
                        end=clock(window.end),
                        start=clock(window.start),
                    ),
                )
                continue
            parsed.append(window)
        parsed.sort()
        for earlier, later in itertools.pairwise(parsed):
            if later.start < earlier.end:
                self.problem(
                    where,
                    label,
                    name,
                    say(
                        "windows {first} and {second} overlap",
                        first=str(earlier),
                        second=str(later),
                    ),
                )
        return tuple(parsed)

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
            raise Invalid
        return float(lat), float(lon)


def bad_window(text: str) -> str:
    """Why ``text`` is not an ``HH:MM-HH:MM`` window (``TimeWindow.parse`` refused it), worded
    as a phrase: the model's own ``ValueError`` says the same in English only."""
    first, dash, second = text.partition("-")
    if not dash or "-" in second:
        return say("expected HH:MM-HH:MM, got {text}", text=repr(text))
    return bad_clock(first if _refused(first) else second)


def bad_clock(text: str) -> str:
    """Why ``text`` is not an ``HH:MM`` time of day (``parse_clock`` refused it), as a phrase."""
    text = text.strip()
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        return say("expected HH:MM, got {text}", text=repr(text))
    return say("{text} is not a time of day", text=repr(text))


def _refused(text: str) -> bool:
    try:
        parse_clock(text)
    except ValueError:
        return True
    return False


#: Each enumeration's values as text, worked out once: a big catalog asks thousands of times
#: (every site's kind, precision and hours status).
_VALUES: dict[type, tuple[str, ...]] = {}


def _values(enum: type) -> tuple[str, ...]:
    if enum not in _VALUES:
        _VALUES[enum] = tuple(str(member.value) for member in enum)  # type: ignore[attr-defined]
    return _VALUES[enum]
