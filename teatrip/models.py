"""The core model: frozen dataclasses shared by the catalog, roads, planner and exports.

Times of day are whole minutes since midnight (``TimeWindow``) so that opening hours can be compared
and shifted with plain integer arithmetic; dates are ``datetime.date``; moments in a plan are aware
``datetime`` values in the region's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

# ---------------------------------------------------------------------------------------------
# Closed vocabularies
# ---------------------------------------------------------------------------------------------


class Kind(StrEnum):
    """What a site is; the catalog may only use these values."""

    TEA_AREA = "tea-area"
    TEA_COOP = "tea-coop"
    TEA_HOUSEHOLD = "tea-household"
    MARKET = "market"
    MUSEUM = "museum"
    TEMPLE = "temple"
    PAGODA = "pagoda"
    CAVE = "cave"
    LAKE = "lake"
    STREAM = "stream"
    RELIC = "relic"
    VILLAGE = "village"
    VENUE = "venue"
    VIEWPOINT = "viewpoint"
    LODGING = "lodging"
    FOOD = "food"


class Precision(StrEnum):
    """How far the true place may be from the stored point.

    The facts give no surveyed point for any Thai Nguyen site: most are commune-level points.
    """

    EXACT = "exact"  # surveyed or OSM point of the site itself
    COMMUNE = "commune"  # sourced point of the (old) commune or district containing the site (C1)
    COMMUNE_CENTROID = "commune-centroid"  # centroid of the 2025 commune polygon (C2)
    CITY = "city"  # city-level point (C3)
    ESTIMATED = "estimated"  # placed by hand, no source
    GEOCODED = "geocoded"  # a geocoder's answer for the site's name and commune (with its date)

    @property
    def uncertainty_m(self) -> int:
        """Typical distance between the stored point and the real place, in metres."""
        return _UNCERTAINTY_M[self]


_UNCERTAINTY_M: dict[Precision, int] = {
    Precision.EXACT: 50,
    Precision.COMMUNE: 3_000,
    Precision.COMMUNE_CENTROID: 5_000,
    Precision.CITY: 3_000,
    Precision.ESTIMATED: 5_000,
    # A named place found by a geocoder and checked to lie in the site's commune; the answer may
    # still be the village or the road of that name rather than the site itself.
    Precision.GEOCODED: 500,
}


class RoadClass(StrEnum):
    """Road classes; each has a default speed per travel mode and a winding factor."""

    EXPRESSWAY = "expressway"
    NATIONAL = "national"
    PROVINCIAL = "provincial"
    LOCAL = "local"
    TRACK = "track"
    ACCESS = "access"  # synthetic edge joining a site to the nearest road node (always estimated)


class Mode(StrEnum):
    """How the group travels."""

    CAR = "car"
    MOTORBIKE = "motorbike"
    BICYCLE = "bicycle"
    WALK = "walk"


class HoursStatus(StrEnum):
    """How far the opening hours can be trusted."""

    SOURCED = "sourced"  # from a cited source
    ESTIMATED = "estimated"  # a reasonable guess, marked as such
    UNKNOWN = "unknown"  # nobody knows: the planner may use the day window but flags "check hours"


class Pace(StrEnum):
    """How hard the group travels: scales visit lengths and slack."""

    RELAXED = "relaxed"
    NORMAL = "normal"
    PACKED = "packed"


WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


# ---------------------------------------------------------------------------------------------
# Small value types
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class TimeWindow:
    """A span of a day, in minutes since midnight; ``end`` may reach 1440 (midnight)."""

    start: int
    end: int

    @classmethod
    def parse(cls, text: str) -> TimeWindow:
        """Parse ``"HH:MM-HH:MM"``; raises ValueError with a readable message."""
        try:
            first, second = text.split("-")
        except ValueError:
            raise ValueError(f"expected HH:MM-HH:MM, got {text!r}") from None
        return cls(parse_clock(first), parse_clock(second))

    @property
    def minutes(self) -> int:
        return self.end - self.start

    def __str__(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"


def parse_clock(text: str) -> int:
    """``"07:30"`` -> 450. Accepts ``24:00`` as the end of the day."""
    text = text.strip()
    parts = text.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts):
        raise ValueError(f"expected HH:MM, got {text!r}")
    hours, minutes = int(parts[0]), int(parts[1])
    if minutes > 59 or hours > 24 or (hours == 24 and minutes):
        raise ValueError(f"{text!r} is not a time of day")
    return hours * 60 + minutes


def format_clock(minutes: int) -> str:
    """450 -> ``"07:30"``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class DateRange:
    """An inclusive range of calendar dates."""

    start: dt.date
    end: dt.date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}..{self.end}"


