"""The main window and the application around it: demo title, events, language."""

from __future__ import annotations

import argparse
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QMenu,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from expo_console.gui import settings
from expo_console.gui.app import ConsoleApp
from expo_console.gui.i18n import install_language
from expo_console.services.events import event_info


@pytest.fixture
def console(qapp, qtbot, demo_store, english):
    args = argparse.Namespace(db=demo_store.path, workspace=None, lang="en", screenshot=None)
    app = ConsoleApp(qapp, args)
    window = app.show(demo_store)
    qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=10_000)
    yield app
    # closed and deleted, as the console does with a window it replaces: kept, each window's 500
    # widgets would slow every later test that walks the application's widgets
    app.window.close()
    app.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    install_language("en")


def test_title_says_demo_and_the_registration_workspace_is_there(console) -> None:
    window = console.window
    assert window.windowTitle().startswith("[DEMO] 2022 스마트비즈엑스포")
    assert window.tabs.count() == 6  # the six workspaces, no placeholders
    assert [window.tabs.tabText(i) for i in range(6)] == ["Floor plan", "Registration && badges", "Check-in",
                                                          "Consultations", "Studio && photos", "Dashboard"]
    assert window.tabs.currentWidget() is window.registration  # the desk opens on registration


def test_new_event_opens_an_empty_event_with_its_first_organizer_signed_in_and_is_listed_in_recent_files(
        console, qtbot, monkeypatch, tmp_path: Path) -> None:
    from expo_console.gui import file_dialogs, main_window
    from expo_console.gui.sign_in import SignInDialog
    from expo_console.services.operators import sign_in

    target = tmp_path / "new-expo.expo"
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _parent, _title, text: warned.append(text)))
    monkeypatch.setattr(SignInDialog, "exec", lambda _dialog: pytest.fail("a second dialog asked for the organizer"))
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: target)

    class Filled(main_window.NewEventDialog):
        def exec(self) -> int:
            self.name.setText("2023 스마트비즈엑스포")
            self.starts.setDate(QDate(2023, 10, 10))
            self.ends.setDate(QDate(2023, 10, 13))
            self.organizer.setText("김주최")
            assert self.pin.echoMode() == self.pin.EchoMode.Password
            self.pin.setText("2580")
            self.pin_again.setText("2589")
            self._accept()  # two PINs that differ: said, and the dialog stays
            assert not self.result() and warned == ["The two PINs differ: type the same PIN twice."]
            self.pin_again.setText("2580")
            self._accept()
            return self.result()

    monkeypatch.setattr(main_window, "NewEventDialog", Filled)
    console.window.new_event()
    window = console.window
    qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=10_000)
    assert window.windowTitle() == "2023 스마트비즈엑스포 — Expo Console"
    assert window.registration.model.rowCount() == 0
    assert event_info(console.store)["visitors"] == 0
    assert str(target) in settings.recent_files()
    assert (console.store.stamp.operator, console.store.stamp.role) == ("김주최", "organizer")
    assert sign_in(console.store, "김주최", "2580").role == "organizer"  # the PIN typed in the dialog


def test_opening_a_file_that_is_not_an_event_explains_and_keeps_the_current_event(console, monkeypatch, tmp_path: Path) -> None:
    shown = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    bogus = tmp_path / "visitors.expo"
    bogus.write_text("성명,이메일\n", encoding="utf-8")
    before = console.store
    console.open_path(bogus)
    assert shown and "not an Expo Console event file" in shown[0]
    assert console.store is before


def test_switching_to_korean_rebuilds_the_window_in_korean(console, qtbot) -> None:
    console.change_language("ko")
    window = console.window
    qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=10_000)
    assert [window.tabs.tabText(i) for i in range(3)] == ["배치도", "등록 && 배지", "입장 확인"]
    assert window.windowTitle().startswith("[데모]")
    assert window.registration.form.heading.text() == "현장 등록"
    assert settings.language() == "ko"


