"""TripRequest + Catalog -> a TOPTW problem for ``teatrip.solver`` -> a timed ``Itinerary``, with a
reason a person can act on for every site left out; and ``replan`` for the rest of a day.

How the trip becomes an engine problem
--------------------------------------
* Nodes are the candidate sites (every site except lodgings, food places, the day's start/end and
  ``--avoid``) and the lodgings. Times are integer seconds since midnight.
* One route per day, from that night's lodging (``request.lodging_on(day)``) back to it, inside the
  ``--day`` window, with ``--max-drive`` as its travel cap.
* A site's windows on a day come from ``hours.day_hours`` and are *start* windows: a visit must
  start inside an opening window and end before it closes, so the engine gets ``[open, close -
  visit]`` clipped to the day window (a group never arrives five minutes before closing). A
  fixed-time event gives the single instant ``[t, t]``. A window list may differ per day (market
  days, closed weekdays, festivals).
* Service = visit length scaled by the pace: relaxed x1.3 plus 10 minutes of slack per stop
  (parking, toilets, a group that dawdles), normal x1, packed x0.8, rounded to whole minutes.
  Fixed-time events keep their own length.
* Profit = the site's score on its best trip day (season +2, event bonus, interests +3; see
  ``hours.site_score``) x 10. A site with a scoring event during the trip (a festival) is offered
  on its event days only: that is what the bonus is for, and the engine has one profit per node.
* ``--must`` sites are mandatory nodes; ``--golden-hour`` restricts ``photo`` sites to start in the
  morning or evening golden hour on days where that is possible (+2 profit there).
* Lunch (``--lunch 11:30-13:30/60``, taken where the group is) is modelled exactly by shifting
  the clock: the engine plans each day without the lunch, ``minutes`` shorter, and every window
  comes twice (see ``_lunch_shifted``): as is but ending by the latest lunch start (visits before
  lunch), and moved ``minutes`` earlier but not before the earliest lunch start (visits after
  lunch). Travel is untouched, because the group eats where it is. Between the last visit before
  and the first after there is always room for the lunch inside its window, so the engine's plans
  hold; the planner then re-times every day exactly (``_Context.simulate``), trying lunch at every
  point of the day (at the lodging, on arrival before a visit while waiting for a window, after a
  visit, or at a food site when one is within 15 minutes' detour and open for the whole meal) and
  keeping the earliest-ending placement. A long visit (``LUNCH_ON_SITE_MIN_VISIT``, 4 h or more,
  and longer than the lunch) may include the lunch on site when a lunch slot lies inside it (a day
  at a village or a lake includes lunch there): the engine gets such a site with the lunch left
  out of its service too and start windows that make it span the lunch (see
  ``_lunch_on_site_windows``); the re-timing tries it as one more lunch placement, waiting if need
  be to start the visit late enough, and prefers it (as it does a food site). The visit stop keeps
  its full length and says when the lunch is (``LUNCH_ON_SITE_NOTE``); that day has no lunch stop.
  Should a day still not fit (a visit interleaving the two
  copies of its windows), it loses its least valuable optional visit; then every left-out site is
  offered again by exact insertion, and one- and two-visit swaps are tried. Every time on the sheet
  comes from this one simulation over the same matrix the engine used: depart + leg = next arrive,
  to the second.

Budget and seed: the engine stops after a number of search steps (by default 2,000 + 60 per
candidate-day, at most 20,000; with ``--budget S``, 20,000 x S) or when its time budget runs out
(default 0.3 s + 4 ms per candidate-day, at most 1.5 s), whichever comes first. On any machine that
reaches the step count first (the reference machine does ~35,000 steps a second) the same request
and seed give the same plan; the planner's own passes are deterministic.

Skipped sites get a computed reason: closed on every date; cannot be reached within its hours even
as a day's only stop (travel, closing time and visit length spelled out); or fits alone but is
worth less than what was chosen, naming the cheapest visit(s) whose removal lets it in.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from teatrip import hours as _hours
from teatrip.errors import NoRouteError, PlanError, RequestError
from teatrip.models import (
    ITINERARY_VERSION,
    Catalog,
    DayPlan,
    Event,
    HoursStatus,
    Itinerary,
    Kind,
    Leg,
    RoadStretch,
    Site,
    Skipped,
    Stop,
    StopKind,
    SunTimes,
    TripRequest,
    format_clock,
)
from teatrip.planner_value import (
    DAYLIGHT_MODES,
    EVENT_DEFAULT_HOURS,
    EVENT_MIN_VISIT,
    OUTDOOR_KINDS,
    daylight_windows,
    family_group,
    place_key,
    service_minutes,
    sights_cap,
    value,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from teatrip.matrix import TravelMatrix
    from teatrip.roads import RoadGraph

__all__ = [
    "FOOD_DETOUR_S",
    "LUNCH_ON_SITE_MIN_VISIT",
    "LUNCH_ON_SITE_NOTE",
    "default_budget",
    "plan_trip",
    "replan",
    "service_minutes",
]

Windows = tuple[tuple[int, int], ...]

#: A food site counts as "close" when lunch there adds at most this much driving.
FOOD_DETOUR_S = 15 * 60
#: A visit of at least this many minutes (its length on the sheet, pace included) and longer than
#: the lunch may include the lunch break on site, when a lunch slot (``--lunch`` minutes starting
#: and ending inside the lunch window) lies inside the visit: a day at a village or by a lake
#: includes lunch there. The visit keeps its full length; no separate lunch stop is added.
LUNCH_ON_SITE_MIN_VISIT = 240
#: How a visit stop that includes the lunch says so: its note starts with this (a marker for tools).
LUNCH_ON_SITE_NOTE = "lunch on site during the visit"
#: Travel time standing for "no road": large, but sums of a few stay far inside int64.
_NO_ROAD = 10**8
#: A photo site that starts in a golden hour is worth this much more score.
GOLDEN_BONUS = 2


def default_budget(candidates: int, days: int) -> float:
    """Engine time budget in seconds: 0.3 s plus 4 ms per candidate-day, at most 1.5 s."""
    return min(1.5, 0.3 + 0.004 * candidates * days)


#: Search steps per second of an explicit --budget (the reference machine does about 35,000).
ITERATIONS_PER_BUDGET_S = 20_000


def _budget_iterations(budget_s: float | None) -> int | None:
    """An explicit --budget buys search steps in proportion, so it still gives one plan per seed."""
    return None if budget_s is None else max(100, int(budget_s * ITERATIONS_PER_BUDGET_S))


def _iterations(candidates: int, days: int) -> int:
    """Search steps: the engine stops after these (so a seed always gives the same plan) unless
    the time budget runs out first on a very slow machine."""
    return min(20_000, 2_000 + 60 * candidates * days)


def _fmt_duration(seconds: int) -> str:
    minutes = (seconds + 30) // 60
    if minutes < 60:
        return f"{minutes} min"
    hours_part, rest = divmod(minutes, 60)
    return f"{hours_part} h {rest} min" if rest else f"{hours_part} h"


def _clock_s(seconds: int) -> str:
    return format_clock(min(seconds, 24 * 3600) // 60)


def _can_absorb(service: int, lunch: tuple[int, int, int]) -> bool:
    """Whether a visit of ``service`` seconds is long enough to include the lunch on site."""
    return service >= LUNCH_ON_SITE_MIN_VISIT * 60 and service > lunch[2]


def _lunch_slot(start: int, depart: int, lunch: tuple[int, int, int]) -> int | None:
    """When the lunch starts inside a visit ``[start, depart]`` that includes it: a slot of the
    lunch length starting between the earliest and the latest lunch start and ending by
    ``depart``, as near the middle of the lunch window as it can be; None when the visit is too
    short (``LUNCH_ON_SITE_MIN_VISIT``) or holds no such slot."""
    lo, hi, length = lunch
    if not _can_absorb(depart - start, lunch):
        return None
    first, last = max(start, lo), min(hi, depart - length)
    if first > last:
        return None
    middle = (lo + hi) // 120 * 60
    return min(max(middle, first), last)


# ---------------------------------------------------------------------------------------------
# Internal model
# ---------------------------------------------------------------------------------------------


@dataclass
class _Day:
    """One route: where and when it starts and ends, its cap, its lunch (all in seconds)."""

    index: int  # 0-based day of the trip
    number: int
    date: dt.date
    start_loc: str
    end_loc: str
    t0: int
    t1: int
    cap: int | None
    lunch: tuple[int, int, int] | None  # (earliest start, latest start, length)
    max_visits: int = 1_000  # sights the pace allows that day (see planner_value.sights_cap)
    sun: SunTimes | None = None


@dataclass
class _Cand:
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
class _TStop:
    site: str
    kind: StopKind
    arrive: int
    start: int
    depart: int
    food: bool = False
    lunch_at: int | None = None  # a visit that includes the lunch: when the lunch starts


@dataclass
class _Timed:
    stops: list[_TStop]
    drive: int
    end: int


class _Context:
    """Everything one planning run needs: catalog, request, travel matrix, candidates, days."""

    def __init__(
        self,
        catalog: Catalog,
        request: TripRequest,
        graph: RoadGraph | None,
    ) -> None:
        from zoneinfo import ZoneInfo

        self.catalog = catalog
        self.request = request
        self.tz = ZoneInfo(catalog.region.timezone)
        self.sites = catalog.site_by_id
        for site_id in (request.start_site, *(s for _, s in request.stays), *request.must):
            if site_id not in self.sites:
                raise RequestError(f"site {site_id!r} is not in the catalog {catalog.path}")
        if graph is None:
            from pathlib import Path

            from teatrip.roads import build_graph

            graph = build_graph(catalog, roads_file=Path(request.roads) if request.roads else None)
        self.graph: RoadGraph = graph
        self.dates = [request.start + dt.timedelta(days=k) for k in range(request.days)]
        self.lodgings = [request.lodging_on(k + 1) for k in range(request.days)]
        self.food = [s.id for s in catalog.sites if s.kind is Kind.FOOD]
        ids: list[str] = []
        for site in catalog.sites:
            if site.id in graph.site_nodes and site.id not in ids:
                ids.append(site.id)
        for site_id in self.lodgings:
            if site_id not in ids:
                ids.append(site_id)
        from teatrip.matrix import travel_matrix

        self.matrix: TravelMatrix = travel_matrix(graph, request.mode, sites=ids)
        self.index = {site_id: k for k, site_id in enumerate(ids)}
        seconds = self.matrix.duration_s.copy()
        seconds[~self.matrix.reachable] = _NO_ROAD
        self.T: NDArray[np.int64] = seconds
        self._t = seconds.tolist()  # plain lists: much faster element access in Python loops
        self.days = [self._day(k) for k in range(request.days)]
        # one site of a family per commune and day; must-visits are exempt (they were asked for)
        self.group_of = {s.id: family_group(s) for s in catalog.sites if s.id not in request.must}
        self.place_of = {s.id: place_key(s.lat, s.lon) for s in catalog.sites}
        self.cands: dict[str, _Cand] = {}
        self.closed: dict[str, str] = {}
        self.unrouted: dict[str, str] = {}

    # -- days ---------------------------------------------------------------------------------

    def _day(self, k: int) -> _Day:
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
        t1 = request.day_window.end * 60
        if sun is not None and request.mode in DAYLIGHT_MODES:
            # two wheels and feet are back before dark: hill roads have no lights
            t1 = max(request.day_window.start * 60, min(t1, _seconds_of(sun.dusk)))
        # a move to another lodging (--stay) ends the day before at the new one
        end_loc = self.lodgings[k + 1] if k + 1 < len(self.lodgings) else self.lodgings[k]
        return _Day(
            index=k,
            number=k + 1,
            date=self.dates[k],
            start_loc=self.lodgings[k],
            end_loc=end_loc,
            t0=request.day_window.start * 60,
            t1=t1,
            cap=None if request.max_drive_minutes is None else request.max_drive_minutes * 60,
            lunch=lunch,
            sun=sun,
            max_visits=max(
                sights_cap(request.pace, (t1 - request.day_window.start * 60) // 60),
                -(-len(request.must) // request.days),  # must-visits outrank the pace
            ),
        )

    def travel(self, a: str, b: str) -> int:
        return int(self._t[self.index[a]][self.index[b]])

    # -- candidates ---------------------------------------------------------------------------

    def build_candidates(self, exclude: set[str]) -> None:
        """Resolve hours, events, scores and windows of every site the plan may visit."""
        request = self.request
        fixed = set(self.lodgings) | {d.end_loc for d in self.days}
        for site in self.catalog.sites:
            if (
                site.kind in (Kind.LODGING, Kind.FOOD)
                or site.id in fixed
                or site.id in exclude
                or site.id in request.avoid
            ):
                continue
            if site.id not in self.index:
                self.unrouted[site.id] = (
                    "not on the road graph in use (--roads): no way to get there"
                )
                continue
            cand = self._candidate(site)
            if cand is None:
                continue
            cand.mandatory = site.id in request.must
            self.cands[site.id] = cand

    def _candidate(self, site: Site) -> _Cand | None:
        request = self.request
        per_day = [
            self._shaped_hours(site, _hours.day_hours(self.catalog, site, day), k)
            for k, day in enumerate(self.dates)
        ]
        if not any(h.is_open for h in per_day):
            self.closed[site.id] = _hours.closed_reason(self.catalog, site, self.dates)
            return None
        # interests weight the value (see planner_value); the score shown stays the site's own
        scores = [_hours.site_score(self.catalog, site, day) for day in self.dates]
        interested = [
            bool(request.interests)
            and _hours.interest_matches(site, request.interests, event_day=h.event is not None)
            for h in per_day
        ]

        def service_of(k: int) -> int:
            h = per_day[k]
            if h.fixed_start is not None:
                return h.visit_minutes * 60
            return service_minutes(h.visit_minutes, request.pace) * 60

        def starts(k: int, service: int) -> Windows:
            h = per_day[k]
            day = self.days[k]
            if h.fixed_start is not None:
                t = h.fixed_start * 60
                return ((t, t),) if day.t0 <= t and t + service <= day.t1 else ()
            out = []
            for w in h.windows:
                lo = max(w.start * 60, day.t0)
                hi = min(w.end * 60, day.t1) - service
                if lo <= hi:
                    out.append((lo, hi))
            return tuple(out)

        open_days = [k for k, h in enumerate(per_day) if h.is_open]
        # A scoring event (festival) during the trip: offer the site on its event days only.
        event_days = [
            k
            for k in open_days
            if per_day[k].event is not None
            and per_day[k].score_bonus > 0
            and starts(k, service_of(k))
        ]
        days_used = event_days or open_days
        service = max(service_of(k) for k in days_used)
        windows = [starts(k, service) if k in days_used else () for k in range(len(self.dates))]
        score = max(scores[k] for k in days_used)

        def worth(k: int) -> int:
            return value(
                scores[k], interested=interested[k], visit_minutes=per_day[k].visit_minutes
            )

        best_day = max(days_used, key=lambda k: (worth(k), -k))
        profit = worth(best_day)
        cand = _Cand(
            site=site,
            service=service,
            profit=profit,
            windows=windows,
            plain=list(windows),
            events=[per_day[k].event if k in days_used else None for k in range(len(per_day))],
            check=[per_day[k].check_hours for k in range(len(per_day))],
            golden=[False] * len(per_day),
            score=score,
            interested=interested[best_day],
        )
        if request.golden_hour and "photo" in site.tags:
            self._golden(cand)
        return cand

    def _shaped_hours(self, site: Site, hours: _hours.DayHours, k: int) -> _hours.DayHours:
        """Hours as a visit can use them: daylight for landscapes whose hours are not known,
        sensible hours and length for an event that publishes none (see ``planner_value``)."""
        if hours.event is not None and hours.fixed_start is None:
            visit = max(hours.visit_minutes, EVENT_MIN_VISIT)
            windows = hours.windows
            if hours.check_hours and windows == (_hours.WHOLE_DAY,):
                windows = (EVENT_DEFAULT_HOURS,)
            return replace(hours, windows=windows, visit_minutes=visit)
        sun = self.days[k].sun
        if site.kind in OUTDOOR_KINDS and hours.check_hours and hours.is_open and sun is not None:
            return replace(hours, windows=daylight_windows(sun.dawn, sun.dusk))
        return hours

    def _golden(self, cand: _Cand) -> None:
        """Restrict a photo site to start in a golden hour, on the days where that is possible."""
        restricted: list[Windows] = []
        for k, day in enumerate(self.days):
            sun = day.sun
            if sun is None or not cand.windows[k]:
                restricted.append(())
                continue
            spans = [sun.golden_morning, sun.golden_evening]
            out = []
            for a, b in spans:
                ga, gb = _seconds_of(a), _seconds_of(b)
                for lo, hi in cand.windows[k]:
                    if max(lo, ga) <= min(hi, gb):
                        out.append((max(lo, ga), min(hi, gb)))
            restricted.append(tuple(sorted(out)))
        cand.golden_possible = [bool(w) for w in restricted]
        if any(restricted):
            cand.windows = restricted
            cand.golden = [bool(w) for w in restricted]
            cand.profit = value(
                cand.score + GOLDEN_BONUS,
                interested=cand.interested,
                visit_minutes=cand.site.visit_minutes,
            )

    # -- exact timing -------------------------------------------------------------------------

    def simulate(
        self,
        day: _Day,
        seq: Sequence[str],
        windows: Mapping[str, Windows] | None = None,
        *,
        best: bool = True,
    ) -> _Timed | None:
        """Time a day's visit order exactly (earliest start in the first usable window) with the
        lunch placed where it ends the day earliest, preferring a food site or a long visit that
        includes it; None when it does not fit."""
        if not self.shape_ok(day, seq):
            return None
        wins = [
            windows[site] if windows and site in windows else self.cands[site].windows[day.index]
            for site in seq
        ]
        base = self._run(day, seq, wins, None)
        if base is None:
            return None
        if day.lunch is None:
            return base
        options: list[tuple[str, int, str]] = [("point", p, "") for p in range(2 * len(seq) + 2)]
        options += [("food", g, f) for g in range(len(seq) + 1) for f in self.food]
        options += [
            ("visit", k, "")
            for k, site in enumerate(seq)
            if _can_absorb(self.cands[site].service, day.lunch)
        ]
        found: list[tuple[tuple[int, int, int, int], _Timed]] = []
        for option in options:
            timed = self._run(day, seq, wins, option)
            if timed is None:
                continue
            if not best:
                return timed
            lunch_start = next(
                s.start if s.kind is StopKind.LUNCH else s.lunch_at
                for s in timed.stops
                if s.kind is StopKind.LUNCH or s.lunch_at is not None
            )
            assert lunch_start is not None
            # a meal at a food site or on site during a long visit beats eating "where we are"
            rank = (0 if option[0] != "point" else 1, timed.end, timed.drive, lunch_start)
            found.append((rank, timed))
        if not found:
            return None
        return min(found, key=lambda item: item[0])[1]

    def shape_ok(self, day: _Day, seq: Sequence[str]) -> bool:
        """Whether a day's visits keep to the pace's sights and one site of a family per commune."""
        if len(seq) > day.max_visits:
            return False
        groups = [self.group_of[s] for s in seq if s in self.group_of]
        return len(groups) == len(set(groups)) and not _returns(seq, self.place_of)

    def _run(
        self,
        day: _Day,
        seq: Sequence[str],
        wins: Sequence[Windows],
        lunch: tuple[str, int, str] | None,
    ) -> _Timed | None:
        t_rows = self._t
        idx = self.index
        t = day.t0
        loc = day.start_loc
        drive = 0
        stops = [_TStop(loc, StopKind.START, t, t, t)]
        cap = day.cap if day.cap is not None else _NO_ROAD
        lunch_info = day.lunch

        def eat(at: str, now: int, food: bool = False) -> int | None:
            assert lunch_info is not None
            lo, hi, length = lunch_info
            start = max(now, lo)
            if start > hi:
                return None
            stops.append(_TStop(at, StopKind.LUNCH, now, start, start + length, food))
            return start + length

        point = 0
        lunched = False

        def at_point(now: int, where: str) -> int | None:
            nonlocal point
            here = point
            point += 1
            if lunch is not None and lunch[0] == "point" and lunch[1] == here:
                return eat(where, now)
            return now

        def lunch_at_food(now: int, here: str, driven: int) -> tuple[int, str, int] | None:
            """Drive to the chosen food site and eat: (time, place, driving) after, or None."""
            assert lunch is not None
            food = lunch[2]
            leg = t_rows[idx[here]][idx[food]]
            if not self._food_ok(day, food, now + leg):
                return None
            fed_at = eat(food, now + leg, True)
            return None if fed_at is None else (fed_at, food, driven + leg)

        for k, site in enumerate(seq):
            after = at_point(t, loc)
            if after is None:
                return None
            t = after
            if lunch is not None and lunch[0] == "food" and lunch[1] == k:
                fed = lunch_at_food(t, loc, drive)
                if fed is None:
                    return None
                t, loc, drive = fed
            leg = t_rows[idx[loc]][idx[site]]
            drive += leg
            arrive = t + leg
            ready = at_point(arrive, site)
            if ready is None:
                return None
            service = self.cands[site].service
            absorb = lunch is not None and lunch[0] == "visit" and lunch[1] == k
            earliest = ready
            if absorb:  # wait, if need be, until the visit can hold the whole lunch
                assert lunch_info is not None
                earliest = max(ready, lunch_info[0] + lunch_info[2] - service)
            start = None
            for lo, hi in wins[k]:
                if earliest <= hi:
                    start = max(earliest, lo)
                    break
            if start is None:
                return None
            depart = start + service
            lunch_at = None
            if absorb:
                assert lunch_info is not None
                lunch_at = _lunch_slot(start, depart, lunch_info)
                if lunch_at is None:
                    return None
                lunched = True
            # after a lunch on arrival the visit "arrives" when lunch ends (a 0-second leg)
            stops.append(_TStop(site, StopKind.VISIT, ready, start, depart, lunch_at=lunch_at))
            t, loc = depart, site
            if drive > cap or t > day.t1:
                return None
        after = at_point(t, loc)
        if after is None:
            return None
        t = after
        if lunch is not None and lunch[0] == "food" and lunch[1] == len(seq):
            fed = lunch_at_food(t, loc, drive)
            if fed is None:
                return None
            t, loc, drive = fed
        leg = t_rows[idx[loc]][idx[day.end_loc]]
        drive += leg
        arrive = t + leg
        end = at_point(arrive, day.end_loc)
        if end is None:
            return None
        if lunch is not None and not lunched and not any(s.kind is StopKind.LUNCH for s in stops):
            return None
        stops.append(_TStop(day.end_loc, StopKind.END, end, end, end))
        if end > day.t1 or drive > cap:
            return None
        if lunch is not None and lunch[0] == "food":
            # "close": the detour to the food site costs at most FOOD_DETOUR_S of extra driving
            plain = self._run(day, seq, wins, None)
            if plain is None or drive - plain.drive > FOOD_DETOUR_S:
                return None
        return _Timed(stops, drive, end)

    def _food_ok(self, day: _Day, food: str, arrive: int) -> bool:
        """A food site is usable when the whole lunch fits inside one of its windows that day."""
        assert day.lunch is not None
        lo, hi, length = day.lunch
        start = max(arrive, lo)
        if start > hi:
            return False
        site = self.sites[food]
        for w in _hours.windows_on(self.catalog, site, day.date):
            if w.start * 60 <= start and start + length <= w.end * 60:
                return True
        return False

    # -- insertion ----------------------------------------------------------------------------

    def best_insertion(
        self,
        day: _Day,
        seq: Sequence[str],
        site: str,
        windows: Mapping[str, Windows] | None = None,
    ) -> tuple[int, list[str]] | None:
        """Cheapest feasible position of ``site`` in a day: (day end after insertion, new order)."""
        best: tuple[int, list[str]] | None = None
        for pos in range(len(seq) + 1):
            trial = [*seq[:pos], site, *seq[pos:]]
            timed = self.simulate(day, trial, windows, best=False)
            if timed is not None and (best is None or timed.end < best[0]):
                best = (timed.end, trial)
        return best

    def alone(self, day: _Day, site: str, windows: Windows | None = None) -> bool:
        wins = {site: windows} if windows is not None else None
        return self.simulate(day, [site], wins, best=False) is not None


def _seconds_of(moment: dt.datetime) -> int:
    return moment.hour * 3600 + moment.minute * 60 + moment.second


# ---------------------------------------------------------------------------------------------
# The engine problem
# ---------------------------------------------------------------------------------------------


def _lunch_shifted(windows: Windows, service: int, lunch: tuple[int, int, int]) -> Windows:
    """Start windows on a day with lunch, in the engine's lunch-free clock.

    The engine's clock leaves the lunch out: a visit before the lunch keeps its times and must end
    by the latest lunch start; a visit after it happens ``length`` later in real time, so its
    windows move ``length`` earlier and it may not start before the earliest lunch start. Travel is
    unchanged (the lunch is taken where the group is), and the day must end ``length`` earlier.
    """
    lo, hi, length = lunch
    out: list[tuple[int, int]] = []
    for o, c in windows:
        before = (o, min(c, hi - service))
        after = (max(o - length, lo), c - length)
        out += [w for w in (before, after) if w[0] <= w[1]]
    return tuple(sorted(out))


def _lunch_on_site_windows(windows: Windows, service: int, lunch: tuple[int, int, int]) -> Windows:
    """Start windows, in the engine's lunch-free clock, of a long visit that includes the lunch.

    The engine gets such a site with a service of ``service - length``: in its clock the lunch is
    left out, and here it is left out of the visit. The visit starts before the lunch, so its start
    is real time, and it must hold a lunch slot: start no earlier than ``earliest lunch start +
    length - service`` (so it lasts past the earliest lunch end), and no later than the earliest
    lunch start. Starting by the earliest lunch start (rather than the latest) keeps the engine
    from letting two visits on a day both include the one lunch: the second could only start after
    the first ends, past the earliest lunch start. Everything after it happens ``length`` later in
    real time, which is what the windows after lunch already assume.
    """
    lo, _, length = lunch
    out = []
    for o, c in windows:
        w = (max(o, lo + length - service + 1), min(c, lo))
        if w[0] <= w[1]:
            out.append(w)
    return tuple(out)


def _solve(
    ctx: _Context,
    days: Sequence[_Day],
    *,
    budget_s: float,
    seed: int,
    iterations: int | None = None,
) -> list[list[str]]:
    """Build the TOPTW problem over ``days`` and return the engine's visit order per day."""
    import numpy as np

    from teatrip.solver import Problem, Route, solve

    def span(d: _Day) -> int:
        return d.t1 - d.t0 - (d.lunch[2] if d.lunch is not None else 0)

    usable = [
        d
        for d in days
        if ctx.travel(d.start_loc, d.end_loc) <= span(d)
        and (d.cap is None or ctx.travel(d.start_loc, d.end_loc) <= d.cap)
    ]
    if len(usable) < len(days):  # the engine refuses a route that cannot reach its end
        found = iter(
            _solve(ctx, usable, budget_s=budget_s, seed=seed, iterations=iterations)
            if usable
            else []
        )
        return [next(found) if d in usable else [] for d in days]
    cands = [c for c in ctx.cands if any(ctx.cands[c].windows[d.index] for d in days)]
    # Depots first, then customers; a replanned day may start at a site it can still visit, so the
    # same site can be both (two nodes, zero travel between them).
    depots = list(dict.fromkeys([*(d.start_loc for d in days), *(d.end_loc for d in days)]))
    site_ids = depots + cands
    depot_of = {s: k for k, s in enumerate(depots)}
    rows = [ctx.index[s] for s in site_ids]
    travel = np.ascontiguousarray(ctx.T[np.ix_(rows, rows)])
    np.fill_diagonal(travel, 0)
    node_of = {s: len(depots) + k for k, s in enumerate(cands)}
    # A long visit that can include the lunch on some day goes to the engine as one that does (the
    # engine has one service time per node, the same on every day): needs the same lunch each day.
    lunches = {d.lunch for d in days}
    lunch = next(iter(lunches)) if len(lunches) == 1 else None
    on_site: set[str] = set()
    if lunch is not None:
        for site in cands:
            cand = ctx.cands[site]
            if _can_absorb(cand.service, lunch) and any(
                _lunch_on_site_windows(cand.windows[d.index], cand.service, lunch) for d in days
            ):
                on_site.add(site)
    service = [0] * len(site_ids)
    profit = [0] * len(site_ids)
    for site in cands:
        length = lunch[2] if lunch is not None and site in on_site else 0
        service[node_of[site]] = ctx.cands[site].service - length
        profit[node_of[site]] = ctx.cands[site].profit
    routes = []
    for day in days:
        windows: dict[int, Windows] = {}
        for site in cands:
            own = ctx.cands[site].windows[day.index]
            if day.lunch is not None and site in on_site:
                own = _lunch_on_site_windows(own, ctx.cands[site].service, day.lunch)
            elif day.lunch is not None:
                own = _lunch_shifted(own, ctx.cands[site].service, day.lunch)
            windows[node_of[site]] = own
        routes.append(
            Route(
                start=depot_of[day.start_loc],
                end=depot_of[day.end_loc],
                earliest=day.t0,
                latest=day.t0 + span(day),
                max_travel=day.cap,
                windows=windows,
                max_visits=day.max_visits,
            )
        )
    group_ids: dict[str, int] = {}
    for site in cands:
        if site in ctx.group_of:
            group_ids.setdefault(ctx.group_of[site], len(group_ids))
    problem = Problem(
        travel=travel,
        service=service,
        profit=profit,
        routes=routes,
        mandatory=frozenset(node_of[s] for s in cands if ctx.cands[s].mandatory),
        customers=[node_of[s] for s in cands],
        groups={node_of[s]: group_ids[ctx.group_of[s]] for s in cands if s in ctx.group_of},
        group_max=dict.fromkeys(group_ids.values(), 1),
    )
    solution = solve(
        problem,
        budget_s=budget_s,
        seed=seed,
        max_iterations=iterations or _iterations(len(cands), len(days)),
    )
    return [[site_ids[j] for j in route.nodes] for route in solution.routes]


