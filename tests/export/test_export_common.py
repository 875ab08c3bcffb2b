"""What every export shares: a day's fees, never shown as free when they are not known."""

from __future__ import annotations

import dataclasses

from teatrip.export.common import PAID_KINDS, day_fees, day_line
from teatrip.models import DayPlan
from tests.helpers.trips import sample_itinerary


def with_fees(day: DayPlan, fees: list[int | None]) -> DayPlan:
    """``day`` with its paid stops charging ``fees`` in order."""
    stops = list(day.stops)
    paid = [i for i, stop in enumerate(stops) if stop.kind in PAID_KINDS]
    assert len(paid) == len(fees)
    for i, fee in zip(paid, fees, strict=True):
        stops[i] = dataclasses.replace(stops[i], fee_vnd=fee)
    return dataclasses.replace(day, stops=tuple(stops))


def test_day_fees_read_unknown_never_free() -> None:
    day = sample_itinerary().days[2]  # two visits
    assert day_fees(with_fees(day, [None, None])) == "unknown (2 sites)"
    assert day_fees(with_fees(day, [0, None])) == "free at 1 site, 1 site's fee unknown"
    assert day_fees(with_fees(day, [20_000, None])) == "20,000 ₫ + 1 site's fee unknown"
    assert day_fees(with_fees(day, [0, 0])) == "free"
    assert day_fees(with_fees(day, [20_000, 30_000])) == "50,000 ₫"
    assert day_line(with_fees(day, [None, None])).endswith("on the road, fees unknown (2 sites)")
