"""Visitor rows: the SQL that registration, import and search need. Callers own transactions."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from expo_console.domain.visitors import SIMULATED_SOURCE
from expo_console.storage import scans_repo

VISITOR_FIELDS = (
    "id", "name", "name_en", "company", "title", "visitor_class", "phone", "phone_digits",
    "email", "email_key", "person_key", "country", "notes", "source", "blocked", "blocked_reason",
    "consent_required_at", "consent_required_version", "consent_provision_at",
    "consent_provision_version", "consent_marketing_at", "consent_marketing_version",
    "registration_status", "registered_at",
    "desk_id", "created_at", "updated_at",
)
CONSENT_FIELDS = VISITOR_FIELDS[16:22]
# What a row inserted without them gets: registered, time unknown.
_DEFAULTS = {"registration_status": "registered", "registered_at": None}
_INSERT_SQL = (
    f"INSERT INTO visitors ({', '.join(VISITOR_FIELDS)}) "
    f"VALUES ({', '.join(':' + f for f in VISITOR_FIELDS)})"
)

# A visitor's badge print state: never printed, printed, printed but a printed detail changed
# since (the active badge's reprint_fields), so the desk must print it again, or not printed yet
# but its job is in the print system (sent).
PRINT_NONE, PRINT_CURRENT, PRINT_OUTDATED, PRINT_SENT = 0, 1, 2, 3
PRINT_STATE_SQL = f"""coalesce((SELECT max(CASE WHEN b.status = 'active' AND b.reprint_fields != ''
                                  THEN {PRINT_OUTDATED} ELSE {PRINT_CURRENT} END)
           FROM badges b WHERE b.visitor_id = v.id AND b.printed_at IS NOT NULL),
         CASE WHEN EXISTS (SELECT 1 FROM badges b JOIN print_log p ON p.badge_id = b.id
                           WHERE b.visitor_id = v.id AND b.status = 'active' AND p.result = 'sent'
                             AND NOT EXISTS (SELECT 1 FROM print_log q WHERE q.badge_id = p.badge_id
                                               AND q.job_id = p.job_id AND q.result != 'sent'))
              THEN {PRINT_SENT} ELSE {PRINT_NONE} END)"""

# The columns the search index holds, with the flags the list filters on.
INDEX_QUERY = f"""
SELECT v.id, v.name, v.name_en, v.company, v.title, v.visitor_class, v.phone, v.email,
       v.country, v.blocked,
       {PRINT_STATE_SQL},
       EXISTS (SELECT 1 FROM scans s WHERE s.visitor_id = v.id AND s.verdict = 'admitted' AND {scans_repo.LIVE}),
       v.created_at,
       v.source = '{SIMULATED_SOURCE}'
FROM visitors v
"""


_INSERT_TUPLE_SQL = (
    f"INSERT INTO visitors ({', '.join(VISITOR_FIELDS)}) VALUES ({', '.join('?' * len(VISITOR_FIELDS))})"
)


def insert_many(conn: sqlite3.Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    conn.executemany(_INSERT_SQL, [{**_DEFAULTS, **row} for row in rows])


def insert_tuples(conn: sqlite3.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Rows as tuples in VISITOR_FIELDS order: the bulk import's cheaper path."""
    conn.executemany(_INSERT_TUPLE_SQL, rows)


def update(conn: sqlite3.Connection, visitor_id: str, values: Mapping[str, Any]) -> None:
    assignments = ", ".join(f"{column} = :{column}" for column in values)
    conn.execute(f"UPDATE visitors SET {assignments} WHERE id = :_id", {**values, "_id": visitor_id})


_KEEP_CLASS_SQL = """INSERT OR REPLACE INTO removed_visitors (id, visitor_class, source, desk_id, created_at, updated_at)
    SELECT id, visitor_class, source, :desk_id, :created_at, :updated_at FROM visitors WHERE """


def delete_only(conn: sqlite3.Connection, visitor_id: str) -> None:
    """The visitor's row (badges cascade), once their traces are kept elsewhere (erasure)."""
    conn.execute("DELETE FROM visitors WHERE id = ?", (visitor_id,))


# the condition of the partial index visitors_simulated (schema v11): counting and deleting use it
_SIMULATED = f"source = '{SIMULATED_SOURCE}'"


def simulated_count(conn: sqlite3.Connection) -> int:
    return int(conn.execute(f"SELECT count(*) FROM visitors WHERE {_SIMULATED}").fetchone()[0])


def delete_simulated(conn: sqlite3.Connection, stamps: Mapping[str, str]) -> int:
    """Deletes every simulated visitor as `delete` does one; returns how many."""
    conn.execute(_KEEP_CLASS_SQL + _SIMULATED, dict(stamps))
    return conn.execute(f"DELETE FROM visitors WHERE {_SIMULATED}").rowcount


