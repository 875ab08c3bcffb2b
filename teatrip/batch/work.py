"""Planning one group of a season around the places others already hold: the unit of work that
runs in a local process or on a Dask worker.

The planner is used as it is, through ``teatrip.planner.plan_trip``: what a group may not use is
written into a *view* of the catalog made for that group. A site with blocked spans (or booking
slots) gets, for the group's dates, opening windows with those spans cut out (or only its free
slot times); the planner then keeps out of them by construction. The view works per weekday, so
on a trip longer than a week a span blocked on one Tuesday is kept free on every Tuesday of the
trip (safe, a little more than needed). A site with an event on a restricted date is closed that
date for the group. The plan is then checked against the blocks; a site still in conflict (a
lunch at a full place) is avoided and the group planned again, so a returned plan always fits.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from teatrip.batch.capacity import NIGHT, VISIT, Block, holds_of
from teatrip.batch.groups import Group
from teatrip.errors import TeatripError
from teatrip.hours import (
    day_hours,
    event_occurs,
    interest_matches,
    region_sun_times,
    site_score,
    windows_on,
)
from teatrip.models import (
    Catalog,
    DateRange,
    HoursStatus,
    Itinerary,
    Kind,
    Mode,
    OpeningHours,
    Site,
    StopKind,
    TimeWindow,
    TripRequest,
    format_clock,
)
from teatrip.planner import plan_trip, service_minutes
from teatrip.planner.value import OUTDOOR_KINDS, daylight_windows, value

if TYPE_CHECKING:
    from teatrip.matrix import TravelMatrix
    from teatrip.roads import RoadGraph

__all__ = [
    "BUDGET_S",
    "CatalogSource",
    "Job",
    "Outcome",
    "group_seed",
    "plan_group",
    "plan_value",
    "visited",
]

#: Search budget of each group's plan: none beyond the engine's greedy construction and the
#: planner's own (deterministic) repair passes. The engine's search stops on a wall clock, so on
#: a loaded machine or a cluster of unequal machines a timed search would give a seed different
#: plans; without it every worker gives the same plan. Measured on the example season it costs
#: about 1% of plan value (156,562 against 158,247 for 20 groups at 0.2 s); ``plan_season``'s
#: ``budget_s`` buys the search back where every worker is known to be fast enough.
BUDGET_S = 0.0
#: Times a group is planned again after its plan still touched a full site.
_RETRIES = 3
_OCCUPYING = (StopKind.VISIT, StopKind.EVENT)


@dataclass(frozen=True)
class CatalogSource:
    """The catalog's text, sent once to every worker (a cluster's machines need not share files)."""

    display: str
    text: bytes = field(compare=False, repr=False)
    digest: str = ""

    @classmethod
    def of(cls, display: str, text: bytes) -> CatalogSource:
        return cls(display, text, hashlib.sha256(text).hexdigest())


@dataclass(frozen=True)
class Job:
    """Plan ``group`` keeping out of ``blocks`` (site -> spans on its dates)."""

    group: Group
    blocks: Mapping[str, Sequence[Block]]
    seed: int
    created: dt.datetime
    budget_s: float = BUDGET_S
    # Lodging moves already applied to the request (the asked-for lodging was full): reasons.
    moved: tuple[str, ...] = ()
    # The group's plan alone (sites, value) when already known; else computed for the summary.
    solo: tuple[tuple[str, ...], int] | None = None
    # Formats rendered here, beside the plan, so the process that writes them only writes.
    formats: tuple[str, ...] = ("json",)


@dataclass(frozen=True)
class Outcome:
    """A group's plan (None when it could not be planned at all: ``error`` says why)."""

    group: str
    itinerary: Itinerary | None
    value: int
    solo_sites: tuple[str, ...]
    solo_value: int
    lost: tuple[tuple[str, str], ...] = ()  # (site, why) for sites of the solo plan it lost
    notes: tuple[str, ...] = ()
    error: str = ""
    files: tuple[tuple[str, bytes], ...] = ()  # (file name, contents): trip.json and exports


