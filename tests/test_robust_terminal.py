"""Catalog text reaches the terminal as plain text: no markup obeyed, no control characters.

A catalog is written by someone else; its names, tags and event texts must neither crash the
renderer (``rich.errors.MarkupError`` on ``[/]``) nor be obeyed as markup (a ``[link=file://…]``)
nor move the cursor, ring the bell or reorder a line (escape sequences, C1 controls, RTL override).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import Result

from teatrip.errors import Problem, one_line
from teatrip.render import plain_text, stdout_console

MARKUP = ["[/]", "[/bold]", "[link=file:///etc/passwd]x[/link]", "[blink]boo", ":smile:"]
CONTROLS = ["\x1b[2J\x1b[31m", "\x07", "\x08", "\x85", "\x9b", "\u202e", "\u2066", "\r"]
HOSTILE = " ".join(MARKUP) + " " + "".join(CONTROLS) + "end"
FORBIDDEN = ["\x1b", "\x07", "\x08", "\x85", "\x9b", "\u202e", "\u2066", "\r"]


def hostile_catalog(tmp_path: Path, mini_catalog: Path) -> Path:
    data: dict[str, Any] = yaml.safe_load(mini_catalog.read_text(encoding="utf-8"))
    site = data["sites"][1]
    site["name"] = "Tân Cương " + HOSTILE
    site["name_en"] = HOSTILE
    site["tags"] = [*site["tags"], "[/]", "x\u202ey"]
    site["aka"] = ["[bold]aka"]
    data["events"][0]["name"] = "Hội " + HOSTILE
    path = tmp_path / "hostile.yaml"
    # safe_dump escapes the controls ("\e", "\x85"): the file is valid YAML that holds them.
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def assert_plain(text: str) -> None:
    for char in FORBIDDEN:
        assert char not in text, f"{char!r} reached the terminal"
    assert "Traceback" not in text


@pytest.mark.parametrize(
    "args",
    [
        ("sites", "list"),
        ("sites", "list", "--tag", "[/]"),
        ("sites", "show", "tan-cuong", "--from", "2025-02-10"),
    ],
)
def test_hostile_names_are_shown_literally(
    cli: Callable[..., Result], tmp_path: Path, mini_catalog: Path, args: tuple[str, ...]
) -> None:
    catalog = hostile_catalog(tmp_path, mini_catalog)
    result = cli(*args, "--catalog", str(catalog))
    assert result.exit_code == 0, result.output
    assert_plain(result.stdout)
    assert_plain(result.stderr)
    if args[1] != "show":  # the detail view shows the event on another day
        for markup in ("[/bold]", "[link=file:///etc/pass", "[blink]boo"):
            assert markup in result.stdout


def test_hostile_text_in_validate_messages(
    cli: Callable[..., Result], tmp_path: Path, mini_catalog: Path
) -> None:
    data: dict[str, Any] = yaml.safe_load(mini_catalog.read_text(encoding="utf-8"))
    data["sites"][1]["kind"] = HOSTILE  # an unknown kind: the message quotes it
    data["sites"][1][HOSTILE] = 1  # an unknown field: the message names it
    path = tmp_path / "bad[b].yaml"  # (cli/sites.py prints the path unfiltered: reported)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 2
    assert_plain(result.stdout)
    assert_plain(result.stderr)
    assert all(len(line) <= 400 for line in result.stderr.splitlines())


def test_problem_is_one_bounded_line() -> None:
    problem = Problem("f.yaml\x1b", 3, "site 'a\nb'", "name", "x" * 10_000 + "\u202e")
    text = str(problem)
    assert "\n" not in text and "\x1b" not in text and "\u202e" not in text
    assert len(text) <= 300 and text.startswith("f.yaml:3: site 'a b': name: xxx")
    assert "…" in text


def test_one_line_keeps_short_text() -> None:
    assert one_line("Vùng chè Tân Cương") == "Vùng chè Tân Cương"
    assert plain_text("a\tb\nc\x1bd\u202ee") == "a\tb\ncde"


def test_console_keeps_columns_aligned_after_removing_controls(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from rich.table import Table

    table = Table()
    table.add_column("name")
    table.add_column("n")
    table.add_row("a\u202eb[/]", "1")
    table.add_row("plain", "2")
    stdout_console(width=40).print(table)
    lines = capsys.readouterr().out.splitlines()
    assert "ab[/]" in "\n".join(lines)
    assert len({len(line) for line in lines}) == 1  # every row as wide as the border


@pytest.mark.parametrize(
    "args",
    [("plan", "--\x1b[31mx"), ("plan", "--days", "x\x1b[2J" * 200), ("sites", "show", "\u202e")],
)
def test_usage_errors_are_one_safe_line(cli: Callable[..., Result], args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.exit_code == 2
    assert_plain(result.output)
    lines = result.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("teatrip: "), result.output
    assert len(lines[0]) <= 400
