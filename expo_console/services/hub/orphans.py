"""Rows whose parent another desk deleted: a desk issued a badge offline for a visitor that
another desk had removed (the hub has no foreign keys, so it took both). A delete wins: the row
is dropped where it arrives, a tombstone tells the hub and the other desks to drop it too, and
the audit log says what was dropped and why. Without this, the desk's foreign keys refused
every pull (and every join) from then on."""

from __future__ import annotations

import sqlite3
from typing import Any

from expo_console.storage import audit_repo, hub_tables_repo, sync_capture
from expo_console.storage.connection import Stamp


def refuse_orphan(conn: sqlite3.Connection, stamp: Stamp, applier: hub_tables_repo.SqliteApplier, table: str,
                  key: dict[str, Any], row: dict[str, Any]) -> bool:
    """Whether a pulled row was refused for a parent this file does not have (and the hub told)."""
    parent = applier.missing_parent(table, row)
    if parent is None:
        return False
    _dropped(conn, stamp, table, key, parent)
    return True


def drop_orphans(conn: sqlite3.Connection, stamp: Stamp, keys: dict[str, list[str]]) -> int:
    """After a join's copy: drop the rows the hub held without their parent (foreign keys
    deferred, so this runs before the commit would refuse them)."""
    dropped = 0
    for table, rowid, parent in hub_tables_repo.orphans(conn):
        key = hub_tables_repo.key_of_rowid(conn, table, keys[table], rowid)
        hub_tables_repo.delete_rowid(conn, table, rowid)
        _dropped(conn, stamp, table, key, parent, deleted_here=True)
        dropped += 1
    return dropped


def _dropped(conn: sqlite3.Connection, stamp: Stamp, table: str, key: dict[str, Any], parent: str,
             deleted_here: bool = False) -> None:
    if not deleted_here:  # a row deleted here is captured already
        sync_capture.record_tombstone(conn, table, key)
    audit_repo.append(conn, stamp, "sync_orphan_dropped", table, str(next(iter(key.values()), "")),
                      {"key": key, "missing": parent, "rule": "a delete wins over a row added offline"})
