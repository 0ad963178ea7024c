"""The coordinator's live board and the outcome entry, driven with the keyboard as at the desk:
the slot under way by table, an arrival from a scan at the zone's gate, A and N, a walk-in placed
in a click, outcomes in won and in dollars, and an amount that is not a number refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from consultation_support import consultation_zone
from PySide6.QtCore import Qt

from expo_console.domain.access import Role
from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingStatus, Origin
from expo_console.gui.checkin.workspace import CheckinWorkspace
from expo_console.gui.consultations.board import LiveBoard
from expo_console.gui.consultations.board_model import COL_ARRIVAL, COL_BUYER, COL_OUTCOME
from expo_console.gui.consultations.outcome_panel import OutcomePanel
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin import scanning
from expo_console.services.consultations import outcomes, schedule
from expo_console.storage import audit_repo
from expo_console.storage.connection import Stamp
from qt_support import type_text

SEOUL = ZoneInfo("Asia/Seoul")
DAY = dt.date(2022, 10, 5)
NOW = dt.datetime.combine(DAY, dt.time(10, 35), SEOUL)  # the 10:30 slot is under way
SLOT = Slot(DAY, dt.time(10, 30), dt.time(11))


@pytest.fixture
def zone(event_templates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = consultation_zone(event_templates, tmp_path / "event.expo")
    yield made
    made.store.close()


@pytest.fixture
def meetings(zone):  # type: ignore[no-untyped-def]
    """Two meetings in the slot under way (tables 1 and 3) and one later."""
    ko = [b for b in zone.buyers if b.language == "ko"]
    first, _ = schedule.add_meeting(zone.store, ko[0].id, zone.exhibitors[0].id, SLOT, 1)
    second, _ = schedule.add_meeting(zone.store, ko[1].id, zone.exhibitors[1].id, SLOT, 3)
    schedule.add_meeting(zone.store, ko[2].id, zone.exhibitors[2].id, Slot(DAY, dt.time(11), dt.time(11, 30)), 1)
    return first, second, ko


@pytest.fixture
def board(qtbot, zone, hub, english) -> LiveBoard:  # type: ignore[no-untyped-def]
    widget = LiveBoard(zone.store, hub, clock=lambda: NOW)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    return widget


def select_table(board: LiveBoard, table: int) -> None:
    row = next(n for n, r in enumerate(board.model.rows) if r.table == table)
    board.table.selectRow(row)
    board.table.setFocus()


def cell(board: LiveBoard, table: int, column: int) -> str:
    row = next(n for n, r in enumerate(board.model.rows) if r.table == table)
    return board.model.index(row, column).data()


def test_the_board_shows_the_slot_under_way_and_an_arrival_from_a_scan(board, zone, hub, meetings, qtbot,
                                                                        monkeypatch) -> None:  # type: ignore[no-untyped-def]
    board.refresh()
    first, second, buyers = meetings
    assert [r.table for r in board.model.rows] == [1, 2, 3, 4]
    assert cell(board, 1, COL_BUYER).startswith(buyers[0].name_en) and cell(board, 2, COL_BUYER) == "Free table"
    assert board.summary.text() == "Under way 10:30–11:00: 2 meetings · 0 arrived · 2 tables free"
    assert board.slot_box.currentText() == "10:30–11:00 · 2 free"
    assert "11:00 (3)" in board.free_later.text()
    assert cell(board, 1, COL_ARRIVAL) == "Not yet" and board.model.state(board.model.rows[0]) == "late"
    # the buyer comes through the zone's gate (the station in the same window)
    real_scan = scanning.scan
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan", lambda context, text, manual=False: real_scan(
        context, text, manual=manual, now=NOW - dt.timedelta(minutes=2)))
    station = CheckinWorkspace(zone.store, hub, korean=False)
    qtbot.addWidget(station)
    station.gate_box.setCurrentIndex(station.gate_box.findText("구매상담존 게이트", Qt.MatchFlag.MatchStartsWith))
    station.handle_scan(issue_badge(zone.store, buyers[0].id)[0].code)
    assert cell(board, 1, COL_ARRIVAL) == "Arrived 10:33" and board.model.state(board.model.rows[0]) == "arrived"
    assert board.summary.text().endswith("1 arrived · 2 tables free")


def test_a_and_n_mark_the_selected_meeting(board, zone, meetings, qtbot) -> None:  # type: ignore[no-untyped-def]
    board.refresh()
    first, second, _ = meetings
    select_table(board, 3)
    qtbot.keyClick(board.table, Qt.Key.Key_A)
    assert schedule.meeting(zone.store, second).arrived_at is not None
    assert cell(board, 3, COL_ARRIVAL).startswith("Arrived") and board.selected_meeting_id() == second
    qtbot.keyClick(board.table, Qt.Key.Key_A)  # again: that was a mistake
    assert schedule.meeting(zone.store, second).arrived_at is None
    select_table(board, 1)
    qtbot.keyClick(board.table, Qt.Key.Key_N)
    assert schedule.meeting(zone.store, first).status == MeetingStatus.NO_SHOW
    assert cell(board, 1, COL_OUTCOME) == "No-show" and board.model.state(board.model.rows[0]) == "no_show"
    qtbot.keyClick(board.table, Qt.Key.Key_N)
    assert schedule.meeting(zone.store, first).status == MeetingStatus.SCHEDULED
    actions = [e["action"] for e in audit_repo.entries(zone.store.conn)[-4:]]
    assert actions == ["meeting_arrived", "meeting_arrival_undone", "meeting_outcome", "meeting_outcome"]


def test_a_walk_in_is_placed_in_a_click(board, zone, meetings, qtbot) -> None:  # type: ignore[no-untyped-def]
    board.refresh()
    buyer = meetings[2][3]
    exhibitor = zone.exhibitors[5]
    board.walk_in.choose(buyer.id, exhibitor.id)
    assert board.walk_in.offer_label.text() == "Table 2, now (10:30–11:00)"
    assert board.walk_in.place_button.isEnabled()
    qtbot.mouseClick(board.walk_in.place_button, Qt.MouseButton.LeftButton)
    [placed] = [m for m in schedule.meetings(zone.store, buyer_id=buyer.id)]
    assert (placed.origin, placed.slot, placed.table) == (Origin.WALK_IN, SLOT, 2)
    assert placed.arrived_at is not None  # at the desk, so arrived
    assert board.selected_meeting_id() == placed.id and "walk-in" in cell(board, 2, COL_OUTCOME)
    assert board.summary.text() == "Under way 10:30–11:00: 3 meetings · 1 arrived · 1 tables free"


def test_an_outcome_in_won_is_entered_in_a_few_keystrokes(board, zone, meetings, qtbot) -> None:  # type: ignore[no-untyped-def]
    board.refresh()
    first = meetings[0]
    select_table(board, 1)
    qtbot.keyClick(board.table, Qt.Key.Key_Return)
    panel = board.outcome_dialog.panel
    assert panel.status_buttons.checkedButton().property("status") == "held"
    assert panel.focusWidget() is panel.amount or panel.amount.hasFocus()
    type_text(panel.amount, "1500만")
    assert panel.amount_equivalent.text() == "= ₩15,000,000"
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    saved = schedule.meeting(zone.store, first)
    assert (saved.status, saved.amount_krw, saved.amount_currency) == (MeetingStatus.HELD, 15_000_000, "KRW")
    assert board.outcome_dialog is None and board.selected_meeting_id() == first
    assert cell(board, 1, COL_OUTCOME) == "Held · ₩15,000,000"
    entry = audit_repo.entries(zone.store.conn)[-1]
    assert entry["action"] == "meeting_outcome" and entry["detail"]["after"]["amount_krw"] == 15_000_000


def test_an_outcome_in_dollars_shows_the_won_at_the_event_rate(qtbot, zone, hub, meetings, english) -> None:  # type: ignore[no-untyped-def]
    outcomes.set_usd_rate(zone.store, 1350)
    panel = OutcomePanel(zone.store, hub)
    qtbot.addWidget(panel)
    panel.show()
    panel.load(meetings[1])
    assert panel.rate_label.text() == "Event's rate: ₩1,350 per US dollar"
    qtbot.keyClicks(panel.amount, "$12,000")
    assert panel.currency.currentData() == "USD"
    assert panel.amount_equivalent.text() == "= ₩16,200,000 at ₩1,350 per USD"
    qtbot.keyClick(panel.amount, Qt.Key.Key_Tab)
    assert panel.focusWidget() is panel.currency
    qtbot.keyClick(panel.currency, Qt.Key.Key_Tab)
    assert panel.focusWidget() is panel.contract_expected
    qtbot.keyClick(panel.contract_expected, Qt.Key.Key_Space)
    qtbot.keyClick(panel.contract_expected, Qt.Key.Key_Tab)
    qtbot.keyClicks(panel.contract, "50000")
    assert panel.contract_equivalent.text() == "= ₩67,500,000 at ₩1,350 per USD"
    qtbot.keyClick(panel.contract, Qt.Key.Key_Tab)
    assert panel.focusWidget() is panel.note
    type_text(panel.note, "샘플 발송")
    qtbot.keyClick(panel.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = schedule.meeting(zone.store, meetings[1])
    assert (saved.status, saved.amount_currency, saved.amount_original, saved.amount_krw) == (
        MeetingStatus.HELD, "USD", 12_000, 16_200_000)
    assert (saved.contract_expected, saved.contract_krw, saved.note) == (True, 67_500_000, "샘플 발송")
    # opened again: the dollars as typed, the contract in dollars at the rate, nothing converted twice
    panel.load(meetings[1])
    assert (panel.amount.text(), panel.contract.text()) == ("12,000", "50,000")
    assert panel.save() and schedule.meeting(zone.store, meetings[1]).contract_krw == 67_500_000


def test_an_amount_that_is_not_a_number_is_refused_by_name_and_kept(qtbot, zone, hub, meetings, english) -> None:  # type: ignore[no-untyped-def]
    panel = OutcomePanel(zone.store, hub)
    qtbot.addWidget(panel)
    panel.show()
    panel.load(meetings[0])
    entries = len(audit_repo.entries(zone.store.conn))
    type_text(panel.amount, "1500만원쯤")
    panel.contract_expected.setChecked(True)
    panel.contract.setText("a lot")
    qtbot.keyClick(panel.amount, Qt.Key.Key_Return)
    assert panel.amount_error.text().startswith("Consultation amount: “1500만원쯤” is not an amount.")
    assert panel.contract_error.text().startswith("Contract amount: “a lot” is not an amount.")
    assert panel.amount.text() == "1500만원쯤" and panel.contract.text() == "a lot"  # nothing typed is lost
    assert panel.amount.hasFocus()
    assert len(audit_repo.entries(zone.store.conn)) == entries
    assert schedule.meeting(zone.store, meetings[0]).status == MeetingStatus.SCHEDULED
    qtbot.keyClick(panel.amount, Qt.Key.Key_Backspace)
    assert panel.amount_error.text() == ""  # retyping clears the refusal


@pytest.mark.parametrize("role", [Role.REGISTRATION, Role.GATE, Role.VIEWER], ids=lambda r: r.value)
def test_the_board_offers_its_keys_to_the_roles_that_record_outcomes(qtbot, zone, hub, meetings, english,
                                                                     role: Role) -> None:  # type: ignore[no-untyped-def]
    zone.store.stamp = Stamp("desk-test", role.value, role.value)
    board = LiveBoard(zone.store, hub, clock=lambda: NOW)
    qtbot.addWidget(board)
    may = role is Role.REGISTRATION
    for button in (board.arrived_button, board.no_show_button, board.outcome_button, board.walk_in.place_button):
        assert button.isEnabled() is (may and button is not board.walk_in.place_button)
        if not may:
            assert button.toolTip().startswith(f"Not for the {role.value} role")
    select_table(board, 1)
    qtbot.keyClick(board.table, Qt.Key.Key_A)
    assert (schedule.meeting(zone.store, meetings[0]).arrived_at is not None) is may
    panel = OutcomePanel(zone.store, hub)
    qtbot.addWidget(panel)
    assert panel.save_button.isEnabled() is may and not panel.rate_button.isEnabled()  # the rate: an organizer's


def test_the_board_follows_the_clock_until_a_slot_is_picked(qtbot, zone, hub, meetings, english) -> None:  # type: ignore[no-untyped-def]
    now = [NOW]
    board = LiveBoard(zone.store, hub, clock=lambda: now[0])
    qtbot.addWidget(board)
    board.show()
    assert board.timer.isActive() and board.shown.slot == SLOT
    now[0] = NOW + dt.timedelta(minutes=30)  # 11:05: the next slot is under way
    board.timer.timeout.emit()
    assert board.shown.slot.start == dt.time(11) and board.summary.text().startswith("Under way 11:00–11:30")
    assert board.clock_label.text() == "Now 11:05 (event time)"
    board.slot_box.setCurrentIndex(0)  # looking back at 10:00
    board.slot_box.activated.emit(0)
    now[0] = NOW + dt.timedelta(minutes=60)
    board.timer.timeout.emit()
    assert board.shown.slot.start == dt.time(10) and board.summary.text().startswith("Slot 10:00–10:30")
    assert board.clock_label.text().endswith("looking at another slot")
    board.day_box.setCurrentIndex(2)  # ahead to day three
    board.day_box.activated.emit(2)
    assert board.shown.slot.day == DAY + dt.timedelta(days=1) and board.shown.slot.start == dt.time(10)
    qtbot.mouseClick(board.now_button, Qt.MouseButton.LeftButton)
    assert board.shown.slot.start == dt.time(11, 30) and board.following
    board.hide()
    assert not board.timer.isActive()  # a board nobody sees reads nothing
