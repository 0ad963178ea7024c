"""Scans: one row per badge read (or typed code) that a gate recorded, and their annulments.

A scan is never changed or deleted (triggers refuse it). A scan made in error is annulled by a
row in scan_annulments; every figure below counts live scans only (LIVE), so an annulled scan
no longer admits, counts at a gate, or fills a zone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ScanRow:
    """A scan as written: the columns of the scans table."""

    id: str
    scanned_at: str
    station: str
    gate_id: str
    direction: str
    unreadable_input: str
    visitor_id: str | None
    badge_serial: int | None
    badge_reissue: int | None
    badge_key_id: int | None
    verdict: str
    manual: bool
    operator: str
    desk_id: str


# The condition that leaves annulled scans out, for a query naming the scans table `s`.
LIVE = "NOT EXISTS (SELECT 1 FROM scan_annulments a WHERE a.scan_id = s.id)"


def insert(conn: sqlite3.Connection, scan: ScanRow) -> None:
    conn.execute(
        "INSERT INTO scans (id, scanned_at, station, gate_id, direction, unreadable_input, visitor_id, badge_serial,"
        " badge_reissue, badge_key_id, verdict, manual, operator, desk_id)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (scan.id, scan.scanned_at, scan.station, scan.gate_id, scan.direction, scan.unreadable_input,
         scan.visitor_id, scan.badge_serial, scan.badge_reissue, scan.badge_key_id, scan.verdict,
         int(scan.manual), scan.operator, scan.desk_id))


# A badge's earlier scan as a decision reads it: scanned_at, gate_id, gate kind, direction,
# verdict, station, desk_id.
HistoryRow = tuple[str, str, str, str, str, str, str]


def history(conn: sqlite3.Connection, visitor_id: str | None, serial: int | None, start: str,
            end: str) -> list[HistoryRow]:
    """(scanned_at, gate_id, gate kind, direction, verdict, station, desk_id) of a badge's scans in
    [start, end), oldest first: those of its visitor and those of its serial (a desk that has not
    got the visitor yet records the serial alone)."""
    if visitor_id is None and serial is None:
        return []
    rows = conn.execute(history_query("?"), (visitor_id, serial, start, end)).fetchall()
    return [as_history_row(r) for r in rows]


def as_history_row(row: Sequence[Any]) -> HistoryRow:
    return (str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]), str(row[6]))


def history_query(mark: str) -> str:
    """The SQL of `history` (visitor, serial, start, end), with `mark` as its parameters'
    placeholder: the file (?) and the event hub (%s, storage/hub_scans_repo.py) ask the same
    question of the same tables."""
    return (f"SELECT s.scanned_at, s.gate_id, g.kind, s.direction, s.verdict, s.station, s.desk_id FROM scans s JOIN"
            f" gates g ON g.id = s.gate_id WHERE (s.visitor_id = {mark} OR s.badge_serial = {mark})"
            f" AND s.scanned_at >= {mark} AND s.scanned_at < {mark} AND {LIVE} ORDER BY s.scanned_at")


def count_at_gate(conn: sqlite3.Connection, gate_id: str, since: str, verdicts: Sequence[str]) -> int:
    """Scans at one gate since a time with one of the verdicts."""
    marks = ",".join("?" * len(verdicts))
    row = conn.execute(f"SELECT count(*) FROM scans s WHERE s.gate_id = ? AND s.scanned_at >= ?"
                       f" AND s.verdict IN ({marks}) AND {LIVE}", (gate_id, since, *verdicts)).fetchone()
    return int(row[0])


def net_inside(conn: sqlite3.Connection, zone_id: str | None, since: str, entry_verdicts: Sequence[str]) -> int:
    """Entries minus exits since a time at the gates of a zone (None: the hall gates)."""
    marks = ",".join("?" * len(entry_verdicts))
    where, extra = ("g.zone_id = ?", (zone_id,)) if zone_id else ("g.zone_id IS NULL", ())
    params: tuple[Any, ...] = (*entry_verdicts, since, *extra)
    row = conn.execute(
        f"SELECT coalesce(sum(CASE WHEN s.verdict IN ({marks}) THEN 1 WHEN s.verdict = 'exit_recorded' THEN -1"
        f" ELSE 0 END), 0) FROM scans s JOIN gates g ON g.id = s.gate_id WHERE s.scanned_at >= ? AND {where}"
        f" AND {LIVE}",
        params).fetchone()
    return int(row[0])


def latest_scanned_at(conn: sqlite3.Connection) -> str | None:
    """When the last recorded scan was made."""
    row = conn.execute("SELECT scanned_at FROM scans ORDER BY rowid DESC LIMIT 1").fetchone()
    return None if row is None else str(row[0])


# A scan as the traffic figures read it: rowid, scanned_at, station, gate_id, direction,
# visitor_id, verdict, visitor class (a deleted visitor's class is kept in removed_visitors).
TrafficScan = tuple[int, str, str, str, str, str | None, str, str | None]
_TRAFFIC_COLUMNS = ("SELECT s.rowid, s.scanned_at, s.station, s.gate_id, s.direction, s.visitor_id, s.verdict,"
                    " COALESCE(v.visitor_class, r.visitor_class) FROM scans s"
                    " LEFT JOIN visitors v ON v.id = s.visitor_id LEFT JOIN removed_visitors r ON r.id = s.visitor_id")


def count_between(conn: sqlite3.Connection, start: str, end: str) -> int:
    row = conn.execute("SELECT count(*) FROM scans WHERE scanned_at >= ? AND scanned_at < ?", (start, end)).fetchone()
    return int(row[0])


def max_rowid(conn: sqlite3.Connection) -> int:
    """The rowid of the last scan (rowids only grow: scans are never deleted)."""
    return int(conn.execute("SELECT COALESCE(max(rowid), 0) FROM scans").fetchone()[0])


def traffic_batches(conn: sqlite3.Connection, start: str, end: str, up_to_rowid: int,
                    batch: int) -> Iterator[list[TrafficScan]]:
    """The scans of [start, end) up to a rowid, in time order, a batch at a time."""
    cursor = conn.execute(_TRAFFIC_COLUMNS + " WHERE s.scanned_at >= ? AND s.scanned_at < ?"
                          f" AND s.rowid <= ? AND {LIVE} ORDER BY s.scanned_at", (start, end, up_to_rowid))
    while rows := cursor.fetchmany(batch):
        yield [tuple(r) for r in rows]


def traffic_after(conn: sqlite3.Connection, rowid: int) -> list[TrafficScan]:
    """The scans recorded after a rowid, in rowid order."""
    rows = conn.execute(_TRAFFIC_COLUMNS + f" WHERE s.rowid > ? AND {LIVE} ORDER BY s.rowid", (rowid,)).fetchall()
    return [tuple(r) for r in rows]


def get(conn: sqlite3.Connection, scan_id: str) -> dict[str, Any] | None:
    """A recorded scan with its annulment (annulled_at, annul_reason …, None when live)."""
    row = conn.execute(
        "SELECT s.id, s.scanned_at, s.station, s.gate_id, s.direction, s.unreadable_input, s.visitor_id,"
        " s.badge_serial, s.badge_reissue, s.badge_key_id, s.verdict, s.manual, s.operator, s.desk_id,"
        " a.annulled_at, a.reason, a.operator"
        " FROM scans s LEFT JOIN scan_annulments a ON a.scan_id = s.id WHERE s.id = ?", (scan_id,)).fetchone()
    if row is None:
        return None
    keys = ("id", "scanned_at", "station", "gate_id", "direction", "unreadable_input", "visitor_id", "badge_serial",
            "badge_reissue", "badge_key_id", "verdict", "manual", "operator", "desk_id", "annulled_at", "annul_reason",
            "annulled_by")
    return dict(zip(keys, row, strict=True))


def annul(conn: sqlite3.Connection, scan_id: str, at: str, station: str, reason: str, operator: str,
          desk_id: str) -> None:
    conn.execute("INSERT INTO scan_annulments (scan_id, annulled_at, station, reason, operator, desk_id)"
                 " VALUES (?, ?, ?, ?, ?, ?)", (scan_id, at, station, reason, operator, desk_id))


def annulment_count(conn: sqlite3.Connection, start: str, end: str) -> int:
    """How many scans of [start, end) were annulled (grows only): a day's figures replay when it
    changes, and an annulment on another day leaves them alone."""
    row = conn.execute("SELECT count(*) FROM scan_annulments a JOIN scans s ON s.id = a.scan_id"
                       " WHERE s.scanned_at >= ? AND s.scanned_at < ?", (start, end)).fetchone()
    return int(row[0])


def annulled_among(conn: sqlite3.Connection, scan_ids: Sequence[str]) -> set[str]:
    """Which of these scans were annulled (for a list of recent scans)."""
    if not scan_ids:
        return set()
    marks = ",".join("?" * len(scan_ids))
    rows = conn.execute(f"SELECT scan_id FROM scan_annulments WHERE scan_id IN ({marks})", tuple(scan_ids))
    return {str(r[0]) for r in rows}


# --- admission conflicts (issue 16) ---------------------------------------------------------------

# A badge as the conflict check groups scans: '#' and its serial (every desk reads it from the
# code, whether it has the visitor yet or not), else its visitor (admitted by hand, no badge).
BADGE_KEY = "COALESCE('#' || s.badge_serial, s.visitor_id)"
# A scan as the conflict check reads it: badge key, id, scanned_at, gate_id, gate kind, direction,
# verdict, station, desk_id, manual, visitor_id.
BadgeScanRow = tuple[str, str, str, str, str, str, str, str, str, bool, str | None]
BADGE_SCANS = (f"SELECT {BADGE_KEY}, s.id, s.scanned_at, s.gate_id, g.kind, s.direction, s.verdict, s.station,"
               " s.desk_id, s.manual, s.visitor_id FROM scans s JOIN gates g ON g.id = s.gate_id")


def as_badge_scan_row(row: Sequence[Any]) -> BadgeScanRow:
    return (str(row[0]), str(row[1]), str(row[2]), str(row[3]), str(row[4]), str(row[5]), str(row[6]),
            str(row[7]), str(row[8]), bool(row[9]), None if row[10] is None else str(row[10]))


def admitted_at_two_desks(conn: sqlite3.Connection, start: str, end: str,
                          entry_verdicts: Sequence[str]) -> list[BadgeScanRow]:
    """Every scan in [start, end) of the badges let in at two or more desks in that time, by badge
    and then time (the only badges that can have a conflict; annulled scans left out)."""
    marks = ",".join("?" * len(entry_verdicts))
    rows = conn.execute(
        f"{BADGE_SCANS} WHERE s.scanned_at >= ? AND s.scanned_at < ? AND {LIVE} AND {BADGE_KEY} IN ("
        f"SELECT {BADGE_KEY} FROM scans s WHERE s.scanned_at >= ? AND s.scanned_at < ? AND s.verdict IN ({marks})"
        f" AND {LIVE} AND {BADGE_KEY} IS NOT NULL GROUP BY 1 HAVING count(DISTINCT s.desk_id) > 1)"
        " ORDER BY 1, s.scanned_at", (start, end, start, end, *entry_verdicts)).fetchall()
    return [as_badge_scan_row(r) for r in rows]
