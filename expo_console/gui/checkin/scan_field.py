"""The scan field: takes what a USB scanner types, with the input method off.

With the Korean IME on, a scanner's keystrokes would be composed into Hangul; the field turns
the input method off and takes only Latin input. The time between keys tells a scanner (a few
ms) from a person typing a code off a screen (marked as a manual entry).
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLineEdit, QWidget

from expo_console.domain.scan_input import typed_by_hand


class ScanField(QLineEdit):
    scanned = Signal(str, bool)  # text, typed by hand

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanField")
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
        self.setInputMethodHints(Qt.InputMethodHint.ImhLatinOnly | Qt.InputMethodHint.ImhNoPredictiveText)
        self._key_times: list[float] = []
        self.returnPressed.connect(self._on_return)
        self.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        if (watched is self and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.ShortcutOverride
                and event.matches(QKeySequence.StandardKey.Undo)):
            # The station's Ctrl+Z takes back the last scan; a line edit would take it for
            # undoing its own typing (nothing to undo in a field that clears after each scan).
            event.ignore()
            return True
        if (watched is self and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress
                and event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.text()):
            self._key_times.append(time.perf_counter())
        return False

    def _on_return(self) -> None:
        times = self._key_times
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        text = self.text()
        self._key_times = []
        self.clear()
        self.scanned.emit(text, typed_by_hand(gaps) if text else False)