def _repair_and_fill(ctx: _Context, days: Sequence[_Day], orders: list[list[str]]) -> None:
    """Make every day fit exactly (dropping its least valuable optional visit while it does not),
    then offer every left-out site again by exact insertion, most valuable first."""
    for k, day in enumerate(days):
        seq = orders[k] = _one_outing_per_place(ctx, day, orders[k])
        while seq and ctx.simulate(day, seq, best=False) is None:
            optional = [s for s in seq if not ctx.cands[s].mandatory] or list(seq)
            drop = min(optional, key=lambda s: (ctx.cands[s].profit, s))
            seq.remove(drop)
    _fill(ctx, days, orders)
    _improve(ctx, days, orders)


def _returns(seq: Sequence[str], place_of: Mapping[str, tuple[int, int]]) -> bool:
    """Whether a day's order leaves a place and comes back to it later."""
    places = [place_of[s] for s in seq]
    runs = [p for i, p in enumerate(places) if i == 0 or p != places[i - 1]]
    return len(runs) != len(set(runs))


def _one_outing_per_place(ctx: _Context, day: _Day, seq: list[str]) -> list[str]:
    """Sites at one place are one outing: the day visits them together and never comes back to a
    place it has left. Tries every order of the places (a day has a handful), keeping the one that
    ends earliest; if none fits, the least valuable optional site that forces a return goes."""
    while _returns(seq, ctx.place_of):
        blocks: dict[tuple[int, int], list[str]] = {}
        for site in seq:
            blocks.setdefault(ctx.place_of[site], []).append(site)
        best: tuple[int, list[str]] | None = None
        for perm in itertools.islice(itertools.permutations(blocks.values()), 720):
            trial = [site for block in perm for site in block]
            timed = ctx.simulate(day, trial, best=False)
            if timed is not None and (best is None or timed.end < best[0]):
                best = (timed.end, trial)
        if best is not None:
            return best[1]
        shared = [s for s in seq if len(blocks[ctx.place_of[s]]) > 1]
        optional = [s for s in shared if not ctx.cands[s].mandatory]
        if not optional:
            return seq
        drop = min(optional, key=lambda s: (ctx.cands[s].profit, s))
        seq = [s for s in seq if s != drop]
    return seq


