"""QR codes drawn as vector modules: crisp at any printer resolution, tiny in the PDF.

The matrix comes from `qrcode` in numeric mode with error correction M. Each row's runs of dark
modules become one rectangle, so a version-2 code is ~150 rectangles in one path, not 300 images.
"""

from __future__ import annotations

from functools import lru_cache

import qrcode
from qrcode.util import MODE_NUMBER, QRData
from reportlab.pdfgen.canvas import Canvas

QUIET_ZONE = 4


@lru_cache(maxsize=4096)
def dark_runs(code: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(modules per side without quiet zone, ((row, first column, length), ...))."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0)
    qr.add_data(QRData(code, mode=MODE_NUMBER) if code.isdigit() else code)
    qr.make(fit=True)
    matrix = qr.get_matrix()
    runs: list[tuple[int, int, int]] = []
    for row, cells in enumerate(matrix):
        column = 0
        while column < len(cells):
            if cells[column]:
                start = column
                while column < len(cells) and cells[column]:
                    column += 1
                runs.append((row, start, column - start))
            else:
                column += 1
    return len(matrix), tuple(runs)


def draw_qr(canvas: Canvas, code: str, left: float, top: float, size: float) -> float:
    """Draw the code in the square (left, top, size) in points, quiet zone included.

    Returns the module size in points (callers check it against the 0.33 mm minimum).
    """
    modules, runs = dark_runs(code)
    module = size / (modules + 2 * QUIET_ZONE)
    origin_x = left + QUIET_ZONE * module
    origin_y = top - QUIET_ZONE * module
    canvas.setFillColorRGB(1, 1, 1)
    canvas.rect(left, top - size, size, size, stroke=0, fill=1)  # the quiet zone stays white
    canvas.setFillColorRGB(0, 0, 0)
    path = canvas.beginPath()
    for row, column, length in runs:
        path.rect(origin_x + column * module, origin_y - (row + 1) * module, length * module, module)
    canvas.drawPath(path, stroke=0, fill=1)
    return module
