"""Erasing a person (issue 21): the rows that keep counting them get a pseudonym in place of
their visitor id, and the access records about them lose the free text that may name them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from typing import Any

from expo_console.domain.redaction import PSEUDONYM_PREFIX, REDACTED, pseudonym_of, redacted
from expo_console.storage import audit_repo, meetings_repo


def erased_among(conn: sqlite3.Connection, visitor_ids: set[str]) -> set[str]:
    """Those of the ids whose visitor was erased (on this desk or another): their pseudonym is in
    removed_visitors. A trace of them that arrives later is put under the pseudonym too."""
    by_pseudonym = {pseudonym_of(v): v for v in visitor_ids if v and not v.startswith(PSEUDONYM_PREFIX)}
    found: set[str] = set()
    names = list(by_pseudonym)
    for start in range(0, len(names), 500):
        chunk = names[start:start + 500]
        found.update(by_pseudonym[r[0]] for r in conn.execute(
            f"SELECT id FROM removed_visitors WHERE id IN ({', '.join('?' * len(chunk))})", chunk))
    return found


def keep_class_as(conn: sqlite3.Connection, visitor_id: str, pseudonym: str, stamps: Mapping[str, str]) -> None:
    """The visitor's class, kept for the days' figures under the pseudonym."""
    conn.execute("INSERT OR REPLACE INTO removed_visitors (id, visitor_class, source, desk_id, created_at, updated_at)"
                 " SELECT :pseudonym, visitor_class, source, :desk_id, :created_at, :updated_at FROM visitors"
                 " WHERE id = :id", {**stamps, "pseudonym": pseudonym, "id": visitor_id})


def pseudonymise(conn: sqlite3.Connection, visitor_id: str, pseudonym: str) -> dict[str, int]:
    """The visitor's scans and print-log rows under the pseudonym, the reasons their scans were
    annulled for redacted; how many of each."""
    conn.execute(f"UPDATE scan_annulments SET reason = '{REDACTED}' WHERE reason NOT IN ('', '{REDACTED}')"
                 " AND scan_id IN (SELECT id FROM scans WHERE visitor_id = ?)", (visitor_id,))
    counts = {table: conn.execute(f"UPDATE {table} SET visitor_id = ? WHERE visitor_id = ?",
                                  (pseudonym, visitor_id)).rowcount
              for table in ("scans", "print_log")}
    counts["meetings"] = meetings_repo.pseudonymise_buyer(conn, visitor_id, pseudonym)
    return counts


def audit_entries_about(conn: sqlite3.Connection, visitor_id: str) -> list[tuple[str, str, str | None, dict[str, Any]]]:
    """(id, action, entity id, detail) of every access record about the visitor (an annulled
    scan's entry of before issue 21 names the scan and has the visitor in its detail)."""
    rows = conn.execute(f"SELECT id, action, entity_id, detail_json FROM audit_log WHERE {audit_repo.ABOUT}",
                        {"about": visitor_id}).fetchall()
    return [(str(r[0]), str(r[1]), r[2], json.loads(r[3])) for r in rows]


def redact_audit_entry(conn: sqlite3.Connection, entry_id: str, pseudonym: str, detail: dict[str, Any]) -> None:
    conn.execute("UPDATE audit_log SET entity_id = ?, detail_json = ? WHERE id = ?",
                 (pseudonym, json.dumps(detail, ensure_ascii=False, sort_keys=True), entry_id))


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def badges_of(conn: sqlite3.Connection, visitor_id: str) -> list[dict[str, Any]]:
    """Every badge issued to the visitor (active, revoked), oldest first; never a code."""
    return _dicts(conn.execute("SELECT serial, reissue, code_class, status, created_at AS issued_at, revoked_at,"
                               " printed_at FROM badges WHERE visitor_id = ? ORDER BY reissue", (visitor_id,)))


def scans_of(conn: sqlite3.Connection, visitor_id: str) -> list[dict[str, Any]]:
    """Every scan of the visitor, with the gate's name, oldest first (annulled ones marked)."""
    return _dicts(conn.execute(
        "SELECT s.scanned_at, g.name AS gate, s.direction, s.verdict, s.station, s.manual,"
        " a.annulled_at FROM scans s LEFT JOIN gates g ON g.id = s.gate_id"
        " LEFT JOIN scan_annulments a ON a.scan_id = s.id WHERE s.visitor_id = ? ORDER BY s.scanned_at",
        (visitor_id,)))


# --- purging every visitor after the event (issue 21) --------------------------------------------

def purge_all(conn: sqlite3.Connection, stamps: Mapping[str, str]) -> dict[str, int]:
    """Every visitor erased at once, as `keep_class_as` + `pseudonymise` + the audit redaction do
    one: a pseudonym each, their classes kept, their scans, prints and access records under it
    (redacted as domain/redaction says), then their rows and
    badges deleted. Returns how many rows of each kind."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS erase_map (visitor_id TEXT PRIMARY KEY, pseudonym TEXT NOT NULL)")
    conn.execute("DELETE FROM temp.erase_map")
    conn.create_function("erased_pseudonym", 1, pseudonym_of, deterministic=True)
    conn.create_function("erased_detail", 2, _erased_detail, deterministic=True)
    conn.execute("INSERT INTO temp.erase_map SELECT id, erased_pseudonym(id) FROM visitors")
    conn.execute("INSERT OR REPLACE INTO removed_visitors (id, visitor_class, source, desk_id, created_at, updated_at)"
                 " SELECT m.pseudonym, v.visitor_class, v.source, :desk_id, :created_at, :updated_at"
                 " FROM visitors v JOIN temp.erase_map m ON m.visitor_id = v.id", dict(stamps))
    counts = {"visitors": int(conn.execute("SELECT count(*) FROM temp.erase_map").fetchone()[0]),
              "badges": int(conn.execute("SELECT count(*) FROM badges").fetchone()[0])}
    conn.execute(f"UPDATE scan_annulments SET reason = '{REDACTED}' WHERE reason NOT IN ('', '{REDACTED}') AND scan_id"
                 " IN (SELECT id FROM scans WHERE visitor_id IN (SELECT visitor_id FROM temp.erase_map))")
    for table in ("scans", "print_log"):
        counts[table] = conn.execute(
            f"UPDATE {table} SET visitor_id = (SELECT pseudonym FROM temp.erase_map WHERE visitor_id = {table}.visitor_id)"
            f" WHERE visitor_id IN (SELECT visitor_id FROM temp.erase_map)").rowcount
    conn.execute(f"UPDATE meetings SET note = '{REDACTED}' WHERE note NOT IN ('', '{REDACTED}')"
                 " AND buyer_id IN (SELECT visitor_id FROM temp.erase_map)")
    counts["meetings"] = conn.execute(
        "UPDATE meetings SET buyer_id = (SELECT pseudonym FROM temp.erase_map WHERE visitor_id = meetings.buyer_id)"
        " WHERE buyer_id IN (SELECT visitor_id FROM temp.erase_map)").rowcount
    # a broadcast's host is a person named on the request, and a request's note may name one; the
    # bookings and their results (companies, figures) stay for the report
    counts["booking_requests"] = conn.execute(
        f"UPDATE booking_requests SET host = CASE WHEN host = '' THEN '' ELSE '{REDACTED}' END,"
        f" note = CASE WHEN note = '' THEN '' ELSE '{REDACTED}' END"
        f" WHERE host NOT IN ('', '{REDACTED}') OR note NOT IN ('', '{REDACTED}')").rowcount
    conn.execute(f"UPDATE bookings SET note = '{REDACTED}' WHERE note NOT IN ('', '{REDACTED}')")
    counts["audit_log"] = conn.execute(
        "UPDATE audit_log SET entity_id = (SELECT pseudonym FROM temp.erase_map WHERE visitor_id = audit_log.entity_id),"
        " detail_json = erased_detail(action, detail_json)"
        " WHERE entity_id IN (SELECT visitor_id FROM temp.erase_map)").rowcount
    # an annulled scan's entry of before issue 21: the visitor in its detail, the scan as its entity
    counts["audit_log"] += conn.execute(
        "UPDATE audit_log SET entity_id = (SELECT pseudonym FROM temp.erase_map m"
        " WHERE m.visitor_id = json_extract(audit_log.detail_json, '$.visitor_id')),"
        " detail_json = json_set(erased_detail(action, detail_json), '$.scan_id', entity_id, '$.visitor_id',"
        " (SELECT pseudonym FROM temp.erase_map m WHERE m.visitor_id = json_extract(audit_log.detail_json,"
        " '$.visitor_id')))"
        f" WHERE {audit_repo.LEGACY_ANNUL} AND json_extract(detail_json, '$.visitor_id')"
        " IN (SELECT visitor_id FROM temp.erase_map)").rowcount
    conn.execute("DELETE FROM visitors")
    conn.execute("DELETE FROM temp.erase_map")
    return counts


def _erased_detail(action: str, detail_json: str) -> str:
    return json.dumps(redacted(action, json.loads(detail_json or "{}")), ensure_ascii=False, sort_keys=True)