def test_badge_key_export_and_import_through_the_file_menu(console, tmp_path: Path, monkeypatch) -> None:
    from expo_console.services.badges import keys as badge_keys
    from expo_console.services.events import event_row

    window = console.window
    key_file = tmp_path / "key.json"
    assert window.export_badge_key(str(key_file))
    event_id = event_row(console.store)["id"]
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(tmp_path / "another-desk"))
    assert not badge_keys.has_keys(event_id)
    assert window.import_badge_key(str(key_file))
    assert badge_keys.has_keys(event_id)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda parent, title, text: shown.append(text)))
    (tmp_path / "junk.json").write_text("{}", encoding="utf-8")
    assert not window.import_badge_key(str(tmp_path / "junk.json"))
    assert "not a valid Expo Console event key file" in shown[0]


def test_an_event_opened_read_only_says_so_in_the_title_and_refuses_a_change_in_words(qapp, qtbot, demo_store,
                                                                                      english) -> None:
    from expo_console.services.events import open_event
    from expo_console.services.registration.visitors import set_blocked
    from expo_console.storage.connection import EventFileError
    from support import TEST_STAMP

    read_only = open_event(demo_store.path, TEST_STAMP, read_only=True)
    args = argparse.Namespace(db=demo_store.path, workspace=None, lang="en", screenshot=None)
    app = ConsoleApp(qapp, args)
    try:
        window = app.show(read_only)
        qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=10_000)
        assert window.windowTitle().startswith("[READ-ONLY] [DEMO]")
        assert window.registration.model.rowCount() > 0  # browsing works
        with pytest.raises(EventFileError, match="read-only"):
            set_blocked(read_only, window.registration.model.visitor_id(0), True)
    finally:
        app.window.close()
        read_only.close()


def test_an_event_file_refusal_escaping_a_slot_is_shown_in_words(qapp, monkeypatch) -> None:
    from expo_console.gui.app import explain_event_file_errors
    from expo_console.storage.connection import EventFileError

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    error = EventFileError("read_only", "demo.expo is open read-only: nothing can be changed in it.")
    explain_event_file_errors(EventFileError, error, None)
    assert shown == ["demo.expo is open read-only: nothing can be changed in it."]


def test_a_refusal_of_the_role_escaping_a_slot_is_shown_in_the_windows_language(qapp, monkeypatch, english) -> None:
    from expo_console.gui.app import explain_event_file_errors
    from expo_console.gui.i18n import install_language
    from expo_console.services.access import AccessDenied

    install_language("ko")  # the english fixture puts English back afterwards
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    error = AccessDenied("role_may_not", operator="김게이트", role="gate", action="print_badges")
    explain_event_file_errors(AccessDenied, error, None)
    assert len(shown) == 1 and "김게이트" in shown[0] and "{" not in shown[0]
    assert "may not" not in shown[0] and "주최자" in shown[0]  # in Korean, not the English it was raised with


# -- keyboard shortcuts ---------------------------------------------------------------------------

_WINDOW_WIDE = (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut)


def _owners(widget, window):  # type: ignore[no-untyped-def]
    """The widgets whose context decides whether an action on `widget` fires (as Qt walks them):
    a menu counts through whatever shows its menu action; anything of the menu bar's is the window's."""
    parent = widget
    while parent is not None and parent is not window.menuBar():  # menus are windows: isAncestorOf stops there
        parent = parent.parentWidget()
    if parent is not None:
        return [window]
    if isinstance(widget, QMenu):
        return [o for shown in widget.menuAction().associatedObjects() if isinstance(shown, QWidget)
                for o in _owners(shown, window)]
    return [widget]


