"""The plan view: zoom with the wheel, pan with the middle button (or Space + drag), the current
tool gets the mouse, and exhibitors dropped from the list land in booths."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRectF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView

from expo_console.gui.floorplan.coords import floor_point, scene_rect
from expo_console.gui.floorplan.models import EXHIBITOR_MIME
from expo_console.gui.floorplan.scene import FloorScene
from expo_console.gui.floorplan.tools import Tool, booth_at

ZOOM_STEP = 1.2
MIN_ZOOM, MAX_ZOOM = 0.15, 40.0


class FloorView(QGraphicsView):
    exhibitor_dropped = Signal(str, str, object, object)  # exhibitor id, section, booth id | None, (x, y)
    zoom_changed = Signal(float)

    def __init__(self, scene: FloorScene) -> None:
        super().__init__(scene)
        self.setObjectName("floorView")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setAcceptDrops(True)
        self.tool: Tool = Tool()
        self._pan_from: QPoint | None = None
        self._space = False

    def set_tool(self, tool: Tool) -> None:
        self.tool.cancel()
        self.tool = tool
        self.viewport().setCursor(tool.cursor)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag if tool.cursor == Qt.CursorShape.ArrowCursor
                         else QGraphicsView.DragMode.NoDrag)

    # --- zoom and pan ---------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        factor = max(MIN_ZOOM / self.zoom, min(MAX_ZOOM / self.zoom, factor))
        self.scale(factor, factor)
        self.zoom_changed.emit(self.zoom)

    def fit_hall(self) -> None:
        scene = self.scene()
        if isinstance(scene, FloorScene) and scene.hall is not None:
            self.fitInView(scene_rect(scene.hall.bounds).adjusted(-40, -40, 40, 40), Qt.AspectRatioMode.KeepAspectRatio)
            self.zoom_changed.emit(self.zoom)

    def show_area(self, rect: QRectF, zoom_in: bool = True) -> None:
        if zoom_in and self.zoom < 2.5:
            self.resetTransform()
            self.scale(2.5, 2.5)
            self.zoom_changed.emit(self.zoom)
        self.centerOn(rect.center())

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP ** steps)
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.MiddleButton or (self._space and event.button() == Qt.MouseButton.LeftButton):
            self._pan_from = event.position().toPoint()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            return
        if not self.tool.press(self, event):
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            delta = event.position().toPoint() - self._pan_from
            self._pan_from = event.position().toPoint()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            return
        if not self.tool.move(self, event):
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().setCursor(self.tool.cursor)
            return
        if not self.tool.release(self, event):
            super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if not self.tool.double_click(self, event):
            super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            return
        if self.tool.key(self, event):
            return
        arrows = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)
        if event.key() in arrows and self.scene().selectedItems():
            event.ignore()  # the workspace nudges the selection instead of scrolling
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
            return
        super().keyReleaseEvent(event)

    # --- exhibitors dropped from the list -------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(EXHIBITOR_MIME):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802
        if event.mimeData().hasFormat(EXHIBITOR_MIME):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        if not event.mimeData().hasFormat(EXHIBITOR_MIME):
            super().dropEvent(event)
            return
        exhibitor_id, _tab, section = bytes(event.mimeData().data(EXHIBITOR_MIME).data()).decode().partition("\t")
        item = booth_at(self, event.position())
        where = floor_point(self.mapToScene(event.position().toPoint()))
        self.exhibitor_dropped.emit(exhibitor_id, section, item.booth.id if item else None, where)
        event.acceptProposedAction()
