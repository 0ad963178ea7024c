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
