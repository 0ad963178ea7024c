"""GUI fixtures: an English UI, a small demo event, a hub."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from expo_console.gui.hub import Hub
from expo_console.gui.i18n import install_language
from expo_console.gui.wheel_guard import install_wheel_guard
from expo_console.services.demo.event import create_demo_event
from expo_console.storage.connection import EventStore
from hub_support import published_and_joined
from support import TEST_STAMP


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path: Path) -> None:
    """Qt's own per-user settings (the file dialogs' history, and where desk preferences were
    kept before gui/settings.py moved them to the desk's config folder) go to a folder of this
    test's own."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))


@pytest.fixture(autouse=True)
def _no_machine_printing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Nothing a test does reaches this machine's own print server: CUPS_SERVER names a socket
    where nobody listens (a desk without printers) unless the test starts a private server
    (tests/print_server.py) and points CUPS_SERVER at it."""
    monkeypatch.setenv("CUPS_SERVER", "/nonexistent/expo-console-no-cups.sock")


@pytest.fixture(autouse=True)
def _wheel_guard(qapp: QApplication) -> None:
    """As gui/app.py does for the real window: boxes take the wheel only with the focus."""
    install_wheel_guard(qapp)


@pytest.fixture
def console_style(qapp: QApplication) -> Iterator[None]:
    """The real window's style sheet (fonts, error colours), which the other tests go without."""
    from expo_console.gui.app import apply_console_style

    apply_console_style(qapp)
    yield
    qapp.setStyleSheet("")


@pytest.fixture
def english(qapp: QApplication) -> Iterator[None]:
    install_language("en")
    yield
    install_language("en")


@pytest.fixture
def demo_store(tmp_path: Path) -> Iterator[EventStore]:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=400)
    yield store
    store.close()


@pytest.fixture
def desks(event_templates, tmp_path: Path) -> Iterator[dict[str, Any]]:  # type: ignore[no-untyped-def]
    """A hub holding a demo event of 10 visitors: desk A published it, desk B joined."""
    with published_and_joined(event_templates.demo(visitors=10), tmp_path) as joined:
        yield joined


@pytest.fixture
def hub() -> Hub:
    return Hub()


@pytest.fixture
def workspace(qtbot, demo_store: EventStore, hub: Hub, english: None):  # type: ignore[no-untyped-def]
    """The registration workspace on a small demo event, shown and loaded."""
    from expo_console.gui.registration.workspace import RegistrationWorkspace

    widget = RegistrationWorkspace(demo_store, hub)
    qtbot.addWidget(widget)
    widget.resize(1300, 900)
    widget.show()
    qtbot.waitUntil(lambda: widget.is_loaded, timeout=10_000)
    return widget


@pytest.fixture
def cups_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A private CUPS server with the cups-pdf queue `expo-pdf` as its default (print_server.py);
    the test is skipped, with the reason, where one cannot run."""
    from print_server import private_cups, why_cups_cannot_run

    reason = why_cups_cannot_run()
    if reason is not None:
        pytest.skip(reason)
    with private_cups(tmp_path) as server:
        monkeypatch.setenv("CUPS_SERVER", str(server.socket))
        yield server
