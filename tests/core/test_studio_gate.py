"""The studio's gate under a booking rule (the demo's studio zone: "booking": "both"): an
exhibitor's staff come in for their company's broadcast, from 15 minutes before it until its
end; outside it the gate names the slot's time, and says so when the company has none today.
Staff and press pass as the rule's classes say. Through the real scan service on a demo event."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from booking_support import Studio, studio
from hypothesis import given, settings
from hypothesis import strategies as st

from expo_console.domain.booked_entry import BookedSlot
from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.domain.checkin import CodeStatus, GateRule, Verdict, decide
from expo_console.domain.consultations import Session, Slot
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.badges.codes import issue_badge
from expo_console.services.bookings import outcomes, requests, schedule, setup
from expo_console.services.checkin import gate_rules
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import (
    ScanContext,
    ScanResult,
    Station,
    admit_by_hand,
    scan,
)
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage.connection import open_event_file
from support import TEST_STAMP

SEOUL = ZoneInfo("Asia/Seoul")
STUDIO_GATE, STUDIO_ZONE = "라이브커머스 스튜디오 게이트", "라이브커머스 스튜디오"
BROADCAST = (dt.time(10, 50), dt.time(11, 30))  # the second slot of the studio's session


@pytest.fixture
def made(event_templates, tmp_path: Path) -> Studio:  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=3)
    yield made
    made.store.close()


def at(made: Studio, hh_mm: str) -> dt.datetime:
    return dt.datetime.combine(made.days[0], dt.time.fromisoformat(hh_mm), SEOUL)


def person(made: Studio, company: str, visitor_class: str = "exhibitor_staff", name: str = "김하늘") -> tuple[str, str]:
    """A visitor of `company` as they registered it, and their badge's code."""
    visitor_id = register_visitor(made.store, VisitorDraft(
        name=name, company=company, visitor_class=visitor_class, email=f"{abs(hash((name, company)))}@x.kr",
        consents=frozenset({Consent.REQUIRED})), allow_duplicate=True).visitor_id
    return visitor_id, issue_badge(made.store, visitor_id)[0].code


def book(made: Studio, n: int, start: dt.time, end: dt.time, resource: int = 1) -> str:
    booking_id, _ = schedule.add_booking(made.store, made.request_ids[n], Slot(made.days[0], start, end), resource)
    return booking_id


def at_gate(made: Studio, gate: str = STUDIO_GATE) -> ScanContext:
    return ScanContext(made.store, Station("studio-1", find_gate(made.store, gate)["id"]))


def scanned(made: Studio, code: str, hh_mm: str, gate: str = STUDIO_GATE) -> ScanResult:
    return scan(at_gate(made, gate), code, now=at(made, hh_mm))[0]  # a station of its own: no double read


def korean_company(made: Studio, n: int) -> str:
    """The exhibitor's name as a badge might carry it: the legal form written out at the end."""
    return made.exhibitors[n].name.replace("(주)", "") + " 주식회사"


@pytest.mark.parametrize(("moment", "verdict", "said_en", "said_ko"), [
    ("10:55", Verdict.ADMITTED, "", ""),  # during the broadcast
    ("10:35", Verdict.ADMITTED, "", ""),  # 15 minutes before it
    ("10:34", Verdict.NOT_BOOKED_NOW, "Broadcast 10:50–11:30: entry from 10:35.", "방송 시간 10:50–11:30 — 10:35부터 입장."),
    ("08:00", Verdict.NOT_BOOKED_NOW, "Broadcast 10:50–11:30: entry from 10:35.", "방송 시간 10:50–11:30 — 10:35부터 입장."),
    ("11:29", Verdict.ADMITTED, "", ""),
    ("11:30", Verdict.NOT_BOOKED_NOW, "Broadcast 10:50–11:30: already over.", "방송 시간 10:50–11:30 — 이미 끝났습니다."),
])
def test_an_exhibitors_staff_come_in_for_their_broadcast_only(made: Studio, moment, verdict, said_en, said_ko) -> None:
    book(made, 0, *BROADCAST)
    _, code = person(made, korean_company(made, 0))
    result = scanned(made, code, moment)
    assert result.verdict is verdict
    _ko, _en, action_ko, action_en = result.texts()
    assert action_en.startswith(said_en) and action_ko.startswith(said_ko)
    if verdict is Verdict.NOT_BOOKED_NOW:
        assert result.light == "amber" and result.texts()[1] == "Not their booked time"
        assert result.as_json()["recorded"]  # the refusal is a scan like any other


def test_the_company_is_matched_however_the_badge_writes_it(made: Studio) -> None:
    book(made, 0, *BROADCAST)
    exhibitor = made.exhibitors[0]
    for n, company in enumerate((exhibitor.name, korean_company(made, 0), exhibitor.name_en.upper(),
                                 exhibitor.name_en.replace("Co., Ltd.", "").strip())):
        _, code = person(made, company, name=f"직원{n}")
        assert scanned(made, code, "11:00").verdict is Verdict.ADMITTED, company


