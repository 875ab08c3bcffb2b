"""The ``roads`` section: named chains of site and waypoint ids (not the road network itself)."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from teatrip.catalog.fields import Fields
from teatrip.catalog.problems import Invalid, did_you_mean, entry_label, with_hint
from teatrip.formatting import say
from teatrip.models import Road, RoadClass
from teatrip.yamlsafe import Path_

__all__ = ["read_road"]

_ROAD_FIELDS = {"name", "class", "via", "km", "source"}


def read_road(r: Fields, value: Any, where: Path_, places: set[str]) -> Road:
    """One road; ``places`` are every site and waypoint id the file declares."""
    label = entry_label("road", value, where, "name")
    road = r.mapping(value, where, label, "")
    r.check_fields(road, where, label, _ROAD_FIELDS, ("name", "class", "via"))
    name = r.required_text(road, "name", where, label)
    road_class = None
    if "class" in road:
        road_class = r.optional(
            lambda: r.choice(road["class"], (*where, "class"), label, "class", RoadClass)
        )
    if road_class is RoadClass.ACCESS:
        r.problem(
            (*where, "class"),
            label,
            "class",
            say(
                "'{access}' is reserved for edges teatrip adds itself",
                access=RoadClass.ACCESS.value,
            ),
        )
    via = r.text_list(road.get("via"), (*where, "via"), label, "via")
    if "via" in road and len(via) < 2:
        r.problem((*where, "via"), label, "via", say("must list at least two site or waypoint ids"))
    for index, place in enumerate(via):
        if place not in places:
            close = did_you_mean(place, places)
            message = with_hint(say("unknown site or waypoint id {id}", id=repr(place)), close)
            r.problem((*where, "via", index), label, "via", message)
    for index, (place, following) in enumerate(pairwise(via), start=1):
        if place == following:
            r.problem(
                (*where, "via", index),
                label,
                "via",
                say(
                    "{place} follows itself: a road cannot lead from a place to the same place",
                    place=repr(place),
                ),
            )
    km = None
    if road.get("km") is not None:
        km = r.optional(
            lambda: float(r.number(road["km"], (*where, "km"), label, "km", low=0.001, high=5_000))
        )
    if road_class is None or len(via) < 2:
        raise Invalid
    return Road(name, road_class, via, km, r.text(road, "source", where, label), r.doc.line(where))
