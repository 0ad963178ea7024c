"""Erasure that is complete (issue 21): a deleted person's name, phone and e-mail are in neither
the event file, nor its WAL, nor a backup made afterwards; their scans and the access records
about them keep a pseudonym, with the free text that named them redacted; and every figure of
the day stays as it was."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from expo_console.domain.checkin import Verdict
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.registration.visitors import (
    delete_visitor,
    register_visitor,
    reveal_phone,
    set_blocked,
)
from expo_console.services.traffic.day import TrafficDay
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, backup_to
from support import TEST_STAMP

SEOUL = dt.timezone(dt.timedelta(hours=9))
NAME, PHONE, EMAIL = "홍길순지움", "010-9876-5432", "gilsun.erase@example.kr"


@pytest.fixture
def demo(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=20)
    yield store
    store.close()


def traces(path: Path) -> list[str]:
    """Which of the person's details the file's raw bytes still hold."""
    raw = path.read_bytes() if path.exists() else b""
    return [text for text in (NAME, PHONE, "01098765432", EMAIL) if text.encode() in raw]


def test_a_deleted_person_leaves_no_trace_in_the_file_its_wal_or_a_backup_and_the_figures_stay(
        demo: EventStore, tmp_path: Path) -> None:
    person = register_visitor(demo, VisitorDraft(name=NAME, company="(주)지움", phone=PHONE, email=EMAIL,
                                                 consents=frozenset({Consent.REQUIRED}))).visitor_id
    code = issue_badge(demo, person)[0].code
    gate = ScanContext(demo, Station("entrance-1", find_gate(demo, "B홀 정문")["id"]))
    at = dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL)
    assert scan(gate, code, now=at)[0].verdict is Verdict.ADMITTED
    reveal_phone(demo, person, reason=f"{NAME} 님이 분실물 연락을 요청")  # free text naming them
    set_blocked(demo, person, True, f"{NAME} 님 소란")
    set_blocked(demo, person, False)
    before = TrafficDay(demo, at.date(), now=at + dt.timedelta(hours=1)).snapshot()
    assert traces(demo.path) or traces(Path(f"{demo.path}-wal"))  # the details are there before

    delete_visitor(demo, person, reason="asked to be removed")

    backup = tmp_path / "after.expo"
    backup_to(demo, backup)
    for path in (demo.path, Path(f"{demo.path}-wal"), backup):
        assert traces(path) == [], path
    # the day's figures are the same: the scan still counts, under a pseudonym, with its class
    after = TrafficDay(demo, at.date(), now=at + dt.timedelta(hours=1)).snapshot()
    assert (after.hall.entries, after.hall.unique_visitors, after.hall.occupancy) == (
        before.hall.entries, before.hall.unique_visitors, before.hall.occupancy)
    [scanned] = demo.conn.execute("SELECT visitor_id FROM scans WHERE badge_serial IS NOT NULL"
                                  " AND visitor_id LIKE 'erased-%'").fetchall()
    assert demo.conn.execute("SELECT count(*) FROM scans WHERE visitor_id = ?", (person,)).fetchone()[0] == 0
    # the access records keep who did what and when, about the pseudonym, the reasons redacted
    assert audit_repo.entries(demo.conn, person) == []
    about = audit_repo.entries(demo.conn, scanned[0])
    assert [e["action"] for e in about] == ["create", "issue_badge", "reveal_phone", "block", "unblock", "delete"]
    assert about[2]["detail"]["reason"] == about[3]["detail"]["reason"] == "[erased]"
    assert about[-1]["detail"]["reason"] == "asked to be removed"
    # their badge is refused at the gate as cancelled, not taken for another desk's
    assert scan(gate, code, now=at + dt.timedelta(hours=2))[0].verdict is Verdict.CANCELLED


def test_the_scans_and_the_access_records_stay_append_only_but_for_an_erasure(demo: EventStore) -> None:
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError, match="append-only"), demo.write() as conn:
        conn.execute("UPDATE audit_log SET operator = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"), demo.write() as conn:
        conn.execute("DELETE FROM audit_log")
    visitor = demo.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    gate = ScanContext(demo, Station("entrance-1", find_gate(demo, "B홀 정문")["id"]))
    scan(gate, issue_badge(demo, visitor)[0].code, now=dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL))
    for change in ("visitor_id = 'someone-else'", "verdict = 'forged', visitor_id = 'erased-x'"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), demo.write() as conn:
            conn.execute(f"UPDATE scans SET {change}")


OLD_NAME, OLD_PHONE = "홍길순옛이름", "010-3333-4444"


def updated_by_an_import(store: EventStore, tmp_path: Path) -> str:
    """A visitor registered under an old name and phone, then corrected by a list's import, whose
    access record keeps each changed field as [before, after]."""
    from expo_console.services.importing.importer import import_file

    person = register_visitor(store, VisitorDraft(name=OLD_NAME, phone=OLD_PHONE, email=EMAIL,
                                                  consents=frozenset({Consent.REQUIRED}))).visitor_id
    listed = tmp_path / "list.csv"
    listed.write_text(f"성명,휴대폰,이메일\n{NAME},{PHONE},{EMAIL}\n", encoding="utf-8")
    assert import_file(store, listed)[0].updated == 1
    return person


def everything_of(store: EventStore) -> list[str]:
    """Which of the person's details, old or new, the file and its WAL still hold."""
    raw = b"".join(path.read_bytes() for path in (store.path, Path(f"{store.path}-wal")) if path.exists())
    return [text for text in (NAME, PHONE, "01098765432", EMAIL, OLD_NAME, OLD_PHONE) if text.encode() in raw]


