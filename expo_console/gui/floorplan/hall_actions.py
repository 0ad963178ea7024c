"""The Hall menu: the venue's drawing behind the plan (load, calibrate, place), tracing the
outline, doors and obstacles over it, the rule set, and the gates' access rules (the dialog is
the check-in's: gui/checkin/gate_rules_dialog.py). (The Export menu is plan_files.py.)"""

from __future__ import annotations

import math
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QInputDialog,
    QMenu,
    QMessageBox,
)

from expo_console.domain.floor_plan import (
    Door,
    Hall,
    Obstacle,
    PlanError,
    hall_from_dict,
    hall_to_dict,
)
from expo_console.domain.layout_geometry import Point
from expo_console.domain.layout_rules import RULE_RANGES, RULES, RuleSet
from expo_console.gui import file_dialogs
from expo_console.gui.badges.pdf_image import page_count, page_image
from expo_console.gui.checkin.gate_rules_dialog import GateRulesDialog
from expo_console.gui.floorplan.items import ZoneItem
from expo_console.gui.floorplan.rule_text import rule_name
from expo_console.gui.floorplan.tools import PolygonTool, TwoPointTool
from expo_console.gui.i18n import is_korean
from expo_console.gui.ops import run_op
from expo_console.services.checkin import gate_rules
from expo_console.services.layout import floor_plan

if TYPE_CHECKING:
    from expo_console.gui.floorplan.workspace import FloorPlanWorkspace

DRAWING_DPI = 150
MAX_BACKGROUND_PIXELS = 60_000_000  # a 600 dpi A0 scan; larger is refused rather than frozen on


def read_drawing(path: Path, page: int = 0) -> QImage:
    """An image file or one page of a PDF; PlanError with what to do when it cannot be read."""
    data = path.read_bytes()
    if data[:5] == b"%PDF-":
        try:
            if not 0 <= page < page_count(data):
                raise PlanError(f"{path.name}: the PDF has no page {page + 1}")
            image = page_image(data, page, DRAWING_DPI)
        except PlanError:
            raise
        except Exception as error:  # pypdfium2 raises its own errors for damaged files
            raise PlanError(f"{path.name}: this PDF cannot be read ({error})") from error
    else:
        image = QImage()
        if not image.loadFromData(data):
            raise PlanError(f"{path.name}: not an image this console can read; use PNG, JPEG or a PDF page")
    if image.isNull() or image.width() * image.height() > MAX_BACKGROUND_PIXELS:
        raise PlanError(f"{path.name}: the image is empty or too large; export the drawing at 150–300 dpi")
    return image


def png_bytes(image: QImage) -> bytes:
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(array.data())


def calibrated(values: dict[str, object], first: Point, second: Point, metres: float) -> dict[str, object]:
    """The background rescaled so the two clicked points are `metres` apart, the first one fixed."""
    if math.dist(first, second) < 1e-6:
        raise PlanError("the two points are the same: click two different points on the drawing")
    if metres <= 0:
        raise PlanError("the distance must be more than 0 m")
    scale = float(values["metres_per_pixel"])  # type: ignore[arg-type]
    x0, y0 = float(values["x"]), float(values["y"])  # type: ignore[arg-type]
    pixels = math.dist(first, second) / scale
    new_scale = metres / pixels
    u, v = (first[0] - x0) / scale, (y0 - first[1]) / scale  # the first point in image pixels
    return {**values, "metres_per_pixel": new_scale, "x": first[0] - u * new_scale, "y": first[1] + v * new_scale}


