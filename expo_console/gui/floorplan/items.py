"""What the floor-plan scene draws. Items only mirror the plan; edits go through undo commands."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsPolygonItem,
    QGraphicsSimpleTextItem,
    QStyleOptionGraphicsItem,
    QWidget,
)

from expo_console.domain.floor_plan import Booth, Hall, Zone
from expo_console.gui.floorplan.coords import SCALE, scene_point, scene_rect

BOOTH_Z, ZONE_Z, HALL_Z, MARKER_Z = 10, 5, 1, 20
DRAGGED_Z, TAG_Z = 15, 30  # a booth being dragged is drawn over the booths it crosses
VIOLATION_RED = QColor("#d32f2f")
# A booth that breaks a rule is filled with this, not a pale tint: at fit zoom a booth is a few
# dozen pixels and an outline alone is lost. Black text on it still reads at every zoom.
VIOLATION_FILL = QColor("#e57373")
VIOLATION_OUTLINE_PX = 3  # cosmetic: the same width on screen at every zoom


def light(colour: QColor, amount: float = 0.65) -> QColor:
    return QColor(int(colour.red() + (255 - colour.red()) * amount), int(colour.green() + (255 - colour.green()) * amount),
                  int(colour.blue() + (255 - colour.blue()) * amount))


class BoothItem(QGraphicsItem):
    """A booth: its section's colour, number and exhibitor; red with a tooltip when it breaks a rule."""

    def __init__(self, booth: Booth, colour: str, exhibitor: str) -> None:
        super().__init__()
        self.booth = booth
        self.colour = QColor(colour)
        self.exhibitor = exhibitor
        self.problems: list[str] = []
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(BOOTH_Z)
        self.setAcceptDrops(True)
        self.set_booth(booth, colour, exhibitor)

    def set_booth(self, booth: Booth, colour: str, exhibitor: str) -> None:
        self.prepareGeometryChange()
        self.booth = booth
        self.colour = QColor(colour)
        self.exhibitor = exhibitor
        self.setPos(scene_rect(booth.rect).topLeft())
        self.update()

    @property
    def size(self) -> tuple[float, float]:
        return self.booth.width * SCALE, self.booth.depth * SCALE

    def boundingRect(self) -> QRectF:  # noqa: N802
        width, depth = self.size
        return QRectF(-1, -1, width + 2, depth + 2)

    def set_problems(self, problems: list[str]) -> None:
        if problems != self.problems:
            self.problems = problems
            self.setToolTip("\n".join(problems) if problems else self._summary())
            self.update()

    def _summary(self) -> str:
        b = self.booth
        return f"{b.number}  {self.exhibitor}\n{b.width:g} m × {b.depth:g} m · {b.build_type} · {b.status}"

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        width, depth = self.size
        rect = QRectF(0, 0, width, depth)
        booth = self.booth
        if booth.status == "available":
            fill = QColor("#ffffff")
        elif booth.status == "blocked":
            fill = QColor("#bdbdbd")
        else:
            fill = light(self.colour)
        if self.problems:
            fill = VIOLATION_FILL
            pen = QPen(VIOLATION_RED, VIOLATION_OUTLINE_PX)
            pen.setCosmetic(True)
        else:
            pen = QPen(self.colour.darker(120), 0.8)
            if booth.status == "available":
                pen.setStyle(Qt.PenStyle.DashLine)
        painter.setBrush(fill)
        painter.setPen(pen)
        painter.drawRect(rect)
        if self.isSelected():
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(QColor("#1565c0"), 2.2))
            painter.drawRect(rect.adjusted(1.2, 1.2, -1.2, -1.2))
        painter.setPen(QColor("#000000"))
        font = QFont(painter.font())
        font.setPixelSize(max(4, min(8, int(depth / 3.6))))
        font.setBold(True)
        painter.setFont(font)
        inner = rect.adjusted(1.5, 1, -1.5, -1)
        painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, booth.number)
        if self.exhibitor:
            font.setBold(False)
            font.setPixelSize(max(3, min(6, int(depth / 5))))
            painter.setFont(font)
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom | Qt.TextFlag.TextWordWrap,
                             self.exhibitor)
        if booth.rotation:  # a tick on the front edge: where visitors face the booth
            painter.setPen(QPen(QColor("#555555"), 1.2))
            front = {90: (QPointF(width, 2), QPointF(width, depth - 2)),
                     180: (QPointF(2, 0), QPointF(width - 2, 0)),
                     270: (QPointF(0, 2), QPointF(0, depth - 2))}[booth.rotation]
            painter.drawLine(*front)


