"""The consultation meetings (schema 17): placements, their state on the day and their outcome."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from typing import Any

from expo_console.domain.redaction import REDACTED

COLUMNS = ("id", "day", "starts", "ends", "table_number", "buyer_id", "exhibitor_id", "interpreter_id",
           "buyer_country", "origin", "fixed", "status", "arrived_at", "amount_krw", "amount_currency",
           "amount_original", "contract_expected", "contract_krw", "note", "updated_at")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM meetings"
_ORDER = " ORDER BY day, starts, table_number"


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    return [dict(zip(COLUMNS, row, strict=True)) for row in cursor.fetchall()]


def get(conn: sqlite3.Connection, meeting_id: str) -> dict[str, Any] | None:
    rows = _rows(conn.execute(_SELECT + " WHERE id = ?", (meeting_id,)))
    return rows[0] if rows else None


def every(conn: sqlite3.Connection, *, day: str | None = None, buyer_id: str | None = None,
          exhibitor_id: str | None = None, table: int | None = None,
          interpreter_id: str | None = None) -> list[dict[str, Any]]:
    where, params = [], []
    for column, value in (("day", day), ("buyer_id", buyer_id), ("exhibitor_id", exhibitor_id),
                          ("table_number", table), ("interpreter_id", interpreter_id)):
        if value is not None:
            where.append(f"{column} = ?")
            params.append(value)
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    return _rows(conn.execute(sql + _ORDER, params))


def in_slot(conn: sqlite3.Connection, day: str, starts: str) -> list[dict[str, Any]]:
    return _rows(conn.execute(_SELECT + " WHERE day = ? AND starts = ? ORDER BY table_number", (day, starts)))


def next_for_buyer(conn: sqlite3.Connection, buyer_id: str, day: str, after: str) -> dict[str, Any] | None:
    """The buyer's first meeting of the day still to come or under way (ending after `after`,
    HH:MM), not cancelled."""
    rows = _rows(conn.execute(_SELECT + " WHERE buyer_id = ? AND day = ? AND ends > ? AND status != 'cancelled'"
                              " ORDER BY starts LIMIT 1", (buyer_id, day, after)))
    return rows[0] if rows else None


def insert(conn: sqlite3.Connection, row: Mapping[str, Any]) -> None:
    conn.execute(f"INSERT INTO meetings ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def insert_many(conn: sqlite3.Connection, rows: Iterable[Mapping[str, Any]]) -> int:
    count = 0
    for row in rows:
        insert(conn, row)
        count += 1
    return count


def update(conn: sqlite3.Connection, meeting_id: str, fields: Mapping[str, Any]) -> bool:
    """Only the fields given (a hub merges per field)."""
    names = ", ".join(f"{name} = ?" for name in fields)
    return conn.execute(f"UPDATE meetings SET {names} WHERE id = ?", (*fields.values(), meeting_id)).rowcount > 0


def delete(conn: sqlite3.Connection, meeting_id: str) -> bool:
    return conn.execute("DELETE FROM meetings WHERE id = ?", (meeting_id,)).rowcount > 0


def delete_replaceable(conn: sqlite3.Connection, days: Iterable[str]) -> list[str]:
    """The solver's meetings of those days that nothing holds (not fixed, still scheduled, nobody
    arrived) are removed before a new solve writes its own; their ids."""
    days = list(days)
    marks = ", ".join("?" * len(days))
    where = (f" WHERE day IN ({marks}) AND fixed = 0 AND status = 'scheduled' AND arrived_at IS NULL")
    ids = [str(r[0]) for r in conn.execute("SELECT id FROM meetings" + where, days)]
    conn.execute("DELETE FROM meetings" + where, days)
    return ids


def pseudonymise_buyer(conn: sqlite3.Connection, visitor_id: str, pseudonym: str) -> int:
    """An erased buyer's meetings stay (the results count them) under the pseudonym; a note,
    free text that may name them, is redacted."""
    conn.execute(f"UPDATE meetings SET note = '{REDACTED}' WHERE buyer_id = ? AND note NOT IN ('', '{REDACTED}')",
                 (visitor_id,))
    return conn.execute("UPDATE meetings SET buyer_id = ? WHERE buyer_id = ?", (pseudonym, visitor_id)).rowcount


def tables_in_use(conn: sqlite3.Connection) -> set[int]:
    return {int(r[0]) for r in conn.execute("SELECT DISTINCT table_number FROM meetings WHERE status != 'cancelled'")}


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM meetings").fetchone()[0])
