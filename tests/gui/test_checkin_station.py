"""The check-in station driven like a gate: a scanner types a code and Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from expo_console.gui.checkin.workspace import CheckinWorkspace
from expo_console.gui.registration.visitor_table_model import COL_STATUS
from expo_console.services.badges.codes import issue_badge, verify_code


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

    from expo_console.services.checkin import scanning

    moment = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)
    real_scan = scanning.scan
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan",
                        lambda context, text, manual=False: real_scan(context, text, manual=manual, now=moment))
    code = badge(demo_store, 3)
    station.handle_scan(code)
    assert station.panel.property("light") == "green" and station.verdict_label.text() == "Admitted"
    station._update_counters()  # the 2-second refresh
    assert station.counter_admitted.text() == "1" and station.counter_inside.text() == "1"
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
    for widget in (station.station_name, station.gate_box, station.direction_box):
        assert widget.focusPolicy() == Qt.FocusPolicy.ClickFocus
    assert station.operator.focusPolicy() == Qt.FocusPolicy.NoFocus  # shown, never typed into
    station.activateWindow()
    station.recent_view.setFocus()
    qtbot.waitUntil(lambda: station.scan_field.hasFocus() or not station.window().isActiveWindow(), timeout=3000)


def _type_where_the_focus_is(qtbot, text: str, pause_ms: int = 0) -> None:  # type: ignore[no-untyped-def]
    """Keys go to whatever has the focus, as from a keyboard or a USB scanner; QKeyEvents with the
    text, since keyClicks aborts on Hangul. With a pause, the station's timers run between keys."""
    for ch in text:
        key = Qt.Key.Key_Return if ch == "\r" else Qt.Key.Key_Escape if ch == "\x1b" else 0
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(QApplication.focusWidget(), QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, ch))
        qtbot.wait(pause_ms) if pause_ms else QApplication.processEvents()


def _active(station, qtbot):  # type: ignore[no-untyped-def]
    station.activateWindow()
    qtbot.waitUntil(lambda: station.isActiveWindow() and station.scan_field.hasFocus(), timeout=3000)


@pytest.mark.slow  # at a person's pace, on purpose
def test_a_clicked_set_up_field_takes_typing_and_nothing_is_scanned(station, demo_store, qtbot) -> None:
    from expo_console.gui import settings

    _active(station, qtbot)
    for field, typed, key in ((station.station_name, "B홀 정문 2", "station"),):
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
        field.selectAll()  # replace what is there
        qtbot.wait(900)  # longer than the station's focus-return timer: the operator reads before typing
        assert field.hasFocus()
        _type_where_the_focus_is(qtbot, typed, pause_ms=150)  # a person's pace
        assert field.text() == typed and station.scan_field.text() == ""
        _type_where_the_focus_is(qtbot, "\r")  # Enter: done, and the scan field has the focus again
        assert station.scan_field.hasFocus()
        remembered = settings.station_setup(settings.StationSetup("", "", "", ""))
        assert getattr(remembered, key) == typed
    assert station.recent.rowCount() == 0 and station.panel.property("light") == "idle"
    assert demo_store.conn.execute("SELECT count(*) FROM scans").fetchone()[0] == 0


def test_a_set_up_field_is_left_with_esc_or_a_click_elsewhere(station, qtbot) -> None:
    _active(station, qtbot)
    before = station.station_name.text()
    qtbot.mouseClick(station.station_name, Qt.MouseButton.LeftButton)
    assert station.station_name.hasFocus()
    qtbot.mouseClick(station.panel, Qt.MouseButton.LeftButton)  # the verdict panel takes no focus itself
    assert station.scan_field.hasFocus()
    # A click into a window that was not active gives the focus first and reports it on activation.
    station.station_name.setFocus(Qt.FocusReason.ActiveWindowFocusReason)
    _type_where_the_focus_is(qtbot, "x")
    _type_where_the_focus_is(qtbot, "\x1b")  # Esc: the edit is dropped (this field's, not the operator's)
    assert station.scan_field.hasFocus() and station.station_name.text() == before


def test_a_scanner_never_types_into_a_set_up_field(station, demo_store, qtbot) -> None:
    """A set-up field left with the focus (someone clicked it and walked away): a scanner's burst
    is told apart by its pace, taken back out of the field and scanned."""
    _active(station, qtbot)
    before = station.station_name.text()
    qtbot.mouseClick(station.station_name, Qt.MouseButton.LeftButton)
    qtbot.wait(900)
    _type_where_the_focus_is(qtbot, badge(demo_store) + "\r")  # a few ms between keys
    assert station.station_name.text() == before
    assert station.recent.rowCount() == 1 and "not valid today" in station.verdict_label.text().lower()
    assert station.scan_field.hasFocus()


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


