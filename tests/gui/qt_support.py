"""Qt helpers for GUI tests."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type like a person: one key press and release per character, any script
    (QTest.keyClicks aborts on non-ASCII text)."""
    widget.setFocus()
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    QCoreApplication.processEvents()


def wheel(widget: QWidget, notches: int = -1) -> bool:
    """Turn the mouse wheel over the middle of `widget` (negative: towards the user, down the
    list); returns whether a widget accepted the event."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre)), QPoint(), QPoint(0, 120 * notches),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


@contextmanager
def console_scanning_at(qapp: QApplication, monkeypatch: Any, workspace: str, moment: dt.datetime) -> Iterator[Any]:
    """The application as `expo-console --workspace WORKSPACE` runs it, its station's scans made
    at `moment`; every window it opened is closed after."""
    from expo_console.gui.app import ConsoleApp
    from expo_console.services.checkin import scanning

    real_scan = scanning.scan
    monkeypatch.setattr("expo_console.gui.checkin.workspace.scan",
                        lambda context, text, manual=False: real_scan(context, text, manual=manual, now=moment))
    app = ConsoleApp(qapp, argparse.Namespace(db=None, workspace=workspace, lang="en", screenshot=None))
    yield app
    if app.window is not None:
        app.window.close()
        app.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
