"""One day of slots as a table: a row per slot, a column per resource, an item per cell.

The model keeps the day's items and their cards in memory; a change named by the hub patches the
cells it touches, a solve or a setup change shows the day again. While an item is dragged the
model holds the drag (where from, the cell under the mouse, what it would collide with there), so
the delegate paints the target cell red or green without asking anything else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Generic

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from expo_console.domain.consultations import Slot
from expo_console.gui.labels import fill, hhmm
from expo_console.gui.slot_grid.look import Card, Item, ItemLook, SlotCheck

ITEM_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell's item, or None
Index = QModelIndex | QPersistentModelIndex
Cell = tuple[int, int]


@dataclass
class Drag(Generic[Item]):
    item: Item
    check: SlotCheck
    target: Cell | None = None  # (row, column) under the mouse or the keyboard
    problems: list[str] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return bool(self.problems)


class SlotGridModel(QAbstractTableModel, Generic[Item]):
    def __init__(self, look: ItemLook[Item], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.look = look
        self.day: dt.date | None = None
        self.slots: tuple[Slot, ...] = ()
        self.columns: tuple[int, ...] = ()  # the resource numbers, left to right
        self.items: dict[str, Item] = {}
        self.cards: dict[str, Card] = {}
        self._cells: dict[Cell, list[str]] = {}
        self._row_of: dict[Slot, int] = {}
        self._column_of: dict[int, int] = {}
        self.off_grid: list[Item] = []  # the day's items at no slot or column of the grid
        self.drag: Drag[Item] | None = None

    # -- filling ----------------------------------------------------------------------------------

    def show(self, day: dt.date | None, slots: tuple[Slot, ...], columns: tuple[int, ...],
             items: Iterable[Item]) -> None:
        """The day's grid: its slots, the columns, and those of `items` that fall on the day."""
        self.beginResetModel()
        self.drag = None
        self.day, self.slots, self.columns = day, slots, columns
        self._row_of = {slot: row for row, slot in enumerate(slots)}
        self._column_of = {number: column for column, number in enumerate(columns)}
        self.items = {self.look.item_id(i): i for i in items if self.look.place(i)[0].day == day}
        self.cards = {key: self.look.card(item) for key, item in self.items.items()}
        self._index_cells()
        self.endResetModel()

    def _index_cells(self) -> None:
        self._cells = {}
        self.off_grid = []
        for key, item in sorted(self.items.items(), key=lambda kv: (not self.look.active(kv[1]), kv[0])):
            cell = self.cell_of(item)
            if cell is None:
                self.off_grid.append(item)
            else:
                self._cells.setdefault(cell, []).append(key)

    def patch(self, changed: dict[str, Item | None]) -> None:
        """Items written elsewhere (or here): `None` for one removed. Only their cells repaint."""
        touched = {self.cell_of(self.items[i]) for i in changed if i in self.items}
        for key, item in changed.items():
            self.items.pop(key, None)
            self.cards.pop(key, None)
            if item is not None and self.look.place(item)[0].day == self.day:
                self.items[key] = item
                self.cards[key] = self.look.card(item)
                touched.add(self.cell_of(item))
        self._index_cells()
        for cell in touched - {None}:
            assert cell is not None
            index = self.index(*cell)
            self.dataChanged.emit(index, index)

    def cell_of(self, item: Item) -> Cell | None:
        slot, number = self.look.place(item)
        row, column = self._row_of.get(slot), self._column_of.get(number)
        return None if row is None or column is None else (row, column)

    # -- reading ----------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.slots)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def item_at(self, row: int, column: int) -> Item | None:
        keys = self._cells.get((row, column))
        return self.items[keys[0]] if keys else None

    def card_at(self, row: int, column: int) -> Card | None:
        keys = self._cells.get((row, column))
        return self.cards[keys[0]] if keys else None

    def crowded(self, row: int, column: int) -> bool:
        """More than one item still active in the cell: a clash another desk's edit made."""
        return sum(1 for k in self._cells.get((row, column), []) if self.look.active(self.items[k])) > 1

    def index_of(self, key: str) -> QModelIndex:
        item = self.items.get(key)
        cell = self.cell_of(item) if item is not None else None
        return self.index(*cell) if cell is not None else QModelIndex()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == ITEM_ROLE:
            return self.item_at(index.row(), index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            card = self.card_at(index.row(), index.column())
            return card.words if card is not None else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tooltip(index.row(), index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.look.column_title(self.columns[section]) if section < len(self.columns) else None
        if section < len(self.slots):
            slot = self.slots[section]
            return f"{hhmm(slot.start)}–{hhmm(slot.end)}"
        return None

    def tooltip(self, row: int, column: int) -> str:
        where = self.look.where(self.slots[row], self.columns[column], long=True)
        item = self.item_at(row, column)
        if item is None:
            return fill(self.tr("%1: free"), where)
        lines = [where, *self.look.details(item)]
        if self.look.fixed(item):
            lines.append(self.tr("Locked: a new solve keeps it here (L unlocks)."))
        if self.crowded(row, column):
            lines.append(self.look.crowded_text())
        return "\n".join(lines)

    # -- dragging ---------------------------------------------------------------------------------

    def begin_drag(self, item: Item) -> Drag[Item]:
        self.drag = Drag(item, self.look.check(list(self.items.values()), item))
        return self.drag

    def drag_to(self, row: int, column: int) -> Drag[Item] | None:
        """Point the drag at a cell; the clash check runs only when the cell changes."""
        drag = self.drag
        if drag is None or drag.target == (row, column):
            return drag
        previous = drag.target
        drag.target = (row, column)
        drag.problems = drag.check.problems(self.slots[row], self.columns[column])
        for cell in (previous, drag.target):
            if cell is not None:
                index = self.index(*cell)
                self.dataChanged.emit(index, index, [ITEM_ROLE])
        return drag

    def end_drag(self) -> Drag[Item] | None:
        drag, self.drag = self.drag, None
        if drag is not None:
            for cell in (drag.target, self.cell_of(drag.item)):
                if cell is not None:
                    index = self.index(*cell)
                    self.dataChanged.emit(index, index, [ITEM_ROLE])
        return drag
