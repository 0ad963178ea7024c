"""File ▸ Access records… (issue 21): an organizer reads who did what, when, at which desk and
about whom, a page at a time as the list scrolls; filters it by operator, action, person and
dates (Ctrl+F to the person, Esc closes); exports exactly what is listed; and sees the day's
unusual patterns, in Korean. Other roles find the menu item disabled, saying why."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication

from expo_console.gui.access_records import model as records_model
from expo_console.gui.access_records.dialog import AccessRecordsDialog
from expo_console.gui.access_records.model import (
    COL_ACTION,
    COL_PERSON,
    COL_ROLE,
    AccessRecordsModel,
)
from expo_console.gui.main_window import MainWindow
from expo_console.services.access_records import RecordFilter, list_records, prepare
from expo_console.services.operators import DEMO_PIN, sign_in_store
from expo_console.services.registration.visitors import reveal_phone
from expo_console.storage.connection import EventStore, Stamp
from qt_support import type_text

SEOUL = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture
def window_as(qtbot, demo_store, hub, english):  # type: ignore[no-untyped-def]
    """The window on the demo event, signed in as one of its demo operators (named after their role)."""
    windows: list[MainWindow] = []

    def open_as(role: str) -> MainWindow:
        sign_in_store(demo_store, role, DEMO_PIN)
        window = MainWindow(demo_store, hub, "dashboard")
        windows.append(window)
        window.show()
        return window

    yield open_as
    for window in windows:
        window.close()
        window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def reveals(store: EventStore, n: int, operator: str = "registration") -> list[str]:
    """`operator` reveals `n` visitors' phone numbers at desk reg-1 (before a window is opened on
    the store: its workers read with the store's stamp)."""
    ids = [r[0] for r in store.conn.execute("SELECT id FROM visitors ORDER BY id LIMIT ?", (n,))]
    store.stamp = Stamp("reg-1", "os-user")
    sign_in_store(store, operator, DEMO_PIN)
    for visitor in ids:
        reveal_phone(store, visitor, "courier address")
    store.stamp = Stamp("hq", "os-user")
    return ids


def opened(window: MainWindow, qtbot) -> AccessRecordsDialog:  # type: ignore[no-untyped-def]
    window.access_records_action.trigger()
    dialog = window.access_records_dialog
    qtbot.waitUntil(dialog.isVisible)
    return dialog


def shown_ids(dialog: AccessRecordsDialog) -> list[str]:
    return [record.id for record in dialog.model.records]


def test_the_organizer_opens_the_access_records_newest_first_from_the_file_menu(window_as, qtbot) -> None:
    window = window_as("organizer")
    assert window.access_records_action.isEnabled() and window.access_records_action.text() == "&Access records…"
    dialog = opened(window, qtbot)
    store = window.store
    assert shown_ids(dialog) == [r.id for r in list_records(store, RecordFilter())]
    newest = dialog.model.index(0, COL_ACTION)
    assert (newest.data(), dialog.model.index(0, COL_ROLE).data()) == ("Signed in", "organizer")
    assert dialog.message.text() == f"{dialog.model.total:,} entries, newest first."
    window.access_records_action.trigger()  # asked again: the same dialog comes forward
    assert window.access_records_dialog is dialog
    dialog.close()
    reveal_phone(window.store, window.store.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0], "call")
    window.access_records_action.trigger()  # opened again after closing: read again
    assert dialog.isVisible() and dialog.model.index(0, COL_ACTION).data() == "Phone number revealed"


@pytest.mark.parametrize("role", ["registration", "gate", "viewer"])
def test_other_roles_find_the_access_records_disabled_saying_why(window_as, role: str) -> None:
    window = window_as(role)
    assert not window.access_records_action.isEnabled()
    assert window.access_records_action.toolTip() == f"Not for the {role} role: sign in as an organizer to do this."
    dialog = AccessRecordsDialog(window.store, window.hub, window)  # reached some other way: it shows nothing
    assert dialog.model.rowCount() == 0 and "who may not see the access records" in dialog.message.text()
    assert not dialog.export_button.isEnabled()
    dialog.deleteLater()


