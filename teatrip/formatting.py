"""How numbers read: durations, distances, money and clock times, one way everywhere.

Every renderer and export words quantities through these functions, so the terminal, the sheet,
Markdown and the calendars say the same thing the same way. (Issue 12 adds languages; they will
plug in here.)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence

from teatrip.models import DayPlan, Leg, Mode, Stop, StopKind, Why


def minutes_of(seconds: int) -> int:
    """Whole minutes, rounded half up, the way every output counts time."""
    return (int(seconds) + 30) // 60


def duration(minutes: int) -> str:
    """``95`` -> ``"1 h 35 min"``, ``65`` -> ``"1 h 05 min"``, ``120`` -> ``"2 h"``."""
    hours, rest = divmod(int(minutes), 60)
    if hours and rest:
        return f"{hours} h {rest:02d} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def duration_s(seconds: int) -> str:
    """A duration given in seconds, worded as :func:`duration`."""
    return duration(minutes_of(seconds))


def leg_duration(leg: Leg) -> str:
    """``"17 min"`` for a measured leg, ``"25–35 min"`` for one whose time is partly estimated.

    The range is the leg's ``duration_low_s``..``duration_high_s`` (``network.duration_range``),
    widened to whole 5 minutes from 15 minutes up so it never reads more precise than it is.
    """
    low, high = leg.duration_low_s, leg.duration_high_s
    if low is None or high is None or high <= low:
        return duration_s(leg.duration_s)
    low_min, high_min = int(low) // 60, -(-int(high) // 60)
    if high_min >= 15:
        low_min, high_min = 5 * (low_min // 5), 5 * -(-high_min // 5)
    low_min = max(1, low_min)
    if high_min <= low_min:
        return duration(high_min)
    if high_min < 60:
        return f"{low_min}–{high_min} min"
    return f"{duration(low_min)} – {duration(high_min)}"


def km(metres: int | float) -> str:
    """``14200`` -> ``"14.2 km"``."""
    return f"{metres / 1000:.1f} km"


def money(amount: int | None) -> str:
    """``20000`` -> ``"20,000 ₫"``; ``0`` -> ``"free"``; ``None`` (not published) -> ``"unknown"``.

    Unknown is never shown as free or zero.
    """
    if amount is None:
        return "unknown"
    if amount == 0:
        return "free"
    return f"{amount:,} ₫"


def clock(minutes: int) -> str:
    """Minutes after midnight -> ``"07:30"`` (``1440`` -> ``"24:00"``)."""
    minutes = int(minutes)
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def clock_s(seconds: int) -> str:
    """Seconds after midnight -> ``"07:30"``, capped at the day's end."""
    return clock(min(int(seconds), 24 * 3600) // 60)


def clock_of(moment: dt.datetime | dt.time) -> str:
    """The wall-clock time of a moment, ``"07:30"`` (convert to the trip's zone first)."""
    return f"{moment:%H:%M}"


_WHY_WORDS: dict[Why, str] = {
    Why.MUST: "you asked for it",
    Why.HEADLINE: "one of the region's best",
    Why.EVENT: "an event is on that day",
    Why.INTERESTS: "matches your interests",
    Why.GOLDEN_HOUR: "timed for the golden light",
    Why.IN_SEASON: "in season",
    Why.ON_THE_WAY: "fits the day well",
}


def why(reasons: Iterable[Why]) -> str:
    """Why the planner chose a visit, in words: ``"one of the region's best; in season"``."""
    return "; ".join(_WHY_WORDS[reason] for reason in reasons)


def day_focus(day: DayPlan) -> str:
    """What a day is about: the name of its focus visit ("" for a day without visits)."""
    return next((s.name for s in day.stops if day.focus and s.site == day.focus), "")


# ------------------------------------------------------------------------------ one vocabulary

_TRAVEL_WORDS: dict[Mode, str] = {
    Mode.WALK: "walking",
    Mode.BICYCLE: "cycling",
    Mode.MOTORBIKE: "riding",
    Mode.CAR: "driving",
}
_MODE_PHRASES: dict[Mode, str] = {
    Mode.WALK: "on foot",
    Mode.BICYCLE: "by bicycle",
    Mode.MOTORBIKE: "by motorbike",
    Mode.CAR: "by car",
}
#: Stops whose fee is an entrance fee (lodging is not a fee; a lunch is a meal, priced by the menu).
FEE_KINDS = (StopKind.VISIT, StopKind.EVENT)


def plural(count: int, one: str, many: str | None = None) -> str:
    """``plural(1, "site")`` -> ``"1 site"``; ``plural(2, "site")`` -> ``"2 sites"``."""
    return f"{count} {one if count == 1 else (many or one + 's')}"


def travelling(mode: Mode) -> str:
    """The word for time spent moving: "walking", "cycling", "riding" or "driving"."""
    return _TRAVEL_WORDS[mode]


def by_mode(mode: Mode) -> str:
    """How the group travels: "on foot", "by bicycle", "by motorbike", "by car"."""
    return _MODE_PHRASES[mode]


def fees(amounts: Sequence[int | None]) -> str:
    """Entrance fees per person for some sites, never reading unknown as free or zero.

    ``[20000, None]`` -> ``"20,000 ₫ + 1 site's fee unknown"``; ``[None, None]`` ->
    ``"unknown (2 sites)"``; ``[0, 0]`` -> ``"free"``; ``[]`` -> ``"none"``.
    """
    if not amounts:
        return "none"
    unknown = sum(1 for fee in amounts if fee is None)
    known = sum(fee for fee in amounts if fee is not None)
    if not unknown:
        return money(known)
    if unknown == len(amounts):
        return f"unknown ({plural(unknown, 'site')})"
    missing = "1 site's fee unknown" if unknown == 1 else f"{unknown} sites' fees unknown"
    if not known:
        return f"free at {plural(len(amounts) - unknown, 'site')}, {missing}"
    return f"{money(known)} + {missing}"


def stop_fees(stops: Iterable[Stop]) -> str:
    """:func:`fees` of the entrance-paying stops among ``stops``."""
    return fees([stop.fee_vnd for stop in stops if stop.kind in FEE_KINDS])


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word boundary to at most ``limit`` characters ("…" added)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    head = text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:–-")
    return head + "…"


def first_sentences(text: str, limit: int) -> str:
    """Whole sentences of ``text`` up to ``limit`` characters (at least the first, shortened)."""
    sentences = _SENTENCE_END.split(" ".join(text.split()))
    kept = ""
    for sentence in sentences:
        joined = f"{kept} {sentence}".strip()
        if len(joined) > limit:
            break
        kept = joined
    return kept or shorten(sentences[0] if sentences else "", limit)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-Ỹ0-9\"(])")
