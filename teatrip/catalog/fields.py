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
from teatrip.formatting import clock
from teatrip.models import DateRange, TimeWindow
from teatrip.yamlsafe import Path_

__all__ = ["FIRST_DATE", "LAST_DATE", "SLUG", "Fields"]

T = TypeVar("T")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# The dates a catalog may give: the span over which teatrip.hours converts lunar dates exactly.
FIRST_DATE = dt.date(1900, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)
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
            self.problem((*where, key), label, prefix + key, f"must be text, got {kind_of(item)}")
            return ""
        return str(item).strip()

    def required_text(
        self, value: Mapping[str, Any], key: str, where: Path_, label: str, *, prefix: str = ""
    ) -> str:
        text = self.text(value, key, where, label, prefix=prefix)
        if key in value and not text:
            self.problem((*where, key), label, prefix + key, "must not be empty")
        return text

    def flag(self, value: Mapping[str, Any], key: str, where: Path_, label: str) -> bool:
        item = value.get(key, False)
        if not isinstance(item, bool):
            self.problem((*where, key), label, key, f"must be true or false, got {kind_of(item)}")
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
        out_of_range = "{} is out of range ({} to {})"
        if isinstance(value, str) and _LONG_INTEGER.fullmatch(value.strip()):
            self.problem(
                where, label, name, out_of_range.format(number_text(value), fmt(low), fmt(high))
            )
            raise Invalid
        if isinstance(value, bool) or not isinstance(value, ok_type):
            wanted = "a whole number" if integer else "a number"
            self.problem(where, label, name, f"must be {wanted}, got {kind_of(value)}")
            raise Invalid
        if not low <= value <= high or (isinstance(value, float) and math.isinf(value)):
            self.problem(
                where, label, name, out_of_range.format(number_text(value), fmt(low), fmt(high))
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
            self.problem(where, label, name, f"must be a list of text, got {kind_of(value)}")
            return ()
        items = []
        for index, item in enumerate(value):
            if isinstance(item, bool) or not isinstance(item, str | int | float):
                self.problem((*where, index), label, name, f"must be text, got {kind_of(item)}")
                continue
            items.append(str(item).strip())
        return tuple(items)

    def choice(self, value: Any, where: Path_, label: str, name: str, enum: type[T]) -> T:
        options = _values(enum)
        if value not in options:
            close = did_you_mean(str(value), options)
            hint = f"did you mean '{close}'? " if close else ""
            self.problem(
                where, label, name, f"unknown value {value!r}; {hint}one of: {', '.join(options)}"
            )
            raise Invalid
        return enum(value)  # type: ignore[call-arg]

    def date(self, value: Any, where: Path_, label: str, name: str) -> dt.date:
        if isinstance(value, dt.date):
            day = value
        else:
            text = str(value).strip()
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                self.problem(where, label, name, f"{shown(text)} is not a date (write YYYY-MM-DD)")
                raise Invalid
            try:
                day = dt.date.fromisoformat(text)
            except ValueError as error:
                self.problem(where, label, name, f"{text} is not a date that exists ({error})")
                raise Invalid from None
        if not FIRST_DATE <= day <= LAST_DATE:
            self.problem(
                where,
                label,
                name,
                f"{day} is outside the dates teatrip supports ({FIRST_DATE} to {LAST_DATE})",
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
                self.problem(item_where, label, name, f"range {text} ends before it starts")
                continue
            ranges.append(DateRange(start, end))
        return tuple(ranges)

    def windows(self, value: Any, where: Path_, label: str, name: str) -> tuple[TimeWindow, ...]:
        """``HH:MM-HH:MM`` windows that open before they close and do not overlap, sorted."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            self.problem(
                where, label, name, f"must be a list of HH:MM-HH:MM windows, got {kind_of(value)}"
            )
            raise Invalid
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
                    f"{window} closes ({clock(window.end)}) "
                    f"before it opens ({clock(window.start)})",
                )
                continue
            parsed.append(window)
        parsed.sort()
        for earlier, later in itertools.pairwise(parsed):
            if later.start < earlier.end:
                self.problem(where, label, name, f"windows {earlier} and {later} overlap")
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


#: Each enumeration's values as text, worked out once: a big catalog asks thousands of times
#: (every site's kind, precision and hours status).
_VALUES: dict[type, tuple[str, ...]] = {}


def _values(enum: type) -> tuple[str, ...]:
    if enum not in _VALUES:
        _VALUES[enum] = tuple(str(member.value) for member in enum)  # type: ignore[attr-defined]
    return _VALUES[enum]
