"""A searchable, sortable list with its buttons: the Setup page's interpreters, buyers,
exhibitors and requests are each one of these, and so is Studio & photos' list of requests.

The lists hold hundreds of rows at most (an expo's buyers and their requests), so a sort/filter
proxy is fine here, unlike the visitor list's hundred thousand.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.gui.role_view import permit
from expo_console.services.store import EventStore

Index = QModelIndex | QPersistentModelIndex
KEY_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2


class RowsModel(QAbstractTableModel):
    """Rows of (key, cells); a cell is text, or a number (shown as it is, sorted as a number)."""

    def __init__(self, headers: Sequence[str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.rows: list[tuple[Hashable, tuple[Any, ...]]] = []

    def set_rows(self, rows: list[tuple[Hashable, tuple[Any, ...]]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        key, cells = self.rows[index.row()]
        value = cells[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if value is None else f"{value:,}" if isinstance(value, int) else str(value)
        if role == SORT_ROLE:
            return -1 if value is None else value
        if role == KEY_ROLE:
            return key
        if role == Qt.ItemDataRole.TextAlignmentRole and isinstance(value, int):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class ListSection(QWidget):
    """A title, a search box, the list, and a row of buttons under it."""

    def __init__(self, store: EventStore, name: str, title: str, headers: Sequence[str], search_hint: str,
                 parent: QWidget | None = None, model: RowsModel | None = None) -> None:
        """`model`: rows of one's own (a RowsModel with an editable column, say) for `headers`'."""
        super().__init__(parent)
        self.setObjectName(name)
        self.store = store
        self.model = model or RowsModel(headers, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: bold")
        self.search = QLineEdit()
        self.search.setObjectName(f"{name}Search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(search_hint)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.count = QLabel()
        self.view = QTableView()
        self.view.setObjectName(f"{name}Table")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.buttons = QHBoxLayout()
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)
        self.buttons.addStretch(1)

    def set_rows(self, rows: list[tuple[Hashable, tuple[Any, ...]]], widths: Sequence[int] = (),
                 stretch: int = 0) -> None:
        """`widths` for the first columns (never narrower than their heading); `stretch` takes the rest."""
        chosen = self.current_key()
        self.model.set_rows(rows)
        header = self.view.horizontalHeader()
        metrics = header.fontMetrics()
        for column in range(self.model.columnCount()):
            heading = metrics.horizontalAdvance(self.model.headers[column]) + 28  # the sort arrow's room
            wanted = widths[column] if column < len(widths) else 0
            self.view.setColumnWidth(column, max(wanted, heading))
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        self.count.setText(f"{len(rows):,}")
        if chosen is not None:
            self.select(chosen)

    def add_button(self, text: str, name: str, slot: Callable[[], object], action: Action | None = Action.PLAN_MEETINGS,
                   needs_row: bool = False) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(lambda: slot())
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        if action is not None and (not permit(button, self.store, action) or self.store.read_only):
            button.setEnabled(False)
        elif needs_row:
            button.setEnabled(False)
            self.view.selectionModel().selectionChanged.connect(
                lambda *_: button.setEnabled(self.current_key() is not None))
        return button

    def current_key(self) -> Any:
        index = self.view.currentIndex()
        if not index.isValid() or not self.view.selectionModel().isSelected(index):
            return None
        return self.proxy.data(index, KEY_ROLE)

    def select(self, key: Hashable) -> bool:
        for row in range(self.proxy.rowCount()):
            index = self.proxy.index(row, 0)
            if self.proxy.data(index, KEY_ROLE) == key:
                self.view.selectRow(row)
                self.view.scrollTo(index)
                return True
        return False