def _bindings(window):  # type: ignore[no-untyped-def]
    """Every key sequence bound in the window: (sequence, what, context, owner widget, binder).

    An action counts once per widget it is on (Qt matches its context against each of them).
    """
    found = []
    for action in window.findChildren(QAction):
        context = action.shortcutContext()
        for widget in (o for o in action.associatedObjects() if isinstance(o, QWidget)):
            for owner in _owners(widget, window):
                found += [(s.toString(), action.text(), Qt.ShortcutContext.WindowShortcut if owner is window
                           and context != Qt.ShortcutContext.ApplicationShortcut else context, owner, action)
                          for s in action.shortcuts() if not s.isEmpty()]
    for shortcut in window.findChildren(QShortcut):
        owner = shortcut.parent()
        found += [(s.toString(), f"QShortcut on {type(owner).__name__}", shortcut.context(), owner, shortcut)
                  for s in shortcut.keys() if not s.isEmpty()]  # noqa: SIM118 (a QShortcut, not a dict)
    for button in window.findChildren(QAbstractButton):  # a button's own shortcut is window-wide
        if not button.shortcut().isEmpty():
            found.append((button.shortcut().toString(), button.text(), Qt.ShortcutContext.WindowShortcut, button,
                          button))
    return found


def _can_be_active_together(window, one, other) -> bool:  # type: ignore[no-untyped-def]
    """Whether some focus widget makes Qt match both bindings at once (then neither fires).

    A binding inside a workspace is live only while that workspace's tab is shown; a window-wide
    one wherever the focus is; a widget one only with the focus on (or, with children, under) it.
    """
    def workspace_of(widget):  # type: ignore[no-untyped-def]
        return next((w for w in window.workspaces.values() if w is widget or w.isAncestorOf(widget)), None)

    def reaches(scope, context, target) -> bool:  # type: ignore[no-untyped-def]
        return scope is target or (context == Qt.ShortcutContext.WidgetWithChildrenShortcut
                                   and scope.isAncestorOf(target))

    def pages_apart(a, b) -> bool:  # type: ignore[no-untyped-def]
        """On different pages of the nearest stack holding both (the studio's and the photo
        corner's pages, say): one page is shown at a time, and a hidden widget's keys do not fire."""
        stack = a.parentWidget() if isinstance(a, QWidget) else None
        while stack is not None and not (isinstance(stack, QStackedWidget) and stack.isAncestorOf(b)):
            stack = stack.parentWidget()
        if stack is None:
            return False
        page_of = [next((n for n in range(stack.count()) if stack.widget(n) is w or stack.widget(n).isAncestorOf(w)),
                        -1) for w in (a, b)]
        return page_of[0] != page_of[1]

    (_, _, context_a, owner_a, _), (_, _, context_b, owner_b, _) = one, other
    space_a, space_b = workspace_of(owner_a), workspace_of(owner_b)
    if space_a is not None and space_b is not None and space_a is not space_b:
        return False  # two tabs are never shown at once
    if owner_a is not window and owner_b is not window and pages_apart(owner_a, owner_b):
        return False
    if context_a in _WINDOW_WIDE or context_b in _WINDOW_WIDE:
        return True
    return reaches(owner_a, context_a, owner_b) or reaches(owner_b, context_b, owner_a)


def test_no_key_is_bound_twice_where_both_could_fire(console, qtbot) -> None:
    """Qt fires neither of two shortcuts that match at once: Ctrl+O was both File ▸ Open and the
    gate supervisor's override, and did nothing in either."""
    window = console.window
    qtbot.waitExposed(window)  # shown as at a desk: hidden widgets would not count
    bindings = _bindings(window)
    assert {"Ctrl+O", "F2", "F11", "Ctrl+S", "Del"} <= {b[0] for b in bindings}  # it sees every kind
    clashes = sorted({f"{a[0]}: {a[1]!r} and {b[1]!r}" for i, a in enumerate(bindings) for b in bindings[i + 1:]
                      if a[0] == b[0] and a[4] is not b[4] and _can_be_active_together(window, a, b)})
    assert clashes == []


