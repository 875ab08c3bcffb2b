"""The season's ledger: every group planned and every place it holds, in one SQLite file.

The ledger is what makes a season incremental: a later run plans only groups it does not hold
yet, around the places already held; ``--replan`` frees a group's places first. Each group is
recorded in one transaction together with its holds, so an interrupted run leaves whole groups
or nothing. One run at a time: a second run on the same folder is refused at once with a clear
line (an advisory lock on ``season.lock`` beside the database, released by the system if the
holder dies); sqlite's own locking also makes a writer wait rather than corrupt the file.

A group is planned in a *round*: round ``r`` plans every pending group against the places held
by groups of earlier rounds, then accepts them in priority order while they still fit. Keeping
the round of each group is what lets an interrupted round be finished exactly as it would have
run (see ``season``).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from teatrip.batch.capacity import Hold
from teatrip.errors import BadInputError, TeatripError
from teatrip.formatting import say

__all__ = ["LEDGER_NAME", "GroupRecord", "Ledger", "LedgerBusyError"]

LEDGER_NAME = "season.sqlite"
_LOCK_NAME = "season.lock"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS groups (
    id TEXT PRIMARY KEY,
    spec TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'held', 'failed')),
    round INTEGER,
    record TEXT
);
CREATE TABLE IF NOT EXISTS holds (
    group_id TEXT NOT NULL REFERENCES groups(id),
    site TEXT NOT NULL,
    date TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    size INTEGER NOT NULL,
    kind TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS holds_by_group ON holds (group_id);
"""


class LedgerBusyError(BadInputError):
    """Another run holds the season's ledger."""


@dataclass(frozen=True)
class GroupRecord:
    """A group as the ledger keeps it: its state, round and the summary of its plan."""

    id: str
    spec: str
    status: str
    round: int | None
    record: dict[str, Any]


class Ledger:
    """The SQLite ledger of a season folder; use as a context manager (it holds the run lock)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LEDGER_NAME
        self._lock_fd: int | None = None
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> Ledger:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._lock()
        try:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            self._unlock()
            raise TeatripError(
                say(
                    "{path}: not a teatrip season ledger ({error})",
                    path=str(self.path),
                    error=str(error),
                )
            ) from None
        self._db = db
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self._unlock()

    def _lock(self) -> None:
        import fcntl

        fd = os.open(self.folder / _LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip()
            os.close(fd)
            who = f" (process {holder})" if holder else ""
            raise LedgerBusyError(
                f"{self.folder}: another teatrip batch run is planning this season{who}; "
                "wait for it to finish, then run again"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._lock_fd = fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None

    @property
    def db(self) -> sqlite3.Connection:
        assert self._db is not None, "use the ledger inside `with`"
        return self._db

    def _transaction(self) -> _Transaction:
        return _Transaction(self.db)

    # --- meta ---------------------------------------------------------------------------------

    def get(self, key: str, default: str = "") -> str:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return str(row[0]) if row else default

    def set(self, **values: str) -> None:
        with self._transaction():
            self.db.executemany(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                list(values.items()),
            )

    def created(self) -> dt.datetime:
        """When the season was first planned: the ``created`` time of every trip in it."""
        text = self.get("created")
        if not text:
            now = dt.datetime.now(dt.UTC).replace(microsecond=0)
            self.set(created=now.isoformat())
            return now
        return dt.datetime.fromisoformat(text)

    # --- groups -------------------------------------------------------------------------------

    def groups(self) -> dict[str, GroupRecord]:
        rows = self.db.execute("SELECT id, spec, status, round, record FROM groups ORDER BY id")
        return {
            row[0]: GroupRecord(row[0], row[1], row[2], row[3], json.loads(row[4] or "{}"))
            for row in rows
        }

    def add_pending(self, specs: Iterable[tuple[str, str]]) -> None:
        """Record groups to plan (new ones, or changed ones whose places are freed)."""
        with self._transaction():
            for group_id, spec in specs:
                self.db.execute("DELETE FROM holds WHERE group_id = ?", (group_id,))
                self.db.execute(
                    "INSERT INTO groups (id, spec, status) VALUES (?, ?, 'pending') "
                    "ON CONFLICT(id) DO UPDATE SET spec = excluded.spec, status = 'pending', "
                    "round = NULL, record = NULL",
                    (group_id, spec),
                )

    def free(self, group_ids: Iterable[str]) -> None:
        """Free the places of groups and mark them to be planned again."""
        with self._transaction():
            for group_id in group_ids:
                self.db.execute("DELETE FROM holds WHERE group_id = ?", (group_id,))
                self.db.execute(
                    "UPDATE groups SET status = 'pending', round = NULL, record = NULL "
                    "WHERE id = ?",
                    (group_id,),
                )

    def hold(
        self, group_id: str, status: str, round_: int, record: dict[str, Any], holds: list[Hold]
    ) -> None:
        """Record a planned (or failed) group and its places, all or nothing."""
        with self._transaction():
            self.db.execute("DELETE FROM holds WHERE group_id = ?", (group_id,))
            self.db.execute(
                "UPDATE groups SET status = ?, round = ?, record = ? WHERE id = ?",
                (status, round_, json.dumps(record, ensure_ascii=False, sort_keys=True), group_id),
            )
            self.db.executemany(
                "INSERT INTO holds (group_id, site, date, start, end, size, kind) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (h.group, h.site, h.date.isoformat(), h.start, h.end, h.size, h.kind)
                    for h in holds
                ],
            )

    def holds(self, *, before_round: int | None = None) -> list[Hold]:
        """Places held (by groups accepted before ``before_round``, when given)."""
        query = (
            "SELECT h.site, h.date, h.start, h.end, h.group_id, h.size, h.kind FROM holds h "
            "JOIN groups g ON g.id = h.group_id WHERE g.status = 'held'"
        )
        params: tuple[int, ...] = ()
        if before_round is not None:
            query += " AND g.round < ?"
            params = (before_round,)
        return sorted(
            Hold(site, dt.date.fromisoformat(date), start, end, group, size, kind)
            for site, date, start, end, group, size, kind in self.db.execute(query, params)
        )


class _Transaction:
    """``BEGIN IMMEDIATE`` ... ``COMMIT`` (``ROLLBACK`` on any error, Ctrl-C included)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
