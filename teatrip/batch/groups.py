"""The groups file: the departures of a season, read and validated like the catalog.

A groups file is one YAML mapping::

    version: 1
    season: {name: Spring 2025, seed: 7}      # optional; the seed makes the season repeatable
    groups:
      - id: g001                              # unique slug: the folder its trip is written to
        name: Hanoi Tea Club
        start: 2025-03-04
        days: 3
        size: 12                              # people
        lodging: thai-nguyen-centre           # where the group sleeps (default: as `teatrip plan`)
        stays: ["3:pho-yen"]                  # DAY:SITE, as --stay
        mode: car                             # car, motorbike, bicycle, walk
        pace: normal                          # relaxed, normal, packed
        interests: [tea, festival]
        must: [tan-cuong]
        avoid: []
        language: en                          # kept with the group for its guide's sheets

Every problem is reported at once as ``FILE:LINE: group 'ID': FIELD: message`` (exit 2): unknown
fields and sites, duplicate ids, a group larger than its lodging's beds or a must-see's capacity,
dates before the catalog's dated events, and whatever ``teatrip plan`` would refuse.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from teatrip.catalog.fields import SLUG, Fields
from teatrip.catalog.problems import Invalid, did_you_mean, entry_label, entry_named
from teatrip.errors import CatalogError, TeatripError
from teatrip.formatting import say
from teatrip.models import Catalog, Mode, Pace, TripRequest
from teatrip.request import MAX_DAYS, build_request
from teatrip.yamlsafe import Document, Path_, read_yaml

__all__ = ["MAX_GROUP_SIZE", "Group", "Season", "read_groups"]

#: A departure of more people than this is several groups.
MAX_GROUP_SIZE = 1_000
_TOP_FIELDS = {"version", "season", "groups"}
_SEASON_FIELDS = {"name", "seed"}
_GROUP_FIELDS = {
    "id", "name", "start", "days", "size", "lodging", "stays", "mode", "pace", "interests",
    "must", "avoid", "language",
}  # fmt: skip
_GROUP_REQUIRED = ("id", "start", "days", "size")
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


@dataclass(frozen=True)
class Group:
    """One departure: who travels, when, and what they asked for (``request``, sites resolved)."""

    id: str
    name: str
    size: int
    request: TripRequest
    language: str = "en"
    line: int | None = None

    @property
    def dates(self) -> tuple[dt.date, ...]:
        start = self.request.start
        return tuple(start + dt.timedelta(days=k) for k in range(self.request.days))

    @property
    def priority(self) -> tuple[dt.date, str]:
        """Groups are planned in this order: by start date, then by id."""
        return (self.request.start, self.id)


@dataclass(frozen=True)
class Season:
    """A season's departures, in planning order, and the seed that makes it repeatable."""

    path: str
    name: str
    seed: int
    groups: tuple[Group, ...] = field(default_factory=tuple)


def read_groups(path: Path | str, catalog: Catalog) -> Season:
    """Read and validate a groups file against ``catalog``; CatalogError (exit 2) lists every
    problem with its FILE:LINE."""
    document = read_yaml(Path(path), display=str(path))
    r = Fields(document)
    data: dict[str, Any] = document.data
    r.check_fields(data, (), "", _TOP_FIELDS, ("groups",))
    if data.get("version", 1) != 1:
        r.problem(
            ("version",),
            "",
            "version",
            say("unsupported version {version}; use 1", version=repr(data["version"])),
        )
    name, seed = _read_season(r, data.get("season"))
    groups = r.read_list(data, "groups", lambda v, p: _read_group(r, v, p, catalog), required=True)
    _check_unique(r, document)
    if r.has_errors:
        raise CatalogError(r.problems)
    ordered = tuple(sorted(groups, key=lambda g: g.priority))
    return Season(str(path), name, seed, ordered)


def _read_season(r: Fields, value: Any) -> tuple[str, int]:
    if value is None:
        return "", 0
    try:
        season = r.mapping(value, ("season",), "season", "season")
    except Invalid:
        return "", 0
    r.check_fields(season, ("season",), "season", _SEASON_FIELDS, (), "season.")
    seed = 0
    if "seed" in season:
        seed = (
            r.optional(
                lambda: r.whole(
                    season["seed"], ("season", "seed"), "season", "seed", low=0, high=2**62
                )
            )
            or 0
        )
    return r.text(season, "name", ("season",), "season"), seed


def _given(group: Mapping[str, Any], key: str) -> Any:
    """A required field's value; Invalid when it is missing (``check_fields`` has said so)."""
    if key not in group:
        raise Invalid
    return group[key]


