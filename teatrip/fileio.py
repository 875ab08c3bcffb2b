"""Safe file writing shared by every command that writes files.

``write_atomic`` writes to a temporary file in the target's directory, fsyncs it and moves it into
place in one step, so a reader (or a crash) never sees half a file, and it refuses to replace an
existing file unless asked to. Handling ``-`` (stdout) is the caller's job.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from teatrip.errors import ExportError, OverwriteRefusedError

__all__ = ["check_writable", "write_atomic"]


def check_writable(path: Path, *, force: bool = False) -> None:
    """Raise ``OverwriteRefusedError`` if ``path`` exists and ``force`` is false."""
    if not force and (path.exists() or path.is_symlink()):
        raise OverwriteRefusedError(f"{path} exists; use --force to overwrite")


def write_atomic(path: Path, data: bytes | str, *, force: bool = False) -> None:
    """Write ``data`` (``str`` is encoded as UTF-8) to ``path`` atomically.

    Without ``force`` an existing ``path`` is left untouched and ``OverwriteRefusedError`` is
    raised; the no-clobber check and the move are one atomic step (``os.link``) where the file
    system supports hard links. On any failure the temporary file is removed and the target is
    either the old file or absent: never partial.
    """
    path = Path(path)
    payload = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    check_writable(path, force=force)
    directory = path.parent
    if not directory.is_dir():
        raise ExportError(f"{path}: directory {directory} does not exist")
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise ExportError(f"{path}: cannot write: {error.strerror or error}") from error
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            # mkstemp creates the file 0600; give it the mode a plain open() would have.
            with contextlib.suppress(OSError):
                os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        if force:
            os.replace(tmp, path)
        else:
            _move_no_clobber(tmp, path)
        _fsync_directory(directory)
    except OverwriteRefusedError:
        raise
    except OSError as error:
        raise ExportError(f"{path}: cannot write: {error.strerror or error}") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _move_no_clobber(tmp: Path, path: Path) -> None:
    """Move ``tmp`` to ``path`` unless ``path`` exists (checked atomically when possible)."""
    try:
        os.link(tmp, path)  # fails if path exists: no window between the check and the move
    except FileExistsError:
        raise OverwriteRefusedError(f"{path} exists; use --force to overwrite") from None
    except OSError:
        # No hard links on this file system: fall back to check-then-replace.
        check_writable(path)
        os.replace(tmp, path)
    # After a successful link the temporary name is removed by the caller's cleanup.


def _fsync_directory(directory: Path) -> None:
    """Persist the rename itself (POSIX); harmless to skip where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
