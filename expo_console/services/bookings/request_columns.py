"""The columns of a studio or photo booking request list: a row per request.

기업명 / 출품기업 (the exhibitor; or 부스번호, its booth), 희망일 and 희망시간 (a day column and a time
column, read together), 희망일시 or 희망일시1 … 희망일시5 (a cell with a day and a time, several
per cell allowed; '1지망 날짜' beside '1지망 시간' gives that time its day), 제품 / 상품 (the products to show), 진행자 / 쇼호스트 (the host), 채널 / 판매채널
(the channel), 우선순위 (the organizer's priority), 신청일시 / 접수일시 (when the request came in;
without it, the row order is), 비고 (a note). English headers are read too. A header is compared
whole with these labels, then read for a number (희망일시2, '2지망 시간', 'Preferred time 2').
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from expo_console.domain.text import identity_key
from expo_console.services.importing.request_lists import ListColumns

EXHIBITOR, BOOTH, DAY, TIME, WHEN = "exhibitor", "booth", "day", "time", "when"
PRODUCTS, HOST, CHANNEL, PRIORITY, REQUESTED_AT, NOTE = "products", "host", "channel", "priority", "requested_at", "note"
MAX_WHEN = 5  # when:1 … when:5, the numbered preferred times; day:1 … day:5, a day for each
PLAIN_FIELDS = (EXHIBITOR, BOOTH, DAY, TIME, PRODUCTS, HOST, CHANNEL, PRIORITY, REQUESTED_AT, NOTE)
FIELDS = (*PLAIN_FIELDS, *(f"{WHEN}:{n}" for n in range(1, MAX_WHEN + 1)),
          *(f"{DAY}:{n}" for n in range(1, MAX_WHEN + 1)))
ONE_PER_ROW = "one_per_row"

_ALIASES: dict[str, tuple[str, ...]] = {
    EXHIBITOR: ("기업명", "기업", "출품기업", "출품기업명", "참가기업", "참가기업명", "참가업체", "참가업체명", "업체명", "업체",
                "회사명", "회사", "상호", "상호명", "출품사", "참가사", "신청기업", "신청기업명", "신청업체", "exhibitor",
                "exhibitorname", "company", "companyname", "firm", "seller", "brand"),
    BOOTH: ("부스", "부스번호", "부스no", "booth", "boothno", "boothnumber"),
    DAY: ("희망일", "희망일자", "희망날짜", "희망방송일", "희망촬영일", "방송일", "촬영일", "방송희망일", "촬영희망일", "일자",
          "날짜", "day", "date", "preferredday", "preferreddate"),
    TIME: ("희망시간", "희망시간대", "희망방송시간", "희망촬영시간", "방송시간", "촬영시간", "시간", "시간대", "time",
           "timeslot", "preferredtime", "slot"),
    f"{WHEN}:1": ("희망일시", "희망일정", "일시", "방송희망일시", "촬영희망일시", "희망방송일시", "희망촬영일시",
                  "preferreddatetime", "datetime", "when", "preferredslot", "preferredtimes"),
    PRODUCTS: ("제품", "제품명", "상품", "상품명", "방송상품", "방송제품", "촬영제품", "촬영상품", "판매상품", "품목",
               "제품상품명", "products", "product", "productname", "items", "goods"),
    HOST: ("진행자", "쇼호스트", "호스트", "방송진행자", "진행", "mc", "host", "showhost", "presenter"),
    CHANNEL: ("채널", "판매채널", "방송채널", "송출채널", "라이브채널", "플랫폼", "판매플랫폼", "channel", "platform",
              "saleschannel", "livechannel"),
    PRIORITY: ("우선순위", "순위", "우선", "중요도", "priority", "rank"),
    REQUESTED_AT: ("신청일시", "접수일시", "신청일", "접수일", "신청일자", "접수일자", "신청시간", "접수시간", "제출일시",
                   "타임스탬프", "timestamp", "requestedat", "requested", "submittedat", "submitted", "appliedat",
                   "applicationdate"),
    NOTE: ("비고", "메모", "요청사항", "특이사항", "참고", "참고사항", "기타", "note", "notes", "remark", "remarks",
           "comment", "comments"),
}
_LOOKUP = {identity_key(alias): field for field, aliases in _ALIASES.items() for alias in aliases}
_NUMBERED = re.compile(r"(?<!\d)(\d)(?:순위|지망|번째|차|번|st|nd|rd|th)?(?!\d)")
_WHEN_WORDS = ("희망", "일시", "시간", "일정", "날짜", "희망일", "지망", "순위", "time", "slot", "date", "choice",
               "preferred", "option")


_DAY_WORDS = ("날짜", "일자", "희망일", "date", "day")
_TIME_WORDS = ("시간", "일시", "time", "slot", "when")


def _numbered(header: str) -> tuple[str, int] | None:
    """('when' | 'day', N) of a numbered preferred time ('희망일시2', '2지망 시간', 'Preferred time 2')
    or of its day ('2지망 날짜', '희망일2')."""
    compact = identity_key(header)
    match = _NUMBERED.search(compact)
    if match is None or not 1 <= int(match.group(1)) <= MAX_WHEN:
        return None
    words = compact[:match.start()] + compact[match.end():]
    if not words or not any(w in words for w in _WHEN_WORDS):
        return None
    day_only = any(w in words for w in _DAY_WORDS) and not any(w in words for w in _TIME_WORDS)
    return DAY if day_only else WHEN, int(match.group(1))


def guess_mapping(headers: Sequence[str]) -> dict[int, str]:
    """Column index → field for the columns recognised; a field is taken once, leftmost first."""
    mapping: dict[int, str] = {}
    taken: set[str] = set()
    numbered: list[tuple[int, str, int]] = []
    for index, header in enumerate(headers):
        key = identity_key(header)
        if not key:
            continue
        field = _LOOKUP.get(key)
        if field is None and (found := _numbered(header)) is not None:
            numbered.append((index, *found))
            continue
        if field is not None and field not in taken:
            mapping[index] = field
            taken.add(field)
    for index, kind, number in numbered:  # '희망일시' unnumbered beside '희망일시2' is the first
        field = f"{kind}:{number}"
        if field in taken:
            field = next((f"{kind}:{n}" for n in range(1, MAX_WHEN + 1) if f"{kind}:{n}" not in taken), "")
        if field:
            mapping[index] = field
            taken.add(field)
    return mapping


def shapes(mapping: Mapping[int, str]) -> tuple[str, ...]:
    fields = set(mapping.values())
    return (ONE_PER_ROW,) if fields & {EXHIBITOR, BOOTH} and len(fields) > 1 else ()


def missing(mapping: Mapping[int, str]) -> str:
    return "" if set(mapping.values()) & {EXHIBITOR, BOOTH} else "booking_requests_no_exhibitor_column"


def numbered_columns(mapping: Mapping[int, str]) -> list[tuple[int | None, int | None]]:
    """(time column, day column) of each numbered preferred time, in their number's order."""
    by_number: dict[int, dict[str, int]] = {}
    for index, field in mapping.items():
        kind, _colon, number = field.partition(":")
        if number and kind in (WHEN, DAY):
            by_number.setdefault(int(number), {})[kind] = index
    return [(found.get(WHEN), found.get(DAY)) for _n, found in sorted(by_number.items())]


COLUMNS = ListColumns(FIELDS, guess_mapping, shapes, missing, "booking_requests_no_header")
