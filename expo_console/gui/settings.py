"""Per-desk preferences: language, recent files, window geometry, file folders, the check-in
station's set-up, the badge format and printer. Every QSettings of the desk is made here.

Settings that belong to the event live in the event file, not here (docs/architecture.md, 6).

They are one INI file in the desk's own config folder (services.desk.config_dir(): platformdirs,
or EXPO_CONSOLE_CONFIG_DIR), beside its id and badge keys, not in Qt's per-organisation place
(which follows HOME and XDG_CONFIG_HOME, and is the registry on Windows): a desk rehearsed or
tested with a config folder of its own then never changes the preferences of the user's desk.
Preferences an earlier version kept in Qt's place are copied over once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from expo_console.services.desk import config_dir

MAX_RECENT = 8
FILE_NAME = "preferences.ini"
_EARLIER = ("ExpoConsole", "expo-console")  # QSettings(organisation, application) before the INI file
_adopted: set[Path] = set()


def settings_path() -> Path:
    return config_dir() / FILE_NAME


def _settings() -> QSettings:
    path = settings_path()
    settings = QSettings(str(path), QSettings.Format.IniFormat)
    if path not in _adopted:
        _adopted.add(path)
        # only the user's own desk had the earlier place: a desk with a config folder of its own
        # (a rehearsal, a test) starts afresh rather than taking the user's station and files
        if not path.exists() and "EXPO_CONSOLE_CONFIG_DIR" not in os.environ:
            _adopt_earlier(settings)
    return settings


def _adopt_earlier(settings: QSettings) -> None:
    earlier = QSettings(*_EARLIER)  # read only: nothing is written back there
    keys = earlier.allKeys()
    if not keys:
        return
    for key in keys:
        settings.setValue(key, earlier.value(key))
    settings.sync()


def language() -> str:
    value = _settings().value("ui/language", "ko")
    return value if value in ("ko", "en") else "ko"


def set_language(code: str) -> None:
    _settings().setValue("ui/language", code)


def recent_files() -> list[str]:
    value = _settings().value("files/recent", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if v and Path(v).exists()]


def add_recent_file(path: Path) -> None:
    entries = [str(path)] + [p for p in recent_files() if p != str(path)]
    _settings().setValue("files/recent", entries[:MAX_RECENT])


def window_geometry() -> bytes | None:
    value = _settings().value("window/geometry")
    return bytes(value) if value else None


def set_window_geometry(data: bytes) -> None:
    _settings().setValue("window/geometry", data)


def last_folder(kind: str) -> str:
    """The folder this desk last read or wrote a `kind` of file in ("" when none yet)."""
    return str(_settings().value(f"folders/{kind}", "") or "")


def set_last_folder(kind: str, folder: Path) -> None:
    _settings().setValue(f"folders/{kind}", str(folder))


def desk_printer() -> str:
    """The printer this desk prints badges on, by its print system's name ("" until one is chosen)."""
    return str(_settings().value("printing/printer", "") or "")


def set_desk_printer(name: str) -> None:
    # "" means "none chosen yet": saving it would hide the system's default behind a blank.
    if not name.strip():
        raise ValueError("a desk printer needs a name")
    _settings().setValue("printing/printer", name)


@dataclass(frozen=True, slots=True)
class StationSetup:
    """What the check-in station was set to at this desk (gate is a gate id, direction in/out/both)."""

    station: str
    gate: str
    direction: str
    operator: str


def station_setup(default: StationSetup) -> StationSetup:
    settings = _settings()

    def text(key: str, fallback: str) -> str:
        value = settings.value(f"checkin/{key}", fallback)
        return fallback if value is None else str(value)

    return StationSetup(text("station", default.station), text("gate", default.gate),
                        text("direction", default.direction), text("operator", default.operator))


def set_station_setup(setup: StationSetup) -> None:
    settings = _settings()
    for key in ("station", "gate", "direction", "operator"):
        settings.setValue(f"checkin/{key}", getattr(setup, key))


def badge_format() -> str:
    """The badge format chosen last at this desk (a template id such as a6)."""
    return str(_settings().value("printing/format", "a6") or "a6")


def set_badge_format(format_id: str) -> None:
    _settings().setValue("printing/format", format_id)


def desk_name() -> str:
    """What this desk is called on the event hub (*Desks…*): the name given last, else the computer's."""
    import platform

    return str(_settings().value("hub/desk_name", "") or "") or platform.node()


def set_desk_name(name: str) -> None:
    _settings().setValue("hub/desk_name", name.strip())
