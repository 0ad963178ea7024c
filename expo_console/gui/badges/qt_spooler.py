"""Windows' print spooler through Qt: a print system that hands jobs over but cannot follow them.

Without pycups nothing can ask the spooler how a job ended, so `job_state` stays *sent* and the
desk operator confirms the badges that came out. Pages are painted one at a time, each rendered
at the printer's resolution capped at 600 dpi and dropped before the next: Qt's HighResolution
mode asks for 1200 dpi, where one A4 sheet is a 140 MB image and a batch rendered up front took
gigabytes. 600 dpi keeps a QR module (0.5 mm or more) at a dozen dots.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from pathlib import Path

import pypdfium2
from PySide6.QtCore import QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from expo_console.gui.badges.pdf_image import PDFIUM, bitmap_image
from expo_console.services.print_system.base import SENT, JobState, PrintRefused

MAX_DPI = 600


class QtSpoolerPrintSystem:
    name = "spooler"
    follows_jobs = False

    def __init__(self, printers: Mapping[str, Callable[[], QPrinter]] | None = None) -> None:
        # None: this computer's printers. A test gives its own (a QPrinter writing a PDF file).
        self._printers = printers

    def printers(self) -> list[str]:
        if self._printers is not None:
            return sorted(self._printers)
        return sorted(QPrinterInfo.availablePrinterNames())

    def default_printer(self) -> str | None:
        if self._printers is not None:
            return next(iter(self._printers), None)
        return QPrinterInfo.defaultPrinterName() or None

    def _device(self, printer: str) -> QPrinter:
        if self._printers is not None:
            if printer not in self._printers:
                raise PrintRefused(f"There is no printer '{printer}' on this computer.")
            return self._printers[printer]()
        info = QPrinterInfo.printerInfo(printer)
        if info.isNull():
            raise PrintRefused(f"There is no printer '{printer}' on this computer any more. Choose another one.")
        return QPrinter(info, QPrinter.PrinterMode.HighResolution)

    def submit(self, pdf: Path, printer: str, title: str) -> str:
        device = self._device(printer)
        device.setDocName(title)
        device.setResolution(min(device.resolution(), MAX_DPI))
        device.setFullPage(True)
        dpi = device.resolution()
        with PDFIUM:
            document = pypdfium2.PdfDocument(str(pdf))
        try:
            self._paint(document, device, dpi, printer)
        finally:
            with PDFIUM:
                document.close()
        return f"spooler-{uuid.uuid4().hex[:12]}"  # unique: never taken for another desk's CUPS job

    def _paint(self, document: pypdfium2.PdfDocument, device: QPrinter, dpi: int, printer: str) -> None:
        painter = QPainter()
        with PDFIUM:
            count = len(document)
        for index in range(count):
            with PDFIUM:
                page = document[index]
                width, height = page.get_size()  # points
            try:
                device.setPageLayout(QPageLayout(QPageSize(QSizeF(width, height), QPageSize.Unit.Point),
                                                 QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
                if index == 0:
                    if not painter.begin(device):
                        raise PrintRefused(f"{printer} refused the job. Check that it is on, connected and has "
                                           "paper, then print again.")
                elif not device.newPage():
                    painter.end()
                    raise PrintRefused(f"{printer} stopped taking pages after page {index}.")
                with PDFIUM:  # the page's pixels live only while they are painted
                    bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB(A) byte order for Qt
                    try:
                        painter.drawImage(QRectF(device.pageRect(QPrinter.Unit.DevicePixel)), bitmap_image(bitmap))
                    finally:
                        bitmap.close()
            finally:
                with PDFIUM:
                    page.close()
        if count and (not painter.end() or device.printerState() == QPrinter.PrinterState.Error):
            raise PrintRefused(f"{printer} reported an error; the badges were not printed.")
        if device.printerState() == QPrinter.PrinterState.Aborted:
            raise PrintRefused("The print job was cancelled before it reached the printer.")

    def job_state(self, job_id: str) -> JobState:
        return JobState(SENT)  # the spooler cannot be asked: the operator confirms

    def cancel(self, job_id: str) -> None:
        return None  # nothing to ask the spooler to cancel by: the job is in Windows' own queue
