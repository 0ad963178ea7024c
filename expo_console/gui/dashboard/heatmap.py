"""The hall as a heat map: each counted zone filled by how full it is, with its live count.

Read-only and cheap to refresh: the plan is drawn once, and a refresh only changes each zone's
brush and label (a dozen items), so it can run every second beside the charts.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor, QPainter, QPen, QPolygonF, QResizeEvent, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPolygonItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsTextItem,
    QGraphicsView,
    QWidget,
)

from expo_console.domain.floor_plan import Plan
from expo_console.domain.traffic_stats import occupancy_colour
from expo_console.gui.floorplan.coords import scene_point, scene_rect
from expo_console.gui.floorplan.items import HallItem
from expo_console.services.traffic.day import ZoneFigures


class _ZoneHeat(QGraphicsPolygonItem):
    def __init__(self, polygon: QPolygonF, name: str) -> None:
        super().__init__(polygon)
        self.name = name
        self.setZValue(5)
        self.label = QGraphicsTextItem(self)
        # the label keeps its size whatever the zoom (it is read from across the room), so it is
        # laid out in pixels: as wide as the zone is on screen, centred on it
        self.label.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        self.label.document().setDocumentMargin(1)
        pen = QPen(QColor("#424242"), 1.6)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.fill = ""
        self.text = ""
        self.scale = 1.0

    def show_figures(self, figures: ZoneFigures, english: bool) -> None:
        fill = occupancy_colour(figures.ratio)
        if fill != self.fill:
            self.fill = fill
            colour = QColor(fill)
            colour.setAlpha(215)
            self.setBrush(QBrush(colour))
        name = figures.name_en if english and figures.name_en else figures.name
        percent = f"{figures.ratio:.0%}" if figures.capacity else "—"
        text = f"{name}\n{figures.occupancy:,} / {figures.capacity:,} · {percent}"
        if text != self.text:
            self.text = text
            self.label.setHtml(f"<div align='center' style='color:#1a1a1a'><b style='font-size:15px'>"
                               f"{figures.occupancy:,}</b><span style='font-size:11px'> / {figures.capacity:,}"
                               f" · {percent}</span><br><span style='font-size:10px'>{html.escape(name)}</span></div>")
            self.place_label(self.scale)
        self.setToolTip(QCoreApplication.translate(
            "HeatMap", "%1: %2 inside of %3 (%4). Entries today %5, exits %6 (%7 inferred).")
            .replace("%1", name).replace("%2", f"{figures.occupancy:,}").replace("%3", f"{figures.capacity:,}")
            .replace("%4", percent).replace("%5", f"{figures.entries:,}").replace("%6", f"{figures.exits:,}")
            .replace("%7", f"{figures.inferred_exits:,}"))

    def place_label(self, scale: float) -> None:
        """Lay the label out for the view's current scale (pixels per scene unit)."""
        self.scale = scale
        bounds = self.polygon().boundingRect()
        self.label.setTextWidth(max(56.0, bounds.width() * scale - 4))
        box = self.label.boundingRect()
        self.label.setPos(bounds.center())
        self.label.setTransform(QTransform.fromTranslate(-box.width() / 2, -box.height() / 2))


class HeatMapScene(QGraphicsScene):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QColor("#eceff1"))
        self.zone_items: dict[str, _ZoneHeat] = {}

    def load(self, plan: Plan, counted: Sequence[str], strip_depth: float) -> None:
        """Draw the hall, its booths (quietly) and the zones; only the counted zones get heat."""
        self.clear()
        self.zone_items = {}
        self.addItem(HallItem(plan.hall, strip_depth))
        booth_pen = QPen(QColor("#b0bec5"), 0.8)
        booth_pen.setCosmetic(True)
        for booth in plan.booths:
            item = QGraphicsRectItem(scene_rect(booth.rect))
            item.setPen(booth_pen)
            item.setBrush(QColor("#f5f5f5"))
            item.setZValue(3)
            self.addItem(item)
        for zone in plan.zones:
            polygon = QPolygonF([scene_point(p) for p in zone.polygon])
            if zone.id in counted:
                heat = _ZoneHeat(polygon, zone.name)
                self.addItem(heat)
                self.zone_items[zone.id] = heat
            else:  # sections and uncounted areas: an outline for orientation only
                outline = QGraphicsPolygonItem(polygon)
                pen = QPen(QColor(zone.colour), 1.0, Qt.PenStyle.DotLine)
                pen.setCosmetic(True)
                outline.setPen(pen)
                outline.setZValue(4)
                self.addItem(outline)

    def show_figures(self, zones: Sequence[ZoneFigures], english: bool) -> None:
        for figures in zones:
            item = self.zone_items.get(figures.id)
            if item is not None:
                item.show_figures(figures, english)

    def label_of(self, zone_id: str) -> str:
        item = self.zone_items.get(zone_id)
        return item.text if item else ""

    def place_labels(self, scale: float) -> None:
        for item in self.zone_items.values():
            item.place_label(scale)

    def fill_of(self, zone_id: str) -> str:
        item = self.zone_items.get(zone_id)
        return item.fill if item else ""


class HeatMapView(QGraphicsView):
    """Always shows the whole hall: the operations room wants the overview, not a zoom."""

    def __init__(self, scene: HeatMapScene) -> None:
        super().__init__(scene)
        self.setObjectName("heatMap")
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def fit(self) -> None:
        bounds = self.scene().itemsBoundingRect()
        if not bounds.isEmpty():
            self.fitInView(bounds.adjusted(-20, -20, 20, 20), Qt.AspectRatioMode.KeepAspectRatio)
            scene = self.scene()
            if isinstance(scene, HeatMapScene):
                scene.place_labels(self.transform().m11())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.fit()

