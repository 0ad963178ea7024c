"""Opening an event file with SQLite's durability rules, and write transactions.

Rules (see docs/architecture.md, 5): WAL; on every connection `synchronous=FULL`,
`busy_timeout`, `foreign_keys=ON` and `secure_delete=ON`; autocommit connections, and every write transaction starts
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

import os
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from expo_console.storage import sync_capture
from expo_console.storage.persistent_wal import keep_wal_files
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
    """Who is writing: the desk (a machine at the event) and the operator at it, with the role
    they signed in with (None: nobody signed in, and the services refuse what needs a role)."""

    desk_id: str
    operator: str
    role: str | None = None


class EventStore:
    """One open event file. Reads go through `db`; writes through `write()`.

    A store opened read-only (`read_only`) refuses every write with an EventFileError that says
    so, before SQLite is asked. Every store checks before each write that its WAL is still the
    file it opened (see `_check_wal`).
    """

    def __init__(self, path: Path, conn: sqlite3.Connection, stamp: Stamp, *, read_only: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self.stamp = stamp
        self.read_only = read_only
        self._wal: tuple[int, int] | None = None  # the WAL file this connection writes to, once known
        self._wal_name = str(_wal_path(path))  # stat()ed before every write: a scan's hot path
        # an erasure's WAL that a reader elsewhere kept from being emptied: tried again after
        # each write and at close (see overwrite_wal)
        self.wal_to_overwrite = False
        _OPEN_STORES.add(self)

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: BEGIN IMMEDIATE, COMMIT on success, ROLLBACK on any error."""
        if self.read_only:
            raise EventFileError("read_only", f"{self.path} is open read-only: nothing can be changed in it. "
                                              "Copy the file to a writable folder and open the copy to make changes.")
        self._check_wal()
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise explained(exc, self.path) from exc
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
        if self.wal_to_overwrite:
            self.wal_to_overwrite = not _checkpoint_truncate(self.conn)

    def remember_wal(self) -> None:
        """Note which file the WAL is, once the open has read the event (SQLite opened it then)."""
        if not self.read_only:
            self._wal = _identity(self._wal_name)

    def _check_wal(self) -> None:
        """Refuse to write when the WAL was deleted or replaced under this connection.

        That happens only when this process lost its POSIX locks (something closed a descriptor
        of the file outside SQLite) and another process then closed the event: a write now
        would go to a deleted file and be lost, or corrupt the file at the next checkpoint.
        Nothing is written; the connection is opened again when no other connection of this
        process holds the file (SQLite shares their WAL index, which is stale too).
        """
        if self._wal is None or _identity(self._wal_name) == self._wal:
            return
        others = any(store is not self and store.path == self.path for store in list(_OPEN_STORES))
        message = (f"Another program removed the journal of {self.path} while this desk had it open, so this "
                   "change was not saved. ")
        if others:
            self._wal = (-1, -1)  # stays refused until the event is opened again
            raise EventFileError("journal_lost", message + "Close the event and open it again (or restart Expo "
                                 "Console), then repeat the change. Keep file managers, backup and sync tools "
                                 "away from the event's folder while it is open.")
        self.conn.close()
        self.conn = _raw_connect(self.path)
        self.db = sqlite_utils.Database(self.conn)
        self.conn.execute("PRAGMA schema_version")  # opens the new WAL, so that it can be remembered
        self.remember_wal()
        raise EventFileError("journal_lost", message + "The desk has reconnected to the file: repeat the change. "
                             "Keep file managers, backup and sync tools away from the event's folder while it is "
                             "open.")

    def stamps(self, *, created: bool = True) -> dict[str, str]:
        now = utc_now()
        values = {"desk_id": self.stamp.desk_id, "updated_at": now}
        if created:
            values["created_at"] = now
        return values

    def close(self) -> None:
        _OPEN_STORES.discard(self)
        if self.wal_to_overwrite:
            _checkpoint_truncate(self.conn)
        self.conn.close()


# Every store open in this process: the WAL check must know whether it is alone on its file, and
# the file dialogs refuse to hand an open event's files to code that would open() them.
_OPEN_STORES: weakref.WeakSet[EventStore] = weakref.WeakSet()


def _wal_path(path: Path) -> Path:
    return path.with_name(path.name + "-wal")


def _identity(path: Path | str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def is_open_event_file(path: Path | str) -> bool:
    """Whether `path` is an event file this process has open, or one of its -wal, -shm or -journal."""
    target = os.path.realpath(path)
    for store in list(_OPEN_STORES):
        base = os.path.realpath(store.path)
        if target in (base, base + "-wal", base + "-shm", base + "-journal"):
            return True
    return False


def explained(exc: sqlite3.Error, path: Path) -> Exception:
    """SQLite's terse errors as an EventFileError that says what to do (others as they are)."""
    text = str(exc)
    if not isinstance(exc, sqlite3.OperationalError):
        return exc
    if "locked" in text or "busy" in text:
        return EventFileError("locked", f"{path} is busy: another program has been writing to it for over "
                                        f"{BUSY_TIMEOUT_MS // 1000} s. Wait a moment and try again; if it stays busy, "
                                        "close the other desks or programs that have this event open.")
    if "disk is full" in text or "database or disk is full" in text:
        return EventFileError("disk_full", f"The disk holding {path} is full: nothing was saved. Free some space "
                                           "and try again.")
    if "readonly" in text or "read-only" in text:
        return EventFileError("read_only", f"{path} cannot be written (read-only file or folder). Open it read-only, "
                                           "or copy it to a writable folder.")
    return exc


def _configure(conn: sqlite3.Connection) -> None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA synchronous = FULL")
    # Deleted rows are overwritten with zeros, whatever the platform's SQLite was built with: an
    # erased visitor's name, phone and e-mail do not stay readable in the file's free pages.
    conn.execute("PRAGMA secure_delete = ON")


def _raw_connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        return _read_only_connect(path)
    conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    _configure(conn)
    keep_wal_files(conn, path)
    return conn


def _read_only_connect(path: Path) -> sqlite3.Connection:
    """mode=ro; on read-only media without the WAL index (-shm), which SQLite cannot create
    there, the file is opened as immutable: nothing can change it, and there is no WAL to read."""
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", isolation_level=None, check_same_thread=False,
                           timeout=BUSY_TIMEOUT_MS / 1000, uri=True)
    try:
        conn.execute("PRAGMA schema_version")
    except sqlite3.OperationalError:
        conn.close()
        wal = _wal_path(path)
        if not path.with_name(path.name + "-shm").exists() and not (wal.exists() and wal.stat().st_size > 0):
            conn = sqlite3.connect(f"{uri}?immutable=1", isolation_level=None, check_same_thread=False, uri=True)
        else:
            raise
    _configure(conn)
    return conn


