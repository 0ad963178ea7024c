"""Admissions decided on the hub (issue 16): a badge's lock, its scans as the hub has them, and
a scan recorded on the hub in the same transaction.

Twenty stations on twenty machines admit a badge once only if each decision reads the badge's
scans and records its own under one lock: a transaction-level advisory lock named by the badge
(its visitor, else its serial), held until the transaction commits. The scan goes into the hub's
`scans` table and into the change log as the desk's own change (a negative desk sequence, so it
never meets the desk's outbox numbers), so the other desks pull it and this desk, which writes it
to its file itself, does not.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from expo_console.storage.hub_repo import CHANGED_CHANNEL, CHANGES, PUSH_LOCK
from expo_console.storage.scans_repo import (
    BADGE_KEY,
    BADGE_SCANS,
    LIVE,
    BadgeScanRow,
    HistoryRow,
    ScanRow,
    as_badge_scan_row,
    as_history_row,
    history_query,
)


def index_scans(pg: Any) -> None:
    """The hub's scans by badge and time: each gate decision reads one badge's day (as the file's
    scans_visitor_time index serves a desk), and so does the conflict check."""
    pg.execute("CREATE INDEX IF NOT EXISTS scans_visitor_time ON scans (visitor_id, scanned_at)")
    pg.execute("CREATE INDEX IF NOT EXISTS scans_serial_time ON scans (badge_serial, scanned_at)")


def lock_badge(pg: Any, visitor_id: str | None, serial: int | None) -> None:
    """Until the caller's transaction ends, no other desk decides on this badge. Named by its
    serial, which every desk reads from the code (a desk may not have the visitor yet); a visitor
    admitted by hand without a badge, by the visitor."""
    name = f"badge:{serial}" if serial is not None else f"visitor:{visitor_id}"
    pg.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (name,))


def history(pg: Any, visitor_id: str | None, serial: int | None, start: str,
            end: str) -> list[HistoryRow]:
    """As scans_repo.history, from the hub: (scanned_at, gate_id, gate kind, direction, verdict,
    station, desk_id) of the badge's scans in [start, end), oldest first, annulled ones left out."""
    if visitor_id is None and serial is None:
        return []
    rows = pg.execute(history_query("%s"), (visitor_id, serial, start, end)).fetchall()
    return [as_history_row(r) for r in rows]


def record(pg: Any, desk_id: str, scan: ScanRow) -> int:
    """The scan on the hub and in its change log (inside the caller's transaction); its hub sequence."""
    from psycopg.types.json import Jsonb

    row = {**dataclasses.asdict(scan), "manual": int(scan.manual)}
    columns = list(row)
    pg.execute(f"INSERT INTO scans ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})",
               tuple(row.values()))
    pg.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK,))  # sequence numbers commit in order
    seq = pg.execute(
        f"INSERT INTO {CHANGES} (desk_id, desk_seq, tbl, pk, op, cols, row_data) SELECT %s,"
        f" COALESCE((SELECT min(desk_seq) FROM {CHANGES} WHERE desk_id = %s AND desk_seq < 0), 0) - 1,"
        " 'scans', %s, 'upsert', NULL, %s RETURNING seq", (desk_id, desk_id, Jsonb({"id": scan.id}), Jsonb(row))
    ).fetchone()[0]
    pg.execute("SELECT pg_notify(%s, %s)", (CHANGED_CHANNEL, desk_id))
    return int(seq)


def badge_scans(pg: Any, badges: list[str], start: str, end: str) -> list[BadgeScanRow]:
    """As scans_repo.admitted_at_two_desks, from the hub, for the badges named (scans_repo.BADGE_KEY):
    their scans in [start, end) as every desk recorded them, by badge and then time."""
    rows = pg.execute(f"{BADGE_SCANS} WHERE {BADGE_KEY} = ANY(%s) AND s.scanned_at >= %s AND s.scanned_at < %s"
                      f" AND {LIVE} ORDER BY 1, s.scanned_at", (badges, start, end)).fetchall()
    return [as_badge_scan_row(r) for r in rows]
