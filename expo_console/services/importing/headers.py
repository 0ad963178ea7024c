"""Finding the header row and mapping its columns to visitor fields, the way a person reads them.

A header is first compared whole with the labels lists use ('성명', 'E-mail', '회사명'); failing
that, it is read for the words in it, because form tools make the question the header ('성함을
입력해 주세요.', '휴대폰 번호 (- 없이 숫자만)') and event platforms have their own labels ('참가자명',
'신청일시'). The word rules are tried in an order that settles overlaps the way the question
means them: a consent question is a consent even when it mentions the e-mail ('이메일 수신 동의'),
a phone or e-mail beats the company it belongs to ('회사 전화'), a company beats a name ('회사
이름'). Nothing is guessed silently: a consent whose purpose cannot be told maps to
CONSENT_UNKNOWN, which the import refuses until someone chooses, and two columns claiming one
field are reported (plan.ImportPlan.warnings).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from expo_console.domain.text import fold, identity_key

# Field → the headers registration sites and Excel lists use for it (compared by identity_key,
# so spaces, case and punctuation do not matter: 'E-mail', 'e mail', '이메일 주소').
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("성명", "이름", "name", "성함", "참가자명", "참관객명", "fullname", "full name",
             "국문성명", "한글성명", "한글이름", "국문이름", "name(korean)", "성명(국문)"),
    "name_en": ("영문성명", "영문이름", "영문명", "englishname", "name(english)", "nameenglish",
                "성명(영문)", "romanizedname"),
    "company": ("회사명", "소속", "기업명", "회사", "company", "companyname", "소속기관",
                "기관명", "업체명", "organization", "organisation", "affiliation", "소속회사"),
    "title": ("직함", "직위", "직급", "title", "jobtitle", "position", "직책"),
    "phone": ("휴대폰", "휴대전화", "연락처", "mobile", "phone", "휴대폰번호", "휴대전화번호",
              "핸드폰", "전화번호", "cellphone", "mobilephone", "tel", "contact", "연락처(휴대폰)"),
    "email": ("이메일", "email", "e-mail", "메일", "이메일주소", "emailaddress", "전자우편", "mail"),
    "visitor_class": ("구분", "참가구분", "type", "참관구분", "등록구분", "category", "class",
                      "visitortype", "분류"),
    "country": ("국가", "country", "국적", "nationality", "나라"),
    "notes": ("비고", "메모", "notes", "note", "remarks", "memo"),
    "consent_required": ("개인정보수집이용동의", "개인정보수집및이용동의", "수집이용동의", "privacyconsent"),
    "consent_provision": ("제3자제공동의", "개인정보제3자제공동의", "정보제공동의",
                          "consenttoshare", "provisionconsent"),
    "consent_marketing": ("마케팅수신동의", "마케팅동의", "광고수신동의", "marketingconsent",
                          "marketing"),
    "registered_at": ("타임스탬프", "timestamp", "신청일시", "등록일시", "신청일", "등록일", "접수일시"),
    "registration_status": ("상태", "신청상태", "status", "등록상태", "참가상태", "승인상태"),
}
IMPORT_FIELDS = tuple(HEADER_ALIASES)
# A column that asks for a consent without saying which: the operator must choose its purpose.
CONSENT_UNKNOWN = "consent_unknown"
CONSENT_FIELDS = ("consent_required", "consent_provision", "consent_marketing")
_LOOKUP = {identity_key(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
HEADER_SEARCH_ROWS = 30

# Words (Korean matched anywhere in the header without spaces; English as whole words).
_CONSENT = ("동의", "consent", "agree", "agreement")
_PURPOSES: dict[str, tuple[str, ...]] = {
    "consent_required": ("수집", "collect", "collection"),
    "consent_provision": ("제3자", "third", "share", "sharing", "출품", "참가기업", "참가사", "후원",
                          "sponsor", "sponsors", "partner", "partners", "exhibitor", "exhibitors"),
    "consent_marketing": ("마케팅", "광고", "홍보", "수신", "뉴스레터", "marketing", "advertising",
                          "newsletter", "newsletters", "promotion", "promotional"),
}
# Said of the required consent when no purpose is named ('개인정보 처리방침 동의 (필수)'); but
# '제공' alone ('개인정보 제공 동의') is either the required consent or a third party's: ask.
_REQUIRED_HINTS = ("필수", "개인정보", "privacy", "personal", "required", "mandatory")
_UNCLEAR_PURPOSE = ("제공", "provide", "provision")
_NOT_REGISTRATION_TIME = ("희망", "예정", "방문일", "참관일", "참가일", "참석일", "관람일", "생년", "birth",
                          "visit", "event")
_NOT_STATUS = ("결제", "입금", "payment", "출석", "체크인", "checkin", "attendance")
_RULES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (  # field, words, unless
    ("registered_at", ("일시", "타임스탬프", "timestamp", "신청일", "등록일", "접수일", "응답일",
                       "제출일", "작성일", "신청시간", "등록시간", "submitted", "submission",
                       "registered", "created"), _NOT_REGISTRATION_TIME),
    ("registration_status", ("상태", "승인여부", "status"), _NOT_STATUS),
    ("name_en", ("영문", "english", "romanized", "로마자"), ("회사", "소속", "기관", "company")),
    ("email", ("이메일", "메일", "전자우편", "email", "e-mail", "mail"), ()),
    ("phone", ("휴대폰", "휴대전화", "핸드폰", "연락처", "전화", "phone", "mobile", "cell", "tel",
               "contact"), ()),
    ("company", ("소속", "회사", "기관", "기업", "업체", "단체", "직장", "company", "organization",
                 "organisation", "affiliation", "employer"), ()),
    ("visitor_class", ("유형", "구분", "티켓", "분류", "참가형태", "권종", "ticket", "type", "category",
                       "class"), ("결제", "payment")),
    ("title", ("직위", "직책", "직급", "직함", "title", "position", "job"), ()),
    ("name", ("성함", "이름", "성명", "참가자명", "신청자명", "참관객명", "방문자명", "name"),
     ("행사", "명단", "event", "user", "file")),
    ("country", ("국가", "국적", "나라", "country", "nationality"), ()),
    # Notes only by their exact labels (비고, 메모): a free-text question ('문의사항', '메모란')
    # may hold anything, and what nobody chose to import is not imported.
)
_ASCII_WORD = re.compile(r"[a-z]+")


def _has(words: tuple[str, ...], compact: str, english: set[str], folded: str) -> bool:
    for word in words:
        if word.isascii() and word.isalpha():
            if word in english:
                return True
        elif word.isascii():  # 'e-mail': as written
            if word in folded:
                return True
        elif word in compact:
            return True
    return False


def _consent_purpose(compact: str, english: set[str], folded: str) -> str:
    named = [field for field, words in _PURPOSES.items() if _has(words, compact, english, folded)]
    if len(named) == 1:
        return named[0]
    if named or _has(_UNCLEAR_PURPOSE, compact, english, folded):
        return CONSENT_UNKNOWN
    return "consent_required" if _has(_REQUIRED_HINTS, compact, english, folded) else CONSENT_UNKNOWN


def field_for_header(header: str) -> str | None:
    """The field a header names: a known label as a whole, else the words in it."""
    compact = identity_key(header)
    if not compact:
        return None
    exact = _LOOKUP.get(compact)
    if exact:
        return exact
    folded = fold(header)
    english = set(_ASCII_WORD.findall(folded))
    if _has(_CONSENT, compact, english, folded):
        return _consent_purpose(compact, english, folded)
    for field, words, unless in _RULES:
        if _has(words, compact, english, folded) and not _has(unless, compact, english, folded):
            return field
    return None


def is_exact_header(header: str) -> bool:
    return identity_key(header) in _LOOKUP


def guess_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index → field for every recognised header; a field is taken once, leftmost first
    (consents of unknown purpose are all kept: each one is asked about)."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = field_for_header(header)
        if field and field not in taken:
            mapping[index] = field
            if field != CONSENT_UNKNOWN:
                taken.add(field)
    return mapping


def duplicate_headers(headers: Sequence[str]) -> dict[str, list[int]]:
    """Field → the columns whose headers all claim it, for every field claimed more than once
    (a second 성명 or 이메일, or 성함 beside 이름): only one of them can be imported."""
    columns: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        field = field_for_header(header)
        if field and field != CONSENT_UNKNOWN:
            columns.setdefault(field, []).append(index)
    return {field: indexes for field, indexes in columns.items() if len(indexes) > 1}


def looks_like_header(row: Sequence[str]) -> bool:
    """A row with a name column and another recognised column, or a known name label as a whole
    cell. A title such as '성명 목록' or '2022 참가자 명단' is one cell and does not count."""
    fields = {field_for_header(cell): cell for cell in row if cell}
    names = [cell for field, cell in fields.items() if field in ("name", "name_en")]
    if not names:
        return False
    return len(set(fields) - {None}) >= 2 or any(is_exact_header(cell) for cell in names)


def find_header_row(rows: Sequence[Sequence[str]]) -> int | None:
    """The index of the first row that looks like a header, among the first rows of the file.

    Rows above it (an event title, a print date, an empty line) are skipped. Other columns may be
    unknown: the mapping dialog lets the desk assign them.
    """
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if looks_like_header(row):
            return index
    return None


def candidate_header_rows(rows: Sequence[Sequence[str]], numbers: Sequence[int],
                          limit: int = 8) -> list[tuple[int, list[str]]]:
    """Rows that could be the header when none was recognised: (row number, first cells) of the
    first rows with two or more filled cells, for the operator (or --map) to choose from."""
    found = []
    for row, number in zip(rows[:HEADER_SEARCH_ROWS], numbers, strict=False):
        cells = [cell.strip() for cell in row if cell.strip()]
        if len(cells) >= 2:
            found.append((number, cells[:6]))
        if len(found) >= limit:
            break
    return found


def header_signature(headers: Sequence[str]) -> str:
    """The same for every file with these headers (however spaced or cased): how a source is
    recognised again, so its mapping can be remembered."""
    keys = [identity_key(header) for header in headers]
    while keys and not keys[-1]:
        keys.pop()
    return hashlib.sha256("\x1f".join(keys).encode("utf-8")).hexdigest()[:16]
