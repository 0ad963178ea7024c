"""Combo boxes and spin boxes take the mouse wheel only when they have the keyboard focus.

Scrolling a form over an unfocused 구분 box used to turn a visitor into PRESS without a word.
One application-wide event filter covers every form (registration, badges, batch, floor plan,
dashboard, check-in set-up) and every box added later, instead of a subclass per widget.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QComboBox, QWidget

_GUARDED = (QComboBox, QAbstractSpinBox)


def _without_wheel_focus(box: QWidget) -> None:
    # Qt gives these boxes WheelFocus: a wheel over one would focus it first and then change it.
    # StrongFocus keeps Tab and click, so the wheel finds it unfocused. A policy a form set on
    # purpose (the check-in set-up's ClickFocus, out of a scanner's way) is left alone.
    if box.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


class WheelGuard(QObject):
    """The application event filter; see install_wheel_guard."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.Polish and isinstance(watched, _GUARDED):
            _without_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and isinstance(watched, _GUARDED) and not watched.hasFocus():
            # Ignored and filtered out: Qt hands the wheel on to the parent, so the form scrolls.
            event.ignore()
            return True
        return False


def install_wheel_guard(app: QApplication) -> WheelGuard:
    """Install the guard once on `app` (again is a no-op); returns it."""
    guard = app.findChild(WheelGuard)
    if guard is None:
        guard = WheelGuard(app)
        app.installEventFilter(guard)
        for widget in app.allWidgets():  # boxes polished before the guard was there
            if isinstance(widget, _GUARDED):
                _without_wheel_focus(widget)
    return guard

