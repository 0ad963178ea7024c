"""Per buyer and per exhibitor: pick one (type to search), see their meetings over the days.

What the desk answers most on the day ("when is my next meeting?", "who comes to our booth's
table?"), and what the printed itineraries hold, on screen.
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.meeting_records import MeetingRecord
from expo_console.gui.consultations import names
from expo_console.gui.consultations.grid_model import status_text
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.shown_refresh import RefreshedWhenShown
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations import schedule
from expo_console.services.store import EventStore

BUYERS, EXHIBITORS = "buyer", "exhibitor"


class MeetingListsPage(RefreshedWhenShown, QWidget):
    def __init__(self, store: EventStore, data: ZoneData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("meetingListsPage")
        self.store, self.data = store, data
        self.counts: Counter[str] = Counter()
        self.kind = QComboBox()
        self.kind.setObjectName("listKind")
        self.kind.addItem(self.tr("Buyers"), BUYERS)
        self.kind.addItem(self.tr("Exhibitors"), EXHIBITORS)
        self.kind.currentIndexChanged.connect(lambda _i: self.fill_people())
        self.search = QLineEdit()
        self.search.setObjectName("listSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("Search: name, company, country, booth"))
        self.search.textChanged.connect(self._filter)
        self.people = QListWidget()
        self.people.setObjectName("personList")
        self.people.currentItemChanged.connect(lambda *_: self.show_meetings())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(self.search, 1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.people, 1)
        self.heading = QLabel()
        self.heading.setObjectName("personHeading")
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("personMeetings")
        self.table.setHorizontalHeaderLabels([self.tr("Day"), self.tr("Time"), self.tr("Table"), self.tr("With"),
                                              self.tr("Interpreter"), self.tr("Status")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.heading)
        right_layout.addWidget(self.table, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([380, 900])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)


    def follow(self, _change: MeetingsChanged) -> None:
        self.refresh_when_shown()


    def refresh(self) -> None:
        self._stale = False
        meetings = schedule.meetings(self.store)
        self.counts = Counter([m.buyer_id for m in meetings] + [m.exhibitor_id for m in meetings])
        self.fill_people()

    def fill_people(self) -> None:
        chosen = self.current_person()
        setup = self.data.setup
        self.people.blockSignals(True)
        self.people.clear()
        if self.kind.currentData() == BUYERS:
            rows = [(b.id, f"{names.buyer_label(b)} · {b.country}",
                     " ".join((b.name, b.name_en, b.company, b.country)).lower()) for b in setup.buyers]
        else:
            rows = [(e.id, names.exhibitor_label(e), " ".join((e.name, e.name_en, e.booth)).lower())
                    for e in setup.exhibitors]
        for person_id, label, haystack in rows:
            item = QListWidgetItem(fill(self.tr("%1 — %2 meetings"), label, self.counts.get(person_id, 0)))
            item.setData(Qt.ItemDataRole.UserRole, person_id)
            item.setData(Qt.ItemDataRole.UserRole + 1, haystack)
            self.people.addItem(item)
            if person_id == chosen:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        self._filter(self.search.text())
        self.show_meetings()

    def _filter(self, text: str) -> None:
        words = text.lower().split()
        for row in range(self.people.count()):
            item = self.people.item(row)
            haystack = item.data(Qt.ItemDataRole.UserRole + 1) + " " + item.text().lower()
            item.setHidden(not all(w in haystack for w in words))

    def current_person(self) -> str | None:
        item = self.people.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def show_person(self, kind: str, person_id: str) -> None:
        """Open one buyer's or exhibitor's meetings (from the grid's context menu)."""
        if self._stale:
            self.refresh()
        self.search.clear()
        self.kind.setCurrentIndex(0 if kind == BUYERS else 1)
        for row in range(self.people.count()):
            if self.people.item(row).data(Qt.ItemDataRole.UserRole) == person_id:
                self.people.setCurrentRow(row)
                break

    def show_meetings(self) -> None:
        person_id = self.current_person()
        buyers = self.kind.currentData() == BUYERS
        self.table.setRowCount(0)
        if person_id is None:
            self.heading.setText(self.tr("Choose a buyer or an exhibitor on the left to see their meetings."))
            return
        setup = self.data.setup
        meetings = schedule.meetings(self.store, **({"buyer_id": person_id} if buyers else {"exhibitor_id": person_id}))
        if buyers:
            buyer = setup.buyer_by_id.get(person_id)
            details = [names.buyer_label(buyer)]
            if buyer is not None:
                details += [buyer.country, names.language_name(buyer.language),
                            names.days_text(buyer.days, setup.days)]
        else:
            firm = setup.exhibitor_by_id.get(person_id)
            details = [names.exhibitor_label(firm)]
            if firm is not None:
                details += [fill(self.tr("%1 seat(s)"), firm.seats), names.days_text(firm.days, setup.days)]
        self.heading.setText(f"<b>{details[0]}</b> · " + " · ".join(d for d in details[1:] if d)
                             + "<br>" + fill(self.tr("%1 meetings"), len(meetings)))
        self.table.setRowCount(len(meetings))
        for row, meeting in enumerate(meetings):
            self._fill_row(row, meeting, buyers)

    def _fill_row(self, row: int, meeting: MeetingRecord, buyers: bool) -> None:
        setup = self.data.setup
        other = (names.exhibitor_label(setup.exhibitor_by_id.get(meeting.exhibitor_id)) if buyers
                 else names.buyer_label(setup.buyer_by_id.get(meeting.buyer_id)))
        interpreter = (names.interpreter_name(setup.interpreter_by_id.get(meeting.interpreter_id))
                       if meeting.interpreter_id is not None else "")
        status = status_text(meeting) + (" · " + self.tr("locked") if meeting.fixed else "")
        for column, text in enumerate((names.day_label(meeting.day, setup.days),
                                       f"{names.hhmm(meeting.starts)}–{names.hhmm(meeting.ends)}",
                                       str(meeting.table), other, interpreter, status)):
            self.table.setItem(row, column, QTableWidgetItem(text))