def _fill(ctx: _Context, days: Sequence[_Day], orders: list[list[str]]) -> None:
    """Offer every left-out site again by exact insertion, mandatory and most valuable first."""
    used = {s for seq in orders for s in seq}
    left = sorted(
        (c for c in ctx.cands.values() if c.site.id not in used),
        key=lambda c: (not c.mandatory, -c.profit, c.site.id),
    )
    for cand in left:
        site = cand.site.id
        placed = _insert_anywhere(ctx, days, orders, site, None)
        if not placed and cand.windows != cand.plain:
            # golden hour impossible now: take it outside the golden hour rather than not at all
            placed = _insert_anywhere(ctx, days, orders, site, "plain")
            if placed:
                cand.windows = cand.plain
                cand.golden = [False] * len(cand.plain)


def _insert_anywhere(
    ctx: _Context,
    days: Sequence[_Day],
    orders: list[list[str]],
    site: str,
    which: str | None,
) -> bool:
    cand = ctx.cands[site]
    best: tuple[int, int, list[str]] | None = None
    for k, day in enumerate(days):
        wins = cand.plain if which == "plain" else cand.windows
        if not wins[day.index]:
            continue
        found = ctx.best_insertion(day, orders[k], site, {site: wins[day.index]})
        if found is not None and (best is None or found[0] < best[0]):
            best = (found[0], k, found[1])
    if best is None:
        return False
    orders[best[1]] = best[2]
    return True


