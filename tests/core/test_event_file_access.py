"""How the event file is opened: writes that never go to a deleted WAL, reads that never write.

Issue 11, items 1 (defence in depth) and 6: a process that lost its POSIX locks keeps writing
to the files everyone reads; a WAL replaced under a connection stops its writes; commands that
only read open the file read-only, so a lock held elsewhere, a read-only folder or a zero-byte
file gets a sentence, not a traceback.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import open_event
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage.connection import EventFileError, EventStore, open_event_file
from support import TEST_STAMP


def cli(*args: str, read_only_media: Path | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "expo_console", *args]
    if read_only_media is not None and os.geteuid() == 0:
        # root writes through permissions: mount the folder read-only for this one command,
        # as a write-protected stick or a CD would be
        command = ["unshare", "-m", "sh", "-c", 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0"'
                   ' && exec "$@"', str(read_only_media), *command]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd="/")


def walk_in(store: EventStore, n: int) -> None:
    register_visitor(store, VisitorDraft(name=f"방문{n}", email=f"v{n}@example.com",
                                         consents=frozenset({Consent.REQUIRED})))


def names(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {row[0] for row in conn.execute("SELECT name FROM visitors")}
    finally:
        conn.close()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = tmp_path / "event" / "demo.expo"
    create_demo_event(path, TEST_STAMP, visitors=30).close()
    return path


def test_a_desk_that_lost_its_locks_keeps_writing_where_everyone_reads(demo: Path) -> None:
    store = open_event(demo, TEST_STAMP)
    walk_in(store, 1)
    # What Qt's dialogs did: open and close a descriptor of the file, dropping our locks.
    os.close(os.open(demo, os.O_RDONLY))
    os.close(os.open(f"{demo}-shm", os.O_RDONLY))
    other = cli("import", "--db", str(demo), str(_list(demo.parent, 3)))  # opens, writes, closes
    assert other.returncode == 0, other.stderr
    assert Path(f"{demo}-wal").exists()  # the other process left the WAL in place
    walk_in(store, 2)
    store.close()
    assert {"방문1", "방문2", "옆창구0", "옆창구2"} <= names(demo)


def test_a_wal_deleted_under_the_store_stops_the_write_and_the_next_one_lands(demo: Path) -> None:
    store = open_event(demo, TEST_STAMP)
    walk_in(store, 1)
    # What another process did once our locks were gone: checkpoint, then delete WAL and index.
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{demo}{suffix}").unlink()
    with pytest.raises(EventFileError) as refused:
        walk_in(store, 2)
    assert refused.value.code == "journal_lost" and "was not saved" in str(refused.value)
    walk_in(store, 3)  # the store reconnected: the operator repeats the change
    store.close()
    assert {"방문1", "방문3"} <= names(demo) and "방문2" not in names(demo)


def test_a_wal_replaced_while_a_worker_shares_the_file_is_refused_until_reopened(demo: Path) -> None:
    store = open_event(demo, TEST_STAMP)
    worker = open_event_file(demo, TEST_STAMP)
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for suffix in ("-wal", "-shm"):
        Path(f"{demo}{suffix}").unlink()
    for _ in range(2):
        with pytest.raises(EventFileError, match="open it again"):
            walk_in(store, 9)
    worker.close()
    store.close()
    assert "방문9" not in names(demo)


@pytest.mark.slow
def test_commands_that_only_read_write_nothing(demo: Path, tmp_path: Path) -> None:
    before = sqlite3.connect(demo).execute("SELECT count(*), max(last_seen_at) FROM desks").fetchone()
    out = tmp_path / "out"
    out.mkdir()
    for args in (["info"], ["gates"], ["verify", "123"], ["traffic", "--at", "2022-10-04T12:00:00+09:00"],
                 ["report", "--day", "2022-10-04", "--out", str(out / "r.pdf")], ["layout", "check"],
                 ["layout", "export", "--out", str(out / "plan.json")]):
        result = cli(*args[:1], *(["--db", str(demo)] if args[0] != "layout" else []), *args[1:],
                     *(["--db", str(demo)] if args[0] == "layout" else []))
        assert result.returncode == 0, (args, result.stderr)
    after = sqlite3.connect(demo).execute("SELECT count(*), max(last_seen_at) FROM desks").fetchone()
    assert after == before


@pytest.mark.slow
def test_info_answers_while_another_program_holds_the_write_lock(demo: Path) -> None:
    holder = sqlite3.connect(demo, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("UPDATE event SET venue = venue")
    try:
        started = time.monotonic()
        info = cli("info", "--db", str(demo))
        assert info.returncode == 0, info.stderr
        assert json.loads(info.stdout)["read_only"] is True
        assert time.monotonic() - started < 4  # read at once, not after the 5 s busy timeout
        blocked = cli("import", "--db", str(demo), str(_list(demo.parent, 1)))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert blocked.returncode == 1
    assert "Traceback" not in blocked.stderr and "busy" in blocked.stderr and "try again" in blocked.stderr


def test_a_zero_byte_event_file_is_called_empty(tmp_path: Path) -> None:
    empty = tmp_path / "copy.expo"
    empty.touch()
    result = cli("info", "--db", str(empty))
    assert result.returncode == 1 and "empty (0 bytes)" in result.stderr and "backup" in result.stderr
    with pytest.raises(EventFileError) as refused:
        open_event(empty, TEST_STAMP)
    assert refused.value.code == "empty"


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
@pytest.mark.parametrize("copied", [("",), ("", "-wal", "-shm")], ids=["file alone", "with its WAL and index"])
def test_an_event_on_read_only_media_can_be_browsed_and_exported(demo: Path, tmp_path: Path, copied) -> None:
    if os.geteuid() == 0 and subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("root, and no mount namespace to make a read-only folder in")
    media = tmp_path / "media"
    media.mkdir()
    copy = media / "demo.expo"
    for suffix in copied:  # a closed event's WAL and index stay beside it (PERSIST_WAL), or were left behind
        shutil.copy(f"{demo}{suffix}", f"{copy}{suffix}")
    out = tmp_path / "out"
    out.mkdir()
    for item in media.iterdir():
        os.chmod(item, 0o444)
    os.chmod(media, 0o555)
    try:
        info = cli("info", "--db", str(copy), read_only_media=media)
        assert info.returncode == 0, info.stderr
        assert json.loads(info.stdout)["visitors"] == 30 and json.loads(info.stdout)["read_only"] is True
        exported = cli("export", "visitors", "--db", str(copy), "--out", str(out / "v.csv"), read_only_media=media)
        assert exported.returncode == 0, exported.stderr
        assert json.loads(exported.stdout)["logged"] is False and (out / "v.csv").exists()
        unmasked = cli("export", "visitors", "--db", str(copy), "--out", str(out / "u.csv"), "--unmask",
                       "--reason", "the organizer calls no-shows", read_only_media=media)
        assert unmasked.returncode == 1 and "logged" in unmasked.stderr and not (out / "u.csv").exists()
        refused = cli("import", "--db", str(copy), str(_list(out, 1)), read_only_media=media)
        assert refused.returncode == 1 and "Traceback" not in refused.stderr
        assert "read-only" in refused.stderr
    finally:
        os.chmod(media, 0o755)


def test_a_read_only_open_refuses_every_write_before_sqlite_is_asked(demo: Path) -> None:
    store = open_event(demo, TEST_STAMP, read_only=True)
    try:
        with pytest.raises(EventFileError) as refused:
            walk_in(store, 1)
        assert refused.value.code == "read_only" and "read-only" in str(refused.value)
    finally:
        store.close()


def _list(folder: Path, rows: int) -> Path:
    path = folder / f"list-{rows}.csv"
    path.write_text("성명,이메일\n" + "".join(f"옆창구{i},side{i}@example.com\n" for i in range(rows)),
                    encoding="utf-8")
    os.chmod(path, 0o644)
    return path
