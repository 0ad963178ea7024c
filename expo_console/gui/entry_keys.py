"""Keyboard entry of what became of a slot, shared by the consultations' outcome panel and the
studio's and photo corner's results panel: the outcome as radio buttons with Alt keys, Enter saves
from every field but a note (and Close, which closes), Ctrl+Enter or Ctrl+S saves from anywhere,
Esc leaves; a refusal shows under the field it is about, and takes no room when there is none."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QWidget,
)


def status_row(group: QButtonGroup, choices: Sequence[tuple[str, str]]) -> QHBoxLayout:
    """A radio button per (status value, text with its &key), named status_<value>."""
    row = QHBoxLayout()
    for value, text in choices:
        button = QRadioButton(text)
        button.setObjectName(f"status_{value}")
        button.setProperty("status", value)
        group.addButton(button)
        row.addWidget(button)
    row.addStretch(1)
    return row


def check_status(group: QButtonGroup, value: str | None) -> None:
    for button in group.buttons():
        button.setChecked(button.property("status") == value)


def checked_status(group: QButtonGroup) -> str | None:
    checked = group.checkedButton()
    return str(checked.property("status")) if checked else None


def install_save_keys(panel: QWidget, save: Callable[[], object], close: Callable[[], object]) -> None:
    for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
        QShortcut(QKeySequence(keys), panel, save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
    QShortcut(QKeySequence(Qt.Key.Key_Escape), panel, close, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)


def enter_pressed(panel: QWidget, event: QKeyEvent | QEvent, save: Callable[[], object],
                  close: Callable[[], object], close_button: QAbstractButton) -> bool:
    """For a panel's keyPressEvent: Enter saves (or closes, on Close); True when it was Enter."""
    if not isinstance(event, QKeyEvent) or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        return False
    if panel.focusWidget() is close_button:
        close()
    else:
        save()
    event.accept()
    return True


def say(label: QLabel, text: str) -> None:
    """A refusal under its field, or no line at all when there is none."""
    label.setText(text)
    label.setVisible(bool(text))


def number_text(value: float | int | None) -> str:
    """1234567 → '1,234,567'; 12.5 → '12.5'; None → ''."""
    if value is None:
        return ""
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{int(value):,}"