@pytest.mark.parametrize("workspace", ["floorplan", "registration", "checkin", "dashboard"])
def test_ctrl_o_opens_the_open_dialog_in_every_workspace(console, qtbot, monkeypatch, workspace) -> None:
    from expo_console.gui import file_dialogs

    asked: list[str] = []
    monkeypatch.setattr(file_dialogs, "open_file", lambda _parent, title, *a, **k: asked.append(title))
    window = console.window
    window.tabs.setCurrentWidget(window.workspaces[workspace])
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    focus = QApplication.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["Open event"]


def test_the_supervisor_override_has_its_own_key_at_the_station(console, qtbot, monkeypatch) -> None:
    window = console.window
    station = window.checkin
    from expo_console.gui.checkin.supervisor_dialog import SupervisorDialog

    asked: list[str] = []
    monkeypatch.setattr(SupervisorDialog, "exec", lambda dialog: (asked.append(dialog.windowTitle()), 0)[1])
    station.last_result = SimpleNamespace(visitor_id=1, light="red")  # a refused scan of a known visitor
    window.tabs.setCurrentWidget(station)
    window.activateWindow()
    qtbot.waitUntil(lambda: station.scan_field.hasFocus(), timeout=3000)
    qtbot.keyClick(station.scan_field, Qt.Key.Key_O,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked == ["Supervisor override"]
    assert "Ctrl+Shift+O" in station.override_button.text()


def test_simulated_visitors_are_out_of_the_list_unless_asked_and_the_menu_removes_them_after_asking(
        console, qtbot, demo_store, monkeypatch) -> None:
    from expo_console.services.changes import VisitorsChanged
    from expo_console.services.demo.visitors import SIMULATED, add_demo_visitors

    window = console.window
    registration = window.registration
    assert not registration.filters.simulated_filter.isVisibleTo(registration)  # a real event never shows it
    add_demo_visitors(demo_store, 25, seed=9, source=SIMULATED)  # what a simulated day adds
    window.hub.visitors_changed.emit(VisitorsChanged(reload=True))
    qtbot.waitUntil(lambda: registration.filters.simulated_filter.isVisibleTo(registration), timeout=10_000)
    assert registration.model.rowCount() == 400  # the event's own people only
    assert registration.count_label.text() == "400 shown of 425 visitors"
    registration.filters.simulated_filter.setCurrentIndex(registration.filters.simulated_filter.findData(None))
    assert registration.model.rowCount() == 425
    registration.filters.simulated_filter.setCurrentIndex(registration.filters.simulated_filter.findData(True))
    assert registration.model.rowCount() == 25
    action = window.remove_simulated_action
    assert action.isEnabled() and action.text() == "Remove &simulated visitors…"
    asked: list[str] = []
    answer = QMessageBox.StandardButton.No
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda _p, _t, text, *a: asked.append(text) or answer))
    action.trigger()
    assert "Delete the 25 visitors that simulated days made up" in asked[0]
    assert registration.model.rowCount() == 25  # No: nothing happened
    answer = QMessageBox.StandardButton.Yes
    action.trigger()
    qtbot.waitUntil(lambda: not registration.filters.simulated_filter.isVisibleTo(registration), timeout=10_000)
    assert registration.filters.simulated_filter.currentData() is False  # back to the event's own people
    assert registration.model.rowCount() == 400 and registration.count_label.text() == "400 shown of 400 visitors"
    assert window.statusBar().currentMessage() == "25 simulated visitors removed."
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", staticmethod(lambda _p, _t, text, *a: told.append(text)))
    assert window.remove_simulated_visitors() == 0 and told == ["This event has no simulated visitors."]