# Sentences and clauses about where a fact came from ("The source does NOT state the venue…",
# "…; another source says …"): for whoever checks the catalog, not what to do there. A sentence
# that only mentions a source in parentheses keeps its place.
_PROVENANCE = re.compile(
    r"^(?:the\s+|another\s+)?sources?\b|^the facts\b|^[^(]*\b(?:not sourced|by any source)\b",
    re.IGNORECASE,
)
_PROVENANCE_CLAUSE = re.compile(
    r";\s*(?:the|another)\s+sources?\b[^.()]*(?:\([^)]*\))?[^.()]*", re.IGNORECASE
)
_EVENT_NOTE = "event: "
_VENUE_NOTE = "the source does not name the venue"


def event_name(stop: Stop) -> str:
    """An event stop's event by name (the planner notes it), else its id, else ``""``."""
    for note in stop.notes:
        if note.startswith(_EVENT_NOTE):
            return note[len(_EVENT_NOTE) :]
    return stop.event or ""


def what_to_do(stop: Stop) -> str:
    """A stop's activity without the catalog's provenance prose ("The source does NOT state…")."""
    sentences = _SENTENCE_END.split(" ".join(stop.activity.split()))
    kept = [_PROVENANCE_CLAUSE.sub("", s) for s in sentences if not _PROVENANCE.search(s)]
    return " ".join(kept)


def stop_notes(stop: Stop) -> list[str]:
    """A stop's notes as people read them: the event's name is its title, not a note; an
    unconfirmed venue reads "venue not confirmed by the source"."""
    out: list[str] = []
    for note in stop.notes:
        if note.startswith(_EVENT_NOTE):
            continue
        if note.startswith(_VENUE_NOTE):
            out.append("venue not confirmed by the source: check where it is held")
        else:
            out.append(note)
    return out


def stop_title(stop: Stop) -> str:
    """What a calendar or a list calls a stop: lunch reads as lunch with where, an event by its
    name at its venue, a visit by the site's name."""
    if stop.kind is StopKind.LUNCH:
        # The planner says "Lunch at X" where the site serves food, else a break near it.
        at = "at" if stop.activity.startswith("Lunch at ") else "near"
        return f"Lunch {at} {stop.name}"
    if stop.kind is StopKind.EVENT and event_name(stop):
        return f"{event_name(stop)} ({stop.name})"
    return stop.name


#: How a day's warning about hours to check begins (the planner writes it; the sheet, whose
#: timeline marks each such stop, leaves it out).
CHECK_HOURS_WARNING = "check opening hours before going: "
