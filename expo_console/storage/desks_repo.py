"""Desks: the machines that have opened this event file, and their badge serial slots."""

from __future__ import annotations

import sqlite3


def touch(conn: sqlite3.Connection, desk_id: str, now: str) -> None:
    """Record the desk's visit (first seen, last seen)."""
    conn.execute(
        "INSERT INTO desks (id, name, first_seen_at, last_seen_at) VALUES (?, '', ?, ?)"
        " ON CONFLICT(id) DO UPDATE SET last_seen_at = excluded.last_seen_at",
        (desk_id, now, now),
    )


def slot_holder(conn: sqlite3.Connection, slot: int, other_than: str) -> str | None:
    """The desk (other than the given one) that holds a serial slot."""
    row = conn.execute("SELECT id FROM desks WHERE slot = ? AND id != ?", (slot, other_than)).fetchone()
    return None if row is None else str(row[0])


def set_slot(conn: sqlite3.Connection, desk_id: str, slot: int) -> None:
    conn.execute("UPDATE desks SET slot = ? WHERE id = ?", (slot, desk_id))


def give_next_slot(conn: sqlite3.Connection, desk_id: str) -> None:
    """The next free slot, for a desk that has none yet."""
    conn.execute("UPDATE desks SET slot = (SELECT coalesce(max(slot), 0) + 1 FROM desks)"
                 " WHERE id = ? AND slot IS NULL", (desk_id,))


def slot(conn: sqlite3.Connection, desk_id: str) -> int | None:
    row = conn.execute("SELECT slot FROM desks WHERE id = ?", (desk_id,)).fetchone()
    return None if row is None or row[0] is None else int(row[0])


def slots(conn: sqlite3.Connection) -> dict[str, int]:
    """Every desk of the file that has a serial slot, with it."""
    return {str(r[0]): int(r[1]) for r in conn.execute("SELECT id, slot FROM desks WHERE slot IS NOT NULL")}
