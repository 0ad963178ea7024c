"""A workspace's Print & export button: a menu of prints, each saved where the planner chooses.

Each entry asks where to save (gui/file_dialogs.py, never beside the event file), then calls its
service on the worker with progress and Cancel (hundreds of pages take a while), on its own
connection to the event, and says in the status bar where it went; a failure says why and what
to do. The consultations' schedules and the studio's and photo corner's prints are both this
button with their own entries. The prints name people: a planner's work (PLAN_MEETINGS).

Its words are translated in the "PrintMenu" context, shared by every such button; the entries'
words in the context each menu names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
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

CONTEXT = "PrintMenu"
PRINT_AND_EXPORT = QT_TRANSLATE_NOOP("PrintMenu", "Print && export")
PDF_FILTER = QT_TRANSLATE_NOOP("PrintMenu", "PDF (*.pdf)")
NOT_SAVED = QT_TRANSLATE_NOOP("PrintMenu", "Not saved")
SAVED_PAGES = QT_TRANSLATE_NOOP("PrintMenu", "Saved %1 (%2 pages)")
SAVED = QT_TRANSLATE_NOOP("PrintMenu", "Saved %1")


@dataclass(frozen=True)
class PrintEntry:
    name: str  # the action's object name
    text: str  # the menu's words (QT_TRANSLATE_NOOP in the menu's context)
    file_name: str  # suggested in the save dialog
    kind: str  # pdf | xlsx
    service: str  # the function's name in the menu's print module


def _tr(text: str) -> str:
    return QCoreApplication.translate(CONTEXT, text)


class ServicePrintMenu(QToolButton):
    """The button and its menu. `services` gives the module the entries' functions are in (imported
    when first asked: reportlab is slow to load); each is called as
    `service(store, *leading, target, progress=…, cancel=…)`."""

    def __init__(self, store: EventStore, hub: Hub, entries: Sequence[PrintEntry], services: Callable[[], Any], *,
                 object_name: str, context: str, workbook_filter: str, leading: tuple[object, ...] = (),
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self._services, self._leading, self._workbook_filter = services, leading, workbook_filter
        self.setObjectName(object_name)
        self.setText(_tr(PRINT_AND_EXPORT))
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        self.actions_by_name: dict[str, QAction] = {}
        for entry in entries:
            caption = QCoreApplication.translate(context, entry.text)
            action = menu.addAction(caption)
            action.setObjectName(entry.name)
            action.triggered.connect(lambda _=False, e=entry, c=caption: self.write(e.service, e.file_name, e.kind, c))
            permit(action, store, Action.PLAN_MEETINGS)
            self.actions_by_name[entry.name] = action
        self.setMenu(menu)
        permit(self, store, Action.PLAN_MEETINGS)

    def write(self, service: str, file_name: str, kind: str, caption: str, path: str | Path | None = None) -> Any:
        """Save one of the prints where the planner chooses (`path` skips the dialog)."""
        if path is None:
            filters = _tr(PDF_FILTER) if kind == "pdf" else _tr(self._workbook_filter)
            path = file_dialogs.save_file(self, caption.rstrip("…"), filters, file_name, kind="report",
                                          event_file=self.store.path)
            if path is None:
                return None
        target, event, leading, services = Path(path), self.store, self._leading, self._services

        def work(progress: ProgressCallback, cancel: CancelFlag) -> Any:
            store = reopen(event)
            try:
                return getattr(services(), service)(store, *leading, target, progress=progress, cancel=cancel)
            finally:
                store.close()

        def failed(error: Exception, _trace: str) -> None:
            QMessageBox.warning(self, _tr(NOT_SAVED), not_written(target, error))

        def done(result: Any) -> None:
            pages = getattr(result, "pages", 0)
            text = (_tr(SAVED_PAGES).replace("%2", str(pages)) if pages else _tr(SAVED)).replace("%1", str(target))
            self.hub.status_message_requested.emit(text)

        return (BackgroundOp(self, self.hub, work, label=caption.rstrip("…"))
                .on_success(done).on_failure(failed).run())
