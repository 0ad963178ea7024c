"""Import runs: one row per real import, from its start to how it ended (schema version 8).

Only SQL here. Whether a run still marked 'running' is alive or was interrupted is decided by
services/importing/runs.py, which can look at processes; this module just keeps the record.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from expo_console.storage.connection import Stamp, utc_now

# Statuses a run can still be reported in: 'running' (live, or interrupted when its process is
# gone) and 'failed' (stopped by an error before it finished). The others are closed.
OPEN_STATUSES = ("running", "failed")
END_STATUSES = ("finished", "cancelled", "failed")
CLOSING_STATUSES = ("superseded", "dismissed")

_COLUMNS = ("id", "file_name", "file_path", "file_size", "file_sha256", "rows_total", "rows_done",
            "last_row_number", "imported", "updated", "unchanged", "skipped", "status", "operator", "host",
            "boot_id", "pid", "started_at", "heartbeat_at", "ended_at", "superseded_by", "desk_id")


@dataclass(frozen=True, slots=True)
class RunProgress:
    """How far a run got: data rows read through the last committed batch, the spreadsheet row
    number of the last of them, and what the committed batches did."""

    rows_done: int
    last_row_number: int | None
    imported: int
    updated: int
    unchanged: int
    skipped: int


def start(conn: sqlite3.Connection, stamp: Stamp, run_id: str, *, file_name: str, file_path: str,
          file_size: int, file_sha256: str, rows_total: int | None, host: str, boot_id: str, pid: int) -> None:
    now = utc_now()
    conn.execute(
        "INSERT INTO import_runs (id, file_name, file_path, file_size, file_sha256, rows_total, status, operator,"
        " host, boot_id, pid, started_at, heartbeat_at, desk_id, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (run_id, file_name, file_path, file_size, file_sha256, rows_total, stamp.operator, host, boot_id, pid,
         now, now, stamp.desk_id, now, now),
    )


def record_progress(conn: sqlite3.Connection, run_id: str, progress: RunProgress) -> None:
    """Called inside the transaction that commits a batch, so the record matches the visitors."""
    now = utc_now()
    conn.execute(
        "UPDATE import_runs SET rows_done = ?, last_row_number = ?, imported = ?, updated = ?, unchanged = ?,"
        " skipped = ?, heartbeat_at = ?, updated_at = ? WHERE id = ?",
        (progress.rows_done, progress.last_row_number, progress.imported, progress.updated, progress.unchanged,
         progress.skipped, now, now, run_id),
    )


def end(conn: sqlite3.Connection, run_id: str, status: str) -> None:
    if status not in END_STATUSES:
        raise ValueError(f"an import run cannot end {status!r}")
    now = utc_now()
    conn.execute("UPDATE import_runs SET status = ?, ended_at = ?, updated_at = ? WHERE id = ?",
                 (status, now, now, run_id))


def close(conn: sqlite3.Connection, run_ids: Iterable[str], status: str, superseded_by: str | None = None) -> int:
    """Close runs that were interrupted (superseded by a completed re-run, or dismissed); a run
    closed meanwhile (by another desk) is left as it is. Returns how many were closed."""
    if status not in CLOSING_STATUSES:
        raise ValueError(f"an interrupted import run cannot be closed as {status!r}")
    now = utc_now()
    closed = 0
    for run_id in run_ids:
        closed += conn.execute(
            "UPDATE import_runs SET status = ?, superseded_by = ?, updated_at = ?"
            " WHERE id = ? AND status IN ('running', 'failed')", (status, superseded_by, now, run_id)).rowcount
    return closed


def open_runs(conn: sqlite3.Connection, file_sha256: str | None = None) -> list[dict[str, Any]]:
    """Runs still 'running' or 'failed' (optionally only those of one file content), oldest first."""
    sql = f"SELECT {', '.join(_COLUMNS)} FROM import_runs WHERE status IN ('running', 'failed')"
    params: tuple[Any, ...] = ()
    if file_sha256 is not None:
        sql += " AND file_sha256 = ?"
        params = (file_sha256,)
    cursor = conn.execute(sql + " ORDER BY started_at, rowid", params)
    return [dict(zip(_COLUMNS, row, strict=True)) for row in cursor]


def get(conn: sqlite3.Connection, run_id: str) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT {', '.join(_COLUMNS)} FROM import_runs WHERE id = ?", (run_id,)).fetchone()
    return dict(zip(_COLUMNS, row, strict=True)) if row is not None else None
