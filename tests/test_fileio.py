"""Atomic writes that never clobber a file without --force and never leave half a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from teatrip.errors import BadInputError, ExportError, OverwriteRefusedError
from teatrip.fileio import write_atomic


def test_writes_str_as_utf8_and_bytes_as_is(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "chè Tân Cương\n")
    assert (tmp_path / "a.txt").read_bytes() == "chè Tân Cương\n".encode()
    write_atomic(tmp_path / "b.bin", b"\x00\xff")
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\xff"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.bin"]


def test_mode_follows_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomic(tmp_path / "a.txt", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def test_existing_file_survives_refused_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "trip.ics"
    target.write_text("original", encoding="utf-8")
    with pytest.raises(OverwriteRefusedError, match=r"trip\.ics exists; use --force to overwrite"):
        write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]


def test_force_overwrites(tmp_path: Path) -> None:
    target = tmp_path / "trip.ics"
    target.write_text("original", encoding="utf-8")
    write_atomic(target, "new", force=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.ics"]


def test_failed_replace_leaves_old_file_and_no_litter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "trip.gpx"
    target.write_text("original", encoding="utf-8")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(ExportError, match="No space left on device"):
        write_atomic(target, "x" * 100_000, force=True)
    assert target.read_text(encoding="utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["trip.gpx"]


def test_failure_mid_write_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "trip.kml"

    def broken_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(ExportError, match="Input/output error"):
        write_atomic(target, "data")
    assert list(tmp_path.iterdir()) == []


def test_failing_serializer_leaves_nothing(tmp_path: Path) -> None:
    def serialize() -> str:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        write_atomic(tmp_path / "x.json", serialize())
    with pytest.raises(UnicodeEncodeError):
        write_atomic(tmp_path / "y.json", "lone surrogate \ud800")
    assert list(tmp_path.iterdir()) == []


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(BadInputError, match="does not exist"):
        write_atomic(tmp_path / "no" / "such" / "dir.txt", "x")


def test_no_hard_links_falls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_link(src: object, dst: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_link)
    write_atomic(tmp_path / "a.txt", "one")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "one"
    with pytest.raises(OverwriteRefusedError):
        write_atomic(tmp_path / "a.txt", "two")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "one"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
