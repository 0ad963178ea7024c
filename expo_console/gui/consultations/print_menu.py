"""Print & export (the Consultations workspace's corner button): the schedule on paper and as a workbook.

Each entry asks where to save (gui/file_dialogs.py), then writes on the worker with progress and
Cancel (every buyer's itinerary is hundreds of pages): the buyers' itineraries with the zone's
map, the exhibitors' and interpreters' schedules, the tables' door sheets, and the whole schedule
as XLSX (services/consultations/prints). The schedule names buyers: a planner's work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QToolButton, QWidget

from expo_console.domain.access import Action
from expo_console.gui import file_dialogs
from expo_console.gui.file_errors import not_written
from expo_console.gui.hub import Hub
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.role_view import permit
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen

Writer = Callable[..., Any]


def _prints() -> Any:
    from expo_console.services.consultations.prints import schedule_files  # reportlab: when asked

    return schedule_files


# (object name, menu text, file name, filter, the service's name)
ENTRIES = (
    ("printItineraries", QT_TRANSLATE_NOOP("PrintMenu", "Buyers' itineraries (PDF)…"),
     "itineraries.pdf", "pdf", "write_itineraries"),
    ("printExhibitorSchedules", QT_TRANSLATE_NOOP("PrintMenu", "Exhibitors' schedules (PDF)…"),
     "exhibitor-schedules.pdf", "pdf", "write_exhibitor_schedules"),
    ("printDoorSheets", QT_TRANSLATE_NOOP("PrintMenu", "Door sheets for the tables (PDF)…"),
     "table-door-sheets.pdf", "pdf", "write_door_sheets"),
    ("printInterpreterSchedules", QT_TRANSLATE_NOOP("PrintMenu", "Interpreters' schedules (PDF)…"),
     "interpreter-schedules.pdf", "pdf", "write_interpreter_schedules"),
    ("exportSchedule", QT_TRANSLATE_NOOP("PrintMenu", "Whole schedule (Excel)…"),
     "consultation-schedule.xlsx", "xlsx", "export_schedule"),
)


class PrintMenu(QToolButton):
    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self.setObjectName("consultationPrints")
        self.setText(self.tr("Print && export"))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, file_name, kind, service in ENTRIES:
            action = menu.addAction(QCoreApplication.translate("PrintMenu", text))
            action.setObjectName(name)
            action.triggered.connect(lambda _=False, f=file_name, k=kind, s=service, t=text:
                                     self.write(s, f, k, QCoreApplication.translate("PrintMenu", t)))
            permit(action, store, Action.PLAN_MEETINGS)
            self.actions_by_name[name] = action
        self.setMenu(menu)
        permit(self, store, Action.PLAN_MEETINGS)

    def write(self, service: str, file_name: str, kind: str, caption: str, path: str | Path | None = None) -> Any:
        """Save one of the prints where the planner chooses (`path` skips the dialog)."""
        if path is None:
            filters = self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("Excel (*.xlsx);;CSV (*.csv)")
            path = file_dialogs.save_file(self, caption.rstrip("…"), filters, file_name, kind="report",
                                          event_file=self.store.path)
            if path is None:
                return None
        target, event = Path(path), self.store

        def work(progress: ProgressCallback, cancel: CancelFlag) -> Any:
            store = reopen(event)
            try:
                return getattr(_prints(), service)(store, target, progress=progress, cancel=cancel)
            finally:
                store.close()

        def failed(error: Exception, _trace: str) -> None:
            QMessageBox.warning(self, self.tr("Not saved"), not_written(target, error))

        def done(result: Any) -> None:
            pages = getattr(result, "pages", 0)
            text = (self.tr("Saved %1 (%2 pages)").replace("%2", str(pages)) if pages
                    else self.tr("Saved %1")).replace("%1", str(target))
            self.hub.status_message_requested.emit(text)

        return (BackgroundOp(self, self.hub, work, label=caption.rstrip("…"))
                .on_success(done).on_failure(failed).run())
