"""Operators: the people who sign in at a desk, their role, and their PIN's slow hash."""

from __future__ import annotations

import sqlite3
from typing import Any

COLUMNS = ("id", "name", "role", "pin_hash", "demo", "failed_tries", "locked_until", "disabled", "created_at",
           "created_by")


def insert(conn: sqlite3.Connection, row: dict[str, Any]) -> None:
    conn.execute(f"INSERT INTO operators ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def by_name(conn: sqlite3.Connection, name: str) -> dict[str, Any] | None:
    """The operator of that name (letter case aside)."""
    cursor = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM operators WHERE name = ?", (name.strip(),))
    row = cursor.fetchone()
    return dict(zip(COLUMNS, row, strict=True)) if row else None


def every(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM operators ORDER BY name").fetchall()
    return [dict(zip(COLUMNS, r, strict=True)) for r in rows]


def last_sign_ins(conn: sqlite3.Connection) -> dict[str, str]:
    """Each operator's latest sign-in (operator id → UTC ISO time), from the access records."""
    rows = conn.execute("SELECT entity_id, max(at) FROM audit_log WHERE entity = 'operator' AND action = 'sign_in'"
                        " GROUP BY entity_id").fetchall()
    return {str(r[0]): str(r[1]) for r in rows}


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM operators WHERE disabled = 0").fetchone()[0])


def set_fields(conn: sqlite3.Connection, operator_id: str, **fields: Any) -> None:
    """Only the fields given (a desk's sync merges per field)."""
    names = ", ".join(f"{name} = ?" for name in fields)
    conn.execute(f"UPDATE operators SET {names} WHERE id = ?", (*fields.values(), operator_id))
