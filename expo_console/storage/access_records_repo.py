"""Reading the access records (the audit log) for an organizer (issue 21): a page at a time,
newest first, filtered by operator, action, person and time, each filter one index walk (schema
15), so that the newest page of 100,000 entries or more is read in a millisecond or two."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

# Entries made while nobody was signed in at the desk, whoever's name the desk went by.
NOT_SIGNED_IN = ("sign_in_failed", "operator_locked")

# The role an entry was made with: the one its operator signed in with at that desk before it (a
# stamp's role is fixed at sign-in); else the operator's role today; '' for nobody signed in.
_ROLE = (f"CASE WHEN a.action IN {NOT_SIGNED_IN!r} THEN '' ELSE COALESCE("
         "(SELECT json_extract(s.detail_json, '$.role') FROM audit_log s WHERE s.action = 'sign_in'"
         " AND s.operator = a.operator AND s.desk_id = a.desk_id AND (s.at, s.rowid) <= (a.at, a.rowid)"
         " ORDER BY s.at DESC, s.rowid DESC LIMIT 1),"
         " (SELECT o.role FROM operators o WHERE o.name = a.operator), '') END")
# Whom an entry is about: a visitor (their id, or their pseudonym once erased) or an operator.
# (an annulled scan's entry of before issue 21 has its visitor in the detail: audit_repo.LEGACY_ANNUL)
_PERSON = ("CASE WHEN a.entity IN ('visitor', 'operator') THEN a.entity_id"
           " WHEN a.action = 'annul_scan' AND a.entity = 'scan' THEN json_extract(a.detail_json, '$.visitor_id') END")
_COLUMNS = ("SELECT a.id, a.at, a.desk_id, a.operator, a.action, a.entity, a.entity_id, a.detail_json,"
            f" {_ROLE} AS role, {_PERSON} AS person_id, a.rowid FROM audit_log a")
_KEYS = ("id", "at", "desk_id", "operator", "action", "entity", "entity_id", "detail", "role", "person_id", "seq")
# Newest first: by time, then as written (entries of one millisecond; ids are random within it).
_NEWEST_FIRST = " ORDER BY a.at DESC, a.rowid DESC"


@dataclass(frozen=True)
class RecordQuery:
    """Which entries: every one by default. `people` None is anyone; an empty tuple is nobody (a
    person typed who matches no one). Times are stored stamps (UTC); `until` is exclusive."""

    operator: str | None = None
    actions: tuple[str, ...] = ()
    people: tuple[str, ...] | None = None
    since: str | None = None
    until: str | None = None


def _where(query: RecordQuery) -> tuple[str, dict[str, Any]]:
    clauses: list[str] = []
    params: dict[str, Any] = {}
    if query.operator is not None:
        clauses.append("a.operator = :operator")
        params["operator"] = query.operator
    if len(query.actions) == 1:  # one action: its index gives the order as well
        clauses.append("a.action = :action")
        params["action"] = query.actions[0]
    elif query.actions:
        clauses.append("a.action IN (SELECT value FROM json_each(:actions))")
        params["actions"] = json.dumps(list(query.actions))
    if query.people is not None:
        clauses.append("((a.entity IN ('visitor', 'operator', 'scan') AND a.entity_id IN"
                       " (SELECT value FROM json_each(:people))) OR (a.action = 'annul_scan' AND a.entity = 'scan'"
                       " AND json_extract(a.detail_json, '$.visitor_id') IN (SELECT value FROM json_each(:people))))")
        params["people"] = json.dumps(list(query.people))
    if query.since is not None:
        clauses.append("a.at >= :since")
        params["since"] = query.since
    if query.until is not None:
        clauses.append("a.at < :until")
        params["until"] = query.until
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _rows(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    out = []
    for row in cursor:
        entry = dict(zip(_KEYS, row, strict=True))
        entry["detail"] = json.loads(entry["detail"] or "{}")
        out.append(entry)
    return out


def page(conn: sqlite3.Connection, query: RecordQuery, *, before: tuple[str, int] | None = None,
         limit: int = 200) -> list[dict[str, Any]]:
    """Up to `limit` entries, newest first, older than `before` (the (at, seq) of the last entry
    of the page before); each with the role it was made with and the person it is about."""
    where, params = _where(query)
    if before is not None:
        where += (" AND" if where else " WHERE") + " (a.at, a.rowid) < (:before_at, :before_seq)"
        params.update(before_at=before[0], before_seq=before[1])
    params["limit"] = limit
    return _rows(conn.execute(f"{_COLUMNS}{where}{_NEWEST_FIRST} LIMIT :limit", params))


def every(conn: sqlite3.Connection, query: RecordQuery, batch: int = 2000) -> Iterator[list[dict[str, Any]]]:
    """Every matching entry, newest first, a batch at a time (an export of any size)."""
    before: tuple[str, int] | None = None
    while rows := page(conn, query, before=before, limit=batch):
        yield rows
        before = (rows[-1]["at"], rows[-1]["seq"])


def count(conn: sqlite3.Connection, query: RecordQuery) -> int:
    where, params = _where(query)
    return int(conn.execute(f"SELECT count(*) FROM audit_log a{where}", params).fetchone()[0])


def operators_in_log(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT operator FROM audit_log ORDER BY operator")]


def actions_in_log(conn: sqlite3.Connection) -> list[str]:
    return [str(r[0]) for r in conn.execute("SELECT DISTINCT action FROM audit_log ORDER BY action")]


def operator_spelling(conn: sqlite3.Connection, name: str) -> str | None:
    """An operator's name as the log writes it (operators' names compare without case)."""
    row = conn.execute("SELECT name FROM operators WHERE name = ?", (name,)).fetchone()
    return None if row is None else str(row[0])


def _like(text: str) -> str:
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def people_matching(conn: sqlite3.Connection, text: str, digits: str, limit: int) -> list[str]:
    """Ids of the visitors whose name, English name or e-mail holds `text`, or whose phone holds
    `digits` (when given), or whose id it is; and of the operators so named. At most `limit`."""
    params = {"like": _like(text), "digits": _like(digits) if digits else None, "exact": text, "limit": limit}
    visitors = conn.execute(
        "SELECT id FROM visitors WHERE id = :exact OR name LIKE :like ESCAPE '\\' OR name_en LIKE :like ESCAPE '\\'"
        " OR email LIKE :like ESCAPE '\\' OR (:digits IS NOT NULL AND phone_digits LIKE :digits ESCAPE '\\')"
        " LIMIT :limit", params)
    found = [str(r[0]) for r in visitors]
    operators = conn.execute("SELECT id FROM operators WHERE id = :exact OR name LIKE :like ESCAPE '\\' LIMIT :limit",
                             params)
    return (found + [str(r[0]) for r in operators])[:limit]


def pseudonyms_starting(conn: sqlite3.Connection, prefix: str, limit: int) -> list[str]:
    """The erased visitors' pseudonyms in the log that begin with `prefix` (one index range)."""
    rows = conn.execute("SELECT DISTINCT entity_id FROM audit_log WHERE entity IN ('visitor', 'scan')"
                        " AND entity_id >= ? AND entity_id < ? LIMIT ?", (prefix, prefix + "\uffff", limit))
    return [str(r[0]) for r in rows]