def group_seed(season_seed: int, group_id: str) -> int:
    """Each group's own seed, from the season's seed and its id (not its place in the file)."""
    digest = hashlib.sha256(f"{season_seed}:{group_id}".encode()).digest()
    return int.from_bytes(digest[:7], "big")


@functools.lru_cache(maxsize=4)
def _world(source: CatalogSource) -> tuple[Catalog, RoadGraph]:
    from teatrip.catalog.reader import read_document
    from teatrip.errors import CatalogError
    from teatrip.roads import build_graph
    from teatrip.yamlsafe import parse_yaml

    catalog, problems = read_document(parse_yaml(source.text, source.display))
    if catalog is None:
        raise CatalogError(problems)
    return catalog, build_graph(catalog)


@functools.lru_cache(maxsize=16)
def _matrix(source: CatalogSource, mode: Mode) -> TravelMatrix:
    from teatrip.matrix import travel_matrix

    return travel_matrix(_world(source)[1], mode)


def plan_group(source: CatalogSource, job: Job) -> Outcome:
    """Plan one group (in whatever process runs it); deterministic for the job.

    The group is also planned alone (no places held by others; booking slots still apply) when
    that plan is not known yet: the summary compares the two.
    """
    catalog, graph = _world(source)
    matrix = _matrix(source, job.group.request.mode)
    request = replace(job.group.request, seed=job.seed, budget_s=job.budget_s)

    def plan(view: Catalog, req: TripRequest) -> Itinerary:
        return plan_trip(view, req, graph=graph, matrix=matrix, created=job.created)

    solo = job.solo
    alone: _Attempt | None = None
    if solo is None or not job.blocks:
        alone = _plan_around(catalog, request, job, {}, plan)
        it = alone.itinerary
        solo = ((), 0) if it is None else (visited(it), plan_value(catalog, it))
    shared = alone if alone is not None and not job.blocks else None
    if shared is None:
        shared = _plan_around(catalog, request, job, job.blocks, plan)
    if shared.itinerary is None:
        return Outcome(job.group.id, None, 0, *solo, notes=job.moved, error=shared.error)
    itinerary = _true_hours(catalog, shared.itinerary)
    lost = dict(shared.lost)
    kept = set(visited(itinerary))
    for site in solo[0]:
        if site not in kept and site not in lost:
            lost[site] = _why(catalog, job.blocks, shared.closed_events, site)
    from teatrip.export import FORMATS, export_itinerary

    files = tuple(
        (f"trip.{FORMATS[name].extension}", export_itinerary(itinerary, name))
        for name in job.formats
    )
    return Outcome(
        job.group.id,
        itinerary,
        plan_value(catalog, itinerary),
        *solo,
        tuple(sorted(lost.items())),
        job.moved,
        files=files,
    )


@dataclass
class _Attempt:
    itinerary: Itinerary | None
    lost: dict[str, str]
    closed_events: set[str]
    error: str = ""


def _plan_around(
    catalog: Catalog,
    request: TripRequest,
    job: Job,
    blocks: Mapping[str, Sequence[Block]],
    plan: Callable[[Catalog, TripRequest], Itinerary],
) -> _Attempt:
    """Plan on the group's view of the catalog around ``blocks``; a must-see that cannot be
    fitted is given up (with why), a site the plan still clashes with is avoided."""
    lost: dict[str, str] = {}
    avoid = set(request.avoid)
    must = list(request.must)
    view, closed_events, restricted = catalog_view(catalog, request, blocks)
    for _attempt in range(_RETRIES + 1):
        attempt = replace(request, avoid=tuple(sorted(avoid)), must=tuple(must))
        try:
            itinerary = plan(view, attempt)
        except TeatripError as failure:
            squeezed = [site for site in must if site in restricted]
            if not squeezed:
                return _Attempt(None, lost, closed_events, str(failure))
            for site in squeezed:
                must.remove(site)
                why = _why(catalog, blocks, closed_events, site)
                lost[site] = f"must-see given up: {why} ({failure})"
            continue
        clash = _clashes(catalog, itinerary, job.group, blocks)
        if not clash:
            return _Attempt(itinerary, lost, closed_events)
        for site in clash:
            avoid.add(site)
            if site in must:
                must.remove(site)
                lost[site] = "must-see given up: " + _why(catalog, blocks, closed_events, site)
    return _Attempt(None, lost, closed_events, "no plan keeps out of the full places")