@dataclass(frozen=True)
class Location:
    """A point with its precision and where it comes from."""

    lat: float
    lon: float
    precision: Precision
    source: str
    date: dt.date | None = None  # when the point was looked up (geocoded points carry one)


@dataclass(frozen=True)
class OpeningHours:
    """When a site can be visited, before any dated event is applied.

    ``weekly`` has seven entries, Monday first; an empty tuple means closed that weekday.
    ``lunar_days`` restricts opening to those days of the lunar month (tea markets meet on
    fixed lunar days). ``closed`` lists dates or ranges when the site is shut.
    Resolving all of this for a given date lives in ``hours.py``.
    """

    status: HoursStatus
    weekly: tuple[tuple[TimeWindow, ...], ...]
    closed: tuple[DateRange, ...] = ()
    lunar_days: frozenset[int] | None = None
    source: str = ""
    note: str = ""
    note_vi: str = ""  # the note in Vietnamese ("" when the catalog gives none)


@dataclass(frozen=True)
class Season:
    """When a site is at its best (raises its score in those months)."""

    best_months: frozenset[int] = frozenset()
    note: str = ""
    source: str = ""
    note_vi: str = ""


@dataclass(frozen=True)
class Fee:
    """An entry fee in Vietnamese dong; ``None`` amounts mean "not known"."""

    adult_vnd: int | None
    child_vnd: int | None = None
    note: str = ""
    source: str = ""
    note_vi: str = ""


@dataclass(frozen=True)
class Slot:
    """A booking slot: visits start at ``start`` (minutes since midnight), last ``minutes``, and
    take at most ``capacity`` visitors together."""

    start: int
    minutes: int
    capacity: int


@dataclass(frozen=True)
class Capacity:
    """How many people a site takes: ``visitors`` at once, ``beds`` a night (lodging), or
    bookings by ``slots``. ``None`` and no slots mean nobody knows: unlimited."""

    visitors: int | None = None
    beds: int | None = None
    slots: tuple[Slot, ...] = ()
    source: str = ""


# ---------------------------------------------------------------------------------------------
# Catalog entities
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    """A place a trip can visit, start from or eat at."""

    id: str
    name: str  # local name, with diacritics
    name_en: str
    kind: Kind
    location: Location
    visit_minutes: int
    visit_estimated: bool
    hours: OpeningHours
    score: int  # interest 1..10: the planner's base profit
    tags: tuple[str, ...] = ()
    aka: tuple[str, ...] = ()  # other names people search for (old commune names, short forms)
    season: Season | None = None
    fee: Fee | None = None
    commune_2025: str = ""
    address_pre2025: str = ""
    description: str = ""
    contact: str = ""
    booking: str = ""
    notes: str = ""
    sources: tuple[str, ...] = ()
    line: int | None = None  # line of the site in its catalog file, for messages
    capacity: Capacity | None = None  # None: unknown, taken as unlimited
    # The catalog's words in Vietnamese beside the English ``description``/``notes`` ("" when the
    # catalog gives none: Vietnamese readers then see the English text).
    description_vi: str = ""
    notes_vi: str = ""

    @property
    def lat(self) -> float:
        return self.location.lat

    @property
    def lon(self) -> float:
        return self.location.lon


@dataclass(frozen=True)
class Waypoint:
    """A road junction or town centre that roads pass through; never visited."""

    id: str
    name: str
    location: Location
    line: int | None = None


@dataclass(frozen=True)
class Road:
    """A named road as an ordered chain of site/waypoint ids."""

    name: str
    road_class: RoadClass
    via: tuple[str, ...]
    km: float | None = None  # measured length of the whole chain, when a source gives one
    source: str = ""
    line: int | None = None


@dataclass(frozen=True)
class MeasuredLeg:
    """A road distance or drive time between two places that a source states.

    ``km_low``/``km_high`` bound the stated distance (equal when one figure is given);
    ``minutes`` is a stated drive time for ``mode`` (``None`` mode: any mode, the distance only).
    The road graph is fitted to these legs (``roads.py``) and ``teatrip validate`` reports them.
    """

    from_site: str
    to_site: str
    km_low: float | None = None
    km_high: float | None = None
    minutes: int | None = None
    mode: Mode | None = None
    note: str = ""
    source: str = ""
    line: int | None = None


@dataclass(frozen=True)
class LunarDate:
    """A day of the (Vietnamese) lunar calendar, for festivals that recur on it every year."""

    month: int
    day: int


