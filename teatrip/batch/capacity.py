"""What a planned group holds at each site, and the checker that no site is over capacity.

A *hold* is a group's presence at a site: a visit (or lunch) occupies ``[start, depart)`` of its
date for the group's size; a night at a lodging occupies the lodging's beds. The group sleeps at
its lodging the night before each day of the trip (the night is dated by its evening). Several
stops of one group at one site on one day (a visit then lunch there) are one presence.

``check_season`` is the independent checker: it derives the holds from the saved itineraries
themselves and counts them against the catalog, knowing nothing of how the season was planned.
``blocks`` is what the planner asks before planning a group: where, on its dates, that group
would not fit, and who holds the places.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from teatrip.models import Catalog, Itinerary, Kind, Site, StopKind, format_clock

__all__ = [
    "LUNCH",
    "NIGHT",
    "VISIT",
    "Block",
    "Hold",
    "Violation",
    "blocks",
    "check_holds",
    "check_season",
    "free_beds",
    "holds_of",
    "unknown_capacities",
]

VISIT = "visit"
LUNCH = "lunch"  # a lunch stop alone: counts against visitors at once, never books a slot
NIGHT = "night"
_DAY_END = 24 * 60
_OCCUPYING = (StopKind.VISIT, StopKind.EVENT, StopKind.LUNCH)


@dataclass(frozen=True, order=True)
class Hold:
    """A group at a site: ``kind`` visit or lunch (minutes ``[start, end)`` of ``date``), or
    night."""

    site: str
    date: dt.date
    start: int
    end: int
    group: str
    size: int
    kind: str = VISIT


@dataclass(frozen=True)
class Block:
    """A span of a date in which a group of some size does not fit at a site, and why."""

    site: str
    date: dt.date
    start: int
    end: int
    held: int
    capacity: int
    groups: tuple[str, ...]
    slot: bool = False

    @property
    def reason(self) -> str:
        """``full at 09:00-10:15 on 2025-03-04: 30 of 30 places held by groups g12, g40``."""
        span = f"{format_clock(self.start)}-{format_clock(self.end)}"
        what = "slot" if self.slot else "full"
        if not self.groups:
            return f"{what} at {span} on {self.date}: takes {self.capacity} at once"
        return (
            f"{what} at {span} on {self.date}: {self.held} of {self.capacity} places held by "
            f"groups {', '.join(self.groups)}"
        )


@dataclass(frozen=True)
class Violation:
    """A site over capacity (or visited outside its slots) at a moment of a date."""

    site: str
    date: dt.date
    start: int
    end: int
    held: int
    capacity: int
    groups: tuple[str, ...]
    what: str = "over capacity"

    def __str__(self) -> str:
        span = f"{format_clock(self.start)}-{format_clock(self.end)}"
        return (
            f"{self.site} {self.what} on {self.date} at {span}: {self.held} of "
            f"{self.capacity} (groups {', '.join(self.groups)})"
        )


def holds_of(group: str, size: int, itinerary: Itinerary) -> list[Hold]:
    """Everything a planned group holds: its visits and lunches, and its nights."""
    spans: dict[tuple[str, dt.date], list[tuple[int, int, bool]]] = defaultdict(list)
    for day in itinerary.days:
        for stop in day.stops:
            if stop.kind not in _OCCUPYING:
                continue
            start = stop.start.hour * 60 + stop.start.minute
            end = _minute_after(stop.depart, day.date)
            if end > start:
                spans[(stop.site, day.date)].append((start, end, stop.kind is StopKind.LUNCH))
    holds = [
        Hold(site, date, start, end, group, size, LUNCH if lunch else VISIT)
        for (site, date), pieces in spans.items()
        for start, end, lunch in _merged(pieces)
    ]
    request = itinerary.request
    for k in range(1, request.days + 1):
        night = request.start + dt.timedelta(days=k - 2)
        holds.append(Hold(request.lodging_on(k), night, 0, _DAY_END, group, size, NIGHT))
    return sorted(holds)


def _minute_after(moment: dt.datetime, date: dt.date) -> int:
    """Minutes since the day's midnight, rounded up (a visit to 10:14:30 holds 10:14-10:15)."""
    minutes = moment.hour * 60 + moment.minute + (1 if moment.second else 0)
    return minutes if moment.date() == date else _DAY_END


