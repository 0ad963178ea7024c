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

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from expo_console.domain.access import Action
from expo_console.domain.ids import new_ids
from expo_console.domain.phone import parse_phone
from expo_console.domain.text import FIELD_MAX_LENGTH, FORMULA_STARTS, clean_column
from expo_console.domain.visitors import (
    FieldProblem,
    RegistrationStatus,
    email_key,
    field_errors,
    person_key,
    someone_else,
)
from expo_console.services.access import require
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.importing.batch import TEXT_FIELDS, Batch
from expo_console.services.importing.class_values import DEFAULT, class_values, resolve_class
from expo_console.services.importing.mappings import remember
from expo_console.services.importing.plan import ImportPlan, ImportReport, RowIssue, plan_import
from expo_console.services.importing.row_facts import INACTIVE, RowReader, active_rows_by_key
from expo_console.services.importing.runs import RunRecord, fingerprint
from expo_console.services.importing.sniff import refusal
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.services.registration.visitors import derived_columns
from expo_console.storage import visitors_repo
from expo_console.storage.connection import EventStore, drop_match_indexes, ensure_match_indexes

__all__ = ["BATCH_ROWS", "ImportPlan", "ImportReport", "RowIssue", "import_file", "plan_import", "run_import"]

BATCH_ROWS = 5000
# From this many rows on, the match indexes are dropped during the import and rebuilt sorted at
# the end: 100,000 random index inserts cost more than the table rows themselves.
BULK_LOAD_ROWS = 20_000
_CANCEL_CHECK_EVERY = 500
_OTHER_MAX_LENGTH = 60  # class cells
# Cells read for their meaning and never stored as text (a consent answer may be a sentence):
# cleaned, but never cut or reported as shortened.
_READ_ONLY_CELLS = {"consent_required": 1000, "consent_provision": 1000, "consent_marketing": 1000,
                    "registered_at": 100, "registration_status": 200}
_CONSENT_CELLS = ("consent_required", "consent_provision", "consent_marketing")
# The order the row loop unpacks the cleaned columns in.
_LOOP_FIELDS = (*TEXT_FIELDS, "visitor_class", *_CONSENT_CELLS, "registered_at", "registration_status")


def _clean_columns(plan: ImportPlan) -> tuple[dict[str, list[str]], dict[int, list[FieldProblem]]]:
    """Every mapped column cleaned at once (see text.clean_column), with per-row warnings."""
    rows = plan.data_rows
    columns: dict[str, list[str]] = {}
    warnings: dict[int, list[FieldProblem]] = defaultdict(list)
    for index, field_name in plan.mapping.items():
        raw = [row[index] if index < len(row) else "" for row in rows]
        read_only = field_name in _READ_ONLY_CELLS
        column = clean_column(raw, _READ_ONLY_CELLS.get(field_name) or FIELD_MAX_LENGTH.get(field_name, _OTHER_MAX_LENGTH))
        if read_only:
            columns[field_name] = column.values
            continue
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


def run_import(store: EventStore, plan: ImportPlan, *, dry_run: bool = False,
               progress: ProgressCallback = no_progress,
               cancel: CancelFlag | None = None) -> tuple[ImportReport, VisitorsChanged]:
    require(store, Action.REGISTER)
    questions = plan.consent_questions()
    if questions:  # a consent column nobody said the purpose of: guessing could break the law
        raise refusal("consent_purpose_unknown", file=plan.path.name,
                      columns=", ".join(f"{i + 1} ({plan.headers[i][:60]})" for i in questions))
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
    if not dry_run and not report.cancelled:
        remember(store, plan)  # the next file from this source opens with this mapping
    return report, VisitorsChanged(reload=not dry_run and bool(report.imported or report.updated))


