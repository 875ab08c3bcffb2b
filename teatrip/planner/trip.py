"""``plan_trip``: a trip request over a catalog and a road graph -> a timed ``Itinerary``."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING

from teatrip.errors import PlanError
from teatrip.formatting import catalog_text, say
from teatrip.models import ITINERARY_VERSION, Catalog, Itinerary, TripRequest
from teatrip.phrases import Clock
from teatrip.planner.assembly import assemble, place
from teatrip.planner.candidates import build_candidates, shortlist
from teatrip.planner.context import Context, travel_ids
from teatrip.planner.reasons import check_must, check_must_placed, check_something_fits, skipped
from teatrip.planner.repair import plan_days
from teatrip.planner.timing import home_before_lunch, simulate

if TYPE_CHECKING:
    from teatrip.matrix import TravelMatrix
    from teatrip.roads import RoadGraph


def make_context(
    catalog: Catalog, request: TripRequest, graph: RoadGraph, matrix: TravelMatrix | None
) -> Context:
    """The run's context over ``graph``, with ``matrix`` or one computed from the graph."""
    if matrix is None:
        from teatrip.matrix import travel_matrix

        matrix = travel_matrix(graph, request.mode, sites=travel_ids(catalog, request, graph))
    return Context(catalog, request, graph, matrix)


def _shortlisted(catalog: Catalog, request: TripRequest, graph: RoadGraph) -> Context:
    """The run's context with its candidates, travel times only for those a big catalog is
    planned over (``candidates.shortlist``): the candidates are resolved first, over a matrix of
    the lodgings alone, then the matrix is built for the shortlist."""
    from teatrip.matrix import travel_matrix

    travel = travel_ids(catalog, request, graph)
    homes = list(dict.fromkeys(request.lodging_on(k + 1) for k in range(request.days)))
    ctx = Context(catalog, request, graph, travel_matrix(graph, request.mode, sites=homes))
    ctx.routable = set(travel)
    build_candidates(ctx, set())
    ctx.use_matrix(travel_matrix(graph, request.mode, sites=shortlist(ctx, travel)))
    return ctx


def plan_trip(
    catalog: Catalog,
    request: TripRequest,
    *,
    graph: RoadGraph,
    matrix: TravelMatrix | None = None,
    created: dt.datetime | None = None,
) -> Itinerary:
    """Plan a multi-day trip: choose, order and time visits; explain every site left out.

    ``graph`` is the road network to travel on (``roads.build_graph``: the catalog's roads or an
    imported file); ``matrix`` the travel matrix over it for ``request.mode`` covering the sites
    and lodgings (default: computed from ``graph``). Raises RequestError (exit 2) for a
    must-visit site closed on every date, PlanError (exit 1) when one cannot be fitted. The same
    request and seed give the same plan.
    """
    if matrix is None:
        ctx = _shortlisted(catalog, request, graph)
    else:  # the same shortlist as without a matrix, so that both give the same plan
        ctx = make_context(catalog, request, graph, matrix)
        build_candidates(ctx, set())
        shortlist(ctx, matrix.ids)
    check_must(ctx)
    check_something_fits(ctx)
    orders = plan_days(ctx, ctx.days)
    check_must_placed(ctx, orders)
    day_plans = []
    for k, day in enumerate(ctx.days):
        timed = simulate(ctx, day, orders[k])
        if timed is None:  # pragma: no cover - repair guarantees a fit
            raise PlanError(say("day {day} could not be timed", day=day.number))
        early = home_before_lunch(ctx, day, orders[k])
        if early is not None:
            plan = assemble(ctx, replace(day, lunch=None), early)
            home, back = place(ctx, day.end_loc), Clock(early.end)
            note = (
                say(
                    "back at {place} by {time}, before lunch: nothing more fits this day",
                    place=home,
                    time=back,
                )
                if day.cap is None
                else say(
                    "back at {place} by {time}, before lunch: nothing more fits this day "
                    "within --max-drive",
                    place=home,
                    time=back,
                )
            )
            day_plans.append(replace(plan, warnings=(*plan.warnings, note)))
            continue
        day_plans.append(assemble(ctx, day, timed))
    warnings: list[str] = []
    if request.golden_hour and not any(c.golden and any(c.golden) for c in ctx.cands.values()):
        warnings.append(
            say("--golden-hour: no photo site can start inside a golden hour on these days")
        )
    return Itinerary(
        version=ITINERARY_VERSION,
        request=request,
        timezone=catalog.region.timezone,
        region=catalog_text(catalog.region.name_vi, catalog.region.name),
        days=tuple(day_plans),
        skipped=tuple(skipped(ctx, ctx.days, orders)),
        created=created or dt.datetime.now(ctx.tz).replace(microsecond=0),
        warnings=tuple(warnings),
    )
