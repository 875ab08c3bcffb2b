"""The linters are part of the test command, so CI fails on the same problems a reviewer would."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.env import REPO

# Each run lints or type-checks the whole repository: seconds, not milliseconds.
pytestmark = pytest.mark.slow


def run_tool(*args: str) -> subprocess.CompletedProcess[str]:
    tool = shutil.which(args[0], path=str(Path(sys.executable).parent)) or shutil.which(args[0])
    if tool is None:
        pytest.fail(f"{args[0]} is not installed: pip install -e '.[test]'", pytrace=False)
    return subprocess.run([tool, *args[1:]], cwd=REPO, capture_output=True, text=True, check=False)


def test_ruff_is_clean() -> None:
    result = run_tool("ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean() -> None:
    result = run_tool("ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean() -> None:
    result = run_tool("mypy")
    assert result.returncode == 0, result.stdout + result.stderr
