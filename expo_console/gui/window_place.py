"""Where the main window opens: within the screen's available area, never larger than it.

A 1366×768 desk laptop (the most common at a registration desk) has less room than the window's
default of 1360×820 once the taskbar and the window's title bar are counted: opened at that size,
its status bar, which says who is signed in and how the hub is, was below the screen's edge. A
geometry remembered from a larger screen (the organizer's office monitor, then the venue's
laptop) is kept only when it fits this one.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DEFAULT_SIZE = QSize(1360, 820)
# The title bar and borders a window manager puts around the window, unknown until it is shown:
# room kept for them so that the frame, not only the window's inside, is on the screen.
FRAME_ROOM = QSize(16, 40)


def available_area(window: QWidget) -> QRect:
    screen = window.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fits(window: QWidget, area: QRect) -> bool:
    """Whether the window's inside and the room for its frame are within `area`."""
    inside = window.geometry()
    framed = inside.adjusted(-FRAME_ROOM.width() // 2, -(FRAME_ROOM.height() - FRAME_ROOM.width() // 2),
                             FRAME_ROOM.width() // 2, FRAME_ROOM.width() // 2)
    return area.contains(framed)


def place_window(window: QWidget, remembered: bytes | None, area: QRect | None = None) -> None:
    """Restore the remembered geometry when it fits the screen; else open at the default size,
    made smaller where the screen has less room, at the available area's top left. (Not
    maximised: the person may still move and size it, and a size set later is kept.)"""
    area = area if area is not None else available_area(window)
    if remembered and window.restoreGeometry(remembered) and (window.isMaximized() or fits(window, area)):
        return
    window.setWindowState(window.windowState() & ~Qt.WindowState.WindowMaximized)
    window.resize(DEFAULT_SIZE.boundedTo(area.size() - FRAME_ROOM))
    window.move(area.topLeft())
