"""Desk preferences live in one INI file in the desk's config folder, and only gui/settings.py makes them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from expo_console.gui import settings
from support import REPO


def _write_every_preference(folder: Path) -> None:
    settings.set_language("en")
    settings.add_recent_file(folder)
    settings.set_window_geometry(b"\x01\x02geometry")
    settings.set_last_folder("import", folder)
    settings.set_station_setup(settings.StationSetup("B홀 정문 2", "gate-main", "out", "김민지"))
    settings.set_badge_format("4x6in")
    settings.set_desk_printer("Badges-1")


def test_every_preference_goes_to_the_ini_file_in_the_desk_config_folder(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "desk-config"
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(config))
    qt_place = tmp_path / "qsettings"  # where the GUI conftest points Qt's own per-user settings
    _write_every_preference(tmp_path)

    assert settings.settings_path() == config / "preferences.ini"
    written = QSettings(str(config / "preferences.ini"), QSettings.Format.IniFormat)
    assert written.value("checkin/station") == "B홀 정문 2" and written.value("printing/format") == "4x6in"
    assert not qt_place.exists() or not any(qt_place.rglob("*.conf"))
    assert settings.language() == "en"
    assert settings.recent_files() == [str(tmp_path)]
    assert settings.window_geometry() == b"\x01\x02geometry"
    assert settings.last_folder("import") == str(tmp_path)
    assert settings.station_setup(settings.StationSetup("", "", "", "")) == settings.StationSetup(
        "B홀 정문 2", "gate-main", "out", "김민지")
    assert (settings.badge_format(), settings.desk_printer()) == ("4x6in", "Badges-1")


def test_without_a_config_folder_of_its_own_the_desk_uses_platformdirs_and_keeps_earlier_preferences(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EXPO_CONSOLE_CONFIG_DIR")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    earlier = QSettings("ExpoConsole", "expo-console")  # Qt's place: the GUI conftest moved it to tmp_path
    earlier.setValue("checkin/station", "B홀 정문 1")
    earlier.setValue("ui/language", "en")
    earlier.sync()
    del earlier

    assert settings.settings_path() == tmp_path / "xdg" / "expo-console" / "preferences.ini"
    assert settings.language() == "en"  # copied over on first use
    assert settings.station_setup(settings.StationSetup("x", "", "in", "y")).station == "B홀 정문 1"
    settings.set_language("ko")
    assert QSettings("ExpoConsole", "expo-console").value("ui/language") == "en"  # the earlier place is only read
    assert settings.language() == "ko"


def test_a_desk_with_a_config_folder_of_its_own_takes_nothing_from_the_earlier_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    earlier = QSettings("ExpoConsole", "expo-console")
    earlier.setValue("checkin/station", "gate-desk-test")
    earlier.sync()
    del earlier
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(tmp_path / "rehearsal"))
    assert settings.station_setup(settings.StationSetup("fresh", "", "in", "")).station == "fresh"


def test_only_gui_settings_makes_a_qsettings() -> None:
    makers = set()
    for path in (REPO / "expo_console").rglob("*.py"):
        if re.search(r"QSettings\(", path.read_text(encoding="utf-8")):
            makers.add(path.relative_to(REPO).as_posix())
    assert makers == {"expo_console/gui/settings.py"}
