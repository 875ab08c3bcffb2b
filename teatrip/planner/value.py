"""What a plan is worth to a traveller: the value model and the shape of a day.

The engine maximises the sum of what it is given; this module decides what that is. The model is
written down with its numbers and reasons in ``docs/value-model.md``. In short:

* **Value grows faster than the score**: a site of score ``s`` is worth ``s²`` (x the interest
  weight), so one headline place (Tân Cương, score 10: 100) outweighs two ordinary ones (score 7:
  49 each). With a cap on sights per day this makes the region's headline experiences come first.
* **Interests reweight, they do not add**: a site whose kind or tags match ``--interests`` is worth
  x1.5; on an event day ``festival`` matches the event.
* **Repeated experiences lose value**: sites of one *family* (tea producers, tea hills, heritage,
  nature, markets, …) in one commune form a group of which a day takes at most one, so a day in
  Tân Cương visits one tea coop, not three.
* **Pace is sights per day and slack**, calibrated on the published tours of the province
  (``../shared/facts/tours.md``: 2–3 sights per full day, median 2): relaxed 2, normal 3, packed 5
  per full day of 9 h, scaled to shorter days, with time to park, walk in and rest at every stop.
* **The day ends before dark** on two wheels and on foot: the route must be back by civil dusk
  (sun 6° below the horizon, the point after which one needs lights); by car the planner only warns.
* **Outdoor landscapes keep daylight hours**: a tea hill, lake, stream or viewpoint whose hours are
  estimated or unknown is open from civil dawn to civil dusk, which lets a creator be on a hill in
  the golden hours.
* **Events keep sensible hours**: an event without published hours is taken to run 09:00–17:00
  (a fair opens mid-morning), estimated, and is visited for at least 90 minutes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from teatrip.models import Kind, Mode, Pace, Site, TimeWindow

#: Value of a site: its effective score to this power (see the module docstring).
VALUE_EXPONENT = 2
#: A site of at least this score is one of the region's headline places (told in the plan).
HEADLINE_SCORE = 8
#: Value multiplier of a site that matches the traveller's interests.
INTEREST_WEIGHT = 1.5
#: Integer scale of values for the engine (it works in integers).
VALUE_SCALE = 10
#: Length of one sight in the published tours (tea: 1.5-3 h; a cave climb 0.5-1 h; a boat 1 h).
SIGHT_MINUTES = 150
#: A long programme counts as at most this many sights: a whole day at one place is worth a
#: good day of sights (2-3), a little less than the best such day of a region.
MAX_SIGHTS_IN_ONE = 2.5


@dataclass(frozen=True)
class PaceRule:
    """What a pace means: sights in a full day, visit length factor, minutes of slack per stop."""

    sights_per_full_day: int
    visit_factor: float
    slack_minutes: int


#: Calibrated on the published tours: 2–3 sights per full day (median 2); 5 is a packed day.
PACES: dict[Pace, PaceRule] = {
    Pace.RELAXED: PaceRule(sights_per_full_day=2, visit_factor=1.2, slack_minutes=20),
    Pace.NORMAL: PaceRule(sights_per_full_day=3, visit_factor=1.0, slack_minutes=10),
    Pace.PACKED: PaceRule(sights_per_full_day=5, visit_factor=0.85, slack_minutes=5),
}
#: A "full day" of the tours: about 08:00 to 17:00 out of the hotel.
FULL_DAY_MINUTES = 9 * 60

#: Modes that must be back before dark (civil dusk); a car only gets a warning.
DAYLIGHT_MODES = frozenset({Mode.MOTORBIKE, Mode.BICYCLE, Mode.WALK})
#: Kinds whose experience is the landscape: daylight is their opening time when hours are not known.
OUTDOOR_KINDS = frozenset({Kind.TEA_AREA, Kind.LAKE, Kind.STREAM, Kind.VIEWPOINT})
#: Families of experience: a day takes at most one site of a family in one commune.
FAMILIES: dict[Kind, str] = {
    Kind.TEA_AREA: "tea-hills",
    Kind.TEA_COOP: "tea-producer",
    Kind.TEA_HOUSEHOLD: "tea-producer",
    Kind.MARKET: "market",
    Kind.MUSEUM: "museum",
    Kind.TEMPLE: "heritage",
    Kind.PAGODA: "heritage",
    Kind.RELIC: "heritage",
    Kind.CAVE: "nature",
    Kind.LAKE: "nature",
    Kind.STREAM: "nature",
    Kind.VIEWPOINT: "viewpoint",
    Kind.VILLAGE: "village",
    Kind.VENUE: "venue",
}
#: Hours taken for an event whose hours are not published (minutes after midnight).
EVENT_DEFAULT_HOURS = TimeWindow(9 * 60, 17 * 60)
#: Shortest visit of an event (a fair, a festival): less is not worth the trip.
EVENT_MIN_VISIT = 90


def value(score: int, *, interested: bool, visit_minutes: int = SIGHT_MINUTES) -> int:
    """The engine's profit for a site of effective ``score`` (season and event bonuses included).

    A long programme at one place (a day in a stilt-house village: weaving, picking, rice wine,
    singing) is several experiences: it counts as ``visit_minutes / SIGHT_MINUTES`` sights, between
    1 and ``MAX_SIGHTS_IN_ONE``.
    """
    weight = INTEREST_WEIGHT if interested else 1.0
    sights = min(MAX_SIGHTS_IN_ONE, max(1.0, visit_minutes / SIGHT_MINUTES))
    return round(float(max(0, score) ** VALUE_EXPONENT) * weight * sights * VALUE_SCALE)


def service_minutes(visit_minutes: int, pace: Pace) -> int:
    """Time a stop takes at a pace: the visit scaled, plus the slack to park, walk in and rest."""
    rule = PACES[Pace(pace)]
    return max(5, round(visit_minutes * rule.visit_factor) + rule.slack_minutes)


def sights_cap(pace: Pace, day_minutes: int) -> int:
    """Most sights in a day of ``day_minutes`` at a pace (at least one)."""
    rule = PACES[Pace(pace)]
    return max(1, int(rule.sights_per_full_day * day_minutes / FULL_DAY_MINUTES + 0.5))


def family_group(site: Site) -> str:
    """The group a site belongs to for the one-per-day rule: its family in its commune."""
    family = FAMILIES.get(site.kind, site.kind.value)
    return f"{family}@{site.commune_2025 or site.id}"


def daylight_windows(dawn: dt.datetime, dusk: dt.datetime) -> tuple[TimeWindow, ...]:
    """Civil dawn to civil dusk as one opening window (minutes after local midnight)."""
    start = dawn.hour * 60 + dawn.minute + (1 if dawn.second else 0)
    end = dusk.hour * 60 + dusk.minute
    return (TimeWindow(start, end),) if start < end else ()


def place_key(lat: float, lon: float) -> tuple[int, int]:
    """Sites whose points lie within ~100 m are one place: visited together, never returned to."""
    return (round(lat * 1000), round(lon * 1000))
