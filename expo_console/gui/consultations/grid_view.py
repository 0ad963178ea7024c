"""The schedule grid on screen: meetings painted as cards, dragged with the mouse or the keyboard.

The drag is the view's own (press, move, release), not Qt's drag and drop: Qt's QDrag runs a
nested event loop and paints a pixmap, while here the target cell itself turns green or red
with the clash in words, and only the two cells that changed are repainted per mouse move.
Keyboard: Space picks up the meeting under the cursor, the arrows carry it, Enter drops it,
Escape puts it back.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QMouseEvent, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolTip,
    QWidget,
)

from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.gui.consultations import names
from expo_console.gui.consultations.grid_model import Drag, ScheduleModel
from expo_console.gui.consultations.names import fill

CELL_WIDTH, CELL_HEIGHT = 126, 46
EDGE_SCROLL = 24  # pixels from the viewport's edge where a drag scrolls the grid

# background, stripe: the meeting's state at a glance
SCHEDULED = (QColor("#e8f0fe"), QColor("#1a73e8"))
ARRIVED = (QColor("#e0f7fa"), QColor("#00838f"))
HELD = (QColor("#e6f4ea"), QColor("#188038"))
NO_SHOW = (QColor("#fce8e6"), QColor("#d93025"))
CANCELLED = (QColor("#f1f3f4"), QColor("#9aa0a6"))
DROP_OK = (QColor("#ceead6"), QColor("#188038"))
DROP_REFUSED = (QColor("#fad2cf"), QColor("#c5221f"))
INTERPRETER = QColor("#7b1fa2")


def colours(meeting: MeetingRecord) -> tuple[QColor, QColor]:
    if meeting.status == MeetingStatus.HELD:
        return HELD
    if meeting.status == MeetingStatus.NO_SHOW:
        return NO_SHOW
    if meeting.status == MeetingStatus.CANCELLED:
        return CANCELLED
    return ARRIVED if meeting.arrived_at is not None else SCHEDULED


def movable(meeting: MeetingRecord) -> bool:
    """A meeting that happened (or that someone arrived for) stays where it happened."""
    return meeting.status == MeetingStatus.SCHEDULED and meeting.arrived_at is None


class MeetingDelegate(QStyledItemDelegate):
    """Paints a meeting as a card. A card is drawn once into a pixmap and then only copied: a
    whole grid on screen (130 cards) took 30 ms to draw card by card, and a scroll or a day's
    change repaints all of them. The cache is keyed by what the card shows and emptied when the
    model is reset (a day shown again, a name changed in the setup)."""

    def __init__(self, model: ScheduleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.cards: dict[tuple[object, ...], QPixmap] = {}
        model.modelReset.connect(self.cards.clear)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row, column = index.row(), index.column()
        meeting = self.model.meeting_at(row, column)
        drag = self.model.drag
        rect = option.rect.adjusted(2, 2, -2, -2)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if drag is not None and drag.target == (row, column) and self.model.cell_of(drag.meeting) != (row, column):
            self._cached_card(painter, option, rect, drag.meeting, DROP_REFUSED if drag.refused else DROP_OK)
        elif meeting is not None:
            dimmed = drag is not None and drag.meeting.id == meeting.id
            if dimmed:
                painter.setOpacity(0.35)
            self._cached_card(painter, option, rect, meeting, colours(meeting))
            if self.model.crowded(row, column):
                painter.setPen(QPen(DROP_REFUSED[1], 2, Qt.PenStyle.DashLine))
                painter.drawRoundedRect(rect, 4, 4)
        if option.state & QStyle.StateFlag.State_HasFocus:  # type: ignore[attr-defined]
            painter.setOpacity(1)
            painter.setPen(QPen(QColor("#202124"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(option.rect.adjusted(1, 1, -1, -1), 4, 4)  # type: ignore[attr-defined]
        painter.restore()

    def _cached_card(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, meeting: MeetingRecord,
                     palette: tuple[QColor, QColor]) -> None:
        ratio = painter.device().devicePixelRatioF()
        key = (meeting.id, meeting.status, meeting.fixed, meeting.arrived_at is not None, meeting.interpreter_id,
               palette[0].rgb(), rect.width(), rect.height(), ratio)
        card = self.cards.get(key)
        if card is None:
            card = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
            card.setDevicePixelRatio(ratio)
            card.fill(Qt.GlobalColor.transparent)
            inside = QPainter(card)
            inside.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._card(inside, option, QRect(0, 0, rect.width(), rect.height()), meeting, palette)
            inside.end()
            self.cards[key] = card
        painter.drawPixmap(rect.topLeft(), card)

    def _card(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, meeting: MeetingRecord,
              palette: tuple[QColor, QColor]) -> None:
        background, stripe = palette
        painter.setPen(QPen(stripe, 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), stripe)
        setup = self.model.data_.setup
        buyer = setup.buyer_by_id.get(meeting.buyer_id)
        first = buyer.company or names.buyer_name(buyer) if buyer is not None else names.buyer_name(None)
        second = names.exhibitor_name(setup.exhibitor_by_id.get(meeting.exhibitor_id))
        font = QFont(option.font)  # type: ignore[attr-defined]
        text_rect = rect.adjusted(8, 3, -4, -3)
        marks = 0
        if meeting.interpreter_id is not None or (buyer is not None and buyer.record.needs_interpreter):
            marks += self._interpreter_mark(painter, font, rect, buyer.language if buyer else "",
                                            meeting.interpreter_id is not None)
        if meeting.fixed:
            self._lock(painter, QRect(rect.right() - 12, rect.bottom() - 13, 9, 10), stripe)
        painter.setPen(QColor("#5f6368") if meeting.status == MeetingStatus.CANCELLED else QColor("#202124"))
        bold = QFont(font)
        bold.setBold(True)
        bold.setStrikeOut(meeting.status == MeetingStatus.CANCELLED)
        painter.setFont(bold)
        line = text_rect.height() // 2
        top = QRect(text_rect.left(), text_rect.top(), text_rect.width() - marks, line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(first, Qt.TextElideMode.ElideRight, top.width()))
        painter.setFont(font)
        bottom = QRect(text_rect.left(), text_rect.top() + line, text_rect.width() - (14 if meeting.fixed else 0),
                       text_rect.height() - line)
        painter.drawText(bottom, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(second, Qt.TextElideMode.ElideRight, bottom.width()))

    def _interpreter_mark(self, painter: QPainter, font: QFont, rect: QRect, language: str, assigned: bool) -> int:
        """The buyer's language in a small badge: filled when an interpreter is assigned, hollow
        (and red) when the buyer needs one and has none."""
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.75, 6.5))
        small.setBold(True)
        painter.setFont(small)
        text = language.upper() or "?"
        width = painter.fontMetrics().horizontalAdvance(text) + 6
        badge = QRect(rect.right() - width - 2, rect.top() + 3, width, painter.fontMetrics().height())
        colour = INTERPRETER if assigned else DROP_REFUSED[1]
        painter.setPen(QPen(colour, 1))
        painter.setBrush(colour if assigned else Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(badge, 3, 3)
        painter.setPen(QColor("white") if assigned else colour)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)
        return width + 4

    @staticmethod
    def _lock(painter: QPainter, box: QRect, colour: QColor) -> None:
        """A small padlock (no emoji font needed): a shackle over a body."""
        painter.setPen(QPen(colour, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRect(box.left() + 1, box.top(), box.width() - 2, box.height() - 2), 0, 180 * 16)
        painter.setBrush(colour)
        painter.drawRect(QRect(box.left(), box.top() + box.height() // 2 - 1, box.width(), box.height() // 2 + 1))


class ScheduleView(QTableView):
    move_requested = Signal(str, int, int)  # meeting id, row, column: a drop on a free cell
    drag_hovered = Signal(str, bool)  # what a drop here would do, and whether it is refused
    drag_refused = Signal(str)  # a drop refused, or a drag that may not start, in words

    def __init__(self, model: ScheduleModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleGrid")
        self.grid = model
        self.editable = True
        self._press: tuple[QPoint, MeetingRecord] | None = None
        self._keyboard = False  # the drag was started with Space: the arrows carry it
        self.setModel(model)
        self.setItemDelegate(MeetingDelegate(model, self))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setDragEnabled(False)  # the drag is ours (see the module's docstring)
        self.setWordWrap(False)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        for header, size in ((self.horizontalHeader(), CELL_WIDTH), (self.verticalHeader(), CELL_HEIGHT)):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
            header.setDefaultSectionSize(size)
            header.setHighlightSections(True)
        self.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)

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
        meeting = self.grid.meeting_at(index.row(), index.column()) if index.isValid() else None
        if event.button() == Qt.MouseButton.LeftButton and meeting is not None and self.editable:
            self._press = (event.position().toPoint(), meeting)

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
            meeting = self.grid.meeting_at(index.row(), index.column()) if index.isValid() else None
            if meeting is not None and self.start_drag(meeting, keyboard=True):
                self.point_at(index.row(), index.column())
            return
        super().keyPressEvent(event)

    def currentChanged(self, current: QModelIndex, previous: QModelIndex) -> None:  # noqa: N802
        super().currentChanged(current, previous)
        if self._keyboard and self.grid.drag is not None and current.isValid():
            rect = self.visualRect(current)
            self.point_at(current.row(), current.column(), self.viewport().mapToGlobal(rect.center()))

    # -- the drag ---------------------------------------------------------------------------------

    def start_drag(self, meeting: MeetingRecord, keyboard: bool = False) -> bool:
        if not movable(meeting):
            self.drag_refused.emit(self.tr("This meeting has an arrival or an outcome: it stays where it happened."))
            return False
        self.grid.begin_drag(meeting)
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
        slot, table = self.grid.slots[drag.target[0]], self.grid.tables[drag.target[1]]
        where = fill(self.tr("%1, table %2"), names.hhmm(slot.start), table)
        if self.grid.cell_of(drag.meeting) == drag.target:
            return fill(self.tr("%1: where it is now."), where)
        if drag.refused:
            return fill(self.tr("Not here (%1): %2"), where, " ".join(drag.problems))
        return fill(self.tr("Drop to move it to %1; it is then locked there."), where)

    def drop(self) -> None:
        drag = self.grid.end_drag()
        self._finish()
        if drag is None or drag.target is None or self.grid.cell_of(drag.meeting) == drag.target:
            return
        if drag.refused:
            self.drag_refused.emit(fill(self.tr("Not moved: %1"), " ".join(drag.problems)))
            return
        self.move_requested.emit(drag.meeting.id, *drag.target)

    def cancel_drag(self) -> None:
        drag = self.grid.end_drag()
        self._finish()
        if drag is not None:
            index = self.grid.index_of(drag.meeting.id)
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
