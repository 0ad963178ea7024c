"""What the cells of a studio or photo booking list say: the preferred times, a priority, a channel.

Lists are typed by people, so the readers take the forms Korean offices write:

- preferred times: '11/2 14:00-16:00', '2022-11-02 오후', '10월 5일 오전 10시~12시', '1일차 14시-16시',
  '오후 2시~4시', '14-16시', '2pm-4pm', '15시 이후', '11시 이전', '14:00' (a slot starting in that hour),
  an Excel date-time, several in one cell ('10/5 오전, 10/6 14:00-16:00'; a time after a day
  takes that day), and '무관', '상관없음', 'any' for any time. A time without a day holds on every
  day (or on the days a separate day column names); a day without a time is the whole day.
  Hours 1 to 7 written without 오전/오후 are the afternoon ('2시~4시' is 14:00-16:00): nobody
  broadcasts at 2 in the morning.
- a priority: '1', '1순위', '첫째' (request_cells.parse_rank), or 상/중/하, 높음/보통/낮음, high/low;
- a channel: the platforms' names as people shorten them ('네이버' → 네이버 쇼핑라이브).

Each reader answers what it could read and what it could not, for the import to report.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from expo_console.domain.bookings import Window
from expo_console.domain.request_cells import parse_days, parse_rank
from expo_console.domain.text import identity_key

DAY_START, DAY_END = dt.time(0, 0), dt.time(23, 59)
NOON = dt.time(12, 0)
_ANY_TIME = {identity_key(w) for w in ("무관", "상관없음", "상관 없음", "아무때나", "아무 때나", "언제나", "언제든",
                                       "언제든지", "협의", "조율", "전체", "any", "anytime", "any time", "flexible",
                                       "-", "x")}
_WHOLE_DAY = ("하루종일", "종일", "all day", "allday", "whole day")
_KO_MERIDIEM = r"오전|오후"
_EN_MERIDIEM = r"(?<![a-z])(?:a\.m\.|p\.m\.|am|pm)(?![a-z])"
# A time of day: 14:00, 14:00:00, 14시, 14시 30분, 2시 반, 오후 2시, 2pm; a bare hour (14 in '14-16시')
# counts only beside a range's other end. Digits after '/' or '.' and before '/d' are a date's.
_TOKEN = re.compile(
    rf"(?:(?P<before>{_KO_MERIDIEM}|{_EN_MERIDIEM})\s*)?(?<![\d.:/])(?P<h>\d{{1,2}})(?!\d)"
    r"(?:\s*:\s*(?P<mi>\d{2})(?:\s*:\s*\d{2})?|\s*시(?:\s*(?P<mi2>\d{1,2})\s*분|\s*(?P<half>반))?)?"
    rf"(?![/.]\d)(?:\s*(?P<after>{_EN_MERIDIEM}))?",
    re.IGNORECASE)
_RANGE_SEPARATOR = re.compile(r"^\s*(?:-|~|–|—|부터|에서|to|until)\s*$", re.IGNORECASE)
_HALF_DAY = re.compile(rf"{_KO_MERIDIEM}|{_EN_MERIDIEM}|{'|'.join(_WHOLE_DAY)}", re.IGNORECASE)
_FROM_WORDS = re.compile(r"^\s*(?:이후|부터|以后|after|onwards|or later)", re.IGNORECASE)
_UNTIL_WORDS = re.compile(r"^\s*(?:이전|전까지|까지|before|by)", re.IGNORECASE)
_ENTRY_SEPARATOR = re.compile(r"[,;\n|]|\s/\s|\s또는\s|\sor\s", re.IGNORECASE)
_EXCEL_TIME_ONLY = re.compile(r"^(?:1899-12-3[01]|1900-01-0\d)[T ]")  # a time cell's date part


def _hour(token: re.Match[str], meridiem: str) -> int | None:
    hour = int(token["h"])
    meridiem = meridiem.lower().replace(".", "")
    if meridiem:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if meridiem in ("오후", "pm") else 0)
    if 1 <= hour <= 7:
        return hour + 12  # '2시' at an exhibition is 14:00
    return hour if hour <= 24 else None


def _is_marked(token: re.Match[str]) -> bool:
    return bool(token["mi"] or token["mi2"] or token["half"] or token["before"] or token["after"]
                or "시" in token.group())


def _time_of(token: re.Match[str], meridiem: str) -> dt.time | None:
    hour = _hour(token, meridiem)
    minute = int(token["mi"] or token["mi2"] or (30 if token["half"] else 0))
    if hour is None or minute > 59:
        return None
    if hour == 24:
        return DAY_END if minute == 0 else None
    return dt.time(hour, minute)


def _spans(entry: str, slot_minutes: int) -> tuple[list[tuple[dt.time, dt.time]], str, bool]:
    """The time spans an entry names, the text left for its days, and whether a time was unreadable."""
    tokens = list(_TOKEN.finditer(entry))
    spans: list[tuple[dt.time, dt.time]] = []
    used: list[tuple[int, int]] = []
    bad = False
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        if following is not None and _RANGE_SEPARATOR.match(entry[token.end():following.start()]) \
                and (_is_marked(token) or _is_marked(following)):
            start_meridiem = token["before"] or token["after"] or following["before"] or following["after"] or ""
            end_meridiem = following["before"] or following["after"] or start_meridiem
            start, end = _time_of(token, start_meridiem), _time_of(following, end_meridiem)
            if start is not None and end is not None and end <= start and end.hour < 12:
                end = dt.time(end.hour + 12, end.minute)  # '오전 11시~1시'
            if start is None or end is None or end <= start:
                bad = True
            else:
                spans.append((start, end))
            used.append((token.start(), following.end()))
            index += 2
            continue
        if _is_marked(token):
            moment = _time_of(token, token["before"] or token["after"] or "")
            rest = entry[token.end():]
            if moment is None:
                bad = True
            elif _FROM_WORDS.match(rest):
                spans.append((moment, DAY_END))
            elif _UNTIL_WORDS.match(rest):
                spans.append((DAY_START, moment))
            else:  # a slot that starts in that hour: '11시' on a grid of 10:50, 11:40 … is 11:40
                ends = dt.datetime.combine(dt.date.min, moment) + dt.timedelta(
                    minutes=59 - moment.minute + slot_minutes)
                spans.append((moment, ends.time() if ends.date() == dt.date.min else DAY_END))
            used.append((token.start(), token.end()))
        index += 1
    rest = entry
    for first, last in reversed(used):
        rest = rest[:first] + " " + rest[last:]
    for half in _HALF_DAY.finditer(rest):
        word = half.group().lower().replace(".", "")
        spans.append((DAY_START, NOON) if word in ("오전", "am") else (NOON, DAY_END) if word in ("오후", "pm")
                     else (DAY_START, DAY_END))
    rest = _HALF_DAY.sub(" ", rest)
    return spans, rest, bad


def parse_preferred(text: str, event_days: Sequence[dt.date], *, days: Sequence[dt.date] = (),
                    slot_minutes: int = 40) -> tuple[tuple[Window, ...], tuple[str, ...]]:
    """The windows a cell names (none: any time) and the parts of it that could not be read.
    `days` are the days a separate day column gave: a time without a day holds on them."""
    text = _EXCEL_TIME_ONLY.sub("", text.strip())
    if not text or identity_key(text) in _ANY_TIME:
        return tuple(Window(day) for day in days), ()
    windows: list[Window] = []
    unread: list[str] = []
    last_days: tuple[dt.date, ...] = tuple(days)
    for entry in filter(str.strip, _ENTRY_SEPARATOR.split(text)):
        spans, rest, bad = _spans(entry, slot_minutes)
        named = parse_days(rest, event_days) if re.search(r"\d|day|전일|매일|모든", rest, re.IGNORECASE) else ()
        if named is None or bad or (not spans and not named):
            unread.append(entry.strip())
            continue
        if named:
            last_days = named
        on = named or last_days or tuple(event_days)
        windows += [Window(day, start, end) for day in on for start, end in (spans or [(DAY_START, DAY_END)])]
    return tuple(sorted(set(windows))), tuple(unread)


_PRIORITY_WORDS = {identity_key(w): n for n, words in
                   ((1, ("상", "높음", "최우선", "긴급", "high", "top", "urgent")),
                    (2, ("중", "보통", "medium", "normal")), (3, ("하", "낮음", "low"))) for w in words}


def parse_priority(text: str) -> int | None:
    """1 first; None when the cell gives no priority that can be read (an empty cell included)."""
    key = identity_key(text)
    return _PRIORITY_WORDS.get(key) if key in _PRIORITY_WORDS else parse_rank(text)


# Korean live-commerce platforms as lists shorten them → the name a confirmation prints.
CHANNELS: dict[str, tuple[str, ...]] = {
    "네이버 쇼핑라이브": ("네이버", "naver", "네이버쇼핑", "쇼핑라이브", "네이버라이브", "naver shopping live"),
    "쿠팡라이브": ("쿠팡", "coupang", "coupang live"),
    "11번가 LIVE11": ("11번가", "11st", "live11", "라이브11"),
    "카카오쇼핑라이브": ("카카오", "kakao", "카카오쇼핑", "톡딜라이브"),
    "그립": ("grip", "그립라이브"),
    "SSG LIVE": ("ssg", "쓱라이브", "쓱", "ssg닷컴"),
    "롯데ON 라이브": ("롯데온", "lotteon", "롯데on", "롯데"),
    "CJ온스타일 라이브": ("cj온스타일", "cjonstyle", "온스타일"),
    "티몬 티비온": ("티몬", "tmon", "티비온"),
    "배민 쇼핑라이브": ("배민", "배달의민족", "baemin"),
    "유튜브 쇼핑": ("유튜브", "youtube"),
    "인스타그램 라이브": ("인스타그램", "instagram", "인스타"),
    "틱톡 라이브": ("틱톡", "tiktok"),
}
_CHANNEL_OF = {identity_key(alias): name for name, aliases in CHANNELS.items() for alias in (name, *aliases)}


def canonical_channel(text: str) -> str:
    """The platform's usual name for a known shortening ('네이버', 'Coupang Live'), else as written."""
    key = identity_key(text)
    if key in _CHANNEL_OF:
        return _CHANNEL_OF[key]
    for alias in sorted(_CHANNEL_OF, key=len, reverse=True):  # '네이버 쇼핑 라이브 (스마트스토어)'
        if len(alias) > 2 and key.startswith(alias):
            return _CHANNEL_OF[alias]
    return text.strip()
