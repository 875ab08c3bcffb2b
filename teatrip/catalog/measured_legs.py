"""The ``measured_legs`` section: road distances and drive times that sources state.

Each entry joins two site ids with a stated distance (``km``: one figure or ``[low, high]``)
and/or a drive time (``minutes``, for one ``mode``). The road graph is fitted to them and
``teatrip validate`` reports each one next to the routed figure (``roads.measured_leg_checks``).
"""

from __future__ import annotations

from typing import Any

from teatrip.catalog.fields import Fields
from teatrip.catalog.problems import Invalid, did_you_mean, kind_of, with_hint
from teatrip.formatting import say
from teatrip.models import MeasuredLeg, Mode
from teatrip.yamlsafe import Path_

__all__ = ["read_measured_leg"]

_FIELDS = {"from", "to", "km", "minutes", "mode", "note", "source"}
_MAX_KM = 2_000.0
_MAX_MINUTES = 24 * 60


def read_measured_leg(r: Fields, value: Any, where: Path_, site_ids: set[str]) -> MeasuredLeg:
    """One measured leg; ``site_ids`` are every site id the file declares."""
    label = say("measured leg #{n}", n=where[-1] + 1 if isinstance(where[-1], int) else where[-1])
    leg = r.mapping(value, where, label, "")
    r.check_fields(leg, where, label, _FIELDS, ("from", "to", "source"))
    ends = []
    for key in ("from", "to"):
        place = r.required_text(leg, key, where, label)
        if place and place not in site_ids:
            close = did_you_mean(place, site_ids)
            message = with_hint(say("unknown site id {id}", id=repr(place)), close)
            r.problem((*where, key), label, key, message)
        ends.append(place)
    if ends[0] and ends[0] == ends[1]:
        r.problem((*where, "to"), label, "to", say("a leg must join two different sites"))
    km_low, km_high = _km(r, leg.get("km"), (*where, "km"), label)
    minutes = None
    if leg.get("minutes") is not None:
        minutes = r.optional(
            lambda: r.whole(
                leg["minutes"], (*where, "minutes"), label, "minutes", low=1, high=_MAX_MINUTES
            )
        )
    mode = None
    if leg.get("mode") is not None:
        mode = r.optional(lambda: r.choice(leg["mode"], (*where, "mode"), label, "mode", Mode))
    if "minutes" in leg and "mode" not in leg:
        r.problem(
            (*where, "minutes"),
            label,
            "minutes",
            say("a drive time needs the {mode} it is for", mode="`mode`"),
        )
    if "km" not in leg and "minutes" not in leg:
        r.problem(
            where,
            label,
            "km",
            say(
                "give the stated distance ({km}) or drive time ({minutes})",
                km="`km`",
                minutes="`minutes`",
            ),
        )
    source = r.required_text(leg, "source", where, label)
    if not all(ends) or not source:
        raise Invalid
    return MeasuredLeg(
        from_site=ends[0],
        to_site=ends[1],
        km_low=km_low,
        km_high=km_high,
        minutes=minutes,
        mode=mode,
        note=r.text(leg, "note", where, label),
        source=source,
        line=r.doc.line(where),
    )


def _km(r: Fields, value: Any, where: Path_, label: str) -> tuple[float | None, float | None]:
    """``km: 12`` or ``km: [10, 11]`` as (low, high); (None, None) when absent or unusable."""
    if value is None:
        return None, None
    items = value if isinstance(value, list) else [value]
    if len(items) not in (1, 2):
        r.problem(
            where,
            label,
            "km",
            say("must be a number or [low, high], got {kind}", kind=kind_of(value)),
        )
        return None, None
    try:
        figures = [
            float(r.number(item, (*where, i), label, "km", low=0.01, high=_MAX_KM))
            for i, item in enumerate(items)
        ]
    except Invalid:
        return None, None
    low, high = figures[0], figures[-1]
    if low > high:
        r.problem(
            where,
            label,
            "km",
            say(
                "the range must be [low, high], got [{low}, {high}]",
                low=format(low, "g"),
                high=format(high, "g"),
            ),
        )
        return None, None
    return low, high
