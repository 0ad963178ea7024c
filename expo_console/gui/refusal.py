"""How the window says no: one red for a refusal (a wrong PIN, a role that may not, a missing
reason), and the label a dialog shows it in, under its form, wrapped."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

REFUSAL_RED = "#b71c1c"
REFUSAL_STYLE = f"color: {REFUSAL_RED}"


def refusal_label(object_name: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet(REFUSAL_STYLE)
    return label
