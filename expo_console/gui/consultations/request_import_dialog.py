"""Import consultation requests (희망기업 lists) in the shared request list dialog
(gui/request_list_dialog.py): what is the consultations' own is said here, the fields (buyer,
exhibitor, wishes by rank …), the shapes, and the summary with the requests that become mutual.

`open_request_import(parent, store, hub)` asks for the file (through gui/file_dialogs.py) and
opens the dialog; the consultation workspace calls it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from expo_console.gui import file_dialogs
from expo_console.gui.hub import Hub
from expo_console.gui.request_list_dialog import (
    COL_PROBLEMS,
    COL_REQUESTS,
    COL_ROW,
    COL_WHO,
    RequestListDialog,
    RequestRowsModel,
    count_text,
    issue_text,
)
from expo_console.services.consultations import request_columns as columns
from expo_console.services.consultations.request_import import (
    RequestImportReport,
    RequestPlan,
    RequestPreview,
    plan_requests,
    preview_requests,
    run_request_import,
)
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore

__all__ = ["COL_PROBLEMS", "COL_REQUESTS", "COL_ROW", "COL_WHO", "RequestImportDialog", "RequestRowsModel",
           "issue_text", "open_request_import"]


class RequestImportDialog(RequestListDialog):
    def title(self) -> str:
        return self.tr("Import consultation requests")

    def fields(self) -> tuple[str, ...]:
        return columns.FIELDS

    def field_label(self, field: str) -> str:
        if field.startswith(columns.WISH + ":"):
            return self.tr("Exhibitor wished for, rank %1").replace("%1", field.partition(":")[2])
        if field.startswith(columns.BUYER_WISH + ":"):
            return self.tr("Buyer wished for, rank %1").replace("%1", field.partition(":")[2])
        return {columns.BUYER: self.tr("Buyer (name)"), columns.BUYER_COMPANY: self.tr("Buyer's company"),
                columns.BUYER_EMAIL: self.tr("Buyer's e-mail"), columns.BUYER_PHONE: self.tr("Buyer's phone"),
                columns.COUNTRY: self.tr("Country"), columns.LANGUAGE: self.tr("Language"),
                columns.DAYS: self.tr("Days attending"), columns.EXHIBITOR: self.tr("Exhibitor"),
                columns.RANK: self.tr("Rank"), columns.SIDE: self.tr("Who asked (buyer, exhibitor, both)")}[field]

    def shape_names(self) -> dict[str, str]:
        return {columns.BUYER_ROWS: self.tr("buyers' wishes, a row per buyer"),
                columns.EXHIBITOR_ROWS: self.tr("exhibitors' wishes, a row per exhibitor"),
                columns.ONE_PER_ROW: self.tr("one request per row")}

    def summary_text(self, preview: Any) -> str:
        counts = preview.summary()
        return count_text(self.tr("%1 rows: %2 requests to add, %3 to update, %4 unchanged; %5 become mutual; "
                                  "%6 buyers' language or days set. Rows with problems: %7 (%8 give nothing)."), {
            "rows": counts["rows"], "added": counts["added"], "updated": counts["updated"],
            "unchanged": counts["unchanged"], "mutual": counts["became_mutual"], "buyers": counts["buyers_updated"],
            "with_problems": sum(1 for r in preview.rows if r.problems), "skipped": counts["rows_skipped"]})

    def read_plan(self, source: Path) -> RequestPlan:
        return plan_requests(source)

    def preview_plan(self, store: EventStore, plan: RequestPlan, progress: ProgressCallback,
                     cancel: CancelFlag) -> RequestPreview:
        return preview_requests(store, plan, progress=progress, cancel=cancel)

    def import_plan(self, store: EventStore, plan: RequestPlan, progress: ProgressCallback,
                    cancel: CancelFlag) -> tuple[RequestImportReport, Any]:
        return run_request_import(store, plan, progress=progress, cancel=cancel)


def open_request_import(parent: QWidget | None, store: EventStore, hub: Hub) -> RequestImportDialog | None:
    """Ask for a request list and open the import dialog on it (None when no file was chosen)."""
    caption = QCoreApplication.translate("RequestImportDialog", "Import consultation requests")
    path = file_dialogs.open_file(parent, caption, QCoreApplication.translate(
        "RequestImportDialog", "Request lists (*.xlsx *.xlsm *.csv *.txt *.xls);;All files (*)"), kind="requests")
    if path is None:
        return None
    dialog = RequestImportDialog(store, hub, path, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    return dialog
