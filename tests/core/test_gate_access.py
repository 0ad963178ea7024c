"""Who may enter where, and when, through the scan service: rules, cancelled badges, scan ids,
annulled scans and a blocked visitor let out."""

from __future__ import annotations

import datetime as dt

import pytest

from expo_console.domain.checkin import Verdict
from expo_console.services.badges.codes import issue_badge, verify_code
from expo_console.services.checkin import gate_rules
from expo_console.services.checkin.annulment import AnnulRefused, annul_scan
from expo_console.services.checkin.gates import find_gate, gate_counts, list_gates
from expo_console.services.checkin.scanning import ScanContext, Station, let_out_by_hand, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.operators import OperatorError
from expo_console.services.registration.visitors import delete_visitor, set_blocked
from expo_console.services.traffic.day import TrafficDay
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore
from support import DEMO_PIN, TEST_STAMP

SEOUL = dt.timezone(dt.timedelta(hours=9))


def seoul(hh_mm: str, day: int = 4) -> dt.datetime:
    return dt.datetime.combine(dt.date(2022, 10, day), dt.time.fromisoformat(hh_mm), SEOUL)


@pytest.fixture
def demo(tmp_path) -> EventStore:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=40)
    yield store
    store.close()


def station(store: EventStore, gate: str = "B홀 정문", direction: str = "in", name: str = "entrance-1") -> ScanContext:
    return ScanContext(store, Station(name, find_gate(store, gate)["id"], direction))


def badge_of(store: EventStore, visitor_class: str = "visitor", offset: int = 0) -> tuple[str, str]:
    visitor_id = store.conn.execute("SELECT id FROM visitors WHERE visitor_class = ? LIMIT 1 OFFSET ?",
                                    (visitor_class, offset)).fetchone()[0]
    return visitor_id, issue_badge(store, visitor_id)[0].code


def zone_id(store: EventStore, name: str) -> str:
    return str(store.conn.execute("SELECT id FROM zones WHERE name = ?", (name,)).fetchone()[0])


def recorded(store: EventStore) -> int:
    return int(store.conn.execute("SELECT count(*) FROM scans").fetchone()[0])


# --- a deleted visitor's badge ---------------------------------------------------------------

def test_a_deleted_visitors_badge_is_refused_as_cancelled_with_when_and_by_whom(demo: EventStore) -> None:
    visitor_id, code = badge_of(demo)
    delete_visitor(demo, visitor_id, reason="duplicate of another registration")
    assert verify_code(demo, code).status == "cancelled"
    result = scan(station(demo), code, now=seoul("10:30"))[0]
    assert (result.verdict, result.light) == (Verdict.CANCELLED, "red")
    message_ko, message_en, action_ko, action_en = result.texts()
    assert message_en == "Registration cancelled" and TEST_STAMP.operator in action_en
    assert message_ko == "등록이 취소된 배지" and "취소" in action_ko
    entry = audit_repo.entries(demo.conn)[-1]  # about the erased visitor's pseudonym (see test_erasure.py)
    assert entry["action"] == "delete" and entry["detail"]["badges_cancelled"] == 1
    assert entry["entity_id"].startswith("erased-") and audit_repo.entries(demo.conn, visitor_id) == []


def test_a_cancelled_registration_is_refused_as_cancelled(demo: EventStore) -> None:
    visitor_id, code = badge_of(demo)
    with demo.write() as conn:  # the organiser's list says cancelled (an import sets it)
        conn.execute("UPDATE visitors SET registration_status = 'cancelled' WHERE id = ?", (visitor_id,))
    assert scan(station(demo), code, now=seoul("10:30"))[0].verdict is Verdict.CANCELLED


def test_a_reissued_badges_old_code_stays_revoked(demo: EventStore) -> None:
    visitor_id, old = badge_of(demo)
    issue_badge(demo, visitor_id, reissue=True)
    assert scan(station(demo), old, now=seoul("10:30"))[0].verdict is Verdict.REVOKED


# --- scan ids ----------------------------------------------------------------------------------

