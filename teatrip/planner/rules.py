"""The planner's numbers: how a trip's wishes become service times, profits and search budgets.

The value model lives here, written down with its numbers, so the engine only maximises what it is
given (see the package docstring for how these are used).
"""

from __future__ import annotations

from teatrip.models import Pace

Windows = tuple[tuple[int, int], ...]
"""Start windows of a visit on one day: ``(earliest, latest)`` seconds since midnight."""
Lunch = tuple[int, int, int]
"""A day's lunch: (earliest start, latest start, length), in seconds."""

#: A food site counts as "close" when lunch there adds at most this much driving.
FOOD_DETOUR_S = 15 * 60
#: A visit of at least this many minutes (its length on the sheet, pace included) and longer than
#: the lunch may include the lunch break on site, when a lunch slot (``--lunch`` minutes starting
#: and ending inside the lunch window) lies inside the visit: a day at a village or by a lake
#: includes lunch there. The visit keeps its full length; no separate lunch stop is added.
LUNCH_ON_SITE_MIN_VISIT = 240
#: Travel time standing for "no road": large, but sums of a few stay far inside int64.
NO_ROAD = 10**8
#: Engine profit per point of a site's score (integer profits, room for the golden-hour bonus).
PROFIT_SCALE = 10
#: Score points a photo site gains when it is timed for a golden hour.
GOLDEN_BONUS = 2
#: Search steps per second of an explicit --budget (the reference machine does about 35,000).
ITERATIONS_PER_BUDGET_S = 20_000

_PACE: dict[Pace, tuple[float, int]] = {
    Pace.RELAXED: (1.3, 10),
    Pace.NORMAL: (1.0, 0),
    Pace.PACKED: (0.8, 0),
}


def service_minutes(visit_minutes: int, pace: Pace) -> int:
    """Visit length for a pace: relaxed x1.3 + 10 min slack, normal x1, packed x0.8 (>= 5 min)."""
    factor, slack = _PACE[Pace(pace)]
    return max(5, int(visit_minutes * factor + 0.5) + slack)


def default_budget(candidates: int, days: int) -> float:
    """Engine time budget in seconds: 0.3 s plus 4 ms per candidate-day, at most 1.5 s."""
    return min(1.5, 0.3 + 0.004 * candidates * days)


def budget_iterations(budget_s: float | None) -> int | None:
    """An explicit --budget buys search steps in proportion, so it still gives one plan per seed."""
    return None if budget_s is None else max(100, int(budget_s * ITERATIONS_PER_BUDGET_S))


def iterations(candidates: int, days: int) -> int:
    """Search steps: the engine stops after these (so a seed always gives the same plan) unless
    the time budget runs out first on a very slow machine."""
    return min(20_000, 2_000 + 60 * candidates * days)


def can_absorb(service: int, lunch: Lunch) -> bool:
    """Whether a visit of ``service`` seconds is long enough to include the lunch on site."""
    return service >= LUNCH_ON_SITE_MIN_VISIT * 60 and service > lunch[2]


def lunch_slot(start: int, depart: int, lunch: Lunch) -> int | None:
    """When the lunch starts inside a visit ``[start, depart]`` that includes it: a slot of the
    lunch length starting between the earliest and the latest lunch start and ending by
    ``depart``, as near the middle of the lunch window as it can be; None when the visit is too
    short (``LUNCH_ON_SITE_MIN_VISIT``) or holds no such slot."""
    lo, hi, length = lunch
    if not can_absorb(depart - start, lunch):
        return None
    first, last = max(start, lo), min(hi, depart - length)
    if first > last:
        return None
    middle = (lo + hi) // 120 * 60
    return min(max(middle, first), last)
