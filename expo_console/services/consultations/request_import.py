"""Importing consultation requests (희망기업 lists): plan, preview, then write — or not, on a dry run.

    plan = plan_requests(path)                    # read and map (request_plan.py)
    preview = preview_requests(store, plan)       # what would happen, row by row (request_preview.py)
    report, change = run_request_import(store, plan, dry_run=False)

The import writes through the repository's put_request, naming only the side's rank the file
gives, so the other side's rank stays and the request becomes mutual (on a hub the two ranks
also merge field by field). Buyers' languages and days given in the list are set on their
consultation details. Writes go in short transactions of BATCH requests with an access record
each; a cancelled import keeps the batches it committed and says so.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from expo_console.domain.access import Action
from expo_console.services.access import require
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations.request_plan import (
    RequestHeaderNotFound,
    RequestPlan,
    plan_requests,
)
from expo_console.services.consultations.request_preview import (
    ADD,
    UNCHANGED,
    PlannedRequest,
    RequestIssue,
    RequestPreview,
    preview_requests,
)
from expo_console.services.importing.request_lists import ListImportReport, write_in_batches
from expo_console.services.importing.sniff import refusal
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.storage import audit_repo, consultations_repo
from expo_console.storage.connection import EventStore

__all__ = ["RequestHeaderNotFound", "RequestImportReport", "RequestIssue", "RequestPlan", "RequestPreview",
           "import_requests", "plan_requests", "preview_requests", "run_request_import"]

SOURCE = "import"
AUDIT_ACTION = "consultation_requests_imported"


RequestImportReport = ListImportReport[RequestPreview]


def run_request_import(store: EventStore, plan: RequestPlan, *, dry_run: bool = False,
                       progress: ProgressCallback = no_progress,
                       cancel: CancelFlag | None = None) -> tuple[RequestImportReport, MeetingsChanged]:
    """Preview the plan against the event as it is now and, unless dry, write what it adds and
    updates. A mapping that cannot give any request is refused before anything is read."""
    require(store, Action.PLAN_MEETINGS)
    if plan.missing:
        raise refusal(plan.missing, file=plan.path.name)
    preview = preview_requests(store, plan, progress=lambda d, t: progress(d, 2 * t), cancel=cancel)
    if dry_run or preview.cancelled:
        return RequestImportReport(plan.path.name, preview, dry_run, preview.cancelled), MeetingsChanged()
    to_write = [r for r in preview.requests if r.action != UNCHANGED]
    total = len(to_write) + len(preview.buyer_updates)
    rows = len(plan.data_rows)

    def write(conn: sqlite3.Connection, batch: Sequence[PlannedRequest], first: bool) -> None:
        """The buyers' languages and days go with the first batch."""
        stamps = store.stamps()
        updates = preview.buyer_updates if first else []
        for request in batch:
            consultations_repo.put_request(conn, _values(request), stamps)
        for update in updates:
            consultations_repo.put_buyer(conn, _buyer_values(update), stamps)
        audit_repo.append(conn, store.stamp, AUDIT_ACTION, "consultation_requests", None, {
            "file": plan.path.name, "sha256": plan.file.sha256 if plan.file else "",
            "added": sum(1 for r in batch if r.action == ADD), "updated": sum(1 for r in batch if r.action != ADD),
            "became_mutual": sum(1 for r in batch if r.becomes_mutual), "buyers_updated": len(updates),
            "problems": preview.problems_total})

    written, cancelled = write_in_batches(
        store, to_write, write, cancel=cancel, at_least_once=bool(preview.buyer_updates),
        written_so_far=lambda n: progress(rows + (n + len(preview.buyer_updates)) * rows // max(1, total), 2 * rows))
    change = MeetingsChanged(reload=True, setup=True) if written or preview.buyer_updates else MeetingsChanged()
    return RequestImportReport(plan.path.name, preview, False, cancelled, written), change


def _values(request: PlannedRequest) -> dict[str, object]:
    """Only the sides the file ranks: the repository writes each as its own row, and the other
    side's row, if the event holds one, stays (the request is then mutual)."""
    return {"buyer_id": request.buyer_id, "exhibitor_id": request.exhibitor_id, "buyer_rank": request.buyer_rank,
            "exhibitor_rank": request.exhibitor_rank, "source": SOURCE}


def _buyer_values(update: Any) -> dict[str, object]:
    values: dict[str, object] = {"visitor_id": update.buyer_id}
    if update.language is not None:
        values["language"] = update.language
    if update.days is not None:
        values["days_json"] = [d.isoformat() for d in update.days]
    return values


def import_requests(store: EventStore, path: Path | str, *, dry_run: bool = False, header_row: int | None = None,
                    progress: ProgressCallback = no_progress,
                    cancel: CancelFlag | None = None) -> tuple[RequestImportReport, MeetingsChanged, RequestPlan]:
    """Read, map and import a file in one call (the command line's), with the plan it used."""
    require(store, Action.PLAN_MEETINGS)
    plan = plan_requests(path, header_row=header_row)
    report, change = run_request_import(store, plan, dry_run=dry_run, progress=progress, cancel=cancel)
    return report, change, plan
