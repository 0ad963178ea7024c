"""What the consultation zone needs on the day, read in few statements: the gate's zone, a buyer's
next meeting for the gate (on its hot path: one indexed statement), a slot's tables for the
coordinator's board, and where the slot's buyers were last let in. Reads only: the meetings are
written by meetings_repo."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from expo_console.storage import meetings_repo
from expo_console.storage.scans_repo import LIVE

_ENTRY_VERDICTS = "('admitted', 'admitted_unknown_serial')"


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def gate_zone_kind(conn: sqlite3.Connection, gate_id: str) -> str | None:
    """The kind of the zone a gate leads into ('consultation' …); None for a hall gate."""
    row = conn.execute("SELECT z.kind FROM gates g JOIN zones z ON z.id = g.zone_id WHERE g.id = ?",
                       (gate_id,)).fetchone()
    return None if row is None else str(row[0])


def next_for_gate(conn: sqlite3.Connection, buyer_id: str, day: str, after: str) -> dict[str, Any] | None:
    """The buyer's meeting under way or next on `day` (ending after `after`, HH:MM) that is still to
    be held (scheduled, or marked no-show: a late buyer is still sent to the table), with the
    exhibitor's names and booth and the interpreter's name. Served by meetings_buyer."""
    rows = _rows(conn.execute(
        "SELECT m.id, m.starts, m.ends, m.table_number, m.status, m.arrived_at, e.name AS exhibitor,"
        " e.name_en AS exhibitor_en,"
        " coalesce((SELECT min(b.number) FROM booths b WHERE b.exhibitor_id = m.exhibitor_id), '') AS booth,"
        " coalesce(i.name, '') AS interpreter"
        " FROM meetings m JOIN exhibitors e ON e.id = m.exhibitor_id"
        " LEFT JOIN interpreters i ON i.id = m.interpreter_id"
        " WHERE m.buyer_id = ? AND m.day = ? AND m.ends > ? AND m.status IN ('scheduled', 'no_show')"
        " ORDER BY m.starts LIMIT 1", (buyer_id, day, after)))
    return rows[0] if rows else None


def slot_rows(conn: sqlite3.Connection, day: str, starts: str) -> list[dict[str, Any]]:
    """The meetings of one slot (every column of meetings_repo.COLUMNS), by table, with the
    buyer's, the exhibitor's and the interpreter's names (a buyer erased since keeps the
    pseudonym and no name)."""
    columns = ", ".join(f"m.{c}" for c in meetings_repo.COLUMNS)
    return _rows(conn.execute(
        f"SELECT {columns}, coalesce(v.name, '') AS buyer, coalesce(v.name_en, '') AS buyer_en,"
        " coalesce(v.company, '') AS company, e.name AS exhibitor, e.name_en AS exhibitor_en,"
        " coalesce((SELECT min(b.number) FROM booths b WHERE b.exhibitor_id = m.exhibitor_id), '') AS booth,"
        " coalesce(i.name, '') AS interpreter"
        " FROM meetings m JOIN exhibitors e ON e.id = m.exhibitor_id"
        " LEFT JOIN visitors v ON v.id = m.buyer_id LEFT JOIN interpreters i ON i.id = m.interpreter_id"
        " WHERE m.day = ? AND m.starts = ? ORDER BY m.table_number, m.status = 'cancelled'", (day, starts)))


def taken_per_slot(conn: sqlite3.Connection, day: str) -> dict[str, int]:
    """Slot start (HH:MM) → the tables its meetings take (cancelled ones free their table)."""
    return {str(r[0]): int(r[1]) for r in conn.execute(
        "SELECT starts, count(DISTINCT table_number) FROM meetings WHERE day = ? AND status != 'cancelled'"
        " GROUP BY starts", (day,))}


def latest_admissions(conn: sqlite3.Connection, visitor_ids: Sequence[str], start: str,
                      end: str) -> dict[str, tuple[str, str]]:
    """visitor → (where, scanned_at) of their latest live admission in [start, end): where is
    'consultation' for the consultation zone's gate, 'hall' for anywhere else."""
    if not visitor_ids:
        return {}
    marks = ", ".join("?" * len(visitor_ids))
    found: dict[str, tuple[str, str]] = {}
    for visitor, zone_kind, at in conn.execute(
            "SELECT s.visitor_id, coalesce(z.kind, '') = 'consultation', max(s.scanned_at) FROM scans s"
            " JOIN gates g ON g.id = s.gate_id LEFT JOIN zones z ON z.id = g.zone_id"
            f" WHERE s.visitor_id IN ({marks}) AND s.scanned_at >= ? AND s.scanned_at < ?"
            f" AND s.direction = 'in' AND s.verdict IN {_ENTRY_VERDICTS} AND {LIVE}"
            " GROUP BY s.visitor_id, 2", (*visitor_ids, start, end)):
        where = "consultation" if zone_kind else "hall"
        if visitor not in found or found[visitor][0] != "consultation" and where == "consultation":
            found[visitor] = (where, str(at))
    return found


def arrival_made_by(conn: sqlite3.Connection, buyer_id: str, scanned_at: str) -> str | None:
    """The meeting whose arrival a scan at the zone's gate recorded (its arrival time is the
    scan's), still only arrived: the scan's annulment takes it back."""
    row = conn.execute("SELECT id FROM meetings WHERE buyer_id = ? AND arrived_at = ? AND status = 'scheduled'",
                       (buyer_id, scanned_at)).fetchone()
    return None if row is None else str(row[0])