def test_a_scan_sent_again_under_its_id_answers_the_recorded_verdict_and_records_nothing(demo: EventStore) -> None:
    _visitor, code = badge_of(demo)
    first = scan(station(demo), code, now=seoul("10:30"), scan_id="gate1-0001")[0]
    assert (first.verdict, first.scan_id, first.replayed) == (Verdict.ADMITTED, "gate1-0001", False)
    count = recorded(demo)
    # A retry after a crash, an hour later, from a fresh station: the same scan, not a new one
    # (which would be "already admitted").
    again = scan(station(demo), code, now=seoul("11:30"), scan_id="gate1-0001")[0]
    assert (again.verdict, again.replayed, again.scan_id) == (Verdict.ADMITTED, True, "gate1-0001")
    assert again.as_json()["recorded"] is False and recorded(demo) == count
    assert scan(station(demo), code, now=seoul("11:31"), scan_id="gate1-0002")[0].verdict is Verdict.ALREADY_ADMITTED


def test_an_empty_scan_id_is_refused(demo: EventStore) -> None:
    _visitor, code = badge_of(demo)
    with pytest.raises(ValueError, match="empty"):
        scan(station(demo), code, scan_id=" ")


# --- gate rules --------------------------------------------------------------------------------

def test_the_consultation_zone_lets_buyers_in_and_sends_visitors_on(demo: EventStore) -> None:
    gate_rules.set_rule(demo, zone_id(demo, "구매상담존"),
                        {"classes": ["domestic_buyer", "overseas_buyer", "exhibitor_staff", "staff"]})
    consultation = station(demo, "구매상담존 게이트", name="consult-1")
    _buyer, buyer_code = badge_of(demo, "domestic_buyer")
    _visitor, visitor_code = badge_of(demo, "visitor")
    assert scan(consultation, buyer_code, now=seoul("11:00"))[0].verdict is Verdict.ADMITTED
    refused = scan(consultation, visitor_code, now=seoul("11:00"))[0]
    assert (refused.verdict, refused.light) == (Verdict.NOT_ALLOWED_HERE, "red")
    _ko, _en, action_ko, action_en = refused.texts()
    assert "This gate is for: Buyer, Exhibitor staff, Overseas buyer, Staff." in action_en
    assert "바이어" in action_ko and "해외바이어" in action_ko
    assert scan(station(demo, "구매상담존 게이트", "out", "consult-2"), visitor_code,
                now=seoul("11:01"))[0].verdict is Verdict.EXIT_RECORDED  # leaving is always allowed


def test_hall_hours_with_earlier_hours_for_exhibitors_and_staff(demo: EventStore) -> None:
    gate_rules.set_rule(demo, gate_rules.HALL, {"hours": "10:00-17:00", "hours_for": {
        "exhibitor_staff": "08:00-18:00", "staff": "08:00-18:00"}})
    entrance = station(demo)
    _visitor, visitor_code = badge_of(demo, "visitor")
    _exhibitor, exhibitor_code = badge_of(demo, "exhibitor_staff")
    closed = scan(entrance, visitor_code, now=seoul("08:30"))[0]
    assert (closed.verdict, closed.light) == (Verdict.GATE_CLOSED, "amber")
    assert "Open 10:00–17:00: entry from 10:00." in closed.texts()[3]
    assert "10:00–17:00" in closed.texts()[2]
    assert scan(entrance, exhibitor_code, now=seoul("08:30"))[0].verdict is Verdict.ADMITTED
    assert scan(entrance, visitor_code, now=seoul("10:00"))[0].verdict is Verdict.ADMITTED
    assert scan(station(demo, "B홀 출구", name="exit-1"), visitor_code,
                now=seoul("19:00"))[0].verdict is Verdict.EXIT_RECORDED


def test_at_most_n_entries_a_day(demo: EventStore) -> None:
    tasting = zone_id(demo, "시식존")
    gate_rules.set_rule(demo, tasting, {"max_entries": 2})
    gate_in, gate_out = station(demo, "시식존 게이트", name="t-in"), station(demo, "시식존 게이트", "out", "t-out")
    _visitor, code = badge_of(demo)
    verdicts = []
    for minute in range(3):
        verdicts.append(scan(gate_in, code, now=seoul(f"11:{minute * 10:02d}"))[0].verdict)
        scan(gate_out, code, now=seoul(f"11:{minute * 10 + 5:02d}"))
    assert verdicts == [Verdict.ADMITTED, Verdict.ADMITTED, Verdict.ENTRY_LIMIT]
    limited = scan(gate_in, code, now=seoul("12:00"))[0]
    assert "This gate allows 2 entries a day." in limited.texts()[3]
    # the next day starts afresh
    assert scan(gate_in, code, now=seoul("11:00", day=5))[0].verdict is Verdict.ADMITTED


