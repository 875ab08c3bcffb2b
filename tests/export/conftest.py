"""Fixtures for the export tests: the sample trips and the vendored XML schemas."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

# export_fixtures.py lives in tests/ (shared with tests/test_itinerary_io.py).
_TESTS = str(Path(__file__).resolve().parents[1])
if _TESTS not in sys.path:
    sys.path.insert(0, _TESTS)

from export_fixtures import hostile_itinerary, sample_itinerary  # noqa: E402

from teatrip.models import Itinerary  # noqa: E402

SHARED = (Path(__file__).resolve().parents[2] / ".." / "shared").resolve()


@pytest.fixture
def trip() -> Itinerary:
    return sample_itinerary()


@pytest.fixture
def hostile() -> Itinerary:
    return hostile_itinerary()


@pytest.fixture(scope="session")
def schemas() -> Path:
    """shared/schemas beside the checkout; its absence is a failure, never a skip."""
    path = SHARED / "schemas"
    if not (path / "gpx" / "gpx.xsd").is_file() or not (path / "kml" / "ogckml22.xsd").is_file():
        pytest.fail(
            f"the vendored GPX/KML schemas are missing: expected {path}/gpx/gpx.xsd and "
            f"{path}/kml/ogckml22.xsd (shared/ must sit beside the repository checkout)"
        )
    return path
