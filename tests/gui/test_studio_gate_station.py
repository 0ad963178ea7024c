"""The station at the studio's gate (a booking rule): an exhibitor's staff member scanned too early
sees the slot's time on the verdict panel, in the station's language; one in their slot is let in."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from booking_support import studio
from PySide6.QtCore import Qt

from expo_console.domain.consultations import Slot
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.gui.checkin.workspace import CheckinWorkspace
from expo_console.services.badges.codes import issue_badge
from expo_console.services.bookings import schedule
from expo_console.services.checkin import scanning
from expo_console.services.registration.visitors import register_visitor

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def made(event_templates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=2)
    schedule.add_booking(made.store, made.request_ids[0], Slot(made.days[0], dt.time(11, 40), dt.time(12, 20)), 1)
    yield made
    made.store.close()


def station_at(qtbot, made, hub, monkeypatch, korean: bool, clock: list[str]) -> CheckinWorkspace:  # type: ignore[no-untyped-def]
    """The check-in workspace at the studio's gate, its scans made at the time `clock` holds."""
    real_scan = scanning.scan
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan", lambda context, text, manual=False: real_scan(
        context, text, manual=manual, now=dt.datetime.combine(made.days[0], dt.time.fromisoformat(clock[0]), SEOUL)))
    widget = CheckinWorkspace(made.store, hub, korean=korean)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    widget.gate_box.setCurrentIndex(widget.gate_box.findText("라이브커머스 스튜디오 게이트", Qt.MatchFlag.MatchStartsWith))
    return widget


def staff_badge(made, company: str) -> str:  # type: ignore[no-untyped-def]
    visitor_id = register_visitor(made.store, VisitorDraft(
        name="박지민", company=company, visitor_class="exhibitor_staff", email=f"{len(company)}@staff.kr",
        consents=frozenset({Consent.REQUIRED})), allow_duplicate=True).visitor_id
    return issue_badge(made.store, visitor_id)[0].code


@pytest.mark.parametrize("korean", [False, True])
def test_too_early_at_the_studio_the_panel_names_the_broadcast_and_when_to_come(  # type: ignore[no-untyped-def]
        qtbot, made, hub, monkeypatch, english, korean) -> None:
    clock = ["11:00"]
    station = station_at(qtbot, made, hub, monkeypatch, korean, clock)
    code = staff_badge(made, made.exhibitors[0].name)
    station.handle_scan(code)
    assert station.panel.property("light") == "amber"
    if korean:
        assert station.verdict_label.text() == "예약 시간이 아님"
        assert station.action_label.text().startswith("방송 시간 11:40–12:20 — 11:25부터 입장.")
    else:
        assert station.verdict_label.text() == "Not their booked time"
        assert station.action_label.text().startswith("Broadcast 11:40–12:20: entry from 11:25.")
    assert station.action_label.isVisible() and station.action_label.wordWrap()
    clock[0] = "11:26"
    station.handle_scan(code)
    assert station.panel.property("light") == "green"
    # staff of an exhibitor with nothing booked today are told so
    station.handle_scan(staff_badge(made, made.exhibitors[1].name))
    assert station.panel.property("light") == "red"
    assert station.action_label.text().startswith(
        "오늘 예약된 방송·촬영이 없습니다." if korean else "No broadcast or shoot booked today.")
