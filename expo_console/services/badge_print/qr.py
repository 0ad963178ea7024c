"""QR codes drawn as vector modules: crisp at any printer resolution, tiny in the PDF.

The matrix comes from qr_matrix (numeric mode, error correction M, best mask). Each row's runs of dark
modules become one rectangle, so a version-2 code is ~150 rectangles in one path, not 300 images.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from reportlab.pdfgen.canvas import Canvas

from expo_console.services.badge_print.qr_matrix import qr_matrix

QUIET_ZONE = 4


@lru_cache(maxsize=4096)
def dark_runs(code: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """(modules per side without quiet zone, ((row, first column, length), ...))."""
    matrix = qr_matrix(code)
    n = matrix.shape[0]
    edges = np.zeros((n, n + 2), dtype=np.int8)
    edges[:, 1:-1] = matrix
    steps = np.diff(edges, axis=1)  # +1 where a dark run starts, -1 just after it ends
    rows, starts = np.nonzero(steps == 1)
    _, ends = np.nonzero(steps == -1)
    return n, tuple(zip(rows.tolist(), starts.tolist(), (ends - starts).tolist(), strict=True))


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