# ---------------------------------------------------------------------------------------------
# Reasons for what was left out
# ---------------------------------------------------------------------------------------------


def _unreachable_reason(ctx: _Context, site: str, days: Sequence[_Day]) -> str:
    """Why a site cannot be a day's only stop on any open day, with the numbers that decide it."""
    cand = ctx.cands[site]
    name = cand.site.name
    details: list[str] = []
    for day in days:
        wins = cand.plain[day.index]
        if not wins:
            continue
        lodging = ctx.sites[day.start_loc].name
        there = ctx.travel(day.start_loc, site)
        back = ctx.travel(site, day.end_loc)
        if there >= _NO_ROAD or back >= _NO_ROAD:
            return f"no {ctx.request.mode.value} road reaches it from {lodging}"
        arrive = day.t0 + there
        last_start = max(hi for _, hi in wins)
        close = last_start + cand.service
        event = cand.events[day.index]
        if event is not None and event.fixed_start is not None:
            details.append(
                f"{event.name_en or event.name} starts at {format_clock(event.fixed_start)}, "
                f"and the group cannot be there and back within the day window"
            )
        elif arrive > last_start:
            details.append(
                f"needs {_fmt_duration(there)} from {lodging}, closes "
                f"{_clock_s(close)} (a {_fmt_duration(cand.service)} visit must start by "
                f"{_clock_s(last_start)})"
            )
        elif day.cap is not None and there + back > day.cap:
            details.append(
                f"needs {_fmt_duration(there + back)} of driving there and back; "
                f"--max-drive is {_fmt_duration(day.cap)}"
            )
        elif day.lunch is not None and ctx.alone(replace(day, lunch=None), site, wins):
            lo, hi, length = day.lunch
            meal = f"the {_fmt_duration(length)} lunch ({_clock_s(lo)}-{_clock_s(hi + length)})"
            if _can_absorb(cand.service, day.lunch):
                why = (
                    f"cannot include {meal} on site, and leaves no room for it "
                    f"and the way back by {_clock_s(day.t1)}"
                )
            else:
                why = (
                    f"leaves no room for {meal} and the way back by {_clock_s(day.t1)} (only a "
                    f"visit of {_fmt_duration(LUNCH_ON_SITE_MIN_VISIT * 60)} or more includes "
                    "lunch on site)"
                )
            details.append(
                f"a visit of {_fmt_duration(cand.service)}, {_fmt_duration(there)} from {lodging}, "
                f"{why}: plan that day with --no-lunch or a longer --day"
            )
        else:
            details.append(
                f"a visit of {_fmt_duration(cand.service)}, {_fmt_duration(there)} from {lodging}, "
                f"does not fit before {_clock_s(day.t1)}"
            )
    if not details:
        return f"{name} cannot be visited on any trip day"
    return details[0] if len(set(details)) == 1 else "; ".join(dict.fromkeys(details))