def _merged(pieces: Iterable[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Touching stops as one presence; it is a lunch only if every stop in it is a lunch."""
    out: list[tuple[int, int, bool]] = []
    for start, end, lunch in sorted(pieces):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end), out[-1][2] and lunch)
        else:
            out.append((start, end, lunch))
    return out


def check_season(
    catalog: Catalog, planned: Iterable[tuple[str, int, Itinerary]]
) -> list[Violation]:
    """Every moment a site is over capacity in a season of ``(group, size, itinerary)``."""
    holds = [hold for group, size, it in planned for hold in holds_of(group, size, it)]
    return check_holds(catalog, holds)


def check_holds(catalog: Catalog, holds: Iterable[Hold]) -> list[Violation]:
    """Every moment a site is over capacity, visited outside its slots, or a lodging over beds."""
    by_place: dict[tuple[str, dt.date, bool], list[Hold]] = defaultdict(list)
    for hold in holds:
        by_place[(hold.site, hold.date, hold.kind == NIGHT)].append(hold)
    sites = catalog.site_by_id
    found: list[Violation] = []
    for (site_id, date, night), here in sorted(by_place.items()):
        capacity = sites[site_id].capacity if site_id in sites else None
        if capacity is None:
            continue
        if night:
            held = sum(h.size for h in here)
            if capacity.beds is not None and held > capacity.beds:
                groups = tuple(sorted(h.group for h in here))
                found.append(Violation(site_id, date, 0, _DAY_END, held, capacity.beds, groups))
            continue
        if capacity.slots:
            visits = [h for h in here if h.kind == VISIT]
            found += _slot_violations(sites[site_id], date, visits)
        elif capacity.visitors is not None:
            found += [
                Violation(site_id, date, a, b, held, capacity.visitors, groups)
                for a, b, held, groups in _profile(here)
                if held > capacity.visitors
            ]
    return found


def _slot_violations(site: Site, date: dt.date, here: Sequence[Hold]) -> list[Violation]:
    assert site.capacity is not None
    slots = {slot.start: slot for slot in site.capacity.slots}
    found = []
    booked: dict[int, list[Hold]] = defaultdict(list)
    for hold in here:
        if hold.start in slots:
            booked[hold.start].append(hold)
        else:
            found.append(
                Violation(
                    site.id,
                    date,
                    hold.start,
                    hold.end,
                    hold.size,
                    0,
                    (hold.group,),
                    "visited outside its booking slots",
                )
            )
    for start, holds in sorted(booked.items()):
        slot = slots[start]
        held = sum(h.size for h in holds)
        if held > slot.capacity:
            groups = tuple(sorted(h.group for h in holds))
            end = slot.start + slot.minutes
            found.append(Violation(site.id, date, start, end, held, slot.capacity, groups))
    return found


def _profile(holds: Iterable[Hold]) -> list[tuple[int, int, int, tuple[str, ...]]]:
    """The occupancy of one site on one date as ``(start, end, people, groups)`` pieces."""
    holds = list(holds)
    cuts = sorted({h.start for h in holds} | {h.end for h in holds})
    pieces = []
    for a, b in itertools.pairwise(cuts):
        present = [h for h in holds if h.start < b and a < h.end]
        if present:
            groups = tuple(sorted(h.group for h in present))
            pieces.append((a, b, sum(h.size for h in present), groups))
    return pieces


def blocks(
    catalog: Catalog, holds: Iterable[Hold], size: int, dates: Sequence[dt.date]
) -> dict[str, list[Block]]:
    """Where a group of ``size`` would not fit on ``dates``, given what ``holds`` already hold:
    per site, the spans (or booking slots) it must keep out of. Lodgings are not included
    (``free_beds`` answers for them)."""
    wanted = set(dates)
    by_place: dict[tuple[str, dt.date], list[Hold]] = defaultdict(list)
    for hold in holds:
        if hold.kind != NIGHT and hold.date in wanted:
            by_place[(hold.site, hold.date)].append(hold)
    out: dict[str, list[Block]] = defaultdict(list)
    for site in catalog.sites:
        capacity = site.capacity
        if capacity is None or site.kind is Kind.LODGING:
            continue
        for date in dates:
            here = by_place.get((site.id, date), [])
            if capacity.slots:
                for slot in capacity.slots:
                    booked = [h for h in here if h.kind == VISIT and h.start == slot.start]
                    held = sum(h.size for h in booked)
                    if held + size > slot.capacity:
                        groups = tuple(sorted(h.group for h in booked))
                        end = slot.start + slot.minutes
                        out[site.id].append(
                            Block(site.id, date, slot.start, end, held, slot.capacity, groups, True)
                        )
            elif capacity.visitors is not None:
                if size > capacity.visitors:
                    out[site.id].append(Block(site.id, date, 0, _DAY_END, 0, capacity.visitors, ()))
                    continue
                full = [
                    Block(site.id, date, a, b, held, capacity.visitors, groups)
                    for a, b, held, groups in _profile(here)
                    if held + size > capacity.visitors
                ]
                if full:
                    out[site.id] += _joined(full)
    return dict(out)


def _joined(full: list[Block]) -> list[Block]:
    """Touching blocks as one, with the most people held in it and every group holding."""
    out: list[Block] = []
    for block in full:
        if out and out[-1].end == block.start:
            last = out[-1]
            groups = tuple(sorted({*last.groups, *block.groups}))
            out[-1] = Block(
                last.site, last.date, last.start, block.end, max(last.held, block.held),
                last.capacity, groups,
            )  # fmt: skip
        else:
            out.append(block)
    return out


def free_beds(
    catalog: Catalog, holds: Iterable[Hold], lodging: str, nights: Sequence[dt.date]
) -> int | None:
    """The fewest free beds at ``lodging`` over ``nights`` (None: its beds are not known)."""
    site = catalog.site_by_id[lodging]
    if site.capacity is None or site.capacity.beds is None:
        return None
    wanted = set(nights)
    held: dict[dt.date, int] = defaultdict(int)
    for hold in holds:
        if hold.kind == NIGHT and hold.site == lodging and hold.date in wanted:
            held[hold.date] += hold.size
    return site.capacity.beds - max((held[night] for night in nights), default=0)


def unknown_capacities(catalog: Catalog, sites: Iterable[str]) -> list[str]:
    """Of ``sites``, the ones whose capacity nobody has written down (taken as unlimited)."""
    by_id: Mapping[str, Site] = catalog.site_by_id
    out = []
    for site_id in sorted(set(sites)):
        capacity = by_id[site_id].capacity
        lodging = by_id[site_id].kind is Kind.LODGING
        if (
            capacity is None
            or (lodging and capacity.beds is None)
            or (not lodging and capacity.visitors is None and not capacity.slots)
        ):
            out.append(site_id)
    return out
