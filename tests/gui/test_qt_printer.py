"""The real printing path: badge pages painted at the printer's resolution onto a QPrinter (here
one that writes a PDF file, as no physical printer is attached to the test machine)."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import zxingcpp
from PySide6.QtPrintSupport import QPrinter

from expo_console.gui.badges.printer import QtBadgePrinter
from expo_console.services.badge_print.render import BadgeContent, renderer_for

CODE = "1012022103000042002" + "7" * 39


def test_a_badge_printed_through_qprinter_keeps_its_size_and_a_readable_qr(qapp, tmp_path: Path) -> None:
    pdf = renderer_for("cr80").pdf_bytes([BadgeContent(CODE, "vip", "김기문", company="중소기업중앙회")])
    printer = QtBadgePrinter()
    printer.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.printer.setOutputFileName(str(out))
    printer.printer.setResolution(300)  # a 300 dpi thermal card printer
    printer.chosen = True
    outcome = printer.print_pdf(pdf, (85.6, 54.0))
    assert outcome.result == "printed"
    page = pypdfium2.PdfDocument(str(out))[0]
    width_mm, height_mm = page.get_width() / 72 * 25.4, page.get_height() / 72 * 25.4
    assert abs(width_mm - 85.6) < 1 and abs(height_mm - 54.0) < 1
    found = zxingcpp.read_barcodes(page.render(scale=300 / 72).to_pil())
    assert [r.text for r in found] == [CODE]
