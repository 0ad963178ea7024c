"""The visitor list as a QAbstractTableModel.

Why no QSortFilterProxyModel: a proxy calls filterAcceptsRow / lessThan in Python once per row,
which at 100,000+ visitors takes seconds per keystroke. Filtering and sorting are done by the
services' VisitorIndex (numpy, prefix keys), and this model shows the resulting row order. The
model still offers the proxy's API surface the views need: sort() and set_query().
"""

from __future__ import annotations

from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from expo_console.gui.labels import class_label
from expo_console.services.registration.visitor_index import VisitorFilter, VisitorIndex
from expo_console.services.store import PRINT_CURRENT, PRINT_OUTDATED, PRINT_SENT

COL_NAME = 0
COL_NAME_EN = 1
COL_COMPANY = 2
COL_TITLE = 3
COL_CLASS = 4
COL_PHONE = 5
COL_EMAIL = 6
COL_STATUS = 7
COLUMN_COUNT = 8

VisitorIdRole = Qt.ItemDataRole.UserRole + 1
SortKeyRole = Qt.ItemDataRole.UserRole + 2

COLUMN_FIELD = {COL_NAME: "name", COL_NAME_EN: "name_en", COL_COMPANY: "company",
                 COL_TITLE: "title", COL_CLASS: "visitor_class", COL_PHONE: "phone",
                 COL_EMAIL: "email", COL_STATUS: "created_at"}
_BLOCKED_COLOUR = QColor("#b3261e")

AnyIndex = QModelIndex | QPersistentModelIndex
_ROLES_SERVED = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ForegroundRole,
                           Qt.ItemDataRole.ToolTipRole, VisitorIdRole, SortKeyRole})


class VisitorTableModel(QAbstractTableModel):
    results_changed = Signal(int, int)  # shown, total

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._index = VisitorIndex()
        self._rows: np.ndarray = np.empty(0, dtype=np.int32)
        self._query = ""
        self._filter = VisitorFilter()
        self._sort_column = COL_NAME
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._revealed: dict[str, str] = {}
        self._pinned: str | None = None  # a visitor found by a scanned badge code: shown alone

    # -- data source ----------------------------------------------------------------------------

    @property
    def index_data(self) -> VisitorIndex:
        return self._index

    @property
    def sort_field(self) -> str:
        """The index column the list is sorted by (a reload prepares its order in the worker)."""
        return COLUMN_FIELD[self._sort_column]

    def set_index(self, index: VisitorIndex) -> None:
        self._index = index
        self._refresh()

    def upsert(self, row: tuple[Any, ...]) -> None:
        self._index.upsert(row)
        self._refresh()

    def remove(self, visitor_id: str) -> None:
        self._index.remove(visitor_id)
        self._revealed.pop(visitor_id, None)
        self._refresh()

    def apply(self, rows: list[tuple[Any, ...]], removed: tuple[str, ...]) -> None:
        """Several visitors written or removed at once (another desk's, from the hub): the list is
        searched and sorted again once, not once per visitor."""
        for row in rows:
            self._index.upsert(row)
        for visitor_id in removed:
            self._index.remove(visitor_id)
            self._revealed.pop(visitor_id, None)
        self._refresh()

    def set_query(self, query: str, flt: VisitorFilter | None = None) -> None:
        self._query = query
        if flt is not None:
            self._filter = flt
        self._refresh()

    def set_pinned(self, visitor_id: str | None) -> None:
        """Show only this visitor (found by their badge code), or the search results again."""
        if visitor_id != self._pinned:
            self._pinned = visitor_id
            self._refresh()

    def reveal_phone(self, visitor_id: str, phone: str) -> None:
        """Show one unmasked number (the caller has logged the reveal)."""
        self._revealed[visitor_id] = phone
        position = self._index.position_of.get(visitor_id)
        if position is None:
            return
        hits = np.flatnonzero(self._rows == position)
        if len(hits):
            cell = self.index(int(hits[0]), COL_PHONE)
            self.dataChanged.emit(cell, cell, [Qt.ItemDataRole.DisplayRole])

    def _refresh(self) -> None:
        self.beginResetModel()
        pinned = self._index.position_of.get(self._pinned) if self._pinned else None
        if pinned is not None:
            self._rows = np.array([pinned], dtype=np.int32)
            self.endResetModel()
            self.results_changed.emit(1, len(self._index))
            return
        self._rows = self._index.search_ordered(
            self._query, self._filter, COLUMN_FIELD[self._sort_column],
            descending=self._sort_order == Qt.SortOrder.DescendingOrder)
        self.endResetModel()
        self.results_changed.emit(len(self._rows), len(self._index))

    # -- lookups for views ----------------------------------------------------------------------

    def visitor_id(self, row: int) -> str:
        return str(self._index.value(self._rows.item(row), "id"))

    def row_of(self, visitor_id: str) -> int | None:
        position = self._index.position_of.get(visitor_id)
        if position is None:
            return None
        hits = np.flatnonzero(self._rows == position)
        return int(hits[0]) if len(hits) else None

    # -- Qt model API ---------------------------------------------------------------------------

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Name"), self.tr("English name"), self.tr("Company"), self.tr("Title"),
                self.tr("Class"), self.tr("Phone"), self.tr("E-mail"), self.tr("Status"))[section]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Painting asks for a dozen roles per visible cell; answer the unused ones first and
        # cheaply, because this runs on every keystroke's repaint.
        if role not in _ROLES_SERVED or not index.isValid():
            return None
        row = index.row()
        if not 0 <= row < len(self._rows):
            return None
        position = self._rows.item(row)
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(position, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return _BLOCKED_COLOUR if self._index.value(position, "blocked") else None
        if role == VisitorIdRole:
            return self._index.value(position, "id")
        if role == SortKeyRole:
            return str(self._index.value(position, COLUMN_FIELD[column]))
        if column == COL_PHONE:  # ToolTipRole
            return self.tr("Masked for privacy. Use 'Show phone' to reveal it (logged).")
        return None

    def _display(self, position: int, column: int) -> str:
        value = self._index.value
        if column == COL_CLASS:
            return class_label(value(position, "visitor_class"))
        if column == COL_PHONE:
            revealed = self._revealed.get(value(position, "id"))
            return revealed if revealed is not None else self._index.masked_phone(position)
        if column == COL_STATUS:
            parts = []
            if value(position, "blocked"):
                parts.append(self.tr("Blocked"))
            if value(position, "checked_in"):
                parts.append(self.tr("Checked in"))
            printed = value(position, "printed")
            if printed == PRINT_OUTDATED:
                parts.append(self.tr("Badge out of date: print again"))
            elif printed == PRINT_SENT:  # queued, not printed until the print system says so
                parts.append(self.tr("Badge sent to the printer"))
            elif printed == PRINT_CURRENT:
                parts.append(self.tr("Badge printed"))
            return " · ".join(parts)
        return str(value(position, COLUMN_FIELD[column]))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < COLUMN_COUNT:
            return
        self._sort_column = column
        self._sort_order = order
        self._refresh()