def _read_group(r: Fields, value: Any, where: Path_, catalog: Catalog) -> Group:
    label = entry_label("group", value, where, "id")
    group = r.mapping(value, where, label, "")
    r.check_fields(group, where, label, _GROUP_FIELDS, _GROUP_REQUIRED)
    group_id = r.required_text(group, "id", where, label)
    if group_id and not SLUG.match(group_id):
        r.problem(
            (*where, "id"), label, "id", say("must be a slug: lowercase letters, digits, hyphens")
        )
    start = r.optional(lambda: r.date(_given(group, "start"), (*where, "start"), label, "start"))
    days = r.optional(
        lambda: r.whole(
            _given(group, "days"), (*where, "days"), label, "days", low=1, high=MAX_DAYS
        )
    )
    size = r.optional(
        lambda: r.whole(
            _given(group, "size"), (*where, "size"), label, "size", low=1, high=MAX_GROUP_SIZE
        )
    )
    mode = r.optional(
        lambda: r.choice(group.get("mode", "motorbike"), (*where, "mode"), label, "mode", Mode)
    )
    pace = r.optional(
        lambda: r.choice(group.get("pace", "normal"), (*where, "pace"), label, "pace", Pace)
    )
    language = r.text(group, "language", where, label) or "en"
    if not _LANGUAGE.match(language):
        r.problem((*where, "language"), label, "language", say("must be a language code (en, vi)"))
    sites = _sites(r, group, where, label, catalog)
    if start is None or days is None or size is None or mode is None or pace is None:
        raise Invalid
    if sites is None or not group_id:
        raise Invalid
    _check_dates(r, catalog, start, (*where, "start"), label)
    try:
        request = build_request(
            catalog,
            start=start,
            days=days,
            from_site=sites["lodging"][0] if sites["lodging"] else None,
            stays=[_stay(text) for text in sites["stays"]],
            mode=mode,
            pace=pace,
            interests=r.text_list(
                group.get("interests"), (*where, "interests"), label, "interests"
            ),
            must=sites["must"],
            avoid=sites["avoid"],
        )
    except TeatripError as error:
        r.problem(where, label, "", str(error).removeprefix("--"))
        raise Invalid from None
    _check_size(r, catalog, request, size, where, label)
    return Group(
        id=group_id,
        name=r.text(group, "name", where, label) or group_id,
        size=size,
        request=request,
        language=language,
        line=r.doc.line(where),
    )


def _stay(text: str) -> tuple[int, str]:
    day, _, site = text.partition(":")
    return int(day), site


def _sites(
    r: Fields, group: Mapping[str, Any], where: Path_, label: str, catalog: Catalog
) -> dict[str, list[str]] | None:
    """The site ids each field names; unknown ids are problems (with the closest known id)."""
    known = catalog.site_by_id
    out: dict[str, list[str]] = {}
    ok = True
    for key in ("lodging", "stays", "must", "avoid"):
        out[key] = []
        for index, text in enumerate(r.text_list(group.get(key), (*where, key), label, key)):
            item_where: Path_ = (*where, key) if key == "lodging" else (*where, key, index)
            site = text
            if key == "stays":
                day, sep, site = text.partition(":")
                if not sep or not day.strip().isdigit():
                    r.problem(
                        item_where,
                        label,
                        key,
                        say("{text} should be DAY:SITE, e.g. 2:pho-yen", text=repr(text)),
                    )
                    ok = False
                    continue
                site = site.strip()
            if site not in known:
                close = did_you_mean(site, known)
                message = (
                    say(
                        "unknown site {site} (did you mean {close}?)",
                        site=repr(site),
                        close=repr(close),
                    )
                    if close
                    else say("unknown site {site}", site=repr(site))
                )
                r.problem(item_where, label, key, message)
                ok = False
                continue
            out[key].append(text.strip())
    return out if ok else None


def _check_dates(r: Fields, catalog: Catalog, start: dt.date, where: Path_, label: str) -> None:
    """A season is planned against the catalog's dated events: a group before all of them is a
    typo for the wrong year, or the catalog is not the one for this season."""
    dated = [span.start for event in catalog.events for span in event.dates]
    if not dated:
        return
    first = dt.date(min(dated).year, 1, 1)
    if start < first:
        r.problem(
            where,
            label,
            "start",
            say(
                "{start} is before the catalog's dates (its dated events start in {year})",
                start=start.isoformat(),
                year=first.year,
            ),
        )


def _check_size(
    r: Fields, catalog: Catalog, request: TripRequest, size: int, where: Path_, label: str
) -> None:
    """A group larger than its lodging's beds or a must-see's capacity can never be planned."""
    sites = catalog.site_by_id
    lodgings = {request.start_site, *(site for _, site in request.stays)}
    for lodging in sorted(lodgings):
        capacity = sites[lodging].capacity
        if capacity and capacity.beds is not None and size > capacity.beds:
            r.problem(
                (*where, "size"),
                label,
                "size",
                say(
                    "{size} people do not fit in {lodging} ({beds} beds)",
                    size=size,
                    lodging=lodging,
                    beds=capacity.beds,
                ),
            )
    for must in request.must:
        capacity = sites[must].capacity
        if capacity is None:
            continue
        limits = [s.capacity for s in capacity.slots] or [capacity.visitors or size]
        if size > max(limits):
            r.problem(
                (*where, "size"),
                label,
                "size",
                say(
                    "{size} people exceed the capacity of must-see {site} ({most} at once)",
                    size=size,
                    site=must,
                    most=max(limits),
                ),
            )


def _check_unique(r: Fields, document: Document) -> None:
    seen: dict[str, int | None] = {}
    raw = document.data.get("groups")
    for index, item in enumerate(raw if isinstance(raw, list) else []):
        group_id = item.get("id") if isinstance(item, dict) else None
        if not isinstance(group_id, str):
            continue
        line = document.line(("groups", index))
        if group_id in seen:
            r.problem(
                ("groups", index, "id"),
                entry_named("group", group_id),
                "id",
                say("duplicate id (first used on line {line})", line=str(seen[group_id])),
            )
        else:
            seen[group_id] = line
