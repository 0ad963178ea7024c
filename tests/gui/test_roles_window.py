"""The window shows each role what it may do (issue 21): the workspaces, the menu, the buttons,
who is signed in; and a desk signs one operator out and the next in."""

from __future__ import annotations

import argparse

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QDialog

from expo_console.gui.app import ConsoleApp
from expo_console.gui.main_window import MainWindow
from expo_console.gui.registration.workspace import RegistrationWorkspace
from expo_console.services.operators import DEMO_PIN, sign_in_store


@pytest.fixture
def window_as(qtbot, demo_store, hub, english):  # type: ignore[no-untyped-def]
    """The window on the demo event, signed in as one of its demo operators (named after their role)."""
    windows: list[MainWindow] = []

    def open_as(role: str) -> MainWindow:
        sign_in_store(demo_store, role, DEMO_PIN)
        window = MainWindow(demo_store, hub)
        windows.append(window)
        window.show()
        return window

    yield open_as
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def tabs(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def test_the_organizer_has_every_workspace_and_every_action(window_as) -> None:
    window = window_as("organizer")
    assert tabs(window) == ["Floor plan", "Registration && badges", "Check-in", "Consultations", "Studio && photos",
                            "Dashboard"]
    assert all(action.isEnabled() for action in (window.hub_action, window.export_key_action,
                                                 window.remove_simulated_action))
    assert window.checkin.rule_box.isEnabled()
    assert window.operator_label.text() == "organizer · organizer"


def test_a_registration_desk_registers_and_sees_the_dashboard_but_no_gate_nor_settings(window_as) -> None:
    window = window_as("registration")
    # the zone's desk too, and the studio's
    assert tabs(window) == ["Registration && badges", "Consultations", "Studio && photos", "Dashboard"]
    assert window.tabs.currentWidget() is window.registration and window.checkin is None
    for action in (window.hub_action, window.desks_action, window.import_key_action, window.export_key_action,
                   window.remove_simulated_action):
        assert not action.isEnabled()
        assert action.toolTip() == "Not for the registration role: sign in as an organizer to do this."
    assert not window.dashboard.settings_button.isEnabled() and not window.dashboard.may_count
    assert window.operator_label.text() == "registration · registration"
    actions = window.registration.actions
    assert actions["new"].isEnabled() and actions["edit"].isEnabled() and actions["reveal"].isEnabled()
    assert not actions["block"].isEnabled() and not actions["delete"].isEnabled()  # an organizer's


def test_a_gate_operator_checks_in_and_cannot_reach_the_registration_list(window_as) -> None:
    window = window_as("gate")
    assert tabs(window) == ["Check-in", "Consultations", "Studio && photos", "Dashboard"]
    assert window.tabs.currentWidget() is window.checkin  # the gate desk opens on its work
    assert window.registration is None and window.floorplan is None
    assert window.findChildren(RegistrationWorkspace) == []  # not built, not hidden
    assert not window.checkin.rules_button.isEnabled()
    assert "gate role" in window.checkin.rules_button.toolTip()
    # the hall's admission rule is every desk's: shown, not chosen here
    assert not window.checkin.rule_box.isEnabled() and "gate role" in window.checkin.rule_box.toolTip()
    # who scans is who signed in, not a name typed at the station
    assert window.checkin.operator.text() == "gate" and window.checkin.operator.isReadOnly()
    assert window.dashboard.may_count  # a gate counts heads
    assert not window.dashboard.settings_button.isEnabled()
    assert not window.export_key_action.isEnabled()
    assert window.operator_label.text() == "gate · gate"


def test_a_gate_desk_is_never_offered_to_print_the_badge_it_just_scanned(window_as, demo_store) -> None:
    from hub_support import badge_code

    sign_in_store(demo_store, "organizer", DEMO_PIN)
    code = badge_code(demo_store)  # issued, never printed: a registration desk would print it here
    window = window_as("gate")
    window.checkin.handle_scan(code)
    assert window.checkin.last_result.visitor_id is not None
    assert not window.checkin.print_button.isEnabled() and "gate role" in window.checkin.print_button.toolTip()
    assert window.checkin.print_last_badge() is None  # Ctrl+P: said, and nothing sent
    assert "gate role" in window.checkin.action_label.text()


def test_a_viewer_sees_the_dashboard_alone(window_as) -> None:
    window = window_as("viewer")
    assert tabs(window) == ["Consultations", "Studio && photos", "Dashboard"]
    assert window.registration is None and window.checkin is None and window.floorplan is None
    assert not window.dashboard.may_count and not window.dashboard.settings_button.isEnabled()
    assert not window.remove_simulated_action.isEnabled() and not window.hub_action.isEnabled()
    assert window.operator_label.text() == "viewer · viewer"


def test_the_role_is_named_in_korean(window_as) -> None:
    from expo_console.gui.i18n import install_language

    install_language("ko")
    window = window_as("gate")
    assert window.operator_label.text() == "gate · 게이트 담당"


def test_sign_out_asks_who_works_next_and_rebuilds_the_window_for_their_role(qapp, qtbot, demo_store, english,
                                                                             monkeypatch) -> None:
    from expo_console.gui.sign_in import SignInDialog

    asked: list[str] = []

    def gate_signs_in(dialog: SignInDialog) -> int:
        asked.append(dialog.name.text())  # empty: the environment's organizer is not offered again
        dialog.name.setText("gate")
        dialog.pin.setText(DEMO_PIN)
        return QDialog.DialogCode.Accepted if dialog.try_sign_in() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(SignInDialog, "exec", gate_signs_in)
    console = ConsoleApp(qapp, argparse.Namespace(db=demo_store.path, workspace=None, lang="en", screenshot=None))
    first = console.show(demo_store)
    assert first is not None and first.operator_label.text() == "tester · organizer"  # signed in already
    assert first.sign_out_action.shortcut().toString() == "Ctrl+Shift+L"
    first.sign_out_action.trigger()
    window = console.window
    try:
        assert asked == [""] and window is not first
        assert tabs(window) == ["Check-in", "Consultations", "Studio && photos", "Dashboard"]
        assert window.operator_label.text() == "gate · gate"
        assert demo_store.stamp.role == "gate"
    finally:
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_sign_out_cancelled_leaves_nobody_signed_in_and_the_window_closed(qapp, qtbot, demo_store, english,
                                                                          monkeypatch) -> None:
    from expo_console.gui.sign_in import SignInDialog

    monkeypatch.setattr(SignInDialog, "exec", lambda _dialog: QDialog.DialogCode.Rejected)
    console = ConsoleApp(qapp, argparse.Namespace(db=demo_store.path, workspace=None, lang="en", screenshot=None))
    first = console.show(demo_store)
    assert first is not None
    first.sign_out_action.trigger()
    assert console.window is None and not first.isVisible()
    assert demo_store.stamp.role is None
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def test_a_viewer_on_a_live_day_may_not_take_a_head_count(qtbot, tmp_path, hub, english) -> None:
    """The dashboard enables the head count when the day is live: never for a viewer."""
    import datetime as dt

    from expo_console.services.demo.event import create_demo_event, demo_start_for
    from support import TEST_STAMP

    store = create_demo_event(tmp_path / "live.expo", TEST_STAMP, visitors=30,
                              starts_on=demo_start_for(dt.date.today()))
    try:
        sign_in_store(store, "viewer", DEMO_PIN)
        window = MainWindow(store, hub)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.dashboard.is_loaded, timeout=30_000)
        qtbot.waitUntil(lambda: window.dashboard.now_button.isEnabled(), timeout=10_000)
        assert "live" in window.dashboard.clock_label.text()
        assert not window.dashboard.count_button.isEnabled()
        assert window.dashboard.count_button.toolTip() == "Not for the viewer role: sign in as an organizer to do this."
        window.close()
    finally:
        store.close()