def open_event_file(path: Path | str, stamp: Stamp, *, create: bool = False, read_only: bool = False) -> EventStore:
    """Open (or with create=True, create) an event file, upgrading an older schema.

    With read_only=True nothing is written, ever: no upgrade, no index repair, and the store
    refuses writes. Refuses, with an EventFileError that says what to do: a missing or empty
    file, a file that is not an event file, a file written by a newer Expo Console, a damaged
    file, and (read-only) a file that needs an upgrade first.
    """
    path = Path(path)
    if path.exists() and path.is_dir():
        raise EventFileError("is_directory", f"{path} is a folder, not an event file. Choose a .expo file.")
    exists = path.exists()
    is_new = not exists or path.stat().st_size == 0
    if exists and is_new and not create:
        raise EventFileError("empty", f"{path} is empty (0 bytes): it holds no event, perhaps from a copy that "
                                      "failed. Restore the event from a backup, or delete this file and create a "
                                      "new event.")
    if is_new and not create:
        raise EventFileError("missing", f"There is no event file at {path}. Check the path, or create a new event.")
    if is_new:
        path.parent.mkdir(parents=True, exist_ok=True)
    conn: sqlite3.Connection | None = None
    try:
        conn = _raw_connect(path, read_only=read_only and not is_new)
        conn.execute("PRAGMA schema_version")  # reads the header, through SQLite (see the module's note)
    except sqlite3.DatabaseError as exc:
        if conn is not None:
            conn.close()
        if "not a database" in str(exc):
            raise EventFileError(
                "not_event_file",
                f"{path} is not an Expo Console event file. Open a .expo file made by Expo Console.",
            ) from exc
        if isinstance(explained(exc, path), EventFileError):  # locked, disk full, read-only
            raise explained(exc, path) from exc
        if not read_only and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise explained(sqlite3.OperationalError("readonly"), path) from exc
        raise EventFileError("unreadable", f"{path} could not be read as an event file ({exc}). "
                                           "Check the file's permissions, or restore it from a backup.") from exc
    try:
        if not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
        store = EventStore(path, conn, stamp, read_only=read_only)
        _check_and_migrate(store, is_new=is_new)
    except sqlite3.DatabaseError as exc:
        conn.close()
        if isinstance(explained(exc, path), EventFileError):  # locked, disk full, read-only
            raise explained(exc, path) from exc
        raise EventFileError(
            "unreadable",
            f"{path} could not be read as an event file ({exc}). Restore it from a backup.",
        ) from exc
    store.remember_wal()
    return store


def reopen(store: EventStore) -> EventStore:
    """Another connection to an open event, for a worker thread: same file, mode and desk, and
    none of the opening checks (the store's own open made them)."""
    other = EventStore(store.path, _raw_connect(store.path, read_only=store.read_only), store.stamp,
                       read_only=store.read_only)
    other.remember_wal()
    return other


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
    if version < SCHEMA_VERSION and store.read_only:
        store.close()
        raise EventFileError("needs_upgrade", f"{store.path} was written by an older Expo Console (file version "
                                              f"{version}) and must be upgraded before it can be read. Open it once "
                                              "with write access (a copy in a writable folder will do).")
    if version < SCHEMA_VERSION:
        _migrate(store, version)
    if not store.read_only:
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
            sync_capture.reinstall_if_enabled(conn)  # a rebuilt table lost its capture triggers
    finally:
        conn.execute(f"PRAGMA secure_delete = {secure_delete}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def overwrite_wal(store: EventStore) -> bool:
    """Write the WAL's pages into the file and empty it: after an erasure, the WAL's older copies
    of the erased rows' pages are gone too. False when a reader elsewhere (another window, a
    report) kept a snapshot that needs them past the busy timeout: the store tries again after
    its next write and when it closes, and the caller says so."""
    if store.read_only:
        return True
    store.wal_to_overwrite = not _checkpoint_truncate(store.conn)
    return not store.wal_to_overwrite


def _checkpoint_truncate(conn: sqlite3.Connection) -> bool:
    busy, _frames, _done = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return int(busy) == 0


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


def set_durable(conn: sqlite3.Connection, durable: bool) -> None:
    """synchronous=FULL (the rule) or NORMAL: only for a simulated day, which can be played again."""
    conn.execute(f"PRAGMA synchronous = {'FULL' if durable else 'NORMAL'}")
