"""The consultation zone's gate: the buyer's next meeting, on a card inside the verdict panel.

Under the verdict, a white card with the zone's purple edge: when and at which table (large, in
the station's language, then in the other one, for the buyer in front of the gate), the exhibitor
and booth, the interpreter, and whether the arrival was recorded. A buyer without a meeting today
is told so plainly, on a grey card. The words come from the service in both languages
(services/consultations/gate.ZoneVisit.texts), as the verdict's do; the card is hidden at every
other gate and for visitors who are not buyers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from expo_console.services.consultations.gate import ZoneVisit

ZONE_PURPLE = "#8e44ad"  # the demo plan's colour for the consultation zone
CARD_STYLE = f"""
QFrame#meetingCard {{ background: #ffffff; border-radius: 8px; border-left: 12px solid {ZONE_PURPLE}; }}
QFrame#meetingCard[meeting="false"] {{ background: #eceff1; border-left: 12px solid #90a4ae; }}
QFrame#meetingCard QLabel {{ color: #1a1a1a; background: transparent; }}
QLabel#meetingHeadline {{ font-size: 26pt; font-weight: bold; }}
QLabel#meetingOther {{ font-size: 17pt; color: #37474f; }}
QLabel#meetingDetails {{ font-size: 15pt; }}
"""


class MeetingCard(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingCard")
        self.headline = QLabel()
        self.headline.setObjectName("meetingHeadline")
        self.other = QLabel()
        self.other.setObjectName("meetingOther")
        self.details = QLabel()
        self.details.setObjectName("meetingDetails")
        self.details.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 8, 12, 8)
        layout.setSpacing(2)
        for label in (self.headline, self.other, self.details):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(label)
        # its own sheet, which wins over the panel's (white text on green) for what is inside it
        self.setStyleSheet(CARD_STYLE)
        self.hide()

    def show_visit(self, visit: ZoneVisit | None, korean: bool) -> None:
        """The buyer's meeting (or that there is none); hidden when the scan says nothing of one."""
        if visit is None:
            self.clear()
            return
        ko, en, details = visit.texts()
        self.setProperty("meeting", visit.meeting is not None)
        self.style().unpolish(self)
        self.style().polish(self)
        self.headline.setText(ko if korean else en)
        self.other.setText(en if korean else ko)
        self.details.setText(details)
        self.show()

    def clear(self) -> None:
        for label in (self.headline, self.other, self.details):
            label.clear()
        self.hide()
