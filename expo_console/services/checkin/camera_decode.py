"""Reading badge QR codes from camera frames (zxing-cpp), without Qt.

A frame arrives as a greyscale numpy array; zxing-cpp finds QR codes at any angle and many
sizes. Runs in the worker helper, never on the GUI thread: a frame takes tens of milliseconds.
"""

from __future__ import annotations

import numpy as np
import zxingcpp


def decode_frame(grey: np.ndarray) -> list[str]:
    """The texts of the QR codes in a greyscale frame (height × width, uint8)."""
    if grey.ndim != 2 or grey.dtype != np.uint8:
        raise ValueError("decode_frame takes a 2-D uint8 greyscale array")
    # zxing-cpp's stub wants BarcodeFormats; one BarcodeFormat is accepted at run time.
    results = zxingcpp.read_barcodes(grey, formats=zxingcpp.BarcodeFormat.QRCode)  # type: ignore[arg-type]
    return [r.text for r in results if r.valid and r.text]
