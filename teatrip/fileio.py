"""Safe file reading and writing shared by every command that reads or writes files.

Reading: ``read_bounded`` refuses what is not a regular file (a FIFO nobody writes to would block
for ever, ``/dev/zero`` never ends) before opening it, and reads at most ``limit + 1`` bytes
whatever size the file claims, so no input can exhaust memory. ``loads_json`` parses JSON with a
nesting bound and turns every failure into one located line.

Writing: ``write_atomic`` writes to a temporary file in the target's directory, fsyncs it and moves
it into place in one step, so a reader (or a crash) never sees half a file, and it refuses to
replace an existing file unless asked to. ``write_files`` does the same for several files at once:
all of them or none. Temporary names start with ``TEMP_PREFIX`` and carry the writer's process id;
the next write to a folder removes those left by a run that was killed. Handling ``-`` (stdout) is
the caller's job.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from teatrip.errors import (
    BadInputError,
    ExportError,
    InputFileError,
    OverwriteRefusedError,
    one_line,
)
from teatrip.formatting import say
from teatrip.i18n import N_

__all__ = [
    "MAX_INPUT_BYTES",
    "MAX_JSON_DEPTH",
    "TEMP_PREFIX",
    "check_writable",
    "loads_json",
    "read_bounded",
    "remove_stale_temporaries",
    "write_atomic",
    "write_files",
]

MAX_INPUT_BYTES = 5 * 1024 * 1024  # far above any real catalog (~60 KiB) or trip (~200 KiB)
MAX_JSON_DEPTH = 64  # a saved trip nests about 6 deep
TEMP_PREFIX = ".teatrip-tmp-"
_CHUNK = 1 << 16


# --- reading ---------------------------------------------------------------------------------


_DIRECTORY = N_("is a directory, not a file")


def _special_kind(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return say(_DIRECTORY)
    if stat.S_ISFIFO(mode):
        return say("is a named pipe (FIFO), not a file; teatrip reads regular files only")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return say("is a device, not a file; teatrip reads regular files only")
    if stat.S_ISSOCK(mode):
        return say("is a socket, not a file; teatrip reads regular files only")
    return say("is not a regular file")


def _read_failure(path: Path, error: OSError) -> InputFileError:
    if isinstance(error, FileNotFoundError):
        return InputFileError(str(path), say("no such file"))
    if isinstance(error, IsADirectoryError):
        return InputFileError(str(path), say(_DIRECTORY))
    if isinstance(error, PermissionError):
        return InputFileError(str(path), say("permission denied"))
    return InputFileError(
        str(path), say("cannot read the file: {why}", why=str(error.strerror or error))
    )


def _too_big(path: Path, limit: int) -> InputFileError:
    return InputFileError(
        str(path), say("is larger than {size} MiB, the limit", size=format(limit / 1_048_576, "g"))
    )


def stat_regular(path: Path | str) -> os.stat_result:
    """The status of the regular file ``path``; ``InputFileError`` (exit 2, one line saying what
    it is) for a missing or unreadable path or a special file (directory, FIFO, device, socket),
    which must not be opened: a FIFO would wait for a writer, a device never ends."""
    path = Path(path)
    try:
        info = os.stat(path)
        kind = _special_kind(info.st_mode)
    except (OSError, ValueError) as error:  # ValueError: a NUL in the name
        if isinstance(error, ValueError):
            raise InputFileError(str(path), say("is not a valid file name")) from None
        raise _read_failure(path, error) from None
    if kind:
        raise InputFileError(str(path), kind)
    return info


def read_bounded(path: Path | str, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of the regular file ``path``, of which there may be at most ``limit``.

    Raises ``InputFileError`` (exit 2) with the reason in one line for a missing, unreadable or
    special file (directory, FIFO, device, socket) or one longer than ``limit``. Only what is
    actually read counts (a file's reported size can lie: ``/proc`` files say 0).
    """
    path = Path(path)
    info = stat_regular(path)
    if info.st_size > limit:
        raise _too_big(path, limit)  # a regular file's size: refuse without reading it
    try:
        # O_NONBLOCK: if the path became a FIFO since the stat, opening it must not wait.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise _read_failure(path, error) from None
    try:
        kind = _special_kind(os.fstat(fd).st_mode)
        if kind:
            raise InputFileError(str(path), kind)
        chunks: list[bytes] = []
        total = 0
        while total <= limit:
            chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > limit:
            raise _too_big(path, limit)
        return b"".join(chunks)
    except OSError as error:
        raise _read_failure(path, error) from None
    finally:
        os.close(fd)