@dataclass(frozen=True)
class _Swap:
    """The cheapest way found to fit a left-out site: drop ``dropped`` from day list index ``k``."""

    lost: int
    k: int
    dropped: tuple[str, ...]
    order: list[str]


def _cheapest_removal(
    ctx: _Context,
    site: str,
    days: Sequence[_Day],
    orders: list[list[str]],
    *,
    below: int | None = None,
) -> _Swap | None:
    """By exact insertion, chosen optional visits of one day whose removal lets ``site`` fit: the
    cheapest one or two, else the day's cheapest visits taken in order until it fits; only sets
    worth less than ``below`` when given."""
    cand = ctx.cands[site]
    best: _Swap | None = None
    for k, day in enumerate(days):
        wins = cand.plain[day.index]
        if not wins:
            continue
        seq = orders[k]
        optional = [s for s in seq if not ctx.cands[s].mandatory]
        combos = [(c,) for c in optional] + list(itertools.combinations(optional, 2))
        combos.sort(key=lambda c: (sum(ctx.cands[s].profit for s in c), len(c), c))
        for combo in combos:
            lost = sum(ctx.cands[s].profit for s in combo)
            if (best is not None and lost >= best.lost) or (below is not None and lost >= below):
                break
            rest = [s for s in seq if s not in combo]
            found = ctx.best_insertion(day, rest, site, {site: wins})
            if found is not None:
                best = _Swap(lost, k, combo, found[1])
                break  # combos are sorted: the first that works is this day's cheapest
        else:
            # No one or two visits make room: drop the day's cheapest visits one by one.
            dropped: list[str] = []
            for extra in sorted(optional, key=lambda s: (ctx.cands[s].profit, s)):
                dropped.append(extra)
                lost = sum(ctx.cands[s].profit for s in dropped)
                if (best is not None and lost >= best.lost) or (
                    below is not None and lost >= below
                ):
                    break
                if len(dropped) < 3:
                    continue  # the pairs above covered these
                rest = [s for s in seq if s not in dropped]
                found = ctx.best_insertion(day, rest, site, {site: wins})
                if found is not None:
                    best = _Swap(lost, k, tuple(dropped), found[1])
                    break
    return best


def _improve(ctx: _Context, days: Sequence[_Day], orders: list[list[str]]) -> None:
    """Swap a left-out site in for chosen visits worth less in total, then refill; repeat.

    This also keeps the skip reasons honest: afterwards no left-out site can be fitted by
    dropping visits worth less than itself (within one- and two-visit swaps on a day).
    """
    for _ in range(2 * len(ctx.cands) + 1):
        used = {s for seq in orders for s in seq}
        left = sorted(
            (c for c in ctx.cands.values() if c.site.id not in used),
            key=lambda c: (-c.profit, c.site.id),
        )
        for cand in left:
            swap = _cheapest_removal(ctx, cand.site.id, days, orders, below=cand.profit)
            if swap is not None:
                orders[swap.k] = swap.order
                if cand.windows != cand.plain and (
                    ctx.simulate(days[swap.k], swap.order, best=False) is None
                ):  # it only fits outside the golden hour
                    cand.windows = cand.plain
                    cand.golden = [False] * len(cand.plain)
                _fill(ctx, days, orders)
                break
        else:
            return


def _outscored_reason(
    ctx: _Context, site: str, days: Sequence[_Day], orders: list[list[str]]
) -> str:
    """What would have to go for a left-out site that fits on its own."""
    score = ctx.cands[site].score
    swap = _cheapest_removal(ctx, site, days, orders)
    if swap is None:
        return (
            f"fits on a day of its own (score {score}) but not beside any day's must-visit "
            "sites and lunch"
        )
    parts = [f"{ctx.sites[s].name} ({ctx.cands[s].score})" for s in swap.dropped]
    if len(parts) > 4:
        parts = [*parts[:3], f"{len(parts) - 3} more visits"]
    names = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    worth = ", worth more together" if len(swap.dropped) > 1 else ""
    return f"score {score}: would need to drop {names}{worth} on day {days[swap.k].number}"


