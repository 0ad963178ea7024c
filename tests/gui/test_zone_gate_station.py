"""The station at the consultation zone's gate: the verdict panel shows a buyer's next meeting on
a card (or says plainly there is none); at a hall gate the card stays hidden."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from consultation_support import consultation_zone
from PySide6.QtCore import Qt

from expo_console.domain.consultations import Slot
from expo_console.gui.checkin.workspace import CheckinWorkspace
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin import scanning
from expo_console.services.consultations import schedule, setup

DAY = dt.date(2022, 10, 5)
MOMENT = dt.datetime.combine(DAY, dt.time(10, 22), ZoneInfo("Asia/Seoul"))


@pytest.fixture
def zone(event_templates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = consultation_zone(event_templates, tmp_path / "event.expo")
    yield made
    made.store.close()


@pytest.fixture
def station(qtbot, zone, hub, english, monkeypatch) -> CheckinWorkspace:  # type: ignore[no-untyped-def]
    real_scan = scanning.scan
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan",
                        lambda context, text, manual=False: real_scan(context, text, manual=manual, now=MOMENT))
    widget = CheckinWorkspace(zone.store, hub, korean=False)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def at_gate(station: CheckinWorkspace, name: str) -> None:
    station.gate_box.setCurrentIndex(station.gate_box.findText(name, Qt.MatchFlag.MatchStartsWith))


def test_a_buyer_at_the_zone_gate_sees_the_next_meeting_on_the_verdict_panel(station, zone, hub, qtbot) -> None:  # type: ignore[no-untyped-def]
    buyer = next(b for b in zone.buyers if b.language == "ko")
    exhibitor = zone.exhibitors[0]
    interpreter, _ = setup.put_interpreter(zone.store, "왕리", ["zh"])
    meeting_id, _ = schedule.add_meeting(zone.store, buyer.id, exhibitor.id,
                                         Slot(DAY, dt.time(10, 30), dt.time(11)), 3, interpreter)
    heard: list[object] = []
    hub.meetings_changed.connect(heard.append)
    at_gate(station, "구매상담존 게이트")
    station.handle_scan(issue_badge(zone.store, buyer.id)[0].code)
    card = station.meeting_card
    assert station.panel.property("light") == "green" and card.isVisible()
    assert card.headline.text() == "Next meeting  10:30–11:00 · table 3"
    assert card.other.text() == "다음 상담  10:30–11:00 · 3번 테이블"  # the other language, for the buyer
    assert exhibitor.name in card.details.text() and "왕리" in card.details.text()
    assert "arrival recorded" in card.details.text()
    assert card.headline.font().pointSizeF() >= 24 and card.details.font().pointSizeF() >= 14  # read from a step away
    assert [c.meetings for c in heard] == [(meeting_id,)]  # the board hears of the arrival
    # a buyer without a meeting today is told so plainly, on the grey card
    other = next(b for b in zone.buyers if b.id != buyer.id)
    station.handle_scan(issue_badge(zone.store, other.id)[0].code)
    assert card.isVisible() and card.headline.text() == "No meeting today"
    assert card.property("meeting") is False


def test_at_a_hall_gate_the_card_stays_hidden(station, zone) -> None:  # type: ignore[no-untyped-def]
    buyer = zone.buyers[0]
    schedule.add_meeting(zone.store, buyer.id, zone.exhibitors[0].id, Slot(DAY, dt.time(10, 30), dt.time(11)), 1)
    at_gate(station, "B홀 정문")
    station.handle_scan(issue_badge(zone.store, buyer.id)[0].code)
    assert station.panel.property("light") == "green"
    assert not station.meeting_card.isVisible() and station.meeting_card.headline.text() == ""
