"""One planning run's context: the trip's days, its sites, the travel lookups over the matrix the
caller gave, and the one function every leg of a plan is routed through.

The context never builds a road graph or a matrix: it receives both (``plan_trip`` and
``replan`` compute the matrix from the given graph when the caller has none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from teatrip import hours as _hours
from teatrip.errors import NoRouteError, RequestError
from teatrip.formatting import say
from teatrip.models import Catalog, Event, Kind, Site, StopKind, SunTimes, TripRequest
from teatrip.network import Route
from teatrip.planner.rules import NO_ROAD, Lunch, Windows
from teatrip.planner.value import DAYLIGHT_MODES, family_group, place_key, sights_cap

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from teatrip.matrix import TravelMatrix
    from teatrip.roads import RoadGraph


@dataclass
class Day:
    """One route: where and when it starts and ends, its cap, its lunch (all in seconds)."""

    index: int  # 0-based day of the trip
    number: int
    date: dt.date
    start_loc: str
    end_loc: str
    t0: int
    t1: int
    cap: int | None
    lunch: Lunch | None
    sun: SunTimes | None = None
    max_visits: int = 1_000  # sights the pace allows that day (see value.sights_cap)


@dataclass
class Cand:
    """A site the plan may visit, resolved for every day of the trip."""

    site: Site
    service: int  # seconds
    profit: int
    windows: list[Windows]  # start windows per day (what the engine gets)
    plain: list[Windows]  # the same without the golden-hour restriction
    events: list[Event | None]
    check: list[bool]
    mandatory: bool = False
    golden: list[bool] = field(default_factory=list)  # restricted to the golden hours that day
    golden_possible: list[bool] = field(default_factory=list)
    score: int = 0
    interested: bool = False  # matches the traveller's interests on its best day


@dataclass
class TStop:
    """A stop of a timed day, in seconds since midnight."""

    site: str
    kind: StopKind
    arrive: int
    start: int
    depart: int
    food: bool = False
    lunch_at: int | None = None  # a visit that includes the lunch: when the lunch starts


@dataclass
class Timed:
    """A day timed exactly: its stops, its driving and when it ends."""

    stops: list[TStop]
    drive: int
    end: int


def travel_ids(catalog: Catalog, request: TripRequest, graph: RoadGraph) -> list[str]:
    """The sites a plan needs travel times between: every site on the graph and the lodgings."""
    ids = [site.id for site in catalog.sites if site.id in graph.site_nodes]
    ids = list(dict.fromkeys(ids))
    for day in range(1, request.days + 1):
        lodging = request.lodging_on(day)
        if lodging not in ids:
            ids.append(lodging)
    return ids


def returns(seq: Sequence[str], place_of: Mapping[str, tuple[int, int]]) -> bool:
    """Whether a day's order leaves a place and comes back to it later."""
    places = [place_of[s] for s in seq]
    runs = [p for i, p in enumerate(places) if i == 0 or p != places[i - 1]]
    return len(runs) != len(set(runs))


def seconds_of(moment: dt.datetime) -> int:
    """Seconds since midnight of a moment's wall-clock time."""
    return moment.hour * 3600 + moment.minute * 60 + moment.second