class HallActions:
    def __init__(self, workspace: FloorPlanWorkspace) -> None:
        self.workspace = workspace
        self.editor = workspace.editor

    def tr(self, text: str) -> str:
        # lupdate files `self.tr(...)` in this class under "HallActions"; the workspace's own tr()
        # would look them up under "FloorPlanWorkspace" and find nothing (the menus stayed English).
        return QCoreApplication.translate("HallActions", text)

    def menu(self) -> QMenu:
        menu = QMenu(self.workspace)
        menu.addAction(self.tr("Load venue drawing (image or PDF)…"), self.load_background)
        menu.addAction(self.tr("Calibrate drawing: click two points, type the distance"), self.calibrate)
        menu.addAction(self.tr("Place drawing: click a point on it, then where it belongs"), self.place)
        menu.addAction(self.tr("Remove drawing"), self.remove_background)
        menu.addSeparator()
        menu.addAction(self.tr("Trace hall outline…"), self.trace_outline)
        menu.addAction(self.tr("Add entrance…"), lambda: self.add_door("entrance"))
        menu.addAction(self.tr("Add emergency exit…"), lambda: self.add_door("exit"))
        menu.addAction(self.tr("Add obstacle (column, pit)…"), self.add_obstacle)
        menu.addAction(self.tr("Load hall file…"), self.load_hall_file)
        menu.addSeparator()
        menu.addAction(self.tr("Rules…"), self.edit_rules)
        self.gate_rules_action = menu.addAction(self.tr("Gate rules…"), self.edit_gate_rules)
        self.gate_rules_action.setObjectName("gateRules")
        self.gate_rules_action.setToolTip(self.tr("Who may pass the hall's gates or a zone's, when and how often "
                                                  "(the selected zone's, else the hall's)"))
        return menu

    def _warn(self, error: Exception) -> None:
        QMessageBox.warning(self.workspace, self.tr("Floor plan"), str(error))

    # --- the venue's drawing --------------------------------------------------------------------

    def show_background(self, values: dict[str, object] | None) -> None:
        if not values:
            self.workspace.scene.set_background(None)
            return
        image = QImage()
        image.loadFromData(values["image"])  # type: ignore[arg-type]
        self.workspace.scene.set_background(image, float(values["metres_per_pixel"]),  # type: ignore[arg-type]
                                            float(values["x"]), float(values["y"]),  # type: ignore[arg-type]
                                            float(values["opacity"]))  # type: ignore[arg-type]

    def load_background(self, path: str | None = None, page: int | None = None) -> bool:
        if not path:
            path = file_dialogs.open_file(self.workspace, self.tr("Venue drawing"),
                                          self.tr("Drawings (*.png *.jpg *.jpeg *.bmp *.pdf);;All files (*)"),
                                          kind="drawing")
        if not path:
            return False
        source = Path(path)
        try:
            data = source.read_bytes()
            if page is None and data[:5] == b"%PDF-" and page_count(data) > 1:
                number, ok = QInputDialog.getInt(self.workspace, self.tr("Venue drawing"),
                                                 self.tr("Which page of the PDF?"), 1, 1, page_count(data))
                if not ok:
                    return False
                page = number - 1
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                image = read_drawing(source, page or 0)
            finally:
                QApplication.restoreOverrideCursor()
        except (OSError, PlanError) as error:
            self._warn(error)
            return False
        hall = self.workspace.scene.hall
        assert hall is not None
        bounds = hall.bounds
        values = {"image": png_bytes(image), "source_name": source.name,
                  "metres_per_pixel": bounds.width / image.width(), "x": bounds.x, "y": bounds.top, "opacity": 0.5}
        self.editor.set_background(values, self.tr("Load venue drawing"))
        self.workspace.hub.status_message_requested.emit(
            self.tr("Drawing loaded and stretched over the hall. Calibrate it next: Hall ▸ Calibrate drawing."))
        return True

    def remove_background(self) -> None:
        if floor_plan.background(self.workspace.store):
            self.editor.set_background(None, self.tr("Remove venue drawing"))

    def calibrate(self) -> None:
        if not floor_plan.background(self.workspace.store):
            self._warn(PlanError(self.tr("Load the venue's drawing first.")))
            return
        self.workspace.view.set_tool(TwoPointTool(self.apply_calibration, grid=False))
        self.workspace.hub.status_message_requested.emit(
            self.tr("Click two points on the drawing whose real distance you know (e.g. the ends of a wall)."))

    def apply_calibration(self, first: Point, second: Point, metres: float | None = None) -> bool:
        self.workspace.select_mode()
        values = floor_plan.background(self.workspace.store)
        if values is None:
            return False
        if metres is None:
            metres, ok = QInputDialog.getDouble(self.workspace, self.tr("Calibrate drawing"),
                                                self.tr("Real distance between the two points (m):"), 10.0, 0.01,
                                                10_000.0, 2)
            if not ok:
                return False
        try:
            new = calibrated(values, first, second, metres)
        except PlanError as error:
            self._warn(error)
            return False
        self.editor.set_background(new, self.tr("Calibrate drawing"))
        return True

    def place(self) -> None:
        if not floor_plan.background(self.workspace.store):
            self._warn(PlanError(self.tr("Load the venue's drawing first.")))
            return
        self.workspace.view.set_tool(TwoPointTool(self._on_place_clicked, grid=False))

    def _on_place_clicked(self, on_drawing: Point, on_floor: Point) -> None:
        self.workspace.select_mode()
        values = floor_plan.background(self.workspace.store)
        if values:
            dx, dy = on_floor[0] - on_drawing[0], on_floor[1] - on_drawing[1]
            self.editor.set_background({**values, "x": float(values["x"]) + dx, "y": float(values["y"]) + dy},  # type: ignore[arg-type]
                                       self.tr("Place drawing"))

    # --- tracing the hall -----------------------------------------------------------------------

    def _hall(self) -> Hall:
        hall = self.workspace.scene.hall
        assert hall is not None
        return hall

    def _set_hall(self, hall: Hall, text: str) -> bool:
        try:
            checked = hall_from_dict(hall_to_dict(hall))  # the same checks as a hall file
        except PlanError as error:
            self._warn(error)
            return False
        self.editor.set_hall(checked, text)
        return True

    def trace_outline(self) -> None:
        if self.editor.can_edit():
            self.workspace.view.set_tool(PolygonTool(self.apply_outline, "#212121"))
            self.workspace.hub.status_message_requested.emit(
                self.tr("Click the hall's corners on the drawing; double-click or Enter to finish."))

    def apply_outline(self, points: list[Point]) -> bool:
        self.workspace.select_mode()
        hall = self._hall()
        from expo_console.domain.floor_plan import on_outline

        kept = tuple(d for d in hall.doors if on_outline(d.start, points) and on_outline(d.end, points))
        dropped = len(hall.doors) - len(kept)
        notes = (*hall.notes, "Outline traced from the venue's drawing in Expo Console.")
        done = self._set_hall(replace(hall, outline=tuple(points), doors=kept, approximate=False, notes=notes),
                              self.tr("Trace hall outline"))
        if done and dropped:
            QMessageBox.information(self.workspace, self.tr("Hall outline"),
                                    self.tr("%1 door(s) were not on the new outline and were removed; add them "
                                            "again with Hall ▸ Add entrance / exit.").replace("%1", str(dropped)))
        return done

    def add_door(self, kind: str) -> None:
        if self.editor.can_edit():
            self.workspace.view.set_tool(TwoPointTool(lambda a, b: self.apply_door(kind, a, b)))
            self.workspace.hub.status_message_requested.emit(self.tr("Click both ends of the door on the hall's wall."))

    def apply_door(self, kind: str, start: Point, end: Point, name: str | None = None) -> bool:
        self.workspace.select_mode()
        if name is None:
            name, ok = QInputDialog.getText(self.workspace, self.tr("Door"), self.tr("Name (e.g. 서측 비상구):"))
            if not ok:
                return False
        hall = self._hall()
        door_id = f"{kind}-{len(hall.doors) + 1}"
        while any(d.id == door_id for d in hall.doors):
            door_id += "-1"
        door = Door(door_id, name or door_id, "", kind, start, end)
        return self._set_hall(replace(hall, doors=(*hall.doors, door)), self.tr("Add door"))

    def add_obstacle(self) -> None:
        if self.editor.can_edit():
            self.workspace.view.set_tool(PolygonTool(self.apply_obstacle, "#424242"))

    def apply_obstacle(self, points: list[Point], name: str | None = None) -> bool:
        self.workspace.select_mode()
        if name is None:
            name, ok = QInputDialog.getText(self.workspace, self.tr("Obstacle"), self.tr("Name (e.g. column C3):"))
            if not ok:
                return False
        hall = self._hall()
        return self._set_hall(replace(hall, obstacles=(*hall.obstacles, Obstacle(name, tuple(points)))),
                              self.tr("Add obstacle"))

    def load_hall_file(self) -> None:
        path = file_dialogs.open_file(self.workspace, self.tr("Hall file"), self.tr("Hall JSON (*.json)"), kind="hall")
        if path:
            try:
                hall = floor_plan.read_hall_file(path)
            except PlanError as error:
                self._warn(error)
                return
            self.editor.set_hall(hall, self.tr("Load hall file"))

    # --- rules ----------------------------------------------------------------------------------

    def edit_rules(self) -> None:
        dialog = RulesDialog(self.workspace.scene.rules, self.workspace)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            rules, store = dialog.rules(), self.workspace.store
            # the broadcast re-checks this plan, any other window's and the dashboard's capacities
            run_op(self.workspace.hub, lambda: floor_plan.set_rules(store, rules))

    # --- the gates' access rules ----------------------------------------------------------------

    def edit_gate_rules(self) -> GateRulesDialog:
        """The gate rules of the selected zone, or the hall's when no zone with a gate is selected."""
        store = self.workspace.store
        zones = [item.zone for item in self.workspace.scene.selectedItems() if isinstance(item, ZoneItem)]
        gated = {zone["id"] for zone in gate_rules.gated_zones(store)}
        target = zones[0].id if zones and zones[0].id in gated else gate_rules.HALL
        if zones and target == gate_rules.HALL:
            self.workspace.hub.status_message_requested.emit(
                self.tr("%1 has no gate: showing the hall's rule. Zones with a gate have rules of their own.")
                .replace("%1", zones[0].name_en if zones[0].name_en and not is_korean() else zones[0].name))
        dialog = GateRulesDialog(store, self.workspace.hub, self.workspace, target=target)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog


