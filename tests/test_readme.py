"""The README's commands are the ones that work: the main job runs, CI runs the test command."""

from __future__ import annotations

import json
import re
import shlex

import pytest

from tests.helpers.env import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    block = README.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line for line in block.splitlines() if line and not line.startswith("#")]


def test_readme_has_exactly_the_two_setup_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert "pip install . && teatrip plan" in commands[0]
    assert commands[1].endswith("pytest")


def test_ci_runs_the_readme_test_command_requiring_every_input() -> None:
    lines = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    command = lines.index(quick_start_commands()[1])
    switch = lines.index("export TEATRIP_REQUIRE_ALL=1")
    assert switch < command


def test_the_readme_lists_exactly_the_data_tests(request: pytest.FixtureRequest) -> None:
    listed = set(re.findall(r"^- `(tests/[\w/]+\.py::\w+)`", README, re.MULTILINE))
    collected = {item.nodeid: item for item in request.session.items}
    marked = {nodeid for nodeid, item in collected.items() if item.get_closest_marker("data")}
    assert marked <= listed, "data tests missing from the README's list"
    # a run of part of the suite collects part of the list
    assert all(collected[nodeid].get_closest_marker("data") for nodeid in listed & set(collected))
    assert all((REPO / nodeid.split("::")[0]).is_file() for nodeid in listed)


@pytest.mark.data
def test_the_main_job_command_plans_three_days(shipped_cli) -> None:  # type: ignore[no-untyped-def]
    main_job = quick_start_commands()[0].split("&& teatrip ", 1)[1]
    args = shlex.split(main_job)
    result = shipped_cli(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    trip = json.loads(result.stdout)
    assert len(trip["days"]) == 3
    visited = {stop["site"] for day in trip["days"] for stop in day["stops"]}
    assert "tan-cuong" in visited


def test_every_command_in_the_table_exists(cli) -> None:  # type: ignore[no-untyped-def]
    for command in sorted(set(re.findall(r"^\| `teatrip ([a-z]+)", README, re.MULTILINE))):
        result = cli(command, "--help")
        assert result.exit_code == 0, (command, result.output)
