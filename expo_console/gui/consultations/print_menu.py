"""Print & export (the Consultations workspace's corner button): the schedule on paper and as a workbook.

The buyers' itineraries with the zone's map, the exhibitors' and interpreters' schedules, the
tables' door sheets, and the whole schedule as XLSX or CSV (services/consultations/prints), each
saved on the worker with progress and Cancel (gui/print_menu.py). The schedule names buyers: a
planner's work.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP
from PySide6.QtWidgets import QWidget

from expo_console.gui.hub import Hub
from expo_console.gui.print_menu import PrintEntry, ServicePrintMenu
from expo_console.services.store import EventStore


def _prints() -> Any:
    from expo_console.services.consultations.prints import schedule_files  # reportlab: when asked

    return schedule_files


ENTRIES = (
    PrintEntry("printItineraries", QT_TRANSLATE_NOOP("PrintMenu", "Buyers' itineraries (PDF)…"),
               "itineraries.pdf", "pdf", "write_itineraries"),
    PrintEntry("printExhibitorSchedules", QT_TRANSLATE_NOOP("PrintMenu", "Exhibitors' schedules (PDF)…"),
               "exhibitor-schedules.pdf", "pdf", "write_exhibitor_schedules"),
    PrintEntry("printDoorSheets", QT_TRANSLATE_NOOP("PrintMenu", "Door sheets for the tables (PDF)…"),
               "table-door-sheets.pdf", "pdf", "write_door_sheets"),
    PrintEntry("printInterpreterSchedules", QT_TRANSLATE_NOOP("PrintMenu", "Interpreters' schedules (PDF)…"),
               "interpreter-schedules.pdf", "pdf", "write_interpreter_schedules"),
    PrintEntry("exportSchedule", QT_TRANSLATE_NOOP("PrintMenu", "Whole schedule (Excel)…"),
               "consultation-schedule.xlsx", "xlsx", "export_schedule"),
)
WORKBOOK_FILTER = QT_TRANSLATE_NOOP("PrintMenu", "Excel (*.xlsx);;CSV (*.csv)")


class PrintMenu(ServicePrintMenu):
    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(store, hub, ENTRIES, _prints, object_name="consultationPrints", context="PrintMenu",
                         workbook_filter=WORKBOOK_FILTER, parent=parent)
