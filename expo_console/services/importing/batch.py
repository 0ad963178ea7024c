"""Rows waiting to be written by an import, and writing them in one short transaction.

Split from importer.py: the batch owns the stamps its rows share, the consent columns of new
rows, what an update changes and audits, and the import run's progress, written in the same
transaction as the rows so that the record says exactly what the file holds.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Mapping
from typing import Any

from expo_console.domain.list_answers import Answer
from expo_console.domain.visitors import Consent
from expo_console.services.badges.codes import mark_reprint_needed
from expo_console.services.importing.plan import ImportReport
from expo_console.services.importing.runs import HEARTBEAT_EVERY, InterruptedImport, RunRecord
from expo_console.services.registration.visitors import consent_values
from expo_console.storage import audit_repo, visitors_repo
from expo_console.storage.connection import EventStore
from expo_console.storage.import_runs_repo import RunProgress

TEXT_FIELDS = ("name", "name_en", "company", "title", "phone", "email", "country", "notes")
OPTIONAL = (Consent.PROVISION, Consent.MARKETING)
CONSENT_PREFIX = {Consent.REQUIRED: "consent_required", Consent.PROVISION: "consent_provision",
                  Consent.MARKETING: "consent_marketing"}
# What an update's audit entry records, before and after. The derived match keys are left out
# (they follow from these). Values are kept whole, phone numbers unmasked: the audit log is the
# one place an overwritten value can be recovered from, and a masked number recovers nothing.
AUDITED = (*TEXT_FIELDS, "visitor_class", "registration_status", "registered_at",
           *(f"{prefix}_at" for prefix in CONSENT_PREFIX.values()))


class Batch:
    """Rows waiting to be written, with the time and desk stamps they share."""

    def __init__(self, store: EventStore, notice_version: str, source_name: str, dry_run: bool,
                 run: RunRecord | None, numbers: list[int]) -> None:
        self.store = store
        self.notice_version = notice_version
        self.source_name = source_name
        self.dry_run = dry_run
        self.run = run
        self.numbers = numbers
        self.written_at = time.monotonic()
        self.inserts: list[tuple[Any, ...]] = []
        self.updates: list[tuple[str, dict[str, Any], dict[str, list[Any]]]] = []
        # Visitors updated in this batch, as they will be once it is written: a second row for
        # the same visitor is compared with (and audited against) what the first one made.
        self._pending: dict[str, dict[str, Any]] = {}
        self._start()

    def _start(self) -> None:
        stamps = self.store.stamps()
        self.insert_stamps = (stamps["desk_id"], stamps["created_at"], stamps["updated_at"])
        self.update_stamps = self.store.stamps(created=False)
        self._consents: dict[tuple[frozenset[Consent], str | None], tuple[Any, ...]] = {}

    def consents(self, answers: Mapping[Consent, Answer], at: str | None) -> tuple[Any, ...]:
        """Consent columns for a new visitor. The required consent came with the pre-registration
        (a row that refused it never gets here); all are timed by the row's registration time,
        when the person answered, or by the import when the list does not say."""
        given = frozenset({Consent.REQUIRED, *(c for c in OPTIONAL if answers.get(c) is Answer.YES)})
        key = (given, at)
        cached = self._consents.get(key)
        if cached is None:
            values = consent_values(given, self.notice_version, at or self.insert_stamps[1])
            cached = self._consents[key] = tuple(values[c] for c in visitors_repo.CONSENT_FIELDS)
        return cached

    def consent_changes(self, current: Mapping[str, Any], answers: Mapping[Consent, Answer],
                        at: str | None) -> dict[str, Any]:
        """Consent columns of a stored visitor that the row's answers change: a consent given
        that was not is recorded; an optional one refused is withdrawn; blank changes nothing."""
        changed: dict[str, Any] = {}
        for consent, answer in answers.items():
            prefix = CONSENT_PREFIX[consent]
            if answer is Answer.YES and not current.get(f"{prefix}_at"):
                changed[f"{prefix}_at"] = at or self.update_stamps["updated_at"]
                changed[f"{prefix}_version"] = self.notice_version
            elif answer is Answer.NO and consent is not Consent.REQUIRED and current.get(f"{prefix}_at"):
                changed[f"{prefix}_at"] = changed[f"{prefix}_version"] = None
        return changed

    def current(self, visitor_id: str) -> dict[str, Any] | None:
        pending = self._pending.get(visitor_id)
        return pending if pending is not None else visitors_repo.get(self.store.conn, visitor_id)

    def update(self, visitor_id: str, current: dict[str, Any], changed: dict[str, Any]) -> None:
        audit = {f: [current.get(f), changed[f]] for f in AUDITED if f in changed}
        self.updates.append((visitor_id, {**changed, **self.update_stamps}, audit))
        self._pending[visitor_id] = {**current, **changed}

    def __len__(self) -> int:
        return len(self.inserts) + len(self.updates)

    def heartbeat_due(self) -> bool:
        """Rows that change nothing write nothing: the run still says it is alive now and then."""
        return self.run is not None and time.monotonic() - self.written_at >= HEARTBEAT_EVERY

    def flush(self, rows_done: int, report: ImportReport,
              end: str | None = None) -> tuple[list[InterruptedImport], list[InterruptedImport]]:
        """Write the waiting rows and, in the same transaction, how far the run got: the record
        then says exactly what the file holds. `end` ends the run with its last batch."""
        ended: tuple[list[InterruptedImport], list[InterruptedImport]] = ([], [])
        if not self.dry_run and (self.inserts or self.updates or self.run is not None):
            with self.store.write() as conn:
                self._write(conn)
                if self.run is not None:
                    progress = RunProgress(rows_done, self.numbers[rows_done - 1] if rows_done else None,
                                           report.imported, report.updated, report.unchanged, report.skipped)
                    if end is None:
                        self.run.record(progress)
                    else:
                        ended = self.run.end(progress, end)
            if self.run is not None and end is not None:
                self.run.ended = True  # committed: what follows (a progress callback) cannot fail it
            self.written_at = time.monotonic()
        self.inserts.clear()
        self.updates.clear()
        if not self.dry_run:  # a dry run writes nothing: later rows still compare with what it would
            self._pending.clear()
        self._start()
        return ended

    def _write(self, conn: sqlite3.Connection) -> None:
        if not (self.inserts or self.updates):
            return
        visitors_repo.insert_tuples(conn, self.inserts)
        for visitor_id, values, audit in self.updates:
            visitors_repo.update(conn, visitor_id, values)
            audit_repo.append(conn, self.store.stamp, "import_update", "visitor", visitor_id,
                              {"file": self.source_name, "changes": audit})
            mark_reprint_needed(conn, visitor_id, audit)
        audit_repo.append(conn, self.store.stamp, "import", "visitor", None,
                          {"file": self.source_name, "inserted": len(self.inserts), "updated": len(self.updates)})
