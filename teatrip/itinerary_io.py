"""The saved itinerary: a versioned JSON document that loads back into an equal ``Itinerary``.

Document shape (keys in this order; see ``itinerary_to_dict``)::

    {
      "format": "teatrip-itinerary",
      "version": 3,
      "timezone": "Asia/Ho_Chi_Minh",          # IANA zone of every time below
      "region": "...",
      "created": "2024-12-01T20:00:00+07:00",  # or null
      "request": {...},                        # the TripRequest, so the trip can be replanned
      "days": [{"number", "date", "start", "end", "sun", "warnings", "warnings_phrases", "focus",
                "stops": [{"site", "name", "name_en", "kind", "lat", "lon", "arrive", "start",
                           "depart", "wait_minutes", "visit_minutes", "fee_vnd", "check_hours",
                           "event", "activity", "activity_phrase", "notes", "notes_phrases",
                           "coordinates_precision", "commune", "lunch_start", "lunch_end",
                           "hours", "hours_status", "contact", "booking", "chosen_for",
                           "event_name", "event_name_phrase"}],
                "legs": [{"from_site", "to_site", "depart", "arrive", "distance_m", "duration_s",
                          "estimated", "after_dark", "duration_low_s", "duration_high_s" (both
                          optional), "roads": [{"road", "distance_m",
                          "duration_s", "road_class"}], "geometry": [[lat, lon], ...]}]}],
      "skipped": [{"site", "name", "reason", "reason_phrase", "code"}],
      "warnings": [...],
      "warnings_phrases": [...]
    }

The planner's sentences (skip reasons, a stop's activity and notes, warnings, an event's name)
are saved as their English words, where any tool reads them, and, in a sibling key, as the facts
they were made from (``teatrip.phrases.to_json``): ``"reason_phrase": {"template": "...",
"facts": {...}}`` beside ``"reason"``, and ``"notes_phrases": [facts or null, ...]`` beside
``"notes"`` (one item per note; null for plain text). The sibling keys are absent where every
text is plain (a catalog's own words, an edited file). With them an export of a saved trip words
everything in the reader's language. Loading keeps the facts only when they still word to the
English text beside them: a file whose text was edited by hand reads as its text says.

Moments are ISO 8601 with the region's UTC offset (``2024-12-05T07:30:00+07:00``); dates are
``YYYY-MM-DD``; time-of-day windows are ``"HH:MM-HH:MM"``; leg geometry keeps the model's
``[lat, lon]`` order (the GeoJSON export is where ``[lon, lat]`` lives).

A stop's facts are fields: ``lunch_start``/``lunch_end`` (a long visit that includes the lunch;
moments or null), ``hours`` (that day's opening windows) with ``hours_status`` (``sourced``,
``estimated``, ``unknown`` or null), ``contact`` and ``booking``; ``notes`` is free text only.
Why the planner chose a visit is ``chosen_for`` (``must``, ``headline``, ``event``, ``interests``,
``golden-hour``, ``in-season``, ``on-the-way``), and a day's ``focus`` is the id of its most
valuable visit (what the day is about); both may be absent in files written before them.
Version 1 documents (which said these things in notes) still load: the notes teatrip wrote for
them become the fields again, and every other note stays a note. Version 1 and 2 documents named
an event stop's event in the note ``"event: NAME"``; it becomes the ``event_name`` field.

The request names the catalog the trip was planned on: ``catalog`` is ``"data/hills.yaml"`` for
the shipped one (with no ``catalog_sha256``), else the path it was given as, with
``catalog_sha256`` (the SHA-256 of its bytes) and ``catalog_version``. A trip file is data: nothing
opens that path again; ``teatrip replan`` takes another catalog only from ``--catalog``.

Loading validates at the boundary: every problem in the document is reported at once, each with
the file and the field path (``trip.json: days[0].stops[2].arrive: ...``), as a ``BadInputError``.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import json
import math
import re
import string
from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from teatrip import phrases
from teatrip.errors import BadInputError, LinesError
from teatrip.fileio import loads_json, read_bounded, write_atomic
from teatrip.formatting import say, word
from teatrip.i18n import N_, language
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
    Why,
    format_clock,
    parse_clock,
)
from teatrip.request import MAX_BUDGET_S, MAX_DAYS, MAX_SEED

__all__ = [
    "FORMAT_NAME",
    "dumps_itinerary",
    "itinerary_from_dict",
    "itinerary_to_dict",
    "load_itinerary",
    "loads_itinerary",
    "request_to_dict",
    "save_itinerary",
]

FORMAT_NAME = "teatrip-itinerary"
"""Value of the document's ``format`` field: tells a saved trip from any other JSON file."""

