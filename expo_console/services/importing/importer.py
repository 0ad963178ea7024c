"""Run an import: upsert the planned rows into the event, dry or for real.

Rows are upserted by e-mail, then by phone. Nothing is merged silently: a row whose e-mail or
phone repeats an earlier row of the same file is skipped and reported, and so is a row that
matches a visitor by phone only while its name and e-mail say it is someone else. A bad row is
reported with its spreadsheet row number and does not stop the import. Every visitor an import
changes gets an audit entry with each changed field before and after, and a printed badge whose
details changed is marked for reprinting. Writes go in short BEGIN IMMEDIATE batches so that
check-in desks sharing the file are never locked out for long; a cancelled import keeps the
batches already committed and says how many. Each real import keeps a record of its run (see
runs.py), moved on in each batch's transaction, so an import killed midway is reported on the
next open with the row it reached, and the re-run that completes it closes the record.

Speed (100,000 rows must not take minutes): columns are cleaned whole (text.clean_column), the
row loop works on tuples, and a large import drops the match indexes and rebuilds them sorted
at the end (storage.connection.ensure_match_indexes also repairs them after a crash).
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from expo_console.domain.ids import new_ids
from expo_console.domain.phone import parse_phone
from expo_console.domain.text import FIELD_MAX_LENGTH, FORMULA_STARTS, clean_column
from expo_console.domain.visitors import (
    Consent,
    FieldProblem,
    VisitorClass,
    email_key,
    field_errors,
    parse_visitor_class,
    person_key,
    someone_else,
)
from expo_console.services.badges import mark_reprint_needed
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.importing.plan import ImportPlan, ImportReport, RowIssue, plan_import
from expo_console.services.importing.runs import (
    HEARTBEAT_EVERY,
    InterruptedImport,
    RunRecord,
    fingerprint,
)
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.services.registration import consent_values, derived_columns
from expo_console.storage import audit_repo, visitors_repo
from expo_console.storage.connection import EventStore, drop_match_indexes, ensure_match_indexes
from expo_console.storage.import_runs_repo import RunProgress

__all__ = ["BATCH_ROWS", "ImportPlan", "ImportReport", "RowIssue", "import_file", "plan_import", "run_import"]

BATCH_ROWS = 5000
# From this many rows on, the match indexes are dropped during the import and rebuilt sorted at
# the end: 100,000 random index inserts cost more than the table rows themselves.
BULK_LOAD_ROWS = 20_000
_CANCEL_CHECK_EVERY = 500
_OTHER_MAX_LENGTH = 60  # class and consent cells
_YES = frozenset({"y", "yes", "o", "1", "true", "예", "네", "동의", "agree", "agreed", "v", "✓", "○"})
_TEXT_FIELDS = ("name", "name_en", "company", "title", "phone", "email", "country", "notes")
# The order the row loop unpacks the cleaned columns in.
_LOOP_FIELDS = (*_TEXT_FIELDS, "visitor_class", "consent_provision", "consent_marketing")
# What an update's audit entry records, before and after. The derived match keys are left out
# (they follow from these). Values are kept whole, phone numbers unmasked: the audit log is the
# one place an overwritten value can be recovered from, and a masked number recovers nothing.
_AUDITED = (*_TEXT_FIELDS, "visitor_class")


def _clean_columns(plan: ImportPlan) -> tuple[dict[str, list[str]], dict[int, list[FieldProblem]]]:
    """Every mapped column cleaned at once (see text.clean_column), with per-row warnings."""
    rows = plan.data_rows
    columns: dict[str, list[str]] = {}
    warnings: dict[int, list[FieldProblem]] = defaultdict(list)
    for index, field_name in plan.mapping.items():
        raw = [row[index] if index < len(row) else "" for row in rows]
        column = clean_column(raw, FIELD_MAX_LENGTH.get(field_name, _OTHER_MAX_LENGTH))
        for i in column.truncated:
            warnings[i].append(FieldProblem(field_name, "truncated_warning",
                                            (("length", str(len(column.values[i]))),)))
        for i in column.removed:
            warnings[i].append(FieldProblem(field_name, "control_characters_removed_warning"))
        columns[field_name] = column.values
    if "email" in columns:
        columns["email"] = [v.replace(" ", "") if " " in v else v for v in columns["email"]]
    if "phone" in columns:
        # Excel stored 010-… as a number and dropped the leading zero.
        columns["phone"] = ["0" + v if v.isdigit() and len(v) in (9, 10) and v.startswith("1") else v
                            for v in columns["phone"]]
    return columns, warnings


def _issue(row: int, problem: FieldProblem) -> RowIssue:
    return RowIssue(row, problem.code, (("field", problem.field), *problem.params))


class _Batch:
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
        self._consents: dict[tuple[str, str], tuple[Any, ...]] = {}

    def consents(self, provision_cell: str, marketing_cell: str) -> tuple[Any, ...]:
        """Consent columns for a row; the required consent came with the pre-registration."""
        key = (provision_cell, marketing_cell)
        cached = self._consents.get(key)
        if cached is None:
            given = {Consent.REQUIRED}
            if provision_cell.casefold() in _YES:
                given.add(Consent.PROVISION)
            if marketing_cell.casefold() in _YES:
                given.add(Consent.MARKETING)
            values = consent_values(frozenset(given), self.notice_version, self.insert_stamps[1])
            cached = self._consents[key] = tuple(values[c] for c in visitors_repo.CONSENT_FIELDS)
        return cached

    def current(self, visitor_id: str) -> dict[str, Any] | None:
        pending = self._pending.get(visitor_id)
        return pending if pending is not None else visitors_repo.get(self.store.conn, visitor_id)

    def update(self, visitor_id: str, current: dict[str, Any], changed: dict[str, Any]) -> None:
        audit = {f: [current.get(f), changed[f]] for f in _AUDITED if f in changed}
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


def run_import(store: EventStore, plan: ImportPlan, *, dry_run: bool = False,
               progress: ProgressCallback = no_progress,
               cancel: CancelFlag | None = None) -> tuple[ImportReport, VisitorsChanged]:
    run = None if dry_run else RunRecord(store, plan.file or fingerprint(plan.path), len(plan.data_rows))
    bulk = not dry_run and len(plan.data_rows) >= BULK_LOAD_ROWS
    if bulk:
        drop_match_indexes(store)
    try:
        report = _run(store, plan, dry_run, progress, cancel, run)
    except BaseException:
        if run is not None:
            run.fail()
        raise
    finally:
        if bulk:
            ensure_match_indexes(store)
    return report, VisitorsChanged(reload=not dry_run and bool(report.imported or report.updated))


def _run(store: EventStore, plan: ImportPlan, dry_run: bool, progress: ProgressCallback,
         cancel: CancelFlag | None, run: RunRecord | None) -> ImportReport:
    report = ImportReport(dry_run=dry_run, note=plan.kind.note)
    # What reading found comes first: rows it had to skip, duplicate headers, ignored cells.
    report.errors.extend(plan.row_errors())
    report.skipped += sum(1 for issue in report.errors if issue.row > plan.header_row_number)
    report.warnings.extend(plan.warnings())
    numbers = plan.data_row_numbers
    batch = _Batch(store, event_row(store)["consent_notice_version"] + "/pre-registration",
                   plan.path.name, dry_run, run, numbers)
    by_email, by_phone = visitors_repo.keys_for_upsert(store.conn)
    seen_email: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    columns, cell_warnings = _clean_columns(plan)
    mapped = set(columns)
    total = len(plan.data_rows)
    blank = [""] * total
    class_of: dict[str, str | None] = {}  # cell text → class code (None: not a class)
    ids = iter(new_ids(total))
    done = 0
    for i, cells in enumerate(zip(*(columns.get(f, blank) for f in _LOOP_FIELDS), strict=True)):
        if i % _CANCEL_CHECK_EVERY == 0:
            if cancel is not None and cancel.is_set:
                report.cancelled = True
                break
            if batch.heartbeat_due():
                batch.flush(i, report)
        done = i + 1
        if not any(cells):
            continue
        name, name_en, company, title, phone, email, country, notes, raw_class, provision, marketing = cells
        row_number = numbers[i]
        problems = cell_warnings.get(i) or []
        if raw_class not in class_of:
            parsed_class = parse_visitor_class(raw_class)
            class_of[raw_class] = parsed_class.value if parsed_class else None
        visitor_class = class_of[raw_class]
        if visitor_class is None:
            problems = [*problems, FieldProblem("visitor_class", "class_defaulted_warning", (("value", raw_class),))]
            visitor_class = VisitorClass.VISITOR.value
        parsed_phone = parse_phone(phone)
        errors = field_errors(name, name_en, email, parsed_phone.valid, visitor_class)
        if errors:
            report.skipped += 1
            report.errors.extend(_issue(row_number, p) for p in errors)
            continue
        email_k, phone_d = email_key(email), parsed_phone.digits
        earlier_email = seen_email.get(email_k) if email_k else None
        earlier_phone = seen_phone.get(phone_d) if phone_d else None
        if earlier_email or earlier_phone:
            key, other = ("email", earlier_email) if earlier_email else ("phone", earlier_phone)
            report.skipped += 1
            report.errors.append(RowIssue(row_number, "duplicate_in_file", (("key", key), ("other_row", str(other)))))
            continue
        match_email = by_email.get(email_k) if email_k else None
        match_phone = by_phone.get(phone_d) if phone_d else None
        if match_email and match_phone and match_email != match_phone:
            report.skipped += 1
            report.errors.append(RowIssue(row_number, "conflicting_match"))
            continue
        existing = match_email or match_phone
        current = batch.current(existing) if existing else None
        if current and not match_email and someone_else(name, name_en, email, current):
            report.skipped += 1
            report.errors.append(RowIssue(row_number, "phone_of_another_visitor",
                                          (("visitor", current["name"] or current["name_en"]),
                                           ("email", current["email"]))))
            continue
        formulas = [FieldProblem(field_name, "formula_warning") for field_name, value in
                    (("name", name), ("name_en", name_en), ("company", company), ("title", title))
                    if value.startswith(FORMULA_STARTS)]
        if formulas:
            problems = [*problems, *formulas]
        if problems:
            report.warnings.extend(_issue(row_number, p) for p in problems)
        if email_k:
            seen_email[email_k] = row_number
        if phone_d:
            seen_phone[phone_d] = row_number
        if existing:
            values = {"name": name, "name_en": name_en, "company": company, "title": title,
                      "visitor_class": visitor_class, "email": email, "country": country,
                      "notes": notes, "phone": parsed_phone.formatted}
            current = current or {}
            changed = _changes_to_existing(current, values, mapped)
            if changed:
                batch.update(existing, current, changed)
                report.updated += 1
            else:
                report.unchanged += 1
        else:
            visitor_id = next(ids)
            batch.inserts.append((
                visitor_id, name, name_en, company, title, visitor_class, parsed_phone.formatted,
                phone_d, email, email_k, person_key(name or name_en, company), country, notes,
                "import", 0, "", *batch.consents(provision, marketing), *batch.insert_stamps,
            ))
            if email_k:
                by_email[email_k] = visitor_id
            if phone_d:
                by_phone[phone_d] = visitor_id
            report.imported += 1
        if len(batch) >= BATCH_ROWS:
            batch.flush(i + 1, report)
            progress(i + 1, total)
    report.completed_interrupted, report.interrupted_file_changed = batch.flush(
        done, report, end="cancelled" if report.cancelled else "finished")
    progress(done, total)
    report.errors.sort(key=lambda issue: issue.row)  # stable: a row's own issues keep their order
    report.warnings.sort(key=lambda issue: issue.row)
    return report


def _changes_to_existing(current: dict[str, Any], values: dict[str, Any], mapped: set[str]) -> dict[str, Any]:
    """Columns of a stored visitor that this row changes; blank or unmapped cells keep theirs."""
    merged = {f: values[f] or current.get(f, "") for f in _TEXT_FIELDS}
    merged["visitor_class"] = values["visitor_class"] if "visitor_class" in mapped else current.get("visitor_class")
    merged.update(derived_columns(merged["name"], merged["name_en"], merged["company"],
                                  merged["phone"], merged["email"]))
    return {k: v for k, v in merged.items() if v != current.get(k)}


def import_file(store: EventStore, path: Path | str, *, dry_run: bool = False,
                mapping: Sequence[tuple[int, str]] | None = None,
                progress: ProgressCallback = no_progress,
                cancel: CancelFlag | None = None) -> tuple[ImportReport, VisitorsChanged]:
    """Plan and run in one call (the CLI, and tests)."""
    plan = plan_import(path)
    if mapping is not None:
        plan = plan.with_mapping(dict(mapping))
    return run_import(store, plan, dry_run=dry_run, progress=progress, cancel=cancel)
