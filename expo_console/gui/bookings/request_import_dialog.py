"""Import studio or photo shoot requests in the shared request list dialog
(gui/request_list_dialog.py, the one the consultations' import uses): a row per request, its
exhibitor, preferred times, products, host, channel, priority and request time, previewed row by
row with its problems; the same list again updates rather than duplicates.

`open_booking_request_import(parent, store, hub, kind)` asks for the file (through
gui/file_dialogs.py) and opens the dialog; the bookings workspace calls it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from expo_console.domain.bookings import BookingKind
from expo_console.gui import file_dialogs
from expo_console.gui.hub import Hub
from expo_console.gui.request_list_dialog import RequestListDialog, count_text
from expo_console.services.bookings import request_columns as columns
from expo_console.services.bookings.request_import import (
    BookingRequestImportReport,
    BookingRequestPreview,
    plan_booking_requests,
    preview_booking_requests,
    run_booking_request_import,
)
from expo_console.services.importing.request_lists import ListPlan
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore


class BookingRequestImportDialog(RequestListDialog):
    object_name = "bookingRequestImportDialog"
    import_object_name = "runBookingRequestImport"
    preview_object_name = "bookingRequestPreview"

    def __init__(self, store: EventStore, hub: Hub, kind: BookingKind, source: Path,
                 parent: QWidget | None = None) -> None:
        self.kind = kind  # before the base builds the dialog: the title says which
        super().__init__(store, hub, source, parent)

    def title(self) -> str:
        if self.kind == BookingKind.STUDIO:
            return self.tr("Import live-commerce studio requests")
        return self.tr("Import photo shoot requests")

    def fields(self) -> tuple[str, ...]:
        return columns.FIELDS

    def field_label(self, field: str) -> str:
        if field.startswith(columns.WHEN + ":"):
            return self.tr("Preferred day and time %1").replace("%1", field.partition(":")[2])
        if field.startswith(columns.DAY + ":"):
            return self.tr("Preferred day %1").replace("%1", field.partition(":")[2])
        return {columns.EXHIBITOR: self.tr("Exhibitor (company)"), columns.BOOTH: self.tr("Booth number"),
                columns.DAY: self.tr("Preferred day"), columns.TIME: self.tr("Preferred time"),
                columns.PRODUCTS: self.tr("Products"), columns.HOST: self.tr("Host"),
                columns.CHANNEL: self.tr("Channel"), columns.PRIORITY: self.tr("Priority"),
                columns.REQUESTED_AT: self.tr("Requested at"), columns.NOTE: self.tr("Note")}[field]

    def who_header(self) -> str:
        return self.tr("Exhibitor")

    def gives_header(self) -> str:
        return self.tr("Requests")

    def summary_text(self, preview: Any) -> str:
        counts = preview.summary()
        return count_text(self.tr("%1 rows: %2 requests to add, %3 to update, %4 unchanged. Rows with problems: "
                                  "%5 (%6 give nothing)."), {
            "rows": counts["rows"], "added": counts["added"], "updated": counts["updated"],
            "unchanged": counts["unchanged"], "with_problems": sum(1 for r in preview.rows if r.problems),
            "skipped": counts["rows_skipped"]})

    def read_plan(self, source: Path) -> ListPlan:
        return plan_booking_requests(source)

    def preview_plan(self, store: EventStore, plan: ListPlan, progress: ProgressCallback,
                     cancel: CancelFlag) -> BookingRequestPreview:
        return preview_booking_requests(store, self.kind, plan, progress=progress, cancel=cancel)

    def import_plan(self, store: EventStore, plan: ListPlan, progress: ProgressCallback,
                    cancel: CancelFlag) -> tuple[BookingRequestImportReport, Any]:
        return run_booking_request_import(store, self.kind, plan, progress=progress, cancel=cancel)


def open_booking_request_import(parent: QWidget | None, store: EventStore, hub: Hub,
                                kind: BookingKind) -> BookingRequestImportDialog | None:
    """Ask for a request list and open the import dialog on it (None when no file was chosen)."""
    caption = (QCoreApplication.translate("BookingRequestImportDialog", "Import live-commerce studio requests")
               if kind == BookingKind.STUDIO
               else QCoreApplication.translate("BookingRequestImportDialog", "Import photo shoot requests"))
    path = file_dialogs.open_file(parent, caption, QCoreApplication.translate(
        "BookingRequestImportDialog", "Request lists (*.xlsx *.xlsm *.csv *.txt *.xls);;All files (*)"),
        kind="requests")
    if path is None:
        return None
    dialog = BookingRequestImportDialog(store, hub, kind, path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
