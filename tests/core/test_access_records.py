"""The access records (issue 21): an organizer lists who did what, when, at which desk and about
whom, filtered by operator, action, person and time, newest first a page at a time; exports
exactly what is listed (and the export is recorded); a person shows by name, and by pseudonym
once erased; the role is the one signed in with; nobody else may see them. Every entry names
the operator, the desk, the time, the action and the person it concerns."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from expo_console.domain.access import Role
from expo_console.services import access_records
from expo_console.services.access import AccessDenied
from expo_console.services.access_records import (
    EXPORT_COLUMNS,
    RecordFilter,
    export_records,
    list_records,
)
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.annulment import annul_scan
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.events import open_event
from expo_console.services.messages import AUDIT_ACTIONS
from expo_console.services.operators import OperatorError, set_role, sign_in, sign_in_store
from expo_console.services.registration.export import export_visitors
from expo_console.services.registration.person_data import person_data
from expo_console.services.registration.visitors import (
    delete_visitor,
    draft_from_row,
    get_visitor,
    reveal_phone,
    set_blocked,
    update_visitor,
)
from expo_console.services.table_files import ExportError
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, Stamp, parse_utc_stamp
from support import DEMO_PIN

SEOUL = dt.timezone(dt.timedelta(hours=9))
TEN_THIRTY = dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL)


@pytest.fixture
def event(event_templates, tmp_path: Path) -> Iterator[EventStore]:  # type: ignore[no-untyped-def]
    """The demo event (60 visitors, badges issued), its organizer signed in at desk hq."""
    path = event_templates.demo(visitors=60, badges=True).copy_to(tmp_path / "event.expo")
    store = open_event(path, Stamp("hq", "os-user"))
    sign_in_store(store, "organizer", DEMO_PIN)
    yield store
    store.close()


def at_desk(store: EventStore, desk: str, operator: str) -> None:
    """`operator` signs in at `desk` (the store's stamp), as a desk's window does."""
    store.stamp = Stamp(desk, "os-user")
    sign_in_store(store, operator, DEMO_PIN)


def visitors(store: EventStore, n: int) -> list[str]:
    """`n` visitors with a phone, whose names no other visitor's name or e-mail holds (a search by
    one finds them alone)."""
    return [r[0] for r in store.conn.execute(
        "SELECT id FROM visitors v WHERE phone != '' AND NOT EXISTS (SELECT 1 FROM visitors w WHERE w.id != v.id"
        " AND (instr(w.name, v.name) OR instr(w.name_en, v.name) OR instr(w.email, v.name))) ORDER BY id LIMIT ?",
        (n,))]


def admitted_scan(store: EventStore, visitor_id: str) -> str:
    """The scan of the visitor's badge at the hall's entrance at 10:30 on the expo's first day."""
    gate = ScanContext(store, Station("entrance-1", find_gate(store, "B홀 정문")["id"]))
    return scan(gate, issue_badge(store, visitor_id)[0].code, now=TEN_THIRTY)[0].scan_id


def a_busy_morning(store: EventStore) -> list[str]:
    """Registration reveals and edits at reg-1; the organizer blocks, reveals and exports at hq;
    two wrong PINs for the gate at gate-2. Returns the visitors concerned (A, B, C, D)."""
    a, b, c, d = visitors(store, 4)
    at_desk(store, "reg-1", "registration")
    reveal_phone(store, a, "badge lost: calling back")
    reveal_phone(store, b, "courier address")
    update_visitor(store, c, draft_from_row({**get_visitor(store, c), "title": "부장"}))
    at_desk(store, "gate-2", "gate")
    store.stamp = Stamp("gate-2", "os-user")
    for _ in range(2):
        with pytest.raises(OperatorError):
            sign_in(store, "gate", "9999")
    at_desk(store, "hq", "organizer")
    set_blocked(store, d, True, "asked by the police")
    reveal_phone(store, a, "VIP protocol")
    return [a, b, c, d]


def everything(store: EventStore) -> list[dict[str, Any]]:
    """The oracle: every entry as the table holds it, newest first."""
    rows = store.conn.execute("SELECT id, at, desk_id, operator, action, entity, entity_id, detail_json"
                              " FROM audit_log ORDER BY at DESC, rowid DESC").fetchall()
    keys = ("id", "at", "desk_id", "operator", "action", "entity", "entity_id", "detail")
    return [dict(zip(keys, (*r[:7], json.loads(r[7])), strict=True)) for r in rows]


