"""Importing studio or photo booking requests: plan, preview, then write — or not, on a dry run.

    plan = plan_booking_requests(path)                         # read and map (request_columns.py)
    preview = preview_booking_requests(store, kind, plan)      # row by row (request_preview.py)
    report, change = run_booking_request_import(store, kind, plan, dry_run=False)

The file is read by the consultations' list machinery (services/importing/request_lists.py: CSV
in UTF-8, CP949 or with a BOM, XLSX, a web page's table; bounded on hostile files). A request is
the same as one the event holds when its exhibitor, request time and products agree (see
request_preview.py), so importing a list again updates rather than duplicates. Writes go in short
transactions of BATCH requests with an access record each; a cancelled import keeps the batches
it committed and says so. Planning bookings needs the plan-meetings role.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from expo_console.domain.access import Action
from expo_console.domain.bookings import BookingKind
from expo_console.services.access import require
from expo_console.services.bookings.request_columns import COLUMNS
from expo_console.services.bookings.request_preview import (
    ADD,
    UNCHANGED,
    BookingRequestPreview,
    PlannedBookingRequest,
    preview_booking_requests,
)
from expo_console.services.changes import BookingsChanged
from expo_console.services.importing.request_lists import (
    ListImportReport,
    ListPlan,
    plan_list,
    write_in_batches,
)
from expo_console.services.importing.sniff import refusal
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.storage import audit_repo, bookings_repo
from expo_console.storage.connection import EventStore

__all__ = ["BookingRequestImportReport", "BookingRequestPreview", "import_booking_requests", "plan_booking_requests",
           "preview_booking_requests", "run_booking_request_import"]

SOURCE = "import"
AUDIT_ACTION = "booking_requests_imported"
BookingRequestImportReport = ListImportReport[BookingRequestPreview]


def plan_booking_requests(path: Path | str, *, header_row: int | None = None) -> ListPlan:
    """Read the file and map its columns; `header_row` (a spreadsheet row number) names the header."""
    return plan_list(path, COLUMNS, header_row=header_row)


def run_booking_request_import(store: EventStore, kind: BookingKind, plan: ListPlan, *, dry_run: bool = False,
                               progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None
                               ) -> tuple[BookingRequestImportReport, BookingsChanged]:
    """Preview the plan against the event as it is now and, unless dry, write what it adds and
    updates. A mapping without an exhibitor column is refused before anything is read."""
    require(store, Action.PLAN_MEETINGS)
    if plan.missing:
        raise refusal(plan.missing, file=plan.path.name)
    preview = preview_booking_requests(store, kind, plan, progress=lambda d, t: progress(d, 2 * t), cancel=cancel)
    if dry_run or preview.cancelled:
        return BookingRequestImportReport(plan.path.name, preview, dry_run, preview.cancelled), BookingsChanged()
    to_write = [r for r in preview.requests if r.action != UNCHANGED]
    rows = max(1, len(plan.data_rows))

    def write(conn: sqlite3.Connection, batch: Sequence[PlannedBookingRequest], _first: bool) -> None:
        stamps = store.stamps()
        for request in batch:
            bookings_repo.put_request(conn, {"id": request.request_id, "kind": kind.value,
                                             "exhibitor_id": request.exhibitor_id, **request.values, "source": SOURCE},
                                      stamps)
        audit_repo.append(conn, store.stamp, AUDIT_ACTION, "booking_requests", None, {
            "kind": kind.value, "file": plan.path.name, "sha256": plan.file.sha256 if plan.file else "",
            "added": sum(1 for r in batch if r.action == ADD), "updated": sum(1 for r in batch if r.action != ADD),
            "problems": preview.problems_total})

    written, cancelled = write_in_batches(
        store, to_write, write, cancel=cancel,
        written_so_far=lambda n: progress(rows + n * rows // max(1, len(to_write)), 2 * rows))
    change = BookingsChanged((kind.value,), setup=True) if written else BookingsChanged()
    return BookingRequestImportReport(plan.path.name, preview, False, cancelled, written), change


def import_booking_requests(store: EventStore, kind: BookingKind, path: Path | str, *, dry_run: bool = False,
                            header_row: int | None = None, progress: ProgressCallback = no_progress,
                            cancel: CancelFlag | None = None
                            ) -> tuple[BookingRequestImportReport, BookingsChanged, ListPlan]:
    """Read, map and import a file in one call (the command line's), with the plan it used."""
    require(store, Action.PLAN_MEETINGS)
    plan = plan_booking_requests(path, header_row=header_row)
    report, change = run_booking_request_import(store, kind, plan, dry_run=dry_run, progress=progress, cancel=cancel)
    return report, change, plan
