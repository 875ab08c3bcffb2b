"""Runs the section readers over one document, then the checks that span sections."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from teatrip.catalog.events import read_event
from teatrip.catalog.fields import SLUG, Fields
from teatrip.catalog.measured_legs import read_measured_leg
from teatrip.catalog.problems import entry_named
from teatrip.catalog.region import read_region
from teatrip.catalog.road_section import read_road
from teatrip.catalog.sites import read_site, read_waypoint
from teatrip.errors import Problem
from teatrip.formatting import say
from teatrip.geo import haversine_m
from teatrip.lookup import normalize
from teatrip.models import Catalog, Region, Site, Waypoint
from teatrip.yamlsafe import NOT_A_CATALOG, Document, Path_

__all__ = ["CATALOG_VERSION", "read_document"]

CATALOG_VERSION = 1
_TOP_FIELDS = {"version", "region", "sites", "waypoints", "roads", "measured_legs", "events"}


def read_document(document: Document) -> tuple[Catalog | None, list[Problem]]:
    """The catalog a document describes (None when it has errors) and every problem found."""
    data: dict[str, Any] = document.data
    if not {"region", "sites"} & data.keys():
        # Not a catalog at all (a config file, /etc/shadow): say so without quoting its keys.
        return None, [
            Problem(
                document.path, 1, "", "", say(NOT_A_CATALOG, region="`region`", sites="`sites`")
            )
        ]
    r = Fields(document)
    r.check_fields(data, (), "", _TOP_FIELDS, ("version", "region", "sites"))
    version = data.get("version", CATALOG_VERSION)
    if "version" in data and version != CATALOG_VERSION:
        r.problem(
            ("version",),
            "",
            "version",
            say("unsupported version {version}; use 1", version=repr(version)),
        )
    region = r.optional(lambda: read_region(r, data.get("region")))
    sites = r.read_list(data, "sites", lambda v, p: read_site(r, v, p), required=True)
    waypoints = r.read_list(data, "waypoints", lambda v, p: read_waypoint(r, v, p))
    # References are checked against every id the file declares, even on entries that had
    # problems of their own, so one bad site does not also make every road through it "unknown".
    site_ids = _check_unique_ids(r, data, ("sites",))
    _check_ids_read_apart(r, data)
    places = site_ids | _check_unique_ids(r, data, ("waypoints",), taken=site_ids)
    roads = r.read_list(data, "roads", lambda v, p: read_road(r, v, p, places))
    measured = r.read_list(data, "measured_legs", lambda v, p: read_measured_leg(r, v, p, site_ids))
    events = r.read_list(data, "events", lambda v, p: read_event(r, v, p, site_ids))
    _check_unique_ids(r, data, ("events",))
    if region is not None:
        _warn_far_away(r, data, region, sites, waypoints)
    if region is None or r.has_errors:
        return None, r.problems
    catalog = Catalog(
        path=document.path,
        version=CATALOG_VERSION,
        region=region,
        sites=tuple(sites),
        waypoints=tuple(waypoints),
        roads=tuple(roads),
        events=tuple(events),
        measured_legs=tuple(measured),
    )
    return catalog, r.problems


def _check_unique_ids(
    r: Fields, data: Mapping[str, Any], sections: tuple[str, ...], taken: set[str] | None = None
) -> set[str]:
    """Report ids used twice (within ``sections`` or already in ``taken``); return the ids."""
    first_line: dict[str, int | None] = dict.fromkeys(taken or set())
    declared: set[str] = set()
    for section in sections:
        entries = data.get(section)
        if not isinstance(entries, list):
            continue
        kind = section.removesuffix("s")
        for index, entry in enumerate(entries):
            item_id = entry.get("id") if isinstance(entry, dict) else None
            if not isinstance(item_id, str) or not item_id.strip():
                continue
            item_id = item_id.strip()
            where: Path_ = (section, index, "id")
            if item_id in first_line:
                earlier = first_line[item_id]
                message = (
                    say("duplicate id: already used at line {line}", line=earlier)
                    if earlier is not None
                    else say("duplicate id: already used at another section")
                )
                r.problem(where, entry_named(kind, item_id), "id", message)
                continue
            first_line[item_id] = r.doc.line((section, index))
            declared.add(item_id)
    return declared


def _check_ids_read_apart(r: Fields, data: Mapping[str, Any]) -> None:
    """Report site ids that differ only where a typed query is folded away (``tea``, ``te-a``).

    People find sites by typing (``teatrip.lookup``), which ignores case, accents, spaces and
    hyphens: two such ids would answer to the same words. Exact duplicates and ids that are not
    slugs are reported elsewhere.
    """
    entries = data.get("sites")
    if not isinstance(entries, list):
        return
    first: dict[str, tuple[str, int | None]] = {}  # folded id -> (id, line)
    for index, entry in enumerate(entries):
        item_id = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(item_id, str) or not SLUG.match(item_id.strip()):
            continue
        item_id = item_id.strip()
        folded = normalize(item_id)
        if folded not in first:
            first[folded] = (item_id, r.doc.line(("sites", index)))
            continue
        other, line = first[folded]
        if other != item_id:
            r.problem(
                ("sites", index, "id"),
                entry_named("site", item_id),
                "id",
                say(
                    "reads the same as '{other}' (line {line}) when typed: site names are matched "
                    "ignoring case, accents, spaces and hyphens",
                    other=other,
                    line=str(line),
                ),
            )


def _path_of(data: Mapping[str, Any], section: str, item_id: str) -> Path_:
    """Path of the entry of ``section`` with this id."""
    entries = data.get(section) or []
    for index, entry in enumerate(entries):
        if isinstance(entry, dict) and entry.get("id") == item_id:
            return (section, index)
    return (section,)


def _warn_far_away(
    r: Fields, data: Mapping[str, Any], region: Region, sites: list[Site], waypoints: list[Waypoint]
) -> None:
    for section, items in (("sites", sites), ("waypoints", waypoints)):
        for item in items:
            km = (
                haversine_m(
                    region.centre_lat, region.centre_lon, item.location.lat, item.location.lon
                )
                / 1000
            )
            if km > region.radius_km:
                kind = "site" if section == "sites" else "waypoint"
                r.problem(
                    (*_path_of(data, section, item.id), "location"),
                    entry_named(kind, item.id),
                    "location",
                    say(
                        "is {km} km from the region centre (radius {radius} km): "
                        "check lat/lon (swapped? wrong sign?)",
                        km=format(km, ".0f"),
                        radius=format(region.radius_km, ".0f"),
                    ),
                    warning=True,
                )