def test_another_exhibitors_staff_are_not_let_in_on_someone_elses_slot(made: Studio) -> None:
    book(made, 0, *BROADCAST)
    _, code = person(made, korean_company(made, 1))
    refused = scanned(made, code, "11:00")
    assert (refused.verdict, refused.light) == (Verdict.NO_BOOKING, "red")
    ko, en, action_ko, action_en = refused.texts()
    assert (ko, en) == ("오늘 예약 없음", "Nothing booked today")
    assert action_en.startswith("No broadcast or shoot booked today.") and action_ko.startswith("오늘 예약된 방송·촬영이 없습니다.")
    # with a slot of their own later, they are told theirs
    book(made, 1, dt.time(11, 40), dt.time(12, 20))
    later = scanned(made, code, "11:01")
    assert later.verdict is Verdict.NOT_BOOKED_NOW
    assert later.texts()[3].startswith("Broadcast 11:40–12:20: entry from 11:25.")
    assert scanned(made, code, "11:25").verdict is Verdict.ADMITTED


@pytest.mark.parametrize("status", [BookingStatus.NO_SHOW, BookingStatus.CANCELLED])
def test_a_no_shows_or_cancelled_booking_lets_nobody_in(made: Studio, status: BookingStatus) -> None:
    booking_id = book(made, 0, *BROADCAST)
    _, code = person(made, korean_company(made, 0))
    assert scanned(made, code, "10:50").verdict is Verdict.ADMITTED
    outcomes.set_status(made.store, booking_id, status)
    assert scanned(made, code, "10:51").verdict is Verdict.NO_BOOKING
    outcomes.set_status(made.store, booking_id, BookingStatus.HELD)  # it did go out after all
    assert scanned(made, code, "10:52").verdict is Verdict.ADMITTED


def test_staff_and_press_pass_as_the_rules_classes_say_and_visitors_do_not(made: Studio) -> None:
    for visitor_class in ("staff", "press", "organizer"):
        _, code = person(made, "중소기업중앙회", visitor_class, name=visitor_class)
        assert scanned(made, code, "09:00").verdict is Verdict.ADMITTED, visitor_class
    _, code = person(made, korean_company(made, 0), "visitor")
    book(made, 0, *BROADCAST)
    assert scanned(made, code, "10:55").verdict is Verdict.NOT_ALLOWED_HERE  # the company's slot is not theirs


def test_at_a_hall_gate_the_booking_rule_does_not_hold(made: Studio) -> None:
    _, code = person(made, korean_company(made, 1))
    assert scanned(made, code, "10:30", gate="B홀 정문").verdict is Verdict.ADMITTED


def test_a_rule_edited_on_another_desk_holds_from_the_next_scan(made: Studio) -> None:
    _, code = person(made, korean_company(made, 0))
    station = at_gate(made)
    assert scan(station, code, now=at(made, "10:00"))[0].verdict is Verdict.NO_BOOKING
    other_desk = open_event_file(made.store.path, TEST_STAMP)
    try:
        studio_zone = next(z["id"] for z in gate_rules.gated_zones(other_desk) if z["name"] == STUDIO_ZONE)
        rule = gate_rules.stored_rule(other_desk, studio_zone)
        assert rule["booking"] == "both"  # the demo's studio, with the photo corner in it
        gate_rules.set_rule(other_desk, studio_zone, {**rule, "booking": gate_rules.ANY})
        assert scan(station, code, now=at(made, "10:05"))[0].verdict is Verdict.ADMITTED
        gate_rules.set_rule(other_desk, studio_zone, rule)
        book(made, 0, *BROADCAST)
    finally:
        other_desk.close()
    assert scan(station, code, now=at(made, "10:10"))[0].verdict is Verdict.NOT_BOOKED_NOW


def test_admitting_by_hand_follows_the_booking_unless_a_supervisor_overrides(made: Studio) -> None:
    book(made, 0, *BROADCAST)
    visitor_id, _ = person(made, korean_company(made, 0))
    refused = admit_by_hand(at_gate(made), visitor_id, "badge left at the booth", now=at(made, "10:00"))
    assert refused.verdict is Verdict.NOT_BOOKED_NOW and "entry from 10:35" in refused.texts()[3]
    assert admit_by_hand(at_gate(made), visitor_id, "badge left at the booth",
                         now=at(made, "10:40")).verdict is Verdict.ADMITTED


def test_a_booking_rule_names_a_kind_the_event_has(made: Studio) -> None:
    with pytest.raises(gate_rules.GateRuleError, match="Booking 'radio' is unknown: use studio, photo"):
        gate_rules.set_rule(made.store, gate_rules.HALL, {"booking": "radio"})
    gate_id = find_gate(made.store, STUDIO_GATE)["id"]
    assert gate_rules.describe(gate_rules.rule_for(made.store.conn, gate_id))["booking"] == "both"
    gate_rules.set_rule(made.store, gate_id, {"booking": "photo"})  # a gate's own wins over its zone's
    assert gate_rules.rule_for(made.store.conn, gate_id).booking == "photo"