def loads_json(text: str, *, source: str, max_depth: int = MAX_JSON_DEPTH) -> Any:
    """Parse JSON text; any failure is a ``BadInputError`` of one line ``SOURCE:LINE:COL: why``.

    Arrays and objects may nest at most ``max_depth`` deep (deeper input would otherwise end in
    a ``RecursionError`` here or in whatever walks the result).
    """
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BadInputError(
            say(
                "{source}:{line}:{column}: not valid JSON: {why}",
                source=source,
                line=error.lineno,
                column=error.colno,
                why=error.msg,
            )
        ) from None
    except RecursionError:
        document = None
        depth = max_depth + 1
    except ValueError as error:  # e.g. an integer of more digits than Python converts
        reason = say("a number has too many digits") if "digits" in str(error) else str(error)
        raise BadInputError(
            say("{source}: not valid JSON: {why}", source=source, why=one_line(reason, 120))
        ) from None
    else:
        depth = _depth(document)
    if depth > max_depth:
        where = _deep_offset(text, max_depth)
        line = text.count("\n", 0, where) + 1
        column = where - (text.rfind("\n", 0, where) + 1) + 1
        raise BadInputError(
            say(
                "{source}:{line}:{column}: arrays and objects nest more than {depth} deep",
                source=source,
                line=line,
                column=column,
                depth=max_depth,
            )
        )
    return document


