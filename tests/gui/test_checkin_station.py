"""The check-in station driven like a gate: a scanner types a code and Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from expo_console.gui.checkin.workspace import CheckinWorkspace
from expo_console.services.badges import issue_badge


@pytest.fixture
def station(qtbot, demo_store, hub, english) -> CheckinWorkspace:
    widget = CheckinWorkspace(demo_store, hub, korean=False)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.gate_box.setCurrentIndex(widget.gate_box.findText("B홀 정문", Qt.MatchFlag.MatchStartsWith))
    return widget


def badge(store, offset: int = 0) -> str:
    visitor_id = store.conn.execute("SELECT id FROM visitors LIMIT 1 OFFSET ?", (offset,)).fetchone()[0]
    return issue_badge(store, visitor_id)[0].code


def test_a_scanned_badge_is_not_valid_on_a_day_outside_the_demo_expo(station, demo_store, qtbot) -> None:
    # The demo expo ran in October 2022: a scan today is correctly refused, amber.
    code = badge(demo_store)
    station.scan_field.setFocus()
    qtbot.keyClicks(station.scan_field, code)
    qtbot.keyClick(station.scan_field, Qt.Key.Key_Return)
    assert station.panel.property("light") == "amber"
    assert "not valid today" in station.verdict_label.text().lower()
    assert station.recent.rowCount() == 1
    assert station.scan_field.text() == ""


def test_verdicts_on_an_event_day_admitted_then_already_admitted(station, demo_store, qtbot, monkeypatch) -> None:
    import datetime as dt

    from expo_console.services import checkin

    moment = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)
    real_scan = checkin.scan
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan",
                        lambda context, text, manual=False: real_scan(context, text, manual=manual, now=moment))
    code = badge(demo_store, 3)
    station.handle_scan(code)
    assert station.panel.property("light") == "green" and station.verdict_label.text() == "Admitted"
    assert station.counter_admitted.text() == "1"
    moment = moment + dt.timedelta(minutes=3)
    station.handle_scan(code)
    assert station.panel.property("light") == "amber"
    assert "First admitted" in station.action_label.text()
    forged = code[:-1] + str((int(code[-1]) + 1) % 10)
    moment = moment + dt.timedelta(minutes=1)
    station.handle_scan(forged)
    assert station.panel.property("light") == "red" and station.verdict_label.text() == "Forged badge"
    assert demo_store.conn.execute("SELECT count(*) FROM scans").fetchone()[0] == 3


def test_hangul_from_a_scanner_with_the_ime_on_is_named_as_such(station) -> None:
    station.handle_scan("ㅂㅈㅇㄹ")
    assert "Korean input" in station.verdict_label.text()
    assert "Han/Eng" in station.action_label.text()


def test_the_scan_field_has_the_input_method_off_and_keeps_the_focus(station, qtbot) -> None:
    assert not station.scan_field.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    # A scanner must never type into the set-up: those fields take the focus only by a click.
    for widget in (station.station_name, station.operator, station.gate_box, station.direction_box):
        assert widget.focusPolicy() == Qt.FocusPolicy.ClickFocus
    station.activateWindow()
    station.recent_view.setFocus()
    qtbot.waitUntil(lambda: station.scan_field.hasFocus() or not station.window().isActiveWindow(), timeout=3000)


def test_typing_slowly_is_marked_as_a_manual_entry(station, qtbot, monkeypatch) -> None:
    import expo_console.gui.checkin.scan_field as field_module

    clock = iter(range(100))
    monkeypatch.setattr(field_module.time, "perf_counter", lambda: next(clock) * 0.2)  # 200 ms per key
    seen: list[bool] = []
    station.scan_field.scanned.disconnect()
    station.scan_field.scanned.connect(lambda text, manual: seen.append(manual))
    qtbot.keyClicks(station.scan_field, "1234567")
    qtbot.keyClick(station.scan_field, Qt.Key.Key_Return)
    assert seen == [True]


def test_both_directions_with_one_key(station, qtbot) -> None:
    station.direction_box.setCurrentIndex(station.direction_box.findData("both"))
    assert station.current_direction == "in"
    station.toggle_direction()
    assert station.current_direction == "out" and station.direction_now.text() == "Exit"