def _why(
    catalog: Catalog, blocks: Mapping[str, Sequence[Block]], closed_events: set[str], site: str
) -> str:
    capacity = catalog.site_by_id[site].capacity
    if site in blocks:
        reasons = [block.reason for block in blocks[site]]
        more = f" (and {len(reasons) - 2} more)" if len(reasons) > 2 else ""
        return "; ".join(reasons[:2]) + more
    if site in closed_events:
        return "its event day is limited by capacity"
    if capacity is not None and capacity.slots:
        times = ", ".join(format_clock(slot.start) for slot in capacity.slots)
        return f"visits start only at its booking slots ({times})"
    return "left out when the days were rearranged around full sites"


def _clashes(
    catalog: Catalog, itinerary: Itinerary, group: Group, blocks: Mapping[str, Sequence[Block]]
) -> list[str]:
    """Sites where the plan still uses a blocked span, or a slot site off its free slots (the
    rules ``capacity.check_holds`` applies to the accepted season)."""
    sites = catalog.site_by_id
    clash = set()
    for hold in holds_of(group.id, group.size, itinerary):
        if hold.kind == NIGHT:
            continue
        blocked = [b for b in blocks.get(hold.site, ()) if b.date == hold.date]
        capacity = sites[hold.site].capacity
        if capacity is not None and capacity.slots:
            full = {b.start for b in blocked if b.slot}
            starts = {slot.start for slot in capacity.slots}
            if hold.kind == VISIT and (hold.start not in starts or hold.start in full):
                clash.add(hold.site)
            continue
        if any(hold.start < b.end and b.start < hold.end for b in blocked):
            clash.add(hold.site)
    return sorted(clash)


def catalog_view(
    catalog: Catalog, request: TripRequest, blocks: Mapping[str, Sequence[Block]]
) -> tuple[Catalog, set[str], set[str]]:
    """The catalog as this group may use it, the sites whose event days it closed and every
    site it restricted."""
    dates = [request.start + dt.timedelta(days=k) for k in range(request.days)]
    sites = []
    closed_events: set[str] = set()
    restricted_ids: set[str] = set()
    closed_days: set[tuple[str, dt.date]] = set()
    for site in catalog.sites:
        limited = site.capacity is not None and site.capacity.slots
        if site.kind is Kind.LODGING or not (limited or site.id in blocks):
            sites.append(site)
            continue
        restricted, event_dates = _restricted(
            catalog, site, request, dates, blocks.get(site.id, ())
        )
        closed_days.update((site.id, day) for day in event_dates)
        if event_dates:
            closed_events.add(site.id)
        restricted_ids.add(site.id)
        sites.append(restricted)
    events = tuple(
        event
        for event in catalog.events
        if not any((event.site, day) in closed_days and event_occurs(event, day) for day in dates)
    )
    return replace(catalog, sites=tuple(sites), events=events), closed_events, restricted_ids