def _run(store: EventStore, plan: ImportPlan, dry_run: bool, progress: ProgressCallback,
         cancel: CancelFlag | None, run: RunRecord | None) -> ImportReport:
    report = ImportReport(dry_run=dry_run, note=plan.kind.note)
    # What reading found comes first: rows it had to skip, duplicate headers, ignored cells.
    report.errors.extend(plan.row_errors())
    report.skipped += sum(1 for issue in report.errors if issue.row > plan.header_row_number)
    report.warnings.extend(plan.warnings())
    report.classes = class_values(plan)
    numbers = plan.data_row_numbers
    event = event_row(store)
    batch = Batch(store, event["consent_notice_version"] + "/pre-registration", plan.path.name, dry_run, run, numbers)
    by_email, by_phone = visitors_repo.keys_for_upsert(store.conn)
    seen_email: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    columns, cell_warnings = _clean_columns(plan)
    mapped = set(columns)
    total = len(plan.data_rows)
    blank = [""] * total
    reader = RowReader(mapped, ZoneInfo(event["timezone"] or "Asia/Seoul"))
    active = active_rows_by_key(columns.get("email", blank), columns.get("phone", blank), columns["registration_status"],
                                numbers, reader) if reader.has_status else {}
    class_of: dict[str, tuple[str, str]] = {}  # cell text → (class code, how it was chosen)
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
        (name, name_en, company, title, phone, email, country, notes, raw_class,
         required, provision, marketing, raw_time, raw_status) = cells
        row_number = numbers[i]
        facts = reader.facts(raw_status, (required, provision, marketing), raw_time)
        if facts.refusal is not None:  # no collection-and-use consent: nothing may be processed
            report.skipped += 1
            report.errors.append(_issue(row_number, facts.refusal))
            continue
        problems = [*(cell_warnings.get(i) or []), *facts.warnings]
        if raw_class not in class_of:
            class_of[raw_class] = resolve_class(raw_class, plan.classes)
        visitor_class, how = class_of[raw_class]
        if how == DEFAULT and raw_class:
            problems.append(FieldProblem("visitor_class", "class_defaulted_warning", (("value", raw_class),)))
        parsed_phone = parse_phone(phone)
        email_k, phone_d = email_key(email), parsed_phone.digits
        status = facts.status or RegistrationStatus.REGISTERED
        if status in INACTIVE:
            # A cancelled or rejected registration is not imported; it only marks a visitor the
            # event already has, unless this file holds an active registration of theirs.
            active_row = active.get(email_k) or active.get(phone_d)
            known = (by_email.get(email_k) if email_k else None) or (by_phone.get(phone_d) if phone_d else None)
            if active_row or not known:
                report.skipped += 1
                report.errors.append(
                    RowIssue(row_number, "registration_superseded", (("value", raw_status), ("other_row", str(active_row))))
                    if active_row else
                    RowIssue(row_number, f"registration_{status.value}_not_imported", (("value", raw_status),)))
                continue
        errors = field_errors(name, name_en, email, parsed_phone.valid, visitor_class)
        if errors:
            report.skipped += 1
            report.errors.extend(_issue(row_number, p) for p in errors)
            continue
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
        if status is not RegistrationStatus.REGISTERED:
            problems.append(FieldProblem("registration_status", f"registration_{status.value}_warning",
                                         (("value", raw_status),)))
        if problems:
            report.warnings.extend(_issue(row_number, p) for p in problems)
        if email_k:
            seen_email[email_k] = row_number
        if phone_d:
            seen_phone[phone_d] = row_number
        if existing:
            current = current or {}
            values = {"name": name, "name_en": name_en, "company": company, "title": title,
                      "visitor_class": visitor_class, "email": email, "country": country,
                      "notes": notes, "phone": parsed_phone.formatted, "registered_at": facts.registered_at,
                      # a status the desk cannot read leaves the stored one as it is
                      "registration_status": status.value if facts.status else current.get("registration_status")}
            changed = {**_changes_to_existing(current, values, mapped),
                       **batch.consent_changes(current, facts.answers, facts.registered_at)}
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
                "import", 0, "", *batch.consents(facts.answers, facts.registered_at),
                status.value, facts.registered_at, *batch.insert_stamps,
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
    merged = {f: values[f] or current.get(f, "") for f in TEXT_FIELDS}
    for column in ("visitor_class", "registration_status"):
        merged[column] = values[column] if column in mapped else current.get(column)
    merged["registered_at"] = values["registered_at"] or current.get("registered_at")
    merged.update(derived_columns(merged["name"], merged["name_en"], merged["company"],
                                  merged["phone"], merged["email"]))
    return {k: v for k, v in merged.items() if v != current.get(k)}


def import_file(store: EventStore, path: Path | str, *, dry_run: bool = False,
                mapping: Sequence[tuple[int, str]] | None = None,
                progress: ProgressCallback = no_progress,
                cancel: CancelFlag | None = None) -> tuple[ImportReport, VisitorsChanged]:
    """Plan and run in one call (tests): the header's words, or the mapping given."""
    plan = plan_import(path)
    if mapping is not None:
        plan = plan.with_mapping(dict(mapping))
    return run_import(store, plan, dry_run=dry_run, progress=progress, cancel=cancel)