def get(conn: sqlite3.Connection, visitor_id: str) -> dict[str, Any] | None:
    cursor = conn.execute("SELECT * FROM visitors WHERE id = ?", (visitor_id,))
    row = cursor.fetchone()
    if row is None:
        return None
    return dict(zip([d[0] for d in cursor.description], row, strict=True))


def index_row(conn: sqlite3.Connection, visitor_id: str) -> tuple[Any, ...] | None:
    row = conn.execute(INDEX_QUERY + " WHERE v.id = ?", (visitor_id,)).fetchone()
    return tuple(row) if row else None


def iter_index_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    yield from conn.execute(INDEX_QUERY + " ORDER BY v.rowid")


def probable_duplicates(conn: sqlite3.Connection, *, email_key: str, phone_digits: str,
                        person_key: str, exclude_id: str | None) -> list[dict[str, Any]]:
    """Visitors with the same e-mail, the same phone, or the same normalised name + company."""
    cursor = conn.execute(
        """SELECT id, name, name_en, company, email, phone,
                  (email_key != '' AND email_key = :email) AS same_email,
                  (phone_digits != '' AND phone_digits = :phone) AS same_phone,
                  (person_key = :person) AS same_person
           FROM visitors
           WHERE ((email_key = :email AND :email != '')
               OR (phone_digits = :phone AND :phone != '')
               OR (person_key = :person AND :person != '|'))
             AND id != coalesce(:exclude, '')
           LIMIT 20""",
        {"email": email_key, "phone": phone_digits, "person": person_key, "exclude": exclude_id},
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor]


def keys_for_upsert(conn: sqlite3.Connection) -> tuple[dict[str, str], dict[str, str]]:
    """email_key → id and phone_digits → id over all visitors, for matching imported rows."""
    by_email: dict[str, str] = {}
    by_phone: dict[str, str] = {}
    for visitor_id, email, phone in conn.execute("SELECT id, email_key, phone_digits FROM visitors"):
        if email:
            by_email.setdefault(email, visitor_id)
        if phone:
            by_phone.setdefault(phone, visitor_id)
    return by_email, by_phone


def gate_view(conn: sqlite3.Connection, visitor_id: str) -> dict[str, Any] | None:
    """What a gate needs of a visitor: id, names, company, class, blocked, registration status."""
    cursor = conn.execute("SELECT id, name, name_en, company, visitor_class, blocked, registration_status"
                          " FROM visitors WHERE id = ?", (visitor_id,))
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def count(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM visitors").fetchone()[0])


def classes_in_order(conn: sqlite3.Connection) -> list[str]:
    """Every visitor's class, in the order they were written."""
    return [r[0] for r in conn.execute("SELECT visitor_class FROM visitors ORDER BY rowid")]


def first_written(conn: sqlite3.Connection, limit: int) -> list[tuple[str, str]]:
    """(id, class) of the first `limit` visitors in the order they were written."""
    return [(r[0], r[1]) for r in conn.execute("SELECT id, visitor_class FROM visitors ORDER BY rowid LIMIT ?",
                                               (limit,))]


def rows_by_name(conn: sqlite3.Connection, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """The given columns of every visitor, in name order (an export)."""
    if not all(c.isidentifier() for c in columns):
        raise ValueError(f"not column names: {columns}")
    for row in conn.execute(f"SELECT {', '.join(columns)} FROM visitors ORDER BY name, rowid"):
        yield tuple(row)


def select_for_batch(conn: sqlite3.Connection, *, visitor_ids: Sequence[str] = (), visitor_class: str | None = None,
                     not_current: bool = False) -> list[str]:
    """Ids of admissible visitors (not blocked, registered) in name order: among visitor_ids when
    given, of a class when given, and with no current printed badge when not_current."""
    clauses: list[str] = ["v.blocked = 0", "v.registration_status = 'registered'"]
    params: list[object] = []
    if visitor_ids:
        clauses.append(f"v.id IN ({', '.join('?' * len(visitor_ids))})")
        params.extend(visitor_ids)
    if visitor_class:
        clauses.append("v.visitor_class = ?")
        params.append(visitor_class)
    if not_current:
        # As the list's filter: a badge printed before its details changed is printed again.
        clauses.append(f"{PRINT_STATE_SQL} != {PRINT_CURRENT}")
    rows = conn.execute(f"SELECT v.id FROM visitors v WHERE {' AND '.join(clauses)} ORDER BY v.name, v.rowid",
                        params).fetchall()
    return [r[0] for r in rows]
