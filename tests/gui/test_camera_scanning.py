"""The camera path with images instead of a camera: decoding, dropping, repeats, the pipeline."""

from __future__ import annotations

import numpy as np
import pypdfium2
import pytest
from PIL import Image, ImageFilter
from PySide6.QtGui import QImage

from expo_console.domain.scan_input import RepeatFilter
from expo_console.gui.checkin.camera import FrameScanner, grey_array
from expo_console.services.badge_print.render import BadgeContent, renderer_for
from expo_console.services.checkin.camera_decode import decode_frame

CODE = "1012022103000042002" + "8" * 39


@pytest.fixture(scope="module")
def badge_photo() -> Image.Image:
    pdf = renderer_for("a6").pdf_bytes([BadgeContent(CODE, "visitor", "김기문", company="중소기업중앙회")])
    return pypdfium2.PdfDocument(pdf)[0].render(scale=150 / 72).to_pil().convert("L")


def as_frame(image: Image.Image) -> np.ndarray:
    return np.asarray(image, dtype=np.uint8)


@pytest.mark.parametrize("change", [
    lambda im: im,
    lambda im: im.resize((im.width // 2, im.height // 2)),  # held far from the camera
    lambda im: im.rotate(17, expand=True, fillcolor=255),  # held at an angle
    lambda im: im.rotate(180, expand=True, fillcolor=255),  # upside down
    lambda im: im.filter(ImageFilter.GaussianBlur(1.2)),  # slightly out of focus
    lambda im: Image.fromarray(np.clip(np.asarray(im, dtype=np.int16) + np.random.default_rng(1).integers(
        -40, 40, size=(im.height, im.width)), 0, 255).astype(np.uint8)),  # sensor noise
], ids=["plain", "small", "tilted", "upside-down", "blurred", "noisy"])
def test_frames_of_a_badge_decode_to_its_code(badge_photo: Image.Image, change) -> None:
    assert decode_frame(as_frame(change(badge_photo))) == [CODE]


def test_a_frame_without_a_badge_decodes_to_nothing() -> None:
    assert decode_frame(np.full((480, 640), 200, dtype=np.uint8)) == []


def test_the_same_badge_in_front_of_the_camera_counts_once() -> None:
    repeats = RepeatFilter(window_s=3)
    assert [repeats.accept(CODE, t) for t in (0.0, 0.1, 0.5, 2.9, 6.5)] == [True, False, False, False, True]


def test_frames_become_scans_off_the_gui_thread_and_busy_frames_are_dropped(badge_photo, qtbot) -> None:
    rgb = badge_photo.convert("RGB")
    image = QImage(rgb.tobytes(), rgb.width, rgb.height, rgb.width * 3, QImage.Format.Format_RGB888).copy()
    assert grey_array(image).shape == (rgb.height, rgb.width)
    scanner = FrameScanner()
    read: list[str] = []
    scanner.code_read.connect(read.append)
    assert scanner.submit(image)
    assert not scanner.submit(image)  # still decoding the first one: dropped, not queued
    qtbot.waitUntil(lambda: scanner.task is None, timeout=10_000)
    assert read == [CODE]
    scanner.submit(image)
    qtbot.waitUntil(lambda: scanner.task is None, timeout=10_000)
    assert read == [CODE]  # the same badge again within the repeat window: not a second scan


def test_camera_reads_feed_the_same_scan_pipeline(qtbot, demo_store, hub, english) -> None:
    from expo_console.gui.checkin.camera import multimedia_available
    from expo_console.gui.checkin.workspace import CheckinWorkspace

    station = CheckinWorkspace(demo_store, hub, korean=False)
    qtbot.addWidget(station)
    assert station.camera_button.isEnabled() == multimedia_available()
    station.frame_scanner.code_read.emit("12345")  # what the camera read
    assert station.recent.rowCount() == 1
    assert station.recent.results()[0].verdict.value == "malformed"
