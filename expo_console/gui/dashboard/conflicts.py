"""The day's admission conflicts on the dashboard (issue 16): badges let in at two desks while the
desks were apart (the hub out of reach), each with both admissions (gate, time, desk), which
stand as they were: staff look at each one (a shared badge, or one visitor let in twice).

The list is read from this desk's file (services/checkin/admission_conflicts), so it holds what
the last sync brought in: the dashboard reads it again when scans arrive (a pull broadcasts
TrafficChanged(counts)), when a scan is made or annulled here, and for the day shown. The read
runs on the worker pool, one at a time: it groups the day's scans by badge.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTableView,
    QWidget,
)

from expo_console.gui.dashboard.models import ConflictModel
from expo_console.gui.workers import run_task
from expo_console.services.checkin.admission_conflicts import AdmissionConflict, list_conflicts
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen

SOON_MS = 300  # scans arrive in bursts (a pull, a queue at the gate): one read for the burst


class ConflictList(QStackedWidget):
    """The table of the day's conflicts, or a sentence saying there are none."""

    counted = Signal(int)  # how many conflicts the day shown has, after each read

    def __init__(self, store: EventStore, zone: ZoneInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conflictList")
        self.store = store
        self.day: dt.date | None = None
        self.count: int | None = None  # None until the first read
        self.model = ConflictModel(zone)
        self.table = QTableView()
        self.table.setObjectName("conflictTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)  # the two lines of a cell are its own; a name is elided, not broken
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ConflictModel.COL_VISITOR, QHeaderView.ResizeMode.Stretch)  # names give way
        self.empty = QLabel(self.tr("No admission conflicts on this day: no badge was admitted at two desks while "
                                    "they were apart."))
        self.empty.setObjectName("noConflicts")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setContentsMargins(12, 12, 12, 12)
        self.addWidget(self.empty)
        self.addWidget(self.table)
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(SOON_MS)
        self._soon.timeout.connect(self._read)
        self._reading = False
        self._again = False

    def show_day(self, day: dt.date) -> None:
        """The conflicts of `day`, read now (the day picked, or replayed)."""
        if day != self.day:
            self.day = day
            self.model.show([])
            self.count = None
        self._read()

    def refresh_soon(self) -> None:
        """Scans came in or changed: read the day's conflicts again in a moment."""
        if self.day is not None and not self._soon.isActive():
            self._soon.start()

    def _read(self) -> None:
        if self.day is None:
            return
        if self._reading:  # one read at a time; the one running may have missed the latest scans
            self._again = True
            return
        self._reading, self._again = True, False
        event, day = self.store, self.day

        def work(_progress: ProgressCallback, _cancel: CancelFlag) -> list[AdmissionConflict]:
            store = reopen(event)  # the worker's own connection, read only
            try:
                return list_conflicts(store, day)
            finally:
                store.close()

        run_task(work, owner=self, on_success=lambda found: self._read_done(day, found),
                 on_failure=lambda _error, _trace: self._read_done(day, None))

    def _read_done(self, day: dt.date, found: list[AdmissionConflict] | None) -> None:
        self._reading = False
        if found is not None and day == self.day:
            self.model.show(found)
            self.setCurrentWidget(self.table if found else self.empty)
            self.count = len(found)
            self.counted.emit(len(found))
        if self._again or day != self.day:
            self._read()