class RuleTag(QGraphicsItem):
    """The rules a dragged booth breaks, in a box beside the booth. The same size on screen at
    every zoom: it is read while the mouse is still down."""

    GAP, PADDING, MAX_WIDTH = 6.0, 4.0, 360.0

    def __init__(self) -> None:
        super().__init__()
        self.text = ""
        self.leftwards = self.downwards = False
        self.font = QFont()
        self.font.setPixelSize(12)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # never in the way of the drag
        self.setZValue(TAG_Z)
        self.hide()

    def text_size(self, problems: list[str]) -> QSizeF:
        """On screen, in pixels, padding included."""
        text = QFontMetricsF(self.font).boundingRect(QRectF(0, 0, self.MAX_WIDTH, 10_000), Qt.TextFlag.TextWordWrap,
                                                     "\n".join(problems)).size()
        return text + QSizeF(2 * self.PADDING + self.GAP, 2 * self.PADDING + self.GAP)

    def show_at(self, problems: list[str], corner: QPointF, leftwards: bool, downwards: bool) -> None:
        """At one of the booth's corners, growing away from the booth (up and right where it fits)."""
        text = "\n".join(problems)
        if (text, leftwards, downwards) != (self.text, self.leftwards, self.downwards):
            self.prepareGeometryChange()
            self.text, self.leftwards, self.downwards = text, leftwards, downwards
        self.setPos(corner)
        self.show()

    def _text_rect(self) -> QRectF:
        size = QFontMetricsF(self.font).boundingRect(QRectF(0, 0, self.MAX_WIDTH, 10_000), Qt.TextFlag.TextWordWrap,
                                                     self.text).size()
        offset = self.GAP + self.PADDING
        x = -offset - size.width() if self.leftwards else offset
        y = offset if self.downwards else -offset - size.height()
        return QRectF(QPointF(x, y), size)

    def boundingRect(self) -> QRectF:  # noqa: N802
        pad = self.PADDING + 1
        return self._text_rect().adjusted(-pad, -pad, pad, pad)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        text = self._text_rect()
        painter.setPen(QPen(VIOLATION_RED, 1.5))
        painter.setBrush(QColor(255, 255, 255, 240))
        painter.drawRoundedRect(text.adjusted(-self.PADDING, -self.PADDING, self.PADDING, self.PADDING), 3, 3)
        painter.setFont(self.font)
        painter.setPen(VIOLATION_RED.darker(130))
        painter.drawText(text, Qt.TextFlag.TextWordWrap, self.text)


class ZoneItem(QGraphicsPolygonItem):
    def __init__(self, zone: Zone) -> None:
        super().__init__()
        self.zone = zone
        self.label = QGraphicsSimpleTextItem(self)
        font = QFont()
        font.setPixelSize(9)
        font.setBold(True)
        self.label.setFont(font)
        self.setZValue(ZONE_Z)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # SelectTool selects zones on click
        self.set_zone(zone)

    def set_zone(self, zone: Zone, problem: str = "") -> None:
        self.zone = zone
        self.setPolygon(QPolygonF([scene_point(p) for p in zone.polygon]))
        colour = QColor(zone.colour)
        fill = QColor(colour)
        fill.setAlpha(12 if zone.kind == "section" else 30)
        self.setBrush(QBrush(fill))
        pen = QPen(VIOLATION_RED if problem else colour, 2.5 if problem else 1.4)
        pen.setStyle(Qt.PenStyle.DotLine if zone.kind == "section" else Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.label.setText(zone.name)
        self.label.setBrush(colour.darker(130))
        bounds = self.polygon().boundingRect()
        self.label.setPos(bounds.left() + 3, bounds.top() + 2 if zone.kind == "section" else bounds.top() - 12)
        self.setToolTip(problem or zone.name)


class HallItem(QGraphicsPathItem):
    """Outline, partition, obstacles, doors and their clear strips."""

    def __init__(self, hall: Hall, strip_depth: float) -> None:
        super().__init__()
        self.setZValue(HALL_Z)
        self.children_items: list[QGraphicsItem] = []
        self.set_hall(hall, strip_depth)

    def set_hall(self, hall: Hall, strip_depth: float) -> None:
        for child in self.children_items:
            child.setParentItem(None)
            if child.scene():
                child.scene().removeItem(child)
        self.children_items = []
        path = QPainterPath()
        path.addPolygon(QPolygonF([scene_point(p) for p in [*hall.outline, hall.outline[0]]]))
        self.setPath(path)
        self.setBrush(QColor(251, 251, 248, 200))
        pen = QPen(QColor("#222222"), 3)
        pen.setCosmetic(True)
        self.setPen(pen)
        for obstacle in hall.obstacles:
            item = QGraphicsPolygonItem(QPolygonF([scene_point(p) for p in obstacle.polygon]), self)
            item.setBrush(QColor("#616161"))
            item.setToolTip(obstacle.name)
            self.children_items.append(item)
        if hall.partition:
            line = QPainterPath(scene_point(hall.partition[0]))
            line.lineTo(scene_point(hall.partition[1]))
            item = QGraphicsPathItem(line, self)
            pen = QPen(QColor("#9e9e9e"), 1.5, Qt.PenStyle.DashLine)
            pen.setCosmetic(True)
            item.setPen(pen)
            item.setToolTip(hall.partition_name)
            self.children_items.append(item)
        for door, strip in hall.clear_strips(strip_depth):
            colour = QColor("#1e88e5" if door.kind == "entrance" else "#e53935")
            shade = QColor(colour)
            shade.setAlpha(35)
            zone = QGraphicsPolygonItem(QPolygonF(scene_rect(strip)), self)
            zone.setBrush(shade)
            zone.setPen(Qt.PenStyle.NoPen)
            zone.setToolTip(door.name)
            mark = QPainterPath(scene_point(door.start))
            mark.lineTo(scene_point(door.end))
            line = QGraphicsPathItem(mark, self)
            pen = QPen(colour, 7)
            pen.setCosmetic(True)
            line.setPen(pen)
            line.setToolTip(f"{door.name} {door.name_en}")
            self.children_items += [zone, line]


class MarkerItem(QGraphicsPathItem):
    """A whole-floor violation (egress, dead end) at the place it was measured."""

    def __init__(self, at: tuple[float, float], tooltip: str) -> None:
        super().__init__()
        centre = scene_point(at)
        path = QPainterPath()
        path.addEllipse(centre, 9, 9)
        path.moveTo(centre + QPointF(-5, -5))
        path.lineTo(centre + QPointF(5, 5))
        path.moveTo(centre + QPointF(-5, 5))
        path.lineTo(centre + QPointF(5, -5))
        self.setPath(path)
        pen = QPen(VIOLATION_RED, 2.5)
        self.setPen(pen)
        self.setBrush(QColor(255, 205, 210, 160))
        self.setZValue(MARKER_Z)
        self.setToolTip(tooltip)
