"""Import pre-registered visitors: plan (detect, map, preview), then run (dry or for real).

Rows are upserted by e-mail, then by phone. Nothing is merged silently: a row whose e-mail or
phone repeats an earlier row of the same file is skipped and reported. A bad row is reported
with its spreadsheet row number and does not stop the import. Writes go in short BEGIN
IMMEDIATE batches so that check-in desks sharing the file are never locked out for long; a
cancelled import keeps the batches already committed and says how many.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from expo_console.domain.ids import new_id
from expo_console.domain.text import neutralise_cell
from expo_console.domain.visitors import (
    Consent,
    FieldProblem,
    VisitorDraft,
    clean_draft,
    parse_visitor_class,
    validate_draft,
)
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.importing.headers import find_header_row, guess_mapping
from expo_console.services.importing.readers import read_rows
from expo_console.services.importing.sniff import FileKind, ImportFileError, sniff
from expo_console.services.messages import render
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.services.registration import consent_values, row_values
from expo_console.storage import audit_repo, visitors_repo
from expo_console.storage.connection import EventStore, utc_now

BATCH_ROWS = 2000
_YES = frozenset({"y", "yes", "o", "1", "true", "예", "네", "동의", "agree", "agreed", "v", "✓", "○"})
_DRAFT_FIELDS = ("name", "name_en", "company", "title", "phone", "email", "country", "notes")


@dataclass(frozen=True, slots=True)
class ImportPlan:
    path: Path
    kind: FileKind
    rows: list[list[str]]
    header_index: int
    mapping: dict[int, str]

    @property
    def headers(self) -> list[str]:
        return self.rows[self.header_index]

    @property
    def data_rows(self) -> list[list[str]]:
        return self.rows[self.header_index + 1:]

    @property
    def first_row_number(self) -> int:
        """Spreadsheet row number (1-based, as Excel shows it) of the first data row."""
        return self.header_index + 2

    def with_mapping(self, mapping: Mapping[int, str]) -> ImportPlan:
        return replace(self, mapping=dict(mapping))

    def preview(self, limit: int = 20) -> list[dict[str, str]]:
        return [
            {f: row[i] if i < len(row) else "" for i, f in self.mapping.items()}
            for row in self.data_rows[:limit]
        ]


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int
    code: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        return render(self.code, self.params)


@dataclass(slots=True)
class ImportReport:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    unchanged: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "unchanged": self.unchanged,
            "errors": [{"row": e.row, "reason": e.reason} for e in self.errors],
            "warnings": [{"row": w.row, "reason": w.reason} for w in self.warnings],
            "dry_run": self.dry_run,
            "cancelled": self.cancelled,
        }


def plan_import(path: Path | str) -> ImportPlan:
    path = Path(path)
    kind = sniff(path)
    rows = read_rows(path, kind)
    header_index = find_header_row(rows)
    if header_index is None:
        raise ImportFileError(
            "no_header",
            f"No header row was found in the first rows of {path.name}. Add a header row with at "
            "least a name column (성명 or Name) and one more, such as 회사명, 이메일 or 휴대폰.",
        )
    return ImportPlan(path, kind, rows, header_index, guess_mapping(rows[header_index]))


def _draft_from_cells(cells: Mapping[str, str]) -> tuple[VisitorDraft, list[FieldProblem]]:
    problems: list[FieldProblem] = []
    raw_class = cells.get("visitor_class", "")
    parsed = parse_visitor_class(raw_class)
    if parsed is None:
        problems.append(FieldProblem("visitor_class", "class_defaulted_warning", (("value", raw_class),)))
    phone = cells.get("phone", "")
    if phone.isdigit() and len(phone) in (9, 10) and phone.startswith("1"):
        phone = "0" + phone  # Excel stored 010-… as a number and dropped the leading zero
    consents = {Consent.REQUIRED}  # collected by the pre-registration form that made this list
    for consent in (Consent.PROVISION, Consent.MARKETING):
        if cells.get(f"consent_{consent.value}", "").strip().casefold() in _YES:
            consents.add(consent)
    draft = VisitorDraft(
        **{f: cells.get(f, "") for f in _DRAFT_FIELDS if f != "phone"},
        phone=phone,
        visitor_class=(parsed or parse_visitor_class("")).value,  # type: ignore[union-attr]
        consents=frozenset(consents),
    )
    cleaned, warnings = clean_draft(draft)
    problems.extend(warnings)
    for name in ("name", "name_en", "company", "title"):
        value = getattr(cleaned, name)
        if neutralise_cell(value) != value:
            problems.append(FieldProblem(name, "formula_warning"))
    return cleaned, problems


def _issue(row: int, problem: FieldProblem) -> RowIssue:
    return RowIssue(row, problem.code, (("field", problem.field), *problem.params))


def run_import(store: EventStore, plan: ImportPlan, *, dry_run: bool = False,
               progress: ProgressCallback = no_progress,
               cancel: CancelFlag | None = None) -> tuple[ImportReport, VisitorsChanged]:
    report = ImportReport(dry_run=dry_run, note=plan.kind.note)
    notice_version = event_row(store)["consent_notice_version"] + "/pre-registration"
    by_email, by_phone = visitors_repo.keys_for_upsert(store.conn)
    seen_email: dict[str, int] = {}
    seen_phone: dict[str, int] = {}
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[str, dict[str, Any]]] = []
    rows = plan.data_rows
    total = len(rows)
    mapped = set(plan.mapping.values())

    def flush() -> None:
        if dry_run or not (inserts or updates):
            inserts.clear()
            updates.clear()
            return
        with store.write() as conn:
            visitors_repo.insert_many(conn, inserts)
            for visitor_id, values in updates:
                visitors_repo.update(conn, visitor_id, values)
            audit_repo.append(conn, store.stamp, "import", "visitor", None,
                              {"file": plan.path.name, "inserted": len(inserts), "updated": len(updates)})
        inserts.clear()
        updates.clear()

    for offset, raw in enumerate(rows):
        if cancel is not None and cancel.is_set:
            report.cancelled = True
            break
        row_number = plan.first_row_number + offset
        cells = {f: raw[i] if i < len(raw) else "" for i, f in plan.mapping.items()}
        if not any(v.strip() for v in cells.values()):
            continue
        draft, problems = _draft_from_cells(cells)
        errors = validate_draft(draft, require_consent=False)
        if errors:
            report.skipped += 1
            report.errors.extend(_issue(row_number, p) for p in errors)
            continue
        values = row_values(draft)
        email, phone = values["email_key"], values["phone_digits"]
        earlier = (email and seen_email.get(email), phone and seen_phone.get(phone))
        if earlier[0] or earlier[1]:
            key, other = ("email", earlier[0]) if earlier[0] else ("phone", earlier[1])
            report.skipped += 1
            report.errors.append(RowIssue(row_number, "duplicate_in_file",
                                          (("key", key), ("other_row", str(other)))))
            continue
        match_email = by_email.get(email) if email else None
        match_phone = by_phone.get(phone) if phone else None
        if match_email and match_phone and match_email != match_phone:
            report.skipped += 1
            report.errors.append(RowIssue(row_number, "conflicting_match"))
            continue
        report.warnings.extend(_issue(row_number, p) for p in problems)
        if email:
            seen_email[email] = row_number
        if phone:
            seen_phone[phone] = row_number
        existing = match_email or match_phone
        if existing:
            current = visitors_repo.get(store.conn, existing) or {}
            merged = replace(draft, **{f: getattr(draft, f) or current.get(f, "") for f in _DRAFT_FIELDS})
            if "visitor_class" not in mapped:
                merged = replace(merged, visitor_class=current.get("visitor_class", merged.visitor_class))
            changed = {k: v for k, v in row_values(merged).items() if v != current.get(k)}
            if changed:
                updates.append((existing, {**changed, **store.stamps(created=False)}))
                report.updated += 1
            else:
                report.unchanged += 1
        else:
            visitor_id = new_id()
            inserts.append({"id": visitor_id, **values, "source": "import", "blocked": 0,
                            "blocked_reason": "",
                            **consent_values(draft.consents, notice_version, utc_now()),
                            **store.stamps()})
            if email:
                by_email[email] = visitor_id
            if phone:
                by_phone[phone] = visitor_id
            report.imported += 1
        if len(inserts) + len(updates) >= BATCH_ROWS:
            flush()
            progress(offset + 1, total)
    flush()
    progress(total if not report.cancelled else offset, total)
    change = VisitorsChanged(reload=not dry_run and bool(report.imported or report.updated))
    return report, change


def import_file(store: EventStore, path: Path | str, *, dry_run: bool = False,
                mapping: Sequence[tuple[int, str]] | None = None,
                progress: ProgressCallback = no_progress,
                cancel: CancelFlag | None = None) -> tuple[ImportReport, VisitorsChanged]:
    """Plan and run in one call (the CLI, and tests)."""
    plan = plan_import(path)
    if mapping is not None:
        plan = plan.with_mapping(dict(mapping))
    return run_import(store, plan, dry_run=dry_run, progress=progress, cancel=cancel)
