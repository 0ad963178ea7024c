"""PDF pages as QImages (pypdfium2): the badge preview, a venue drawing, pages for a printer."""

from __future__ import annotations

import threading

import pypdfium2
from PySide6.QtGui import QImage

# PDFium must not be entered from two threads at once, not even for two documents (pypdfium2's
# documentation): the preview on the GUI thread and a batch painting pages on a worker take turns.
PDFIUM = threading.Lock()


def page_count(pdf: bytes) -> int:
    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            return len(document)
        finally:
            document.close()


def page_image(pdf: bytes, index: int, dpi: float) -> QImage:
    """One page (a venue drawing can be a multi-page set)."""
    with PDFIUM:
        document = pypdfium2.PdfDocument(pdf)
        try:
            bitmap = document[index].render(scale=dpi / 72, rev_byteorder=True)  # RGB(A) byte order for Qt
            # copy(): the QImage must own its pixels once the PDF is closed
            return bitmap_image(bitmap).copy()
        finally:
            document.close()


def bitmap_image(bitmap: pypdfium2.PdfBitmap) -> QImage:
    """A QImage over a rendered page's pixels, without copying them (valid while the bitmap is)."""
    fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
    return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt)
