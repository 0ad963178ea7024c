"""Camera scanning: frames decoded off the GUI thread, fed into the station's scan pipeline.

QtMultimedia ships with PySide6-Addons, an optional extra (`pip install .[camera]`; on Linux it
also needs libpulse0). Without it the station simply offers no camera. FrameScanner does not
depend on it: it takes QImages from wherever they come (the camera's video sink, or a test).
"""

from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage

from expo_console.domain.scan_input import RepeatFilter
from expo_console.gui.workers import Task, run_task
from expo_console.services.checkin.camera_decode import decode_frame


def grey_array(image: QImage) -> np.ndarray:
    """A QImage as a 2-D uint8 array (a copy: the frame's buffer is reused by the camera)."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    width, height, stride = grey.width(), grey.height(), grey.bytesPerLine()
    buffer = np.frombuffer(grey.constBits(), dtype=np.uint8, count=stride * height)
    return buffer.reshape(height, stride)[:, :width].copy()


class FrameScanner(QObject):
    """Decodes one frame at a time in the worker; frames that arrive meanwhile are dropped."""

    code_read = Signal(str)

    def __init__(self, parent: QObject | None = None, repeat_window_s: float = 3.0) -> None:
        super().__init__(parent)
        self.task: Task | None = None
        self.repeats = RepeatFilter(repeat_window_s)

    def submit(self, image: QImage) -> bool:
        """Queue a frame for decoding; False when a frame is still being decoded (dropped)."""
        if self.task is not None or image.isNull():
            return False
        frame = grey_array(image)
        self.task = run_task(lambda progress, cancel: decode_frame(frame), owner=self, on_success=self._on_decoded,
                             on_failure=lambda error, details: self._done())
        return True

    def _done(self) -> None:
        self.task = None

    def _on_decoded(self, codes: list[str]) -> None:
        self._done()
        now = time.monotonic()
        for code in codes:
            if self.repeats.accept(code, now):
                self.code_read.emit(code)


def multimedia_available() -> bool:
    try:
        from PySide6 import QtMultimedia  # noqa: F401 - part of PySide6-Addons
    except ImportError:
        return False
    return True


class CameraSource(QObject):  # pragma: no cover - needs PySide6-Addons and a camera
    """The default camera's frames, handed to a FrameScanner."""

    def __init__(self, scanner: FrameScanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QVideoSink

        self.scanner = scanner
        self.camera = QCamera(self)
        self.sink = QVideoSink(self)
        self.session = QMediaCaptureSession(self)
        self.session.setCamera(self.camera)
        self.session.setVideoSink(self.sink)
        self.sink.videoFrameChanged.connect(lambda frame: self.scanner.submit(frame.toImage()))

    def start(self) -> None:
        self.camera.start()

    def stop(self) -> None:
        self.camera.stop()