def _skipped(ctx: _Context, days: Sequence[_Day], orders: list[list[str]]) -> list[Skipped]:
    used = {s for seq in orders for s in seq}
    out: list[Skipped] = []
    for site_id in ctx.request.avoid:
        site = ctx.sites[site_id]
        out.append(Skipped(site_id, site.name, "avoided (--avoid)", "avoided"))
    for site_id, reason in ctx.closed.items():
        out.append(Skipped(site_id, ctx.sites[site_id].name, reason, "closed"))
    for site_id, reason in ctx.unrouted.items():
        out.append(Skipped(site_id, ctx.sites[site_id].name, reason, "unreachable"))
    for site_id, cand in ctx.cands.items():
        if site_id in used:
            continue
        if not any(ctx.alone(day, site_id, cand.plain[day.index]) for day in days):
            code, reason = "unreachable", _unreachable_reason(ctx, site_id, days)
        else:
            code, reason = "outscored", _outscored_reason(ctx, site_id, days, orders)
        out.append(Skipped(site_id, cand.site.name, reason, code))
    order = {"avoided": 0, "closed": 1, "unreachable": 2, "outscored": 3}
    return sorted(out, key=lambda s: (order.get(s.code, 9), s.site))


# ---------------------------------------------------------------------------------------------
# Itinerary assembly
# ---------------------------------------------------------------------------------------------


def _moment(ctx: _Context, day: dt.date, seconds: int) -> dt.datetime:
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=ctx.tz)
    return midnight + dt.timedelta(seconds=seconds)


def _stop(ctx: _Context, day: _Day, ts: _TStop) -> Stop:
    site = ctx.sites[ts.site]
    notes: list[str] = []
    kind = ts.kind
    event: Event | None = None
    activity = ""
    visit = (ts.depart - ts.start) // 60
    fee: int | None = None
    check = False
    if kind is StopKind.LUNCH:
        activity = (
            f"Lunch at {site.name}"
            if ts.food
            else f"Lunch break ({visit} min) near {site.name}: eat where the group is"
        )
    elif kind is StopKind.VISIT:
        cand = ctx.cands[ts.site]
        event = cand.events[day.index]
        if event is not None:
            kind = StopKind.EVENT
            activity = event.description or f"{event.name_en or event.name}"
            notes.append(f"event: {event.name}")
            if event.site_estimated:
                notes.append("the source does not name the venue: confirm where it is held")
        else:
            activity = site.description
        if ts.lunch_at is not None:
            assert day.lunch is not None
            length = day.lunch[2]
            notes.append(
                f"{LUNCH_ON_SITE_NOTE} ({length // 60} min, about {_clock_s(ts.lunch_at)}-"
                f"{_clock_s(ts.lunch_at + length)})"
            )
        fee = site.fee.adult_vnd if site.fee is not None else None
        # The check_hours flag is shown by every renderer; the "open ... that day" note below
        # says what the estimated hours are, so no separate note repeats the flag.
        check = cand.check[day.index]
        if site.season is not None and day.date.month in site.season.best_months:
            notes.append(f"in season: {site.season.note}" if site.season.note else "in season")
        if cand.golden[day.index]:
            notes.append("timed for the golden hour")
        if site.hours.lunar_days is not None:
            lunar = _hours.lunar_date(day.date)
            notes.append(f"market day: lunar {lunar.day}/{lunar.month}")
        if ctx.request.golden_hour and "photo" in site.tags and not cand.golden[day.index]:
            if cand.golden_possible and cand.golden_possible[day.index]:
                notes.append("outside the golden hour (it did not fit then)")
            else:
                notes.append("outside the golden hour (its opening hours miss it)")
        opening = _hours.windows_on(ctx.catalog, site, day.date)
        if opening and site.hours.status is not HoursStatus.UNKNOWN:
            open_text = ", ".join(str(window) for window in opening)
            estimated = " (estimated hours)" if site.hours.status is HoursStatus.ESTIMATED else ""
            notes.append(f"open {open_text} that day{estimated}")
        if site.contact:
            notes.append(f"contact: {site.contact}")
        if site.booking:
            notes.append(f"booking: {site.booking}")
    elif kind is StopKind.START:
        activity = f"Leave {site.name}"
    elif kind is StopKind.END:
        activity = f"Back at {site.name}"
    return Stop(
        site=ts.site,
        name=site.name,
        name_en=site.name_en,
        kind=kind,
        lat=site.lat,
        lon=site.lon,
        arrive=_moment(ctx, day.date, ts.arrive),
        start=_moment(ctx, day.date, ts.start),
        depart=_moment(ctx, day.date, ts.depart),
        wait_minutes=(ts.start - ts.arrive) // 60,
        visit_minutes=visit if kind not in (StopKind.START, StopKind.END) else 0,
        fee_vnd=fee,
        check_hours=check,
        event=event.id if event is not None else None,
        activity=activity,
        notes=tuple(notes),
        coordinates_precision=site.location.precision.value,
    )


def _leg(ctx: _Context, day: _Day, a: _TStop, b: _TStop) -> Leg:
    depart = _moment(ctx, day.date, a.depart)
    arrive = _moment(ctx, day.date, b.arrive)
    if a.site == b.site:
        return Leg(a.site, b.site, depart, arrive, 0, 0, False)
    i, j = ctx.index[a.site], ctx.index[b.site]
    duration = int(ctx.T[i, j])
    stretches: tuple[RoadStretch, ...] = ()
    geometry: tuple[tuple[float, float], ...] = ()
    try:
        from teatrip.roads import shortest_route

        route = shortest_route(ctx.graph, a.site, b.site, ctx.request.mode)
        stretches, geometry = route.stretches, route.geometry
    except NoRouteError:  # the matrix found a way: keep its numbers even without road names
        stretches = ()
    after_dark = False
    if day.sun is not None:
        after_dark = depart < day.sun.dawn or arrive > day.sun.dusk
    return Leg(
        from_site=a.site,
        to_site=b.site,
        depart=depart,
        arrive=arrive,
        distance_m=int(ctx.matrix.distance_m[i, j]),
        duration_s=duration,
        estimated=bool(ctx.matrix.estimated[i, j]),
        roads=stretches,
        geometry=geometry,
        after_dark=after_dark,
    )


def _day_plan(ctx: _Context, day: _Day, timed: _Timed) -> DayPlan:
    stops = tuple(_stop(ctx, day, ts) for ts in timed.stops)
    legs = tuple(_leg(ctx, day, a, b) for a, b in itertools.pairwise(timed.stops))
    warnings: list[str] = []
    for leg in legs:
        if leg.after_dark and day.sun is not None:
            warnings.append(
                f"the leg {ctx.sites[leg.from_site].name} -> {ctx.sites[leg.to_site].name} "
                f"({leg.depart:%H:%M}-{leg.arrive:%H:%M}) runs after dark "
                f"(sunrise {day.sun.sunrise:%H:%M}, sunset {day.sun.sunset:%H:%M})"
            )
    estimated = [leg for leg in legs if leg.estimated]
    if estimated:
        warnings.append(
            f"{len(estimated)} of {len(legs)} legs use estimated distances or times "
            "(commune-level coordinates or roads without measured length)"
        )
    unknown = [s.name for s in stops if s.check_hours]
    if unknown:
        warnings.append("check opening hours before going: " + ", ".join(unknown))
    return DayPlan(
        number=day.number,
        date=day.date,
        start=stops[0].depart,
        end=stops[-1].arrive,
        stops=stops,
        legs=legs,
        sun=day.sun,
        warnings=tuple(warnings),
    )


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def _check_must(ctx: _Context) -> None:
    for site_id in ctx.request.must:
        site = ctx.sites[site_id]
        if site_id in ctx.closed:
            raise RequestError(f"--must {site_id}: {site.name} is {ctx.closed[site_id]}")
        if site_id in ctx.unrouted:
            raise PlanError(f"--must {site_id}: {site.name} is {ctx.unrouted[site_id]}")
        cand = ctx.cands.get(site_id)
        if cand is None:
            continue
        if not any(ctx.alone(day, site_id, cand.plain[day.index]) for day in ctx.days):
            raise PlanError(
                f"--must {site_id}: {site.name} cannot be visited on this trip: "
                f"{_unreachable_reason(ctx, site_id, ctx.days)}"
            )


