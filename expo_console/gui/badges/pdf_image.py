"""PDF pages as QImages (pypdfium2): for the preview on screen and for printing at printer dpi."""

from __future__ import annotations

import pypdfium2
from PySide6.QtGui import QImage


def page_images(pdf: bytes, dpi: float) -> list[QImage]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            bitmap = page.render(scale=dpi / 72, rev_byteorder=True)  # RGB(A) byte order for Qt
            width, height, stride = bitmap.width, bitmap.height, bitmap.stride
            fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
            # copy(): the QImage must own its pixels once the PDF is closed
            images.append(QImage(bitmap.buffer, width, height, stride, fmt).copy())
        return images
    finally:
        document.close()


def page_count(pdf: bytes) -> int:
    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def page_image(pdf: bytes, index: int, dpi: float) -> QImage:
    """One page (a venue drawing can be a multi-page set)."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[index].render(scale=dpi / 72, rev_byteorder=True)
        fmt = QImage.Format.Format_RGBA8888 if bitmap.n_channels == 4 else QImage.Format.Format_RGB888
        return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
    finally:
        document.close()
