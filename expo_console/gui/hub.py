"""The app-wide hub: services return change objects, the hub broadcasts them to every view."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    visitors_changed = Signal(object)  # services.changes.VisitorsChanged
    layout_changed = Signal(object)  # services.changes.LayoutChanged
    status_message_requested = Signal(str)
