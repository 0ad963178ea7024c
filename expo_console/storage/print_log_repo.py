"""The print log: which serial was printed (or written to PDF), where, by whom, and how it ended."""

from __future__ import annotations

import sqlite3
from typing import Any

from expo_console.domain.ids import new_id
from expo_console.storage.connection import Stamp, utc_now

RESULTS = ("printed", "written_to_pdf", "failed", "cancelled")


def append(conn: sqlite3.Connection, stamp: Stamp, *, badge_id: str | None, serial: int | None,
           visitor_id: str | None, printer: str, result: str) -> None:
    if result not in RESULTS:
        raise ValueError(f"unknown print result {result!r}")
    conn.execute(
        "INSERT INTO print_log (id, printed_at, badge_id, serial, visitor_id, printer, result, operator, desk_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (new_id(), utc_now(), badge_id, serial, visitor_id, printer, result, stamp.operator, stamp.desk_id),
    )


def record(conn: sqlite3.Connection, stamp: Stamp, *, badge_id: str, serial: int, visitor_id: str,
           printer: str, result: str) -> None:
    """Log a badge's print job; one the printer accepted also marks the badge printed, with the
    visitor's current details (so no longer in need of a reprint)."""
    append(conn, stamp, badge_id=badge_id, serial=serial, visitor_id=visitor_id, printer=printer, result=result)
    if result == "printed":
        conn.execute("UPDATE badges SET printed_at = ?, reprint_fields = '' WHERE id = ?", (utc_now(), badge_id))


def entries(conn: sqlite3.Connection, visitor_id: str | None = None) -> list[dict[str, Any]]:
    sql = "SELECT printed_at, serial, visitor_id, printer, result, operator, desk_id FROM print_log"
    params: tuple[Any, ...] = ()
    if visitor_id is not None:
        sql += " WHERE visitor_id = ?"
        params = (visitor_id,)
    cursor = conn.execute(sql + " ORDER BY printed_at, rowid", params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]