def test_the_console_started_with_screenshot_paints_the_window_and_quits(demo_store, tmp_path: Path) -> None:
    """The window as `expo-console --screenshot` starts it: its own process, its own desk preferences."""
    import os
    import subprocess
    import sys

    from support import REPO

    shot = tmp_path / "window.png"
    done = subprocess.run([sys.executable, "-m", "expo_console", "--db", str(demo_store.path), "--lang", "en",
                           "--screenshot", str(shot)], env={**os.environ, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000
    assert settings.recent_files() == [str(demo_store.path)]  # remembered in this test's desk folder


def test_a_screenshot_with_nobody_signed_in_says_how_instead_of_waiting_on_the_sign_in_dialog(demo_store,
                                                                                              tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from support import REPO

    env = {k: v for k, v in os.environ.items() if k not in ("EXPO_CONSOLE_OPERATOR", "EXPO_CONSOLE_PIN")}
    done = subprocess.run([sys.executable, "-m", "expo_console", "--db", str(demo_store.path), "--lang", "en",
                           "--screenshot", str(tmp_path / "window.png")], env={**env, "PYTHONPATH": str(REPO)},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1 and "set EXPO_CONSOLE_OPERATOR and EXPO_CONSOLE_PIN" in done.stderr
    assert not (tmp_path / "window.png").exists()


@pytest.mark.parametrize(("language", "label", "hint"), [
    ("ko", "첫 주최 운영자 (로그인 이름) *", "주최 회사가 아니라"),
    ("en", "First organizer (sign-in name) *", "not the organizing company"),
])
def test_the_new_events_first_organizer_is_asked_as_a_person_who_signs_in(qtbot, language: str, label: str,
                                                                          hint: str) -> None:
    """A tester read "Organizer's name" as the host company, typed 한국전시주식회사, and that became
    the sign-in name printed on the certificate of destruction."""
    from PySide6.QtWidgets import QFormLayout, QLabel

    from expo_console.gui.main_window import NewEventDialog

    install_language(language)
    try:
        dialog = NewEventDialog()
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        form = dialog.layout()
        assert isinstance(form, QFormLayout)
        shown = form.labelForField(dialog.organizer)
        assert isinstance(shown, QLabel) and shown.text() == label
        assert dialog.organizer_hint.isVisible() and hint in dialog.organizer_hint.text()
        assert dialog.organizer_hint.geometry().right() <= dialog.width()  # wrapped, not cut
        assert dialog.organizer.placeholderText()
    finally:
        install_language("en")


def test_on_a_1366_by_768_laptop_the_window_opens_within_the_screen(demo_store, tmp_path: Path) -> None:
    """On a 1366×768 laptop the window opened at 1360×820: the status bar (who is signed in, the
    hub) was below the screen's edge. The console, in its own process, on a screen of that size."""
    import json
    import os
    import subprocess
    import sys

    from PySide6.QtGui import QImage

    from expo_console.gui.window_place import FRAME_ROOM
    from support import REPO

    screen = tmp_path / "laptop.json"
    screen.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    shot = tmp_path / "window.png"
    done = subprocess.run([sys.executable, "-m", "expo_console", "--db", str(demo_store.path), "--lang", "ko",
                           "--screenshot", str(shot)],
                          env={**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": f"offscreen:configfile={screen}"},
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    painted = QImage(str(shot))
    assert painted.width() + FRAME_ROOM.width() <= 1366 and painted.height() + FRAME_ROOM.height() <= 768, \
        painted.size()


def test_a_remembered_geometry_is_kept_only_when_it_fits_the_screen(qtbot, demo_store, hub) -> None:
    from PySide6.QtCore import QRect

    from expo_console.gui.main_window import MainWindow
    from expo_console.gui.window_place import place_window

    laptop = QApplication.primaryScreen().availableGeometry()  # the test platform's: 800×800
    window = MainWindow(demo_store, hub)
    qtbot.addWidget(window)
    window.setGeometry(QRect(10, 10, 1360, 820))  # as remembered on the organizer's office monitor
    office = bytes(window.saveGeometry())
    window.setMinimumSize(0, 0)  # the test screen is narrower than the window's layout needs
    window.setGeometry(QRect(40, 60, 700, 600))
    fitting = bytes(window.saveGeometry())
    place_window(window, office, laptop)
    assert laptop.contains(window.geometry()) and window.height() <= laptop.height() - 40
    place_window(window, fitting, laptop)
    assert window.geometry() == QRect(40, 60, 700, 600)
