"""The audit log of every change to (and every reveal of) personal data."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from expo_console.domain.ids import new_id
from expo_console.storage.connection import Stamp, utc_now


def append(conn: sqlite3.Connection, stamp: Stamp, action: str, entity: str,
           entity_id: str | None, detail: dict[str, Any] | None = None) -> None:
    conn.execute(
        "INSERT INTO audit_log (id, at, desk_id, operator, action, entity, entity_id, detail_json)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (new_id(), utc_now(), stamp.desk_id, stamp.operator, action, entity, entity_id,
         json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)),
    )


# Until issue 21 an annulled scan's entry named the scan as its entity and its visitor only in the
# detail: such an entry is about that visitor too (for their data on request, and their erasure).
LEGACY_ANNUL = "action = 'annul_scan' AND entity = 'scan'"
ABOUT = f"(entity_id = :about OR ({LEGACY_ANNUL} AND json_extract(detail_json, '$.visitor_id') = :about))"


def entries(conn: sqlite3.Connection, entity_id: str | None = None) -> list[dict[str, Any]]:
    """Every entry, oldest first; or those about one entity (a visitor, an operator, a run …)."""
    sql = "SELECT at, desk_id, operator, action, entity, entity_id, detail_json FROM audit_log"
    params: dict[str, Any] = {}
    if entity_id is not None:
        sql += " WHERE " + ABOUT
        params = {"about": entity_id}
    rows = conn.execute(sql + " ORDER BY at, rowid", params).fetchall()
    keys = ("at", "desk_id", "operator", "action", "entity", "entity_id", "detail")
    return [dict(zip(keys, (*r[:6], json.loads(r[6])), strict=True)) for r in rows]


def last_entry(conn: sqlite3.Connection, action: str) -> dict[str, Any] | None:
    """The latest entry of one action (the last purge, for its certificate made again), or None."""
    row = conn.execute("SELECT at, desk_id, operator, action, entity, entity_id, detail_json FROM audit_log"
                       " WHERE action = ? ORDER BY at DESC, rowid DESC LIMIT 1", (action,)).fetchone()
    if row is None:
        return None
    keys = ("at", "desk_id", "operator", "action", "entity", "entity_id", "detail")
    return dict(zip(keys, (*row[:6], json.loads(row[6])), strict=True))