def _depth(document: Any) -> int:
    """How deep lists and dicts nest in ``document``, without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(document, 0)]
    while stack:
        value, level = stack.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            deepest = max(deepest, level + 1)
            stack.extend((item, level + 1) for item in value if isinstance(item, dict | list))
    return deepest


def _deep_offset(text: str, max_depth: int) -> int:
    """Offset of the first bracket that opens level ``max_depth + 1`` (outside strings)."""
    depth = 0
    in_string = escaped = False
    for offset, char in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > max_depth:
                return offset
        elif char in "]}":
            depth -= 1
    return 0


# --- writing ---------------------------------------------------------------------------------


def check_writable(path: Path, *, force: bool = False) -> None:
    """Raise ``OverwriteRefusedError`` if ``path`` exists and ``force`` is false."""
    if not force and (path.exists() or path.is_symlink()):
        raise OverwriteRefusedError(_exists(path))


def _cannot_write(path: Path, error: OSError) -> ExportError:
    # strerror says it plainly: "No space left on device", "Read-only file system".
    return ExportError(
        say(
            "{path}: cannot write: {why}; nothing was written",
            path=str(path),
            why=str(error.strerror or error),
        )
    )


def _exists(path: Path) -> str:
    return say("{path} exists; use --force to overwrite", path=str(path))


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists but belongs to someone else
    return True


def remove_stale_temporaries(directory: Path) -> None:
    """Remove temporary files and folders left in ``directory`` by teatrip runs that were killed.

    A temporary name holds its writer's process id; those of live processes are left alone, so
    two runs writing to one folder do not disturb each other.
    """
    import shutil  # only writers need it: reading a catalog stays light

    try:
        entries = list(os.scandir(directory))
    except OSError:
        return
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        pid_text = entry.name[len(TEMP_PREFIX) :].partition("-")[0]
        if not pid_text.isdigit() or _process_alive(int(pid_text)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)


def _temp_prefix() -> str:
    return f"{TEMP_PREFIX}{os.getpid()}-"


@contextlib.contextmanager
def _temporary_file(directory: Path, target: Path, payload: bytes) -> Iterator[Path]:
    """A fsynced temporary copy of ``payload`` in ``directory``, removed on leaving (whatever
    happened, Ctrl-C included) unless it was moved away."""
    import tempfile

    try:
        fd, tmp_name = tempfile.mkstemp(prefix=_temp_prefix(), suffix=".tmp", dir=directory)
    except OSError as error:
        raise _cannot_write(target, error) from error
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as handle:
                # mkstemp creates the file 0600; give it the mode a plain open() would have.
                with contextlib.suppress(OSError):
                    os.fchmod(handle.fileno(), 0o666 & ~_umask())
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as error:
            raise _cannot_write(target, error) from error
        yield tmp
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def write_atomic(path: Path, data: bytes | str, *, force: bool = False) -> None:
    """Write ``data`` (``str`` is encoded as UTF-8) to ``path`` atomically.

    Without ``force`` an existing ``path`` is left untouched and ``OverwriteRefusedError`` is
    raised; the no-clobber check and the move are one atomic step (``os.link``) where the file
    system supports hard links. On any failure the temporary file is removed and the target is
    either the old file or absent: never partial.
    """
    write_files([(Path(path), data)], force=force)


def write_files(files: Sequence[tuple[Path, bytes | str]], *, force: bool = False) -> None:
    """Write several files, all or none: each lands whole, and if one cannot be written, those
    already moved into place are taken back (and files they replaced restored).

    Every file is first written in full to a temporary file beside its target, so a full disk or
    a read-only folder is found before any target changes.
    """
    prepared = [(Path(path), _encode(data)) for path, data in files]
    for path, _ in prepared:
        check_writable(path, force=force)
        if not path.parent.is_dir():
            raise BadInputError(
                say(
                    "{path}: directory {folder} does not exist",
                    path=str(path),
                    folder=str(path.parent),
                )
            )
    for directory in dict.fromkeys(path.parent for path, _ in prepared):
        remove_stale_temporaries(directory)
    with contextlib.ExitStack() as stack:
        temporaries = [
            (path, stack.enter_context(_temporary_file(path.parent, path, payload)))
            for path, payload in prepared
        ]
        _move_all(temporaries, force=force)
    for directory in dict.fromkeys(path.parent for path, _ in prepared):
        _fsync_directory(directory)


def _encode(data: bytes | str) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else bytes(data)


def _move_all(temporaries: Sequence[tuple[Path, Path]], *, force: bool) -> None:
    """Move every temporary onto its target; on failure undo the moves already made."""
    done: list[tuple[Path, Path | None]] = []  # (target, backup of the file it replaced)
    try:
        for path, tmp in temporaries:
            backup = _keep_old(path) if force else None
            try:
                if force:
                    os.replace(tmp, path)
                else:
                    _move_no_clobber(tmp, path)
            except BaseException:
                if backup is not None:
                    with contextlib.suppress(OSError):
                        backup.unlink()
                raise
            done.append((path, backup))
    except OSError as error:
        _undo(done)
        if isinstance(error, OverwriteRefusedError):
            raise
        raise _cannot_write(path, error) from error
    except BaseException:
        _undo(done)
        raise
    for _, backup in done:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()


def _keep_old(path: Path) -> Path | None:
    """A hard link to the file ``path`` is about to replace, to put it back if a later file of
    the same set fails; None when there is nothing to keep (or no hard links)."""
    if not path.is_file() or path.is_symlink():
        return None
    backup = path.with_name(f"{_temp_prefix()}{os.urandom(4).hex()}.old")
    try:
        os.link(path, backup)
    except OSError:
        return None
    return backup


def _undo(done: Sequence[tuple[Path, Path | None]]) -> None:
    for path, backup in reversed(done):
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, path)
            else:
                path.unlink()


def _move_no_clobber(tmp: Path, path: Path) -> None:
    """Move ``tmp`` to ``path`` unless ``path`` exists (checked atomically when possible)."""
    try:
        os.link(tmp, path)  # fails if path exists: no window between the check and the move
    except FileExistsError:
        raise OverwriteRefusedError(_exists(path)) from None
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
