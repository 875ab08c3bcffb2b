"""Sites built directly as models (no YAML), around a test centre, for planner tests."""

from __future__ import annotations

from collections.abc import Sequence

from teatrip.models import DateRange, HoursStatus, Kind, Location, OpeningHours, Precision, Site
from teatrip.models import TimeWindow as _Window

CENTRE = (21.6, 105.85)


def site(
    site_id: str,
    offset: tuple[float, float],
    *,
    weekly: Sequence[Sequence[str]] | None = None,
    status: HoursStatus = HoursStatus.SOURCED,
    visit: int = 60,
    score: int = 5,
    kind: Kind = Kind.TEA_AREA,
    tags: tuple[str, ...] = (),
    closed: tuple[DateRange, ...] = (),
    lunar_days: frozenset[int] | None = None,
    commune: str = "",
) -> Site:
    """A site ``offset`` (degrees) from ``CENTRE``, open 07:00-17:00 every day unless ``weekly``."""
    days = weekly if weekly is not None else [["07:00-17:00"]] * 7
    return Site(
        id=site_id,
        name=site_id.replace("-", " ").title(),
        name_en="",  # no English name: the name reads as it is in both languages
        kind=kind,
        location=Location(
            CENTRE[0] + offset[0], CENTRE[1] + offset[1], Precision.ESTIMATED, "test"
        ),
        visit_minutes=visit,
        visit_estimated=False,
        hours=OpeningHours(
            status,
            tuple(tuple(_Window.parse(w) for w in day) for day in days),
            closed=closed,
            lunar_days=lunar_days,
        ),
        score=score,
        tags=tags,
        commune_2025=commune,
    )
