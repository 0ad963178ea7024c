"""A visitor erased on one desk, erased everywhere (issue 21): on the hub, and on every desk that
holds a trace of them, including traces that were on their way when the erasure was made.

Every desk and the hub name an erased visitor's traces by the same pseudonym, derived from the
id (redaction.pseudonym_of), and removed_visitors, synced like every table, lists the
pseudonyms: whoever meets a visitor id can tell whether that visitor was erased, without any
list of erased ids being kept anywhere.

- A push names the visitors its rows concern; the hub scrubs those that were erased from its
  tables and its change log (hub_erasure_repo, a function of the hub's owner: the desks' role
  still only adds to the log).
- A pull does the same in the file for the visitors its changes name: this desk's own scans,
  print-log rows and access records about them go under the pseudonym, redacted, and reach the
  hub as this desk's changes.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from expo_console.domain.redaction import PSEUDONYM_PREFIX, pseudonym_of
from expo_console.services.registration.erasure import erase_traces_left
from expo_console.storage import hub_erasure_repo
from expo_console.storage.erasure_repo import erased_among

# where a row names a visitor: its table → the column
_NAMING = {"scans": "visitor_id", "print_log": "visitor_id", "badges": "visitor_id", "consents": "visitor_id",
           "audit_log": "entity_id"}

Change = tuple[str, str, dict[str, Any], dict[str, Any] | None]  # table, op, key, row


def visitors_named(changes: Iterable[Change]) -> set[str]:
    """The visitor ids these changes concern: a visitor's own row (a delete too), or a row naming one."""
    named: set[str] = set()
    for table, _op, key, row in changes:
        if table == "visitors":
            named.add(str(key.get("id")))
        elif table in _NAMING and row is not None and row.get(_NAMING[table]):
            named.add(str(row[_NAMING[table]]))
    return {v for v in named if not v.startswith(PSEUDONYM_PREFIX)}


def forget_on_hub(pg: Any, changes: Iterable[Change]) -> int:
    """Inside the push's hub transaction, after its rows are in: the erased visitors it names
    scrubbed from the hub; how many."""
    return hub_erasure_repo.forget_erased(pg, visitors_named(changes))


def erase_here(conn: sqlite3.Connection, visitor_ids: set[str]) -> set[str]:
    """The erased visitors among these (their pseudonym in removed_visitors) whose traces this file
    still holds under their id, erased as the erasing desk did; the ids erased."""
    erased = set()
    for visitor_id in erased_among(conn, visitor_ids):
        if erase_traces_left(conn, visitor_id, pseudonym_of(visitor_id)):
            erased.add(visitor_id)
    return erased
