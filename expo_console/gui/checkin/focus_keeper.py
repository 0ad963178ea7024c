"""Where a station's keystrokes go: the scan field, unless the operator clicked into the set-up.

A USB scanner is a keyboard: it types into whatever has the focus, so the scan field takes the
focus back whenever nothing else should have it. A set-up field (station name, operator) that
the operator clicked keeps the focus until they leave it: Enter or Tab, Esc (which drops the
edit), or a click anywhere else in the station. A clock alone cannot tell when they are done: a
person reads, looks up a name, types slowly. So a set-up field is guarded the way the scan field
tells a scanner from a person, by the pace of the keys: a scanner's burst that lands there
(someone clicked the field and walked away) is taken back out of it and scanned.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from expo_console.domain.scan_input import scanner_burst_start

_ENDS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)  # what a scanner sends after a code


class ScanFocusKeeper(QObject):
    burst_caught = Signal(str)  # a scanner's code that arrived in a set-up field

    def __init__(self, station: QWidget, scan_field: QLineEdit, setup_fields: Sequence[QLineEdit]) -> None:
        super().__init__(station)
        self._station, self._scan_field, self._setup = station, scan_field, tuple(setup_fields)
        self._keys: list[tuple[float, str, int, str]] = []  # when, the field's text and cursor before, key text
        self._editing: QLineEdit | None = None
        self._text_on_entry = ""  # of the field being edited: what Esc puts back
        self._clicks = _ClickWatcher(self._on_press, self)
        for field in self._setup:
            field.installEventFilter(self)
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.take_focus_back)
        self._timer.start(400)

    def editing(self) -> bool:
        return QApplication.focusWidget() in self._setup

    def take_focus_back(self) -> None:
        station = self._station
        if (station.isVisible() and station.window().isActiveWindow() and not self.editing()
                and QApplication.activeModalWidget() is None and not self._scan_field.hasFocus()):
            self._scan_field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """On the set-up fields only."""
        if not isinstance(watched, QLineEdit):
            return False
        field, kind = watched, event.type()
        if kind == QEvent.Type.FocusIn:
            if field is not self._editing:  # back from another window or a context menu is the same edit
                self._editing, self._text_on_entry, self._keys = field, field.text(), []
            self._clicks.watch(True)
        elif kind == QEvent.Type.FocusOut and isinstance(event, QFocusEvent):
            if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
                self._editing = None  # left: the next focus here is a new edit
            self._clicks.watch(False)
        elif kind == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in _ENDS:
                return self._catch_burst(field)
            if event.key() == Qt.Key.Key_Escape:
                field.setText(self._text_on_entry)
                self._scan_field.setFocus()
                return True
            if event.text().isprintable() and event.text() and not event.isAutoRepeat():
                self._keys.append((time.perf_counter(), field.text(), field.cursorPosition(), event.text()))
        return False

    def _catch_burst(self, field: QLineEdit) -> bool:
        """A scanner's code ending here leaves the field as it was and is scanned; a person's Enter
        or Tab goes on to the field (the station saves the set-up and gives the focus back)."""
        keys, self._keys = self._keys, []
        start = scanner_burst_start([k[0] for k in keys], time.perf_counter())
        if start is None:
            return False
        _, text_before, cursor_before, _ = keys[start]
        field.setText(text_before)
        field.setCursorPosition(cursor_before)
        self._scan_field.setFocus()
        self.burst_caught.emit("".join(k[3] for k in keys[start:]))
        return True

    def _on_press(self, target: QWidget) -> None:
        """A press on what takes no focus itself (the verdict panel, the recent scans, a button)
        still means the operator left the set-up field."""
        field = QApplication.focusWidget()
        if (field in self._setup and field is not target and not field.isAncestorOf(target)
                and self._station.isAncestorOf(target)):
            self._scan_field.setFocus()


class _ClickWatcher(QObject):
    """Mouse presses anywhere in the application, only while a set-up field has the focus (an
    application-wide filter sees every event, so it is not left on)."""

    def __init__(self, on_press: Callable[[QWidget], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_press = on_press
        self._on = False

    def watch(self, on: bool) -> None:
        app = QApplication.instance()
        if app is None or on == self._on:
            return
        app.installEventFilter(self) if on else app.removeEventFilter(self)
        self._on = on

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            self._on_press(watched)
        return False
