"""A person's data and the purge, in the window (issue 21): an organizer saves everything held
about one visitor as a PDF for them or as JSON, sets how long the personal data is kept, purges
it on or after the retention date (typing the event's name; the certificate of destruction
saved), and is reminded at start-up once the date has passed. The other roles are told why not."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.gui import file_dialogs
from expo_console.gui.app import ConsoleApp
from expo_console.gui.main_window import MainWindow
from expo_console.gui.personal_data.purge_dialog import PurgeDialog
from expo_console.gui.personal_data.saved_notice import SavedNotice
from expo_console.services.demo.visitors import add_demo_visitors
from expo_console.services.events import EventDetails, create_event
from expo_console.services.operators import DEMO_PIN, add_demo_operators, sign_in_store
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore
from support import TEST_STAMP

EVENT_NAME = "2024 서울 국제 전시회"
PERSON = "김열람"


def event_ended(tmp_path: Path, days_ago: int, *, visitors: int = 30) -> tuple[EventStore, str]:
    """A real (not demo) three-day event whose last day was `days_ago` days ago, with an operator
    per role (PIN 0000), `visitors` visitors and one more, PERSON, whose id is returned."""
    last_day = dt.date.today() - dt.timedelta(days=days_ago)
    store = create_event(tmp_path / "expo.expo", EventDetails(EVENT_NAME, (last_day - dt.timedelta(days=2)).isoformat(),
                                                              last_day.isoformat()), TEST_STAMP)
    add_demo_operators(store)
    add_demo_visitors(store, visitors)
    person = register_visitor(store, VisitorDraft(name=PERSON, company="(주)열람", phone="010-2468-1357",
                                                  email="view@example.kr", consents=frozenset({Consent.REQUIRED}))
                              ).visitor_id
    return store, person


@pytest.fixture(autouse=True)
def _warnings_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    """A warning box would wait for a click that never comes: here it fails the test, saying what it said."""
    from PySide6.QtWidgets import QMessageBox

    def warned(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError(f"warned: {text}")

    monkeypatch.setattr(QMessageBox, "warning", staticmethod(warned))


@pytest.fixture
def windows(qtbot, hub, english):  # type: ignore[no-untyped-def]
    """Windows opened in the test, signed in as a demo operator named after their role."""
    opened: list[MainWindow] = []

    def open_as(store: EventStore, role: str) -> MainWindow:
        sign_in_store(store, role, DEMO_PIN)
        window = MainWindow(store, hub)
        opened.append(window)
        window.show()
        if window.registration is not None:
            qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=20_000)
        return window

    yield open_as
    for window in opened:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def ended_long_ago(tmp_path: Path):  # type: ignore[no-untyped-def]
    store, person = event_ended(tmp_path, days_ago=40)  # the default 30 days have passed
    yield store, person
    store.close()


def console(qapp, store: EventStore, screenshot: Path | None = None) -> ConsoleApp:  # type: ignore[no-untyped-def]
    return ConsoleApp(qapp, argparse.Namespace(db=store.path, workspace=None, lang="en", screenshot=screenshot))


def close_console(app: ConsoleApp) -> None:
    if app.window is not None:
        app.window.close()
        app.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_an_organizer_is_offered_a_persons_data_and_the_purge_and_the_other_roles_are_told_why(
        windows, ended_long_ago) -> None:
    store, _person = ended_long_ago
    organizer = windows(store, "organizer")
    menu = organizer.event_menu
    assert menu.purge_action.isEnabled() and menu.retention_action.isEnabled()
    person_data = organizer.registration.actions["person_data"]
    assert person_data.isEnabled() and person_data.shortcut().toString() == "Ctrl+Shift+D"
    assert person_data in organizer.registration.toolbar.actions()
    assert person_data in organizer.registration.context_menu().actions()
    for role in ("registration", "gate", "viewer"):
        window = windows(store, role)
        for action in (window.event_menu.purge_action, window.event_menu.retention_action):
            assert not action.isEnabled()
            assert action.toolTip() == f"Not for the {role} role: sign in as an organizer to do this."
        if role == "registration":  # the list is theirs, a person's data is not
            refused = window.registration.actions["person_data"]
            assert not refused.isEnabled() and "registration role" in refused.toolTip()
            assert refused in window.registration.context_menu().actions()
        else:
            assert window.registration is None


def test_a_persons_data_is_saved_as_json_and_as_a_pdf_for_them(windows, ended_long_ago, qtbot, tmp_path,
                                                              monkeypatch) -> None:
    store, person = ended_long_ago
    workspace = windows(store, "organizer").registration
    assert workspace.select_visitor(person)
    offered: list[str] = []

    def choose(_parent, _caption, filters, suggested, **_kw):  # type: ignore[no-untyped-def]
        offered.append(filters)
        offered.append(suggested)
        return tmp_path / "out" / "person.json"

    (tmp_path / "out").mkdir()
    monkeypatch.setattr(file_dialogs, "save_file", choose)
    workspace.actions["person_data"].trigger()
    qtbot.waitUntil(lambda: workspace.findChild(SavedNotice) is not None, timeout=20_000)
    assert offered == ["PDF for the person (*.pdf);;JSON (*.json)",
                       f"{PERSON} personal data {dt.date.today().isoformat()}.pdf"]
    notice = workspace.findChild(SavedNotice)
    assert notice.text() == f"Saved to {tmp_path / 'out' / 'person.json'}"
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    notice.open_button.click()
    assert [url.toLocalFile() for url in opened] == [str(tmp_path / "out")]
    data = json.loads((tmp_path / "out" / "person.json").read_text(encoding="utf-8"))
    assert data["visitor_id"] == person
    assert (data["registration"]["name"], data["registration"]["phone"]) == (PERSON, "010-2468-1357")
    assert audit_repo.entries(store.conn, person)[-1]["action"] == "person_data_export"

    workspace.save_selected_persons_data(tmp_path / "out" / "person.pdf")
    qtbot.waitUntil(lambda: (tmp_path / "out" / "person.pdf").exists(), timeout=20_000)
    text = pdf_text(tmp_path / "out" / "person.pdf")
    assert "Your personal data" in text and PERSON in text and "view@example.kr" in text
    assert [e["action"] for e in audit_repo.entries(store.conn, person)].count("person_data_export") == 2


def test_a_name_typed_without_an_extension_gets_the_type_chosen_in_the_save_dialog(windows, ended_long_ago, qtbot, qapp,
                                                                             tmp_path) -> None:
    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QComboBox, QFileDialog, QLineEdit

    store, person = ended_long_ago
    workspace = windows(store, "organizer").registration
    workspace.select_visitor(person)
    named: list[str] = []

    def choose_json(tries: int = 0) -> None:
        dialog = qapp.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            if tries < 500:
                QTimer.singleShot(20, lambda: choose_json(tries + 1))
            return
        dialog.setDirectory(str(tmp_path))
        types = dialog.findChild(QComboBox, "fileTypeCombo")
        types.setFocus()
        qtbot.keyClick(types, Qt.Key.Key_Down)  # PDF for the person → JSON, as a person picks it
        name = dialog.findChild(QLineEdit, "fileNameEdit")
        named.append(name.text())  # the suggested name follows the type
        name.setText("for-the-visitor")  # typed without an extension: the type chosen gives it
        dialog.accept()

    QTimer.singleShot(0, choose_json)
    workspace.save_selected_persons_data()
    assert named == [f"{PERSON} personal data {dt.date.today().isoformat()}.json"]
    target = tmp_path / "for-the-visitor.json"
    qtbot.waitUntil(target.exists, timeout=20_000)
    assert json.loads(target.read_text(encoding="utf-8"))["registration"]["email"] == "view@example.kr"


def test_the_purge_is_refused_before_the_retention_date_which_it_names(windows, tmp_path) -> None:
    store, _person = event_ended(tmp_path, days_ago=5)
    try:
        window = windows(store, "organizer")
        dialog = window.event_menu.open_purge()
        keep_until = (dt.date.today() + dt.timedelta(days=25)).isoformat()
        assert dialog.retention.text() == keep_until and dialog.visitors.text() == "31"
        assert f"kept until its retention date, {keep_until}: the purge becomes possible on that day" in \
            dialog.explanation.text()
        assert dialog.confirm.isHidden() and not dialog.purge_button.isEnabled()
        dialog.confirm.setText(EVENT_NAME)  # even so
        assert dialog.purge() is None
        assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 31
        dialog.reject()
    finally:
        store.close()


def test_shortening_the_retention_period_shows_the_new_date_and_makes_the_purge_possible(windows, tmp_path) -> None:
    store, _person = event_ended(tmp_path, days_ago=5)
    try:
        window = windows(store, "organizer")
        purge = window.event_menu.open_purge()
        assert not purge.ready
        settings = purge.change_retention()
        settings.days.setValue(3)
        last_day = dt.date.today() - dt.timedelta(days=5)
        assert settings.date_label.text() == (last_day + dt.timedelta(days=3)).isoformat()
        assert "has passed" in settings.note.text()
        assert settings.save()
        assert purge.ready and purge.period.text() == "3 days after the last day"
        assert audit_repo.entries(store.conn)[-1]["action"] == "event_setting"
        # the dialog grows with what it now shows: nothing squeezed, the Change… button whole
        QApplication.processEvents()
        assert purge.height() >= purge.sizeHint().height()
        assert purge.change_button.height() >= purge.change_button.sizeHint().height()
        purge.reject()
    finally:
        store.close()


def test_after_the_retention_date_the_purge_erases_everyone_certifies_it_and_the_window_shows_no_one(
        qapp, qtbot, ended_long_ago, english, tmp_path, monkeypatch) -> None:
    store, person = ended_long_ago
    names = [r[0] for r in store.conn.execute("SELECT name FROM visitors")]
    certificate = tmp_path / "certificate.pdf"
    monkeypatch.setattr(file_dialogs, "save_file", lambda *_a, **_k: certificate)
    app = console(qapp, store)
    try:
        first = app.show(store)
        assert first is not None and first.registration.model.rowCount() in (0, 31)
        qtbot.waitUntil(lambda: first.registration.is_loaded, timeout=20_000)
        first.event_menu.reminder.done(0)
        assert first.registration.select_visitor(person)
        first.registration.edit_selected()  # their details in the form, their badge beside it
        assert first.registration.badge_panel.visitor_id == person
        dialog = first.event_menu.open_purge()
        assert dialog.ready and not dialog.purge_button.isEnabled()
        assert dialog.irreversible.isVisible() and dialog.irreversible.text().startswith("This cannot be undone")
        dialog.confirm.setText("2024 서울")
        assert not dialog.purge_button.isEnabled()
        dialog.confirm.setText(f"  {EVENT_NAME} ")
        assert dialog.purge_button.isEnabled()
        dialog.purge_button.click()
        qtbot.waitUntil(lambda: dialog.certificate is not None, timeout=30_000)
        assert dialog.findChild(type(dialog.visitors), "purged_visitors").text() == "31"
        assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 0
        assert first.registration.model.rowCount() == 0  # the views reloaded on the purge's change
        qtbot.waitUntil(lambda: first.registration.badge_panel.visitor_id is None, timeout=10_000)
        assert first.registration.form.editing_id is None and first.registration.form.inputs["name"].text() == ""
        text = pdf_text(certificate)
        assert "Certificate of destruction" in text and EVENT_NAME in text and TEST_STAMP.operator in text
        assert audit_repo.entries(store.conn)[-1]["action"] == "purge"
        dialog.reject()  # Close: the window is built again from the file
        rebuilt = app.window
        assert rebuilt is not first and rebuilt is not None
        qtbot.waitUntil(lambda: rebuilt.registration.is_loaded, timeout=20_000)
        assert rebuilt.registration.model.rowCount() == 0
        raw = store.path.read_bytes()
        assert PERSON.encode() not in raw and not [n for n in names if n and n.encode() in raw]
        assert rebuilt.event_menu.reminder is None  # nothing left to destroy
        assert person not in raw.decode("latin-1")
    finally:
        close_console(app)


def test_a_certificate_not_saved_can_be_saved_elsewhere_and_again_once_the_dialog_is_closed(
        windows, ended_long_ago, qtbot, tmp_path, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    store, _person = ended_long_ago
    places = [tmp_path / "no-such-folder" / "certificate.pdf", tmp_path / "certificate.pdf", tmp_path / "again.pdf"]
    monkeypatch.setattr(file_dialogs, "save_file", lambda *_a, **_k: places.pop(0))
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda _p, _t, text, *_a, **_k: warnings.append(text)))
    window = windows(store, "organizer")
    dialog = window.event_menu.open_purge()
    dialog.confirm.setText(EVENT_NAME)
    dialog.purge_button.click()
    qtbot.waitUntil(lambda: bool(warnings), timeout=30_000)  # the folder does not exist
    assert "certificate.pdf was not saved" in warnings[0] and "choose another folder" in warnings[0]
    assert dialog.certificate is None and dialog.save_button.isVisible() and dialog.save_button.isEnabled()
    assert not (tmp_path / "no-such-folder").exists()
    dialog.save_button.click()  # another place
    qtbot.waitUntil(lambda: dialog.certificate == tmp_path / "certificate.pdf", timeout=30_000)
    dialog.done(0)
    again = window.event_menu.open_purge()  # later: the purge's certificate is offered again
    assert again.certificate_row.isVisible() and again.save_button.isVisible()
    assert again.certificate_label.text().startswith("A purge was done on") and "by organizer" in \
        again.certificate_label.text()
    again.save_button.click()
    qtbot.waitUntil(lambda: again.certificate == tmp_path / "again.pdf", timeout=30_000)
    assert pdf_text(tmp_path / "again.pdf") == pdf_text(tmp_path / "certificate.pdf")
    again.done(0)


def test_an_organizer_is_reminded_at_start_up_once_the_date_has_passed_and_only_once(
        qapp, qtbot, ended_long_ago, english, monkeypatch) -> None:
    store, _person = ended_long_ago
    app = console(qapp, store)
    try:
        window = app.show(store)
        reminder = window.event_menu.reminder
        assert reminder is not None and reminder.isVisible()
        keep_until = (dt.date.today() - dt.timedelta(days=10)).isoformat()
        assert reminder.text() == f"The retention date ({keep_until}) has passed: 31 visitors' personal data " \
                                  "should be destroyed."
        assert [b.text() for b in (reminder.purge_button, reminder.later_button)] == ["Purge now…", "Later"]
        reminder.purge_button.click()
        dialog = window.findChild(PurgeDialog)
        assert dialog is not None and dialog.isVisible() and dialog.ready
        dialog.reject()
        again = app.show(store)  # the window built again (a language changed): not reminded twice
        assert again is not window and again.event_menu.reminder is None
    finally:
        close_console(app)


@pytest.mark.parametrize("case", ["registration operator", "before the date", "screenshot run", "demo event"])
def test_no_reminder_for_another_role_before_the_date_in_a_screenshot_or_on_the_demo(
        qapp, tmp_path, english, case) -> None:
    if case == "demo event":
        from expo_console.services.demo.event import create_demo_event

        store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=10)  # 2022: long past its date
    else:
        store, _person = event_ended(tmp_path, days_ago=5 if case == "before the date" else 40, visitors=5)
    if case == "registration operator":
        sign_in_store(store, "registration", DEMO_PIN)
    app = console(qapp, store, screenshot=tmp_path / "shot.png" if case == "screenshot run" else None)
    try:
        window = app.show(store)
        assert window is not None and window.event_menu.reminder is None
        assert QApplication.activeModalWidget() is None
    finally:
        close_console(app)
        store.close()


def test_the_reminder_the_purge_and_the_retention_period_speak_korean(qapp, ended_long_ago) -> None:
    from PySide6.QtWidgets import QAbstractButton, QLabel
    from test_korean_ui import english_left

    from expo_console.gui.i18n import install_language

    store, _person = ended_long_ago
    install_language("ko")
    app = console(qapp, store)
    try:
        window = app.show(store)
        reminder = window.event_menu.reminder
        purge = window.event_menu.open_purge()
        retention = purge.change_retention()
        texts = [reminder.text(), reminder.informativeText(), purge.windowTitle(), retention.windowTitle(),
                 window.event_menu.purge_action.text(), window.registration.actions["person_data"].toolTip()]
        for widget in (reminder, purge, retention):
            texts += [label.text() for label in widget.findChildren(QLabel)]
            texts += [button.text() for button in widget.findChildren(QAbstractButton)]
        names = (EVENT_NAME, TEST_STAMP.operator)
        english = [text for text in texts if english_left(text.replace(names[0], "").replace(names[1], ""))]
        assert english == []
        assert "보존 기한" in reminder.text() and "되돌릴 수 없습니다" in purge.irreversible.text()
        retention.reject()
        purge.reject()
    finally:
        install_language("en")
        close_console(app)
