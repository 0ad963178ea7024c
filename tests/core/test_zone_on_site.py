"""The consultation zone on the day: a buyer scanned at the zone's gate is shown their next meeting
and marked arrived for it (not at a hall gate); the coordinator's board reads a slot with its free
tables and who was seen; a walk-in is offered the first free place and placed; the exchange rate."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from consultation_support import consultation_zone
from event_templates import EventTemplates

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingStatus, Origin
from expo_console.domain.zone_on_site import counts_as_arrival, current_or_last
from expo_console.services import event_settings
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.annulment import annul_scan
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.consultations import live_board, outcomes, schedule, setup
from expo_console.storage import audit_repo

SEOUL = ZoneInfo("Asia/Seoul")
DAY = dt.date(2022, 10, 5)  # the demo's second day; sessions 10:00–13:00, 30-minute slots
ZONE_GATE, HALL_GATE = "구매상담존 게이트", "B홀 정문"


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(DAY, dt.time(hour, minute), SEOUL)


def slot(hour: int, minute: int = 0) -> Slot:
    start = dt.datetime.combine(DAY, dt.time(hour, minute))
    return Slot(DAY, start.time(), (start + dt.timedelta(minutes=30)).time())


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = consultation_zone(event_templates, tmp_path / "event.expo")
    yield made
    made.store.close()


def korean_buyer(zone, n: int = 0):  # type: ignore[no-untyped-def]
    return [b for b in zone.buyers if b.language == "ko"][n]


def station(zone, gate: str) -> ScanContext:  # type: ignore[no-untyped-def]
    return ScanContext(zone.store, Station("zone-1", find_gate(zone.store, gate)["id"]))


def badge_of(zone, visitor_id: str) -> str:  # type: ignore[no-untyped-def]
    return issue_badge(zone.store, visitor_id)[0].code


def test_a_buyer_scanned_at_the_zone_gate_is_shown_the_next_meeting_and_marked_arrived(zone) -> None:  # type: ignore[no-untyped-def]
    buyer, exhibitor = korean_buyer(zone), zone.exhibitors[0]
    interpreter, _ = setup.put_interpreter(zone.store, "왕리", ["zh"])
    first, _ = schedule.add_meeting(zone.store, buyer.id, exhibitor.id, slot(10, 30), 3, interpreter)
    later, _ = schedule.add_meeting(zone.store, buyer.id, zone.exhibitors[1].id, slot(12), 1)
    [result] = scan(station(zone, ZONE_GATE), badge_of(zone, buyer.id), now=at(10, 20))
    assert result.verdict.value == "admitted"
    shown = result.zone.meeting
    assert (shown.meeting_id, shown.starts, shown.ends, shown.table) == (first, "10:30", "11:00", 3)
    assert (shown.exhibitor, shown.interpreter, shown.under_way) == (exhibitor.name, "왕리", False)
    assert shown.booth == exhibitor.booth
    ko, en, details = result.zone.texts()
    assert "10:30–11:00" in ko and "3번 테이블" in ko and "Next meeting" in en and "table 3" in en
    assert exhibitor.name in details and "왕리" in details and "arrival recorded" in details
    # ten minutes before the slot is within the arrival window: the board sees the buyer arrived
    arrived = schedule.meeting(zone.store, first)
    assert arrived.arrived_at == result.scanned_at and arrived.status == MeetingStatus.SCHEDULED
    assert schedule.meeting(zone.store, later).arrived_at is None
    assert result.changes and result.changes[0].meetings == (first,)
    entry = audit_repo.entries(zone.store.conn)[-1]
    assert (entry["action"], entry["entity_id"], entry["detail"]["scan_id"]) == ("meeting_arrived", first,
                                                                                result.scan_id)


def test_at_a_hall_gate_the_scan_says_nothing_of_meetings(zone) -> None:  # type: ignore[no-untyped-def]
    buyer = korean_buyer(zone)
    meeting_id, _ = schedule.add_meeting(zone.store, buyer.id, zone.exhibitors[0].id, slot(10, 30), 3)
    [result] = scan(station(zone, HALL_GATE), badge_of(zone, buyer.id), now=at(10, 20))
    assert result.verdict.value == "admitted"
    assert result.zone is None and result.changes == ()
    assert schedule.meeting(zone.store, meeting_id).arrived_at is None


def test_a_buyer_without_a_meeting_today_is_told_so_and_staff_are_told_nothing(zone) -> None:  # type: ignore[no-untyped-def]
    buyer = korean_buyer(zone)
    schedule.add_meeting(zone.store, buyer.id, zone.exhibitors[0].id, slot(10), 1)  # over by 11:00
    context = station(zone, ZONE_GATE)
    [result] = scan(context, badge_of(zone, buyer.id), now=at(11, 0))
    assert result.zone is not None and result.zone.meeting is None
    assert result.zone.texts()[:2] == ("오늘 예정된 상담이 없습니다", "No meeting today")
    staff = zone.store.conn.execute("SELECT id FROM visitors WHERE visitor_class = 'exhibitor_staff' LIMIT 1").fetchone()[0]
    [result] = scan(context, badge_of(zone, staff), now=at(11, 1))
    assert result.verdict.value == "admitted" and result.zone is None


def test_an_early_buyer_sees_the_meeting_but_is_not_yet_arrived_and_a_late_one_still_is(zone) -> None:  # type: ignore[no-untyped-def]
    buyer, other = korean_buyer(zone), korean_buyer(zone, 1)
    meeting_id, _ = schedule.add_meeting(zone.store, buyer.id, zone.exhibitors[0].id, slot(11), 2)
    [early] = scan(station(zone, ZONE_GATE), badge_of(zone, buyer.id), now=at(10, 40))
    assert early.zone.meeting.meeting_id == meeting_id and not early.zone.meeting.arrived
    assert schedule.meeting(zone.store, meeting_id).arrived_at is None
    # marked no-show at 11:10, the other buyer turns up at 11:20: sent to the table, arrival recorded
    late_id, _ = schedule.add_meeting(zone.store, other.id, zone.exhibitors[1].id, slot(11), 3)
    outcomes.mark_no_show(zone.store, late_id)
    [late] = scan(station(zone, ZONE_GATE), badge_of(zone, other.id), now=at(11, 20))
    assert late.zone.meeting.meeting_id == late_id and late.zone.meeting.under_way
    assert schedule.meeting(zone.store, late_id).arrived_at == late.scanned_at


def test_annulling_the_scan_takes_its_arrival_back(zone) -> None:  # type: ignore[no-untyped-def]
    buyer = korean_buyer(zone)
    meeting_id, _ = schedule.add_meeting(zone.store, buyer.id, zone.exhibitors[0].id, slot(10), 1)
    [result] = scan(station(zone, ZONE_GATE), badge_of(zone, buyer.id), now=at(10, 5))
    assert schedule.meeting(zone.store, meeting_id).arrived_at is not None
    annulment = annul_scan(zone.store, result.scan_id, station="zone-1", reason="wrong badge", now=at(10, 6))
    assert schedule.meeting(zone.store, meeting_id).arrived_at is None
    assert annulment.changes[0].meetings == (meeting_id,)


def test_the_board_shows_the_slot_by_table_with_arrivals_free_tables_and_who_was_seen(zone) -> None:  # type: ignore[no-untyped-def]
    a, b, c = korean_buyer(zone), korean_buyer(zone, 1), korean_buyer(zone, 2)
    first, _ = schedule.add_meeting(zone.store, a.id, zone.exhibitors[0].id, slot(10, 30), 1)
    second, _ = schedule.add_meeting(zone.store, b.id, zone.exhibitors[1].id, slot(10, 30), 3)
    schedule.add_meeting(zone.store, c.id, zone.exhibitors[2].id, slot(11), 2)
    scan(station(zone, ZONE_GATE), badge_of(zone, a.id), now=at(10, 25))
    scan(station(zone, HALL_GATE), badge_of(zone, b.id), now=at(10, 2))
    assert live_board.slot_for(zone.store, at(10, 25)) == slot(10)  # under way until 10:30
    assert live_board.slot_for(zone.store, at(10, 30)) == slot(10, 30)
    shown = live_board.board(zone.store, slot(10, 30))
    assert [r.table for r in shown.rows] == [1, 2, 3, 4]
    assert [r.meeting.id if r.meeting else None for r in shown.rows] == [first, None, second, None]
    assert shown.free_tables == (2, 4) and shown.arrived == 1
    by_table = {r.table: r for r in shown.rows}
    assert by_table[1].buyer == a.name and by_table[1].exhibitor == zone.exhibitors[0].name
    assert by_table[1].seen.where == "consultation" and by_table[1].seen.at == dt.time(10, 25)
    assert by_table[3].seen.where == "hall" and by_table[3].meeting.arrived_at is None
    assert shown.free_per_slot[slot(10, 30)] == 2 and shown.free_per_slot[slot(11)] == 3
    assert shown.free_per_slot[slot(10)] == 4 and len(shown.slots) == 6


def test_a_walk_in_is_offered_the_first_free_place_now_or_next_and_placed(zone) -> None:  # type: ignore[no-untyped-def]
    buyer, exhibitor = korean_buyer(zone), zone.exhibitors[3]
    others = [korean_buyer(zone, n) for n in range(1, 5)]
    for table, other in enumerate(others, 1):  # 10:00 is full
        schedule.add_meeting(zone.store, other.id, zone.exhibitors[table - 1].id, slot(10), table)
    schedule.add_meeting(zone.store, others[0].id, exhibitor.id, slot(10, 30), 1)  # the exhibitor is busy at 10:30
    offer = live_board.walk_in_offer(zone.store, buyer.id, exhibitor.id, at(10, 10))
    assert (offer.slot, offer.table, offer.now) == (slot(11), 1, False)
    meeting_id, change = live_board.place_walk_in(zone.store, offer)
    placed = schedule.meeting(zone.store, meeting_id)
    assert (placed.origin, placed.fixed, placed.slot, placed.table) == (Origin.WALK_IN, True, slot(11), 1)
    assert placed.arrived_at is None and change.meetings == (meeting_id,)
    # in the slot under way, with a table free: placed now, and the buyer is at the desk (arrived)
    now_offer = live_board.walk_in_offer(zone.store, korean_buyer(zone, 5).id, exhibitor.id, at(11, 40))
    assert (now_offer.slot, now_offer.table, now_offer.now) == (slot(11, 30), 1, True)
    walked, _ = live_board.place_walk_in(zone.store, now_offer)
    assert schedule.meeting(zone.store, walked).arrived_at is not None
    with pytest.raises(live_board.NoPlaceToday):
        live_board.walk_in_offer(zone.store, buyer.id, exhibitor.id, at(13, 0))


def test_a_no_show_who_turns_up_is_arrived_and_scheduled_again(zone) -> None:  # type: ignore[no-untyped-def]
    meeting_id, _ = schedule.add_meeting(zone.store, korean_buyer(zone).id, zone.exhibitors[0].id, slot(10), 1)
    outcomes.mark_no_show(zone.store, meeting_id)
    outcomes.mark_arrived(zone.store, meeting_id)
    record = schedule.meeting(zone.store, meeting_id)
    assert record.status == MeetingStatus.SCHEDULED and record.arrived_at is not None


def test_the_exchange_rate_is_set_by_an_organizer_within_reason(zone) -> None:  # type: ignore[no-untyped-def]
    outcomes.set_usd_rate(zone.store, "1,385.5")
    assert event_settings.get(zone.store, event_settings.CONSULT_USD_RATE) == 1385.5
    for bad in ("abc", "0", "13850"):
        with pytest.raises(outcomes.RateError):
            outcomes.set_usd_rate(zone.store, bad)
    assert outcomes.usd_rate(zone.store) == 1385.5
    assert audit_repo.entries(zone.store.conn)[-1]["detail"] == {"key": "consult_usd_rate", "value": 1385.5}


def test_arrival_window_and_the_slot_the_board_opens_on() -> None:
    assert counts_as_arrival(dt.time(10, 30), dt.time(11), dt.time(10, 15))
    assert not counts_as_arrival(dt.time(10, 30), dt.time(11), dt.time(10, 14))
    assert counts_as_arrival(dt.time(10, 30), dt.time(11), dt.time(10, 59))
    assert not counts_as_arrival(dt.time(10, 30), dt.time(11), dt.time(11))
    assert counts_as_arrival(dt.time(0, 5), dt.time(0, 35), dt.time(0, 0))  # just after midnight
    slots = [slot(10), slot(10, 30), Slot(DAY + dt.timedelta(days=1), dt.time(10), dt.time(10, 30))]
    assert current_or_last(slots, dt.datetime.combine(DAY, dt.time(9))) == slot(10)
    assert current_or_last(slots, dt.datetime.combine(DAY, dt.time(10, 40))) == slot(10, 30)
    assert current_or_last(slots, dt.datetime.combine(DAY, dt.time(18))) == slot(10, 30)  # its outcomes still come
    assert current_or_last(slots, dt.datetime(2022, 9, 1, 12)) == slot(10)  # before the event: the first
    assert current_or_last(slots, dt.datetime(2022, 12, 1, 12)) == slots[-1]


def test_the_scan_command_prints_the_meeting_with_the_verdict(zone) -> None:  # type: ignore[no-untyped-def]
    buyer = korean_buyer(zone)
    meeting_id, _ = schedule.add_meeting(zone.store, buyer.id, zone.exhibitors[0].id, slot(10, 30), 3)
    [at_zone] = scan(station(zone, ZONE_GATE), badge_of(zone, buyer.id), now=at(10, 20))
    printed = at_zone.as_json()["consultation"]["meeting"]
    assert (printed["id"], printed["starts"], printed["table"], printed["arrival_recorded"]) == (
        meeting_id, "10:30", 3, True)
    [at_hall] = scan(station(zone, HALL_GATE), badge_of(zone, korean_buyer(zone, 1).id), now=at(10, 21))
    assert "consultation" not in at_hall.as_json()
