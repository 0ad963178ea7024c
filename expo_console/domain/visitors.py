"""Visitors: classes, consents and the draft a desk fills in before a visitor is saved."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from typing import Any

from expo_console.domain.phone import is_valid_phone
from expo_console.domain.text import clean_field, fold, identity_key

# visitors.source of the people a simulated day made up: not the event's people, so the list
# hides them unless asked and `simulate --remove` deletes them again
SIMULATED_SOURCE = "simulated"


class VisitorClass(StrEnum):
    VISITOR = "visitor"
    DOMESTIC_BUYER = "domestic_buyer"
    OVERSEAS_BUYER = "overseas_buyer"
    EXHIBITOR_STAFF = "exhibitor_staff"
    PRESS = "press"
    VIP = "vip"
    STAFF = "staff"
    ORGANIZER = "organizer"


# What registration forms and spreadsheets write in the 구분 column, folded (see text.fold).
CLASS_ALIASES: dict[str, VisitorClass] = {
    alias: cls
    for cls, aliases in {
        VisitorClass.VISITOR: ["visitor", "참관객", "참관", "일반", "일반참관객", "관람객", "general"],
        VisitorClass.DOMESTIC_BUYER: ["domestic_buyer", "buyer", "바이어", "국내바이어", "구매자",
                                      "domestic buyer"],
        VisitorClass.OVERSEAS_BUYER: ["overseas_buyer", "해외바이어", "해외 바이어", "overseas buyer",
                                      "foreign buyer"],
        VisitorClass.EXHIBITOR_STAFF: ["exhibitor_staff", "exhibitor", "출품기업", "출품", "출품사",
                                       "참가기업", "전시업체", "exhibitor staff"],
        VisitorClass.PRESS: ["press", "media", "프레스", "기자", "언론", "언론사"],
        VisitorClass.VIP: ["vip", "귀빈", "내빈"],
        VisitorClass.STAFF: ["staff", "운영요원", "스태프", "운영"],
        VisitorClass.ORGANIZER: ["organizer", "organiser", "주최", "주최측", "주관"],
    }.items()
    for alias in aliases
}


def parse_visitor_class(raw: str) -> VisitorClass | None:
    """The class named in a cell, or None when the text names none (blank means visitor)."""
    text = fold(raw).strip()
    if not text:
        return VisitorClass.VISITOR
    return CLASS_ALIASES.get(text) or CLASS_ALIASES.get(text.replace(" ", ""))


class RegistrationStatus(StrEnum):
    """Where a registration stands in the organiser's own tool. Only a registered visitor gets a
    badge and passes a gate; the others are kept so that the desk can tell them why."""

    REGISTERED = "registered"
    WAITING = "waiting"  # 대기: not approved yet
    CANCELLED = "cancelled"  # 취소
    REJECTED = "rejected"  # 거절 / 반려


class Consent(StrEnum):
    REQUIRED = "required"  # 개인정보 수집·이용 (필수)
    PROVISION = "provision"  # 제3자(출품기업) 제공 (선택)
    MARKETING = "marketing"  # 마케팅 정보 수신 (선택)


@dataclass(frozen=True, slots=True)
class VisitorDraft:
    """What a person typed or a row delivered, before it is cleaned, checked and stored."""

    name: str = ""
    name_en: str = ""
    company: str = ""
    title: str = ""
    visitor_class: str = VisitorClass.VISITOR.value
    phone: str = ""
    email: str = ""
    country: str = ""
    notes: str = ""
    consents: frozenset[Consent] = field(default_factory=frozenset)


TEXT_FIELDS = ("name", "name_en", "company", "title", "phone", "email", "country", "notes")


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """A code for what is wrong with one field; the UI turns it into words."""

    field: str
    code: str
    params: tuple[tuple[str, str], ...] = ()


def clean_draft(draft: VisitorDraft) -> tuple[VisitorDraft, list[FieldProblem]]:
    """Normalise every text field; report truncations and removed characters as warnings."""
    values: dict[str, Any] = {}
    problems: list[FieldProblem] = []
    for name in TEXT_FIELDS:
        cleaned = clean_field(name, getattr(draft, name))
        values[name] = cleaned.value
        if cleaned.truncated:
            problems.append(FieldProblem(name, "truncated_warning",
                                         (("length", str(len(cleaned.value))),)))
        if cleaned.removed_characters:
            problems.append(FieldProblem(name, "control_characters_removed_warning"))
    values["email"] = values["email"].replace(" ", "")
    return replace(draft, **values), problems


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
CLASS_CODES = frozenset(c.value for c in VisitorClass)


def field_errors(name: str, name_en: str, email: str, phone_valid: bool,
                 visitor_class: str) -> list[FieldProblem]:
    """Errors in cleaned field values; shared by the form and the bulk import."""
    problems: list[FieldProblem] = []
    if not name and not name_en:
        problems.append(FieldProblem("name", "name_required"))
    if email and not _EMAIL.match(email):
        problems.append(FieldProblem("email", "email_invalid"))
    if not phone_valid:
        problems.append(FieldProblem("phone", "phone_invalid"))
    if visitor_class not in CLASS_CODES:
        problems.append(FieldProblem("visitor_class", "class_unknown", (("value", visitor_class),)))
    return problems


def validate_draft(draft: VisitorDraft, *, require_consent: bool = True) -> list[FieldProblem]:
    """Errors that stop a save. The draft is expected to be cleaned already."""
    problems = field_errors(draft.name, draft.name_en, draft.email, is_valid_phone(draft.phone),
                            draft.visitor_class)
    if require_consent and Consent.REQUIRED not in draft.consents:
        problems.append(FieldProblem("consents", "required_consent_missing"))
    return problems


def email_key(email: str) -> str:
    """Emails match case-insensitively: 'Kim@Example.com' and 'kim@example.com' are one."""
    return email.strip().casefold()


@lru_cache(maxsize=65_536)
def _company_key(company: str) -> str:
    return identity_key(company)  # cached: thousands of visitors share a few companies


def person_key(name: str, company: str) -> str:
    """Normalised name + company, for the 'probably the same person' check."""
    return identity_key(name) + "|" + _company_key(company)


def names_disagree(row_name: str, row_name_en: str, name: str, name_en: str) -> bool:
    """True when a row's names positively say it is not the stored person.

    Names are compared normalised ('Lee Tae-eun' = 'lee taeeun'). Any shared name, in either
    field, counts as agreement (a Korean list may put the English name in the name column). A
    disagreement needs a field filled in on both sides: a blank cell, or a Korean name on one
    side and only an English one on the other, is no evidence of a different person.
    """
    row = {identity_key(row_name), identity_key(row_name_en)} - {""}
    stored = {identity_key(name), identity_key(name_en)} - {""}
    if row & stored:
        return False
    return bool(identity_key(row_name) and identity_key(name)) or \
        bool(identity_key(row_name_en) and identity_key(name_en))


def someone_else(row_name: str, row_name_en: str, row_email: str, stored: Mapping[str, Any]) -> bool:
    """A row that matched a stored visitor by phone only, but whose name and e-mail both say it
    is another person: phones are shared (a family's or an office's) and reassigned, so the
    phone alone must not turn one visitor into another. A blank e-mail on either side, or a
    name that agrees, lets the row through as an update of the same person.
    """
    emails_differ = bool(row_email and stored["email"]) and email_key(row_email) != email_key(stored["email"])
    return emails_differ and names_disagree(row_name, row_name_en, stored["name"], stored["name_en"])
