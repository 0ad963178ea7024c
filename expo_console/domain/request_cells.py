"""What the cells of a consultation request list say: a rank, who asked (구분), a language, the
days a buyer attends. Lists are typed by people, so each reader takes the forms they use
('1순위', '2지망', '첫째'; '바이어', 'Exhibitor'; '중국어', '中文', 'zh'; '10/5, 10/6', '1일차',
'전일') and answers None for what it cannot read, for the import to report with the row.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from enum import StrEnum

from expo_console.domain.text import identity_key

MAX_RANK = 99


class Side(StrEnum):
    BUYER = "buyer"  # the buyer asked to meet the exhibitor
    EXHIBITOR = "exhibitor"  # the exhibitor asked to meet the buyer
    MUTUAL = "mutual"  # both did


_SIDES: dict[Side, tuple[str, ...]] = {
    Side.BUYER: ("바이어", "buyer", "b", "구매", "구매자", "구매사", "바이어신청", "바이어요청", "바이어희망"),
    Side.EXHIBITOR: ("기업", "참가기업", "참가업체", "업체", "exhibitor", "e", "seller", "셀러", "supplier", "출품",
                     "출품기업", "출품사", "참가사", "기업신청", "기업요청", "기업희망", "판매사", "공급사"),
    Side.MUTUAL: ("상호", "쌍방", "양방향", "양측", "mutual", "both", "매칭", "상호희망", "쌍방희망", "m"),
}
_SIDE_OF = {identity_key(word): side for side, words in _SIDES.items() for word in words}

_ORDINALS = {"첫": 1, "첫째": 1, "두": 2, "둘째": 2, "세": 3, "셋째": 3, "네": 4, "넷째": 4, "다섯": 5, "다섯째": 5,
             "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
_NUMBER = re.compile(r"\d{1,3}")
_ORDINAL_WORD = re.compile(r"^(첫째|둘째|셋째|넷째|다섯째|첫|두|세|네|다섯|first|second|third|fourth|fifth)")

# Language names and codes as lists write them → ISO 639-1 (the interpreters' codes).
_LANGUAGES: dict[str, tuple[str, ...]] = {
    "ko": ("한국어", "국어", "korean", "ko", "kor", "kr", "한글"),
    "en": ("영어", "english", "en", "eng"),
    "zh": ("중국어", "중문", "chinese", "mandarin", "中文", "汉语", "漢語", "普通话", "zh", "chn", "cn"),
    "ja": ("일본어", "일어", "japanese", "日本語", "ja", "jp", "jpn"),
    "vi": ("베트남어", "vietnamese", "tiếngviệt", "vi", "vn", "vie"),
    "th": ("태국어", "thai", "ภาษาไทย", "th", "tha"),
    "id": ("인도네시아어", "indonesian", "bahasaindonesia", "bahasa", "id", "ind"),
    "ms": ("말레이어", "말레이시아어", "malay", "ms"),
    "ru": ("러시아어", "russian", "русский", "ru", "rus"),
    "mn": ("몽골어", "mongolian", "mn"),
    "ar": ("아랍어", "arabic", "العربية", "ar"),
    "es": ("스페인어", "spanish", "español", "es"),
    "fr": ("프랑스어", "불어", "french", "français", "fr"),
    "de": ("독일어", "german", "deutsch", "de"),
    "pt": ("포르투갈어", "portuguese", "português", "pt"),
}
_LANGUAGE_OF = {identity_key(word): code for code, words in _LANGUAGES.items() for word in words}
_NO_INTERPRETER = {identity_key(w) for w in ("없음", "불필요", "필요없음", "통역불필요", "none", "no", "n", "-", "x")}

_EVERY_DAY = {identity_key(w) for w in ("전일", "전체", "모든날", "매일", "전기간", "all", "alldays", "every day",
                                        "everyday", "all days")}
_FULL_DATE = r"(?P<y>\d{4})\s*[-./년]\s*(?P<m>\d{1,2})\s*[-./월]\s*(?P<d>\d{1,2})\s*일?"
_MONTH_DAY_KO = r"(?P<m2>\d{1,2})\s*월\s*(?P<d2>\d{1,2})\s*일"
_MONTH_DAY = r"(?P<m3>\d{1,2})\s*[/.]\s*(?P<d3>\d{1,2})"
_NTH_DAY = r"(?:(?P<n>\d)\s*(?:일\s*차|일째|차)|day\s*(?P<n2>\d)|(?P<n3>\d)\s*(?:st|nd|rd|th)\s*day)"
_DAY_OF_MONTH = r"(?P<d4>\d{1,2})\s*일"
_DAY_TOKEN = re.compile("|".join((_FULL_DATE, _MONTH_DAY_KO, _NTH_DAY, _MONTH_DAY, _DAY_OF_MONTH)), re.IGNORECASE)
_RANGE = re.compile(r"^\s*(?:~|–|—|부터|to|-)\s*$", re.IGNORECASE)


def parse_rank(text: str) -> int | None:
    """'1', '1순위', '2지망', '3rd', '첫째' → the rank; None when no rank can be read (or it is
    0 or over MAX_RANK)."""
    cleaned = identity_key(text)
    if not cleaned:
        return None
    number = _NUMBER.search(cleaned)
    if number is not None:
        value = int(number.group())
    else:
        word = _ORDINAL_WORD.match(cleaned)
        if word is None:
            return None
        value = _ORDINALS[word.group(1)]
    return value if 1 <= value <= MAX_RANK else None


def parse_side(text: str) -> Side | None:
    """Who asked, from a 구분 cell; an empty cell is the buyer (requests are the buyers' wishes
    unless a list says otherwise); None when the cell says something else."""
    key = identity_key(text)
    if not key:
        return Side.BUYER
    if key in _SIDE_OF:
        return _SIDE_OF[key]
    for side, words in _SIDES.items():  # '바이어 → 기업' or '기업 희망': the first word that says
        if any(len(identity_key(w)) > 1 and key.startswith(identity_key(w)) for w in words):
            return side
    return None


def parse_language(text: str) -> str | None:
    """A language name or code → its ISO 639-1 code; '' when the cell says no interpreter is
    needed or is empty (nothing to change); None when it cannot be read."""
    key = identity_key(text)
    if not key or key in _NO_INTERPRETER:
        return ""
    if key in _LANGUAGE_OF:
        return _LANGUAGE_OF[key]
    for known, code in _LANGUAGE_OF.items():  # '중국어(북경어)', 'Chinese (Mandarin)'
        if len(known) > 2 and key.startswith(known):
            return code
    return None


def parse_days(text: str, event_days: Sequence[dt.date]) -> tuple[dt.date, ...] | None:
    """The event days a cell names: '2022-10-05', '10/5, 10/6', '10월 5일', '5일', '1일차',
    'Day 2', '10/4~10/6', '전일'. () when the cell is empty; None when it names something that is
    not a day of the event (or nothing readable)."""
    if not text.strip():
        return ()
    if identity_key(text) in _EVERY_DAY:
        return tuple(event_days)
    found: list[dt.date] = []
    ranges: list[tuple[int, int]] = []
    last_end = 0
    for match in _DAY_TOKEN.finditer(text):
        day = _day_of(match, event_days)
        if day is None:
            return None
        if found and _RANGE.match(text[last_end:match.start()]):
            ranges.append((len(found) - 1, len(found)))
        found.append(day)
        last_end = match.end()
    if not found:
        return None
    chosen = set(found)
    for start, end in ranges:
        chosen.update(d for d in event_days if found[start] <= d <= found[end])
    return tuple(sorted(chosen))


def _day_of(match: re.Match[str], event_days: Sequence[dt.date]) -> dt.date | None:
    groups = match.groupdict()
    if groups["y"]:
        try:
            day = dt.date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        except ValueError:
            return None
        return day if day in event_days else None
    if groups["m2"] or groups["m3"]:
        month, date = (groups["m2"], groups["d2"]) if groups["m2"] else (groups["m3"], groups["d3"])
        return next((d for d in event_days if (d.month, d.day) == (int(month), int(date))), None)
    if groups["n"] or groups["n2"] or groups["n3"]:
        index = int(groups["n"] or groups["n2"] or groups["n3"])
        return event_days[index - 1] if 1 <= index <= len(event_days) else None
    return next((d for d in event_days if d.day == int(groups["d4"])), None)
