"""Fixtures shared by the whole suite."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

REPO = Path(__file__).resolve().parents[1]
TEST_DATA = REPO / "tests" / "data"
SHARED = (REPO / ".." / "shared").resolve()


def shared_path(*parts: str) -> Path:
    """A file from ../shared/ beside the checkout; fails with a clear message when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.fail(
            f"{path} is missing: the tests read the shared schemas and benchmark instances from "
            "../shared/ beside the checkout (CI lays it there)",
            pytrace=False,
        )
    return path


@pytest.fixture
def mini_catalog() -> Path:
    """A three-site catalog written for tests."""
    return TEST_DATA / "mini.yaml"


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the teatrip CLI in-process through Typer's runner, with a fixed terminal width."""
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.delenv("TEATRIP_CATALOG", raising=False)
    from teatrip.cli import app

    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        return runner.invoke(app, list(args), env=env)

    return invoke
