"""The columns of a consultation request list: which header means what, and what shape the list is.

Three shapes are read, and a file may mix them:

- **buyers' wishes**: a row per buyer, 바이어명 / 회사명 / 국가 / 언어 / 참가일 / 희망기업1 … 희망기업5
  (the column's number is the buyer's rank);
- **exhibitors' wishes**: a row per exhibitor, 기업명 / 희망바이어1 … 희망바이어5 (the exhibitor's ranks);
- **one request per row**: 바이어 / 기업 / 순위 / 구분 (who asked: 바이어, 기업 or 상호).

A header is compared whole with the labels lists use, then read for a number (희망기업3, '3순위
기업', 'Preferred exhibitor 3') and the words around it. Some headers mean different things in
different shapes, and are settled once the whole header row is read: 회사명 is the buyer's
company beside 희망기업N, and the exhibitor beside 희망바이어N; a contact person's name in an
exhibitors' list is the exhibitor's, not a buyer, and is not read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from expo_console.domain.text import identity_key

BUYER, BUYER_COMPANY, BUYER_EMAIL, BUYER_PHONE = "buyer", "buyer_company", "buyer_email", "buyer_phone"
COUNTRY, LANGUAGE, DAYS = "country", "language", "days"
EXHIBITOR, RANK, SIDE = "exhibitor", "rank", "side"
WISH, BUYER_WISH = "wish", "buyer_wish"  # wish:N, the buyer's N-th exhibitor; buyer_wish:N, the exhibitor's N-th buyer
MAX_WISHES = 10
PLAIN_FIELDS = (BUYER, BUYER_COMPANY, BUYER_EMAIL, BUYER_PHONE, COUNTRY, LANGUAGE, DAYS, EXHIBITOR, RANK, SIDE)
FIELDS = (*PLAIN_FIELDS, *(f"{WISH}:{n}" for n in range(1, MAX_WISHES + 1)),
          *(f"{BUYER_WISH}:{n}" for n in range(1, MAX_WISHES + 1)))
BUYER_KEYS = (BUYER, BUYER_EMAIL, BUYER_PHONE)  # what finds the row's buyer

# Shapes (a file may hold more than one: a combined sheet).
BUYER_ROWS, EXHIBITOR_ROWS, ONE_PER_ROW = "buyer_rows", "exhibitor_rows", "one_per_row"

# Headers that say which side they are on ('바이어 회사명') …
_EXPLICIT: dict[str, tuple[str, ...]] = {
    BUYER: ("바이어명", "바이어", "바이어성명", "바이어이름", "바이어담당자", "buyer", "buyername", "buyercontact"),
    BUYER_COMPANY: ("바이어회사", "바이어회사명", "바이어사", "바이어업체", "바이어업체명", "바이어소속", "바이어기업",
                    "바이어기업명", "buyercompany", "buyercompanyname", "buyerorganization"),
    BUYER_EMAIL: ("바이어이메일", "바이어메일", "buyeremail", "buyermail"),
    BUYER_PHONE: ("바이어연락처", "바이어전화", "바이어휴대폰", "buyerphone", "buyermobile", "buyertel"),
    COUNTRY: ("국가", "국적", "나라", "바이어국가", "country", "nationality", "buyercountry"),
    LANGUAGE: ("언어", "사용언어", "통역언어", "희망통역언어", "통역", "통역필요언어", "language", "interpreter",
               "interpretation", "buyerlanguage"),
    DAYS: ("참가일", "참가일자", "참가날짜", "참석일", "방문일", "방문예정일", "상담일", "상담일자", "상담희망일",
           "참가희망일", "days", "day", "date", "dates", "attendance", "attendingdays", "visitdate"),
    EXHIBITOR: ("기업명", "기업", "참가기업", "참가기업명", "참가업체", "참가업체명", "업체명", "출품기업", "출품기업명",
                "출품사", "참가사", "상담기업", "상담기업명", "셀러", "셀러기업", "exhibitor", "exhibitorname",
                "exhibitingcompany", "supplier", "seller"),
    RANK: ("순위", "희망순위", "우선순위", "선호순위", "지망", "rank", "ranking", "priority", "preference"),
    SIDE: ("구분", "신청구분", "신청자", "요청자", "신청주체", "희망주체", "side", "requestedby", "requester", "by"),
}
# … and headers a list uses for whoever its rows are about.
_GENERIC_PERSON = ("성명", "이름", "성함", "담당자", "담당자명", "대표자", "name", "fullname", "contactname",
                   "contactperson", "contact")
_GENERIC_COMPANY = ("회사명", "회사", "소속", "소속회사", "업체", "company", "companyname", "organization",
                    "organisation")
_GENERIC_EMAIL = ("이메일", "메일", "이메일주소", "email", "e-mail", "mail", "emailaddress")
_GENERIC_PHONE = ("연락처", "휴대폰", "휴대전화", "전화", "전화번호", "핸드폰", "phone", "mobile", "tel", "cellphone")
_LOOKUP = {identity_key(alias): field for field, aliases in _EXPLICIT.items() for alias in aliases}
_GENERIC = {**{identity_key(a): "person" for a in _GENERIC_PERSON}, **{identity_key(a): "company" for a in _GENERIC_COMPANY},
            **{identity_key(a): "email" for a in _GENERIC_EMAIL}, **{identity_key(a): "phone" for a in _GENERIC_PHONE}}

# A numbered header: its number and the words around it ('희망기업3', '3순위 기업', 'Buyer 2').
_NUMBERED = re.compile(r"(?<!\d)(\d{1,2})(?:순위|지망|위|번째|번|st|nd|rd|th)?(?!\d)")
_BUYER_WORDS = ("바이어", "buyer", "구매자", "구매사")
_EXHIBITOR_WORDS = ("기업", "업체", "회사", "출품", "참가사", "셀러", "브랜드", "exhibitor", "company", "supplier",
                    "seller", "brand")
_WISH_WORDS = ("희망", "순위", "지망", "선호", "wish", "choice", "preferred", "preference", "rank", "priority", "pick")


def _numbered(header: str) -> tuple[str, int] | None:
    """('wish' | 'buyer_wish' | '', N) for a numbered wish column; '' when the words do not say
    whose wish it is ('1순위' alone), for the shape to settle."""
    compact = identity_key(header)
    match = _NUMBERED.search(compact)
    if match is None:
        return None
    number = int(match.group(1))
    if not 1 <= number <= MAX_WISHES:
        return None
    words = compact[:match.start()] + compact[match.end():]
    if any(w in words for w in _BUYER_WORDS):
        return BUYER_WISH, number
    if any(w in words for w in _EXHIBITOR_WORDS):
        return WISH, number
    if not words or any(w in words for w in _WISH_WORDS):
        return "", number
    return None


def _first_reading(headers: Sequence[str]) -> tuple[dict[int, str], dict[int, str], dict[int, int]]:
    """Explicit fields, generic ones ('person', 'company' …) and unnamed numbered columns."""
    explicit: dict[int, str] = {}
    generic: dict[int, str] = {}
    unnamed: dict[int, int] = {}
    for index, header in enumerate(headers):
        key = identity_key(header)
        if not key:
            continue
        if key in _LOOKUP:
            explicit[index] = _LOOKUP[key]
        elif key in _GENERIC:
            generic[index] = _GENERIC[key]
        elif (numbered := _numbered(header)) is not None:
            side, number = numbered
            if side:
                explicit[index] = f"{side}:{number}"
            else:
                unnamed[index] = number
    return explicit, generic, unnamed


def guess_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index → field for the columns recognised; a field is taken once, leftmost first."""
    explicit, generic, unnamed = _first_reading(headers)
    fields = set(explicit.values())
    wishes = any(f.startswith(WISH + ":") for f in fields)
    buyer_wishes = any(f.startswith(BUYER_WISH + ":") for f in fields)
    exhibitor_rows = buyer_wishes and not wishes and BUYER not in fields
    if not wishes and not buyer_wishes and unnamed:
        # '1순위, 2순위 …' alone: an exhibitors' list when it names an exhibitor and no buyer
        exhibitor_rows = EXHIBITOR in fields and BUYER not in fields and "person" not in generic.values()
    mapping: dict[int, str] = {}
    taken: set[str] = set()

    def take(index: int, field: str) -> None:
        if field not in taken:
            mapping[index] = field
            taken.add(field)

    for index, field in sorted(explicit.items()):
        take(index, field)
    for index, number in sorted(unnamed.items()):
        take(index, f"{BUYER_WISH if exhibitor_rows else WISH}:{number}")
    for index, kind in sorted(generic.items()):
        if exhibitor_rows:
            if kind == "company":  # the exhibitor's own name; its contact details are not read
                take(index, EXHIBITOR)
            continue
        if kind == "company" and EXHIBITOR not in taken and not wishes and RANK in taken:
            take(index, EXHIBITOR)  # '바이어명, 회사명, 순위': the company asked for
            continue
        take(index, {"person": BUYER, "company": BUYER_COMPANY, "email": BUYER_EMAIL, "phone": BUYER_PHONE}[kind])
    return mapping


def shapes(mapping: Mapping[int, str]) -> tuple[str, ...]:
    """The shapes a mapping reads, in the order of the module's list."""
    fields = set(mapping.values())
    found = []
    if any(f.startswith(WISH + ":") for f in fields):
        found.append(BUYER_ROWS)
    if any(f.startswith(BUYER_WISH + ":") for f in fields):
        found.append(EXHIBITOR_ROWS)
    if not found and EXHIBITOR in fields and fields & set(BUYER_KEYS):
        found.append(ONE_PER_ROW)
    return tuple(found)


def missing(mapping: Mapping[int, str]) -> str:
    """What the mapping lacks before anything can be imported, as a message code ('' if nothing)."""
    fields = set(mapping.values())
    found = shapes(mapping)
    if not found:
        return "requests_no_wish_columns"
    if BUYER_ROWS in found and not fields & set(BUYER_KEYS):
        return "requests_no_buyer_column"
    if EXHIBITOR_ROWS in found and EXHIBITOR not in fields:
        return "requests_no_exhibitor_column"
    return ""


def rank_of(field: str) -> int:
    """N of 'wish:N' or 'buyer_wish:N'."""
    return int(field.partition(":")[2])