def test_a_rule_changed_on_another_desk_holds_from_the_next_scan(demo: EventStore, tmp_path) -> None:
    from expo_console.services.events import open_event

    entrance = station(demo)  # made before the rule existed
    other_desk = open_event(demo.path, TEST_STAMP)
    gate_rules.set_rule(other_desk, gate_rules.HALL, {"hours": "10:00-17:00"})
    other_desk.close()
    _visitor, code = badge_of(demo)
    assert scan(entrance, code, now=seoul("09:00"))[0].verdict is Verdict.GATE_CLOSED


@pytest.mark.parametrize("rule, problem", [
    ({"classes": ["vistor"]}, "Unknown class 'vistor'"),
    ({"classes": []}, "name at least one class"),
    ({"hours": "17:00-10:00"}, "close after it opens"),
    ({"hours_for": {"staff": "8 to 6"}}, "like 10:00-17:00"),
    ({"max_entries": 0}, "1 or more"),
    ({"admission": "twice"}, "after_exit, once_per_day, free"),
    ({"colour": "red"}, "no 'colour'"),
])
def test_a_rule_that_cannot_hold_is_refused_with_what_to_write(demo: EventStore, rule, problem) -> None:
    before = gate_rules.stored_rule(demo, gate_rules.HALL)
    with pytest.raises(gate_rules.GateRuleError, match=problem):
        gate_rules.set_rule(demo, gate_rules.HALL, rule)
    assert gate_rules.stored_rule(demo, gate_rules.HALL) == before


def test_gates_show_their_rule_merged_from_zone_and_gate(demo: EventStore) -> None:
    studio = zone_id(demo, "라이브커머스 스튜디오")
    gate_rules.set_rule(demo, studio, {"classes": ["exhibitor_staff", "staff", "press"], "hours": "09:00-18:00"})
    gate_id = find_gate(demo, "라이브커머스 스튜디오 게이트")["id"]
    gate_rules.set_rule(demo, gate_id, {"max_entries": 4})
    shown = next(g for g in list_gates(demo) if g["id"] == gate_id)["rule"]
    assert shown == {"classes": ["exhibitor_staff", "press", "staff"], "hours": "09:00-18:00", "hours_for": {},
                     "max_entries": 4, "admission": "free", "booking": None}
    gate_rules.set_rule(demo, gate_id, {})  # an empty rule removes the gate's own
    assert next(g for g in list_gates(demo) if g["id"] == gate_id)["rule"]["max_entries"] is None


# --- annulling a scan --------------------------------------------------------------------------

def test_an_annulled_scan_stays_but_no_longer_admits_counts_or_fills_the_hall(demo: EventStore) -> None:
    visitor_id, code = badge_of(demo)
    entrance = station(demo)
    admitted = scan(entrance, code, now=seoul("10:30"))[0]
    assert scan(entrance, code, now=seoul("10:31"))[0].verdict is Verdict.ALREADY_ADMITTED
    since = "2022-10-04T00:00:00.000Z"
    assert gate_counts(demo, entrance.gate.id, since).admitted == 1
    day = TrafficDay(demo, dt.date(2022, 10, 4), now=seoul("10:40"))
    assert day.snapshot().hall.occupancy == 1

    annulment = annul_scan(demo, admitted.scan_id, station="entrance-1", reason="visitor turned back",
                           now=seoul("10:35"))
    assert annulment.change.upserted == (visitor_id,)
    assert recorded(demo) == 2  # the scan stays in the file
    assert gate_counts(demo, entrance.gate.id, since).admitted == 0
    day.refresh(seoul("10:41"))
    assert day.snapshot().hall.occupancy == 0
    assert scan(entrance, code, now=seoul("10:45"))[0].verdict is Verdict.ADMITTED  # no longer "already"
    entry = audit_repo.entries(demo.conn, visitor_id)[-1]  # about the person scanned (issue 21)
    assert entry["action"] == "annul_scan" and entry["detail"]["reason"] == "visitor turned back"
    assert entry["detail"]["scan_id"] == admitted.scan_id


@pytest.mark.parametrize("station_name, minutes_later, reason, problem", [
    ("entrance-2", 1, "wrong direction", "made at station 'entrance-1'"),
    ("entrance-1", 16, "wrong direction", "older than 15 minutes"),
    ("entrance-1", 1, "  ", "Give the reason"),
])
def test_a_scan_is_annulled_only_on_its_station_within_15_minutes_with_a_reason(
        demo: EventStore, station_name, minutes_later, reason, problem) -> None:
    _visitor, code = badge_of(demo)
    admitted = scan(station(demo), code, now=seoul("10:30"))[0]
    with pytest.raises(AnnulRefused, match=problem):
        annul_scan(demo, admitted.scan_id, station=station_name, reason=reason,
                   now=seoul("10:30") + dt.timedelta(minutes=minutes_later))


