"""Registering, editing, blocking and deleting visitors at the desk.

Duplicates are never merged silently: saving a probable duplicate raises DuplicateSuspected
with the candidates, and the desk decides (save anyway with allow_duplicate=True, or edit the
existing visitor). Every change to personal data, and every reveal of a phone number, is
written to the audit log in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from expo_console.domain.access import Action
from expo_console.domain.ids import new_id
from expo_console.domain.phone import Phone, parse_phone
from expo_console.domain.redaction import pseudonym_of
from expo_console.domain.visitors import (
    Consent,
    FieldProblem,
    VisitorDraft,
    clean_draft,
    email_key,
    person_key,
    validate_draft,
)
from expo_console.services.access import require
from expo_console.services.badges.codes import mark_reprint_needed
from expo_console.services.changes import VisitorsChanged
from expo_console.services.events import event_row
from expo_console.services.registration import erasure
from expo_console.storage import audit_repo, badges_repo, visitors_repo
from expo_console.storage.connection import EventStore, overwrite_wal, utc_now


class ValidationFailed(Exception):
    def __init__(self, problems: list[FieldProblem]) -> None:
        super().__init__(", ".join(f"{p.field}: {p.code}" for p in problems))
        self.problems = problems


class DuplicateSuspected(Exception):
    def __init__(self, candidates: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(candidates)} probable duplicate(s)")
        self.candidates = candidates


class VisitorNotFound(Exception):
    pass


@dataclass(frozen=True, slots=True)
class SaveResult:
    visitor_id: str
    change: VisitorsChanged
    warnings: tuple[FieldProblem, ...]


_CONSENT_COLUMNS = {
    Consent.REQUIRED: "consent_required",
    Consent.PROVISION: "consent_provision",
    Consent.MARKETING: "consent_marketing",
}
# Fields whose change is personal data and goes to the audit log by name (never by value).
_PERSONAL = ("name", "name_en", "company", "title", "phone", "email", "country", "notes",
             "visitor_class")


def derived_columns(name: str, name_en: str, company: str, phone: str | Phone,
                    email: str) -> dict[str, str]:
    """The stored forms and match keys computed from cleaned values (phone formatted, keys)."""
    parsed = phone if isinstance(phone, Phone) else parse_phone(phone)
    return {
        "phone": parsed.formatted,
        "phone_digits": parsed.digits,
        "email_key": email_key(email),
        "person_key": person_key(name or name_en, company),
    }


def row_values(draft: VisitorDraft) -> dict[str, Any]:
    """The stored columns derived from a cleaned draft (without consents and stamps)."""
    return {
        "name": draft.name,
        "name_en": draft.name_en,
        "company": draft.company,
        "title": draft.title,
        "visitor_class": draft.visitor_class,
        "email": draft.email,
        "country": draft.country,
        "notes": draft.notes,
        **derived_columns(draft.name, draft.name_en, draft.company, draft.phone, draft.email),
    }


def consent_values(consents: frozenset[Consent], notice_version: str, now: str,
                   previous: dict[str, Any] | None = None) -> dict[str, Any]:
    """Consent columns: a consent given keeps its first time and notice version."""
    values: dict[str, Any] = {}
    for consent, prefix in _CONSENT_COLUMNS.items():
        if consent in consents:
            if previous and previous.get(f"{prefix}_at"):
                values[f"{prefix}_at"] = previous[f"{prefix}_at"]
                values[f"{prefix}_version"] = previous[f"{prefix}_version"]
            else:
                values[f"{prefix}_at"] = now
                values[f"{prefix}_version"] = notice_version
        else:
            values[f"{prefix}_at"] = None
            values[f"{prefix}_version"] = None
    return values


def prepare(draft: VisitorDraft) -> tuple[VisitorDraft, list[FieldProblem]]:
    """Clean and check a draft: raises ValidationFailed, returns the warnings otherwise."""
    cleaned, warnings = clean_draft(draft)
    errors = validate_draft(cleaned)
    if errors:
        raise ValidationFailed(errors)
    return cleaned, warnings


def find_duplicates(store: EventStore, draft: VisitorDraft,
                    exclude_id: str | None = None) -> list[dict[str, Any]]:
    """The visitors the draft may be (their records are shown to the desk to decide)."""
    require(store, Action.VIEW_VISITORS)
    values = row_values(clean_draft(draft)[0])
    return visitors_repo.probable_duplicates(
        store.conn, email_key=values["email_key"], phone_digits=values["phone_digits"],
        person_key=values["person_key"], exclude_id=exclude_id,
    )


def register_visitor(store: EventStore, draft: VisitorDraft, *, allow_duplicate: bool = False,
                     source: str = "walk_in") -> SaveResult:
    require(store, Action.REGISTER)
    cleaned, warnings = prepare(draft)
    notice_version = event_row(store)["consent_notice_version"]
    with store.write() as conn:
        if not allow_duplicate:
            candidates = find_duplicates(store, cleaned)
            if candidates:
                raise DuplicateSuspected(candidates)
        visitor_id = new_id()
        now = utc_now()
        row = {
            "id": visitor_id, **row_values(cleaned), "source": source, "blocked": 0,
            "blocked_reason": "", **consent_values(cleaned.consents, notice_version, now),
            "registration_status": "registered", "registered_at": now, **store.stamps(),
        }
        visitors_repo.insert_many(conn, [row])
        audit_repo.append(conn, store.stamp, "create", "visitor", visitor_id,
                          {"source": source, "duplicate_confirmed": allow_duplicate})
    return SaveResult(visitor_id, VisitorsChanged(upserted=(visitor_id,)), tuple(warnings))


def update_visitor(store: EventStore, visitor_id: str, draft: VisitorDraft, *,
                   allow_duplicate: bool = False) -> SaveResult:
    require(store, Action.EDIT_VISITOR)
    cleaned, warnings = prepare(draft)
    notice_version = event_row(store)["consent_notice_version"]
    with store.write() as conn:
        previous = visitors_repo.get(conn, visitor_id)
        if previous is None:
            raise VisitorNotFound(visitor_id)
        if not allow_duplicate:
            candidates = find_duplicates(store, cleaned, exclude_id=visitor_id)
            if candidates:
                raise DuplicateSuspected(candidates)
        values = {**row_values(cleaned),
                  **consent_values(cleaned.consents, notice_version, utc_now(), previous),
                  **store.stamps(created=False)}
        changed = sorted(f for f in _PERSONAL if previous[f] != values[f])
        changed += sorted(c for c in _CONSENT_COLUMNS.values() if previous[f"{c}_at"] != values[f"{c}_at"])
        visitors_repo.update(conn, visitor_id, values)
        audit_repo.append(conn, store.stamp, "update", "visitor", visitor_id, {"fields": changed})
        mark_reprint_needed(conn, visitor_id, changed)  # the badge in hand shows the old details
    return SaveResult(visitor_id, VisitorsChanged(upserted=(visitor_id,)), tuple(warnings))


def set_blocked(store: EventStore, visitor_id: str, blocked: bool, reason: str = "") -> VisitorsChanged:
    require(store, Action.BLOCK_VISITOR)
    with store.write() as conn:
        if visitors_repo.get(conn, visitor_id) is None:
            raise VisitorNotFound(visitor_id)
        visitors_repo.update(conn, visitor_id, {"blocked": int(blocked),
                                                "blocked_reason": reason if blocked else "",
                                                **store.stamps(created=False)})
        audit_repo.append(conn, store.stamp, "block" if blocked else "unblock", "visitor",
                          visitor_id, {"reason": reason})
    return VisitorsChanged(upserted=(visitor_id,))


def delete_visitor(store: EventStore, visitor_id: str, reason: str = "") -> VisitorsChanged:
    """Erases the visitor (registration/erasure.py): their row and badges go; their scans,
    print-log rows, cancelled badges and class stay under a pseudonym so that every figure stays
    as it was, and the access records about them keep who did what, with free text redacted. A
    deleted visitor's badge is refused at the gate as cancelled, with when and by whom. The
    reason is required and kept with the deletion (say why, not who: it is not redacted)."""
    require(store, Action.DELETE_VISITOR, reason)
    pseudonym = pseudonym_of(visitor_id)
    with store.write() as conn:
        if visitors_repo.get(conn, visitor_id) is None:
            raise VisitorNotFound(visitor_id)
        cancelled = badges_repo.cancel_visitor_badges(conn, visitor_id, reason.strip() or "visitor deleted",
                                                      utc_now(), store.stamp.operator, store.stamp.desk_id,
                                                      recorded_as=pseudonym)
        erased = erasure.erase_traces(conn, visitor_id, pseudonym, store.stamps())
        visitors_repo.delete_only(conn, visitor_id)
        audit_repo.append(conn, store.stamp, "delete", "visitor", pseudonym,
                          {"reason": reason.strip(), "badges_cancelled": cancelled, "erased": erased})
    overwrite_wal(store)  # the WAL's older copies of the visitor's pages go too
    return VisitorsChanged(deleted=(visitor_id,))


def reveal_phone(store: EventStore, visitor_id: str, reason: str = "") -> str:
    """The unmasked phone number; the reveal is logged with who, when and why (a reason is required)."""
    require(store, Action.REVEAL_PHONE, reason)
    with store.write() as conn:
        row = visitors_repo.get(conn, visitor_id)
        if row is None:
            raise VisitorNotFound(visitor_id)
        audit_repo.append(conn, store.stamp, "reveal_phone", "visitor", visitor_id, {"reason": reason})
    return str(row["phone"])


def get_visitor(store: EventStore, visitor_id: str) -> dict[str, Any]:
    require(store, Action.VIEW_VISITORS)
    row = visitors_repo.get(store.conn, visitor_id)
    if row is None:
        raise VisitorNotFound(visitor_id)
    return row


def draft_from_row(row: dict[str, Any]) -> VisitorDraft:
    """The draft that edits an existing visitor (the form is filled from it)."""
    consents = frozenset(c for c, prefix in _CONSENT_COLUMNS.items() if row.get(f"{prefix}_at"))
    return VisitorDraft(
        name=row["name"], name_en=row["name_en"], company=row["company"], title=row["title"],
        visitor_class=row["visitor_class"], phone=row["phone"], email=row["email"],
        country=row["country"], notes=row["notes"], consents=consents,
    )
