"""The command line says what it needs in one line: version, interests, tags, units, folders."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from teatrip.models import Catalog

Invoke = Callable[..., Result]


def test_version_prints_the_version(cli: Invoke) -> None:
    from teatrip import __version__

    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"teatrip {__version__}"


def test_an_unknown_interest_is_refused_with_the_known_tags(cli: Invoke) -> None:
    result = cli("plan", "--start", "2024-12-05", "--interests", "nonsense")
    assert result.exit_code == 2
    assert "--interests 'nonsense': not a tag or kind of this catalog; tags: " in result.output
    assert "tea" in result.output.split("tags: ", 1)[1]


def test_a_kind_or_festival_is_a_known_interest(cli: Invoke) -> None:
    result = cli("plan", "--start", "2024-12-05", "--interests", "tea-area,festival")
    assert result.exit_code == 0, result.output


def test_an_unknown_tag_is_refused(cli: Invoke) -> None:
    result = cli("sites", "list", "--tag", "nonsense")
    assert result.exit_code == 2
    assert "--tag 'nonsense': no site of this catalog has it" in result.output


def test_a_distance_needs_its_unit(cli: Invoke) -> None:
    bare = cli("sites", "list", "--near", "tan-cuong", "--within", "10")
    assert bare.exit_code == 2
    assert "expected a distance such as 2km or 500m" in bare.output
    assert cli("sites", "list", "--near", "tan-cuong", "--within", "10km").exit_code == 0


def test_saving_into_a_missing_folder_is_bad_input(cli: Invoke, tmp_path: Path) -> None:
    target = tmp_path / "nowhere" / "trip.json"
    result = cli("plan", "--start", "2024-12-05", "--save", str(target))
    assert result.exit_code == 2
    assert "does not exist" in result.output and not target.exists()


def _commands(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    """Every command below ``group`` (Typer's click objects), with the words that run it."""
    found = []
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found += _commands(command, (*path, name))
        else:
            found.append(((*path, name), command))
    return found


def test_every_help_names_only_options_its_command_has(cli: Invoke) -> None:
    import typer

    from teatrip.cli import app

    commands = _commands(typer.main.get_command(app))
    assert len(commands) >= 10
    for path, command in commands:
        result = cli(*path, "--help")
        assert result.exit_code == 0, result.output
        own = {opt for param in command.params for opt in param.opts if opt.startswith("--")}
        # "(teatrip plan --save)" names another command's option, on purpose
        text = re.sub(r"teatrip(?: [a-z]+)+ --[a-z-]+", "", result.stdout)
        named = set(re.findall(r"(?<![\w-])--[a-z][a-z-]*", text))
        # --lang is added to every command when the CLI runs (teatrip.cli.language)
        assert named <= own | {"--help", "--lang"}, (path, named - own)


def test_a_user_catalog_is_named_as_typed(
    cli: Invoke, region_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(region_path.parent)
    result = cli("route", "nowhere", "tan-cuong", "--catalog", region_path.name)
    assert result.exit_code == 2
    assert f"no site called 'nowhere' in {region_path.name}." in result.stderr


@pytest.mark.data
def test_the_shipped_catalog_is_named_by_a_path_that_exists(
    shipped_cli: Invoke, shipped: Catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from teatrip.catalog import SHIPPED_CATALOG_NAME, default_catalog_path
    from teatrip.request import build_request

    monkeypatch.chdir(tmp_path)  # where data/hills.yaml does not exist
    path = str(default_catalog_path())
    result = shipped_cli("route", "nowhere", "tan-cuong")
    assert result.exit_code == 2
    named = re.search(r"no site called 'nowhere' in (.+?)\. ", result.stderr)
    assert named is not None and named[1] == path and Path(named[1]).is_file()
    validated = shipped_cli("validate")
    assert validated.stdout.startswith(f"{path}: OK")
    assert all(line.startswith(path) for line in validated.stderr.splitlines())
    # a saved trip still records the shipped catalog by name, not where it is installed
    assert build_request(shipped, start="2024-12-05").catalog == SHIPPED_CATALOG_NAME
