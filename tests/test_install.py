"""A plain, non-editable install finds the shipped catalog from any directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.env import REPO

# Building and installing a wheel takes seconds; the listing checks the shipped data.
pytestmark = [pytest.mark.slow, pytest.mark.data]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build a wheel of this checkout and install it (without deps) into a fresh target dir."""
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    target = work / "site"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(wheels), str(REPO)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("teatrip-*.whl"))
    setup = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert setup.returncode == 0, setup.stderr
    return target


def test_installed_package_lists_sites_from_another_directory(
    installed: Path, tmp_path: Path
) -> None:
    env = {**os.environ, "PYTHONPATH": str(installed)}
    env.pop("TEATRIP_CATALOG", None)
    probe = subprocess.run(
        [sys.executable, "-c", "import teatrip.catalog as c; print(c.__file__); print(c.default_catalog_path())"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=True,
    )  # fmt: skip
    module_file, catalog_file = probe.stdout.split()
    assert module_file.startswith(str(installed)), "the test must exercise the installed copy"
    assert catalog_file.startswith(str(installed)) and Path(catalog_file).is_file()
    listed = subprocess.run(
        [sys.executable, "-m", "teatrip", "sites", "list", "--format", "json"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    assert listed.returncode == 0, listed.stderr
    ids = {site["id"] for site in json.loads(listed.stdout)}
    assert len(ids) >= 30 and {"tan-cuong", "khe-coc", "trai-cai", "thai-hai"} <= ids
    # The 2025 commune polygons ship too (`validate` and `sites locate` read them).
    communes = subprocess.run(
        [sys.executable, "-c", "from teatrip.communes import communes; print(len(communes()))"],
        capture_output=True, text=True, cwd=tmp_path, env=env, check=False,
    )  # fmt: skip
    assert communes.stdout.strip() == "92", communes.stderr