def _on_event_day(monkeypatch, start):  # type: ignore[no-untyped-def]
    """Scans and manual admissions happen on the demo expo's first day."""
    import datetime as dt

    from expo_console.services.checkin import scanning

    clock = {"now": start}
    real_scan, real_admit = scanning.scan, scanning.admit_by_hand
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan",
                        lambda context, text, manual=False: real_scan(context, text, manual=manual, now=clock["now"]))
    monkeypatch.setattr("expo_console.gui.checkin.station_actions.admit_by_hand",
                        lambda context, visitor_id, reason, supervisor="", supervisor_pin="": real_admit(
                            context, visitor_id, reason, supervisor=supervisor, supervisor_pin=supervisor_pin,
                            now=clock["now"]))
    return clock, dt


def test_a_visitor_without_badge_is_found_by_initials_and_admitted_with_a_reason(station, demo_store, qtbot,
                                                                                 monkeypatch, workspace) -> None:
    import datetime as dt

    from expo_console.domain.hangul import initial_consonants
    from expo_console.gui.checkin import station_actions
    from expo_console.storage import audit_repo

    _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC))
    name, visitor_id = demo_store.conn.execute(
        "SELECT name, id FROM visitors WHERE country = 'KR' LIMIT 1 OFFSET 7").fetchone()

    class Scripted(station_actions.FindVisitorDialog):
        def exec(self) -> int:
            qtbot.waitUntil(lambda: self.status.text() == "", timeout=10_000)
            self.search.setText(initial_consonants(name))
            row = self.model.row_of(visitor_id)
            self.table.selectRow(row)
            self.reason.setText("배지 분실, 신분증 확인")
            self.accept()
            return QDialog.DialogCode.Accepted

    from PySide6.QtWidgets import QDialog

    monkeypatch.setattr(station_actions, "FindVisitorDialog", Scripted)
    result = station.find_and_admit()
    assert result.verdict.value == "admitted" and result.manual
    assert station.panel.property("light") == "green" and "by hand" in station.action_label.text()
    assert audit_repo.entries(demo_store.conn, visitor_id)[-1]["detail"]["reason"] == "배지 분실, 신분증 확인"
    # The desk's visitor list (the registration workspace on the same window) hears of it.
    status = workspace.model.index(workspace.model.row_of(visitor_id), COL_STATUS).data()
    assert "Checked in" in status


def _supervisor_answers(monkeypatch, tries):  # type: ignore[no-untyped-def]
    """The supervisor dialog as filled at the gate: each try (name, PIN, reason) is typed and
    Override pressed; what the dialog said under its form after each try is returned."""
    from PySide6.QtWidgets import QDialog

    from expo_console.gui.checkin import station_actions

    said: list[str] = []

    class Scripted(station_actions.SupervisorDialog):
        def exec(self) -> int:
            assert self.pin.echoMode() == self.pin.EchoMode.Password  # the PIN is not shown
            for name, pin, reason in tries:
                self.supervisor.setText(name)
                self.pin.setText(pin)
                self.reason.setText(reason)
                accepted = self.try_override()
                said.append(self.problem.text())
                if accepted:
                    return QDialog.DialogCode.Accepted
            return QDialog.DialogCode.Rejected

    monkeypatch.setattr(station_actions, "SupervisorDialog", Scripted)
    return said


def test_override_after_a_refusal_names_the_supervisor_checked_with_their_pin(station, demo_store,
                                                                              monkeypatch) -> None:
    import datetime as dt

    from expo_console.services.operators import create_operator
    from expo_console.services.registration.visitors import set_blocked
    from expo_console.storage import audit_repo

    _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC))
    create_operator(demo_store, "박팀장", "organizer", "2468")
    code = badge(demo_store, 5)
    visitor_id = verify_code(demo_store, code).visitor_id
    set_blocked(demo_store, visitor_id, True, "확인 필요")
    station.handle_scan(code)
    assert station.panel.property("light") == "red" and station.override_button.isEnabled()
    said = _supervisor_answers(monkeypatch, [("박팀장", "1111", "주최측 확인"), ("박팀장", "2468", "주최측 확인")])
    assert station.override_last().verdict.value == "admitted"
    assert said[0].startswith("The supervisor's name or PIN is wrong") and said[1] == ""
    assert station.action_label.text().startswith("Supervisor's approval: 박팀장.")  # the operator is told whose word
    entry = audit_repo.entries(demo_store.conn, visitor_id)[-1]
    assert (entry["action"], entry["detail"]["supervisor"]) == ("override_admit", "박팀장")


