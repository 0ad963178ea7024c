"""The floor-plan scene: mirrors the plan, and keeps the live verdicts of the venue's rules.

`booths` is the plan as saved. During a drag `preview_move` moves items and the spatial index
only, and re-checks just the moved booths and their neighbours (the local rules), so a step
costs the same on a 1,000-booth plan as on a 10-booth one. The whole-floor rules (walking
distance, dead ends, zone exits) run after an edit lands, on a short timer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from PySide6.QtCore import QObject, QPointF, QRectF, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPixmap
from PySide6.QtWidgets import QGraphicsPixmapItem, QGraphicsScene

from expo_console.domain.floor_plan import Booth, Hall, Plan, Zone
from expo_console.domain.layout_geometry import Rect
from expo_console.domain.layout_rules import (
    LocalChecker,
    RuleSet,
    SpatialIndex,
    Violation,
    affected_by,
)
from expo_console.domain.layout_validation import PlanCheck, validate_plan
from expo_console.gui.floorplan.coords import SCALE, scene_rect
from expo_console.gui.floorplan.items import (
    BOOTH_Z,
    DRAGGED_Z,
    BoothItem,
    HallItem,
    MarkerItem,
    RuleTag,
    ZoneItem,
)
from expo_console.gui.floorplan.rule_text import describe

BACKGROUND_Z = 0


class FloorScene(QGraphicsScene):
    plan_checked = Signal(object)  # PlanCheck

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setBackgroundBrush(QColor("#eceff1"))
        self.hall: Hall | None = None
        self.rules = RuleSet()
        self.booths: dict[str, Booth] = {}
        self.zones: dict[str, Zone] = {}
        self.booth_items: dict[str, BoothItem] = {}
        self.zone_items: dict[str, ZoneItem] = {}
        self.exhibitor_names: dict[str, str] = {}
        self.section_colours: dict[str, str] = {}
        self.section_prefixes: dict[str, str] = {}
        self.index = SpatialIndex()
        self.checker: LocalChecker | None = None
        self.local: dict[str, list[Violation]] = {}
        self.last_check: PlanCheck | None = None
        self.hall_item: HallItem | None = None
        self.background_item: QGraphicsPixmapItem | None = None
        self.markers: list[MarkerItem] = []
        self.dragged: list[str] = []  # the booth under the mouse first
        self.rule_tag = RuleTag()
        self.addItem(self.rule_tag)
        self._check_timer = QTimer(self)
        self._check_timer.setSingleShot(True)
        self._check_timer.setInterval(150)
        self._check_timer.timeout.connect(self.check_whole_plan)

    # --- loading ------------------------------------------------------------------------------

    def load(self, plan: Plan, rules: RuleSet, exhibitor_names: Mapping[str, str],
             section_colours: Mapping[str, str]) -> None:
        self.clear()
        self.booth_items, self.zone_items, self.markers, self.dragged = {}, {}, [], []
        self.rule_tag = RuleTag()
        self.addItem(self.rule_tag)
        self.hall_item = self.background_item = None
        self.rules = rules
        self.exhibitor_names = dict(exhibitor_names)
        self.section_colours = dict(section_colours)
        self.section_prefixes = dict(plan.section_prefixes)
        self.booths = {b.id: b for b in plan.booths}
        self.zones = {z.id: z for z in plan.zones}
        self.index = SpatialIndex(plan.booths)
        self.set_hall(plan.hall)
        for zone in plan.zones:
            self._add_zone(zone)
        for booth in plan.booths:
            self._add_booth(booth)
        self.recheck(self.booths)
        self.check_whole_plan()

    def set_hall(self, hall: Hall) -> None:
        self.hall = hall
        self.checker = LocalChecker(hall, self.rules)
        if self.hall_item is None:
            self.hall_item = HallItem(hall, self.rules.clear_strip_m)
            self.addItem(self.hall_item)
        else:
            self.hall_item.set_hall(hall, self.rules.clear_strip_m)
        margin = 15 * SCALE
        self.setSceneRect(scene_rect(hall.bounds).adjusted(-margin, -margin, margin, margin))
        if self.booths:
            self.recheck(self.booths)
            self.schedule_check()

    def set_rules(self, rules: RuleSet) -> None:
        self.rules = rules
        if self.hall:
            self.set_hall(self.hall)

    def set_background(self, image: QImage | None, metres_per_pixel: float = 0.05, x: float = 0.0,
                       y: float = 0.0, opacity: float = 0.5) -> None:
        if self.background_item is not None:
            self.removeItem(self.background_item)
            self.background_item = None
        if image is None:
            return
        item = QGraphicsPixmapItem(QPixmap.fromImage(image))
        item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        item.setScale(metres_per_pixel * SCALE)
        item.setPos(x * SCALE, -y * SCALE)
        item.setOpacity(opacity)
        item.setZValue(BACKGROUND_Z)
        self.addItem(item)
        self.background_item = item

    # --- booths ---------------------------------------------------------------------------------

    def _colour(self, booth: Booth) -> str:
        return self.section_colours.get(booth.section_code or "", "#757575")

    def _add_booth(self, booth: Booth) -> None:
        item = BoothItem(booth, self._colour(booth), self.exhibitor_names.get(booth.exhibitor_id or "", ""))
        self.addItem(item)
        self.booth_items[booth.id] = item

    def apply_booths(self, state: Mapping[str, Booth | None]) -> None:
        """Make the scene show this state (from an undo command): None removes the booth."""
        before = {i: self.index.rect(i) for i in state if i in self.booths}
        for booth_id, booth in state.items():
            if booth is None:
                self.booths.pop(booth_id, None)
                self.index.remove(booth_id)
                item = self.booth_items.pop(booth_id, None)
                if item is not None:
                    self.removeItem(item)
                self.local.pop(booth_id, None)
                continue
            self.booths[booth_id] = booth
            self.index.put(booth_id, booth.rect)
            if booth_id in self.booth_items:
                self.booth_items[booth_id].set_booth(booth, self._colour(booth),
                                                     self.exhibitor_names.get(booth.exhibitor_id or "", ""))
            else:
                self._add_booth(booth)
        present = [i for i in state if i in self.booths]
        self.recheck(affected_by(present, before, self.index, self.rules.min_aisle_m + 1)
                     | self._neighbours_of(before.values()))
        self.schedule_check()

    def _neighbours_of(self, rects: Iterable[Rect]) -> set[str]:
        found: set[str] = set()
        for rect in rects:
            found |= self.index.near(rect, self.rules.min_aisle_m + 1)
        return found

    def preview_move(self, positions: Mapping[str, tuple[float, float]]) -> None:
        """One drag step: items and index move, the moved booths and their neighbours are re-checked."""
        before = {i: self.index.rect(i) for i in positions}
        for booth_id, (x, y) in positions.items():
            booth = self.booths[booth_id]
            rect = Rect(x, y, booth.width, booth.depth)
            self.index.put(booth_id, rect)
            self.booth_items[booth_id].setPos(scene_rect(rect).topLeft())
        self.recheck(affected_by(positions, before, self.index, self.rules.min_aisle_m + 1))

        self._show_dragged_rule()

    def begin_drag(self, booth_ids: list[str]) -> None:
        """The booths about to be dragged, the one under the mouse first: drawn over the others."""
        self.dragged = [i for i in booth_ids if i in self.booth_items]
        for booth_id in self.dragged:
            self.booth_items[booth_id].setZValue(DRAGGED_Z)

    def end_drag(self) -> None:
        for booth_id in self.dragged:
            if booth_id in self.booth_items:
                self.booth_items[booth_id].setZValue(BOOTH_Z)
        self.dragged = []
        self.rule_tag.hide()

    def _show_dragged_rule(self) -> None:
        """The tag follows the first dragged booth that breaks a rule; hidden while none does.
        It grows up and right of the booth unless that side is off the view."""
        for booth_id in self.dragged:
            item = self.booth_items[booth_id]
            if item.problems:
                booth = QRectF(item.pos(), QSizeF(*item.size))
                size = self.rule_tag.text_size(item.problems)
                leftwards = downwards = False
                for view in self.views()[:1]:
                    zoom = view.transform().m11() or 1.0
                    seen = view.mapToScene(view.viewport().rect()).boundingRect()
                    leftwards = booth.right() + size.width() / zoom > seen.right()
                    downwards = booth.top() - size.height() / zoom < seen.top()
                corner = QPointF(booth.left() if leftwards else booth.right(),
                                 booth.bottom() if downwards else booth.top())
                self.rule_tag.show_at(item.problems, corner, leftwards, downwards)
                return
        self.rule_tag.hide()

    def recheck(self, booth_ids: Iterable[str]) -> None:
        if self.checker is None:
            return
        for booth_id in booth_ids:
            if booth_id not in self.booth_items:
                continue
            found = self.checker.check(booth_id, self.index)
            self.local[booth_id] = found
            self.booth_items[booth_id].set_problems([describe(v, self.number_of, self.zone_name) for v in found])

    def number_of(self, booth_id: str) -> str:
        booth = self.booths.get(booth_id)
        return booth.number or "?" if booth else booth_id

    def zone_name(self, zone_id: str) -> str:
        zone = self.zones.get(zone_id)
        return zone.name if zone else zone_id

    # --- zones ----------------------------------------------------------------------------------

    def _add_zone(self, zone: Zone) -> None:
        if not zone.polygon:
            return
        item = ZoneItem(zone)
        self.addItem(item)
        self.zone_items[zone.id] = item

    def apply_zones(self, state: Mapping[str, Zone | None]) -> None:
        for zone_id, zone in state.items():
            item = self.zone_items.pop(zone_id, None)
            if item is not None:
                self.removeItem(item)
            if zone is None:
                self.zones.pop(zone_id, None)
            else:
                self.zones[zone_id] = zone
                self._add_zone(zone)
        self.schedule_check()

    # --- the whole plan -------------------------------------------------------------------------

    def plan(self) -> Plan:
        assert self.hall is not None
        return Plan(self.hall, tuple(self.booths.values()), tuple(self.zones.values()), self.section_prefixes)

    def schedule_check(self) -> None:
        self._check_timer.start()

    def check_whole_plan(self) -> PlanCheck | None:
        if self.hall is None:
            return None
        self._check_timer.stop()  # a check already scheduled would only repeat this one
        check = validate_plan(self.plan(), self.rules)
        self.last_check = check
        for marker in self.markers:
            self.removeItem(marker)
        self.markers = []
        zone_problems: dict[str, str] = {}
        for violation in check.violations:
            text = describe(violation, self.number_of, self.zone_name)
            if violation.zone:
                zone_problems[violation.zone] = text
            elif not violation.booths:
                marker = MarkerItem(violation.at, text)
                self.addItem(marker)
                self.markers.append(marker)
        for zone_id, item in self.zone_items.items():
            item.set_zone(self.zones[zone_id], zone_problems.get(zone_id, ""))
        self.plan_checked.emit(check)
        return check
