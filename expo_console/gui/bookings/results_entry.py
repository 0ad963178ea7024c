"""Results entry: a day's broadcasts (or shoots) in time order, and the result panel beside them.

Up and Down choose a booking, Enter goes to its first figure, Enter again saves and comes back to
the list (gui/bookings/result_panel.py). A role that may not record outcomes sees the same list
and figures, read-only. The list follows the hub: a no-show given to the waiting list at another
desk, or a new solve, shows at once when the page is in view.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.gui.bookings.booking_data import BookingData
from expo_console.gui.bookings.result_panel import ResultPanel
from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.gui.hub import Hub
from expo_console.gui.shown_refresh import RefreshedWhenShown
from expo_console.services.bookings import schedule
from expo_console.services.consultations.live_board import now_local


class ResultsEntryPage(RefreshedWhenShown, QWidget):
    def __init__(self, hub: Hub, data: BookingData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingResultsPage")
        self.hub, self.data, self.store = hub, data, data.store
        self.studio = data.kind == BookingKind.STUDIO
        self.records: list[BookingRecord] = []
        self.day_box = QComboBox()
        self.day_box.setObjectName("resultsEntryDay")
        self.day_box.currentIndexChanged.connect(lambda _index: self.refresh_list())
        day_label = QLabel(self.tr("&Day"))
        day_label.setBuddy(self.day_box)
        self.summary = QLabel()
        self.summary.setObjectName("resultsEntrySummary")
        bar = QHBoxLayout()
        bar.addWidget(day_label)
        bar.addWidget(self.day_box)
        bar.addWidget(self.summary, 1)
        headers = [self.tr("Time"), data.words.resource, self.tr("Exhibitor"), self.tr("Booth"), self.tr("Outcome"),
                   self.tr("Results")]
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("resultsEntryTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Interactive)  # a long name is cut, not the results
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(2, 170)
        self.table.currentCellChanged.connect(lambda row, *_: self._load_row(row))
        self.table.installEventFilter(self)
        self.panel = ResultPanel(hub, data)
        self.panel.setMaximumWidth(500)
        self.panel.saved.connect(self._after_save)
        self.panel.closed.connect(self.table.setFocus)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.table)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(splitter, 1)
        data.reloaded.connect(self.refresh_when_shown)

    # -- showing ----------------------------------------------------------------------------------



    def follow(self, _change: object) -> None:
        self.refresh_when_shown()

    def refresh(self) -> None:
        """The days with a session (today chosen on the day), then the list."""
        self._stale = False
        days = self.data.session_days()
        chosen = self.day_box.currentData()
        if chosen is None:
            today = now_local(self.store).date()
            chosen = today if today in days else (days[0] if days else None)
        self.day_box.blockSignals(True)
        self.day_box.clear()
        for day in days:
            self.day_box.addItem(names.day_label(day, self.data.loaded.days), day)
        self.day_box.setCurrentIndex(max(self.day_box.findData(chosen), 0))
        self.day_box.blockSignals(False)
        self.refresh_list()

    @property
    def day(self) -> dt.date | None:
        data = self.day_box.currentData()
        return data if isinstance(data, dt.date) else None

    def refresh_list(self) -> None:
        chosen = self.current_id()
        day = self.day
        self.records = sorted(schedule.bookings(self.store, self.data.kind, day=day) if day else [],
                              key=lambda r: (r.starts, r.resource))
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.records))
        for row, record in enumerate(self.records):
            cells = [f"{names.hhmm(record.starts)}–{names.hhmm(record.ends)}", self.data.resource_name(record.resource),
                     self.data.exhibitor_name(record.exhibitor_id), self.data.booth(record.exhibitor_id),
                     self.status_text(record.status), self.results_text(record)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, record.id)
                self.table.setItem(row, column, item)
        self.table.blockSignals(False)
        done = sum(1 for r in self.records if r.status != BookingStatus.BOOKED)
        self.summary.setText(fill(self.tr("%1 bookings · %2 recorded") if self.records else
                                  self.tr("No bookings this day: solve the schedule first."), len(self.records), done))
        if not self.select(chosen) and self.records:
            self.select(self.records[0].id)

    def status_text(self, status: BookingStatus) -> str:
        return {BookingStatus.BOOKED: self.tr("to come"), BookingStatus.HELD: self.tr("held"),
                BookingStatus.NO_SHOW: self.tr("no-show"), BookingStatus.CANCELLED: self.tr("cancelled")}[status]

    def results_text(self, record: BookingRecord) -> str:
        if not self.studio:
            return "" if record.photos_delivered is None else fill(self.tr("%1 photos"), record.photos_delivered)
        parts = []
        for value, template in ((record.viewers, self.tr("%1 viewers")), (record.peak_viewers, self.tr("peak %1")),
                                (record.orders, self.tr("%1 orders"))):
            if value is not None:
                parts.append(fill(template, f"{value:,}"))
        if record.sales_krw is not None:
            parts.append(f"₩{record.sales_krw:,}")
        return " · ".join(parts)

    def current_id(self) -> str | None:
        item = self.table.item(self.table.currentRow(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else None

    def select(self, booking_id: str | None) -> bool:
        for row, record in enumerate(self.records):
            if record.id == booking_id:
                self.table.blockSignals(True)
                self.table.setCurrentCell(row, 0)
                self.table.blockSignals(False)
                self._load_row(row)
                return True
        return False

    def _load_row(self, row: int) -> None:
        """The panel shows the booking chosen; the one it shows already is not loaded again, so a
        change heard from the hub never wipes figures being typed."""
        if 0 <= row < len(self.records) and (self.panel.record is None
                                              or self.panel.record.id != self.records[row].id):
            self.panel.load(self.records[row].id, focus=False)

    # -- keys -------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        """Enter in the list goes to the booking's first figure."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.panel.record is not None:
            first = next(iter(self.panel.fields.values()))
            first.setFocus()
            first.selectAll()
            return True
        return super().eventFilter(watched, event)

    def _after_save(self, booking_id: str) -> None:
        self.refresh_list()
        self.panel.load(booking_id, focus=False)  # as saved (a figure typed as 320만 shows 3,200,000)
        self.table.setFocus()
