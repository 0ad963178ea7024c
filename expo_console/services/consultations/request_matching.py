"""Finding the buyer or exhibitor a request list names, by explicit rules, and the closest names
when none is found.

**Buyers** are the event's visitors of the buyer classes (or with consultation details):

1. an e-mail in the row that is exactly one buyer's is that buyer; then a phone number (its
   digits, +82 as 0) that is exactly one buyer's. Either is refused when the row's name is
   plainly someone else's (both names given, neither agreeing);
2. otherwise the name, Korean or English (case, spaces and punctuation ignored), with the
   company when the row gives one (its legal form ignored: (주), 주식회사, Co., Ltd.);
   a name alone must be one buyer's: two buyers of that name need the company (or the
   country) to tell them apart;
3. a cell that names a buyer in an exhibitor's list ('김민준 (한빛유통)', 'Wei Wang / Li Trading',
   a name, or a company with a single buyer) is read the same way.

**Exhibitors**: the Korean or English name without its legal form, case, spaces or punctuation,
or its booth number (A-12).

Nothing is guessed: a name found nowhere is reported with the closest names (jamo-aware, see
domain/name_match.py) for a person to correct the file; a registered visitor who is not a buyer
is named as such. Suggestions are worked out once per distinct name, and for the first
SUGGESTION_BUDGET distinct names only, so a hostile list of a million made-up names costs a
dictionary look-up per cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from expo_console.domain.hangul import contains_hangul
from expo_console.domain.name_match import closest, company_key, person_key
from expo_console.domain.phone import phone_digits
from expo_console.domain.text import identity_key
from expo_console.domain.visitors import email_key, names_disagree

SUGGESTION_BUDGET = 500
_UNKNOWN = ("request_buyer_unknown", "request_buyer_unknown_none")


@dataclass(frozen=True)
class Found:
    """An id, or why there is none: a message code, its parameters and the closest names."""

    id: str | None
    code: str = ""
    params: tuple[tuple[str, str], ...] = ()
    suggestions: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Buyer:
    id: str
    name: str
    name_en: str
    company: str
    country: str
    email: str
    phone: str

    @property
    def label(self) -> str:
        name = self.name or self.name_en
        return f"{name} ({self.company})" if self.company else name


def _plainly_someone_else(name: str, known: _Buyer) -> bool:
    """Both names written in one script and not agreeing: '김민준' against '이서연'. A Hangul
    spelling of a foreign buyer's name ('왕웨이' for Wei Wang) is no evidence either way."""
    stored = [n for n in (known.name, known.name_en) if n and contains_hangul(n) == contains_hangul(name)]
    return bool(stored) and all(names_disagree(name, "", n, "") for n in stored)


def _split_buyer_cell(text: str) -> tuple[str, str]:
    """'김민준 ((주)한빛유통)' or 'Wei Wang / Li Trading' → (name, company); (text, '') otherwise."""
    text = text.strip()
    opening = text.find("(")
    if opening > 0 and text.endswith(")"):
        return text[:opening].strip(), text[opening + 1:-1].strip()
    name, slash, company = text.partition("/")
    if slash and name.strip() and company.strip():
        return name.strip(), company.strip()
    return text, ""


