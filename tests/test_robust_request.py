"""Numbers and dates at the edges: each one located line and exit 2, never a ValueError or
OverflowError from deep inside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from typer.testing import Result

from teatrip.errors import BadInputError, RequestError
from teatrip.hours import FIRST_DATE, LAST_DATE, lunar_date
from teatrip.request import parse_date, parse_duration
from teatrip.units import parse_distance

HUGE = "9" * 400


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("plan", "--start", "0000-01-01"), "--start: 0000-01-01 is outside the dates"),
        (("plan", "--start", "0001-01-01"), "--start: 0001-01-01 is outside the dates"),
        (("plan", "--start", "9999-12-30", "--days", "30"), "--start: 9999-12-30 is outside"),
        (("plan", "--start", "2100-12-20", "--days", "30"), "would end after 2100-12-31"),
        (("plan", "--start", "2025-03-01", "--days", "9" * 30), "--days: at most 30 days"),
        (("plan", "--start", "2025-03-01", "--days", "-3"), "--days: a trip needs at least"),
        (("plan", "--start", "2025-03-01", "--lunch", "11:30-13:30/" + "9" * 20), "--lunch:"),
        (("plan", "--start", "2025-03-01", "--max-drive", HUGE + "h"), "far longer than a day"),
        (("plan", "--start", "2025-03-01", "--max-drive", "9" * 5000 + "m"), "far longer"),
        (("plan", "--start", "2025-03-01", "--budget", "1e308"), "--budget:"),
        (("plan", "--start", "2025-03-01", "--budget", "nan"), "--budget:"),
        (("plan", "--start", "2025-03-01", "--budget", "inf"), "--budget:"),
        (("plan", "--start", "2025-03-01", "--budget", "-1"), "--budget:"),
        (("plan", "--start", "2025-03-01", "--seed", "9" * 30), "--seed:"),
        (("plan", "--start", "2025-03-01", "--stay", "9" * 30 + ":tan-cuong"), "--stay:"),
        (("sites", "show", "tan-cuong", "--from", "0001-01-01"), "--from: 0001-01-01 is outside"),
        (("sites", "show", "tan-cuong", "--from", "9999-12-31"), "--from: 9999-12-31 is outside"),
        (("sites", "list", "--open-on", "9999-12-31"), "--open-on: 9999-12-31 is outside"),
        (("sites", "list", "--near", "tan-cuong", "--within", HUGE), "--within:"),
    ],
)
def test_edges_are_one_located_line(
    cli: Callable[..., Result], args: tuple[str, ...], expected: str
) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert expected in result.stderr, result.stderr
    assert "Traceback" not in result.output and len(result.stderr.splitlines()) == 1


def test_supported_dates_are_the_lunar_calendars_range() -> None:
    # The lunar calendar is checked for 1900-2100: both ends compute without error.
    assert lunar_date(FIRST_DATE).year == 1899
    assert lunar_date(LAST_DATE).year == 2100
    assert parse_date("1900-01-01") == FIRST_DATE and parse_date("2100-12-31") == LAST_DATE
    for text in ("1899-12-31", "2101-01-01", "0000-01-01", "9999-12-31"):
        with pytest.raises(RequestError, match="outside the dates teatrip supports"):
            parse_date(text)


def test_durations_and_distances_never_overflow() -> None:
    for text in (HUGE + "h", "9" * 5000 + "m", "1" + "0" * 20 + "h30m"):
        with pytest.raises(RequestError):
            parse_duration(text)
    assert parse_duration("1.5h") == 90
    for text in (HUGE, HUGE + "km", "1e3"):
        with pytest.raises(BadInputError):
            parse_distance(text, option="--within")
    assert parse_distance("20000km") == 20_000_000


def test_build_request_checks_a_date_given_as_date() -> None:
    from teatrip.catalog import load_catalog
    from teatrip.request import build_request

    catalog = load_catalog()
    with pytest.raises(RequestError, match="outside the dates"):
        build_request(catalog, start=dt.date(1, 1, 1))
    with pytest.raises(RequestError, match="would end after"):
        build_request(catalog, start=LAST_DATE, days=2)
