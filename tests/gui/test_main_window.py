"""The main window and the application around it: demo title, events, language."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from expo_console.gui import settings
from expo_console.gui.app import ConsoleApp
from expo_console.gui.i18n import install_language
from expo_console.services.events import EventDetails, event_info


@pytest.fixture
def console(qapp, qtbot, demo_store, english):
    args = argparse.Namespace(db=demo_store.path, workspace=None, lang="en", screenshot=None)
    app = ConsoleApp(qapp, args)
    window = app.show(demo_store)
    qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=10_000)
    yield app
    app.window.close()
    install_language("en")


def test_title_says_demo_and_the_registration_workspace_is_there(console) -> None:
    window = console.window
    assert window.windowTitle().startswith("[DEMO] 2022 스마트비즈엑스포")
    assert window.tabs.count() == 4  # the four workspaces, no placeholders
    assert [window.tabs.tabText(i) for i in range(4)] == ["Floor plan", "Registration && badges", "Check-in",
                                                          "Dashboard"]
    assert window.tabs.currentWidget() is window.registration  # the desk opens on registration


def test_new_event_opens_an_empty_event_and_is_listed_in_recent_files(console, qtbot, tmp_path: Path) -> None:
    target = tmp_path / "new-expo.expo"
    console.create(target, EventDetails("2023 스마트비즈엑스포", "2023-10-10", "2023-10-13"))
    window = console.window
    qtbot.waitUntil(lambda: window.registration.is_loaded, timeout=10_000)
    assert window.windowTitle() == "2023 스마트비즈엑스포 — Expo Console"
    assert window.registration.model.rowCount() == 0
    assert event_info(console.store)["visitors"] == 0
    assert str(target) in settings.recent_files()


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
    from expo_console.services import badge_keys
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
    from expo_console.services.registration import set_blocked
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