def listed(store: EventStore, record_filter: RecordFilter) -> list[str]:
    return [r.id for batch in access_records.every_record(store, record_filter) for r in batch]


def test_each_filter_lists_exactly_the_matching_entries_newest_first(event: EventStore) -> None:
    a, _b, _c, d = a_busy_morning(event)
    log = everything(event)
    name_of_a, phone_of_a = get_visitor(event, a)["name"], get_visitor(event, a)["phone"]
    middle = parse_utc_stamp(log[len(log) // 2]["at"])
    gate_id = event.conn.execute("SELECT id FROM operators WHERE name = 'gate'").fetchone()[0]
    cases = [
        (RecordFilter(), lambda e: True),
        (RecordFilter(operator="registration"), lambda e: e["operator"] == "registration"),
        (RecordFilter(operator="REGISTRATION"), lambda e: e["operator"] == "registration"),  # typed in any case
        (RecordFilter(action="reveal_phone"), lambda e: e["action"] == "reveal_phone"),
        (RecordFilter(person=name_of_a), lambda e: e["entity_id"] == a),
        (RecordFilter(person=phone_of_a.replace("-", " ")), lambda e: e["entity_id"] == a),
        (RecordFilter(person=a), lambda e: e["entity_id"] == a),
        (RecordFilter(person="gate"), lambda e: e["entity"] == "operator" and e["entity_id"] == gate_id),
        (RecordFilter(operator="organizer", person=name_of_a), lambda e: e["operator"] == "organizer"
         and e["entity_id"] == a),
        (RecordFilter(since=middle), lambda e: parse_utc_stamp(e["at"]) >= middle),
        (RecordFilter(until=middle), lambda e: parse_utc_stamp(e["at"]) < middle),
        (RecordFilter(action="block", person=d), lambda e: e["action"] == "block" and e["entity_id"] == d),
        (RecordFilter(person="nobody-is-called-this"), lambda e: False),
    ]
    for record_filter, matches in cases:
        expected = [e["id"] for e in log if matches(e)]
        assert listed(event, record_filter) == expected, record_filter
        assert access_records.count_records(event, record_filter) == len(expected)
    assert len(listed(event, RecordFilter(action="reveal_phone", person=name_of_a))) == 2  # by two operators


def test_pages_walk_the_whole_log_newest_first_without_gaps_or_repeats(event: EventStore) -> None:
    a_busy_morning(event)
    pages, before = [], None
    while page := list_records(event, RecordFilter(), before=before, limit=7):
        pages.append([r.id for r in page])
        before = page[-1].cursor
    assert [i for page in pages for i in page] == [e["id"] for e in everything(event)]
    assert all(len(page) == 7 for page in pages[:-1])


def test_a_record_names_who_where_when_and_whom(event: EventStore) -> None:
    a, *_ = a_busy_morning(event)
    [newest] = list_records(event, RecordFilter(action="reveal_phone"), limit=1)
    assert (newest.operator, newest.role, newest.desk_id, newest.action_label) == (
        "organizer", "organizer", "hq", "Phone number revealed")
    assert (newest.person_id, newest.person, newest.reason) == (a, get_visitor(event, a)["name"], "VIP protocol")
    assert newest.local_time == parse_utc_stamp(newest.at).astimezone(SEOUL).strftime("%Y-%m-%d %H:%M:%S")
    wrong = list_records(event, RecordFilter(action="sign_in_failed"))
    assert [(r.desk_id, r.role, r.person) for r in wrong] == [("gate-2", "", "gate")] * 2  # nobody signed in


def test_the_role_is_the_one_signed_in_with_even_after_it_changed(event: EventStore) -> None:
    a, *_ = visitors(event, 1)
    at_desk(event, "reg-1", "registration")
    reveal_phone(event, a, "first call")
    at_desk(event, "hq", "organizer")
    set_role(event, "registration", Role.GATE)  # later that day: the registration desk goes to a gate
    at_desk(event, "reg-1", "registration")  # signs in again, as a gate now
    at_desk(event, "hq", "organizer")
    roles = [(r.action, r.role) for r in list_records(event, RecordFilter(operator="registration"))]
    assert roles == [("sign_in", "gate"), ("reveal_phone", "registration"), ("sign_in", "registration")]


def test_a_person_shows_by_name_and_once_erased_by_pseudonym_only(event: EventStore) -> None:
    a, *_ = visitors(event, 1)
    name = get_visitor(event, a)["name"]
    reveal_phone(event, a, f"{name} asked for a call")
    assert [r.person for r in list_records(event, RecordFilter(person=name))] == [name, name]  # the badge, the reveal
    delete_visitor(event, a, reason="asked to be removed")
    assert list_records(event, RecordFilter(person=name)) == []
    [deleted] = list_records(event, RecordFilter(action="delete"), limit=1)
    about = list_records(event, RecordFilter(person=deleted.person_id))
    assert [r.action for r in about] == ["delete", "reveal_phone", "issue_badge"]
    assert deleted.person_id.startswith("erased-") and all(r.erased and r.person == deleted.person_id for r in about)
    assert name not in json.dumps([r.as_json() for r in list_records(event, RecordFilter())], ensure_ascii=False)
    assert [r.id for r in list_records(event, RecordFilter(person=deleted.person_id[:20]))] == [r.id for r in about]


def test_an_annulled_scan_is_about_the_person_scanned_and_old_entries_are_erased_with_them(event: EventStore) -> None:
    a, b = visitors(event, 2)
    scanned = admitted_scan(event, a)
    annul_scan(event, scanned, station="entrance-1", reason="turned back", now=TEN_THIRTY + dt.timedelta(minutes=1))
    [annulled] = list_records(event, RecordFilter(action="annul_scan"))
    assert (annulled.person_id, annulled.detail["scan_id"]) == (a, scanned)
    # an annulment recorded before issue 21 named the scan and held the visitor in its detail
    with event.write() as conn:
        audit_repo.append(conn, event.stamp, "annul_scan", "scan", "old-scan-1",
                          {"reason": "wrong way", "verdict": "admitted", "visitor_id": b})
    assert [r.person_id for r in list_records(event, RecordFilter(person=b)) if r.action == "annul_scan"] == [b]
    assert [e["detail"]["reason"] for e in person_data(event, b)["access_records"] if e["action"] == "annul_scan"] \
        == ["wrong way"]
    delete_visitor(event, b, reason="asked to be removed")
    [old] = [e for e in everything(event) if e["action"] == "annul_scan" and e["entity"] == "scan"]
    assert old["entity_id"].startswith("erased-") and old["detail"]["visitor_id"] == old["entity_id"]
    assert (old["detail"]["scan_id"], old["detail"]["reason"]) == ("old-scan-1", "[erased]")
    assert b not in json.dumps(everything(event))


def test_every_entry_names_operator_desk_time_action_and_the_person_concerned(event: EventStore,
                                                                               tmp_path: Path) -> None:
    a, b, c, d = a_busy_morning(event)
    annul_scan(event, admitted_scan(event, b), station="entrance-1", reason="x", now=TEN_THIRTY)
    export_visitors(event, tmp_path / "list.csv", unmask=True, reason="courier")
    export_records(event, RecordFilter(), tmp_path / "log.csv")
    delete_visitor(event, c, reason="asked")
    about_one_person = {"reveal_phone", "update", "block", "unblock", "delete", "create", "issue_badge",
                        "reissue_badge", "annul_scan", "manual_admit", "override_admit", "override_exit",
                        "person_data_export", "import_update", "sign_in", "sign_in_failed", "operator_locked",
                        "operator_created", "pin_changed", "operator_role", "operator_disabled"}
    for entry in everything(event):
        assert entry["operator"] and entry["desk_id"] and parse_utc_stamp(entry["at"]), entry
        assert entry["action"] in AUDIT_ACTIONS, entry  # every action has a name people read
        if entry["action"] in about_one_person:
            assert entry["entity"] in ("visitor", "operator") and entry["entity_id"], entry


def test_an_export_holds_exactly_the_listed_entries_and_is_itself_recorded(event: EventStore, tmp_path: Path) -> None:
    a_busy_morning(event)
    shown = RecordFilter(action="reveal_phone")
    expected = listed(event, shown)
    out = tmp_path / "reveals.csv"
    assert export_records(event, shown, out) == len(expected) == 3
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Excel reads the Korean right
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert [row[-1] for row in rows[1:]] == expected
    assert [row[6] for row in rows[1:]] == ["reveal_phone"] * 3 and rows[1][9] == "VIP protocol"
    [recorded] = list_records(event, RecordFilter(), limit=1)
    assert (recorded.action, recorded.operator, recorded.detail["rows"], recorded.detail["file"]) == (
        "access_records_export", "organizer", 3, "reveals.csv")
    assert recorded.detail["filter"]["action"] == "reveal_phone"

    import openpyxl

    workbook = tmp_path / "everything.xlsx"
    listed_now = listed(event, RecordFilter())
    assert export_records(event, RecordFilter(), workbook, translate=lambda text: f"«{text}»") == len(listed_now)
    sheet = openpyxl.load_workbook(workbook, read_only=True).active
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert [row[-1] for row in values[1:]] == listed_now
    assert values[1][5] == "«Access records exported»" and values[1][3] == "«organizer»"


def test_an_export_needs_a_file_the_export_can_be_recorded_in(event: EventStore, tmp_path: Path) -> None:
    reader = open_event(event.path, Stamp("hq", "os-user"), read_only=True)
    try:
        sign_in_store(reader, "organizer", DEMO_PIN)
        assert list_records(reader, RecordFilter())  # reading needs nothing written
        with pytest.raises(ExportError, match="read-only"):
            export_records(reader, RecordFilter(), tmp_path / "log.csv")
        assert not (tmp_path / "log.csv").exists()
    finally:
        reader.close()


@pytest.mark.parametrize("role", ["registration", "gate", "viewer"])
def test_only_an_organizer_sees_or_exports_the_access_records(event: EventStore, tmp_path: Path, role: str) -> None:
    from expo_console.services.access_watch import unusual_access

    at_desk(event, "reg-1", role)
    for call in (lambda: list_records(event, RecordFilter()), lambda: access_records.facets(event),
                 lambda: export_records(event, RecordFilter(), tmp_path / "log.csv"),
                 lambda: unusual_access(event, dt.date.today())):
        with pytest.raises(AccessDenied) as refused:
            call()
        assert refused.value.code == "role_may_not"
    assert not (tmp_path / "log.csv").exists()


def test_a_name_too_common_to_narrow_the_list_asks_for_more(event: EventStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_records, "MAX_PEOPLE", 5)
    with pytest.raises(access_records.RecordsRefused) as refused:
        list_records(event, RecordFilter(person="a"))
    assert refused.value.code == "person_too_many" and "type more of the name" in str(refused.value)


# --- the command line --------------------------------------------------------------------------

def cli(*args: str, operator: str = "organizer") -> subprocess.CompletedProcess[str]:
    import os

    env = {**os.environ, "EXPO_CONSOLE_OPERATOR": operator, "EXPO_CONSOLE_PIN": DEMO_PIN}
    return subprocess.run([sys.executable, "-m", "expo_console", "access-records", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_the_command_lists_filters_and_exports_for_an_organizer(event: EventStore, tmp_path: Path) -> None:
    a, *_ = a_busy_morning(event)
    expected = listed(event, RecordFilter(operator="registration", action="reveal_phone"))
    done = cli("--db", str(event.path), "--by", "registration", "--action", "reveal_phone")
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert printed["total"] == len(expected) == 2 and [r["id"] for r in printed["records"]] == expected
    assert printed["records"][0]["action_label"] == "Phone number revealed"
    about_a = cli("--db", str(event.path), "--person", get_visitor(event, a)["name"], "--limit", "0")
    assert [r["id"] for r in json.loads(about_a.stdout)["records"]] == listed(event, RecordFilter(person=a))
    today = dt.datetime.now(SEOUL).date().isoformat()
    out = tmp_path / "today.csv"
    exported = cli("--db", str(event.path), "--since", today, "--until", today, "--out", str(out))
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["exported"] == len(out.read_text(encoding="utf-8-sig").splitlines()) - 1 > 0
    [recorded] = list_records(event, RecordFilter(), limit=1)
    assert recorded.action == "access_records_export"


@pytest.mark.parametrize("role", ["registration", "gate", "viewer"])
def test_the_command_refuses_everyone_but_an_organizer_in_a_sentence(event: EventStore, role: str) -> None:
    for args in (("--db", str(event.path)), ("--db", str(event.path), "--unusual")):
        done = cli(*args, operator=role)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.startswith(f"expo-console: {role} is signed in as {role}, who may not see the access "
                                      "records.") and "Traceback" not in done.stderr


def test_the_command_says_what_to_type_for_a_time_it_cannot_read(event: EventStore) -> None:
    done = cli("--db", str(event.path), "--since", "yesterday")
    assert done.returncode == 1 and "write it like 2022-10-04" in done.stderr and "Traceback" not in done.stderr
