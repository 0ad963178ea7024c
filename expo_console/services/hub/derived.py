"""Columns a visitor row derives from others (the duplicate check's keys), kept true after a
merge. Merging per field can take a visitor's name from one desk and the company from another;
the key made of both (person_key) came with one of them and names neither. After a pull, the
keys of the visitors whose source fields changed are made again from the merged row, and a key
that changed is written as this desk's own change, so the hub's table is made true as well."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from expo_console.services.registration.visitors import derived_columns
from expo_console.storage import visitors_repo

SOURCES = frozenset({"name", "name_en", "company", "phone", "email"})
DERIVED = frozenset({"phone_digits", "email_key", "person_key"})  # never a conflict of their own


def make_true(conn: sqlite3.Connection, visitor_ids: Iterable[str]) -> int:
    """The derived keys of these visitors, made again where they differ; how many were wrong."""
    fixed = 0
    for visitor_id in set(visitor_ids):
        held = visitors_repo.get(conn, visitor_id)
        if held is None:
            continue
        made = derived_columns(held["name"] or "", held["name_en"] or "", held["company"] or "", held["phone"] or "",
                               held["email"] or "")
        wrong = {k: made[k] for k in DERIVED if held.get(k) != made[k]}
        if wrong:
            visitors_repo.update(conn, visitor_id, wrong)
            fixed += 1
    return fixed
