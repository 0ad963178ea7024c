"""The gate rules dialog's "Exhibitor staff" choice: whenever the rule lets them in, or only for
their company's studio broadcast or photo shoot (a gate rule's "booking", services/checkin/
gate_rules.py; the gate decides it in services/bookings/gate.py).

Kept apart from gate_rules_dialog.py, which holds the rest of the form.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QVBoxLayout

from expo_console.domain.booking_records import ENTRY_BEFORE_MINUTES
from expo_console.services.checkin import gate_rules


def booking_summary(rule: dict[str, Any]) -> str:
    """The line the rule's summary (and the station's line about its gate) gains under a booking
    rule; '' without one."""
    booking = rule.get("booking")
    if booking == "studio":
        text = QCoreApplication.translate("BookingRule", "Exhibitor staff: their company's broadcast only (from %1 min before)")
    elif booking == "photo":
        text = QCoreApplication.translate("BookingRule", "Exhibitor staff: their company's photo shoot only (from %1 min before)")
    elif booking == gate_rules.BOTH:
        text = QCoreApplication.translate("BookingRule",
                                          "Exhibitor staff: their company's broadcast or shoot only (from %1 min before)")
    else:
        return ""
    return text.replace("%1", str(ENTRY_BEFORE_MINUTES))


class BookingRuleBox(QGroupBox):
    """One list: when an exhibitor's staff may pass. For a gate, its first choice leaves it to the
    zone's or the hall's rule, and a second lifts theirs (gate_rules.ANY)."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__(self.tr("Exhibitor staff"))
        self.setObjectName("bookingRule")
        self.box = QComboBox()
        self.box.setObjectName("bookingChoice")
        # long choices must not widen the dialog: the list shows them whole when it opens
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.box.setMinimumContentsLength(24)
        hint = QLabel(self.tr("Other classes pass as the rule above says."))
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        layout = QVBoxLayout(self)
        layout.addWidget(self.box)
        layout.addWidget(hint)
        self.box.currentIndexChanged.connect(lambda _i: self.changed.emit())
        self.set_choices(None)

    def set_choices(self, inherited: str | None) -> None:
        """The choices for a zone or the hall (`inherited` None) or for one gate (what it leaves to,
        "As for the zone")."""
        self.box.blockSignals(True)
        self.box.clear()
        whenever = self.tr("Whenever the rule lets them in")
        if inherited:
            self.box.addItem(inherited, None)
            self.box.addItem(whenever, gate_rules.ANY)
        else:
            self.box.addItem(whenever, None)
        self.box.addItem(self.tr("Only for their company's studio broadcast (from %1 min before)")
                         .replace("%1", str(ENTRY_BEFORE_MINUTES)), "studio")
        self.box.addItem(self.tr("Only for their company's photo shoot (from %1 min before)")
                         .replace("%1", str(ENTRY_BEFORE_MINUTES)), "photo")
        self.box.addItem(self.tr("Only for their company's broadcast or photo shoot (from %1 min before)")
                         .replace("%1", str(ENTRY_BEFORE_MINUTES)), gate_rules.BOTH)
        self.box.blockSignals(False)

    def set_value(self, booking: str | None) -> None:
        self.box.setCurrentIndex(max(0, self.box.findData(booking)))

    def value(self) -> str | None:
        data = self.box.currentData()
        return str(data) if data else None
