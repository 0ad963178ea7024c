"""Finding the header row and mapping Korean and English column names to visitor fields."""

from __future__ import annotations

from collections.abc import Sequence

from expo_console.domain.text import identity_key

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
    "consent_provision": ("제3자제공동의", "개인정보제3자제공동의", "정보제공동의",
                          "consenttoshare", "provisionconsent"),
    "consent_marketing": ("마케팅수신동의", "마케팅동의", "광고수신동의", "marketingconsent",
                          "marketing"),
}
IMPORT_FIELDS = tuple(HEADER_ALIASES)
_LOOKUP = {identity_key(alias): field for field, aliases in HEADER_ALIASES.items() for alias in aliases}
HEADER_SEARCH_ROWS = 30


def field_for_header(header: str) -> str | None:
    return _LOOKUP.get(identity_key(header))


def guess_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index → field for every recognised header; a field is taken once, leftmost first."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    for index, header in enumerate(headers):
        field = field_for_header(header)
        if field and field not in taken:
            mapping[index] = field
            taken.add(field)
    return mapping


def duplicate_headers(headers: Sequence[str]) -> dict[str, list[int]]:
    """Field → the columns whose headers all name it, for every field named more than once
    (a second 성명 or 이메일, or 성명 beside 이름): only one of them can be imported."""
    columns: dict[str, list[int]] = {}
    for index, header in enumerate(headers):
        field = field_for_header(header)
        if field:
            columns.setdefault(field, []).append(index)
    return {field: indexes for field, indexes in columns.items() if len(indexes) > 1}


def find_header_row(rows: Sequence[Sequence[str]]) -> int | None:
    """The index of the first row with a cell that is exactly a name header (성명, Name …).

    Rows above it (an event title, a print date, an empty line) are skipped; a title such as
    '성명 목록' does not count, because a header cell must be a known header as a whole. Other
    columns may be unknown: the mapping dialog lets the desk assign them.
    """
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if set(guess_mapping(row).values()) & {"name", "name_en"}:
            return index
    return None
