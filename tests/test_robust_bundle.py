"""Bundles are all or nothing, and no temporary file outlives the write that made it."""

from __future__ import annotations

import errno
import os
import random
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from teatrip.errors import ExportError
from teatrip.export import FORMATS, write_bundle
from teatrip.fileio import TEMP_PREFIX, remove_stale_temporaries, write_atomic
from tests.helpers.trips import sample_itinerary

FILES = len(FORMATS)


def fail_on_call(
    monkeypatch: pytest.MonkeyPatch, name: str, call: int, error: BaseException
) -> None:
    """Make ``os.<name>`` raise ``error`` on its ``call``-th use (1-based)."""
    real = getattr(os, name)
    calls = 0

    def broken(*args: object, **kwargs: object) -> object:
        nonlocal calls
        calls += 1
        if calls == call:
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, broken)


def disk_full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_full_disk_midway_leaves_no_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    fail_on_call(monkeypatch, "fsync", 3, disk_full())
    with pytest.raises(ExportError, match="No space left on device; nothing was written"):
        write_bundle(sample_itinerary(), out)
    assert not out.exists()  # created by the call, removed again
    assert list(tmp_path.iterdir()) == []


def test_full_disk_in_an_existing_folder_keeps_its_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    fail_on_call(monkeypatch, "fsync", FILES, disk_full())  # the last file
    with pytest.raises(ExportError):
        write_bundle(sample_itinerary(), tmp_path)
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_failed_move_with_force_restores_the_old_bundle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in FORMATS.values():
        (tmp_path / f"trip.{name.extension}").write_text("old", encoding="utf-8")
    fail_on_call(monkeypatch, "replace", 5, disk_full())
    with pytest.raises(ExportError):
        write_bundle(sample_itinerary(), tmp_path, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"trip.{f.extension}" for f in FORMATS.values()
    )
    assert all(p.read_text(encoding="utf-8") == "old" for p in tmp_path.iterdir())


@pytest.mark.parametrize("call", [1, 4, FILES])
def test_ctrl_c_midway_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    fail_on_call(monkeypatch, "fsync", call, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_bundle(sample_itinerary(), tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_during_moves_takes_them_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fail_on_call(monkeypatch, "link", 3, KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        write_bundle(sample_itinerary(), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_stale_temporaries_of_dead_runs_are_removed(tmp_path: Path) -> None:
    dead = 2**22 + 12345  # above the default pid_max: no such process
    stale_file = tmp_path / f"{TEMP_PREFIX}{dead}-abc.tmp"
    stale_dir = tmp_path / f"{TEMP_PREFIX}{dead}-dir"
    live = tmp_path / f"{TEMP_PREFIX}{os.getpid()}-abc.tmp"
    other = tmp_path / ".teatrip-tmp-notapid.tmp"
    for path in (stale_file, live, other):
        path.write_text("x", encoding="utf-8")
    stale_dir.mkdir()
    (stale_dir / "inner").write_text("x", encoding="utf-8")
    write_atomic(tmp_path / "trip.ics", "new")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name, "trip.ics"])
    remove_stale_temporaries(tmp_path / "missing")  # no folder: nothing to do, no error


@pytest.mark.parametrize(
    "error", [disk_full(), OSError(errno.EROFS, os.strerror(errno.EROFS))], ids=["full", "ro"]
)
def test_cli_bundle_into_full_or_read_only_location(
    cli: Callable[..., Result], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: OSError
) -> None:
    from teatrip.itinerary_io import save_itinerary

    trip = tmp_path / "trip.json"
    save_itinerary(sample_itinerary(), trip)
    fail_on_call(monkeypatch, "fsync", 2, error)
    result = cli("export", str(trip), "--to", "all", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1 and "nothing was written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trip.json"]


WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from teatrip.fileio import write_atomic
    write_atomic(Path(sys.argv[1]), sys.argv[2].encode() * 4_000_000, force=True)
    """
)


@pytest.mark.slow  # twenty real processes
def test_sigkill_at_random_moments_never_leaves_a_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "big.bin"
    target.write_bytes(b"a" * 4_000_000)
    rng = random.Random(15)
    for run in range(20):
        letter = "bcdefghijklmnopqrstuvwxyz"[run]
        process = subprocess.Popen([sys.executable, "-c", WRITER, str(target), letter])
        time.sleep(rng.uniform(0.0, 0.4))
        process.kill()
        process.wait(timeout=30)
        data = target.read_bytes()
        assert len(data) == 4_000_000 and data == data[:1] * len(data), "partial file"
    write_atomic(tmp_path / "after.txt", "x")  # the next write cleans the killed runs' litter
    assert sorted(p.name for p in tmp_path.iterdir()) == ["after.txt", "big.bin"]
