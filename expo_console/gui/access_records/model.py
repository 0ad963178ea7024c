"""The access records as a table that reads a page at a time (canFetchMore/fetchMore): the view
asks for the next page only when it scrolls near the end, so a log of 100,000 entries or more
opens as fast as one of a hundred (each page is one index walk: services/access_records.py)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from expo_console.gui.access_records.detail import detail_text
from expo_console.services import access_records
from expo_console.services.access_records import PAGE, Prepared, Record
from expo_console.services.messages import action_label, role_label
from expo_console.services.store import EventStore
from expo_console.services.traffic.counting import event_zone

COL_TIME, COL_OPERATOR, COL_ROLE, COL_DESK, COL_ACTION, COL_PERSON, COL_REASON = range(7)
RECORD_ROLE = Qt.ItemDataRole.UserRole + 1  # the Record of a row
_Index = QModelIndex | QPersistentModelIndex
# Actions that show a person's data or take it out of the console: marked in the list.
SENSITIVE = frozenset({"reveal_phone", "export", "person_data_export", "person_data_view", "access_records_export",
                       "delete", "purge", "sign_in_failed", "operator_locked"})


def translated(text: str) -> str:
    """A text of services/messages.py in the window's language."""
    return QCoreApplication.translate("Messages", text)


def action_name(action: str, entity: str = "") -> str:
    return translated(action_label(action, entity))


def role_name(role: str) -> str:
    return translated(role_label(role))


class AccessRecordsModel(QAbstractTableModel):
    def __init__(self, store: EventStore, parent: Any = None) -> None:
        super().__init__(parent)
        self.store = store
        self.zone = event_zone(store)
        self.records: list[Record] = []
        self.total = 0
        self._prepared: Prepared | None = None
        self._exhausted = True
        self.headers = (self.tr("Time"), self.tr("Operator"), self.tr("Role"), self.tr("Desk"), self.tr("Action"),
                        self.tr("Person"), self.tr("Reason and detail"))

    def show(self, prepared: Prepared) -> None:
        """The first page of what `prepared` lists (and how many it lists in all)."""
        self.beginResetModel()
        self._prepared = prepared
        self.records = access_records.list_records(self.store, prepared, limit=PAGE)
        self.total = access_records.count_records(self.store, prepared)
        self._exhausted = len(self.records) < PAGE or len(self.records) >= self.total
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._prepared, self.records, self.total, self._exhausted = None, [], 0, True
        self.endResetModel()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's signature
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or self._exhausted or self._prepared is None or not self.records:
            return
        more = access_records.list_records(self.store, self._prepared, before=self.records[-1].cursor, limit=PAGE)
        # a last page that is exactly full leaves nothing more to fetch: the count says so
        self._exhausted = len(more) < PAGE or len(self.records) + len(more) >= self.total
        if more:
            self.beginInsertRows(QModelIndex(), len(self.records), len(self.records) + len(more) - 1)
            self.records.extend(more)
            self.endInsertRows()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.records)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("When, on the event's clock"), self.tr("Who was signed in at the desk"),
                    self.tr("The role they signed in with"), self.tr("The desk (computer) it was done at"),
                    self.tr("What was done"),
                    self.tr("Whom it concerns: a visitor by name, or by pseudonym once erased; or an operator"),
                    self.tr("Why, as the operator typed it, and what else was recorded"))[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.records):
            return None
        record, column = self.records[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(record, column)
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(record, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == COL_PERSON and record.erased:
                return QBrush(QColor("#607d8b"))
            if column == COL_ACTION and record.action in SENSITIVE:
                return QBrush(QColor("#b71c1c"))
        if role == Qt.ItemDataRole.FontRole and column == COL_PERSON and record.erased:
            font = QFont()
            font.setItalic(True)
            return font
        return None

    def _text(self, record: Record, column: int) -> str:
        if column == COL_TIME:
            return record.local_time
        if column == COL_OPERATOR:
            return record.operator
        if column == COL_ROLE:
            return role_name(record.role)
        if column == COL_DESK:
            return record.desk
        if column == COL_ACTION:
            return action_name(record.action, record.entity)
        if column == COL_PERSON:
            return record.person or "—"
        return " — ".join(part for part in (record.reason, detail_text(record, self.zone)) if part)

    def _tooltip(self, record: Record, column: int) -> str | None:
        if column == COL_PERSON and record.erased:
            return self.tr("Erased: this visitor was deleted, and the records about them keep only this pseudonym.")
        if column == COL_PERSON and record.person_id:
            return record.person_id
        if column == COL_DESK:
            return record.desk_id
        if column == COL_ACTION:
            return record.action
        if column == COL_TIME:
            return self.tr("%1 UTC").replace("%1", record.at)
        if column == COL_REASON:
            return self._text(record, column) or None
        return None
