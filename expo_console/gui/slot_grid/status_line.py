"""The line under a slot grid: what a drop would do, or why not, or what was just done."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


class StatusLine(QWidget):
    """The line under the grid: what a drop would do, or why not. Two lines high, always, and
    painted by itself: a drag rewrites it at every cell, and a word-wrapped QLabel measured its
    text and laid the page out again each time (3 ms of a frame's 5)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scheduleStatus")
        self._text, self.refused = "", False
        self.setFixedHeight(self.fontMetrics().lineSpacing() * 2 + 8)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def text(self) -> str:
        return self._text

    def say(self, text: str, refused: bool = False) -> None:
        if (text, refused) != (self._text, self.refused):
            self._text, self.refused = text, refused
            self.setToolTip(text)  # the whole of it, should two lines not hold it
            self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        painter.setPen(QColor("#c5221f") if self.refused else self.palette().color(QPalette.ColorRole.WindowText))
        painter.drawText(self.rect().adjusted(6, 2, -6, -2), int(Qt.AlignmentFlag.AlignLeft
                         | Qt.AlignmentFlag.AlignVCenter | Qt.TextFlag.TextWordWrap), self._text)