def test_a_wrong_supervisor_pin_is_said_in_korean_and_nothing_is_recorded(station, demo_store, monkeypatch) -> None:
    import datetime as dt

    from expo_console.gui.i18n import install_language
    from expo_console.services.registration.visitors import set_blocked

    _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC))
    code = badge(demo_store, 5)
    visitor_id = verify_code(demo_store, code).visitor_id
    set_blocked(demo_store, visitor_id, True, "확인 필요")
    station.handle_scan(code)
    scans = demo_store.conn.execute("SELECT count(*) FROM scans").fetchone()[0]
    install_language("ko")
    said = _supervisor_answers(monkeypatch, [("organizer", "9999", "주최측 확인"), ("registration", "0000", "주최측 확인")])
    assert station.override_last() is None  # the supervisor gave up
    assert said[0].startswith("책임자 이름 또는 PIN이 틀렸거나") and said[1] == said[0]  # a registration desk may not
    assert demo_store.conn.execute("SELECT count(*) FROM scans").fetchone()[0] == scans


def test_wrong_supervisor_pins_lock_the_supervisor_and_the_dialog_says_so(station, demo_store, monkeypatch) -> None:
    import datetime as dt

    from expo_console.services.operators import MAX_TRIES
    from expo_console.services.registration.visitors import set_blocked

    _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC))
    code = badge(demo_store, 5)
    set_blocked(demo_store, verify_code(demo_store, code).visitor_id, True, "확인 필요")
    station.handle_scan(code)
    guesses = [("organizer", f"9{n:03d}", "주최측 확인") for n in range(MAX_TRIES)]
    said = _supervisor_answers(monkeypatch, [*guesses, ("organizer", "0000", "주최측 확인")])
    assert station.override_last() is None  # the right PIN came too late
    assert said[-1].startswith("organizer is locked after too many wrong PINs")


def test_one_key_prints_a_badge_that_was_never_printed(cups_server, station, demo_store, qtbot, monkeypatch) -> None:
    import datetime as dt

    from expo_console.services.badges.codes import current_badge

    _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC))
    code = badge(demo_store, 6)
    station.handle_scan(code)
    assert station.print_button.isEnabled()
    assert station.print_last_badge() == "sent"  # the desk's printer: CUPS's default queue
    assert station.action_label.text() == "Badge sent to expo-pdf — waiting for the printer."
    assert not station.print_button.isEnabled()  # no second copy while the first is in the queue
    visitor_id = verify_code(demo_store, code).visitor_id
    qtbot.waitUntil(lambda: current_badge(demo_store, visitor_id).printed_at is not None, timeout=90_000)
    assert station.action_label.text() == "Badge printed on expo-pdf."
    assert not station.print_button.isEnabled()
    assert station.print_last_badge() is None  # already printed: not again from the gate


def test_a_station_without_a_printer_says_how_to_add_one(station, demo_store, monkeypatch) -> None:
    import datetime as dt

    _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC))
    station.handle_scan(badge(demo_store, 7))
    assert station.print_last_badge() is None
    assert station.action_label.text().startswith("No printer is set up on this computer")
    assert demo_store.conn.execute("SELECT count(*) FROM print_log").fetchone()[0] == 0


def test_the_station_prints_on_the_same_desk_printer_as_the_registration_desk(qtbot, demo_store, hub,
                                                                                english) -> None:
    from expo_console.gui.main_window import MainWindow

    window = MainWindow(demo_store, hub)
    qtbot.addWidget(window)
    assert window.checkin.printer is window.registration.badge_panel.printer is window.desk_printer


def test_full_screen_for_a_gate_monitor(station) -> None:
    station.toggle_full_screen()
    assert station.window().isFullScreen()
    station.toggle_full_screen()
    assert not station.window().isFullScreen()


def test_verdicts_sound_and_the_sound_files_are_real_wavs(station) -> None:
    import wave

    from expo_console.resources import resource

    for name in ("ok", "warn", "alert"):
        with wave.open(str(resource("sounds", f"{name}.wav"))) as sound:
            assert sound.getnframes() > 1000 and sound.getframerate() == 22_050
    station.handle_scan("12345")  # malformed: red
    assert station.sounds.played[-1] in ("beep:red", "effect:red")