def _home_before_lunch(ctx: _Context, day: _Day, order: Sequence[str]) -> _Timed | None:
    """A day whose visits are over before the lunch window opens ends then, at its lodging,
    rather than waiting hours for a lunch: the timing without lunch, or None."""
    if day.lunch is None:
        return None
    timed = ctx.simulate(replace(day, lunch=None), order)
    return timed if timed is not None and timed.end <= day.lunch[0] else None


def _check_something_fits(ctx: _Context) -> None:
    """One clear sentence, instead of days of waiting, when the request leaves room for no visit,
    or when a drive cap leaves fewer sites within reach than the trip has days."""
    request = ctx.request

    def fitting(cap_applies: bool) -> list[str]:
        return [
            site
            for site, cand in ctx.cands.items()
            if any(
                ctx.alone(day if cap_applies else replace(day, cap=None), site, wins)
                for day in ctx.days
                if (wins := cand.plain[day.index])
            )
        ]

    if not ctx.cands:
        return
    reachable = fitting(True)
    if reachable and (request.max_drive_minutes is None or len(reachable) >= request.days):
        return
    if reachable:
        assert request.max_drive_minutes is not None
        if len(fitting(False)) <= len(reachable):
            return  # the cap is not what makes the trip short of sites
        names = ", ".join(ctx.sites[s].name for s in reachable)
        raise RequestError(
            f"--max-drive {_fmt_duration(request.max_drive_minutes * 60)} leaves "
            f"{len(reachable)} site{'s' if len(reachable) > 1 else ''} within reach ({names}) "
            f"for {request.days} days: allow more driving a day"
        )

    def round_trip(site: str) -> int:
        return min(ctx.travel(d.start_loc, site) + ctx.travel(site, d.end_loc) for d in ctx.days)

    nearest = min(ctx.cands, key=lambda s: (round_trip(s), s))
    name = ctx.sites[nearest].name
    if (
        request.max_drive_minutes is not None
        and round_trip(nearest) > request.max_drive_minutes * 60
    ):
        raise RequestError(
            f"--max-drive {_fmt_duration(request.max_drive_minutes * 60)} leaves no site within "
            f"reach: the nearest, {name}, needs {_fmt_duration(round_trip(nearest))} of driving "
            "there and back"
        )
    span = ctx.days[0].t1 - ctx.days[0].t0
    needed = round_trip(nearest) + ctx.cands[nearest].service
    raise RequestError(
        f"the day ({_clock_s(ctx.days[0].t0)}-{_clock_s(ctx.days[0].t1)}, "
        f"{_fmt_duration(span)}"
        + (", back before dark" if request.mode in DAYLIGHT_MODES else "")
        + f") is too short for any visit: the nearest, {name}, needs {_fmt_duration(needed)} "
        "with the way there and back" + (" and the lunch" if ctx.days[0].lunch is not None else "")
    )


def plan_trip(
    catalog: Catalog,
    request: TripRequest,
    *,
    graph: RoadGraph | None = None,
    created: dt.datetime | None = None,
) -> Itinerary:
    """Plan a multi-day trip: choose, order and time visits; explain every site left out.

    ``graph`` is the road graph to use (default: built from the catalog, or from ``request.roads``).
    Raises RequestError (exit 2) for a must-visit site closed on every date, PlanError (exit 1) when
    one cannot be fitted. The same request and seed give the same plan.
    """
    ctx = _Context(catalog, request, graph)
    ctx.build_candidates(set())
    _check_must(ctx)
    _check_something_fits(ctx)
    budget = (
        request.budget_s
        if request.budget_s is not None
        else default_budget(len(ctx.cands), request.days)
    )
    orders = (
        _solve(
            ctx,
            ctx.days,
            budget_s=budget,
            seed=request.seed,
            iterations=_budget_iterations(request.budget_s),
        )
        if ctx.cands
        else [[] for _ in ctx.days]
    )
    _repair_and_fill(ctx, ctx.days, orders)
    placed = {s for seq in orders for s in seq}
    for site_id in request.must:
        if site_id not in placed:
            others = [m for m in request.must if m != site_id]
            beside = f" together with {', '.join(others)}" if others else ""
            raise PlanError(
                f"--must {site_id}: {ctx.sites[site_id].name} could not be fitted{beside} "
                f"and the lunch within the day windows; add a day or drop a must-visit site"
            )
    day_plans = []
    for k, day in enumerate(ctx.days):
        timed = ctx.simulate(day, orders[k])
        if timed is None:  # pragma: no cover - repair guarantees a fit
            raise PlanError(f"day {day.number} could not be timed")
        early = _home_before_lunch(ctx, day, orders[k])
        if early is not None:
            plan = _day_plan(ctx, replace(day, lunch=None), early)
            note = (
                f"back at {ctx.sites[day.end_loc].name} by {_clock_s(early.end)}, before lunch: "
                "nothing more fits this day"
                + (" within --max-drive" if day.cap is not None else "")
            )
            day_plans.append(replace(plan, warnings=(*plan.warnings, note)))
            continue
        day_plans.append(_day_plan(ctx, day, timed))
    warnings = []
    if request.golden_hour and not any(c.golden and any(c.golden) for c in ctx.cands.values()):
        warnings.append("--golden-hour: no photo site can start inside a golden hour on these days")
    return Itinerary(
        version=ITINERARY_VERSION,
        request=request,
        timezone=catalog.region.timezone,
        region=catalog.region.name,
        days=tuple(day_plans),
        skipped=tuple(_skipped(ctx, ctx.days, orders)),
        created=created or dt.datetime.now(ctx.tz).replace(microsecond=0),
        warnings=tuple(warnings),
    )