class Context:
    """Everything one planning run needs: catalog, request, travel lookups, candidates, days."""

    def __init__(
        self, catalog: Catalog, request: TripRequest, graph: RoadGraph, matrix: TravelMatrix
    ) -> None:
        self.catalog = catalog
        self.request = request
        self.tz = ZoneInfo(catalog.region.timezone)
        self.sites = catalog.site_by_id
        for site_id in (request.start_site, *(s for _, s in request.stays), *request.must):
            if site_id not in self.sites:
                raise RequestError(
                    say(
                        "site {site} is not in the catalog {path}",
                        site=repr(site_id),
                        path=str(catalog.path),
                    )
                )
        self.graph = graph
        self.dates = [request.start + dt.timedelta(days=k) for k in range(request.days)]
        self.lodgings = [request.lodging_on(k + 1) for k in range(request.days)]
        if matrix.mode is not request.mode:
            raise ValueError(
                f"the travel matrix is for {matrix.mode.value}, the trip for {request.mode.value}"
            )
        self.food = [s.id for s in catalog.sites if s.kind is Kind.FOOD]
        self.use_matrix(matrix)
        #: the sites the plan may travel to: the matrix's, or (while a shortlist is drawn before
        #: the matrix is built, see ``candidates.shortlist``) every site the matrix would cover
        self.routable: set[str] = set(matrix.ids)
        self.days = [self._day(k) for k in range(request.days)]
        # one site of a family per commune and day; must-visits are exempt (they were asked for)
        self.group_of = {s.id: family_group(s) for s in catalog.sites if s.id not in request.must}
        self.place_of = {s.id: place_key(s.lat, s.lon) for s in catalog.sites}
        self.cands: dict[str, Cand] = {}
        self.closed: dict[str, str] = {}
        self.unrouted: dict[str, str] = {}
        #: sites left out before the search on a big catalog (``candidates.shortlist``): reason
        self.pruned: dict[str, str] = {}

    def use_matrix(self, matrix: TravelMatrix) -> None:
        """Travel over ``matrix`` from now on (it must cover the lodgings)."""
        missing = [site_id for site_id in self.lodgings if site_id not in matrix.ids]
        if missing:
            raise ValueError(f"the travel matrix has no row for the lodging {missing[0]!r}")
        self.matrix = matrix
        self.index = {site_id: k for k, site_id in enumerate(matrix.ids)}
        seconds = matrix.duration_s.copy()
        seconds[~matrix.reachable] = NO_ROAD
        self.T: NDArray[np.int64] = seconds
        self.rows: list[list[int]] = seconds.tolist()  # plain lists: fast access in Python loops
        self._routes: dict[tuple[str, str], Route | None] = {}

    def _day(self, k: int) -> Day:
        request = self.request
        lunch = None
        if request.lunch is not None:
            rule = request.lunch
            lo = max(rule.window.start, request.day_window.start) * 60
            hi = (min(rule.window.end, request.day_window.end) - rule.minutes) * 60
            lunch = (lo, hi, rule.minutes * 60)
        try:
            sun = _hours.region_sun_times(self.catalog, self.dates[k])
        except ValueError:
            sun = None
        t0, t1 = request.day_window.start * 60, request.day_window.end * 60
        if sun is not None and request.mode in DAYLIGHT_MODES:
            # two wheels and feet are back before dark: hill roads have no lights
            t1 = max(t0, min(t1, seconds_of(sun.dusk)))
        return Day(
            index=k,
            number=k + 1,
            date=self.dates[k],
            start_loc=self.lodgings[k],
            # a move to another lodging (--stay) ends the day before at the new one
            end_loc=self.lodgings[min(k + 1, len(self.lodgings) - 1)],
            t0=t0,
            t1=t1,
            cap=None if request.max_drive_minutes is None else request.max_drive_minutes * 60,
            lunch=lunch,
            sun=sun,
            max_visits=max(
                sights_cap(request.pace, (t1 - t0) // 60),
                -(-len(request.must) // request.days),  # must-visits outrank the pace
            ),
        )

    def shape_ok(self, day: Day, seq: Sequence[str]) -> bool:
        """Whether a day's visits keep to the pace's sights, one site of a family per commune,
        and never come back to a place they have left."""
        if len(seq) > day.max_visits:
            return False
        groups = [self.group_of[s] for s in seq if s in self.group_of]
        return len(groups) == len(set(groups)) and not returns(seq, self.place_of)

    def travel(self, a: str, b: str) -> int:
        """Seconds from ``a`` to ``b`` (``NO_ROAD`` when there is no way)."""
        return self.rows[self.index[a]][self.index[b]]

    def moment(self, day: dt.date, seconds: int) -> dt.datetime:
        """The aware moment ``seconds`` after midnight of ``day`` in the region's zone."""
        return dt.datetime.combine(day, dt.time(0), tzinfo=self.tz) + dt.timedelta(seconds=seconds)

    def route(self, a: str, b: str) -> Route | None:
        """The roads of the leg ``a`` -> ``b``, or None when the roads cannot name them.

        Every leg the planner builds is routed here, once per run, from the shortest-path trees
        the matrix kept: no leg searches the graph again.
        """
        key = (a, b)
        if key not in self._routes:
            try:
                self._routes[key] = self.matrix.route(a, b)
            except NoRouteError:
                self._routes[key] = None
        return self._routes[key]
