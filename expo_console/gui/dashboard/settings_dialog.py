"""How the dashboard counts: the hall's capacity, each zone's dwell timeout, closing time, lane speed.

Zone capacities are edited on the floor plan (they belong to the zone); these are the numbers
that only the traffic figures use. Saved as event settings, so every desk counts the same way:
in one write through the op-runner, whose broadcast has every dashboard recount the day.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QTime
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.services.store import EventStore
from expo_console.services.traffic import counting


class TrafficSettingsDialog(QDialog):
    def __init__(self, store: EventStore, hub: Hub, names: dict[str, str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self.setWindowTitle(self.tr("Counting settings"))
        chosen = counting.settings(store)
        self.hall_capacity = QSpinBox()
        self.hall_capacity.setRange(0, 1_000_000)
        self.hall_capacity.setGroupSeparatorShown(True)
        self.hall_capacity.setSpecialValueText(self.tr("from the area (%1)").replace(
            "%1", f"{counting.hall_capacity_from_area(store):,}"))
        self.hall_capacity.setValue(int(chosen.get("hall_capacity") or 0))
        self.closes = QTimeEdit(QTime.fromString(counting.closing_time(store).strftime("%H:%M"), "HH:mm"))
        self.closes.setDisplayFormat("HH:mm")
        self.lane = QDoubleSpinBox()
        self.lane.setRange(1, 120)
        self.lane.setDecimals(1)
        self.lane.setSuffix(self.tr(" a minute"))
        self.lane.setValue(counting.lane_per_minute(store))
        hall = QFormLayout()
        hall.addRow(self.tr("Hall capacity"), self.hall_capacity)
        hall.addRow(self.tr("Hall closes (everyone still counted inside leaves)"), self.closes)
        hall.addRow(self.tr("One scanning lane handles"), self.lane)
        self.timeouts: dict[str, QSpinBox] = {}
        zones = QFormLayout()
        for zone in counting.counted_zones(store):
            box = QSpinBox()
            box.setRange(5, 24 * 60)
            box.setSuffix(self.tr(" min"))
            box.setValue(int(zone.timeout_min or counting.DEFAULT_TIMEOUT_MIN.get(zone.kind, 60)))
            self.timeouts[zone.id] = box
            zones.addRow(names.get(zone.id, zone.name), box)
        zone_group = QGroupBox(self.tr("Dwell timeout: a visit nobody scanned out of ends after"))
        zone_group.setLayout(zones)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(hall)
        column.addWidget(zone_group)
        note = QLabel(self.tr("Zone capacities are set on the floor plan (select the zone)."))
        note.setWordWrap(True)
        column.addWidget(note)
        column.addWidget(buttons)

    def save(self) -> bool:
        """Store the settings (all of them, or none when one is refused); the dashboards recount."""
        time, store = self.closes.time(), self.store
        capacity, closes = self.hall_capacity.value() or None, dt.time(time.hour(), time.minute())
        lane = self.lane.value()
        timeouts: dict[str, float] = {zone_id: box.value() for zone_id, box in self.timeouts.items()}
        try:
            run_op(self.hub, lambda: counting.save_settings(store, hall_capacity=capacity, closes=closes,
                                                            lane_per_minute=lane, timeouts_min=timeouts))
        except counting.TrafficError as error:
            QMessageBox.warning(self, self.tr("Counting settings"), str(error))
            return False
        self.accept()
        return True