# --- the decision over every moment of a day (pure) ----------------------------------------------

GATE = GateRule("g-studio", "zone_gate", once_per_day=False, reentry_after_exit=False,
                classes=frozenset({"exhibitor_staff", "staff"}), booking="studio")
MINUTES = st.integers(min_value=0, max_value=24 * 60 - 1)


def clock(minute: int) -> dt.time:
    return dt.time(minute // 60, minute % 60)


def verdict_at(slots: list[BookedSlot], moment: dt.time, visitor_class: str = "exhibitor_staff") -> Verdict:
    now = dt.datetime(2022, 10, 4, 3, tzinfo=dt.UTC)
    return decide(status=CodeStatus.ACTIVE, blocked=False, valid_today=True, gate=GATE, direction="in", history=[],
                  now=now, same_code_last_read_at=None, visitor_class=visitor_class, local_time=moment,
                  booked=slots).verdict


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(min_value=0, max_value=23 * 60), st.integers(min_value=5, max_value=60)),
                max_size=3), MINUTES)
def test_an_exhibitors_staff_are_in_exactly_from_15_minutes_before_a_slot_to_its_end(booked, minute) -> None:
    slots = [BookedSlot(clock(start), clock(start + length)) for start, length in booked]
    inside = any(max(0, start - 15) <= minute < start + length for start, length in booked)
    expected = Verdict.ADMITTED if inside else (Verdict.NOT_BOOKED_NOW if booked else Verdict.NO_BOOKING)
    assert verdict_at(slots, clock(minute)) is expected
    assert verdict_at(slots, clock(minute), "staff") is Verdict.ADMITTED  # other classes: the rule's classes only


def test_the_photo_corners_rule_names_the_shoot(event_templates, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "photo.expo", kind=BookingKind.PHOTO, exhibitors=2)
    try:
        gate_rules.set_rule(made.store, find_gate(made.store, STUDIO_GATE)["id"], {"booking": "photo"})
        schedule.add_booking(made.store, made.request_ids[0], Slot(made.days[0], dt.time(10, 20), dt.time(10, 40)), 1)
        _, code = person(made, made.exhibitors[0].name)
        early = scanned(made, code, "09:30")
        assert early.verdict is Verdict.NOT_BOOKED_NOW
        assert early.texts()[3].startswith("Shoot 10:20–10:40: entry from 10:05.")
        assert early.texts()[2].startswith("촬영 시간 10:20–10:40 — 10:05부터 입장.")
        assert scanned(made, code, "10:05").verdict is Verdict.ADMITTED
        _, other = person(made, made.exhibitors[1].name, name="다른 직원")
        assert scanned(made, other, "10:25").texts()[3].startswith("No shoot booked today.")
    finally:
        made.store.close()


def test_a_rule_for_both_kinds_lets_staff_in_for_a_broadcast_or_a_shoot(made: Studio) -> None:
    """The photo corner stands in the studio's zone: its gate's rule names both kinds."""
    gate_rules.set_rule(made.store, find_gate(made.store, STUDIO_GATE)["id"], {"booking": gate_rules.BOTH})
    book(made, 0, *BROADCAST)
    setup.set_session(made.store, BookingKind.PHOTO, Session(made.days[0], dt.time(14), dt.time(15), 20))
    setup.place_resources(made.store, BookingKind.PHOTO, ["Corner"])
    shoot, _ = requests.put_request(made.store, BookingKind.PHOTO, requests.RequestInput(made.exhibitors[1].id))
    schedule.add_booking(made.store, shoot, Slot(made.days[0], dt.time(14), dt.time(14, 20)), 1)
    _, broadcaster = person(made, made.exhibitors[0].name)
    _, photographed = person(made, made.exhibitors[1].name, name="사진 담당")
    assert scanned(made, broadcaster, "10:40").verdict is Verdict.ADMITTED
    assert scanned(made, photographed, "13:50").verdict is Verdict.ADMITTED
    early = scanned(made, photographed, "10:40")
    assert early.verdict is Verdict.NOT_BOOKED_NOW
    assert early.texts()[3].startswith("Shoot 14:00–14:20: entry from 13:45.")  # the slot's own kind
    _, nobody = person(made, made.exhibitors[2].name, name="예약 없음")
    assert scanned(made, nobody, "10:40").texts()[3].startswith("No broadcast or shoot booked today.")


def test_a_badge_this_desk_does_not_know_yet_is_not_told_nothing_is_booked() -> None:
    """An offline desk that has not heard of the registration cannot know the company's slots: the
    rule's classes and hours decide, rather than a red "no broadcast booked today"."""
    assert verdict_at(None, dt.time(10)) is Verdict.ADMITTED  # type: ignore[arg-type]
    assert verdict_at([], dt.time(10)) is Verdict.NO_BOOKING
