"""A supervisor's override at a gate (issue 21): their name, their own PIN and the reason, in one
dialog. The override is the supervisor's, not the gate operator's: the service checks the PIN
(services/operators.vouch) and a refusal (wrong PIN, not an organizer, locked) is said here, in
the dialog, which stays open for another try; no scan was recorded (the refusal is, in the
access records, and counts towards the supervisor's lock).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.labels import error_text
from expo_console.gui.refusal import refusal_label
from expo_console.services.access import AccessDenied

# What the dialog runs once the three fields are filled: (supervisor, pin, reason) -> the result.
Override = Callable[[str, str, str], Any]


class SupervisorDialog(QDialog):
    def __init__(self, title: str, intro: str, override: Override, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supervisorDialog")
        self.setWindowTitle(title)
        self.override = override
        self.result_value: Any = None
        # Wide enough for the fields and the reason's example whole; the refusal wraps under them
        # and the dialog grows to hold it (it was cut mid-sentence, the fields squashed).
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        heading = QLabel(intro)
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.who_approves = QLabel(self.tr("Only an organizer can approve: the organizer types their own name and "
                                           "PIN here, not the gate operator's."))
        self.who_approves.setObjectName("whoApproves")
        self.who_approves.setWordWrap(True)
        layout.addWidget(self.who_approves)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.supervisor = QLineEdit()
        self.pin = QLineEdit()
        self.pin.setEchoMode(QLineEdit.EchoMode.Password)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("e.g. ID checked at the desk"))
        self.reason.setMinimumWidth(self.reason.fontMetrics().horizontalAdvance(self.reason.placeholderText()) + 24)
        form.addRow(self.tr("Supervisor's &name"), self.supervisor)
        form.addRow(self.tr("Supervisor's &PIN"), self.pin)
        form.addRow(self.tr("&Reason (recorded)"), self.reason)
        layout.addLayout(form)
        self.problem = refusal_label("supervisorProblem")
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Override"))
        buttons.accepted.connect(self.try_override)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.supervisor.setFocus()

    def try_override(self) -> bool:
        """Run the override with the fields as filled; a refusal is said under the form."""
        supervisor, pin, reason = self.supervisor.text().strip(), self.pin.text(), self.reason.text().strip()
        if not supervisor or not pin:
            self._refuse(self.tr("The supervisor types their own name and PIN."), self.supervisor if not supervisor
                         else self.pin)
            return False
        if not reason:
            self._refuse(self.tr("Give the reason: it is kept in the access records."), self.reason)
            return False
        try:
            self.result_value = self.override(supervisor, pin, reason)
        except AccessDenied as refused:  # a wrong PIN, not an organizer, or locked
            self.pin.clear()
            self._refuse(error_text(refused), self.pin)
            return False
        self.problem.clear()
        self.accept()
        return True

    def _refuse(self, text: str, focus: QLineEdit) -> None:
        self.problem.setText(text)
        self.adjustSize()  # the whole message, the fields at their height
        focus.setFocus()

    def approved_by(self) -> str:
        return self.supervisor.text().strip()
