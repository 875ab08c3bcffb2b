"""The library works without the CLI: the public names import lazily and plan a trip."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

import teatrip


def test_every_public_name_resolves() -> None:
    for name in teatrip.__all__:
        assert getattr(teatrip, name) is not None
    with pytest.raises(AttributeError):
        teatrip.no_such_thing  # noqa: B018


def test_importing_teatrip_stays_light() -> None:
    probe = "import sys, teatrip; print(sorted(m for m in ('numpy', 'networkx', 'rich', 'typer', 'yaml') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_plan_from_python(region_path: Path) -> None:
    catalog = teatrip.load_catalog(region_path)
    request = teatrip.build_request(
        catalog, start="2024-12-05", days=1, from_site="thai-nguyen-centre", must=["Tân Cương"]
    )
    itinerary = teatrip.plan_trip(catalog, request)
    assert itinerary.days[0].date == dt.date(2024, 12, 5)
    assert "tan-cuong" in {stop.site for stop in itinerary.days[0].stops}
    route = teatrip.shortest_route(catalog, "tan-cuong", "khe-coc", request.mode)
    assert route.duration_s == sum(stretch.duration_s for stretch in route.stretches)
