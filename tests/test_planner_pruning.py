"""The planner's pruning before the search (``teatrip.planner.candidates``): a candidate's day is
dropped only when the site cannot fit that day in any order with any other visits, pruning never
changes a plan's value on small catalogs, and a big catalog is planned over a shortlist of its most
valuable sites (``SHORTLIST_MIN`` candidates, twice the shipped catalog's sites: its plans,
recorded in test_regression_plans.py, never meet the shortlist)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import HealthCheck, given, settings

from teatrip import plan_trip
from teatrip.matrix import travel_matrix
from teatrip.models import Catalog
from teatrip.planner import candidates
from teatrip.planner.candidates import FULL_SEARCH_ENV, build_candidates, fitting_windows
from teatrip.planner.context import Context
from teatrip.planner.repair import plan_days
from teatrip.planner.timing import simulate
from teatrip.planner.trip import make_context
from teatrip.request import build_request
from teatrip.roads import build_graph
from tests.helpers.models import site
from tests.helpers.plan_checker import comparable
from tests.test_planner_random import catalog, random_case

Case = tuple[Catalog, dict[str, object]]
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _context(cat: Catalog, options: dict[str, object]) -> Context:
    request = build_request(cat, from_site="hotel", **options)  # type: ignore[arg-type]
    ctx = make_context(cat, request, build_graph(cat), None)
    build_candidates(ctx, set())
    return ctx


@SETTINGS
@given(random_case())
def test_a_pruned_day_is_one_no_order_of_visits_could_fit(case: Case) -> None:
    cat, options = case
    ctx = _context(cat, options)
    fitting = fitting_windows(ctx, ctx.days)
    for site_id, cand in ctx.cands.items():
        for day in ctx.days:
            wins = cand.windows[day.index]
            if not wins or day.index in fitting.get(site_id, {}):
                continue
            others = [s for s in ctx.cands if s != site_id]
            for size in range(3):
                for company in itertools.combinations(others, size):
                    for order in itertools.permutations((site_id, *company)):
                        timed = simulate(ctx, day, list(order), {site_id: wins})
                        assert timed is None, (site_id, day.number, order)


def _value(cat: Catalog, options: dict[str, object], *, full: bool) -> int:
    with pytest.MonkeyPatch.context() as patch:
        if full:
            patch.setenv(FULL_SEARCH_ENV, "1")
        else:
            patch.delenv(FULL_SEARCH_ENV, raising=False)
        ctx = _context(cat, options)
        orders = plan_days(ctx, ctx.days)
    return sum(ctx.cands[s].profit for order in orders for s in order)


@SETTINGS
@given(random_case())
def test_pruned_and_full_searches_find_plans_of_equal_value(case: Case) -> None:
    cat, options = case
    assert _value(cat, options, full=False) == _value(cat, options, full=True)


def _big_catalog() -> Catalog:
    # 30 sites in a ring around the hotel: scores 1..10, three of each, nearer ones first
    sites = [
        site(f"s{k:02d}", (0.01 * (1 + k % 3), 0.01 * (k % 5)), score=1 + k // 3, visit=45)
        for k in range(30)
    ]
    return catalog(sites)


def test_a_big_catalog_is_planned_over_its_most_valuable_sites(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(FULL_SEARCH_ENV, raising=False)
    monkeypatch.setattr(candidates, "SHORTLIST_MIN", 10)
    monkeypatch.setattr(candidates, "SHORTLIST_FLOOR", 8)
    monkeypatch.setattr(candidates, "SHORTLIST_PER_VISIT", 1)
    cat = _big_catalog()
    request = build_request(cat, start=dt.date(2025, 3, 3), days=1, from_site="hotel", must=["s00"])
    itinerary = plan_trip(cat, request)
    pruned = {s.site for s in itinerary.skipped if "planned over the 8 sites best" in s.reason}
    # the must-visit site stays however low its score; the 7 best others stay with it, the
    # nearest of the three of score 8 (s21) among them
    kept = {"s00", "s21", *(f"s{k:02d}" for k in range(24, 30))}
    assert pruned == {s.id for s in cat.sites} - kept - {"hotel"}
    assert all(s.code == "outscored" for s in itinerary.skipped if s.site in pruned)
    visited = {s.site for d in itinerary.days for s in d.stops if s.kind.value == "visit"}
    assert "s00" in visited and visited <= kept


def test_a_given_matrix_gives_the_same_shortlisted_plan(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(FULL_SEARCH_ENV, raising=False)
    monkeypatch.setattr(candidates, "SHORTLIST_MIN", 10)
    monkeypatch.setattr(candidates, "SHORTLIST_FLOOR", 8)
    cat = _big_catalog()
    request = build_request(cat, start=dt.date(2025, 3, 3), days=2, from_site="hotel")
    graph = build_graph(cat)
    alone_ = plan_trip(cat, request, graph=graph)
    given_ = plan_trip(cat, request, graph=graph, matrix=travel_matrix(graph, request.mode))
    assert comparable(alone_) == comparable(given_)


def test_the_full_search_switch_turns_the_shortlist_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(FULL_SEARCH_ENV, "1")
    monkeypatch.setattr(candidates, "SHORTLIST_MIN", 10)
    monkeypatch.setattr(candidates, "SHORTLIST_FLOOR", 8)
    cat = _big_catalog()
    request = build_request(cat, start=dt.date(2025, 3, 3), days=1, from_site="hotel")
    itinerary = plan_trip(cat, request)
    assert not any("planned over the" in s.reason for s in itinerary.skipped)


def test_the_shortlist_puts_sites_out_of_reach_last(monkeypatch: pytest.MonkeyPatch) -> None:
    # ten modest sites near the hotel, ten headline ones ~50 km away: with 30 min of driving a
    # day only the near ones can be visited, and the shortlist keeps them rather than the far
    monkeypatch.delenv(FULL_SEARCH_ENV, raising=False)
    monkeypatch.setattr(candidates, "SHORTLIST_MIN", 10)
    monkeypatch.setattr(candidates, "SHORTLIST_FLOOR", 10)
    monkeypatch.setattr(candidates, "SHORTLIST_PER_VISIT", 1)
    near = [site(f"near{k}", (0.005 * (k + 1), 0.0), score=3, visit=30) for k in range(10)]
    far = [site(f"far{k}", (0.45, 0.01 * k), score=10, visit=30) for k in range(10)]
    cat = catalog([*near, *far])
    request = build_request(
        cat, start=dt.date(2025, 3, 3), days=1, from_site="hotel", max_drive="30min"
    )
    itinerary = plan_trip(cat, request)
    pruned = {s.site for s in itinerary.skipped if "planned over the" in s.reason}
    assert pruned == {f"far{k}" for k in range(10)}
    assert any(s.site.startswith("near") for d in itinerary.days for s in d.stops)