def test_a_registration_desk_exports_the_list_masked_without_being_asked_for_full_numbers(
        window_as, qtbot, monkeypatch, tmp_path) -> None:
    from PySide6.QtWidgets import QMessageBox

    from expo_console.gui import file_dialogs

    window = window_as("registration")
    out = tmp_path / "visitors.csv"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: out)
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: pytest.fail("asked about full numbers")))
    told: list[str] = []
    window.hub.status_message_requested.connect(told.append)
    window.registration.export_list()
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told[-1].startswith("400 visitors exported") and "****" in out.read_text(encoding="utf-8-sig")


def test_a_locked_operator_is_told_until_when_in_the_events_time(qtbot, demo_store) -> None:
    """Issue 21's tester was told "until 00:57 UTC" at a desk in Seoul, where it was 09:57."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from expo_console.gui.i18n import install_language
    from expo_console.gui.sign_in import SignInDialog

    install_language("ko")
    try:
        dialog = SignInDialog(demo_store)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.name.setText("gate")
        for _ in range(5):
            dialog.pin.setText("9999")
            assert not dialog.try_sign_in()
        started = dt.datetime.now(dt.UTC)
        dialog.pin.setText("0000")  # the right PIN, but locked now
        assert not dialog.try_sign_in()
        said = dialog.problem.text()
        assert said.startswith("gate 님은 PIN을 여러 번 틀려") and "UTC" not in said
        seoul = {(started + dt.timedelta(minutes=m)).astimezone(ZoneInfo("Asia/Seoul")).strftime("%H:%M")
                 for m in (4, 5, 6)}
        assert any(f"{clock}까지 잠겼습니다" in said for clock in seoul), said
    finally:
        install_language("en")
