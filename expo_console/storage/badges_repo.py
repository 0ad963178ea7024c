"""Badges: one active badge per visitor (earlier ones revoked by a reissue)."""

from __future__ import annotations

import sqlite3
from typing import Any

RECORD_COLUMNS = ("id", "visitor_id", "serial", "reissue", "key_id", "code_class", "status", "printed_at",
                  "reprint_fields")
_RECORD_SQL = ", ".join(RECORD_COLUMNS)


def active_record(conn: sqlite3.Connection, visitor_id: str) -> tuple[Any, ...] | None:
    """The visitor's active badge as RECORD_COLUMNS."""
    row = conn.execute(f"SELECT {_RECORD_SQL} FROM badges WHERE visitor_id = ? AND status = 'active'",
                       (visitor_id,)).fetchone()
    return None if row is None else tuple(row)


def printed_active(conn: sqlite3.Connection, visitor_id: str) -> tuple[str, str] | None:
    """(id, reprint_fields) of the visitor's active badge when it has been printed."""
    row = conn.execute("SELECT id, reprint_fields FROM badges WHERE visitor_id = ? AND status = 'active'"
                       " AND printed_at IS NOT NULL", (visitor_id,)).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def set_reprint_fields(conn: sqlite3.Connection, badge_id: str, fields: str) -> None:
    conn.execute("UPDATE badges SET reprint_fields = ? WHERE id = ?", (fields, badge_id))


def highest_serial(conn: sqlite3.Connection, low: int, high: int) -> int | None:
    """The highest serial issued in [low, high]."""
    row = conn.execute("SELECT max(serial) FROM badges WHERE serial BETWEEN ? AND ?", (low, high)).fetchone()
    return None if row[0] is None else int(row[0])


def revoke(conn: sqlite3.Connection, badge_id: str, at: str) -> None:
    conn.execute("UPDATE badges SET status = 'revoked', revoked_at = ? WHERE id = ?", (at, badge_id))


def insert_active(conn: sqlite3.Connection, values: dict[str, Any]) -> None:
    """values: id, visitor_id, serial, reissue, key_id, code_class, desk_id, created_at, updated_at."""
    conn.execute(
        "INSERT INTO badges (id, visitor_id, serial, reissue, key_id, code_class, status, desk_id, created_at,"
        " updated_at) VALUES (:id, :visitor_id, :serial, :reissue, :key_id, :code_class, 'active', :desk_id,"
        " :created_at, :updated_at)", values)


def holder(conn: sqlite3.Connection, serial: int, reissue: int, key_id: int, code_class: str) -> tuple[str, str] | None:
    """(visitor_id, status) of the badge with these code fields."""
    row = conn.execute("SELECT visitor_id, status FROM badges WHERE serial = ? AND reissue = ? AND key_id = ?"
                       " AND code_class = ?", (serial, reissue, key_id, code_class)).fetchone()
    return None if row is None else (str(row[0]), str(row[1]))


def cancel_visitor_badges(conn: sqlite3.Connection, visitor_id: str, reason: str, at: str, operator: str,
                          desk_id: str, recorded_as: str | None = None) -> int:
    """Keep every badge of a visitor about to be deleted as cancelled (under `recorded_as`, the
    erased visitor's pseudonym, when given); returns how many."""
    return conn.execute(
        "INSERT OR IGNORE INTO cancelled_badges (serial, reissue, key_id, visitor_id, cancelled_at, reason, operator,"
        " desk_id) SELECT serial, reissue, key_id, ?, ?, ?, ?, ? FROM badges WHERE visitor_id = ?",
        (recorded_as or visitor_id, at, reason, operator, desk_id, visitor_id)).rowcount


def cancelled(conn: sqlite3.Connection, serial: int, reissue: int, key_id: int) -> dict[str, Any] | None:
    """When, why and by whom a deleted visitor's badge was cancelled; None if it was not."""
    row = conn.execute("SELECT visitor_id, cancelled_at, reason, operator FROM cancelled_badges"
                       " WHERE serial = ? AND reissue = ? AND key_id = ?", (serial, reissue, key_id)).fetchone()
    if row is None:
        return None
    return {"visitor_id": row[0], "cancelled_at": row[1], "reason": row[2], "operator": row[3]}
