"""Property panels beside the plan: the selected booth, the selected zone."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.floor_plan import MODULE, STATUSES, ZONE_KINDS, Booth, Zone


def status_label(code: str) -> str:
    translate = QCoreApplication.translate  # literal context and text: lupdate reads these calls
    return {"available": translate("BoothPanel", "Available"),
            "reserved": translate("BoothPanel", "Reserved"),
            "sold": translate("BoothPanel", "Sold"),
            "blocked": translate("BoothPanel", "Blocked (not for sale)")}.get(code, code)


class BoothPanel(QWidget):
    """Edit one booth; Apply makes one undo step."""

    apply_requested = Signal(object)  # Booth

    def __init__(self) -> None:
        super().__init__()
        self.booth: Booth | None = None
        self.heading = QLabel(self.tr("Select a booth on the plan."))
        self.heading.setWordWrap(True)
        self.number = QLineEdit()
        self.section = QComboBox()
        self.exhibitor = QComboBox()
        self.exhibitor.setEditable(True)
        self.exhibitor.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.status = QComboBox()
        for code in STATUSES:
            self.status.addItem(status_label(code), code)
        self.build_type = QComboBox()
        self.build_type.addItem(self.tr("Shell scheme"), "shell")
        self.build_type.addItem(self.tr("Raw space"), "raw")
        self.width = QDoubleSpinBox()
        self.depth = QDoubleSpinBox()
        for spin in (self.width, self.depth):
            spin.setRange(1.0, 60.0)
            spin.setSingleStep(MODULE)
            spin.setDecimals(1)
            spin.setSuffix(" m")
        self.services = {code: QCheckBox(label) for code, label in (
            ("power", self.tr("Power")), ("water", self.tr("Water")), ("sign", self.tr("Fascia sign")))}
        self.apply = QPushButton(self.tr("Apply"))
        self.apply.setObjectName("applyBooth")
        self.apply.clicked.connect(self._on_apply_clicked)
        self.feedback = QLabel()
        self.feedback.setObjectName("formFeedback")
        self.feedback.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Number"), self.number)
        form.addRow(self.tr("Section"), self.section)
        form.addRow(self.tr("Exhibitor"), self.exhibitor)
        form.addRow(self.tr("Status"), self.status)
        form.addRow(self.tr("Build"), self.build_type)
        size = QHBoxLayout()
        size.addWidget(self.width)
        size.addWidget(QLabel("×"))
        size.addWidget(self.depth)
        form.addRow(self.tr("Size"), size)
        services = QHBoxLayout()
        for box in self.services.values():
            services.addWidget(box)
        form.addRow(self.tr("Services"), services)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.apply)
        layout.addWidget(self.feedback)
        layout.addStretch(1)
        self.show_booth(None)

    def set_choices(self, sections: dict[str, str], exhibitors: list[tuple[str, str]]) -> None:
        self.section.clear()
        self.section.addItem(self.tr("(none)"), None)
        for code, name in sections.items():
            self.section.addItem(name, code)
        self.exhibitor.clear()
        self.exhibitor.addItem(self.tr("(no exhibitor)"), None)
        for exhibitor_id, name in exhibitors:
            self.exhibitor.addItem(name, exhibitor_id)

    def show_booth(self, booth: Booth | None, type_label: str = "", count: int = 0) -> None:
        self.booth = booth
        editable = booth is not None
        for widget in (self.number, self.section, self.exhibitor, self.status, self.build_type, self.width,
                       self.depth, self.apply, *self.services.values()):
            widget.setEnabled(editable)
        self.feedback.clear()
        if booth is None:
            self.heading.setText(self.tr("%n booth(s) selected.", "", count) if count else
                                 self.tr("Select a booth on the plan."))
            return
        self.heading.setText(self.tr("Booth %1 · %2 · %3 m²").replace("%1", booth.number or "?")
                             .replace("%2", type_label).replace("%3", f"{booth.width * booth.depth:g}"))
        self.number.setText(booth.number)
        self.section.setCurrentIndex(max(0, self.section.findData(booth.section_code)))
        self.exhibitor.setCurrentIndex(max(0, self.exhibitor.findData(booth.exhibitor_id)))
        self.status.setCurrentIndex(max(0, self.status.findData(booth.status)))
        self.build_type.setCurrentIndex(max(0, self.build_type.findData(booth.build_type)))
        self.width.setValue(booth.width)
        self.depth.setValue(booth.depth)
        for code, box in self.services.items():
            box.setChecked(code in booth.services)

    def _on_apply_clicked(self) -> None:
        if self.booth is None:
            return
        exhibitor = self.exhibitor.currentData()
        if self.exhibitor.currentIndex() < 0 or self.exhibitor.currentText() != self.exhibitor.itemText(
                self.exhibitor.currentIndex()):
            self.feedback.setText(self.tr("Pick the exhibitor from the list."))
            return
        status = self.status.currentData()
        if exhibitor and status == "available":
            status = "sold"
        self.apply_requested.emit(replace(
            self.booth, number=self.number.text().strip(), section_code=self.section.currentData(),
            exhibitor_id=exhibitor, status=status, build_type=self.build_type.currentData(),
            width=self.width.value(), depth=self.depth.value(),
            services=frozenset(code for code, box in self.services.items() if box.isChecked())))


class ZonePanel(QWidget):
    apply_requested = Signal(object)  # Zone
    delete_requested = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.zone: Zone | None = None
        self.heading = QLabel(self.tr("Select a zone, or draw one (Z)."))
        self.heading.setWordWrap(True)
        self.name = QLineEdit()
        self.name_en = QLineEdit()
        self.kind = QComboBox()
        labels = {"theme": self.tr("Theme zone"), "consultation": self.tr("Consultation"),
                  "studio": self.tr("Studio"), "organizer": self.tr("Organizer"), "section": self.tr("Section"),
                  "other": self.tr("Other")}
        for code in ZONE_KINDS:
            self.kind.addItem(labels[code], code)
        self.capacity = QSpinBox()
        self.capacity.setRange(0, 100_000)
        self.capacity.setSpecialValueText(self.tr("from the area"))
        self.colour = QLineEdit()
        self.area = QLabel()
        self.apply = QPushButton(self.tr("Apply"))
        self.apply.clicked.connect(self._on_apply_clicked)
        self.delete = QPushButton(self.tr("Delete zone"))
        self.delete.clicked.connect(lambda: self.zone and self.delete_requested.emit(self.zone.id))
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("English name"), self.name_en)
        form.addRow(self.tr("Kind"), self.kind)
        form.addRow(self.tr("Capacity"), self.capacity)
        form.addRow(self.tr("Colour"), self.colour)
        form.addRow(self.tr("Area"), self.area)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.apply)
        buttons.addWidget(self.delete)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.show_zone(None)

    def show_zone(self, zone: Zone | None, area_per_person: float = 4.0) -> None:
        self.zone = zone
        for widget in (self.name, self.name_en, self.kind, self.capacity, self.colour, self.apply, self.delete):
            widget.setEnabled(zone is not None)
        if zone is None:
            return
        self.heading.setText(zone.name)
        self.name.setText(zone.name)
        self.name_en.setText(zone.name_en)
        self.kind.setCurrentIndex(max(0, self.kind.findData(zone.kind)))
        self.capacity.setValue(zone.capacity or 0)
        self.colour.setText(zone.colour)
        self.area.setText(self.tr("%1 m² · %2 people at 1 per %3 m²").replace("%1", f"{zone.area:,.0f}")
                          .replace("%2", f"{int(zone.area / area_per_person):,}").replace("%3", f"{area_per_person:g}"))

    def _on_apply_clicked(self) -> None:
        if self.zone is None or not self.name.text().strip():
            return
        self.apply_requested.emit(replace(
            self.zone, name=self.name.text().strip(), name_en=self.name_en.text().strip(),
            kind=self.kind.currentData(), capacity=self.capacity.value() or None,
            colour=self.colour.text().strip() or self.zone.colour))
