"""Change capture for the hub: every write to every event table lands in the outbox with its
key, whatever wrote it, in the writer's transaction; the hub's own rows are not sent back."""

from __future__ import annotations

import datetime as dt
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.annulment import annul_scan
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.events import open_event
from expo_console.services.registration.visitors import (
    delete_visitor,
    register_visitor,
    update_visitor,
)
from expo_console.storage import sync_capture
from expo_console.storage.connection import EventStore
from support import TEST_STAMP, drop_tables_after_16

SEOUL = dt.timezone(dt.timedelta(hours=9))
DAY1 = dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL)


@pytest.fixture
def demo(event_templates, tmp_path: Path) -> EventStore:
    store = open_event(event_templates.demo(visitors=40).copy_to(tmp_path / "desk.expo"), TEST_STAMP)
    yield store
    store.close()


def captured(store: EventStore, after: int = 0) -> list[tuple[str, str, dict]]:
    return [(c.table, c.op, c.key) for c in sync_capture.pending(store.conn, after)]


def last_seq(store: EventStore) -> int:
    changes = sync_capture.pending(store.conn, 0, 1_000_000)
    return changes[-1].seq if changes else 0


def test_a_console_without_a_hub_keeps_no_outbox(demo: EventStore) -> None:
    register_visitor(demo, VisitorDraft(name="정다은", email="da@x.kr", consents=frozenset({Consent.REQUIRED})))
    assert not sync_capture.is_installed(demo.conn)
    assert demo.conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'sync_%'").fetchone()[0] == 0


def test_every_event_table_is_captured_and_services_writes_land_with_their_keys(demo: EventStore) -> None:
    with demo.write() as conn:
        tables = sync_capture.install(conn)
    assert {"visitors", "badges", "scans", "scan_annulments", "cancelled_badges", "audit_log", "event",
            "booths", "zones", "print_log", "desks"} <= set(tables)
    saved = register_visitor(demo, VisitorDraft(name="정다은", email="da@x.kr", consents=frozenset({Consent.REQUIRED})))
    visitor = saved.visitor_id
    assert ("visitors", "upsert", {"id": visitor}) in captured(demo)
    mark = last_seq(demo)
    update_visitor(demo, visitor, VisitorDraft(name="정다은", company="(주)다온", email="da@x.kr",
                                               consents=frozenset({Consent.REQUIRED})))
    assert ("visitors", "upsert", {"id": visitor}) in captured(demo, mark)
    code = issue_badge(demo, visitor)[0].code
    entrance = ScanContext(demo, Station("gate-1", find_gate(demo, "B홀 정문")["id"]))
    admitted = scan(entrance, code, now=DAY1)[0]
    assert ("scans", "upsert", {"id": admitted.scan_id}) in captured(demo)
    annul_scan(demo, admitted.scan_id, station="gate-1", reason="turned back", now=DAY1 + dt.timedelta(minutes=1))
    assert ("scan_annulments", "upsert", {"scan_id": admitted.scan_id}) in captured(demo)
    mark = last_seq(demo)
    badge_id = demo.conn.execute("SELECT id FROM badges WHERE visitor_id = ?", (visitor,)).fetchone()[0]
    serial = demo.conn.execute("SELECT serial, reissue FROM badges WHERE id = ?", (badge_id,)).fetchone()
    delete_visitor(demo, visitor, reason="registered twice")
    after_delete = captured(demo, mark)
    # the visitor and the badge the foreign key took with it travel as tombstones
    assert ("visitors", "delete", {"id": visitor}) in after_delete
    assert ("badges", "delete", {"id": badge_id}) in after_delete
    assert ("cancelled_badges", "upsert", {"serial": serial[0], "reissue": serial[1]}) in after_delete


def test_a_write_from_another_program_is_captured_and_a_rolled_back_one_is_not(demo: EventStore) -> None:
    with demo.write() as conn:
        sync_capture.install(conn)
    visitor = demo.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    mark = last_seq(demo)
    # the sqlite3 shell, a technician's script: another process, no Expo Console code
    script = (f"import sqlite3; c = sqlite3.connect({str(demo.path)!r}, timeout=10);"
              f" c.execute(\"UPDATE visitors SET title = 'CEO' WHERE id = '{visitor}'\"); c.commit()")
    subprocess.run([sys.executable, "-c", script], check=True, timeout=60)
    assert captured(demo, mark) == [("visitors", "upsert", {"id": visitor})]
    mark = last_seq(demo)
    with pytest.raises(sqlite3.IntegrityError), demo.write() as conn:
        conn.execute("UPDATE visitors SET title = 'CFO' WHERE id = ?", (visitor,))
        conn.execute("INSERT INTO visitors (id) VALUES (NULL)")  # fails: the whole write rolls back
    assert captured(demo, mark) == []


def test_rows_applied_from_the_hub_are_not_sent_back(demo: EventStore) -> None:
    with demo.write() as conn:
        sync_capture.install(conn)
    visitor = demo.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    mark = last_seq(demo)
    with demo.write() as conn, sync_capture.applying(conn):
        conn.execute("UPDATE visitors SET title = 'Director' WHERE id = ?", (visitor,))
    assert captured(demo, mark) == []
    with demo.write() as conn:
        conn.execute("UPDATE visitors SET title = 'Manager' WHERE id = ?", (visitor,))
    assert captured(demo, mark) == [("visitors", "upsert", {"id": visitor})]


def test_an_upgrade_that_rebuilds_tables_keeps_capturing(demo: EventStore, tmp_path: Path) -> None:
    with demo.write() as conn:
        sync_capture.install(conn)
    path = demo.path
    demo.close()
    conn = sqlite3.connect(path)  # the file as version 11 left it: v12's (and later) tables not there yet
    conn.execute("DROP TABLE operators")
    conn.execute("DROP TABLE scan_annulments")
    conn.execute("DROP TABLE cancelled_badges")
    drop_tables_after_16(conn)
    conn.execute("PRAGMA user_version = 11")
    conn.commit()
    conn.close()
    store = open_event(path, TEST_STAMP)
    try:
        visitor = store.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
        issue_badge(store, visitor)
        mark = last_seq(store)
        delete_visitor(store, visitor, reason="registered twice")
        assert any(table == "cancelled_badges" for table, _op, _key in captured(store, mark))
    finally:
        store.close()


def test_an_update_records_the_columns_it_changed_for_merging_per_field(demo: EventStore) -> None:
    with demo.write() as conn:
        sync_capture.install(conn)
    saved = register_visitor(demo, VisitorDraft(name="정다은", email="da@x.kr", consents=frozenset({Consent.REQUIRED})))
    [inserted] = [c for c in sync_capture.pending(demo.conn) if c.table == "visitors"]
    assert inserted.cols is None  # a new row: every column
    mark = last_seq(demo)
    update_visitor(demo, saved.visitor_id, VisitorDraft(name="정다은", company="(주)다온", email="da@x.kr",
                                                        consents=frozenset({Consent.REQUIRED})))
    [updated] = [c for c in sync_capture.pending(demo.conn, mark) if c.table == "visitors"]
    assert "company" in updated.cols and not {"name", "email", "phone"} & set(updated.cols)
    assert sync_capture.pending_columns(demo.conn, mark)[sync_capture.row_name("visitors", {"id": saved.visitor_id})] \
        >= {"company"}
