"""The suite's own switch: a missing input outside the repo skips, or fails under CI's variable."""

from __future__ import annotations

import pytest

from tests.helpers.env import REQUIRE_ALL

# The inner run needs neither plugin; loading hypothesis alone takes seconds.
INNER = ("-ra", "-p", "no:cacheprovider", "-p", "no:hypothesispytest")

# A test that needs a file of ../shared that no checkout has.
PROBE = """
from tests.helpers.env import require_shared

def test_needs_a_shared_file():
    require_shared("no-such-input-for-the-switch-test.txt")
"""


def test_a_missing_shared_input_skips_with_a_reason_naming_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(REQUIRE_ALL, raising=False)
    pytester.makepyfile(PROBE)
    result = pytester.runpytest(*INNER)
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["SKIPPED*needs */no-such-input-for-the-switch-test.txt*"])


def test_require_all_turns_the_skip_into_a_failure(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(REQUIRE_ALL, "1")
    pytester.makepyfile(PROBE)
    result = pytester.runpytest(*INNER)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(
        ["needs */no-such-input-for-the-switch-test.txt * (TEATRIP_REQUIRE_ALL=1 requires it)"]
    )


def test_chromium_is_required_the_same_way(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(pytester.path))  # no browser on this PATH
    monkeypatch.setenv(REQUIRE_ALL, "1")
    pytester.makepyfile(
        """
        from tests.helpers.env import require_chromium

        def test_needs_a_browser():
            require_chromium()
        """
    )
    result = pytester.runpytest(*INNER)
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["needs Chromium on PATH * (TEATRIP_REQUIRE_ALL=1 requires it)"])
