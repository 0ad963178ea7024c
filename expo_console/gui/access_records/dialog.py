"""File ▸ Access records… (issue 21; an organizer's): who did what, when, at which desk and about
whom, newest first, filtered by operator, action, person and dates; the day's unusual patterns
in a tab of their own; and an export of exactly what is listed (recorded in the log itself).

The list reads a page at a time as it scrolls (model.py), so 100,000 entries open at once. The
person filter waits for a pause in the typing, then finds the visitors (and operators) the text
names. Ctrl+F goes to it; Esc closes the dialog. The export is written through the console's own
save dialog (gui/file_dialogs.py), on a worker, with a connection of its own.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.gui import file_dialogs
from expo_console.gui.access_records.model import (
    COL_DESK,
    COL_OPERATOR,
    COL_PERSON,
    COL_REASON,
    AccessRecordsModel,
    action_name,
    translated,
)
from expo_console.gui.access_records.unusual import UnusualView
from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text
from expo_console.gui.ops import BackgroundOp
from expo_console.services import access_records
from expo_console.services.access import AccessDenied, allowed
from expo_console.services.access_records import RecordFilter
from expo_console.services.messages import (
    AUDIT_ACTIONS,
    EXPORT_ACTIONS,
    FIELD_LABELS,
    NOT_SIGNED_IN,
)
from expo_console.services.store import EventStore, reopen
from expo_console.services.traffic.counting import event_zone

TYPING_PAUSE_MS = 300  # the person is looked up once the organizer stops typing
MAX_NAME_WIDTH = 180  # pixels: a long name is elided, the detail keeps its room


class AccessRecordsDialog(QDialog):
    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("accessRecordsDialog")
        self.setWindowTitle(self.tr("Access records"))
        self.store, self.hub = store, hub
        self.zone = event_zone(store)
        self.today = dt.datetime.now(self.zone).date()
        self.model = AccessRecordsModel(store, self)
        self._fitted = False
        self._build_filters()
        self.table = QTableView()
        self.table.setObjectName("accessRecords")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        self.message = QLabel()
        self.message.setObjectName("accessRecordsMessage")
        self.message.setWordWrap(True)
        records = QWidget()
        column = QVBoxLayout(records)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.filters)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        self.unusual = UnusualView(store, self.today)
        self.unusual.show_records.connect(self.show_finding)
        self.unusual.checked.connect(self._name_unusual_tab)
        self.tabs = QTabWidget()
        self.tabs.addTab(records, self.tr("&Records"))
        self.tabs.addTab(self.unusual, self.tr("&Unusual"))
        self.export_button = QPushButton(self.tr("&Export…"))
        self.export_button.setObjectName("exportAccessRecords")
        self.export_button.setToolTip(self.tr("Write the entries listed to an Excel or CSV file (the export is "
                                              "recorded too)"))
        self.export_button.clicked.connect(lambda: self.export())
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        for button in buttons.buttons():
            button.setAutoDefault(False)  # Enter in the person field filters; it never closes the dialog
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        QShortcut(QKeySequence.StandardKey.Find, self, self.find_person)
        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(TYPING_PAUSE_MS)
        self._typing.timeout.connect(self.apply_filters)
        self.resize(1240, 640)
        self.refresh()

    # --- filters -----------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.operator = QComboBox()
        self.operator.setObjectName("operatorFilter")
        self.action = QComboBox()
        self.action.setObjectName("actionFilter")
        self.person = QLineEdit()
        self.person.setObjectName("personFilter")
        self.person.setClearButtonEnabled(True)
        self.person.setPlaceholderText(self.tr("Name, phone, e-mail or id (Ctrl+F)"))
        self.person.setMinimumWidth(220)
        self.person.textEdited.connect(lambda _text: self._typing.start())
        self.person.returnPressed.connect(self.apply_filters)
        self.dated = QCheckBox(self.tr("&Dates"))
        self.dated.setObjectName("datedFilter")
        today = QDate(self.today.year, self.today.month, self.today.day)
        self.since = QDateEdit(today)
        self.until = QDateEdit(today)
        for edit, name in ((self.since, "sinceFilter"), (self.until, "untilFilter")):
            edit.setObjectName(name)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
            edit.dateChanged.connect(lambda _date: self.apply_filters())
        self.dated.toggled.connect(self._dates_toggled)
        self.operator.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.action.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.clear_button = QPushButton(self.tr("C&lear filters"))
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filters)
        self.filters = QHBoxLayout()
        for label, field in ((self.tr("&Operator"), self.operator), (self.tr("&Action"), self.action),
                             (self.tr("&Person"), self.person)):
            caption = QLabel(label)
            caption.setBuddy(field)
            self.filters.addWidget(caption)
            self.filters.addWidget(field, 1 if field is self.person else 0)
        self.filters.addWidget(self.dated)
        self.filters.addWidget(self.since)
        self.filters.addWidget(QLabel("–"))
        self.filters.addWidget(self.until)
        self.filters.addWidget(self.clear_button)

    def _dates_toggled(self, on: bool) -> None:
        self.since.setEnabled(on)
        self.until.setEnabled(on)
        self.apply_filters()

    def _fill_choices(self) -> None:
        """The operators and actions the log holds, keeping what was chosen."""
        operators, actions = access_records.facets(self.store)
        chosen_operator, chosen_action = self.operator.currentData(), self.action.currentData()
        for combo in (self.operator, self.action):
            combo.blockSignals(True)
            combo.clear()
        self.operator.addItem(self.tr("All operators"), None)
        for name in operators:
            self.operator.addItem(name, name)
        self.action.addItem(self.tr("All actions"), None)
        known = sorted({*AUDIT_ACTIONS, *actions}, key=lambda code: action_name(code).casefold())
        for code in known:
            self.action.addItem(action_name(code), code)
            self.action.setItemData(self.action.count() - 1, code, Qt.ItemDataRole.ToolTipRole)
        for combo, chosen in ((self.operator, chosen_operator), (self.action, chosen_action)):
            at = combo.findData(chosen) if chosen is not None else 0
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)

    def record_filter(self) -> RecordFilter:
        since = until = None
        if self.dated.isChecked():
            first, last = self.since.date(), self.until.date()
            since = dt.datetime(first.year(), first.month(), first.day(), tzinfo=self.zone)
            until = dt.datetime(last.year(), last.month(), last.day(), tzinfo=self.zone) + dt.timedelta(days=1)
        return RecordFilter(operator=self.operator.currentData(), action=self.action.currentData(),
                            person=self.person.text().strip(), since=since, until=until)

    def apply_filters(self) -> None:
        self._typing.stop()
        try:
            prepared = access_records.prepare(self.store, self.record_filter())
            self.model.show(prepared)
        except (AccessDenied, ValueError) as error:  # a refused filter says why, in the window's language
            self.model.clear()
            self.message.setText(error_text(error))
            self.export_button.setEnabled(False)
            return
        self.export_button.setEnabled(self.model.total > 0 and not self.store.read_only)
        self.message.setText(self._count_text())
        if not self._fitted and self.model.rowCount():
            self._fit_columns()

    def _fit_columns(self) -> None:
        """Columns as wide as the first page's words, once (then as the organizer drags them); a
        long name or a long action gives way to the reason and detail."""
        self._fitted = True
        self.table.resizeColumnsToContents()
        for column in (COL_PERSON, COL_OPERATOR, COL_DESK):
            self.table.setColumnWidth(column, min(self.table.columnWidth(column), MAX_NAME_WIDTH))

    def _count_text(self) -> str:
        total = self.model.total
        if not total:
            return self.tr("No access records match these filters.")
        text = self.tr("%1 entries, newest first.").replace("%1", f"{total:,}")
        if self.store.read_only:
            text += " " + self.tr("This event is open read-only: an export could not be recorded, so it is off.")
        return text

    def clear_filters(self) -> None:
        for widget in (self.operator, self.action, self.dated, self.person):
            widget.blockSignals(True)
        self.operator.setCurrentIndex(0)
        self.action.setCurrentIndex(0)
        self.dated.setChecked(False)
        self.since.setEnabled(False)
        self.until.setEnabled(False)
        self.person.clear()
        for widget in (self.operator, self.action, self.dated, self.person):
            widget.blockSignals(False)
        self.apply_filters()

    def find_person(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.person.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.person.selectAll()

    def refresh(self) -> None:
        if not allowed(self.store, Action.VIEW_AUDIT):  # the menu offers it to organizers only; said again here
            self.message.setText(error_text(AccessDenied("role_may_not", operator=self.store.stamp.operator,
                                                         role=self.store.stamp.role or "", action="view_audit")))
            self.export_button.setEnabled(False)
            return
        self._fill_choices()
        self.apply_filters()
        self.unusual.check()

    def _name_unusual_tab(self, count: int) -> None:
        day = self.unusual.chosen_day
        self.tabs.setTabText(1, (self.tr("&Unusual today (%1)") if day == self.today
                                 else self.tr("&Unusual on %2 (%1)").replace("%2", f"{day:%m-%d}"))
                             .replace("%1", str(count)))

    def show_finding(self, operator: str, action: str, person: str, day: dt.date) -> None:
        """The records a finding of the daily check was read from."""
        self.clear_filters()
        for combo, value in ((self.operator, operator or None), (self.action, action)):
            combo.blockSignals(True)
            combo.setCurrentIndex(max(combo.findData(value), 0) if value else 0)
            combo.blockSignals(False)
        self.person.setText(person)
        self.dated.blockSignals(True)
        self.dated.setChecked(True)
        self.dated.blockSignals(False)
        for edit in (self.since, self.until):
            edit.blockSignals(True)
            edit.setEnabled(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.tabs.setCurrentIndex(0)
        self.apply_filters()

    # --- export ------------------------------------------------------------------------------

    def export(self, target: Path | None = None) -> None:
        """Write what is listed to an Excel or CSV file, on a worker; the list then shows the export."""
        record_filter = self.record_filter()
        if target is None:
            target = file_dialogs.save_file(self, self.tr("Export access records"),
                                            self.tr("Excel (*.xlsx);;CSV UTF-8 (*.csv)"),
                                            f"access-records-{self.today:%Y%m%d}.xlsx", kind="access_records",
                                            event_file=self.store.path)
        if not target:
            return
        names = _translations()  # read here: the worker does not ask the translators
        event = self.store

        def work(progress: Any, _cancel: Any) -> int:
            store = reopen(event)
            try:
                return access_records.export_records(store, record_filter, target,
                                                     translate=lambda text: names.get(text, text), progress=progress)
            finally:
                store.close()

        def done(count: int) -> None:
            self.hub.status_message_requested.emit(
                self.tr("%1 access records exported to %2").replace("%1", f"{count:,}").replace("%2", str(target)))
            self.refresh()  # the export itself is now the newest entry

        (BackgroundOp(self, self.hub, work, label=self.tr("Exporting…"))
         .on_success(done)
         .on_failure(lambda error, _details: QMessageBox.warning(self, self.tr("Export failed"), error_text(error)))
         .run())


def _translations() -> dict[str, str]:
    """Every action and role name the export may write, in the window's language."""
    texts = [*AUDIT_ACTIONS.values(), *EXPORT_ACTIONS.values(), *FIELD_LABELS.values(), NOT_SIGNED_IN]
    return {text: translated(text) for text in texts}


def show_access_records(parent: QWidget, store: EventStore, hub: Hub,
                        shown: AccessRecordsDialog | None = None) -> AccessRecordsDialog:
    """The dialog beside the window (not modal: the work goes on while it is open); the window's
    own again when it was opened before (read again if it had been closed), brought forward."""
    if shown is None:
        shown = AccessRecordsDialog(store, hub, parent)
    elif not shown.isVisible():
        shown.refresh()
    shown.show()
    shown.raise_()
    shown.activateWindow()
    return shown
