"""The app-wide hub: services return change objects, the hub broadcasts them to every view.

Views connect to the signals; only the op-runner (gui/ops.py) calls broadcast.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from expo_console.services.changes import (
    BookingsChanged,
    GatesChanged,
    LayoutChanged,
    MeetingsChanged,
    TrafficChanged,
    VisitorsChanged,
)


class Hub(QObject):
    visitors_changed = Signal(object)  # VisitorsChanged
    layout_changed = Signal(object)  # LayoutChanged
    traffic_changed = Signal(object)  # TrafficChanged
    gates_changed = Signal(object)  # GatesChanged
    meetings_changed = Signal(object)  # MeetingsChanged
    bookings_changed = Signal(object)  # BookingsChanged
    status_message_requested = Signal(str)

    def broadcast(self, change: object) -> None:
        if isinstance(change, VisitorsChanged):
            self.visitors_changed.emit(change)
        elif isinstance(change, LayoutChanged):
            self.layout_changed.emit(change)
        elif isinstance(change, TrafficChanged):
            self.traffic_changed.emit(change)
        elif isinstance(change, GatesChanged):
            self.gates_changed.emit(change)
        elif isinstance(change, MeetingsChanged):
            self.meetings_changed.emit(change)
        elif isinstance(change, BookingsChanged):
            self.bookings_changed.emit(change)
        else:
            raise TypeError(f"not a change object: {change!r}")