def test_the_halls_admission_rule_is_chosen_at_the_station_for_every_desk(station, demo_store, monkeypatch) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QMessageBox

    from expo_console.services.checkin.gates import admission_rule

    clock, _ = _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    assert admission_rule(demo_store) == "after_exit"
    station.rule_box.setCurrentIndex(station.rule_box.findData("free"))
    station._on_rule_chosen()
    assert admission_rule(demo_store) == "free"
    code = badge(demo_store, 8)
    station.handle_scan(code)
    clock["now"] += dt.timedelta(minutes=10)
    station.handle_scan(code)
    assert [r.verdict.value for r in station.recent.results()] == ["admitted", "admitted"]


def test_the_verdict_is_large_even_under_the_applications_style_sheet(qapp, qtbot, demo_store, hub, english) -> None:
    from expo_console.resources import resource

    qapp.setStyleSheet(resource("styles", "console.qss").read_text(encoding="utf-8"))
    try:
        station = CheckinWorkspace(demo_store, hub, korean=False)
        qtbot.addWidget(station)
        station.show()
        station.handle_scan("12345")
        assert station.verdict_label.font().pointSizeF() >= 36
        assert station.scan_field.font().pointSizeF() >= 16
    finally:
        qapp.setStyleSheet("")


def test_pace_needs_two_scans_for_a_gap(station) -> None:
    station.handle_scan("12345")
    assert "–" in station.counter_pace.text()  # one scan: no gap yet, not "0.0 s"


