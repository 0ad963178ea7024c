"""Print & export for the studio's or the photo corner's bookings (the workspace's corner button).

Each exhibitor's confirmations (a page a booking: when, the studio's entry time, the place with
the zone's map, what to bring, host and channel), each day's running order (A4 on its side) and
the bookings with the waiting list as XLSX (services/bookings/prints), each saved on the worker
with progress and Cancel (gui/print_menu.py). They name exhibitors and hosts: a planner's work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from expo_console.domain.bookings import BookingKind
from expo_console.gui.hub import Hub
from expo_console.gui.print_menu import PrintEntry, ServicePrintMenu
from expo_console.services.store import EventStore

CONTEXT = "BookingPrintMenu"
WORKBOOK_FILTER = QT_TRANSLATE_NOOP("PrintMenu", "Excel (*.xlsx)")


def _prints() -> Any:
    from expo_console.services.bookings.prints import files  # reportlab: when asked

    return files


def entries(kind: BookingKind) -> tuple[PrintEntry, ...]:
    """The menu's entries; the files suggested are named after the kind ('photo-running-order.pdf')."""
    return (
        PrintEntry("printConfirmations", QT_TRANSLATE_NOOP("BookingPrintMenu", "Exhibitors' confirmations (PDF)…"),
                   f"{kind.value}-confirmations.pdf", "pdf", "write_confirmations"),
        PrintEntry("printRunningOrder", QT_TRANSLATE_NOOP("BookingPrintMenu", "Running order for each day (PDF)…"),
                   f"{kind.value}-running-order.pdf", "pdf", "write_running_order"),
        PrintEntry("exportBookings", QT_TRANSLATE_NOOP("BookingPrintMenu", "Bookings and waiting list (Excel)…"),
                   f"{kind.value}-bookings.xlsx", "xlsx", "export_bookings"),
    )


class BookingPrintMenu(ServicePrintMenu):
    def __init__(self, store: EventStore, hub: Hub, kind: BookingKind, parent: QWidget | None = None) -> None:
        super().__init__(store, hub, entries(kind), _prints, object_name=f"{kind.value}Prints", context=CONTEXT,
                         workbook_filter=WORKBOOK_FILTER, leading=(kind,), parent=parent)
        self.kind = kind
