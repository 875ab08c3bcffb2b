"""Where the tests find their inputs, and what happens when an input outside the repo is missing.

Some tests read ``../shared`` beside the checkout (XML schemas, the facts table, benchmark
instances) or drive Chromium. Without them such a test SKIPS with a one-line reason naming what
is missing, so a fresh clone's ``pytest`` passes. CI sets ``TEATRIP_REQUIRE_ALL=1``: then the same
absence FAILS the test, so a CI machine cannot go green by quietly skipping.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parents[2]
TEST_DATA = REPO / "tests" / "data"
SHARED = (REPO / ".." / "shared").resolve()
SHIPPED_CATALOG = REPO / "data" / "hills.yaml"
REQUIRE_ALL = "TEATRIP_REQUIRE_ALL"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def missing(reason: str) -> NoReturn:
    """Skip for ``reason``, or fail when ``TEATRIP_REQUIRE_ALL=1`` asks for every input."""
    if os.environ.get(REQUIRE_ALL) == "1":
        pytest.fail(f"{reason} ({REQUIRE_ALL}=1 requires it)", pytrace=False)
    pytest.skip(reason)


def require_shared(*parts: str) -> Path:
    """A file or folder of ../shared/ beside the checkout, or a skip naming it."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        missing(f"needs {path} (../shared/ beside the checkout is absent or incomplete)")
    return path


def require_chromium() -> str:
    """The Chromium executable, or a skip saying to install it."""
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    missing("needs Chromium on PATH (Debian package 'chromium'; .ci/run installs it)")