def test_ctrl_z_takes_back_the_last_scan_struck_through_and_no_longer_counted(station, demo_store, qtbot,
                                                                             monkeypatch) -> None:
    import datetime as dt

    from PySide6.QtWidgets import QInputDialog

    from expo_console.gui.checkin import station_actions
    from expo_console.services.checkin import annulment

    moment = dt.datetime(2022, 10, 4, 2, 0, tzinfo=dt.UTC)  # 11:00 in Seoul on the first day
    _on_event_day(monkeypatch, moment)
    real_annul = annulment.annul_scan
    monkeypatch.setattr(station_actions, "annul_scan", lambda store, scan_id, station, reason: real_annul(
        store, scan_id, station=station, reason=reason, now=moment + dt.timedelta(minutes=2)))
    code = badge(demo_store, 3)
    station.handle_scan(code)
    qtbot.waitUntil(lambda: station.counter_admitted.text() == "1", timeout=5_000)
    assert station.undo_button.isEnabled()
    asked = []
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(
        lambda *args, **kwargs: (asked.append(args[3]), ("Wrong direction", True))[1]))
    station.scan_field.setFocus()
    qtbot.keyClick(station.scan_field, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert asked and "Visitor turned back" in asked[0]
    first_row = station.recent.index(0, 1)
    assert first_row.data(Qt.ItemDataRole.FontRole).strikeOut() and "annulled" in first_row.data()
    assert station.verdict_label.text() == "Scan undone" and station.counter_admitted.text() == "0"
    assert not station.undo_button.isEnabled()  # nothing of this station left to take back
    station.handle_scan(code)  # the same badge again: let in, not "already admitted"
    assert station.last_result.verdict.value == "admitted"


def test_a_closed_gate_says_when_it_opens(station, demo_store, monkeypatch) -> None:
    import datetime as dt

    _on_event_day(monkeypatch, dt.datetime(2022, 10, 4, 0, 0, tzinfo=dt.UTC))  # 09:00 in Seoul
    visitor_id = demo_store.conn.execute("SELECT id FROM visitors WHERE visitor_class = 'visitor' LIMIT 1").fetchone()[0]
    station.handle_scan(issue_badge(demo_store, visitor_id)[0].code)
    assert station.panel.property("light") == "amber" and station.verdict_label.text() == "Gate closed"
    assert "Open 10:00–17:00: entry from 10:00." in station.action_label.text()


def test_a_supervisor_lets_a_blocked_visitor_out_at_an_exit(station, demo_store, monkeypatch) -> None:
    import datetime as dt

    from expo_console.gui.checkin import station_actions
    from expo_console.services.checkin import scanning
    from expo_console.services.operators import create_operator
    from expo_console.services.registration.visitors import set_blocked
    from expo_console.storage import audit_repo

    moment = dt.datetime(2022, 10, 4, 3, 0, tzinfo=dt.UTC)
    _on_event_day(monkeypatch, moment)
    real_let_out = scanning.let_out_by_hand
    monkeypatch.setattr(station_actions, "let_out_by_hand",
                        lambda context, visitor_id, reason, supervisor, supervisor_pin: real_let_out(
                            context, visitor_id, reason, supervisor=supervisor, supervisor_pin=supervisor_pin,
                            now=moment))
    code = badge(demo_store, 6)
    visitor_id = verify_code(demo_store, code).visitor_id
    station.handle_scan(code)
    set_blocked(demo_store, visitor_id, True, "소란")
    station.direction_box.setCurrentIndex(station.direction_box.findData("out"))
    station.handle_scan(code)
    assert station.panel.property("light") == "red" and station.override_button.isEnabled()
    create_operator(demo_store, "김반장", "organizer", "8642")
    _supervisor_answers(monkeypatch, [("김반장", "8642", "보안요원 동행 퇴장")])
    assert station.override_last().verdict.value == "exit_recorded"
    assert station.panel.property("light") == "green"
    assert audit_repo.entries(demo_store.conn, visitor_id)[-1]["action"] == "override_exit"


def test_the_station_shows_its_gates_rule_and_follows_a_change_made_in_the_dialog(station, demo_store, hub,
                                                                                  qtbot) -> None:
    assert "10:00–17:00" in station.rule_label.text() and "Everyone with a badge" in station.rule_label.text()
    dialog = station.edit_gate_rules()
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    assert dialog.target() == station.gate_box.currentData()
    dialog.close()
    from expo_console.gui.ops import run_op
    from expo_console.services.checkin import gate_rules

    run_op(hub, lambda: gate_rules.set_rule(demo_store, gate_rules.HALL, {"hours": "09:00-18:00"}))
    assert "09:00–18:00" in station.rule_label.text()


def test_the_find_dialog_shows_phone_and_e_mail_whole(qtbot, demo_store) -> None:
    """Issue 21's tester: the phone read "010-…" and the e-mail "jieun@exa…" with room free beside them."""
    from PySide6.QtGui import QFontMetrics

    from expo_console.gui.checkin.find_dialog import FindVisitorDialog
    from expo_console.gui.i18n import install_language
    from expo_console.gui.registration.visitor_table_model import COL_EMAIL, COL_PHONE

    install_language("ko")
    try:
        dialog = FindVisitorDialog(demo_store)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        qtbot.waitUntil(lambda: dialog.status.text() == "", timeout=10_000)
        dialog.search.setText("이")
        assert dialog.model.rowCount() > 1
        metrics = QFontMetrics(dialog.table.font())
        view = dialog.table.viewport().rect()
        for row in range(min(dialog.model.rowCount(), 10)):
            for column in (COL_PHONE, COL_EMAIL):
                cell = dialog.model.index(row, column)
                shown = dialog.table.visualRect(cell)
                assert view.contains(shown), (row, column)
                assert metrics.horizontalAdvance(str(cell.data() or "")) < shown.width() - 6, cell.data()
    finally:
        install_language("en")


def test_the_supervisor_dialog_says_who_approves_and_grows_to_show_a_refusal_whole(qtbot) -> None:
    """Issue 21's tester: the refusal was cut mid-sentence, the fields squashed, the example cut."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from expo_console.gui.checkin.supervisor_dialog import SupervisorDialog
    from expo_console.gui.i18n import install_language
    from expo_console.services.access import AccessDenied

    def refuse(_supervisor: str, _pin: str, _reason: str) -> None:
        raise AccessDenied("supervisor_refused")

    install_language("ko")
    try:
        dialog = SupervisorDialog("책임자 승인 입장", "게이트가 거부한 이 방문객을 책임자가 본인 PIN으로 승인하여 입장시킵니다.",
                                  refuse)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        assert "주최 운영자만 승인할 수 있습니다" in dialog.who_approves.text() and dialog.who_approves.isVisible()
        reason = dialog.reason
        assert QFontMetrics(reason.font()).horizontalAdvance(reason.placeholderText()) < reason.width() - 12
        dialog.supervisor.setText("박게이트")
        dialog.pin.setText("0000")
        dialog.reason.setText("신분증 확인")
        assert not dialog.try_override()
        QApplication.processEvents()
        problem = dialog.problem
        assert problem.text().startswith("책임자 이름 또는 PIN이 틀렸거나")
        assert problem.height() >= problem.heightForWidth(problem.width())  # every line of it shown
        assert problem.geometry().bottom() < dialog.height()
        for field in (dialog.supervisor, dialog.pin, dialog.reason):
            assert field.height() >= field.sizeHint().height()  # not squashed
        screen = QApplication.primaryScreen().availableGeometry()
        assert dialog.width() <= screen.width() and dialog.height() <= screen.height()
    finally:
        install_language("en")
