"""File names, road graph files and Ctrl-C: each ends in one safe line, never a traceback."""

from __future__ import annotations

import os
import signal
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from teatrip import matrix as matrix_module
from teatrip import osm
from teatrip.errors import BadInputError
from teatrip.matrix import travel_matrix
from teatrip.models import Mode
from tests.test_matrix import synthetic_graph

Invoke = Callable[..., Result]
UNSAFE = "\u202e\x1b[31m\x07"
FORBIDDEN = "\u202e\x1b\x07"


def test_validate_names_the_file_on_one_safe_line(
    cli: Invoke, tmp_path: Path, region_path: Path
) -> None:
    good = tmp_path / f"region{UNSAFE}.yaml"
    good.write_bytes(region_path.read_bytes())
    bad = tmp_path / f"bad{UNSAFE}.yaml"
    bad.write_text("region: {}\nsites: []\n", encoding="utf-8")
    for path, code in ((good, 0), (bad, 2)):
        result = cli("validate", str(path))
        assert result.exit_code == code, result.output
        assert "region" in result.output or "bad" in result.output
        for char in FORBIDDEN:
            assert char not in result.output


def test_save_notes_name_the_file_on_one_safe_line(cli: Invoke, tmp_path: Path) -> None:
    trip = tmp_path / f"trip{UNSAFE}.json"
    result = cli("plan", "--start", "2024-12-05", "--save", str(trip))
    assert result.exit_code == 0, result.output
    assert (
        "saved" in result.stderr and "\u202e" not in result.stderr and "\x1b" not in result.stderr
    )


def test_matrix_workers_leave_ctrl_c_to_the_parent(monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real_rows = matrix_module._rows
    handlers: list[object] = []

    def rows_checking_sigint(*args: object, **kwargs: object) -> object:
        if os.getpid() != parent and signal.getsignal(signal.SIGINT) is not signal.SIG_IGN:
            raise AssertionError("a matrix worker would take Ctrl-C itself")
        handlers.append(os.getpid())
        return real_rows(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(matrix_module, "_rows", rows_checking_sigint)
    monkeypatch.setattr(matrix_module, "_BATCH_BYTES", 2000)  # several batches to share out
    travel_matrix(synthetic_graph(12, seed=3), Mode.CAR, workers=2)
    # Only the parent's own call is recorded here (workers append in their copy of the list).
    assert handlers == [parent]
    assert signal.getsignal(signal.SIGINT) is not signal.SIG_IGN  # the parent keeps its handler


def test_a_fifo_given_as_road_graph_is_named_as_such(tmp_path: Path) -> None:
    fifo = tmp_path / "roads.graph"
    os.mkfifo(fifo)
    with pytest.raises(BadInputError, match="is a named pipe"):
        osm.read_network(fifo)  # returns at once: a FIFO is never opened
    with pytest.raises(BadInputError, match="is a device"):
        osm.read_network("/dev/null")
    with pytest.raises(BadInputError, match="no such road graph file"):
        osm.read_network(tmp_path / "missing.graph")


def test_a_zip_bomb_road_graph_is_refused_before_unpacking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = tmp_path / "bomb.graph"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("lat.npy", b"\0" * 4_000_000)  # 4 MB of zeros pack to a few KB
    assert bomb.stat().st_size < 100_000
    monkeypatch.setattr(osm, "MAX_GRAPH_BYTES", 1_000_000)
    with pytest.raises(
        BadInputError, match=r"unpacks to 4 MiB, more than the 1 MiB limit"
    ) as caught:
        osm.read_network(bomb)
    assert "\n" not in str(caught.value)


def test_a_road_graph_array_larger_than_memory_is_one_line(tmp_path: Path) -> None:
    import numpy as np

    liar = tmp_path / "liar.graph"
    header = np.lib.format.header_data_from_array_1_0(np.zeros(1))
    header["shape"] = (2**62,)
    member = b"\x93NUMPY\x01\x00"
    text = repr(header).encode() + b" " * 10
    text += b" " * (64 - (10 + len(text) + 1) % 64) + b"\n"
    member += len(text).to_bytes(2, "little") + text
    with zipfile.ZipFile(liar, "w") as archive:
        archive.writestr("lat.npy", member)
    with pytest.raises(BadInputError, match="not a teatrip road graph") as caught:
        osm.read_network(liar)
    assert "\n" not in str(caught.value)
