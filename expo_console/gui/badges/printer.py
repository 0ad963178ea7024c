"""Sending badge PDFs to a printer.

The PDF pages are rendered at the printer's own resolution and painted onto the page, so the
vector QR comes out crisp on 203 and 300 dpi thermal printers as well as office lasers. The
printer chosen once in Qt's print dialog is remembered for this desk (QSettings).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QMarginsF, QRectF, QSettings, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo
from PySide6.QtWidgets import QWidget

from expo_console.gui import file_dialogs
from expo_console.gui.badges.pdf_image import page_images


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    result: str  # printed, failed, cancelled (the values the print log takes)
    printer: str
    message: str = ""
    file: str = ""  # the PDF written, when the "printer" was a file


class BadgePrinter(Protocol):
    def name(self) -> str: ...
    def print_pdf(self, pdf: bytes, page_size_mm: tuple[float, float]) -> PrintOutcome: ...


class QtBadgePrinter:
    """The system printer this desk uses; asks for one (print dialog) the first time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        self.parent = parent
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        remembered = str(QSettings("ExpoConsole", "expo-console").value("printing/printer", ""))
        if remembered and remembered in QPrinterInfo.availablePrinterNames():
            self.printer.setPrinterName(remembered)
            self.chosen = True
        else:
            self.chosen = False

    def name(self) -> str:
        """The printer by its name ("" when this computer has none set up). Before one is chosen,
        the system's default, which the print dialog offers first. A print to a PDF file is
        named by the file, as the print log names PDF batches."""
        if self.output_file():
            return f"PDF {Path(self.output_file()).name}"
        return self.printer.printerName() if self.chosen else QPrinterInfo.defaultPrinterName()

    def output_file(self) -> str:
        """The PDF file the printer writes instead of printing, or "" (a real printer)."""
        if self.printer.outputFormat() == QPrinter.OutputFormat.PdfFormat:
            return self.printer.outputFileName()
        return ""

    def choose(self) -> bool:
        dialog = file_dialogs.print_dialog(self.printer, self.parent)
        if not dialog.exec():
            return False
        self.chosen = True
        QSettings("ExpoConsole", "expo-console").setValue("printing/printer", self.printer.printerName())
        return True

    def print_pdf(self, pdf: bytes, page_size_mm: tuple[float, float]) -> PrintOutcome:
        if not self.chosen and not self.choose():
            return PrintOutcome("cancelled", "", "No printer was chosen.")
        if not self.printer.isValid():
            return PrintOutcome("failed", self.name(), "The printer is not available. Check that it is on and connected.")
        width, height = page_size_mm
        self.printer.setPageLayout(QPageLayout(QPageSize(QSizeF(width, height), QPageSize.Unit.Millimeter),
                                               QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        self.printer.setFullPage(True)
        painter = QPainter()
        if not painter.begin(self.printer):
            return PrintOutcome("failed", self.name(), "The printer refused the job. Check paper and connection.")
        try:
            images = page_images(pdf, self.printer.resolution())
            for index, image in enumerate(images):
                if index:
                    self.printer.newPage()
                painter.drawImage(QRectF(self.printer.pageRect(QPrinter.Unit.DevicePixel)), image)
        finally:
            ended = painter.end()
        if not ended or self.printer.printerState() == QPrinter.PrinterState.Error:
            return PrintOutcome("failed", self.name(), "The printer reported an error; the badge was not printed.")
        if self.printer.printerState() == QPrinter.PrinterState.Aborted:
            return PrintOutcome("cancelled", self.name(), "The print job was cancelled.")
        return PrintOutcome("printed", self.name(), file=self.output_file())
