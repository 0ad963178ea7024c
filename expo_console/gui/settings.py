"""Per-desk preferences in QSettings: language, recent files, window geometry, file folders,
the badge printer and format.

Settings that belong to the event live in the event file, not here (ARCHITECTURE.md, 9).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

MAX_RECENT = 8


def _settings() -> QSettings:
    return QSettings("ExpoConsole", "expo-console")


def language() -> str:
    value = _settings().value("ui/language", "ko")
    return value if value in ("ko", "en") else "ko"


def set_language(code: str) -> None:
    _settings().setValue("ui/language", code)


def recent_files() -> list[str]:
    value = _settings().value("files/recent", [])
    if isinstance(value, str):
        value = [value]
    return [v for v in (value or []) if Path(v).exists()]


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


def badge_format() -> str:
    """The badge format this desk prints (a template id)."""
    return str(_settings().value("printing/format", "a6") or "a6")


def set_badge_format(format_id: str) -> None:
    _settings().setValue("printing/format", format_id)
