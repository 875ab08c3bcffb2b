"""How numbers read: durations, distances, money and clock times, one way everywhere.

Every renderer and export words quantities through these functions, so the terminal, the sheet,
Markdown and the calendars say the same thing the same way. (Issue 12 adds languages; they will
plug in here.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from teatrip.models import DayPlan, Leg, Why


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
