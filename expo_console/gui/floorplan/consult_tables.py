"""The consultation tables on the floor plan: numbered squares inside the consultation zone, so
the plan and the schedule (table 7 at 10:30) agree. They are placed from the Consultations
workspace (a grid inside the zone); here they are only drawn, under the booths, not editable."""

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

from expo_console.gui.floorplan.coords import SCALE, scene_point
from expo_console.services.consultations.setup import TABLE_SIZE_M, ZoneTable

TABLE_Z = 6  # over the zone's fill, under the booths


class ConsultTableItem(QGraphicsRectItem):
    def __init__(self, table: ZoneTable) -> None:
        centre = scene_point((table.x, table.y))
        half = TABLE_SIZE_M * SCALE / 2
        super().__init__(QRectF(centre.x() - half, centre.y() - half, 2 * half, 2 * half))
        self.number = table.number
        self.setZValue(TABLE_Z)
        self.setBrush(QBrush(QColor("#f3e5f5")))
        pen = QPen(QColor("#6a1b9a"), 1.0)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable, False)
        self.setToolTip(QCoreApplication.translate("FloorPlan", "Consultation table %1").replace("%1", str(table.number)))
        label = QGraphicsSimpleTextItem(str(table.number), self)
        font = QFont()
        font.setPixelSize(int(half))
        font.setBold(True)
        label.setFont(font)
        label.setBrush(QColor("#4a148c"))
        box = label.boundingRect()
        label.setPos(centre.x() - box.width() / 2, centre.y() - box.height() / 2)


class ConsultTables:
    """The scene's table items, replaced as a whole when the tables are placed again."""

    def __init__(self, scene: QGraphicsScene) -> None:
        self.scene = scene
        self.items: list[ConsultTableItem] = []

    def show(self, tables: Iterable[ZoneTable]) -> None:
        for item in self.items:
            if item.scene() is self.scene:
                self.scene.removeItem(item)
        self.items = [ConsultTableItem(t) for t in tables]
        for item in self.items:
            self.scene.addItem(item)
