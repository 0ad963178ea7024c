"""The grid's cards: a bold title over a line or two, on the item's colours, a padlock when locked, a badge.

A card is drawn once into a pixmap and then only copied: a whole grid on screen (130 cards) took
30 ms to draw card by card, and a scroll or a day's change repaints all of them. The cache is
keyed by the card itself (its words, colours and marks) and the cell's size, and emptied when
the model is reset (a day shown again).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from expo_console.gui.slot_grid.look import DROP_OK, DROP_REFUSED, Badge, Card
from expo_console.gui.slot_grid.model import SlotGridModel

CELL_WIDTH, CELL_HEIGHT = 126, 46


class CardDelegate(QStyledItemDelegate):
    def __init__(self, model: SlotGridModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = model
        self.pixmaps: dict[tuple[object, ...], QPixmap] = {}
        model.modelReset.connect(self.pixmaps.clear)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        row, column = index.row(), index.column()
        model, drag = self.model, self.model.drag
        card = model.card_at(row, column)
        rect = option.rect.adjusted(2, 2, -2, -2)  # type: ignore[attr-defined]
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if drag is not None and drag.target == (row, column) and model.cell_of(drag.item) != (row, column):
            carried = model.cards.get(model.look.item_id(drag.item)) or model.look.card(drag.item)
            self._cached(painter, option, rect, replace(carried, palette=DROP_REFUSED if drag.refused else DROP_OK))
        elif card is not None:
            item = model.item_at(row, column)
            if drag is not None and item is not None and model.look.item_id(drag.item) == model.look.item_id(item):
                painter.setOpacity(0.35)  # where the carried item comes from
            self._cached(painter, option, rect, card)
            if model.crowded(row, column):
                painter.setPen(QPen(QColor(DROP_REFUSED[1]), 2, Qt.PenStyle.DashLine))
                painter.drawRoundedRect(rect, 4, 4)
        if option.state & QStyle.StateFlag.State_HasFocus:  # type: ignore[attr-defined]
            painter.setOpacity(1)
            painter.setPen(QPen(QColor("#202124"), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(option.rect.adjusted(1, 1, -1, -1), 4, 4)  # type: ignore[attr-defined]
        painter.restore()

    def _cached(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, card: Card) -> None:
        ratio = painter.device().devicePixelRatioF()
        key = (card, rect.width(), rect.height(), ratio)
        pixmap = self.pixmaps.get(key)
        if pixmap is None:
            pixmap = QPixmap(round(rect.width() * ratio), round(rect.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            inside = QPainter(pixmap)
            inside.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._card(inside, option, QRect(0, 0, rect.width(), rect.height()), card)
            inside.end()
            self.pixmaps[key] = pixmap
        painter.drawPixmap(rect.topLeft(), pixmap)

    def _card(self, painter: QPainter, option: QStyleOptionViewItem, rect: QRect, card: Card) -> None:
        background, stripe = QColor(card.palette[0]), QColor(card.palette[1])
        painter.setPen(QPen(stripe, 1))
        painter.setBrush(background)
        painter.drawRoundedRect(rect, 4, 4)
        painter.fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), stripe)
        font = QFont(option.font)  # type: ignore[attr-defined]
        text_rect = rect.adjusted(8, 3, -4, -3)
        marks = self._badge(painter, font, rect, card.badge) if card.badge is not None else 0
        if card.fixed:
            self._lock(painter, QRect(rect.right() - 12, rect.bottom() - 13, 9, 10), stripe)
        painter.setPen(QColor("#5f6368") if card.struck else QColor("#202124"))
        bold = QFont(font)
        bold.setBold(True)
        bold.setStrikeOut(card.struck)
        painter.setFont(bold)
        line = text_rect.height() // (1 + len(card.lines))
        top = QRect(text_rect.left(), text_rect.top(), text_rect.width() - marks, line)
        painter.drawText(top, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(card.title, Qt.TextElideMode.ElideRight, top.width()))
        painter.setFont(font)
        for n, text in enumerate(card.lines, start=1):
            last = n == len(card.lines)  # the padlock sits at its right; it takes the height left
            rect = QRect(text_rect.left(), text_rect.top() + line * n, text_rect.width() - (14 if card.fixed and last else 0),
                         text_rect.height() - line * n if last else line)
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             painter.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, rect.width()))

    @staticmethod
    def _badge(painter: QPainter, font: QFont, rect: QRect, badge: Badge) -> int:
        """The badge's text in a small rounded box: filled when what it marks is there, hollow
        when it is wanted and missing. Returns the width the first line gives up to it."""
        small = QFont(font)
        small.setPointSizeF(max(font.pointSizeF() * 0.75, 6.5))
        small.setBold(True)
        painter.setFont(small)
        width = painter.fontMetrics().horizontalAdvance(badge.text) + 6
        box = QRect(rect.right() - width - 2, rect.top() + 3, width, painter.fontMetrics().height())
        colour = QColor(badge.colour)
        painter.setPen(QPen(colour, 1))
        painter.setBrush(colour if badge.filled else Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(box, 3, 3)
        painter.setPen(QColor("white") if badge.filled else colour)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, badge.text)
        return width + 4

    @staticmethod
    def _lock(painter: QPainter, box: QRect, colour: QColor) -> None:
        """A small padlock (no emoji font needed): a shackle over a body."""
        painter.setPen(QPen(colour, 1.4))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawArc(QRect(box.left() + 1, box.top(), box.width() - 2, box.height() - 2), 0, 180 * 16)
        painter.setBrush(colour)
        painter.drawRect(QRect(box.left(), box.top() + box.height() // 2 - 1, box.width(), box.height() // 2 + 1))