def test_an_erasure_redacts_what_an_import_changed_and_why_their_scan_was_annulled(
        demo: EventStore, tmp_path: Path) -> None:
    from expo_console.services.checkin.annulment import annul_scan

    person = updated_by_an_import(demo, tmp_path)
    station = Station("entrance-1", find_gate(demo, "B홀 정문")["id"])
    at = dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL)
    scanned = scan(ScanContext(demo, station), issue_badge(demo, person)[0].code, now=at)[0]
    annul_scan(demo, scanned.scan_id, station="entrance-1", reason=f"{NAME} 님 잘못 스캔", now=at)
    assert everything_of(demo)  # there before

    delete_visitor(demo, person, reason="asked to be removed")

    assert everything_of(demo) == []
    [changed] = [e for e in audit_repo.entries(demo.conn) if e["action"] == "import_update"]
    assert changed["detail"]["changes"]["name"] == ["[erased]", "[erased]"]  # the fact of the change stays


def test_a_purge_redacts_what_an_import_changed(demo: EventStore, tmp_path: Path) -> None:
    from expo_console.services.registration.purge import purge_personal_data, set_retention_days

    updated_by_an_import(demo, tmp_path)
    set_retention_days(demo, 0)
    purge_personal_data(demo, today=dt.date(2030, 1, 1))
    assert everything_of(demo) == []


def test_a_reader_elsewhere_delays_emptying_the_wal_only_until_its_read_ends(demo: EventStore) -> None:
    """Another program reading the file (a second window, a report) may hold a snapshot that needs
    the WAL's older pages: the erasure cannot empty it then, and the store tries again after its
    next write and when it closes."""
    import sqlite3

    person = register_visitor(demo, VisitorDraft(name=NAME, phone=PHONE, email=EMAIL,
                                                 consents=frozenset({Consent.REQUIRED}))).visitor_id
    other = sqlite3.connect(str(demo.path), isolation_level=None)
    other.execute("PRAGMA busy_timeout = 0")
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM visitors").fetchone()  # a read that began before the erasure
    demo.conn.execute("PRAGMA busy_timeout = 50")  # not the desk's patient default: the test's time
    try:
        delete_visitor(demo, person, reason="asked to be removed")
        assert demo.wal_to_overwrite  # not emptied yet, and known
    finally:
        other.execute("COMMIT")
        other.close()
    set_blocked(demo, demo.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0], True, "test")  # any write
    assert not demo.wal_to_overwrite
    assert traces(Path(f"{demo.path}-wal")) == []


def test_an_export_of_one_persons_access_records_is_about_them_and_forgets_the_name_typed(
        demo: EventStore, tmp_path: Path) -> None:
    from expo_console.services.access_records import RecordFilter, export_records

    person = register_visitor(demo, VisitorDraft(name=NAME, phone=PHONE, email=EMAIL,
                                                 consents=frozenset({Consent.REQUIRED}))).visitor_id
    reveal_phone(demo, person, reason="lost and found")
    export_records(demo, RecordFilter(person=NAME), tmp_path / "records.csv")  # the organizer typed the name
    delete_visitor(demo, person, reason="asked to be removed")
    assert everything_of(demo) == []
