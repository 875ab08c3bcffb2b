"""Safe YAML reading: every way a file can be unreadable gives one located message."""

from __future__ import annotations

from pathlib import Path

import pytest

from teatrip.errors import CatalogError
from teatrip.yamlsafe import MAX_BYTES, parse_yaml, read_yaml


def problems_of(raw: bytes) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        parse_yaml(raw, "f.yaml")
    return [str(p) for p in caught.value.problems]


def test_values_keep_their_lines_and_clock_times_stay_text() -> None:
    document = parse_yaml(b"a: 19:00\nb:\n  - 2025-02-30\n  - 7\n", "f.yaml")
    assert document.data == {"a": "19:00", "b": ["2025-02-30", 7]}
    assert document.line(("b", 1)) == 4
    assert document.line(("b", 1, "missing")) == 4  # falls back to the closest ancestor


@pytest.mark.parametrize(
    "raw",
    [
        b"!!python/object:os.system {}\n",
        b"a: !!python/object/apply:os.system ['touch /tmp/teatrip-pwned']\n",
        b"a: !!python/name:os.system\n",
    ],
)
def test_python_tags_are_refused_not_executed(raw: bytes) -> None:
    messages = problems_of(raw)
    assert len(messages) == 1
    assert "is not allowed (YAML is loaded safely)" in messages[0]
    assert messages[0].startswith("f.yaml:1:")
    assert not Path("/tmp/teatrip-pwned").exists()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"", "f.yaml: file is empty"),
        (b"# only a comment\n", "f.yaml: file is empty"),
        (b"- a\n- b\n", "f.yaml:1: is not a catalog: the top level must be a mapping"),
        (b"a: [1, 2\n", "f.yaml:2:1: is not valid YAML"),
        (b"a: 1\n\xff\xfe: 2\n", "f.yaml:2: is not UTF-8 text"),
        (b"a: 1\na: 2\n", "f.yaml:2: duplicate key 'a'"),
        (b"a: 1\n---\nb: 2\n", "f.yaml:3: holds several YAML documents"),
        (b"a: &x [*x]\n", "an alias refers to itself"),
    ],
)
def test_unreadable_documents_give_one_clear_message(raw: bytes, expected: str) -> None:
    messages = problems_of(raw)
    assert len(messages) == 1
    assert messages[0].startswith(expected) or expected in messages[0]


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 7):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    messages = problems_of("\n".join(lines).encode())
    assert any("alias bomb" in m for m in messages)


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(CatalogError, match="larger than 5 MiB"):
        read_yaml(big)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="no such file"):
        read_yaml(tmp_path / "nope.yaml")
    with pytest.raises(CatalogError, match="is a directory"):
        read_yaml(tmp_path)