def replan(
    itinerary: Itinerary,
    catalog: Catalog,
    *,
    day: int,
    now: dt.time | str,
    at: str | None = None,
    graph: RoadGraph | None = None,
) -> tuple[Itinerary, list[str]]:
    """Re-plan the rest of day ``day`` from ``now``, keeping what is done.

    Stops the group reached before ``now`` are kept as they were. The rest of the day is planned
    from where the group is: ``at`` (a site id; the group is taken to have arrived there by
    ``now``) or else the last stop reached, which it leaves at its planned departure or at ``now``
    if that has passed. Sites visited on any other day, or already today, are not offered again;
    a lunch not yet taken is planned if its window is still open. Returns the new itinerary and
    what changed, in sentences.
    """
    request = itinerary.request
    if not 1 <= day <= len(itinerary.days):
        raise RequestError(f"--day: the trip has days 1..{len(itinerary.days)}, not {day}")
    if isinstance(now, str):
        try:
            from teatrip.models import parse_clock

            now_min = parse_clock(now)
        except ValueError as error:
            raise RequestError(f"--now: {error}") from None
    else:
        now_min = now.hour * 60 + now.minute
    now_s = now_min * 60
    old = itinerary.days[day - 1]
    ctx = _Context(catalog, request, graph)
    base = ctx.days[day - 1]
    reached = [s for s in old.stops[:-1] if _seconds_of(s.arrive) <= now_s]
    if not reached:
        reached = [old.stops[0]]
    if _seconds_of(old.stops[-1].arrive) <= now_s:
        return itinerary, [f"day {day} is already over at {format_clock(now_min)}; nothing changed"]
    if at is not None and at not in ctx.sites:
        raise RequestError(f"--at: {at!r} is not a site of the catalog")
    kept = list(reached)
    last = kept[-1]
    last_s = _seconds_of(last.start)
    if at is None or at == last.site:
        location = last.site
        leave = max(_seconds_of(last.depart), now_s)
        kept[-1] = _shift_depart(ctx, last, leave)
        extra_legs: list[tuple[int, int]] = []
    else:
        location = at
        there = ctx.travel(last.site, at)
        leave_last = max(last_s, min(_seconds_of(last.depart), now_s - there))
        kept[-1] = _shift_depart(ctx, last, leave_last)
        arrive_at = leave_last + there
        leave = max(arrive_at, now_s)
        at_site = ctx.sites[at]
        kept.append(
            Stop(
                site=at,
                name=at_site.name,
                name_en=at_site.name_en,
                kind=StopKind.VISIT,
                lat=at_site.lat,
                lon=at_site.lon,
                arrive=_moment(ctx, base.date, arrive_at),
                start=_moment(ctx, base.date, leave),
                depart=_moment(ctx, base.date, leave),
                wait_minutes=(leave - arrive_at) // 60,
                activity=f"Replanned from here at {format_clock(now_min)}",
                check_hours=at_site.hours.status is not HoursStatus.SOURCED,
                coordinates_precision=at_site.location.precision.value,
            )
        )
        extra_legs = [(len(kept) - 2, len(kept) - 1)]
    for k, cut in enumerate(kept):
        # a visit cut short may no longer include its lunch: then the lunch is still to come
        if _lunch_on_site(cut) and (
            base.lunch is None
            or _lunch_slot(_seconds_of(cut.start), _seconds_of(cut.depart), base.lunch) is None
        ):
            notes = tuple(n for n in cut.notes if not n.startswith(LUNCH_ON_SITE_NOTE))
            kept[k] = replace(cut, notes=notes)
    lunch_done = any(s.kind is StopKind.LUNCH or _lunch_on_site(s) for s in kept)
    driven = sum(
        leg.duration_s for leg, _ in zip(old.legs, range(len(reached) - 1), strict=False)
    ) + sum(ctx.travel(kept[a].site, kept[b].site) for a, b in extra_legs)
    changes: list[str] = []
    lunch = base.lunch
    if lunch_done:
        lunch = None
    elif lunch is not None and leave > lunch[1]:
        changes.append(
            f"the lunch window ({_clock_s(lunch[0])}-{_clock_s(lunch[1] + lunch[2])}) has passed; "
            "no lunch is planned"
        )
        lunch = None
    rest_day = replace(
        base,
        start_loc=location,
        t0=leave,
        cap=None if base.cap is None else max(0, base.cap - driven),
        lunch=lunch,
    )
    home = ctx.travel(location, base.end_loc)
    if leave + home > base.t1 or (rest_day.cap is not None and home > rest_day.cap):
        # The group cannot be back in time any more: send it straight back and say so.
        changes.append(
            f"from {ctx.sites[location].name} the group cannot be back at "
            f"{ctx.sites[base.end_loc].name} by {_clock_s(base.t1)}: it heads straight back "
            f"({_fmt_duration(home)}), no more visits"
        )
        rest_day = replace(rest_day, t1=max(base.t1, leave + home), cap=None, lunch=None)
    ctx.days = [rest_day if d.index == base.index else d for d in ctx.days]
    visited = {
        s.site
        for d in itinerary.days
        if d.number != day
        for s in d.stops
        if s.kind in (StopKind.VISIT, StopKind.EVENT)
    } | {s.site for s in kept if s.kind in (StopKind.VISIT, StopKind.EVENT)}
    ctx.build_candidates(visited)
    for cand in ctx.cands.values():  # only this day is being planned
        cand.mandatory = cand.mandatory and cand.site.id in {
            s.site for s in old.stops if s.kind in (StopKind.VISIT, StopKind.EVENT)
        }
    budget = request.budget_s if request.budget_s is not None else default_budget(len(ctx.cands), 1)
    orders = (
        _solve(
            ctx,
            [rest_day],
            budget_s=budget,
            seed=request.seed,
            iterations=_budget_iterations(request.budget_s),
        )
        if ctx.cands
        else [[]]
    )
    _repair_and_fill(ctx, [rest_day], orders)
    timed = ctx.simulate(rest_day, orders[0])
    if timed is None:
        raise PlanError(
            f"day {day}: from {ctx.sites[location].name} at {format_clock(now_min)} the group "
            f"cannot be back at {ctx.sites[base.end_loc].name} by {_clock_s(base.t1)}"
        )
    new_stops = [_stop(ctx, rest_day, ts) for ts in timed.stops[1:]]
    new_legs = [_leg(ctx, rest_day, a, b) for a, b in itertools.pairwise(timed.stops)]
    kept_legs = list(old.legs[: len(reached) - 1])
    if kept_legs:  # the last kept stop may leave at another time now
        prev = kept_legs[-1]
        kept_legs[-1] = replace(prev, arrive=kept[len(reached) - 1].arrive)
    for a, b in extra_legs:
        ts_a = _TStop(kept[a].site, kept[a].kind, 0, 0, _seconds_of(kept[a].depart))
        ts_b = _TStop(kept[b].site, kept[b].kind, _seconds_of(kept[b].arrive), 0, 0)
        kept_legs.append(_leg(ctx, rest_day, ts_a, ts_b))
    stops = tuple(kept + new_stops)
    legs = tuple(kept_legs + new_legs)
    plan = DayPlan(
        number=old.number,
        date=old.date,
        start=stops[0].depart,
        end=stops[-1].arrive,
        stops=stops,
        legs=legs,
        sun=old.sun,
        warnings=_day_plan(ctx, rest_day, timed).warnings
        + (
            (f"back after the day window ends ({_clock_s(base.t1)})",)
            if timed.end > base.t1
            else ()
        ),
    )
    changes += _changes(old, plan, now_s, ctx)
    visits_now = {s.site for d in itinerary.days if d.number != day for s in d.stops} | {
        s.site for s in stops
    }
    dropped = [
        s
        for s in old.stops
        if s.kind in (StopKind.VISIT, StopKind.EVENT) and s.site not in visits_now
    ]
    skipped = [s for s in itinerary.skipped if s.site not in visits_now]
    for stop in dropped:
        skipped.append(
            Skipped(
                stop.site,
                stop.name,
                f"dropped when day {day} was replanned at {format_clock(now_min)}",
                "replanned",
            )
        )
    days_out = tuple(plan if d.number == day else d for d in itinerary.days)
    new = replace(itinerary, days=days_out, skipped=tuple(skipped))
    return new, changes


def _lunch_on_site(stop: Stop) -> bool:
    """Whether a stop is a long visit that includes the lunch (its note says so)."""
    return any(note.startswith(LUNCH_ON_SITE_NOTE) for note in stop.notes)


def _shift_depart(ctx: _Context, stop: Stop, depart_s: int) -> Stop:
    depart = _moment(ctx, stop.depart.date(), depart_s)
    if depart == stop.depart:
        return stop
    visit = stop.visit_minutes
    if stop.kind not in (StopKind.START, StopKind.END):
        visit = max(0, int((depart - stop.start).total_seconds()) // 60)
    return replace(stop, depart=depart, visit_minutes=visit)


def _changes(old: DayPlan, new: DayPlan, now_s: int, ctx: _Context) -> list[str]:
    def later(stops: Sequence[Stop]) -> dict[str, Stop]:
        return {
            s.site: s
            for s in stops
            if s.kind in (StopKind.VISIT, StopKind.EVENT) and _seconds_of(s.arrive) > now_s
        }

    before, after = later(old.stops), later(new.stops)
    present = {s.site for s in new.stops}
    out: list[str] = []
    for site, stop in before.items():
        if site not in after and site not in present:
            out.append(f"dropped {stop.name} (was at {stop.start:%H:%M})")
    for site, stop in after.items():
        if site not in before:
            out.append(f"added {stop.name} at {stop.start:%H:%M}")
        elif stop.start != before[site].start:
            out.append(f"{stop.name} now at {stop.start:%H:%M} (was {before[site].start:%H:%M})")
    old_lunch = [s for s in old.stops if s.kind is StopKind.LUNCH and _seconds_of(s.arrive) > now_s]
    new_lunch = [s for s in new.stops if s.kind is StopKind.LUNCH and _seconds_of(s.arrive) > now_s]
    if new_lunch and (not old_lunch or old_lunch[0].start != new_lunch[0].start):
        out.append(f"lunch at {new_lunch[0].start:%H:%M} near {new_lunch[0].name}")
    if new.end != old.end:
        out.append(f"back at {new.stops[-1].name} at {new.end:%H:%M} (was {old.end:%H:%M})")
    if not out:
        out.append(f"nothing changed: the rest of day {new.number} stays as planned")
    del ctx
    return out
