"""The slot grid on screen: cards dragged with the mouse or the keyboard.

The drag is the view's own (press, move, release), not Qt's drag and drop: Qt's QDrag runs a
nested event loop and paints a pixmap, while here the target cell itself turns green or red
with the clash in words, and only the two cells that changed are repainted per mouse move.
Keyboard: Space picks up the item under the cursor, the arrows carry it, Enter drops it,
Escape puts it back.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QTableView,
    QToolTip,
    QWidget,
)

from expo_console.gui.labels import fill
from expo_console.gui.slot_grid.delegate import CELL_HEIGHT, CELL_WIDTH, CardDelegate
from expo_console.gui.slot_grid.model import Drag, SlotGridModel

EDGE_SCROLL = 24  # pixels from the viewport's edge where a drag scrolls the grid


class SlotGridView(QTableView):
    move_requested = Signal(str, int, int)  # item id, row, column: a drop on a free cell
    drag_hovered = Signal(str, bool)  # what a drop here would do, and whether it is refused
    drag_refused = Signal(str)  # a drop refused, or a drag that may not start, in words

    def __init__(self, model: SlotGridModel, cell: tuple[int, int] = (CELL_WIDTH, CELL_HEIGHT),
                 parent: QWidget | None = None) -> None:
        """`cell`: a cell's width and height in pixels (a card of three lines wants a taller one)."""
        super().__init__(parent)
        self.cell = cell
        self.widest: int | None = None  # set: the columns widen up to it to fill the width (few columns)
        self.setObjectName("scheduleGrid")
        self.grid = model
        self.editable = True
        self._press: tuple[QPoint, Any] | None = None
        self._keyboard = False  # the drag was started with Space: the arrows carry it
        self.setModel(model)
        self.setItemDelegate(CardDelegate(model, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)  # the drag is ours (see the module's docstring)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for header, size in ((self.horizontalHeader(), cell[0]), (self.verticalHeader(), cell[1])):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(size)
            header.setHighlightSections(True)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        model.modelReset.connect(self.fit_columns)

    def fit_columns(self) -> None:
        """With `widest` set, the columns share the width, from the cell's width up to `widest`
        each: two studio sets fill the page instead of leaving most of it blank."""
        if self.widest is None or not self.grid.columns:
            return
        room = (self.viewport().width() or self.width()) // len(self.grid.columns)
        self.horizontalHeader().setDefaultSectionSize(max(self.cell[0], min(self.widest, room)))

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        super().resizeEvent(event)
        self.fit_columns()

    # -- mouse ------------------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self.grid.drag is not None:  # a keyboard drag, then a click: the click drops it there
            index = self.indexAt(event.position().toPoint())
            if index.isValid():
                self.point_at(index.row(), index.column())
            self.drop()
            return
        super().mousePressEvent(event)
        index = self.indexAt(event.position().toPoint())
        item = self.grid.item_at(index.row(), index.column()) if index.isValid() else None
        if event.button() == Qt.MouseButton.LeftButton and item is not None and self.editable:
            self._press = (event.position().toPoint(), item)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._press is None:
            super().mouseMoveEvent(event)
            return
        at = event.position().toPoint()
        if self.grid.drag is None:
            if (at - self._press[0]).manhattanLength() < QApplication.startDragDistance():
                return
            if not self.start_drag(self._press[1]):
                self._press = None
                return
        self._scroll_near_edge(at)
        index = self.indexAt(at)
        if index.isValid():
            self.point_at(index.row(), index.column(), self.viewport().mapToGlobal(at))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        pressed, self._press = self._press, None
        if pressed is not None and self.grid.drag is not None:
            self.drop()
            return
        super().mouseReleaseEvent(event)

    def _scroll_near_edge(self, at: QPoint) -> None:
        area = self.viewport().rect()
        for bar, low, high, position in ((self.horizontalScrollBar(), area.left(), area.right(), at.x()),
                                         (self.verticalScrollBar(), area.top(), area.bottom(), at.y())):
            if position < low + EDGE_SCROLL:
                bar.setValue(bar.value() - bar.singleStep() * 2)
            elif position > high - EDGE_SCROLL:
                bar.setValue(bar.value() + bar.singleStep() * 2)

    # -- keyboard ---------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        key = event.key()
        if self.grid.drag is not None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
                self.drop()
                return
            if key == Qt.Key.Key_Escape:
                self.cancel_drag()
                return
        elif key == Qt.Key.Key_Space and self.editable:
            index = self.currentIndex()
            item = self.grid.item_at(index.row(), index.column()) if index.isValid() else None
            if item is not None and self.start_drag(item, keyboard=True):
                self.point_at(index.row(), index.column())
            return
        super().keyPressEvent(event)

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: N802
        super().currentChanged(current, previous)
        if self._keyboard and self.grid.drag is not None and current.isValid():
            rect = self.visualRect(current)
            self.point_at(current.row(), current.column(), self.viewport().mapToGlobal(rect.center()))

    # -- the drag ---------------------------------------------------------------------------------

    def start_drag(self, item: Any, keyboard: bool = False) -> bool:
        reason = self.grid.look.held_in_place(item)
        if reason:
            self.drag_refused.emit(reason)
            return False
        self.grid.begin_drag(item)
        self._keyboard = keyboard
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        return True

    def point_at(self, row: int, column: int, global_at: QPoint | None = None) -> Drag | None:
        drag = self.grid.drag_to(row, column)
        if drag is None:
            return None
        text = self.hover_text(drag)
        self.drag_hovered.emit(text, drag.refused)
        if drag.refused and global_at is not None:
            QToolTip.showText(global_at, text, self.viewport())
        else:
            QToolTip.hideText()
        return drag

    def hover_text(self, drag: Drag) -> str:
        if drag.target is None:
            return ""
        where = self.grid.look.where(self.grid.slots[drag.target[0]], self.grid.columns[drag.target[1]])
        if self.grid.cell_of(drag.item) == drag.target:
            return fill(self.tr("%1: where it is now."), where)
        if drag.refused:
            return fill(self.tr("Not here (%1): %2"), where, " ".join(drag.problems))
        return fill(self.tr("Drop to move it to %1; it is then locked there."), where)

    def drop(self) -> None:
        drag = self.grid.end_drag()
        self._finish()
        if drag is None or drag.target is None or self.grid.cell_of(drag.item) == drag.target:
            return
        if drag.refused:
            self.drag_refused.emit(fill(self.tr("Not moved: %1"), " ".join(drag.problems)))
            return
        self.move_requested.emit(self.grid.look.item_id(drag.item), *drag.target)

    def cancel_drag(self) -> None:
        drag = self.grid.end_drag()
        self._finish()
        if drag is not None:
            index = self.grid.index_of(self.grid.look.item_id(drag.item))
            if index.isValid():
                self.setCurrentIndex(index)

    def _finish(self) -> None:
        self._keyboard = False
        self._press = None
        self.viewport().unsetCursor()
        QToolTip.hideText()

    def focusOutEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802
        if self.grid.drag is not None and QApplication.activePopupWidget() is None:
            self.cancel_drag()  # a drag left behind would paint a red cell nobody is moving
        super().focusOutEvent(event)
