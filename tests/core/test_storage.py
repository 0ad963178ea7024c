from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.services.events import EventDetails, create_event, open_event
from expo_console.storage.connection import EventFileError, EventStore, backup_to, open_event_file
from expo_console.storage.schema import SCHEMA_VERSION
from support import TEST_STAMP


def test_connection_follows_the_storage_rules(store: EventStore) -> None:
    conn = store.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert conn.isolation_level is None  # autocommit; writes use BEGIN IMMEDIATE


def test_write_rolls_back_on_error(store: EventStore) -> None:
    with pytest.raises(RuntimeError), store.write() as conn:
        conn.execute("UPDATE event SET name = 'changed'")
        raise RuntimeError("boom")
    assert store.conn.execute("SELECT name FROM event").fetchone()[0] == "테스트 전시회"


def test_write_transaction_takes_the_lock_at_begin(store: EventStore, event_path: Path) -> None:
    other = sqlite3.connect(event_path, isolation_level=None, timeout=0.05)
    with store.write(), pytest.raises(sqlite3.OperationalError, match="locked"):
        other.execute("BEGIN IMMEDIATE")
    other.execute("BEGIN IMMEDIATE")
    other.execute("ROLLBACK")
    other.close()


def test_reopening_keeps_data_and_version(store: EventStore, event_path: Path) -> None:
    store.close()
    reopened = open_event(event_path, TEST_STAMP)
    assert reopened.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert reopened.conn.execute("SELECT name FROM event").fetchone()[0] == "테스트 전시회"
    reopened.close()


def test_file_from_a_newer_version_is_refused_untouched(store: EventStore, event_path: Path) -> None:
    store.conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    store.close()
    with pytest.raises(EventFileError, match="newer Expo Console") as info:
        open_event(event_path, TEST_STAMP)
    assert info.value.code == "newer_version"
    conn = sqlite3.connect(event_path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1
    conn.close()


def test_other_sqlite_database_is_not_an_event_file(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (x)")
    conn.commit()
    conn.close()
    with pytest.raises(EventFileError, match="not an Expo Console event file"):
        open_event_file(path, TEST_STAMP)


def test_text_file_is_not_an_event_file(tmp_path: Path) -> None:
    path = tmp_path / "visitors.expo"
    path.write_text("성명,이메일\n", encoding="utf-8")
    with pytest.raises(EventFileError, match="not an Expo Console event file"):
        open_event_file(path, TEST_STAMP)
    assert path.read_text(encoding="utf-8") == "성명,이메일\n"


def test_missing_file_says_what_to_do(tmp_path: Path) -> None:
    with pytest.raises(EventFileError, match="create a new event"):
        open_event(tmp_path / "nothing.expo", TEST_STAMP)


def test_damaged_file_is_refused_at_quick_check(store: EventStore, event_path: Path) -> None:
    with store.write() as conn:
        conn.executemany("INSERT INTO desks (id, name, first_seen_at, last_seen_at) VALUES (?, '', 'x', 'x')",
                         [(f"d{i}" * 50,) for i in range(300)])
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(event_path.read_bytes())
    page_size = 4096
    # Scribble over an interior page of the desks table (not the header page).
    start = page_size * (len(data) // page_size - 2)
    data[start + 8:start + 400] = b"\xff" * 392
    event_path.write_bytes(bytes(data))
    with pytest.raises(EventFileError) as info:
        open_event(event_path, TEST_STAMP)
    assert info.value.code in ("damaged", "unreadable")
    assert "backup" in str(info.value)


def test_new_event_refuses_to_overwrite(store: EventStore, event_path: Path) -> None:
    with pytest.raises(EventFileError, match="already exists"):
        create_event(event_path, EventDetails("x", "2022-10-04", "2022-10-05"), TEST_STAMP)


def test_scans_are_append_only(store: EventStore) -> None:
    with store.write() as conn:
        conn.execute("INSERT INTO scans (id, scanned_at, station, direction, unreadable_input, verdict, desk_id)"
                     " VALUES ('s1', 't', 'st', 'in', '123', 'admitted', 'd')")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as conn:
        conn.execute("UPDATE scans SET verdict = 'forged'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), store.write() as conn:
        conn.execute("DELETE FROM scans")


def test_backup_is_a_verified_copy(store: EventStore, tmp_path: Path) -> None:
    target = tmp_path / "backup.expo"
    backup_to(store, target)
    reopened = open_event(target, TEST_STAMP)
    assert reopened.conn.execute("SELECT name FROM event").fetchone()[0] == "테스트 전시회"
    reopened.close()


def test_every_desk_that_opens_the_file_is_recorded(store: EventStore, event_path: Path) -> None:
    store.close()
    from expo_console.storage.connection import Stamp
    other = open_event(event_path, Stamp("desk-2", "kim", "organizer"))
    desks = {r[0] for r in other.conn.execute("SELECT id FROM desks")}
    assert desks == {TEST_STAMP.desk_id, "desk-2"}
    other.close()


def _other_process(path: Path, sql: str) -> str:
    """Another desk's process (or the CLI) opens the file, reads, and closes it."""
    script = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0]); c.close()"
    return subprocess.run([sys.executable, "-c", script, str(path), sql], capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


def test_reopening_in_this_process_leaves_no_way_for_another_process_to_lose_our_writes(
        store: EventStore, event_path: Path) -> None:
    # A worker opens the file again (the registration list does at every start) and closes it.
    open_event(event_path, TEST_STAMP).close()
    _other_process(event_path, "SELECT count(*) FROM desks")  # its close must not delete our WAL
    with store.write() as conn:
        conn.execute("INSERT INTO desks (id, name, first_seen_at, last_seen_at) VALUES ('late', '', 'x', 'x')")
    assert _other_process(event_path, "SELECT count(*) FROM desks WHERE id = 'late'") == "1"
    store.close()
    assert _other_process(event_path, "SELECT count(*) FROM desks WHERE id = 'late'") == "1"


def test_a_version_1_file_is_upgraded_keeping_its_data(tmp_path: Path) -> None:
    from expo_console.storage.schema import APPLICATION_ID, MIGRATIONS

    path = tmp_path / "old.expo"
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("PRAGMA user_version = 1")
    stamps = "'d', 't', 't'"
    conn.execute(f"INSERT INTO event (id, name, starts_on, ends_on, desk_id, created_at, updated_at)"
                 f" VALUES ('e', '옛 행사', '2022-10-04', '2022-10-07', {stamps})")
    conn.execute(f"INSERT INTO visitors (id, name, desk_id, created_at, updated_at) VALUES ('v', '김', {stamps})")
    conn.execute(f"INSERT INTO badges (id, visitor_id, serial, code, desk_id, created_at, updated_at)"
                 f" VALUES ('b', 'v', 7, '123', {stamps})")
    conn.close()
    upgraded = open_event(path, TEST_STAMP)
    assert upgraded.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    # A code no Expo Console wrote ('123') cannot be taken apart: the row stays, with no key.
    assert upgraded.conn.execute("SELECT serial, key_id FROM badges").fetchone() == (7, 0)
    number = upgraded.conn.execute("SELECT badge_event_number FROM event").fetchone()[0]
    assert 0 <= number <= 99_999
    assert upgraded.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    upgraded.close()
