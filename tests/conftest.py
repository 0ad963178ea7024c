"""Shared test set-up: every test gets its own config and data folders and a fixed desk id."""

from __future__ import annotations

import os

# Before anything imports Qt (see ARCHITECTURE.md, Tests).
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from expo_console.services.events import EventDetails, create_event  # noqa: E402
from expo_console.storage.connection import EventStore  # noqa: E402
from support import TEST_STAMP  # noqa: E402


@pytest.fixture(autouse=True)
def _isolated_user_folders(tmp_path_factory: pytest.TempPathFactory,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("EXPO_CONSOLE_CONFIG_DIR", str(home / "config"))
    monkeypatch.setenv("EXPO_CONSOLE_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("EXPO_CONSOLE_DESK_ID", TEST_STAMP.desk_id)
    monkeypatch.setenv("EXPO_CONSOLE_OPERATOR", TEST_STAMP.operator)


@pytest.fixture
def event_path(tmp_path: Path) -> Path:
    return tmp_path / "event.expo"


@pytest.fixture
def store(event_path: Path) -> Iterator[EventStore]:
    """A fresh, empty event file for one test."""
    opened = create_event(event_path, EventDetails("테스트 전시회", "2022-10-04", "2022-10-07",
                                                   name_en="Test Expo"), TEST_STAMP)
    yield opened
    opened.close()
