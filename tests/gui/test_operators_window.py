"""Event ▸ Operators… (issue 21): an organizer manages who signs in at the event's desks in the
window, through the services (which check the role, keep the last organizer and audit every
change): adds an operator who can then sign in, changes a role, gives a new PIN that lifts a
lockout, disables and enables, and disables the demo accounts (PIN 0000) in one go. Other roles
find the action disabled, saying why. Real window, real event file, keys as a person types them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from expo_console.gui.main_window import MainWindow
from expo_console.gui.operators_dialog import (
    COL_DEMO,
    COL_LAST,
    COL_NAME,
    COL_ROLE,
    COL_STATE,
    AddOperatorDialog,
    OperatorsDialog,
    PinDialog,
    RoleDialog,
)
from expo_console.services.events import open_event
from expo_console.services.operators import (
    DEMO_PIN,
    MAX_TRIES,
    OperatorError,
    sign_in,
    sign_in_store,
)
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore
from support import TEST_STAMP


@pytest.fixture
def demo_file(event_templates, tmp_path: Path) -> Iterator[EventStore]:
    """A small demo event: its operators organizer, registration, gate and viewer, PIN 0000."""
    store = open_event(event_templates.demo(visitors=10).copy_to(tmp_path / "demo.expo"), TEST_STAMP)
    yield store
    store.close()


@pytest.fixture
def window_as(qtbot, demo_file, hub, english):  # type: ignore[no-untyped-def]
    windows: list[MainWindow] = []

    def open_as(role: str) -> MainWindow:
        sign_in_store(demo_file, role, DEMO_PIN)
        window = MainWindow(demo_file, hub)
        windows.append(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield open_as
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def operators_dialog(window_as, qtbot) -> OperatorsDialog:  # type: ignore[no-untyped-def]
    """The organizer's window, Event ▸ Operators… chosen."""
    window = window_as("organizer")
    assert window.operators_action.isEnabled()
    window.operators_action.trigger()
    dialog = window.findChild(OperatorsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def row_of(dialog: OperatorsDialog, name: str) -> list[str]:
    for row in range(dialog.table.rowCount()):
        if dialog.table.item(row, COL_NAME).text() == name:
            return [dialog.table.item(row, column).text() for column in range(dialog.table.columnCount())]
    raise AssertionError(f"{name} is not listed: {[o['name'] for o in dialog.rows]}")


def select(dialog: OperatorsDialog, name: str) -> None:
    dialog.table.selectRow([o["name"] for o in dialog.rows].index(name))
    dialog.table.setFocus()


def answer_yes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer the confirmations Yes; the questions asked are kept."""
    asked: list[str] = []

    def yes(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes
    monkeypatch.setattr(QMessageBox, "question", staticmethod(yes))
    return asked


def typed_pin(form: AddOperatorDialog | PinDialog, pin: str, again: str | None = None) -> None:
    form.pins.pin.setText(pin)
    form.pins.again.setText(pin if again is None else again)


def audited(store: EventStore) -> list[str]:
    return [entry["action"] for entry in audit_repo.entries(store.conn)]


def test_the_organizer_lists_the_demo_operators_with_their_role_and_state(window_as, qtbot) -> None:
    window = window_as("organizer")
    assert window.operators_action.shortcut().toString() == "Ctrl+Shift+M"
    window.operators_action.trigger()
    dialog = window.findChild(OperatorsDialog)
    assert [o["name"] for o in dialog.rows] == ["gate", "organizer", "registration", "viewer"]
    assert row_of(dialog, "gate")[COL_ROLE:] == ["gate", "Demo · PIN 0000", "Active", "never"]
    assert row_of(dialog, "organizer")[COL_LAST] != "never"  # signed in to open this window
    assert "Scan badges" in dialog.table.item(0, COL_ROLE).toolTip()  # what the role may do
    qtbot.keyClick(dialog.table, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_added_operator_signs_in_with_that_pin_and_role(operators_dialog, qtbot) -> None:
    dialog = operators_dialog
    qtbot.keyClick(dialog.table, Qt.Key.Key_Insert)
    form = dialog.open_form
    assert isinstance(form, AddOperatorDialog) and form.isVisible()
    form.name.setText("김등록")
    form.role.setCurrentIndex(form.role.findData("registration"))
    typed_pin(form, "2580", again="2581")
    assert not form.try_apply()
    assert form.problem.text() == "The two PINs differ: type the same PIN twice." and form.pins.pin.text() == ""
    typed_pin(form, "25")
    assert not form.try_apply()  # the service's rule, in its words
    assert form.problem.text() == "A PIN has at least 4 characters (a passphrase may be longer). Choose a longer one."
    typed_pin(form, "2580")
    assert form.try_apply() and not form.isVisible()
    assert row_of(dialog, "김등록") == ["김등록", "registration", "", "Active", "never"]
    assert dialog.message.text() == "김등록 added as registration."
    stamp = sign_in(dialog.store, "김등록", "2580")
    assert (stamp.operator, stamp.role) == ("김등록", "registration")
    dialog.refresh()
    assert row_of(dialog, "김등록")[COL_LAST] != "never"


def test_a_name_already_taken_is_refused_in_the_dialog(operators_dialog) -> None:
    form = operators_dialog.add_operator()
    form.name.setText("Gate")  # names are told apart regardless of letter case
    typed_pin(form, "1234")
    assert not form.try_apply() and form.isVisible()
    assert form.problem.text() == "There is already an operator named Gate: choose another name."


def test_enter_on_a_row_changes_its_role(operators_dialog, qtbot) -> None:
    dialog = operators_dialog
    select(dialog, "registration")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    form = dialog.open_form
    assert isinstance(form, RoleDialog) and form.operator["name"] == "registration"
    form.role.setCurrentIndex(form.role.findData("gate"))
    assert form.try_apply()
    assert row_of(dialog, "registration")[COL_ROLE] == "gate"
    assert sign_in(dialog.store, "registration", DEMO_PIN).role == "gate"
    assert "operator_role" in audited(dialog.store)
    select(dialog, "viewer")
    qtbot.keyClick(dialog.table, Qt.Key.Key_F2)
    assert isinstance(dialog.open_form, RoleDialog) and dialog.open_form.operator["name"] == "viewer"


def test_a_new_pin_lifts_a_lockout(operators_dialog, qtbot) -> None:
    dialog = operators_dialog
    for _ in range(MAX_TRIES):
        with pytest.raises(OperatorError):
            sign_in(dialog.store, "gate", "9999")
    dialog.refresh()
    assert row_of(dialog, "gate")[COL_STATE].startswith("Locked until ")
    select(dialog, "gate")
    dialog.pin_button.click()
    form = dialog.open_form
    assert isinstance(form, PinDialog) and "lifts a lock" in form.intro.text()
    typed_pin(form, "8642")
    assert form.try_apply()
    assert row_of(dialog, "gate")[COL_STATE] == "Active" and dialog.message.text() == "gate has a new PIN."
    assert sign_in(dialog.store, "gate", "8642").role == "gate"
    with pytest.raises(OperatorError):
        sign_in(dialog.store, "gate", DEMO_PIN)


def test_a_disabled_operator_cannot_sign_in_until_enabled_again(operators_dialog, qtbot, monkeypatch) -> None:
    dialog = operators_dialog
    asked = answer_yes(monkeypatch)
    select(dialog, "viewer")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert asked and asked[0].startswith("Disable viewer?")
    assert row_of(dialog, "viewer")[COL_STATE] == "Disabled"
    with pytest.raises(OperatorError):
        sign_in(dialog.store, "viewer", DEMO_PIN)
    assert dialog.disable_button.text() == "Enable"
    dialog.disable_button.click()
    assert row_of(dialog, "viewer")[COL_STATE] == "Active"
    assert sign_in(dialog.store, "viewer", DEMO_PIN).role == "viewer"
    # the refused sign-in is recorded between them (a disabled operator is answered as a wrong PIN)
    assert audited(dialog.store)[-4:-1] == ["operator_disabled", "sign_in_failed", "operator_enabled"]


def test_a_disabling_not_confirmed_changes_nothing(operators_dialog, qtbot, monkeypatch) -> None:
    dialog = operators_dialog
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *_a: QMessageBox.StandardButton.No))
    select(dialog, "gate")
    qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
    assert row_of(dialog, "gate")[COL_STATE] == "Active"
    assert sign_in(dialog.store, "gate", DEMO_PIN).role == "gate"


def test_the_last_organizer_can_be_neither_demoted_nor_disabled(operators_dialog, monkeypatch) -> None:
    dialog = operators_dialog
    select(dialog, "organizer")
    form = dialog.change_role()
    form.role.setCurrentIndex(form.role.findData("viewer"))
    assert not form.try_apply() and form.isVisible()
    assert form.problem.text() == "organizer is the last organizer of this event: make another organizer first."
    form.reject()
    answer_yes(monkeypatch)
    assert not dialog.disable_selected()
    assert dialog.message.text() == "organizer is the last organizer of this event: make another organizer first."
    assert row_of(dialog, "organizer")[COL_ROLE:COL_STATE + 1] == ["organizer", "Demo · PIN 0000", "Active"]


@pytest.mark.parametrize("role", ["registration", "gate", "viewer"])
def test_other_roles_find_the_action_disabled_saying_why(window_as, role: str) -> None:
    window = window_as(role)
    assert not window.operators_action.isEnabled()
    assert window.operators_action.toolTip() == f"Not for the {role} role: sign in as an organizer to do this."
    window.operators_action.trigger()
    assert window.findChild(OperatorsDialog) is None


def test_the_demo_accounts_are_flagged_and_disabled_in_one_go(operators_dialog, monkeypatch) -> None:
    dialog = operators_dialog
    assert dialog.demo_banner.isVisible()
    assert dialog.demo_warning.text() == ("Demo accounts use PIN 0000, which anyone who has seen the demo knows: "
                                          "disable them before the event (gate, organizer, registration, viewer).")
    asked = answer_yes(monkeypatch)
    dialog.disable_demo_button.click()
    assert asked[0].startswith("Disable the demo accounts gate, organizer, registration, viewer?")
    for name in ("gate", "registration", "viewer"):
        assert row_of(dialog, name)[COL_STATE] == "Disabled"
        with pytest.raises(OperatorError):
            sign_in(dialog.store, name, DEMO_PIN)
    # the demo's organizer is the last organizer: kept, and the dialog says what to do
    assert row_of(dialog, "organizer")[COL_STATE] == "Active"
    assert dialog.message.text() == ("Disabled: gate, registration, viewer. organizer is the last organizer of this "
                                     "event: make another organizer first.")
    assert dialog.demo_banner.isVisible() and "(organizer)" in dialog.demo_warning.text()

    form = dialog.add_operator()  # a real organizer, then the demo's can go too
    form.name.setText("김주최")
    form.role.setCurrentIndex(form.role.findData("organizer"))
    typed_pin(form, "482915")
    assert form.try_apply()
    dialog.disable_demo_button.click()
    assert row_of(dialog, "organizer")[COL_STATE] == "Disabled" and row_of(dialog, "김주최")[COL_DEMO] == ""
    assert not dialog.demo_banner.isVisible()
    assert dialog.message.text() == "Disabled: organizer."


def test_the_dialog_speaks_korean(window_as, monkeypatch) -> None:
    from expo_console.gui.i18n import install_language

    install_language("ko")
    window = window_as("organizer")
    dialog = window.manage_operators()
    headers = [dialog.table.horizontalHeaderItem(c).text() for c in range(dialog.table.columnCount())]
    assert headers == ["이름", "역할", "데모 계정", "상태", "마지막 로그인"]
    assert row_of(dialog, "gate")[COL_ROLE:] == ["게이트 담당", "데모 · PIN 0000", "사용 중", "없음"]
    assert "PIN 0000" in dialog.demo_warning.text() and "데모 계정" in dialog.demo_warning.text()
    form = dialog.add_operator()
    form.name.setText("최안내")
    typed_pin(form, "12")
    assert not form.try_apply()
    assert form.problem.text().startswith("PIN은 4자 이상")


@pytest.mark.slow  # a PostgreSQL hub
def test_an_operator_added_at_another_desk_appears_after_the_pull(qtbot, hub, english, desks) -> None:
    from expo_console.services.hub.sync import sync_once
    from expo_console.services.operators import create_operator

    a, b = desks["a"], desks["b"]
    window = MainWindow(b, hub)  # desk B's window: its sync runner pulls from the hub
    qtbot.addWidget(window)
    window.show()
    try:
        dialog = window.manage_operators()
        assert "박게이트" not in [o["name"] for o in dialog.rows]
        create_operator(a, "박게이트", "gate", "1397")
        sync_once(a, desks["dsn"])
        qtbot.waitUntil(lambda: "박게이트" in [o["name"] for o in dialog.rows], timeout=30_000)
        assert row_of(dialog, "박게이트")[COL_ROLE:COL_STATE + 1] == ["gate", "", "Active"]
    finally:
        window.close()


def test_a_closed_dialog_is_gone_and_a_new_one_opens(window_as, qtbot) -> None:
    window = window_as("organizer")
    first = window.manage_operators()
    first.reject()
    qtbot.waitUntil(lambda: window.findChild(OperatorsDialog) is None)
    second = window.manage_operators()
    assert window.findChildren(OperatorsDialog) == [second] and second.isVisible()
