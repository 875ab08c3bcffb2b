"""Quantities typed on the command line: distances."""

from __future__ import annotations

import re

from teatrip.errors import BadInputError
from teatrip.formatting import say

MAX_DISTANCE_M = 20_000_000.0  # half the Earth's circumference: no two places are further apart


def parse_distance(text: str, *, option: str = "") -> float:
    """``"2km"`` / ``"500m"`` / ``"1.5 km"`` -> metres; the unit is required (as for durations)."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(km|m)\s*", text, re.IGNORECASE)
    if match is None:
        raise BadInputError(
            _for(
                option, say("expected a distance such as 2km or 500m, got {text}", text=repr(text))
            )
        )
    value = float(match.group(1))
    unit = match.group(2).lower()
    metres = value * 1000.0 if unit == "km" else value
    if metres > MAX_DISTANCE_M:  # also an overflow to infinity
        far = say("{text} is further than any two places on Earth", text=text.strip()[:40])
        raise BadInputError(_for(option, far))
    return metres


def _for(option: str, message: str) -> str:
    """``message`` about the value of ``option`` ("--radius: …"), or alone without one."""
    return say("{option}: {message}", option=option, message=message) if option else message