_E = TypeVar("_E", bound=StrEnum)
_T = TypeVar("_T")
_N = TypeVar("_N", int, float)

# ---------------------------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------------------------


def itinerary_to_dict(it: Itinerary) -> dict[str, Any]:
    """The JSON-ready document for ``it`` (plain dicts, lists, str, int, float, bool, None)."""
    return {
        "format": FORMAT_NAME,
        "version": it.version,
        "timezone": it.timezone,
        "region": it.region,
        **_phrase_json("region", it.region),
        "created": _moment(it.created) if it.created is not None else None,
        "request": request_to_dict(it.request),
        "days": [_day_to_dict(day) for day in it.days],
        "skipped": [
            {
                "site": s.site,
                "name": s.name,
                "reason": s.reason,
                **_phrase_json("reason", s.reason),
                "code": s.code,
            }
            for s in it.skipped
        ],
        "warnings": list(it.warnings),
        **_phrases_json("warnings", it.warnings),
    }


def _phrase_json(key: str, text: str) -> dict[str, Any]:
    """``{"<key>_phrase": facts}`` for a phrase, nothing for plain text."""
    facts = phrases.to_json(text)
    return {} if facts is None else {f"{key}_phrase": facts}


def _phrases_json(key: str, texts: Sequence[str]) -> dict[str, Any]:
    """``{"<key>_phrases": [facts or null, ...]}`` when any of ``texts`` is a phrase."""
    facts = [phrases.to_json(text) for text in texts]
    return {f"{key}_phrases": facts} if any(f is not None for f in facts) else {}


def dumps_itinerary(it: Itinerary) -> str:
    """The saved-trip JSON text: UTF-8 friendly (no ``\\u`` escapes), indented, stable key order."""
    return json.dumps(itinerary_to_dict(it), ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def save_itinerary(it: Itinerary, path: Path, *, force: bool = False) -> None:
    """Write ``it`` to ``path`` atomically; refuses to overwrite unless ``force``."""
    write_atomic(Path(path), dumps_itinerary(it), force=force)


def _moment(value: dt.datetime) -> str:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"itinerary times must be timezone-aware, got {value.isoformat()}")
    return value.isoformat()


def _window(window: TimeWindow) -> str:
    return f"{format_clock(window.start)}-{format_clock(window.end)}"


def request_to_dict(req: TripRequest) -> dict[str, Any]:
    """The saved form of a trip request (also what export UIDs are derived from)."""
    return {
        "start": req.start.isoformat(),
        "days": req.days,
        "start_site": req.start_site,
        "stays": [{"from_day": day, "site": site} for day, site in req.stays],
        "mode": req.mode.value,
        "day_window": _window(req.day_window),
        "lunch": (
            None
            if req.lunch is None
            else {"window": _window(req.lunch.window), "minutes": req.lunch.minutes}
        ),
        "must": list(req.must),
        "avoid": list(req.avoid),
        "interests": list(req.interests),
        "pace": req.pace.value,
        "max_drive_minutes": req.max_drive_minutes,
        "golden_hour": req.golden_hour,
        "budget_s": req.budget_s,
        "seed": req.seed,
        "catalog": req.catalog,
        # Absent when unknown, so trips saved before these keys keep their export UIDs.
        **({"catalog_version": req.catalog_version} if req.catalog_version is not None else {}),
        **({"catalog_sha256": req.catalog_sha256} if req.catalog_sha256 else {}),
        "roads": req.roads,
    }


def _day_to_dict(day: DayPlan) -> dict[str, Any]:
    return {
        "number": day.number,
        "date": day.date.isoformat(),
        "start": _moment(day.start),
        "end": _moment(day.end),
        "sun": None if day.sun is None else _sun_to_dict(day.sun),
        "warnings": list(day.warnings),
        **_phrases_json("warnings", day.warnings),
        "focus": day.focus,
        "stops": [_stop_to_dict(stop) for stop in day.stops],
        "legs": [_leg_to_dict(leg) for leg in day.legs],
    }


def _sun_to_dict(sun: SunTimes) -> dict[str, Any]:
    return {
        "dawn": _moment(sun.dawn),
        "sunrise": _moment(sun.sunrise),
        "sunset": _moment(sun.sunset),
        "dusk": _moment(sun.dusk),
        "golden_morning": [_moment(t) for t in sun.golden_morning],
        "golden_evening": [_moment(t) for t in sun.golden_evening],
    }


