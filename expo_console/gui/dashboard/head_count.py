"""The head-count dialog: an operator counted a zone by hand; the dashboard takes that number.

The count is stamped with the dashboard's clock and logged with what the screen showed before,
so the report can say how far the scans were off.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from expo_console.services.traffic.day import Snapshot


class HeadCountDialog(QDialog):
    def __init__(self, snapshot: Snapshot, names: dict[str, str], zone_id: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Head count"))
        self.shown = {f.id: f.occupancy for f in [snapshot.hall, *snapshot.zones]}
        self.zone_box = QComboBox()
        for figures in [snapshot.hall, *snapshot.zones]:
            self.zone_box.addItem(names.get(figures.id, figures.name), figures.id)
        if zone_id is not None:
            self.zone_box.setCurrentIndex(max(0, self.zone_box.findData(zone_id)))
        self.on_screen = QLabel()
        self.count = QSpinBox()
        self.count.setRange(0, 1_000_000)
        self.count.setGroupSeparatorShown(True)
        self.note = QLineEdit()
        self.note.setPlaceholderText(self.tr("Who counted, how (optional)"))
        self.note.setMaxLength(200)
        form = QFormLayout(self)
        form.addRow(QLabel(self.tr("Counted by hand at %1. The dashboard carries the number forward from then on.")
                           .replace("%1", snapshot.clock)))
        form.addRow(self.tr("Zone"), self.zone_box)
        form.addRow(self.tr("On screen now"), self.on_screen)
        form.addRow(self.tr("People counted"), self.count)
        form.addRow(self.tr("Note"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.zone_box.currentIndexChanged.connect(self._zone_changed)
        self._zone_changed()
        self.count.setFocus()

    def _zone_changed(self) -> None:
        shown = self.shown.get(self.zone_id, 0)
        self.on_screen.setText(f"{shown:,}")
        self.count.setValue(shown)
        self.count.selectAll()

    @property
    def zone_id(self) -> str:
        return str(self.zone_box.currentData())

    @property
    def shown_before(self) -> int:
        return self.shown.get(self.zone_id, 0)
