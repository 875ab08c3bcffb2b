"""Data test: ten varied plans of the shipped catalog are the plans recorded before the redesign.

The redesign of issue 9 must not change what the planner decides. This file records, for ten
requests that exercise days, modes, paces, stays, must/avoid, lunch, golden hour, a drive cap and a
replan, the decisions of each plan (sites, order, times, legs, skip reasons) and compares them with
``tests/data/regression/plans.json``. Wording and the saved format may change; decisions may not.

A deliberate change of the planner or of ``data/hills.yaml`` re-records the file with
``TEATRIP_REGEN=1 pytest tests/test_regression_plans.py`` and says why in the commit.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

import pytest

GOLDEN = Path(__file__).resolve().parent / "data" / "regression" / "plans.json"
CREATED = dt.datetime(2024, 12, 1, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))

REQUESTS: dict[str, dict[str, Any]] = {
    "1day-motorbike": {"start": "2024-12-05", "days": 1, "from_site": "thai-nguyen-centre"},
    "3day-must-tan-cuong": {
        "start": "2024-12-05",
        "days": 3,
        "from_site": "thai-nguyen-centre",
        "must": ["tan-cuong"],
    },
    "2day-car-relaxed-avoid": {
        "start": "2025-03-14",
        "days": 2,
        "mode": "car",
        "pace": "relaxed",
        "avoid": ["nui-coc-lake"],
    },
    "7day-car-packed": {"start": "2024-12-05", "days": 7, "mode": "car", "pace": "packed"},
    "2day-bicycle-no-lunch": {"start": "2025-05-01", "days": 2, "mode": "bicycle", "lunch": None},
    "1day-walk-late-lunch": {
        "start": "2025-06-10",
        "days": 1,
        "mode": "walk",
        "lunch": "12:00-14:00/45",
    },
    "3day-stay-pho-yen": {
        "start": "2024-12-05",
        "days": 3,
        "from_site": "thai-nguyen-centre",
        "stays": ["2:pho-yen"],
    },
    "2day-golden-hour": {
        "start": "2024-12-05",
        "days": 2,
        "golden_hour": True,
        "day_window": "05:45-18:00",
        "interests": ["tea", "photo"],  # interests must be tags or kinds of the catalog
    },
    "2day-max-drive": {"start": "2024-12-06", "days": 2, "max_drive": "90m", "seed": 7},
}
REPLAN = "replan-day2-1330"


def _decisions(it_dict: dict[str, Any]) -> dict[str, Any]:
    """What the planner decided, without wording or file-format details."""
    return {
        "days": [
            {
                "date": day["date"],
                "stops": [
                    [s["site"], s["kind"], s["arrive"], s["start"], s["depart"]]
                    for s in day["stops"]
                ],
                "legs": [
                    [
                        leg["from_site"],
                        leg["to_site"],
                        leg["depart"],
                        leg["arrive"],
                        leg["distance_m"],
                        leg["duration_s"],
                        [r["road"] for r in leg["roads"] if r["distance_m"] > 0],
                    ]
                    for leg in day["legs"]
                ],
            }
            for day in it_dict["days"]
        ],
        "skipped": sorted([s["site"], s["code"]] for s in it_dict["skipped"]),
    }


def _plans() -> dict[str, Any]:
    from teatrip import plan_trip, replan
    from teatrip.catalog import load_catalog
    from teatrip.itinerary_io import itinerary_to_dict
    from teatrip.request import build_request

    catalog = load_catalog(None)
    out: dict[str, Any] = {}
    itineraries = {}
    for name, options in REQUESTS.items():
        request = build_request(catalog, **options)
        itinerary = plan_trip(catalog, request, created=CREATED)
        itineraries[name] = itinerary
        out[name] = _decisions(itinerary_to_dict(itinerary))
    replanned, _changes = replan(itineraries["3day-must-tan-cuong"], catalog, day=2, now="13:30")
    out[REPLAN] = _decisions(itinerary_to_dict(replanned))
    return out


@pytest.mark.data
def test_plans_match_the_recorded_decisions() -> None:
    plans = _plans()
    if os.environ.get("TEATRIP_REGEN"):
        GOLDEN.write_text(json.dumps(plans, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        pytest.skip(f"re-recorded {GOLDEN}")
    recorded = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert sorted(plans) == sorted(recorded)
    for name in recorded:
        assert plans[name] == recorded[name], f"plan {name!r} differs from the recording"