def _stop_to_dict(stop: Stop) -> dict[str, Any]:
    return {
        "site": stop.site,
        "name": stop.name,
        "name_en": stop.name_en,
        "kind": stop.kind.value,
        "lat": stop.lat,
        "lon": stop.lon,
        "arrive": _moment(stop.arrive),
        "start": _moment(stop.start),
        "depart": _moment(stop.depart),
        "wait_minutes": stop.wait_minutes,
        "visit_minutes": stop.visit_minutes,
        "fee_vnd": stop.fee_vnd,
        "check_hours": stop.check_hours,
        "event": stop.event,
        "activity": stop.activity,
        **_phrase_json("activity", stop.activity),
        "notes": list(stop.notes),
        **_phrases_json("notes", stop.notes),
        "coordinates_precision": stop.coordinates_precision,
        "commune": stop.commune,
        "lunch_start": None if stop.lunch_start is None else _moment(stop.lunch_start),
        "lunch_end": None if stop.lunch_end is None else _moment(stop.lunch_end),
        "hours": [_window(window) for window in stop.hours],
        "hours_status": None if stop.hours_status is None else stop.hours_status.value,
        "contact": stop.contact,
        "booking": stop.booking,
        "chosen_for": [why.value for why in stop.chosen_for],
        "event_name": stop.event_name,
        **_phrase_json("event_name", stop.event_name),
    }


def _leg_to_dict(leg: Leg) -> dict[str, Any]:
    span: dict[str, int] = {}
    if leg.duration_low_s is not None and leg.duration_high_s is not None:
        span = {"duration_low_s": leg.duration_low_s, "duration_high_s": leg.duration_high_s}
    return {
        "from_site": leg.from_site,
        "to_site": leg.to_site,
        "depart": _moment(leg.depart),
        "arrive": _moment(leg.arrive),
        "distance_m": leg.distance_m,
        "duration_s": leg.duration_s,
        "estimated": leg.estimated,
        "after_dark": leg.after_dark,
        **span,
        "roads": [
            {
                "road": r.road,
                "distance_m": r.distance_m,
                "duration_s": r.duration_s,
                "road_class": r.road_class,
            }
            for r in leg.roads
        ],
        "geometry": [[lat, lon] for lat, lon in leg.geometry],
    }


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------


def load_itinerary(path: Path) -> Itinerary:
    """Read a saved trip; any problem becomes a ``BadInputError`` naming the file and field."""
    path = Path(path)
    try:
        raw = read_bounded(path)  # refuses FIFOs, devices and files over 5 MiB
    except FileNotFoundError:
        raise BadInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise BadInputError(f"{path}: is a directory, expected a saved trip (.json)") from None
    except OSError as error:
        raise BadInputError(f"{path}: cannot read: {error.strerror or error}") from None
    return loads_itinerary(raw, source=str(path))


