"""What the Consultations and Studio & photos workspaces place inside a zone, drawn on the plan:
the consultation tables (numbered squares in the consultation zone, so the plan and the schedule,
table 7 at 10:30, agree), the studio's sets (S1, S2 …) and the photo corners (P1 …). They are
placed from those workspaces (a grid inside the zone); here they are only drawn, not editable:
the tables under the booths, the sets and corners over the studio's own booth, which they stand in."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from expo_console.domain.bookings import BookingKind
from expo_console.gui.floorplan.coords import SCALE, scene_point
from expo_console.services.bookings.setup import Resource
from expo_console.services.consultations.setup import TABLE_SIZE_M, ZoneTable
from expo_console.services.layout.zone_marks import RESOURCE_MARKS, TABLE_MARK, ZoneMark

MARK_Z = 6  # a table: over the zone's fill, under the booths
RESOURCE_Z = 12  # a set or a corner: over the studio's own booth (the sets stand inside it), under a dragged one


class ZoneMarkItem(QGraphicsRectItem):
    def __init__(self, number: int, at: tuple[float, float], style: ZoneMark, tooltip: str) -> None:
        centre = scene_point(at)
        half = style.size_m * SCALE / 2
        super().__init__(QRectF(centre.x() - half, centre.y() - half, 2 * half, 2 * half))
        self.number = number
        self.setZValue(MARK_Z)
        self.setBrush(QBrush(QColor(style.fill)))
        pen = QPen(QColor(style.stroke), 1.0)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        self.setToolTip(tooltip)
        self.label = QGraphicsSimpleTextItem(f"{style.prefix}{number}", self)
        font = QFont()
        font.setPixelSize(int(min(half, TABLE_SIZE_M * SCALE / 2)))
        font.setBold(True)
        self.label.setFont(font)
        self.label.setBrush(QColor(style.text))
        box = self.label.boundingRect()
        self.label.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)


class ConsultTableItem(ZoneMarkItem):
    def __init__(self, table: ZoneTable) -> None:
        super().__init__(table.number, (table.x, table.y), TABLE_MARK,
                         QCoreApplication.translate("FloorPlan", "Consultation table %1").replace("%1", str(table.number)))


class BookingResourceItem(ZoneMarkItem):
    """A studio set or a photo corner, named as the Studio & photos setup names it."""

    def __init__(self, kind: BookingKind, resource: Resource) -> None:
        self.kind = kind
        what = (QCoreApplication.translate("FloorPlan", "Live-commerce studio set %1: %2") if kind == BookingKind.STUDIO
                else QCoreApplication.translate("FloorPlan", "Photo corner %1: %2"))
        super().__init__(resource.number, (resource.x, resource.y), RESOURCE_MARKS[kind],
                         what.replace("%1", str(resource.number)).replace("%2", resource.name))
        self.setZValue(RESOURCE_Z)


class ZoneMarks:
    """One family of the scene's marks, replaced as a whole when placed again."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[ZoneMarkItem] = []

    def show(self, items: Iterable[ZoneMarkItem]) -> None:
        for item in self.items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = list(items)
        for item in self.items:
            self.scene.addItem(item)


def table_items(tables: Iterable[ZoneTable]) -> list[ZoneMarkItem]:
    return [ConsultTableItem(t) for t in tables]


def resource_items(resources: dict[BookingKind, Iterable[Resource]]) -> list[ZoneMarkItem]:
    return [BookingResourceItem(kind, r) for kind, placed in resources.items() for r in placed]