@dataclass(frozen=True)
class Event:
    """A dated happening at a site: a festival, a market session, a ceremony.

    It occurs either on explicit ``dates`` (ranges in the Gregorian calendar) or every year on the
    lunar days ``lunar_from``..``lunar_to``. During the event the site is open in ``hours`` (which
    replace its usual hours when given). ``fixed_start`` makes the event a fixed-time visit:
    service starts exactly then or not at all.
    """

    id: str
    name: str
    name_en: str
    site: str
    dates: tuple[DateRange, ...] = ()
    lunar_from: LunarDate | None = None
    lunar_to: LunarDate | None = None
    hours: tuple[TimeWindow, ...] = ()
    fixed_start: int | None = None  # minutes since midnight
    visit_minutes: int | None = None
    score_bonus: int = 0
    site_estimated: bool = False  # the source does not name the venue; the site is our best guess
    description: str = ""
    sources: tuple[str, ...] = ()
    line: int | None = None
    description_vi: str = ""  # the description in Vietnamese ("" when the catalog gives none)


@dataclass(frozen=True)
class Region:
    """The area a catalog covers."""

    name: str
    timezone: str
    centre_lat: float
    centre_lon: float
    radius_km: float  # points farther than this from the centre draw a warning
    # speeds[mode][road class] in km/h, overriding the documented defaults
    speeds: Mapping[str, Mapping[str, float]] = field(default_factory=dict)
    # winding[road class]: road length / straight-line length, overriding the defaults
    winding: Mapping[str, float] = field(default_factory=dict)
    name_vi: str = ""  # the name in Vietnamese ("" when the catalog gives none)


@dataclass(frozen=True)
class Catalog:
    """A whole region: its sites, roads and events, loaded from one YAML file."""

    path: str
    version: int
    region: Region
    sites: tuple[Site, ...]
    waypoints: tuple[Waypoint, ...] = ()
    roads: tuple[Road, ...] = ()
    events: tuple[Event, ...] = ()
    measured_legs: tuple[MeasuredLeg, ...] = ()

    @property
    def site_by_id(self) -> Mapping[str, Site]:
        return {site.id: site for site in self.sites}

    def site(self, site_id: str) -> Site:
        """The site with this exact id (KeyError if absent; use ``catalog.find_site`` for names)."""
        for site in self.sites:
            if site.id == site_id:
                return site
        raise KeyError(site_id)

    def events_at(self, site_id: str) -> tuple[Event, ...]:
        return tuple(event for event in self.events if event.site == site_id)


# ---------------------------------------------------------------------------------------------
# A trip: the request and the itinerary the planner makes of it
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LunchRule:
    """A lunch break of ``minutes`` that must start and end inside ``window``."""

    window: TimeWindow
    minutes: int


@dataclass(frozen=True)
class TripRequest:
    """Everything the traveller asked for; saved with the itinerary so it can be replanned."""

    start: dt.date
    days: int
    start_site: str  # lodging the trip starts and ends each day at (until a stay changes it)
    stays: tuple[tuple[int, str], ...] = ()  # (from day number, 1-based; lodging site id)
    mode: Mode = Mode.MOTORBIKE
    day_window: TimeWindow = TimeWindow(7 * 60 + 30, 17 * 60 + 30)
    lunch: LunchRule | None = LunchRule(TimeWindow(11 * 60 + 30, 13 * 60 + 30), 60)
    must: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    interests: tuple[str, ...] = ()
    pace: Pace = Pace.NORMAL
    max_drive_minutes: int | None = None
    golden_hour: bool = False
    budget_s: float | None = None
    seed: int = 0
    # Which catalog the plan was made from: the shipped one is its name (SHIPPED_CATALOG_NAME)
    # with no hash; any other is the path it was given as, with the SHA-256 of its bytes.
    catalog: str = ""
    catalog_sha256: str = ""
    catalog_version: int | None = None  # the catalog's own `version:`, when known
    roads: str = ""  # path of an imported road graph, if any

    def lodging_on(self, day_number: int) -> str:
        """Lodging id the group sleeps at before day ``day_number`` (1-based)."""
        lodging = self.start_site
        for from_day, site_id in sorted(self.stays):
            if from_day <= day_number:
                lodging = site_id
        return lodging


class Why(StrEnum):
    """Why the planner chose a visit (renderers word these)."""

    MUST = "must"  # the traveller asked for it (--must)
    HEADLINE = "headline"  # one of the region's best (score 8 or more)
    EVENT = "event"  # an event is on that day
    INTERESTS = "interests"  # matches --interests
    GOLDEN_HOUR = "golden-hour"  # timed for the golden light (--golden-hour)
    IN_SEASON = "in-season"  # in its best months
    ON_THE_WAY = "on-the-way"  # none of the above: worth the time it takes that day


class StopKind(StrEnum):
    """What a stop in a day is."""

    START = "start"  # leaving the lodging
    VISIT = "visit"
    EVENT = "event"  # a visit bound to a dated event (may be fixed-time)
    LUNCH = "lunch"
    END = "end"  # back at the lodging


