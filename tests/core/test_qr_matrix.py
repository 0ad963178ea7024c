"""The fast best-mask QR matrix is the standard's: what qrcode builds for that mask, bit for bit,
with the lowest penalty of the eight, and readable by an independent decoder."""

from __future__ import annotations

import random

import numpy as np
import qrcode
import zxingcpp
from PIL import Image
from qrcode.util import MODE_NUMBER, QRData

from expo_console.services.badge_print.qr_matrix import _layout, _penalties, qr_matrix

CODES = ["".join(random.Random(seed).choice("0123456789") for _ in range(58)) for seed in range(60)]


def qrcode_with_mask(code: str, mask: int) -> np.ndarray:
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=0, mask_pattern=mask)
    qr.add_data(QRData(code, mode=MODE_NUMBER))
    qr.make(fit=True)
    return np.array(qr.get_matrix(), dtype=bool)


def test_each_matrix_is_qrcodes_own_for_the_chosen_mask_and_that_mask_scores_lowest() -> None:
    for code in CODES:
        ours = qr_matrix(code)
        candidates = np.stack([qrcode_with_mask(code, mask) for mask in range(8)])
        matches = [mask for mask in range(8) if (candidates[mask] == ours).all()]
        assert len(matches) == 1, "the matrix must be exactly one of the eight masked symbols"
        scores = _penalties(candidates)
        assert scores[matches[0]] == scores.min()


def test_an_independent_reader_decodes_the_matrices() -> None:
    for code in CODES[:20]:
        matrix = qr_matrix(code)
        pixels = np.pad(~matrix, 4, constant_values=True).astype(np.uint8) * 255
        image = Image.fromarray(pixels).resize((pixels.shape[1] * 8, pixels.shape[0] * 8), Image.NEAREST)
        results = zxingcpp.read_barcodes(image)
        assert [r.text for r in results] == [code]


def test_data_cells_are_the_modules_a_mask_may_flip() -> None:
    data_cells, grids, format_area, _values = _layout(2)
    assert data_cells.sum() == 44 * 8 + 7  # version 2: 44 codewords and 7 remainder bits (ISO/IEC 18004)
    assert not (data_cells & format_area).any()
    assert grids.shape == (8, 25, 25)