def test_a_scan_is_annulled_once(demo: EventStore) -> None:
    _visitor, code = badge_of(demo)
    admitted = scan(station(demo), code, now=seoul("10:30"))[0]
    annul_scan(demo, admitted.scan_id, station="entrance-1", reason="pressed twice", now=seoul("10:31"))
    with pytest.raises(AnnulRefused, match="annulled already"):
        annul_scan(demo, admitted.scan_id, station="entrance-1", reason="again", now=seoul("10:32"))
    assert scan(station(demo), code, now=seoul("10:33"), scan_id=admitted.scan_id)[0].annulled


# --- a blocked visitor leaving -----------------------------------------------------------------

def test_a_blocked_visitor_is_refused_at_the_exit_and_let_out_by_a_supervisor(demo: EventStore) -> None:
    visitor_id, code = badge_of(demo)
    scan(station(demo), code, now=seoul("10:30"))
    set_blocked(demo, visitor_id, True, "aggressive at booth M-12")
    exit_ = station(demo, "B홀 출구", name="exit-1")
    assert scan(exit_, code, now=seoul("11:00"))[0].verdict is Verdict.BLOCKED
    with pytest.raises(ValueError, match="supervisor"):
        let_out_by_hand(exit_, visitor_id, "escorted out", supervisor="", supervisor_pin="", now=seoul("11:01"))
    with pytest.raises(OperatorError, match="supervisor"):  # the supervisor signs with their own PIN
        let_out_by_hand(exit_, visitor_id, "escorted out", supervisor="organizer", supervisor_pin="1234",
                        now=seoul("11:01"))
    let_out = let_out_by_hand(exit_, visitor_id, "escorted out by security", supervisor="organizer",
                              supervisor_pin=DEMO_PIN, now=seoul("11:01"))
    assert (let_out.verdict, let_out.manual) == (Verdict.EXIT_RECORDED, True)
    entry = audit_repo.entries(demo.conn, visitor_id)[-1]
    assert entry["action"] == "override_exit"
    assert entry["detail"]["supervisor"] == "organizer" and entry["detail"]["blocked"] is True
    day = TrafficDay(demo, dt.date(2022, 10, 4), now=seoul("11:05"))
    assert day.snapshot().hall.occupancy == 0


def test_admitting_by_hand_follows_the_gates_rules_unless_a_supervisor_overrides(demo: EventStore) -> None:
    from expo_console.services.checkin.scanning import admit_by_hand

    gate_rules.set_rule(demo, zone_id(demo, "구매상담존"), {"classes": ["domestic_buyer", "overseas_buyer"]})
    consultation = station(demo, "구매상담존 게이트", name="consult-1")
    visitor_id, _code = badge_of(demo, "visitor")
    refused = admit_by_hand(consultation, visitor_id, "forgot badge", now=seoul("11:00"))
    assert refused.verdict is Verdict.NOT_ALLOWED_HERE and "Buyer" in refused.texts()[3]
    overridden = admit_by_hand(consultation, visitor_id, "invited by KBIZ", supervisor="organizer",
                               supervisor_pin=DEMO_PIN, now=seoul("11:01"))
    assert overridden.verdict is Verdict.ADMITTED
    assert audit_repo.entries(demo.conn, visitor_id)[-1]["action"] == "override_admit"
    blocked_id, _ = badge_of(demo, "visitor", offset=1)
    set_blocked(demo, blocked_id, True, "banned exhibitor's agent")
    assert admit_by_hand(station(demo), blocked_id, "forgot badge", now=seoul("11:02")).verdict is Verdict.BLOCKED


def test_a_demo_started_yesterday_has_today_as_its_second_day_on_the_dashboard(tmp_path) -> None:
    from expo_console.services.demo.event import demo_start_for
    from expo_console.services.traffic import counting

    today = dt.date.today()
    store = create_demo_event(tmp_path / "today.expo", TEST_STAMP, visitors=10, starts_on=demo_start_for(today))
    try:
        assert counting.event_days(store) == [today + dt.timedelta(days=n) for n in range(-1, 3)]
        assert counting.default_day(store, today) == today
    finally:
        store.close()


# --- found in review ---------------------------------------------------------------------------

