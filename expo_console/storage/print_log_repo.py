"""The print log: which serial was printed (or written to PDF), where, by whom, and how it ended.

A job followed in the print system is logged twice: *sent* with the system's job id when it is
queued, then *printed* or *failed* (with the system's reason) when it ends. A *sent* row with no
later row for the same badge and job is a job still in the print system.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from expo_console.domain.ids import new_id
from expo_console.storage.connection import Stamp, utc_now

RESULTS = ("sent", "printed", "written_to_pdf", "failed", "cancelled")


def append(conn: sqlite3.Connection, stamp: Stamp, *, badge_id: str | None, serial: int | None,
           visitor_id: str | None, printer: str, result: str, job_id: str = "", reason: str = "") -> None:
    if result not in RESULTS:
        raise ValueError(f"unknown print result {result!r}")
    if printer.strip() in ("", "?") and result != "cancelled":  # a dialog cancelled before a printer was chosen
        raise ValueError("a print log row needs the printer (or file) the badge went to")
    conn.execute(
        "INSERT INTO print_log (id, printed_at, badge_id, serial, visitor_id, printer, result, operator, desk_id,"
        " job_id, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new_id(), utc_now(), badge_id, serial, visitor_id, printer, result, stamp.operator, stamp.desk_id,
         job_id, reason),
    )


def record(conn: sqlite3.Connection, stamp: Stamp, *, badge_id: str, serial: int, visitor_id: str,
           printer: str, result: str, job_id: str = "", reason: str = "") -> None:
    """Log a badge's print job; a *printed* one also marks the badge printed, with the visitor's
    current details (so no longer in need of a reprint)."""
    append(conn, stamp, badge_id=badge_id, serial=serial, visitor_id=visitor_id, printer=printer, result=result,
           job_id=job_id, reason=reason)
    if result == "printed":
        conn.execute("UPDATE badges SET printed_at = ?, reprint_fields = '' WHERE id = ?", (utc_now(), badge_id))


# A sent row not followed by an outcome for the same badge and job.
_OPEN_JOB = """p.result = 'sent' AND NOT EXISTS (SELECT 1 FROM print_log q WHERE q.badge_id = p.badge_id
                 AND q.job_id = p.job_id AND q.result != 'sent')"""


def open_jobs(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Badges whose job is still in the print system: badge_id, serial, visitor_id, printer, job_id."""
    cursor = conn.execute(f"SELECT p.badge_id, p.serial, p.visitor_id, p.printer, p.job_id FROM print_log p"
                          f" WHERE {_OPEN_JOB} ORDER BY p.rowid")
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def last_outcome(conn: sqlite3.Connection, badge_id: str) -> dict[str, Any] | None:
    """The badge's latest print log row: result, printer, job_id, reason, printed_at."""
    cursor = conn.execute("SELECT result, printer, job_id, reason, printed_at FROM print_log WHERE badge_id = ?"
                          " ORDER BY rowid DESC LIMIT 1", (badge_id,))
    row = cursor.fetchone()
    return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))


def entries(conn: sqlite3.Connection, visitor_id: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT printed_at, serial, visitor_id, printer, result, operator, desk_id, job_id, reason FROM print_log"
    params: tuple[Any, ...] = ()
    if visitor_id is not None:
        sql += " WHERE visitor_id = ?"
        params = (visitor_id,)
    cursor = conn.execute(sql + " ORDER BY printed_at, rowid", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