def test_the_list_reads_a_page_at_a_time_as_it_scrolls(window_as, demo_store, qtbot, monkeypatch) -> None:
    monkeypatch.setattr(records_model, "PAGE", 20)
    reveals(demo_store, 45)  # before the window: its dashboard reads the day on a worker as the organizer
    window = window_as("organizer")
    dialog = opened(window, qtbot)
    total = dialog.model.total
    assert total > 50 and dialog.model.rowCount() == 20 and dialog.model.canFetchMore()
    pages = [dialog.model.rowCount()]
    while dialog.model.canFetchMore():
        dialog.table.scrollToBottom()  # the view asks for the next page when it reaches the end
        qtbot.waitUntil(lambda: dialog.model.rowCount() > pages[-1], timeout=5000)
        pages.append(dialog.model.rowCount())
    assert pages[:2] == [20, 40] and pages[-1] == total
    assert shown_ids(dialog) == [r.id for r in list_records(window.store, RecordFilter(), limit=total)]


def test_the_filters_and_the_keyboard(window_as, demo_store, qtbot) -> None:
    ids = reveals(demo_store, 3)
    window = window_as("organizer")
    name = window.store.conn.execute("SELECT name FROM visitors WHERE id = ?", (ids[0],)).fetchone()[0]
    dialog = opened(window, qtbot)
    dialog.action.setCurrentIndex(dialog.action.findData("reveal_phone"))
    assert [dialog.model.index(row, COL_ACTION).data() for row in range(dialog.model.rowCount())] == [
        "Phone number revealed"] * 3
    dialog.operator.setCurrentIndex(dialog.operator.findData("organizer"))
    assert dialog.model.rowCount() == 0 and dialog.message.text() == "No access records match these filters."
    dialog.clear_filters()
    dialog.activateWindow()  # the keyboard goes to the dialog, as when a person opens it
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.table.setFocus()
    qtbot.keyClick(dialog.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert dialog.person.hasFocus()
    type_text(dialog.person, name)  # a Korean or English name, as typed at the desk
    qtbot.waitUntil(lambda: shown_ids(dialog) == [r.id for r in list_records(window.store, RecordFilter(person=name))])
    assert {dialog.model.index(row, COL_PERSON).data() for row in range(dialog.model.rowCount())} == {name}
    dialog.dated.setChecked(True)  # today, on the event's clock: the reveal
    assert dialog.model.rowCount() == 1
    dialog.until.setDate(dialog.until.date().addDays(-1))
    dialog.since.setDate(dialog.since.date().addDays(-1))  # yesterday: nothing
    assert dialog.model.rowCount() == 0 and dialog.message.text() == "No access records match these filters."
    qtbot.keyClick(dialog.person, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_an_export_holds_exactly_the_listed_entries_and_is_recorded(window_as, demo_store, qtbot,
                                                                    tmp_path: Path) -> None:
    reveals(demo_store, 4)
    window = window_as("organizer")
    dialog = opened(window, qtbot)
    dialog.action.setCurrentIndex(dialog.action.findData("reveal_phone"))
    listed = shown_ids(dialog)
    dialog.export(tmp_path / "reveals.csv")
    qtbot.waitUntil(lambda: (tmp_path / "reveals.csv").exists(), timeout=10_000)
    with (tmp_path / "reveals.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert [row[-1] for row in rows[1:]] == listed and len(listed) == 4
    qtbot.waitUntil(lambda: list_records(window.store, RecordFilter(), limit=1)[0].action == "access_records_export")


def test_the_day_s_unusual_reveals_are_said_in_korean_and_open_their_records(window_as, demo_store, qtbot) -> None:
    from expo_console.gui.i18n import install_language

    install_language("ko")
    reveals(demo_store, 25)
    window = window_as("organizer")
    dialog = opened(window, qtbot)
    assert dialog.tabs.tabText(1) == "오늘의 이상 접근 1건(&U)"
    assert dialog.model.headerData(0, Qt.Orientation.Horizontal) == "시각"
    assert dialog.model.index(0, COL_ACTION).data() == "로그인"
    dialog.tabs.setCurrentIndex(1)
    finding = dialog.unusual.table.item(0, 2).text()
    today = dt.datetime.now(SEOUL).date().isoformat()
    assert finding.startswith(f"registration 님이 {today} ") and "전화번호 25건을 열람했습니다" in finding
    dialog.unusual.table.selectRow(0)
    dialog.unusual.open_button.click()
    assert dialog.tabs.currentIndex() == 0 and dialog.operator.currentData() == "registration"
    assert dialog.action.currentText() == "전화번호 열람" and dialog.model.total == 25


def test_the_model_passes_the_model_tester(qtmodeltester, demo_store: EventStore) -> None:
    model = AccessRecordsModel(demo_store)
    model.show(prepare(demo_store, RecordFilter()))
    qtmodeltester.check(model, force_py=True)