@dataclass(frozen=True)
class RoadStretch:
    """A piece of a leg along one named road."""

    road: str
    distance_m: int
    duration_s: int
    road_class: str = ""


@dataclass(frozen=True)
class Leg:
    """Travel between two consecutive stops."""

    from_site: str
    to_site: str
    depart: dt.datetime
    arrive: dt.datetime
    distance_m: int
    duration_s: int
    estimated: bool  # True when any part of the length or time is estimated
    roads: tuple[RoadStretch, ...] = ()
    geometry: tuple[tuple[float, float], ...] = ()  # (lat, lon) along the roads when known
    after_dark: bool = False
    # The likely span of ``duration_s`` when part of it is estimated (``network.duration_range``);
    # None when the whole leg is measured or the range is unknown (trips saved before issue 11).
    duration_low_s: int | None = None
    duration_high_s: int | None = None


@dataclass(frozen=True)
class Stop:
    """One stop of a day, with its times."""

    site: str
    name: str
    name_en: str
    kind: StopKind
    lat: float
    lon: float
    arrive: dt.datetime
    start: dt.datetime  # when the visit begins (after any wait)
    depart: dt.datetime
    wait_minutes: int = 0
    visit_minutes: int = 0
    fee_vnd: int | None = None
    check_hours: bool = False  # the site's hours are unknown or estimated
    event: str | None = None  # event id when the visit is for an event
    activity: str = ""  # what to do there
    notes: tuple[str, ...] = ()  # free text; the facts below have fields of their own
    coordinates_precision: str = ""
    commune: str = ""  # the site's 2025 commune: navigation searches "name, commune" (issue 11)
    # A long visit that includes the lunch on site: when the lunch starts and ends.
    lunch_start: dt.datetime | None = None
    lunch_end: dt.datetime | None = None
    # The site's opening windows that day and how far they can be trusted (visits only; no
    # windows when nobody knows the hours).
    hours: tuple[TimeWindow, ...] = ()
    hours_status: HoursStatus | None = None
    contact: str = ""
    booking: str = ""
    chosen_for: tuple[Why, ...] = ()  # visits only: why the planner chose it
    # An event stop's event by name: a phrase naming it in Vietnamese and English ("" otherwise).
    event_name: str = ""

    @property
    def lunch_on_site(self) -> bool:
        """Whether this is a long visit that includes the lunch."""
        return self.lunch_start is not None


@dataclass(frozen=True)
class SunTimes:
    """Sun events for one day at the region's centre."""

    dawn: dt.datetime
    sunrise: dt.datetime
    sunset: dt.datetime
    dusk: dt.datetime
    golden_morning: tuple[dt.datetime, dt.datetime]
    golden_evening: tuple[dt.datetime, dt.datetime]


@dataclass(frozen=True)
class DayPlan:
    """One day of the itinerary: stops in order and the legs between them.

    ``legs[i]`` goes from ``stops[i]`` to ``stops[i + 1]``.
    """

    number: int  # 1-based
    date: dt.date
    start: dt.datetime
    end: dt.datetime
    stops: tuple[Stop, ...]
    legs: tuple[Leg, ...]
    sun: SunTimes | None = None
    warnings: tuple[str, ...] = ()
    # What the day is about: its most valuable visit (a site id; "" for a day without visits).
    focus: str = ""

    @property
    def distance_m(self) -> int:
        return sum(leg.distance_m for leg in self.legs)

    @property
    def driving_s(self) -> int:
        return sum(leg.duration_s for leg in self.legs)

    @property
    def fees_vnd(self) -> int:
        return sum(stop.fee_vnd or 0 for stop in self.stops)


@dataclass(frozen=True)
class Skipped:
    """A site the plan leaves out, with a reason a person can act on."""

    site: str
    name: str
    reason: str
    code: str = ""  # machine-readable: "closed", "unreachable", "outscored", "avoided", ...


@dataclass(frozen=True)
class Itinerary:
    """A whole trip: what was asked, what was planned, what was left out."""

    version: int
    request: TripRequest
    timezone: str
    region: str
    days: tuple[DayPlan, ...]
    skipped: tuple[Skipped, ...] = ()
    created: dt.datetime | None = None
    warnings: tuple[str, ...] = ()

    @property
    def distance_m(self) -> int:
        return sum(day.distance_m for day in self.days)

    @property
    def driving_s(self) -> int:
        return sum(day.driving_s for day in self.days)

    @property
    def fees_vnd(self) -> int:
        return sum(day.fees_vnd for day in self.days)


ITINERARY_VERSION = 3
"""Version of the saved itinerary document (3: the facts of the planner's sentences beside their
English words, and an event stop's name as a field; 2: stop facts as fields; 1 and 2 still load)."""
