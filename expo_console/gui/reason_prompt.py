"""Asking why (issue 21): a reveal, an unmasked export, a deletion each need a reason, which the
access records keep beside who and when. An empty answer asks again, saying that it is
required (in the house's error red); Cancel gives None and nothing is done."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QInputDialog, QWidget

from expo_console.gui.refusal import REFUSAL_RED


def ask_reason(parent: QWidget | None, title: str, prompt: str) -> str | None:
    label = prompt
    while True:
        reason, ok = QInputDialog.getText(parent, title, label)
        if not ok:
            return None
        if reason.strip():
            return reason.strip()
        required = QCoreApplication.translate("ReasonPrompt", "A reason is required: type it, or Cancel.")
        label = (f"{html.escape(prompt).replace(chr(10), '<br>')}<br>"
                 f"<span style='color: {REFUSAL_RED}'>{html.escape(required)}</span>")