def names_of(conn: sqlite3.Connection, ids: Sequence[str]) -> dict[str, str]:
    """The name of each visitor or operator among `ids` that still exists."""
    if not ids:
        return {}
    chosen = json.dumps(list(set(ids)))
    rows = conn.execute("SELECT id, name FROM visitors WHERE id IN (SELECT value FROM json_each(?))"
                        " UNION ALL SELECT id, name FROM operators WHERE id IN (SELECT value FROM json_each(?))",
                        (chosen, chosen))
    return {str(r[0]): str(r[1]) for r in rows}


def operator_ids(conn: sqlite3.Connection) -> set[str]:
    return {str(r[0]) for r in conn.execute("SELECT id FROM operators")}


def desk_names(conn: sqlite3.Connection) -> dict[str, str]:
    return {str(r[0]): str(r[1]) for r in conn.execute("SELECT id, name FROM desks WHERE name != ''")}


def entries_between(conn: sqlite3.Connection, since: str, until: str, actions: Sequence[str]) -> list[dict[str, Any]]:
    """The entries of these actions in [since, until), oldest first (the daily check: no role or
    person is looked up)."""
    cursor = conn.execute(
        "SELECT a.id, a.at, a.desk_id, a.operator, a.action, a.entity, a.entity_id, a.detail_json, '', NULL, a.rowid"
        " FROM audit_log a WHERE a.action IN (SELECT value FROM json_each(:actions)) AND a.at >= :since"
        " AND a.at < :until ORDER BY a.at, a.rowid", {"actions": json.dumps(list(actions)), "since": since, "until": until})
    return _rows(cursor)


def per_operator(conn: sqlite3.Connection, action: str, since: str, until: str) -> list[dict[str, Any]]:
    """For each operator, how many entries of `action` in [since, until), and between when: in
    `visitors` an entry about no one person counts the rows its detail names (the simulated
    visitors removed at once)."""
    cursor = conn.execute(
        "SELECT operator, count(*), sum(CASE WHEN entity_id IS NULL THEN coalesce(json_extract(detail_json,"
        " '$.rows'), 0) ELSE 1 END), min(at), max(at) FROM audit_log WHERE action = ? AND at >= ? AND at < ?"
        " GROUP BY operator ORDER BY operator", (action, since, until))
    return [dict(zip(("operator", "entries", "visitors", "first", "last"), row, strict=True)) for row in cursor]
