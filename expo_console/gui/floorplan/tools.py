"""Editor tools as interaction objects (docs/architecture.md, 8: Floor plan): the view hands each mouse and key
event to the current tool; a tool that does not want an event returns False.

Dragging lives in `SelectTool`, not in the booth item's itemChange: with several booths
selected, Qt moves each item on its own and snapping each would pull the group apart. The tool
snaps the booth under the mouse and moves the whole selection by the same step.

Zones take no mouse buttons: a press on a theme zone must start a rubber band over its booths,
not grab the zone. A click that does not move selects the smallest zone under the mouse instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsView

from expo_console.domain.floor_plan import Booth
from expo_console.domain.layout_geometry import Point, Rect, snap, snap_rect
from expo_console.gui.floorplan.coords import SCALE, floor_point, scene_point
from expo_console.gui.floorplan.editor import FloorEditor
from expo_console.gui.floorplan.items import BoothItem, ZoneItem

FREE_MOVE = Qt.KeyboardModifier.AltModifier  # hold Alt to drag without snapping
CLICK_SLOP = 4  # pixels the mouse may wander in a click that is not a rubber band


class Tool:
    cursor = Qt.CursorShape.ArrowCursor

    def press(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        return False

    def move(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        return False

    def release(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        return False

    def double_click(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        return False

    def key(self, view: QGraphicsView, event: QKeyEvent) -> bool:
        return False

    def cancel(self) -> None:
        """The tool is being left: drop anything half done."""


@dataclass
class _Drag:
    start: QPointF
    primary: str
    originals: dict[str, Booth]
    moved: bool = False
    offset: tuple[float, float] = (0.0, 0.0)


def booth_at(view: QGraphicsView, position: QPointF) -> BoothItem | None:
    for item in view.items(position.toPoint()):
        if isinstance(item, BoothItem):
            return item
    return None


def _select_zone_at(view: QGraphicsView, position: QPointF) -> None:
    """Select the smallest zone under the mouse: a theme zone inside a section, not the section."""
    at = view.mapToScene(position.toPoint())
    zones = [i for i in view.items(position.toPoint()) if isinstance(i, ZoneItem)
             and i.polygon().containsPoint(at, Qt.FillRule.OddEvenFill)]
    if zones:
        smallest = min(zones, key=lambda i: i.zone.area)
        view.scene().clearSelection()
        smallest.setSelected(True)


class SelectTool(Tool):
    """Click, Ctrl+click and rubber-band selection; drag to move with snapping."""

    def __init__(self, editor: FloorEditor) -> None:
        self.editor = editor
        self.drag: _Drag | None = None
        self.band_from: QPointF | None = None

    def press(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        item = booth_at(view, event.position())
        if item is None:
            self.band_from = event.position()
            return False  # the view's rubber band
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            item.setSelected(not item.isSelected())
            return True
        if not item.isSelected():
            view.scene().clearSelection()
            item.setSelected(True)
        if self.editor.read_only():
            return True
        selected = [i.booth for i in view.scene().selectedItems() if isinstance(i, BoothItem)]
        self.drag = _Drag(view.mapToScene(event.position().toPoint()), item.booth.id,
                          {b.id: self.editor.scene.booths[b.id] for b in selected})
        self.editor.scene.begin_drag([item.booth.id, *(b.id for b in selected if b.id != item.booth.id)])
        return True

    def move(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        if self.drag is None:
            return False
        here = view.mapToScene(event.position().toPoint())
        self.step(here.x() - self.drag.start.x(), here.y() - self.drag.start.y(),
                  free=bool(event.modifiers() & FREE_MOVE))
        return True

    def step(self, scene_dx: float, scene_dy: float, free: bool = False) -> None:
        """One drag step by a scene offset: snap the booth under the mouse, move the selection."""
        drag = self.drag
        assert drag is not None
        primary = drag.originals[drag.primary]
        wanted = Rect(primary.x + scene_dx / SCALE, primary.y - scene_dy / SCALE, primary.width, primary.depth)
        if not free:
            scene = self.editor.scene
            near = scene.index.near(wanted, 1.0) - drag.originals.keys()
            wanted = snap_rect(wanted, [scene.index.rect(i) for i in near])
        dx, dy = wanted.x - primary.x, wanted.y - primary.y
        if (dx, dy) == drag.offset:
            return
        drag.offset = (dx, dy)
        drag.moved = True
        self.editor.scene.preview_move({i: (b.x + dx, b.y + dy) for i, b in drag.originals.items()})

    def release(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        if self.band_from is not None:
            band_from, self.band_from = self.band_from, None
            if (event.position() - band_from).manhattanLength() <= CLICK_SLOP:
                _select_zone_at(view, event.position())
            elif any(isinstance(i, BoothItem) for i in view.scene().selectedItems()):
                for item in view.scene().selectedItems():
                    if isinstance(item, ZoneItem):
                        item.setSelected(False)  # a band over booths selects the booths, not their zone
            return False  # the view ends its rubber band
        if self.drag is None:
            return False
        self.finish()
        return True

    def finish(self) -> None:
        drag, self.drag = self.drag, None
        if drag is None:
            return
        self.editor.scene.end_drag()
        if not drag.moved:
            return
        dx, dy = drag.offset
        before = list(drag.originals.values())
        self.editor.move(before, [replace(b, x=b.x + dx, y=b.y + dy) for b in before])

    def key(self, view: QGraphicsView, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Escape and self.drag is not None:
            self.cancel()
            return True
        return False

    def cancel(self) -> None:
        if self.drag is not None:
            self.editor.scene.preview_move({i: (b.x, b.y) for i, b in self.drag.originals.items()})
            self.editor.scene.end_drag()
            self.drag = None


class PolygonTool(Tool):
    """Click corners on the half-metre grid; double-click or Enter closes, Esc cancels."""

    cursor = Qt.CursorShape.CrossCursor

    def __init__(self, done: Callable[[list[Point]], None], colour: str = "#6a1b9a") -> None:
        self.done = done
        self.points: list[Point] = []
        self.preview: QGraphicsPathItem | None = None
        self.colour = colour

    def _floor(self, view: QGraphicsView, event: QMouseEvent) -> Point:
        x, y = floor_point(view.mapToScene(event.position().toPoint()))
        return snap(x), snap(y)

    def press(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        point = self._floor(view, event)
        if not self.points or point != self.points[-1]:
            self.points.append(point)
        self._draw(view, point)
        return True

    def move(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        if self.points:
            self._draw(view, self._floor(view, event))
        return bool(self.points)

    def double_click(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        self._close()
        return True

    def key(self, view: QGraphicsView, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._close()
            return True
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            return True
        if event.key() == Qt.Key.Key_Backspace and self.points:
            self.points.pop()
            return True
        return False

    def _draw(self, view: QGraphicsView, cursor: Point) -> None:
        path = QPainterPath(scene_point(self.points[0]))
        for point in [*self.points[1:], cursor]:
            path.lineTo(scene_point(point))
        if self.preview is None:
            self.preview = QGraphicsPathItem()
            pen = QPen(QColor(self.colour), 2, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            self.preview.setPen(pen)
            self.preview.setZValue(50)
            view.scene().addItem(self.preview)
        self.preview.setPath(path)

    def _close(self) -> None:
        points = self.points
        self.cancel()
        if len(points) >= 3:
            self.done(points)

    def cancel(self) -> None:
        if self.preview is not None and self.preview.scene():
            self.preview.scene().removeItem(self.preview)
        self.preview = None
        self.points = []


class TwoPointTool(PolygonTool):
    """Two clicks: a door on a wall, or the two ends of a known distance on the drawing."""

    def __init__(self, done: Callable[[Point, Point], None], colour: str = "#00838f", grid: bool = True) -> None:
        super().__init__(lambda points: None, colour)
        self.two_done = done
        self.grid = grid

    def _floor(self, view: QGraphicsView, event: QMouseEvent) -> Point:
        point = floor_point(view.mapToScene(event.position().toPoint()))
        return (snap(point[0]), snap(point[1])) if self.grid else point

    def press(self, view: QGraphicsView, event: QMouseEvent) -> bool:
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        self.points.append(self._floor(view, event))
        self._draw(view, self.points[-1])
        if len(self.points) == 2:
            first, second = self.points
            self.cancel()
            self.two_done(first, second)
        return True
