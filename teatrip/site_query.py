"""Listing and describing sites: filters, distances, neighbours and a site as plain data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from teatrip.errors import BadInputError
from teatrip.formatting import say
from teatrip.geo import geodesic_m
from teatrip.models import WEEKDAYS, Catalog, Kind, Site, TimeWindow


@dataclass(frozen=True)
class SiteMatch:
    """A site that passed the filters, with its distance from the ``near`` site, if any."""

    site: Site
    distance_m: int | None = None


def distance_m(a: Site, b: Site) -> int:
    """Geodesic distance between two sites' stored points, in metres."""
    return round(geodesic_m(a.lat, a.lon, b.lat, b.lon))


def filter_sites(
    catalog: Catalog,
    *,
    tags: Sequence[str] = (),
    kinds: Sequence[Kind] = (),
    near: Site | None = None,
    within_m: int | None = None,
    open_on: dt.date | None = None,
) -> list[SiteMatch]:
    """Sites with all ``tags``, of any of ``kinds``, within ``within_m`` of ``near``, open then.

    With ``near`` the result is sorted by distance and excludes ``near`` itself.
    """
    wanted_tags = {tag.lower() for tag in tags}
    known = {tag.lower() for site in catalog.sites for tag in site.tags}
    unknown = sorted(wanted_tags - known)
    if unknown:  # a typo would otherwise list nothing, silently
        raise BadInputError(
            say(
                "--tag {tag}: no site of this catalog has it; tags: {tags}",
                tag=repr(unknown[0][:40]),
                tags=", ".join(sorted(known)),
            )
        )
    matches: list[SiteMatch] = []
    for site in catalog.sites:
        if wanted_tags and not wanted_tags <= set(site.tags):
            continue
        if kinds and site.kind not in kinds:
            continue
        distance = None
        if near is not None:
            if site.id == near.id:
                continue
            distance = distance_m(near, site)
            if within_m is not None and distance > within_m:
                continue
        if open_on is not None and not is_open_on(catalog, site, open_on):
            continue
        matches.append(SiteMatch(site, distance))
    if near is not None:
        matches.sort(key=lambda match: (match.distance_m or 0, match.site.id))
    return matches


def is_open_on(catalog: Catalog, site: Site, day: dt.date) -> bool:
    """True when the site has an opening window that day, or its hours are unknown."""
    from teatrip.hours import windows_on
    from teatrip.models import HoursStatus

    if site.hours.status is HoursStatus.UNKNOWN:
        return True
    return bool(windows_on(catalog, site, day))


def nearest(catalog: Catalog, site: Site, count: int = 5) -> list[SiteMatch]:
    """The ``count`` sites closest to ``site`` (straight-line distance)."""
    return filter_sites(catalog, near=site)[:count]


@dataclass(frozen=True)
class DayOpening:
    """A site's opening on one date, and the events held there that day."""

    date: dt.date
    windows: tuple[TimeWindow, ...]
    events: tuple[str, ...] = ()


def week_of_hours(catalog: Catalog, site: Site, start: dt.date, days: int = 7) -> list[DayOpening]:
    """The site's opening windows and events for each of ``days`` dates from ``start``."""
    from teatrip.hours import events_on, windows_on

    week = []
    for offset in range(days):
        day = start + dt.timedelta(days=offset)
        events = tuple(event.name for event in events_on(catalog, site.id, day))
        week.append(DayOpening(day, windows_on(catalog, site, day), events))
    return week


def site_to_dict(site: Site, distance: int | None = None) -> dict[str, Any]:
    """Plain data for JSON output: every field of the site."""
    hours = site.hours
    weekly = {
        day: [str(w) for w in windows] for day, windows in zip(WEEKDAYS, hours.weekly, strict=True)
    }
    data: dict[str, Any] = {
        "id": site.id,
        "name": site.name,
        "name_en": site.name_en,
        "aka": list(site.aka),
        "kind": site.kind.value,
        "lat": site.lat,
        "lon": site.lon,
        "precision": site.location.precision.value,
        "location_source": site.location.source,
        "visit_minutes": site.visit_minutes,
        "visit_estimated": site.visit_estimated,
        "hours": {
            "status": hours.status.value,
            "weekly": weekly,
            "closed": [str(r) for r in hours.closed],
            "lunar_days": sorted(hours.lunar_days) if hours.lunar_days else None,
            "source": hours.source,
            "note": hours.note,
        },
        "season": None,
        "score": site.score,
        "tags": list(site.tags),
        "fee": None,
        "commune_2025": site.commune_2025,
        "address_pre2025": site.address_pre2025,
        "description": site.description,
        "contact": site.contact,
        "booking": site.booking,
        "notes": site.notes,
        "sources": list(site.sources),
    }
    if site.season is not None:
        data["season"] = {
            "best_months": sorted(site.season.best_months),
            "note": site.season.note,
            "source": site.season.source,
        }
    if site.fee is not None:
        data["fee"] = {
            "adult_vnd": site.fee.adult_vnd,
            "child_vnd": site.fee.child_vnd,
            "note": site.fee.note,
            "source": site.fee.source,
        }
    if distance is not None:
        data["distance_m"] = distance
    return data
