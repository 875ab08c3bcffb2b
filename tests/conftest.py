"""Fixtures shared by the whole suite.

Behaviour tests run on ``region`` (a small catalog built in tests/helpers/catalogs.py); only the
data tests, marked ``@pytest.mark.data``, read the shipped catalog through ``shipped``.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from teatrip.catalog import load_catalog
from teatrip.models import Catalog
from tests.helpers import env
from tests.helpers.catalogs import tea_region, write_catalog
from tests.helpers.env import TEST_DATA

Invoke = Callable[..., Result]

# pytester runs the switch test (tests/test_suite_switch.py) on a tiny test file.
pytest_plugins = ["pytester"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """A skip raised by require_shared/require_chromium inside a test body would be reported at
    tests/helpers/env.py; report it at the test instead, so `-ra` says which test skipped."""
    report = yield
    longrepr = report.longrepr
    if report.skipped and isinstance(longrepr, tuple):
        where, _line, reason = longrepr
        if Path(where).resolve() == Path(env.__file__).resolve():
            path, line, _name = item.reportinfo()
            report.longrepr = (str(path), (line or 0) + 1, reason)
    return report


@pytest.fixture(scope="session")
def shipped() -> Catalog:
    """The shipped catalog (data/hills.yaml), loaded once: for data tests only."""
    return load_catalog(None)


@pytest.fixture(scope="session")
def region_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small test region written as a catalog file, for the CLI and ``--catalog``."""
    return write_catalog(tmp_path_factory.mktemp("region") / "region.yaml", tea_region())


@pytest.fixture(scope="session")
def region(region_path: Path) -> Catalog:
    """The small test region, loaded through the real loader."""
    return load_catalog(region_path)


@pytest.fixture
def mini_catalog() -> Path:
    """A three-site catalog written for tests."""
    return TEST_DATA / "mini.yaml"


def _runner(monkeypatch: pytest.MonkeyPatch, catalog: Path | None) -> Invoke:
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("TEATRIP_LANG", "en")  # the tests read English unless they choose
    if catalog is None:
        monkeypatch.delenv("TEATRIP_CATALOG", raising=False)
    else:
        monkeypatch.setenv("TEATRIP_CATALOG", str(catalog))
    from teatrip.cli import app

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env)

    return invoke


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, region_path: Path) -> Invoke:
    """Run the CLI in-process at a fixed width; without ``--catalog`` it plans on the test region
    (through TEATRIP_CATALOG), so no behaviour test depends on the shipped data."""
    return _runner(monkeypatch, region_path)


@pytest.fixture
def shipped_cli(monkeypatch: pytest.MonkeyPatch) -> Invoke:
    """Run the CLI on its real default, the shipped catalog: for data tests only."""
    return _runner(monkeypatch, None)
