"""Choosing this desk's badge printer among the print system's own printers.

Not Qt's print dialog: it offered "Print to File (PDF)" with a file picker of its own (which sniffs
every file it lists, see file_dialogs.py), and with no printer installed that was all it offered.
Saving badges as a PDF is an action of its own in the badge panel and the batch dialog.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from expo_console.gui.badges.desk_printer import DeskPrinter, how_to_add_a_printer


def printer_box(desk: DeskPrinter, printers: list[str]) -> QComboBox:
    """The printers, with the one badges go to now (the desk's, else the system's default) chosen;
    none chosen when there is neither, so that nothing prints on a printer nobody picked."""
    box = QComboBox()
    box.setObjectName("printerChoice")
    box.addItems(printers)
    box.setPlaceholderText(QCoreApplication.translate("PrinterChooser", "Choose a printer"))
    box.setCurrentIndex(box.findText(desk.name(printers)) if printers else -1)
    return box


class PrinterChooser(QDialog):
    def __init__(self, desk: DeskPrinter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("printerChooser")
        self.setWindowTitle(self.tr("Badge printer"))
        self.desk = desk
        printers = desk.printers()
        self.box = printer_box(desk, printers)
        self.message = QLabel(self.tr("Badges from this desk are printed on:") if printers else how_to_add_a_printer())
        self.message.setObjectName("printerMessage")
        self.message.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setEnabled(self.box.currentIndex() >= 0)
        self.box.currentIndexChanged.connect(lambda index: self.ok_button.setEnabled(index >= 0))
        self.box.setVisible(bool(printers))
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.box)
        layout.addWidget(buttons)

    def accept(self) -> None:
        if self.box.currentIndex() >= 0:
            self.desk.choose(self.box.currentText())
            super().accept()


def choose_printer(desk: DeskPrinter, parent: QWidget | None) -> str | None:
    """The printer chosen (and remembered for this desk), or None when cancelled or none is set up."""
    dialog = PrinterChooser(desk, parent)
    return dialog.box.currentText() if dialog.exec() == QDialog.DialogCode.Accepted else None
