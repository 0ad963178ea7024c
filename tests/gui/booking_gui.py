"""Shared by the Studio & photos window tests: the workspace opened on a small studio, and a modal
box answered the way a person answers it (a timer finds it once it shows, then acts on it)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from expo_console.domain.bookings import BookingKind
from expo_console.gui.bookings.workspace import BookingsWorkspace, KindPages
from expo_console.gui.hub import Hub
from expo_console.storage.connection import EventStore


def open_workspace(qtbot, store: EventStore, hub: Hub, kind: BookingKind = BookingKind.STUDIO  # type: ignore[no-untyped-def]
                   ) -> tuple[BookingsWorkspace, KindPages]:
    workspace = BookingsWorkspace(store, hub)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 740)
    workspace.show()
    workspace.activateWindow()  # the keys go to it, as to the window a person works in
    qtbot.waitUntil(workspace.isActiveWindow)
    workspace.set_kind(kind)
    pages = workspace.pages(kind)
    qtbot.waitUntil(lambda: pages.is_loaded)
    return workspace, pages


def when_shown(kind: type[QWidget], act: Callable[[QWidget], None], tries: int = 100) -> None:
    """Once a modal `kind` shows (a question, a dialog opened with exec()), `act` on it."""
    def look(left: int = tries) -> None:
        shown = QApplication.activeModalWidget()
        if isinstance(shown, kind):
            act(shown)
        elif left:
            QTimer.singleShot(20, lambda: look(left - 1))
    QTimer.singleShot(0, look)


def answer_yes() -> None:
    when_shown(QMessageBox, lambda box: box.button(QMessageBox.StandardButton.Yes).click())  # type: ignore[attr-defined]
