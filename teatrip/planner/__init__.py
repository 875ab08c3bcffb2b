"""TripRequest + Catalog + road graph -> a TOPTW problem for ``teatrip.solver`` -> a timed
``Itinerary``, with a reason a person can act on for every site left out; and ``replan`` for the
rest of a day.

The planner receives the road graph (and optionally the travel matrix over it) from its caller: it
never builds a graph or reads a roads file (``TripRequest.roads`` only records what was used).

How the trip becomes an engine problem
--------------------------------------
* Nodes are the candidate sites (every site except lodgings, food places, the day's start/end and
  ``--avoid``) and the lodgings. Times are integer seconds since midnight (``context``).
* One route per day, from that night's lodging (``request.lodging_on(day)``) back to it, inside the
  ``--day`` window, with ``--max-drive`` as its travel cap.
* A site's windows on a day come from ``hours.day_hours`` and are *start* windows: a visit must
  start inside an opening window and end before it closes, so the engine gets ``[open, close -
  visit]`` clipped to the day window. A fixed-time event gives the single instant ``[t, t]``; a
  window list may differ per day (market days, closed weekdays, festivals) (``candidates``).
* Service = visit length scaled by the pace: relaxed x1.3 plus 10 minutes of slack per stop,
  normal x1, packed x0.8, rounded to whole minutes; fixed-time events keep their own length.
* Profit = the site's score on its best trip day (season +2, event bonus, interests +3; see
  ``hours.site_score``) x 10. A site with a scoring event during the trip is offered on its event
  days only. ``--must`` sites are mandatory nodes; ``--golden-hour`` restricts ``photo`` sites to
  start in a golden hour on days where that is possible (+2 profit there) (``rules``).
* Lunch is modelled exactly by shifting the clock (``encoding``); the planner then re-times every
  day exactly, trying the lunch at every point of the day, at a food site or during a long visit
  (``LUNCH_ON_SITE_MIN_VISIT``), which then carries the lunch's start and end (``timing``).
* A day that does not fit loses its least valuable optional visit; every left-out site is offered
  again by exact insertion, and one- and two-visit swaps are tried (``repair``). Skipped sites get
  a computed reason (``reasons``); stops, legs and days are assembled in ``assembly``, where every
  leg is routed through ``Context.route``.

Budget and seed: the engine stops after a number of search steps (by default 2,000 + 60 per
candidate-day, at most 20,000; with ``--budget S``, 20,000 x S) or when its time budget runs out
(default 0.3 s + 4 ms per candidate-day, at most 1.5 s), whichever comes first. On any machine that
reaches the step count first the same request and seed give the same plan; the planner's own
passes are deterministic.
"""

from __future__ import annotations

from teatrip.planner.replan import replan
from teatrip.planner.rules import (
    FOOD_DETOUR_S,
    GOLDEN_BONUS,
    ITERATIONS_PER_BUDGET_S,
    LUNCH_ON_SITE_MIN_VISIT,
    PROFIT_SCALE,
    default_budget,
    service_minutes,
)
from teatrip.planner.trip import plan_trip

__all__ = [
    "FOOD_DETOUR_S",
    "GOLDEN_BONUS",
    "ITERATIONS_PER_BUDGET_S",
    "LUNCH_ON_SITE_MIN_VISIT",
    "PROFIT_SCALE",
    "default_budget",
    "plan_trip",
    "replan",
    "service_minutes",
]
