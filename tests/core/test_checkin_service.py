"""Scanning at a gate through the service: every scan recorded, green only when committed."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from expo_console.domain.badge_code import BadgeFields, make_code
from expo_console.domain.checkin import Verdict
from expo_console.domain.visitors import Consent, VisitorClass, VisitorDraft
from expo_console.services.badges.codes import issue_badge
from expo_console.services.badges.keys import load_keys
from expo_console.services.checkin.gates import find_gate, list_gates
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import event_row
from expo_console.services.registration.visitors import register_visitor, set_blocked
from expo_console.storage.connection import EventStore
from support import TEST_STAMP

DAY1 = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)  # 10:00 in Seoul on the first day


@pytest.fixture
def demo(tmp_path) -> EventStore:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=20)
    yield store
    store.close()


def station(store: EventStore, gate: str = "B홀 정문", direction: str = "in") -> ScanContext:
    return ScanContext(store, Station("entrance-1", find_gate(store, gate)["id"], direction))


def badge_of(store: EventStore, offset: int = 0) -> tuple[str, str]:
    visitor_id = store.conn.execute("SELECT id FROM visitors LIMIT 1 OFFSET ?", (offset,)).fetchone()[0]
    return visitor_id, issue_badge(store, visitor_id)[0].code


def scans(store: EventStore) -> list[tuple[str, str]]:
    return store.conn.execute("SELECT verdict, direction FROM scans ORDER BY scanned_at, rowid").fetchall()


def test_the_demo_has_hall_entrances_and_a_gate_per_zone(demo: EventStore) -> None:
    kinds = [g["kind"] for g in list_gates(demo)]
    assert kinds.count("hall_entrance") == 2 and kinds.count("zone_gate") == 5 and "hall_exit" in kinds


def test_admitted_then_already_admitted_then_exit_then_back_in(demo: EventStore) -> None:
    visitor_id, code = badge_of(demo)
    entrance, exit_ = station(demo), station(demo, "B홀 출구")
    first = scan(entrance, code + "\r\n", now=DAY1)[0]
    assert (first.verdict, first.light, first.visitor_id) == (Verdict.ADMITTED, "green", visitor_id)
    again = scan(entrance, code, now=DAY1 + dt.timedelta(minutes=5))[0]
    assert again.verdict is Verdict.ALREADY_ADMITTED
    assert again.first_admitted_at == "2022-10-04T01:00:00.000Z" and again.first_gate == "B홀 정문"
    assert scan(exit_, code, now=DAY1 + dt.timedelta(hours=2))[0].verdict is Verdict.EXIT_RECORDED
    assert scan(entrance, code, now=DAY1 + dt.timedelta(hours=3))[0].verdict is Verdict.ADMITTED
    assert scans(demo) == [("admitted", "in"), ("already_admitted", "in"), ("exit_recorded", "out"), ("admitted", "in")]


def test_a_new_day_starts_afresh(demo: EventStore) -> None:
    _, code = badge_of(demo)
    entrance = station(demo)
    scan(entrance, code, now=DAY1)
    assert scan(entrance, code, now=DAY1 + dt.timedelta(days=1))[0].verdict is Verdict.ADMITTED


def test_rejections_are_recorded_too(demo: EventStore) -> None:
    visitor_id, code = badge_of(demo)
    revoked_id, revoked = badge_of(demo, 1)
    issue_badge(demo, revoked_id, reissue=True)
    blocked_id, blocked_code = badge_of(demo, 2)
    set_blocked(demo, blocked_id, True, "소란")
    entrance = station(demo)
    verdicts = [scan(entrance, text, now=DAY1 + dt.timedelta(seconds=10 * i))[0].verdict for i, text in enumerate(
        [code[:-1] + str((int(code[-1]) + 1) % 10), revoked, blocked_code, "12345", "ㅁㅁㅇㄹ",
         code[:3] + "99999" + code[8:]])]
    assert verdicts == [Verdict.FORGED, Verdict.REVOKED, Verdict.BLOCKED, Verdict.MALFORMED, Verdict.IME_ON,
                        Verdict.WRONG_EVENT]
    assert [v for v, _ in scans(demo)] == [v.value for v in verdicts]


def test_a_genuine_code_from_another_desk_is_admitted_and_flagged(demo: EventStore) -> None:
    event = event_row(demo)
    keys = load_keys(event["id"])
    code = make_code(BadgeFields(keys.current, event["badge_event_number"], 42_000_001, 0, VisitorClass.VISITOR),
                     keys.current_secret)
    entrance = station(demo)
    result = scan(entrance, code, now=DAY1)[0]
    assert (result.verdict, result.light, result.visitor_id) == (Verdict.ADMITTED_UNKNOWN, "amber", None)
    assert scan(entrance, code, now=DAY1 + dt.timedelta(minutes=1))[0].verdict is Verdict.ALREADY_ADMITTED


def test_a_double_read_is_one_event(demo: EventStore) -> None:
    _, code = badge_of(demo)
    entrance = station(demo)
    first = scan(entrance, code, now=DAY1)[0]
    echo = scan(entrance, code, now=DAY1 + dt.timedelta(milliseconds=300))[0]
    # The echo says again what the first read said (not an "already admitted" alarm), unrecorded.
    assert first.verdict is Verdict.ADMITTED and echo.verdict is Verdict.ADMITTED and echo.light == "green"
    assert echo.scan_id is None and len(scans(demo)) == 1
    back_to_back = scan(entrance, code + code, now=DAY1 + dt.timedelta(seconds=30))
    assert [r.verdict for r in back_to_back] == [Verdict.ALREADY_ADMITTED, Verdict.ALREADY_ADMITTED]
    assert back_to_back[1].scan_id is None and len(scans(demo)) == 2


def test_a_double_read_of_a_refused_badge_stays_red(demo: EventStore) -> None:
    _, code = badge_of(demo)
    forged = code[:-1] + str((int(code[-1]) + 1) % 10)
    entrance = station(demo)
    first = scan(entrance, forged, now=DAY1)[0]
    echo = scan(entrance, forged, now=DAY1 + dt.timedelta(milliseconds=300))[0]
    assert (first.light, echo.light) == ("red", "red") and echo.verdict is Verdict.FORGED
    assert len(scans(demo)) == 1


def test_class_day_rules(demo: EventStore) -> None:
    from expo_console.services.events import set_event_setting

    visitor_id = register_visitor(demo, VisitorDraft(name="구매자", visitor_class="domestic_buyer", email="b@x.kr",
                                                     consents=frozenset({Consent.REQUIRED}))).visitor_id
    code = issue_badge(demo, visitor_id)[0].code
    set_event_setting(demo, "class_days", {"domestic_buyer": ["2022-10-05"]})
    entrance = station(demo)
    assert scan(entrance, code, now=DAY1)[0].verdict is Verdict.NOT_VALID_TODAY
    assert scan(entrance, code, now=DAY1 + dt.timedelta(days=1))[0].verdict is Verdict.ADMITTED


def test_a_full_disk_is_never_green(demo: EventStore) -> None:
    _, code = badge_of(demo)
    entrance = station(demo)
    pages = demo.conn.execute("PRAGMA page_count").fetchone()[0]
    demo.conn.execute(f"PRAGMA max_page_count = {pages}")
    gate_id = entrance.gate.id
    for i in range(100_000):  # fill what is left with scan-sized rows, until the file refuses
        try:
            with demo.write() as conn:
                conn.execute("INSERT INTO scans (id, scanned_at, station, gate_id, direction, unreadable_input,"
                             " verdict, desk_id)"
                             " VALUES (?, '2022-10-03T00:00:00Z', 'filler', ?, 'in', ?, 'malformed', 'x')",
                             (f"filler-{i}", gate_id, f"{i:058d}"))
        except sqlite3.Error:
            break
    before = len(scans(demo))
    result = scan(entrance, code, now=DAY1)[0]
    assert result.verdict is Verdict.NOT_RECORDED and result.light == "red"
    assert "full" in result.detail
    assert len(scans(demo)) == before


def test_admitting_by_hand_needs_a_reason_and_is_audited(demo: EventStore) -> None:
    from expo_console.services.checkin.scanning import admit_by_hand
    from expo_console.storage import audit_repo

    visitor_id, code = badge_of(demo)
    entrance = station(demo)
    with pytest.raises(ValueError, match="reason"):
        admit_by_hand(entrance, visitor_id, "  ", now=DAY1)
    result = admit_by_hand(entrance, visitor_id, "배지를 두고 옴, 신분증 확인", now=DAY1)
    assert (result.verdict, result.manual, result.code) == (Verdict.ADMITTED, True, code)
    entry = audit_repo.entries(demo.conn, visitor_id)[-1]
    assert entry["action"] == "manual_admit" and entry["detail"]["reason"] == "배지를 두고 옴, 신분증 확인"
    assert demo.conn.execute("SELECT verdict, manual FROM scans").fetchall() == [("admitted", 1)]
    # Scanning the badge afterwards sees the manual admission.
    assert scan(entrance, code, now=DAY1 + dt.timedelta(minutes=5))[0].verdict is Verdict.ALREADY_ADMITTED


def test_a_supervisor_override_names_the_supervisor(demo: EventStore) -> None:
    from expo_console.services.checkin.scanning import admit_by_hand
    from expo_console.services.operators import create_operator
    from expo_console.storage import audit_repo

    blocked_id, code = badge_of(demo, 4)
    set_blocked(demo, blocked_id, True, "확인 필요")
    entrance = station(demo)
    assert scan(entrance, code, now=DAY1)[0].verdict is Verdict.BLOCKED
    create_operator(demo, "박팀장", "organizer", "7788")  # a supervisor: an organizer, with their own PIN
    admit_by_hand(entrance, blocked_id, "주최측 확인 완료", supervisor="박팀장", supervisor_pin="7788",
                  now=DAY1 + dt.timedelta(minutes=1))
    entry = audit_repo.entries(demo.conn, blocked_id)[-1]
    assert (entry["action"], entry["detail"]["supervisor"]) == ("override_admit", "박팀장")
    assert [r[0] for r in demo.conn.execute("SELECT verdict FROM scans ORDER BY scanned_at")] == ["blocked", "admitted"]
