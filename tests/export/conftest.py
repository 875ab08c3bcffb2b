"""Fixtures for the export tests: the sample trips and the vendored XML schemas."""

from __future__ import annotations

from pathlib import Path

import pytest

from teatrip.models import Itinerary
from tests.helpers.env import require_shared
from tests.helpers.trips import hostile_itinerary, sample_itinerary


@pytest.fixture
def trip() -> Itinerary:
    return sample_itinerary()


@pytest.fixture
def hostile() -> Itinerary:
    return hostile_itinerary()


@pytest.fixture(scope="session")
def schemas() -> Path:
    """shared/schemas beside the checkout (GPX and KML XSDs), or a skip naming what is missing."""
    path = require_shared("schemas")
    require_shared("schemas", "gpx", "gpx.xsd")
    require_shared("schemas", "kml", "ogckml22.xsd")
    return path
