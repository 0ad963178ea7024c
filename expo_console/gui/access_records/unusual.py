"""The access records' daily check in the window: what a day's log holds that an organizer should
look at (services/access_watch.py), one sentence each, with the event's thresholds above. A
finding opens the records it was found in (`show_records`)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.labels import error_text, translated_message
from expo_console.services.access import AccessDenied
from expo_console.services.access_watch import Finding, Thresholds, Watch, unusual_access
from expo_console.services.store import EventStore

# Which records a finding was read from: (action, whether its operator is the person concerned).
FINDING_RECORDS = {"reveals": ("reveal_phone", False), "deletions": ("delete", False),
                   "failed_sign_ins": ("sign_in_failed", True), "locked": ("operator_locked", True),
                   "purge": ("purge", False)}
NIGHT_RECORDS = {"watch_night_unmasked": "export", "watch_night_list": "export",
                 "watch_night_person": "person_data_export", "watch_night_person_view": "person_data_view",
                 "watch_night_records": "access_records_export"}


class UnusualView(QWidget):
    """The day's findings; `show_records(operator, action, person, day)` asks for their records."""

    show_records = Signal(str, str, str, object)  # operator, action, person (one of the two), day
    checked = Signal(int)  # how many findings the day shown has, after each check

    def __init__(self, store: EventStore, today: dt.date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.today = today
        self.watch: Watch | None = None
        self.day = QDateEdit(QDate(today.year, today.month, today.day))
        self.day.setObjectName("unusualDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.day.dateChanged.connect(lambda _date: self.check())
        self.limits = QLabel()
        self.limits.setObjectName("unusualThresholds")
        self.limits.setWordWrap(True)
        self.summary = QLabel()
        self.summary.setObjectName("unusualSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("unusualFindings")
        self.table.setHorizontalHeaderLabels([self.tr("Time"), self.tr("Operator"), self.tr("What")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemActivated.connect(lambda _item: self.open_selected())
        self.open_button = QPushButton(self.tr("Show these &records"))
        self.open_button.setObjectName("showFindingRecords")
        self.open_button.setAutoDefault(False)
        self.open_button.setToolTip(self.tr("List the access records this finding was read from"))
        self.open_button.clicked.connect(self.open_selected)
        self.table.itemSelectionChanged.connect(
            lambda: self.open_button.setEnabled(bool(self.table.selectedItems())))
        top = QHBoxLayout()
        day_label = QLabel(self.tr("&Day"))
        day_label.setBuddy(self.day)
        top.addWidget(day_label)
        top.addWidget(self.day)
        top.addWidget(self.summary, 1)
        top.addWidget(self.open_button)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addWidget(self.limits)

    @property
    def chosen_day(self) -> dt.date:
        date = self.day.date()
        return dt.date(date.year(), date.month(), date.day())

    @property
    def findings(self) -> list[Finding]:
        return self.watch.findings if self.watch is not None else []

    def check(self) -> None:
        """Read the chosen day's findings again (quick: a few index walks)."""
        day = self.chosen_day
        try:
            self.watch = unusual_access(self.store, day)
        except AccessDenied as error:
            self.watch = None
            self.summary.setText(error_text(error))
            self.table.setRowCount(0)
            return
        findings = self.watch.findings
        self.table.setRowCount(len(findings))
        for row, finding in enumerate(findings):
            when = finding.first if finding.first == finding.last else f"{finding.first}–{finding.last}"
            for col, text in enumerate((when, finding.operator, translated_message(finding.code, finding.params))):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, row)
                if col == 2:
                    item.setToolTip(text)
                self.table.setItem(row, col, item)
        self.open_button.setEnabled(False)
        name = self.tr("today") if day == self.today else day.isoformat()
        self.summary.setText(self.tr("Nothing unusual in the access records of %1.").replace("%1", name) if not findings
                             else self.tr("%1 things to look at in the access records of %2.")
                             .replace("%1", str(len(findings))).replace("%2", name))
        self.limits.setText(self._limits_text(self.watch.thresholds))
        self.checked.emit(len(findings))

    def _limits_text(self, limits: Thresholds) -> str:
        return self.tr("Unusual, as this event's settings say: more than %1 phone numbers revealed by one operator in "
                       "a day; personal data exported at night (%2); more than %3 wrong PINs for one operator, and "
                       "every lockout; more than %4 visitors deleted by one operator in a day; a purge.") \
            .replace("%1", str(limits.reveals)).replace("%2", limits.night) \
            .replace("%3", str(limits.failed_sign_ins)).replace("%4", str(limits.deletions))

    def open_selected(self) -> None:
        items = self.table.selectedItems()
        if not items or self.watch is None:
            return
        finding = self.watch.findings[int(items[0].data(Qt.ItemDataRole.UserRole))]
        if finding.kind == "night_export":
            action, about_operator = NIGHT_RECORDS[finding.code], False
        else:
            action, about_operator = FINDING_RECORDS[finding.kind]
        self.show_records.emit("" if about_operator else finding.operator, action,
                               finding.operator if about_operator else "", self.chosen_day)