def test_a_scan_id_that_names_another_badges_scan_is_refused_not_replayed(demo: EventStore) -> None:
    from expo_console.services.checkin.scanning import ScanIdTaken

    _a, code_a = badge_of(demo, offset=0)
    _b, code_b = badge_of(demo, offset=1)
    scan(station(demo), code_a, now=seoul("10:30"), scan_id="gate1-0001")
    count = recorded(demo)
    with pytest.raises(ScanIdTaken, match="names another scan"):
        scan(station(demo), code_b, now=seoul("10:31"), scan_id="gate1-0001")
    assert recorded(demo) == count
    again = scan(station(demo), code_a, now=seoul("10:32"), scan_id="gate1-0001")[0]
    assert again.replayed and again.code == code_a


def test_the_same_badge_twice_under_two_ids_is_two_scans_and_a_second_feed_records_nothing(demo: EventStore) -> None:
    _visitor, code = badge_of(demo)
    feed = [("f-1", code), ("f-2", code)]  # within the same second: two scans the caller numbered
    first = [scan(station(demo), c, now=seoul("10:30"), scan_id=i)[0].verdict for i, c in feed]
    assert first == [Verdict.ADMITTED, Verdict.ALREADY_ADMITTED]
    count = recorded(demo)
    again = [scan(station(demo), c, now=seoul("10:30"), scan_id=i)[0] for i, c in feed]
    assert [r.verdict for r in again] == first and all(r.replayed for r in again) and recorded(demo) == count


def test_a_visitor_whose_registration_was_cancelled_while_inside_still_goes_out(demo: EventStore) -> None:
    visitor_id, code = badge_of(demo)
    assert scan(station(demo), code, now=seoul("10:30"))[0].verdict is Verdict.ADMITTED
    with demo.write() as conn:
        conn.execute("UPDATE visitors SET registration_status = 'cancelled' WHERE id = ?", (visitor_id,))
    assert scan(station(demo, "B홀 출구", name="exit-1"), code, now=seoul("11:00"))[0].verdict is Verdict.EXIT_RECORDED


def test_admitting_by_hand_at_an_exit_is_refused(demo: EventStore) -> None:
    from expo_console.services.checkin.scanning import admit_by_hand

    visitor_id, _code = badge_of(demo)
    count = recorded(demo)
    with pytest.raises(ValueError, match="records exits"):
        admit_by_hand(station(demo, "B홀 출구", name="exit-1"), visitor_id, "forgot badge", now=seoul("11:00"))
    assert recorded(demo) == count


def test_a_gates_own_any_and_all_lift_what_its_zone_or_the_hall_limits(demo: EventStore) -> None:
    side = find_gate(demo, "B홀 측면 출입구")["id"]
    gate_rules.set_rule(demo, side, {"hours": "any"})  # the side door stays open for deliveries
    _visitor, code = badge_of(demo)
    assert scan(station(demo, "B홀 측면 출입구", name="side"), code, now=seoul("08:00"))[0].verdict is Verdict.ADMITTED
    assert scan(station(demo), badge_of(demo, offset=1)[1], now=seoul("08:00"))[0].verdict is Verdict.GATE_CLOSED
    consultation_gate = find_gate(demo, "구매상담존 게이트")["id"]
    gate_rules.set_rule(demo, consultation_gate, {"classes": "all"})
    assert next(g for g in list_gates(demo) if g["id"] == consultation_gate)["rule"]["classes"] is None


def test_zone_gates_are_free_whatever_the_halls_admission_and_the_set_up_choice_is_the_halls_rule(
        demo: EventStore) -> None:
    from expo_console.services.checkin.gates import admission_rule, set_admission_rule

    set_admission_rule(demo, "once_per_day")
    assert admission_rule(demo) == "once_per_day"
    assert gate_rules.stored_rule(demo, gate_rules.HALL)["admission"] == "once_per_day"
    assert gate_rules.stored_rule(demo, gate_rules.HALL)["hours"] == "10:00-17:00"  # the rest kept
    buyer = badge_of(demo, "domestic_buyer")[1]
    consult_in = station(demo, "구매상담존 게이트", name="c-in")
    consult_out = station(demo, "구매상담존 게이트", "out", "c-out")
    assert scan(consult_in, buyer, now=seoul("11:00"))[0].verdict is Verdict.ADMITTED
    scan(consult_out, buyer, now=seoul("11:30"))
    assert scan(consult_in, buyer, now=seoul("13:00"))[0].verdict is Verdict.ADMITTED  # a second meeting