def _restricted(
    catalog: Catalog,
    site: Site,
    request: TripRequest,
    dates: Sequence[dt.date],
    blocked: Sequence[Block],
) -> tuple[Site, list[dt.date]]:
    """``site`` with windows, per weekday of the trip, that keep out of ``blocked`` spans."""
    service = service_minutes(site.visit_minutes, request.pace)
    allowed: dict[dt.date, tuple[TimeWindow, ...]] = {}
    event_dates = []
    for day in dates:
        hours = day_hours(catalog, site, day)
        slots = site.capacity is not None and bool(site.capacity.slots)
        if hours.event is not None:
            # An event's hours override the weekday's: an event day with places taken (or
            # booked by slots) is closed for the group instead; others keep the event.
            if slots or any(b.date == day for b in blocked):
                event_dates.append(day)
            continue
        base = hours.windows
        if site.kind in OUTDOOR_KINDS and hours.check_hours and hours.is_open:
            sun = region_sun_times(catalog, day)  # what the planner gives a landscape (value.py)
            base = daylight_windows(sun.dawn, sun.dusk)
        spans = [(b.start, b.end) for b in blocked if b.date == day]
        if site.capacity is not None and site.capacity.slots:
            full = {b.start for b in blocked if b.date == day and b.slot}
            base = tuple(
                TimeWindow(slot.start, slot.start + service)
                for slot in site.capacity.slots
                if slot.start not in full and any(w.start <= slot.start < w.end for w in base)
            )
            spans = []
        allowed[day] = _cut(base, spans)
    weekly = []
    for weekday in range(7):
        same = [allowed[day] for day in allowed if day.weekday() == weekday]
        if not same:
            weekly.append(site.hours.weekly[weekday] if len(site.hours.weekly) == 7 else ())
            continue
        windows = same[0]
        for other in same[1:]:
            windows = _intersect(windows, other)
        weekly.append(windows)
    view_hours = OpeningHours(
        status=HoursStatus.SOURCED,
        weekly=tuple(weekly),
        closed=(*site.hours.closed, *(DateRange(day, day) for day in event_dates)),
        lunar_days=site.hours.lunar_days,
        source=site.hours.source,
        note=site.hours.note,
    )
    return replace(site, hours=view_hours), event_dates


def _cut(windows: Sequence[TimeWindow], spans: Sequence[tuple[int, int]]) -> tuple[TimeWindow, ...]:
    """``windows`` with ``spans`` removed."""
    out = list(windows)
    for a, b in spans:
        pieces = []
        for w in out:
            if b <= w.start or w.end <= a:
                pieces.append(w)
                continue
            if w.start < a:
                pieces.append(TimeWindow(w.start, a))
            if b < w.end:
                pieces.append(TimeWindow(b, w.end))
        out = pieces
    return tuple(sorted(out))


def _intersect(first: Sequence[TimeWindow], second: Sequence[TimeWindow]) -> tuple[TimeWindow, ...]:
    out = []
    for a in first:
        for b in second:
            lo, hi = max(a.start, b.start), min(a.end, b.end)
            if lo < hi:
                out.append(TimeWindow(lo, hi))
    return tuple(sorted(out))


def _true_hours(catalog: Catalog, itinerary: Itinerary) -> Itinerary:
    """Stops show the site's real hours and trust, not the group's view of them."""
    sites = catalog.site_by_id
    days = []
    for day in itinerary.days:
        stops = []
        for stop in day.stops:
            site = sites.get(stop.site)
            if site is None or stop.hours_status is None or stop.kind not in _OCCUPYING:
                stops.append(stop)
                continue
            status = site.hours.status
            known = status is not HoursStatus.UNKNOWN
            stops.append(
                replace(
                    stop,
                    hours=windows_on(catalog, site, day.date) if known else (),
                    hours_status=status,
                    check_hours=stop.check_hours or status is not HoursStatus.SOURCED,
                )
            )
        days.append(replace(day, stops=tuple(stops)))
    return replace(itinerary, days=tuple(days))


def visited(itinerary: Itinerary) -> tuple[str, ...]:
    """The sites a plan visits, in order, each once."""
    seen = dict.fromkeys(
        stop.site for day in itinerary.days for stop in day.stops if stop.kind in _OCCUPYING
    )
    return tuple(seen)


def plan_value(catalog: Catalog, itinerary: Itinerary) -> int:
    """What a plan is worth by the planner's value model: each visited site's value on its day."""
    sites = catalog.site_by_id
    interests = itinerary.request.interests
    total = 0
    seen: set[str] = set()
    for day in itinerary.days:
        for stop in day.stops:
            if stop.kind not in _OCCUPYING or stop.site in seen or stop.site not in sites:
                continue
            seen.add(stop.site)
            site = sites[stop.site]
            interested = bool(interests) and interest_matches(
                site, interests, event_day=stop.event is not None
            )
            score = site_score(catalog, site, day.date)
            total += value(score, interested=interested, visit_minutes=site.visit_minutes)
    return total