class Directory:
    """The event's buyers and exhibitors, indexed the ways a list names them."""

    def __init__(self, buyers: Iterable[Mapping[str, Any]], exhibitors: Iterable[Mapping[str, Any]],
                 others: Any = None) -> None:
        """`others(names, emails)` → visitors who are not buyers (storage's others_named, bound)."""
        self.buyers = [_Buyer(b["id"], b["name"], b["name_en"], b["company"], b.get("country", ""),
                              b.get("email_key", ""), b.get("phone_digits", "")) for b in buyers]
        self._buyer_by_id = {b.id: b for b in self.buyers}
        self._by_email: dict[str, list[str]] = defaultdict(list)
        self._by_phone: dict[str, list[str]] = defaultdict(list)
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_company: dict[str, list[str]] = defaultdict(list)
        for b in self.buyers:
            if b.email:
                self._by_email[b.email].append(b.id)
            if b.phone:
                self._by_phone[b.phone].append(b.id)
            for key in {person_key(b.name), person_key(b.name_en)} - {""}:
                self._by_name[key].append(b.id)
            if company_key(b.company):
                self._by_company[company_key(b.company)].append(b.id)
        self.exhibitor_names = {e["id"]: e["name"] for e in exhibitors}
        self._exhibitor_keys: dict[str, set[str]] = defaultdict(set)
        self._exhibitor_labels: list[tuple[str, str]] = []
        for e in exhibitors:
            for key in {company_key(e["name"]), company_key(e.get("name_en", ""))} - {""}:
                self._exhibitor_keys[key].add(e["id"])
                self._exhibitor_labels.append((key, e["name"]))
            booth = identity_key(str(e.get("booth", "")))
            if booth:
                self._exhibitor_keys["#" + booth].add(e["id"])
        self._buyer_labels = [(key, b.label) for b in self.buyers
                              for key in {person_key(b.name), person_key(b.name_en)} - {""}]
        self._others = others
        self._not_buyers: dict[tuple[str, str], Mapping[str, Any]] = {}
        self._suggested: dict[tuple[str, str], tuple[str, ...]] = {}
        self.suggestions_skipped = 0

    def buyer_label(self, buyer_id: str) -> str:
        known = self._buyer_by_id.get(buyer_id)
        return known.label if known is not None else buyer_id

    # -- exhibitors -----------------------------------------------------------------------------

    def exhibitor(self, text: str) -> Found:
        key = company_key(text)
        ids = self._exhibitor_keys.get(key) or self._exhibitor_keys.get("#" + identity_key(text))
        if ids and len(ids) == 1:
            return Found(next(iter(ids)))
        if ids:
            names = sorted(self.exhibitor_names[i] for i in ids)
            return Found(None, "request_exhibitor_ambiguous", (("name", text), ("choices", ", ".join(names))))
        suggestions = self._suggest("exhibitor", key, self._exhibitor_labels)
        return Found(None, "request_exhibitor_unknown" if suggestions else "request_exhibitor_unknown_none",
                     (("name", text),), suggestions)

    # -- buyers ---------------------------------------------------------------------------------

    def buyer(self, name: str, company: str = "", email: str = "", phone: str = "", country: str = "") -> Found:
        """The row's buyer by the rules above."""
        for ids, what in ((self._by_email.get(email_key(email)) if email.strip() else None, email),
                          (self._by_phone.get(phone_digits(phone)) if len(phone_digits(phone)) >= 7 else None, phone)):
            if ids and len(ids) == 1:
                known = self._buyer_by_id[ids[0]]
                if name and _plainly_someone_else(name, known):
                    return Found(None, "request_contact_of_other_buyer",
                                 (("name", name), ("contact", what), ("other", known.label)))
                return Found(known.id)
        if not name.strip():
            if email.strip() or phone.strip():
                return self._unknown_buyer(email or phone, "", email)
            return Found(None, "request_buyer_missing")
        candidates = self._by_name.get(person_key(name), [])
        if company.strip():
            wanted = company_key(company)
            same = [i for i in candidates if company_key(self._buyer_by_id[i].company) == wanted]
            if len(same) == 1:
                return Found(same[0])
            if len(same) > 1:
                candidates = same
            elif candidates:  # the name is a buyer's, at another company: a person must say
                return Found(None, "request_buyer_company_differs", (("name", name), ("company", company)),
                             tuple(self._buyer_by_id[i].label for i in candidates[:3]))
        if len(candidates) > 1 and country.strip():
            same_country = [i for i in candidates if self._buyer_by_id[i].country.upper() == country.strip().upper()]
            candidates = same_country or candidates
        if len(candidates) == 1:
            return Found(candidates[0])
        if candidates:
            return Found(None, "request_buyer_ambiguous", (("name", name),),
                         tuple(self._buyer_by_id[i].label for i in candidates[:5]))
        return self._unknown_buyer(name, company, email)

    def buyer_text(self, text: str) -> Found:
        """A cell naming a buyer: 'name (company)', 'name / company', a name, or a company."""
        name, company = _split_buyer_cell(text)
        if company:
            found = self.buyer(name, company)
            if found.id is not None or found.code not in _UNKNOWN:
                return found
        found = self.buyer(text)
        if found.id is not None or found.code not in _UNKNOWN:
            return found
        at_company = self._by_company.get(company_key(text), [])
        if len(at_company) == 1:
            return Found(at_company[0])
        if at_company:
            return Found(None, "request_buyer_ambiguous", (("name", text),),
                         tuple(self._buyer_by_id[i].label for i in at_company[:5]))
        return found

    def _unknown_buyer(self, name: str, company: str, email: str) -> Found:
        other = self._not_a_buyer(name, email)
        if other is not None:
            return Found(None, "request_not_a_buyer", (("name", name), ("visitor_class", other["visitor_class"])))
        suggestions = self._suggest("buyer", person_key(name), self._buyer_labels)
        code = "request_buyer_unknown" if suggestions else "request_buyer_unknown_none"
        return Found(None, code, (("name", name),) + ((("company", company),) if company else ()), suggestions)

    def _not_a_buyer(self, name: str, email: str) -> Mapping[str, Any] | None:
        if self._others is None:
            return None
        key = (person_key(name), email_key(email))
        if key not in self._not_buyers:
            if len(self._not_buyers) >= SUGGESTION_BUDGET:
                return None
            found = self._others([name], [email_key(email)] if email else [])
            self._not_buyers[key] = found[0] if found else {}
        return self._not_buyers[key] or None

    def _suggest(self, kind: str, key: str, labels: list[tuple[str, str]]) -> tuple[str, ...]:
        if (kind, key) in self._suggested:
            return self._suggested[(kind, key)]
        if len(self._suggested) >= SUGGESTION_BUDGET:
            self.suggestions_skipped += 1
            return ()
        found = tuple(closest(key, labels))
        self._suggested[(kind, key)] = found
        return found