def loads_itinerary(text: str | bytes, *, source: str = "<string>") -> Itinerary:
    """Parse saved-trip JSON text; ``source`` names it in error messages."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise BadInputError(
                say("{source}: not UTF-8 text ({why})", source=source, why=error.reason)
            ) from None
    try:
        document = loads_json(text, source=source)  # bounded nesting, one located line
    except json.JSONDecodeError as error:
        raise BadInputError(
            f"{source}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"
        ) from None
    return itinerary_from_dict(document, source=source)


def itinerary_from_dict(d: Mapping[str, Any], *, source: str = "<itinerary>") -> Itinerary:
    """Build an ``Itinerary`` from its document, validating every field.

    Raises ``BadInputError`` listing every problem (``source: field.path: message``) for a
    document that is malformed, is not a teatrip itinerary, or was written by a newer teatrip.
    """
    reader = _Reader(source)
    if not isinstance(d, Mapping):
        reader.fail("", say("expected a JSON object, got {kind}", kind=_type_name(d)))
    if d.get("format") != FORMAT_NAME:
        found = d.get("format")
        facts = {"expected": repr(FORMAT_NAME)}
        reader.fail(
            "format",
            say("not a teatrip itinerary (no 'format' field; expected {expected})", **facts)
            if found is None
            else say(
                "not a teatrip itinerary (format is {found}; expected {expected})",
                found=repr(found),
                **facts,
            ),
        )
    version: Any = d.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        reader.fail("version", say("expected a positive integer, got {value}", value=repr(version)))
    elif version > ITINERARY_VERSION:
        reader.fail(
            "version",
            say(
                "written by a newer teatrip (itinerary version {version}; this teatrip reads up "
                "to {known}); upgrade teatrip",
                version=version,
                known=ITINERARY_VERSION,
            ),
        )
    reader.version = version
    itinerary = reader.itinerary(d)
    reader.raise_if_problems()
    return itinerary


class _Fatal(Exception):
    pass


class _Reader:
    """Reads fields with type checks, collecting problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[str] = []
        self.zone: ZoneInfo | None = None
        self.version = ITINERARY_VERSION

    # -- reporting ------------------------------------------------------------------------

    def problem(self, where: str, message: str) -> None:
        prefix = f"{self.source}: {where}" if where else self.source
        self.problems.append(say("{place}: {message}", place=prefix, message=message))

    def fail(self, where: str, message: str) -> None:
        """A problem that makes reading the rest pointless."""
        self.problem(where, message)
        self.raise_if_problems()

    def raise_if_problems(self) -> None:
        if self.problems:
            shown = self.problems[:20]
            more = len(self.problems) - len(shown)
            if more:
                shown.append(say("{source}: ... and {n} more problems", source=self.source, n=more))
            raise LinesError(shown)

    # -- primitives -----------------------------------------------------------------------

    def field(self, obj: Mapping[str, Any], key: str, where: str) -> Any:
        path = _join(where, key)
        if key not in obj:
            self.problem(path, say("missing"))
            raise _Fatal
        return obj[key]

    def value(
        self,
        obj: Mapping[str, Any],
        key: str,
        where: str,
        convert: Callable[[Any, str], _T],
        default: _T,
    ) -> _T:
        """``convert(obj[key])``; on a problem, record it and return ``default``."""
        try:
            return convert(self.field(obj, key, where), _join(where, key))
        except _Fatal:
            return default

    def optional(
        self,
        obj: Mapping[str, Any],
        key: str,
        where: str,
        convert: Callable[[Any, str], _T],
        default: _T,
    ) -> _T:
        """Like ``value``, for a field added within a format version: absent means ``default``."""
        return self.value(obj, key, where, convert, default) if key in obj else default

    def text(self, obj: Mapping[str, Any], key: str, where: str) -> str:
        """The text ``obj[key]``, a phrase again when ``obj["<key>_phrase"]`` holds its facts."""
        english = self.value(obj, key, where, self.string, "")
        return _phrase(english, obj.get(f"{key}_phrase"))

    def texts(self, obj: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        """The texts ``obj[key]``, phrases again where ``obj["<key>_phrases"]`` holds facts."""
        none: tuple[str, ...] = ()
        english = self.value(obj, key, where, self.strings, none)
        facts = obj.get(f"{key}_phrases")
        if not isinstance(facts, list) or len(facts) != len(english):
            return english
        return tuple(_phrase(text, data) for text, data in zip(english, facts, strict=True))

    def reasons(self, raw: Any, where: str) -> tuple[Why, ...]:
        return tuple(
            self.enum(Why, item, f"{where}[{k}]") for k, item in enumerate(self.array(raw, where))
        )

    def string(self, raw: Any, where: str) -> str:
        if not isinstance(raw, str):
            self.problem(where, say("expected a string, got {kind}", kind=_type_name(raw)))
            raise _Fatal
        return raw

    def opt_string(self, raw: Any, where: str) -> str | None:
        return None if raw is None else self.string(raw, where)

    def integer(self, raw: Any, where: str) -> int:
        if not isinstance(raw, int) or isinstance(raw, bool):
            self.problem(
                where,
                say(
                    "expected an integer, got {kind} {value}", kind=_type_name(raw), value=repr(raw)
                ),
            )
            raise _Fatal
        return raw

    def sha256(self, raw: Any, where: str) -> str:
        text = self.string(raw, where)
        if not _SHA256.fullmatch(text):
            self.problem(where, say("expected a SHA-256 digest (64 hex digits)"))
            raise _Fatal
        return text

    def opt_integer(self, raw: Any, where: str) -> int | None:
        return None if raw is None else self.integer(raw, where)

    def number(self, raw: Any, where: str) -> float:
        try:  # an integer too large for a float is as wrong as an infinite float
            finite = isinstance(raw, int | float) and math.isfinite(raw)
        except OverflowError:
            finite = False
        if isinstance(raw, bool) or not finite:
            self.problem(
                where,
                say("expected a number, got {kind} {value}", kind=_type_name(raw), value=repr(raw)),
            )
            raise _Fatal
        return float(raw)

    def bounded(self, value: _N, where: str, low: _N, high: _N) -> _N:
        """``value`` if within ``low..high``; else a problem (and ``low`` in its place)."""
        if not low <= value <= high:
            self.problem(
                where,
                say(
                    "{value} is outside {low}..{high}",
                    value=repr(value),
                    low=repr(low),
                    high=repr(high),
                ),
            )
            return low
        return value

    def opt_number(self, raw: Any, where: str) -> float | None:
        return None if raw is None else self.number(raw, where)

    def boolean(self, raw: Any, where: str) -> bool:
        if not isinstance(raw, bool):
            self.problem(
                where,
                say(
                    "expected {true} or {false}, got {value}",
                    true="true",
                    false="false",
                    value=repr(raw),
                ),
            )
            raise _Fatal
        return raw

    def strings(self, raw: Any, where: str) -> tuple[str, ...]:
        items = self.array(raw, where)
        out: list[str] = []
        for i, item in enumerate(items):
            with contextlib.suppress(_Fatal):
                out.append(self.string(item, f"{where}[{i}]"))
        return tuple(out)

    def array(self, raw: Any, where: str) -> Sequence[Any]:
        if not isinstance(raw, list):
            self.problem(where, say("expected a list, got {kind}", kind=_type_name(raw)))
            raise _Fatal
        return raw

    def obj(self, raw: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(raw, Mapping):
            self.problem(where, say("expected an object, got {kind}", kind=_type_name(raw)))
            raise _Fatal
        return raw

    def enum(self, cls: type[_E], raw: Any, where: str) -> _E:
        text = self.string(raw, where)
        try:
            return cls(text)
        except ValueError:
            allowed = ", ".join(member.value for member in cls)
            self.problem(
                where,
                say(
                    "unknown value {value} (expected one of: {allowed})",
                    value=repr(text),
                    allowed=allowed,
                ),
            )
            raise _Fatal from None

    def date(self, raw: Any, where: str) -> dt.date:
        text = self.string(raw, where)
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(where, say("expected a date YYYY-MM-DD, got {text}", text=repr(text)))
            raise _Fatal from None

    def moment(self, raw: Any, where: str) -> dt.datetime:
        text = self.string(raw, where)
        try:
            value = dt.datetime.fromisoformat(text)
        except ValueError:
            self.problem(
                where,
                say(
                    "expected an ISO 8601 time like {example}, got {text}",
                    example="2024-12-05T07:30:00+07:00",
                    text=repr(text),
                ),
            )
            raise _Fatal from None
        if value.tzinfo is None:
            self.problem(
                where, say("time {text} has no UTC offset (expected e.g. +07:00)", text=repr(text))
            )
            raise _Fatal
        # Same instant, expressed in the itinerary's zone (equal either way; nicer to use).
        return value.astimezone(self.zone) if self.zone is not None else value

    def opt_moment(self, raw: Any, where: str) -> dt.datetime | None:
        return None if raw is None else self.moment(raw, where)

    def window(self, raw: Any, where: str) -> TimeWindow:
        text = self.string(raw, where)
        try:
            first, second = text.split("-")
            window = TimeWindow(parse_clock(first), parse_clock(second))
        except ValueError:
            self.problem(
                where, say("expected a time window HH:MM-HH:MM, got {text}", text=repr(text))
            )
            raise _Fatal from None
        return window

    def windows(self, raw: Any, where: str) -> tuple[TimeWindow, ...]:
        out: list[TimeWindow] = []
        for i, item in enumerate(self.array(raw, where)):
            with contextlib.suppress(_Fatal):
                out.append(self.window(item, f"{where}[{i}]"))
        return tuple(out)

    def latitude(self, raw: Any, where: str) -> float:
        value = self.number(raw, where)
        if not -90.0 <= value <= 90.0:
            self.problem(where, say("latitude {value} is outside -90..90", value=str(value)))
        return value

    def longitude(self, raw: Any, where: str) -> float:
        value = self.number(raw, where)
        if not -180.0 <= value <= 180.0:
            self.problem(where, say("longitude {value} is outside -180..180", value=str(value)))
        return value

    def items(self, obj: Mapping[str, Any], key: str, where: str) -> list[tuple[str, Any]]:
        """``(path, element)`` for each element of the list ``obj[key]`` (empty on a problem)."""
        path = _join(where, key)
        try:
            items = self.array(self.field(obj, key, where), path)
        except _Fatal:
            return []
        return [(f"{path}[{i}]", item) for i, item in enumerate(items)]

    # -- model objects --------------------------------------------------------------------

    def itinerary(self, d: Mapping[str, Any]) -> Itinerary:
        timezone = self.value(d, "timezone", "", self.string, "UTC")
        try:
            self.zone = ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError):
            self.problem("timezone", say("unknown IANA time zone {zone}", zone=repr(timezone)))
        days: list[DayPlan] = []
        for where, raw in self.items(d, "days", ""):
            with contextlib.suppress(_Fatal):
                days.append(self.day(self.obj(raw, where), where))
        skipped: list[Skipped] = []
        for where, raw in self.items(d, "skipped", ""):
            with contextlib.suppress(_Fatal):
                skipped.append(self.skipped(self.obj(raw, where), where))
        try:
            request = self.request(self.obj(self.field(d, "request", ""), "request"), "request")
        except _Fatal:
            request = _PLACEHOLDER_REQUEST
        return Itinerary(
            version=ITINERARY_VERSION,  # older documents are read into the current shape
            request=request,
            timezone=timezone,
            region=self.text(d, "region", ""),
            days=tuple(days),
            skipped=tuple(skipped),
            created=self.value(d, "created", "", self.opt_moment, None),
            warnings=self.texts(d, "warnings", ""),
        )

    def request(self, d: Mapping[str, Any], where: str) -> TripRequest:
        stays: list[tuple[int, str]] = []
        for path, raw in self.items(d, "stays", where):
            try:
                stay = self.obj(raw, path)
                stays.append(
                    (
                        self.integer(self.field(stay, "from_day", path), f"{path}.from_day"),
                        self.string(self.field(stay, "site", path), f"{path}.site"),
                    )
                )
            except _Fatal:
                pass
        lunch: LunchRule | None = None
        try:
            raw_lunch = self.field(d, "lunch", where)
            if raw_lunch is not None:
                lunch_path = _join(where, "lunch")
                lunch_obj = self.obj(raw_lunch, lunch_path)
                lunch = LunchRule(
                    window=self.value(lunch_obj, "window", lunch_path, self.window, _NO_WINDOW),
                    minutes=self.value(lunch_obj, "minutes", lunch_path, self.integer, 0),
                )
        except _Fatal:
            pass
        # The request is replanned: its numbers get the limits `teatrip plan` puts on them.
        budget = self.value(d, "budget_s", where, self.opt_number, None)
        drive = self.value(d, "max_drive_minutes", where, self.opt_integer, None)
        days = self.value(d, "days", where, self.integer, 1)
        seed = self.value(d, "seed", where, self.integer, 0)
        return TripRequest(
            start=self.value(d, "start", where, self.date, dt.date(1970, 1, 1)),
            days=self.bounded(days, f"{where}.days", 1, MAX_DAYS),
            start_site=self.value(d, "start_site", where, self.string, ""),
            stays=tuple(stays),
            mode=self.value(d, "mode", where, lambda r, p: self.enum(Mode, r, p), Mode.MOTORBIKE),
            day_window=self.value(d, "day_window", where, self.window, _NO_WINDOW),
            lunch=lunch,
            must=self.value(d, "must", where, self.strings, ()),
            avoid=self.value(d, "avoid", where, self.strings, ()),
            interests=self.value(d, "interests", where, self.strings, ()),
            pace=self.value(d, "pace", where, lambda r, p: self.enum(Pace, r, p), Pace.NORMAL),
            max_drive_minutes=(
                None
                if drive is None
                else self.bounded(drive, f"{where}.max_drive_minutes", 1, 24 * 60)
            ),
            golden_hour=self.value(d, "golden_hour", where, self.boolean, False),
            budget_s=(
                None
                if budget is None
                else self.bounded(budget, f"{where}.budget_s", 0.0, MAX_BUDGET_S)
            ),
            seed=self.bounded(seed, f"{where}.seed", -MAX_SEED, MAX_SEED),
            catalog=self.value(d, "catalog", where, self.string, ""),
            catalog_sha256=self.optional(d, "catalog_sha256", where, self.sha256, ""),
            catalog_version=self.optional(d, "catalog_version", where, self.opt_integer, None),
            roads=self.value(d, "roads", where, self.string, ""),
        )

    def day(self, d: Mapping[str, Any], where: str) -> DayPlan:
        stops: list[Stop] = []
        for path, raw in self.items(d, "stops", where):
            with contextlib.suppress(_Fatal):
                stops.append(self.stop(self.obj(raw, path), path))
        legs: list[Leg] = []
        for path, raw in self.items(d, "legs", where):
            with contextlib.suppress(_Fatal):
                legs.append(self.leg(self.obj(raw, path), path))
        if stops and len(legs) != len(stops) - 1:
            self.problem(
                _join(where, "legs"),
                say(
                    "a day with {stops} stops needs {needed} legs, found {found}",
                    stops=len(stops),
                    needed=len(stops) - 1,
                    found=len(legs),
                ),
            )
        sun: SunTimes | None = None
        try:
            raw_sun = self.field(d, "sun", where)
            if raw_sun is not None:
                sun = self.sun(self.obj(raw_sun, _join(where, "sun")), _join(where, "sun"))
        except _Fatal:
            pass
        return DayPlan(
            number=self.value(d, "number", where, self.integer, 0),
            date=self.value(d, "date", where, self.date, dt.date(1970, 1, 1)),
            start=self.value(d, "start", where, self.moment, _EPOCH),
            end=self.value(d, "end", where, self.moment, _EPOCH),
            stops=tuple(stops),
            legs=tuple(legs),
            sun=sun,
            warnings=self.texts(d, "warnings", where),
            focus=self.optional(d, "focus", where, self.string, ""),
        )

    def pair(self, raw: Any, where: str) -> tuple[dt.datetime, dt.datetime]:
        items = self.array(raw, where)
        if len(items) != 2:
            self.problem(where, say("expected [from, to], got {n} items", n=len(items)))
            raise _Fatal
        return self.moment(items[0], f"{where}[0]"), self.moment(items[1], f"{where}[1]")

    def sun(self, d: Mapping[str, Any], where: str) -> SunTimes:
        def moment(key: str) -> dt.datetime:
            return self.value(d, key, where, self.moment, _EPOCH)

        return SunTimes(
            dawn=moment("dawn"),
            sunrise=moment("sunrise"),
            sunset=moment("sunset"),
            dusk=moment("dusk"),
            golden_morning=self.value(d, "golden_morning", where, self.pair, (_EPOCH, _EPOCH)),
            golden_evening=self.value(d, "golden_evening", where, self.pair, (_EPOCH, _EPOCH)),
        )

    def stop(self, d: Mapping[str, Any], where: str) -> Stop:
        stop = Stop(
            site=self.value(d, "site", where, self.string, ""),
            name=self.value(d, "name", where, self.string, ""),
            name_en=self.value(d, "name_en", where, self.string, ""),
            kind=self.value(
                d, "kind", where, lambda r, p: self.enum(StopKind, r, p), StopKind.VISIT
            ),
            lat=self.value(d, "lat", where, self.latitude, 0.0),
            lon=self.value(d, "lon", where, self.longitude, 0.0),
            arrive=self.value(d, "arrive", where, self.moment, _EPOCH),
            start=self.value(d, "start", where, self.moment, _EPOCH),
            depart=self.value(d, "depart", where, self.moment, _EPOCH),
            wait_minutes=self.value(d, "wait_minutes", where, self.integer, 0),
            visit_minutes=self.value(d, "visit_minutes", where, self.integer, 0),
            fee_vnd=self.value(d, "fee_vnd", where, self.opt_integer, None),
            check_hours=self.value(d, "check_hours", where, self.boolean, False),
            event=self.value(d, "event", where, self.opt_string, None),
            activity=self.text(d, "activity", where),
            notes=self.texts(d, "notes", where),
            coordinates_precision=self.value(d, "coordinates_precision", where, self.string, ""),
            commune=self.optional(d, "commune", where, self.string, ""),
        )
        if self.version < 3:
            stop = _event_name_from_note(stop)
        if self.version < 2:
            return _facts_from_v1_notes(stop)
        stop = dataclasses.replace(
            stop,
            lunch_start=self.value(d, "lunch_start", where, self.opt_moment, None),
            lunch_end=self.value(d, "lunch_end", where, self.opt_moment, None),
            hours=self.value(d, "hours", where, self.windows, ()),
            hours_status=self.value(
                d,
                "hours_status",
                where,
                lambda r, p: None if r is None else self.enum(HoursStatus, r, p),
                None,
            ),
            contact=self.value(d, "contact", where, self.string, ""),
            booking=self.value(d, "booking", where, self.string, ""),
            chosen_for=self.optional(d, "chosen_for", where, self.reasons, ()),
        )
        if self.version < 3 or "event_name" not in d:
            return stop
        return dataclasses.replace(stop, event_name=self.text(d, "event_name", where))

    def leg(self, d: Mapping[str, Any], where: str) -> Leg:
        roads: list[RoadStretch] = []
        for path, raw in self.items(d, "roads", where):
            try:
                r = self.obj(raw, path)
                roads.append(
                    RoadStretch(
                        road=self.value(r, "road", path, self.string, ""),
                        distance_m=self.value(r, "distance_m", path, self.integer, 0),
                        duration_s=self.value(r, "duration_s", path, self.integer, 0),
                        road_class=self.value(r, "road_class", path, self.string, ""),
                    )
                )
            except _Fatal:
                pass
        geometry: list[tuple[float, float]] = []
        for path, raw in self.items(d, "geometry", where):
            try:
                point = self.array(raw, path)
                if len(point) != 2:
                    self.problem(path, say("expected [lat, lon], got {n} numbers", n=len(point)))
                    continue
                geometry.append(
                    (self.latitude(point[0], f"{path}[0]"), self.longitude(point[1], f"{path}[1]"))
                )
            except _Fatal:
                pass
        return Leg(
            from_site=self.value(d, "from_site", where, self.string, ""),
            to_site=self.value(d, "to_site", where, self.string, ""),
            depart=self.value(d, "depart", where, self.moment, _EPOCH),
            arrive=self.value(d, "arrive", where, self.moment, _EPOCH),
            distance_m=self.value(d, "distance_m", where, self.integer, 0),
            duration_s=self.value(d, "duration_s", where, self.integer, 0),
            estimated=self.value(d, "estimated", where, self.boolean, False),
            roads=tuple(roads),
            geometry=tuple(geometry),
            after_dark=self.value(d, "after_dark", where, self.boolean, False),
            duration_low_s=self.optional(d, "duration_low_s", where, self.opt_integer, None),
            duration_high_s=self.optional(d, "duration_high_s", where, self.opt_integer, None),
        )

    def skipped(self, d: Mapping[str, Any], where: str) -> Skipped:
        return Skipped(
            site=self.value(d, "site", where, self.string, ""),
            name=self.value(d, "name", where, self.string, ""),
            reason=self.text(d, "reason", where),
            code=self.value(d, "code", where, self.string, ""),
        )


def _phrase(english: str, data: Any) -> str:
    """``english`` as the phrase ``data`` describes, or as plain text when the facts are missing,
    malformed, or no longer word to ``english`` (someone edited the text: the text wins).

    Only plain ``{name}`` fields are accepted in a saved template: a format spec from a file
    (``{x:>999999999}``) could make wording it cost any amount of memory.
    """
    if data is None:
        return english
    phrase = phrases.from_json(english, data)
    if not isinstance(phrase, phrases.Phrase) or not _plain_templates(phrase):
        return english
    try:
        with language("en"):
            worded = word(phrase)
    except (KeyError, IndexError, ValueError, TypeError, AttributeError, OverflowError):
        return english
    return phrase if worded == english else english


def _plain_templates(phrase: phrases.Phrase) -> bool:
    """Whether every template of ``phrase`` and of the phrases inside it has only ``{name}``
    fields."""
    for template in (phrase.template, phrase.plural):
        try:
            fields = list(string.Formatter().parse(template))
        except ValueError:
            return False
        for _text, name, spec, conversion in fields:
            if name is not None and (not name.isidentifier() or spec or conversion):
                return False
    return all(
        _plain_templates(fact) for _, fact in phrase.facts if isinstance(fact, phrases.Phrase)
    )


def _event_name_from_note(stop: Stop) -> Stop:
    """A stop saved before version 3, whose event's name was the note ``"event: NAME"``."""
    for note in stop.notes:
        if note.startswith(_EVENT_NOTE):
            notes = tuple(n for n in stop.notes if n is not note)
            return dataclasses.replace(stop, event_name=note.removeprefix(_EVENT_NOTE), notes=notes)
    return stop


_EVENT_NOTE = "event: "

# Version 1 said a stop's facts in notes, in exactly these words (teatrip wrote them).
_V1_LUNCH = re.compile(r"lunch on site during the visit \(\d+ min, about (\d\d:\d\d)-(\d\d:\d\d)\)")
_V1_WINDOW = r"\d\d:\d\d-\d\d:\d\d"
_V1_OPEN = re.compile(rf"open ({_V1_WINDOW}(?:, {_V1_WINDOW})*) that day( \(estimated hours\))?")


def _facts_from_v1_notes(stop: Stop) -> Stop:
    """A version 1 stop with the facts its notes stated moved into their fields."""
    notes: list[str] = []
    facts: dict[str, Any] = {}

    def at(text: str) -> dt.datetime:
        minutes = parse_clock(text)
        midnight = stop.start.replace(hour=0, minute=0, second=0, microsecond=0)
        return midnight + dt.timedelta(minutes=minutes)

    for note in stop.notes:
        lunch = _V1_LUNCH.fullmatch(note)
        hours = _V1_OPEN.fullmatch(note)
        if lunch is not None:
            facts["lunch_start"], facts["lunch_end"] = at(lunch[1]), at(lunch[2])
        elif hours is not None:
            facts["hours"] = tuple(TimeWindow.parse(w) for w in hours[1].split(", "))
            facts["hours_status"] = HoursStatus.ESTIMATED if hours[2] else HoursStatus.SOURCED
        elif note.startswith("contact: "):
            facts["contact"] = note.removeprefix("contact: ")
        elif note.startswith("booking: "):
            facts["booking"] = note.removeprefix("booking: ")
        else:
            notes.append(note)
    return dataclasses.replace(stop, notes=tuple(notes), **facts)


_SHA256 = re.compile(r"[0-9a-f]{64}")

# Placeholders used only while collecting problems; never returned to a caller.
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_NO_WINDOW = TimeWindow(0, 0)
_PLACEHOLDER_REQUEST = TripRequest(start=dt.date(1970, 1, 1), days=0, start_site="")


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _type_name(value: object) -> str:
    names = {dict: N_("an object"), list: N_("a list"), str: N_("a string"), bool: N_("a boolean")}
    for cls, name in names.items():
        if isinstance(value, cls):
            return say(name)
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return say("a number")
    return type(value).__name__
