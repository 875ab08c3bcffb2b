"""The command line says what it needs in one line: version, interests, tags, units, folders."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

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
