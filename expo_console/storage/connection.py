"""Opening an event file with SQLite's durability rules, and write transactions.

Rules (see ARCHITECTURE.md, "Storage rules"): WAL; on every connection `synchronous=FULL`,
`busy_timeout` and `foreign_keys=ON`; autocommit connections, and every write transaction starts
with `BEGIN IMMEDIATE`, because a deferred `BEGIN` that later writes fails with "database is
locked" at once instead of waiting for the busy timeout.

Never open an event file with plain `open()` while this process may have it open in SQLite:
closing any descriptor of a file drops every POSIX lock the process holds on it, including the
shared lock that tells other processes the WAL is in use. The next process to close its own
connection then checkpoints and deletes the WAL under us, and every later write of ours goes to
a deleted file: lost. (Workers open a second connection to the same file, so this is every
session.) The header check therefore goes through SQLite, which shares one descriptor per file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from expo_console.storage.schema import (
    APPLICATION_ID,
    MATCH_INDEXES,
    MIGRATION_FUNCTIONS,
    MIGRATIONS,
    SCHEMA_VERSION,
)

BUSY_TIMEOUT_MS = 5000


class EventFileError(Exception):
    """An event file that cannot be used; the message says what to do about it."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def utc_stamp(moment: datetime) -> str:
    """A moment as stored: UTC, millisecond precision, sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def parse_utc_stamp(text: str) -> datetime:
    """A stored stamp back to an aware moment."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def utc_now() -> str:
    return utc_stamp(datetime.now(UTC))


@dataclass(frozen=True, slots=True)
class Stamp:
    """Who is writing: the desk (a machine at the event) and the operator at it."""

    desk_id: str
    operator: str


class EventStore:
    """One open event file. Reads go through `db`; writes through `write()`."""

    def __init__(self, path: Path, conn: sqlite3.Connection, stamp: Stamp) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.stamp = stamp

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
        except BaseException:
            # Some errors (SQLITE_FULL, SQLITE_IOERR) end the transaction themselves: a second
            # ROLLBACK would fail and hide the error that matters.
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            raise

    def stamps(self, *, created: bool = True) -> dict[str, str]:
        now = utc_now()
        values = {"desk_id": self.stamp.desk_id, "updated_at": now}
        if created:
            values["created_at"] = now
        return values

    def close(self) -> None:
        self.conn.close()


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")


def _raw_connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    _configure(conn)
    return conn


def open_event_file(path: Path | str, stamp: Stamp, *, create: bool = False) -> EventStore:
    """Open (or with create=True, create) an event file, upgrading an older schema.

    Refuses, with an EventFileError that says what to do: a missing file, a file that is not an
    event file, a file written by a newer Expo Console, and a damaged file.
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise EventFileError("is_directory", f"{path} is a folder, not an event file. Choose a .expo file.")
    is_new = not path.exists() or path.stat().st_size == 0
    if is_new and not create:
        raise EventFileError("missing", f"There is no event file at {path}. Check the path, or create a new event.")
    if is_new:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn: sqlite3.Connection | None = None
    try:
        conn = _raw_connect(path)
        conn.execute("PRAGMA schema_version")  # reads the header, through SQLite (see the module's note)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if "not a database" in str(exc):
            raise EventFileError(
                "not_event_file",
                f"{path} is not an Expo Console event file. Open a .expo file made by Expo Console.",
            ) from exc
        raise EventFileError("unreadable", f"{path} could not be read as an event file ({exc}). "
                                           "Check the file's permissions, or restore it from a backup.") from exc
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        store = EventStore(path, conn, stamp)
        _check_and_migrate(store, is_new=is_new)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise EventFileError(
            "unreadable",
            f"{path} could not be read as an event file ({exc}). Restore it from a backup.",
        ) from exc
    return store


def _check_and_migrate(store: EventStore, *, is_new: bool) -> None:
    conn = store.conn
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
    if not is_new and (app_id != APPLICATION_ID) and has_tables:
        store.close()
        raise EventFileError(
            "not_event_file",
            f"{store.path} is an SQLite database but not an Expo Console event file. "
            "Open a .expo file made by Expo Console.",
        )
    if version > SCHEMA_VERSION:
        store.close()
        raise EventFileError(
            "newer_version",
            f"{store.path} was written by a newer Expo Console (file version {version}, this "
            f"program reads up to {SCHEMA_VERSION}). Update Expo Console to open it.",
        )
    if not is_new:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
        if result != "ok":
            store.close()
            raise EventFileError(
                "damaged",
                f"{store.path} is damaged ({result}). Restore the latest backup of this event.",
            )
    if version < SCHEMA_VERSION:
        _migrate(store, version)
    ensure_match_indexes(store)


def ensure_match_indexes(store: EventStore) -> None:
    """Recreate duplicate-matching indexes a bulk import dropped (e.g. it was killed midway)."""
    present = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    missing = [name for name in MATCH_INDEXES if name not in present]
    if missing:
        with store.write() as conn:
            for name in missing:
                conn.execute(f"CREATE INDEX IF NOT EXISTS {name} {MATCH_INDEXES[name]}")


def drop_match_indexes(store: EventStore) -> None:
    with store.write() as conn:
        for name in MATCH_INDEXES:
            conn.execute(f"DROP INDEX IF EXISTS {name}")


def _migrate(store: EventStore, from_version: int) -> None:
    conn = store.conn
    for name, (arguments, function) in MIGRATION_FUNCTIONS.items():
        conn.create_function(name, arguments, function, deterministic=True)
    # A migration that rewrites a table to drop data (v6: badge codes) must not leave the old
    # rows readable in free pages: secure_delete zeroes every page it frees, and the checkpoint
    # below writes those zeroed pages over the old ones in the file and empties the WAL.
    secure_delete = conn.execute("PRAGMA secure_delete").fetchone()[0]
    conn.execute("PRAGMA secure_delete = ON")
    try:
        with store.write():
            # Re-read inside the lock: another process may have migrated meanwhile.
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            for version in range(current, SCHEMA_VERSION):
                for statement in MIGRATIONS[version]:
                    conn.execute(statement)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    finally:
        conn.execute(f"PRAGMA secure_delete = {secure_delete}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def backup_to(store: EventStore, target: Path) -> None:
    """Copy the live file safely (backup API) and verify the copy with integrity_check."""
    dest = sqlite3.connect(str(target))
    try:
        store.conn.backup(dest)
        result = dest.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        dest.close()
    if result != "ok":
        raise EventFileError("backup_failed", f"The backup at {target} failed its integrity check ({result}).")
