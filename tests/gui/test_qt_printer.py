"""The Windows print path: the spooler through Qt, pages painted one at a time at no more than
600 dpi (here onto a QPrinter that writes a PDF file, as no physical printer is attached to the
test machine). Qt's HighResolution mode asks for 1200 dpi; a badge needs no more than 600."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c
import zxingcpp
from PySide6.QtPrintSupport import QPrinter

from expo_console.gui.badges.qt_spooler import MAX_DPI, QtSpoolerPrintSystem
from expo_console.services.badge_print.render import BadgeContent, renderer_for

CODE = "1012022103000042002" + "7" * 39


def pdf_printer(out: Path, resolution: int | None = None) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    if resolution:
        printer.setResolution(resolution)
    return printer


def image_dpi(page: pypdfium2.PdfPage) -> list[float]:
    """The resolution of each image on the page, from its pixels and its width on the page."""
    found = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, _bottom, right, _top = obj.get_bounds()
        found.append(obj.get_px_size()[0] / ((right - left) / 72))
    return found


def test_a_badge_through_the_spooler_keeps_its_size_and_a_readable_qr(qapp, tmp_path: Path) -> None:
    source = tmp_path / "badge.pdf"
    source.write_bytes(renderer_for("cr80").pdf_bytes([BadgeContent(CODE, "vip", "김기문", company="중소기업중앙회")]))
    out = tmp_path / "printed.pdf"
    system = QtSpoolerPrintSystem({"Card printer": lambda: pdf_printer(out, 300)})  # a 300 dpi thermal card printer
    assert system.printers() == ["Card printer"] and system.default_printer() == "Card printer"
    job = system.submit(source, "Card printer", "badge")
    assert job.startswith("spooler-") and system.job_state(job).outcome == "sent"  # never followed: confirmed
    page = pypdfium2.PdfDocument(str(out))[0]
    width_mm, height_mm = page.get_width() / 72 * 25.4, page.get_height() / 72 * 25.4
    assert abs(width_mm - 85.6) < 1 and abs(height_mm - 54.0) < 1
    assert [abs(dpi - 300) < 3 for dpi in image_dpi(page)] == [True]
    found = zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())
    assert [r.text for r in found] == [CODE]


def test_a_1200_dpi_printer_gets_pages_at_600_dpi_one_per_badge(qapp, tmp_path: Path) -> None:
    codes = [CODE[:-2] + f"{n:02d}" for n in range(3)]
    source = tmp_path / "batch.pdf"
    renderer_for("a6").write_pdf(source, (BadgeContent(code, "visitor", f"방문객{n}") for n, code in enumerate(codes)),
                                 total=3, title="batch")
    out = tmp_path / "printed.pdf"
    device = pdf_printer(out)
    assert device.resolution() == 1200  # what Qt asks of a high-resolution printer
    QtSpoolerPrintSystem({"Office laser": lambda: device}).submit(source, "Office laser", "batch")
    document = pypdfium2.PdfDocument(str(out))
    assert len(document) == 3
    for page, code in zip(document, codes, strict=True):
        assert abs(page.get_width() / 72 * 25.4 - 105) < 1 and abs(page.get_height() / 72 * 25.4 - 148) < 1
        assert [abs(dpi - MAX_DPI) < 3 for dpi in image_dpi(page)] == [True]  # 600, give or take a rounded edge
        assert [r.text for r in zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())] == [code]


def test_a_printer_the_spooler_does_not_have_is_refused(qapp, tmp_path: Path) -> None:
    import pytest

    from expo_console.services.print_system import PrintRefused

    with pytest.raises(PrintRefused):
        QtSpoolerPrintSystem({}).submit(tmp_path / "badge.pdf", "Gone", "badge")


PEAK_MEMORY = """
import resource, sys
from pathlib import Path
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from expo_console.gui.badges.qt_spooler import QtSpoolerPrintSystem
from expo_console.services.badge_print.render import BadgeContent, renderer_for

app = QApplication([])
sheets, folder = int(sys.argv[1]), Path(sys.argv[2])
source = folder / f"sheets-{sheets}.pdf"
renderer_for("a4-8up").write_pdf(source, (BadgeContent(sys.argv[3], "visitor", f"방문객{n}") for n in range(8 * sheets)),
                                 total=8 * sheets)

def device():
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # 1200 dpi asked, 600 used
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(folder / f"printed-{sheets}.pdf"))
    return printer

QtSpoolerPrintSystem({"Office laser": device}).submit(source, "Office laser", "badges")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_the_spoolers_peak_memory_does_not_grow_with_the_batch(tmp_path: Path) -> None:
    """Seven A4 sheets took 3.5 GB when every page was rendered at 1200 dpi before printing."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(Path(__file__).resolve().parents[2]), os.environ.get("PYTHONPATH", "")])}

    def peak_kib(sheets: int) -> int:
        result = subprocess.run([sys.executable, "-c", PEAK_MEMORY, str(sheets), str(tmp_path), CODE], env=env,
                                capture_output=True, text=True, timeout=300, check=True)
        return int(result.stdout.split()[-1])

    two, eight = peak_kib(2), peak_kib(8)
    assert eight < two * 1.1, (two, eight)  # one page at a time: 8 sheets peak where 2 do
