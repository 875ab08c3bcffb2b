"""Files that are deep, big, endless or not files at all: one located line, never a hang or crash."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import Result

from teatrip.errors import BadInputError, CatalogError, InputFileError
from teatrip.fileio import loads_json, read_bounded
from teatrip.yamlsafe import parse_yaml, read_yaml


@pytest.fixture
def alarm() -> Iterator[None]:
    """Fail instead of hanging for ever if something blocks (a FIFO nobody writes to)."""

    def timeout(signum: int, frame: object) -> None:
        raise TimeoutError("blocked")

    previous = signal.signal(signal.SIGALRM, timeout)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def problems(raw: bytes) -> list[str]:
    with pytest.raises(CatalogError) as caught:
        parse_yaml(raw, "f.yaml")
    return [str(p) for p in caught.value.problems]


# --- reading ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("alarm")
def test_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    with pytest.raises(InputFileError, match="named pipe"):
        read_bounded(fifo)
    with pytest.raises(CatalogError, match=r"pipe\.yaml: is a named pipe"):
        read_yaml(fifo)


@pytest.mark.usefixtures("alarm")
@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    with pytest.raises(InputFileError, match="is a device"):
        read_bounded(device)


def test_directory_missing_and_bad_names(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="is a directory"):
        read_bounded(tmp_path)
    with pytest.raises(InputFileError, match="no such file"):
        read_bounded(tmp_path / "nope")
    with pytest.raises(InputFileError, match="not a valid file name"):
        read_bounded("a\x00b")


def test_limit_counts_what_is_read(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"x" * 101)
    assert read_bounded(path, 101) == b"x" * 101
    with pytest.raises(InputFileError, match="larger than"):
        read_bounded(path, 100)


def test_proc_file_reporting_size_zero_is_read(tmp_path: Path) -> None:
    status = Path("/proc/self/status")
    if not status.exists():
        pytest.skip("no /proc")
    assert b"Name:" in read_bounded(status)


# --- YAML ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        b"region: " + b"[" * 70 + b"]" * 70,
        b"region: " + b"[" * 5000 + b"]" * 5000,
        b"region:\n" + b"".join(b"  " * i + b"k%d:\n" % i for i in range(1, 200)),
    ],
    ids=["flow-70", "flow-5000", "block-200"],
)
def test_deep_yaml_is_one_located_problem(raw: bytes) -> None:
    (message,) = problems(raw)
    assert message.startswith("f.yaml:") and "nest more than 64 deep" in message
    assert "\n" not in message


def test_alias_expansion_is_bounded_by_the_text_it_produces() -> None:
    long = b"x" * (1024 * 1024)
    raw = b'name: &n "' + long + b'"\nothers: [' + b", ".join([b"*n"] * 400) + b"]\n"
    started = time.perf_counter()
    (message,) = problems(raw)
    assert "expands to too much text" in message
    assert time.perf_counter() - started < 5


def test_few_aliases_of_short_values_still_work() -> None:
    raw = b"a: &w ['07:00-11:30']\nb: *w\nc: *w\n"
    assert parse_yaml(raw, "f.yaml").data == {"a": ["07:00-11:30"]} | {
        "b": ["07:00-11:30"],
        "c": ["07:00-11:30"],
    }


@pytest.mark.parametrize(
    ("raw", "start"),
    [
        (b"region: {a: [1, 2\nsites: x\n", "f.yaml:2:6: is not valid YAML: did not find"),
        (b'region: "\\\n', "f.yaml:"),
        (b"a: b: c\n", "f.yaml:1:5: is not valid YAML"),
        (b"region: \x01\n", "f.yaml:1:9: is not valid YAML: U+0001 is not allowed"),
        (b"\tregion: 1\n", "f.yaml:1:1: is not valid YAML"),
    ],
)
def test_invalid_yaml_is_one_line_with_line_and_column(raw: bytes, start: str) -> None:
    (message,) = problems(raw)
    assert message.startswith(start), message
    assert "\n" not in message and "<unicode string>" not in message and "position" not in message


def test_long_values_are_elided_in_messages() -> None:
    raw = b"region: 1\n" + b"x" * 5000 + b": [\n"
    for message in problems(raw):
        assert len(message) <= 300


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[" * 100_000, "t.json:1:65: arrays and objects nest more than 64 deep"),
        ("[" * 65 + "]" * 65, "t.json:1:65: arrays and objects nest more than 64 deep"),
        ('{"a": "[[[[", "b":\n' + "[" * 70 + "]" * 70 + "}", "t.json:2:64: arrays and objects"),
        ('{"a": ' + "1" * 10_000 + "}", "t.json: not valid JSON: a number has too many digits"),
        ('{"a": 1,}', "t.json:1:9: not valid JSON"),
    ],
)
def test_bad_json_is_one_located_line(text: str, expected: str) -> None:
    with pytest.raises(BadInputError) as caught:
        loads_json(text, source="t.json")
    assert str(caught.value).startswith(expected), str(caught.value)


def test_json_within_bounds_loads() -> None:
    assert loads_json("[" * 64 + "]" * 64, source="t") is not None
    assert loads_json('{"a": [1, {"b": null}]}', source="t") == {"a": [1, {"b": None}]}


@pytest.mark.usefixtures("alarm")
def test_cli_refuses_special_and_deep_trip_files(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    fifo = tmp_path / "trip.json"
    os.mkfifo(fifo)
    result = cli("export", str(fifo), "--to", "ics")
    assert result.exit_code == 2 and "named pipe" in result.stderr
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 50_000, encoding="utf-8")
    result = cli("export", str(deep), "--to", "ics")
    assert result.exit_code == 2 and "nest more than 64 deep" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    result = cli("validate", "/dev/zero")
    assert result.exit_code == 2 and "is a device" in result.stderr
