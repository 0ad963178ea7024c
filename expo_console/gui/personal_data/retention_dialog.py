"""The organizer's retention period (issue 21): how many days after the event's last day the
visitors' personal data is kept. The retention date it gives is shown as the days are changed;
from that date the purge is possible and the console reminds the organizer at start-up. Saved as
the event setting `retention_days`, for every desk, and audited."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text
from expo_console.gui.ops import run_op
from expo_console.services.access import AccessDenied
from expo_console.services.registration.purge import (
    MAX_RETENTION_DAYS,
    PurgeError,
    purge_outlook,
    set_retention_days,
)
from expo_console.services.store import EventFileError, EventStore


class RetentionDialog(QDialog):
    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self.setObjectName("retentionDialog")
        self.setWindowTitle(self.tr("Retention period"))
        self.setMinimumWidth(460)
        outlook = purge_outlook(store)
        self.last_day, self.today = outlook.last_day, outlook.today
        intro = QLabel(self.tr("How long the visitors' personal data is kept after the event. From the retention "
                               "date it may be purged, and the organizer is reminded to; the figures stay."))
        intro.setWordWrap(True)
        self.days = QSpinBox()
        self.days.setObjectName("retentionDays")
        self.days.setRange(0, MAX_RETENTION_DAYS)
        self.days.setSuffix(self.tr(" days"))
        self.days.setValue(outlook.retention_days)
        self.days.setMaximumWidth(140)
        self.date_label = QLabel()
        self.date_label.setObjectName("retentionDate")
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Kept after the last day (%1)").replace("%1", self.last_day.isoformat()), self.days)
        form.addRow(self.tr("Retention date"), self.date_label)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(intro)
        column.addLayout(form)
        column.addWidget(self.note)
        column.addWidget(self.buttons)
        self.days.valueChanged.connect(self._show_date)
        self._show_date(self.days.value())

    def retention_date(self) -> dt.date:
        return self.last_day + dt.timedelta(days=self.days.value())

    def _show_date(self, _days: int) -> None:
        date = self.retention_date()
        self.date_label.setText(date.isoformat())
        self.note.setText(self.tr("This date has passed: the personal data may be purged now (Event ▸ Purge "
                                  "personal data…).") if date <= self.today else "")

    def save(self) -> bool:
        store, days = self.store, self.days.value()
        try:
            run_op(self.hub, lambda: set_retention_days(store, days))
        except (PurgeError, AccessDenied, EventFileError) as error:
            QMessageBox.warning(self, self.windowTitle(), error_text(error))
            return False
        self.accept()
        return True
