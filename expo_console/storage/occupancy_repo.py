"""Occupancy corrections: head counts taken in a zone (or the hall) that the dashboard carries
forward from the moment they were counted."""

from __future__ import annotations

import sqlite3
from typing import Any


def insert(conn: sqlite3.Connection, correction_id: str, zone_id: str, counted_at: str, count: int,
           shown_before: int | None, note: str, operator: str, desk_id: str) -> None:
    conn.execute("INSERT INTO occupancy_corrections (id, zone_id, counted_at, count, shown_before, note,"
                 " operator, desk_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                 (correction_id, zone_id, counted_at, count, shown_before, note, operator, desk_id))


def between(conn: sqlite3.Connection, start: str, end: str) -> list[tuple[str, str, str, int]]:
    """(id, zone, counted_at, count) for times in [start, end), oldest first."""
    return [(r[0], r[1], r[2], r[3]) for r in conn.execute(
        "SELECT id, zone_id, counted_at, count FROM occupancy_corrections"
        " WHERE counted_at >= ? AND counted_at < ? ORDER BY counted_at", (start, end))]


def head_counts_between(conn: sqlite3.Connection, start: str, end: str) -> list[tuple[Any, ...]]:
    """(zone_id, counted_at, count, shown_before, note, operator) for times in [start, end)."""
    return [tuple(r) for r in conn.execute(
        "SELECT zone_id, counted_at, count, shown_before, note, operator FROM occupancy_corrections"
        " WHERE counted_at >= ? AND counted_at < ? ORDER BY counted_at", (start, end))]
