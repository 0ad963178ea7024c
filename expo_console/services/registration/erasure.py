"""Erasing a person completely (issue 21; Korea's PIPA: the data subject's right to deletion).

Deleting a visitor removes their row and badges; what must keep counting them keeps a pseudonym
instead of their id: their scans (the days' entries and occupancy stay right), their print-log
rows, their cancelled badges (a deleted visitor's badge is still refused at a gate), and their
class for the figures (removed_visitors). The access records about them keep who did what and
when, under the pseudonym, with the free text that may name them redacted (a reason typed about
them, the values a sync conflict kept). Deleted rows are overwritten with zeros (secure_delete,
on every connection), and the WAL is checkpointed and emptied afterwards, so neither the file,
its WAL, nor a backup made afterwards holds the name, phone or e-mail.
"""

from __future__ import annotations

from typing import Any

from expo_console.domain.redaction import redacted
from expo_console.storage import erasure_repo


def erase_traces(conn: Any, visitor_id: str, pseudonym: str, stamps: dict[str, str]) -> dict[str, int]:
    """Inside the deleting transaction, before the visitor's row goes: their class kept under the
    pseudonym, their scans and print-log rows pseudonymised, the access records about them
    pseudonymised and redacted. Returns how many rows of each kind."""
    erasure_repo.keep_class_as(conn, visitor_id, pseudonym, stamps)
    return _pseudonymise_traces(conn, visitor_id, pseudonym)


def erase_traces_left(conn: Any, visitor_id: str, pseudonym: str) -> int:
    """The traces of a visitor erased on another desk that this file holds (scans, print-log rows,
    access records), as `erase_traces` leaves them; how many rows changed."""
    return sum(_pseudonymise_traces(conn, visitor_id, pseudonym).values())


def _pseudonymise_traces(conn: Any, visitor_id: str, pseudonym: str) -> dict[str, int]:
    counts = erasure_repo.pseudonymise(conn, visitor_id, pseudonym)
    entries = erasure_repo.audit_entries_about(conn, visitor_id)
    for entry_id, action, entity_id, detail in entries:
        kept = redacted(action, detail)
        if kept.get("visitor_id") == visitor_id:  # an annulled scan's entry of before issue 21
            kept = {**kept, "visitor_id": pseudonym, "scan_id": entity_id}
        erasure_repo.redact_audit_entry(conn, entry_id, pseudonym, kept)
    return {**counts, "audit_log": len(entries)}