class RulesDialog(QDialog):
    def __init__(self, rules: RuleSet, parent: FloorPlanWorkspace) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Layout rules"))
        self.spins: dict[str, QDoubleSpinBox] = {}
        form = QFormLayout(self)
        for field, label, suffix in (
                ("clear_strip_m", self.tr("Clear strip at doors"), " m"),
                ("min_aisle_m", self.tr("Narrowest aisle"), " m"),
                ("max_egress_m", self.tr("Longest walk to an exit"), " m"),
                ("max_dead_end_m", self.tr("Longest dead-end aisle"), " m"),
                ("exit_mm_per_person", self.tr("Exit width per person"), " mm"),
                ("area_per_person_m2", self.tr("Floor area per person"), " m²")):
            spin = QDoubleSpinBox()
            spin.setRange(*RULE_RANGES[field])  # what RuleSet.from_dict accepts back
            spin.setDecimals(1)
            spin.setSuffix(suffix)
            spin.setValue(getattr(rules, field))
            self.spins[field] = spin
            form.addRow(label, spin)
        self.checks: dict[str, QCheckBox] = {}
        for code in RULES:
            box = QCheckBox(rule_name(code))
            box.setChecked(rules.enabled(code))
            self.checks[code] = box
            form.addRow("", box)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
                                   | QDialogButtonBox.StandardButton.RestoreDefaults)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults).clicked.connect(self._defaults)
        form.addRow(buttons)

    def _defaults(self) -> None:
        defaults = RuleSet()
        for field, spin in self.spins.items():
            spin.setValue(getattr(defaults, field))
        for box in self.checks.values():
            box.setChecked(True)

    def rules(self) -> RuleSet:
        return RuleSet(**{f: s.value() for f, s in self.spins.items()},
                       disabled=tuple(code for code, box in self.checks.items() if not box.isChecked()))
