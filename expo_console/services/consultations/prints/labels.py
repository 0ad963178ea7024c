"""The words printed on the schedules, Korean then English: days with their weekday, time ranges,
countries, languages and a meeting's state.

The schedules are handed to buyers from abroad and to Korean SMEs alike, so every label carries
both languages; the weekday is spelled out by hand (never `%A`, which follows the desk's locale).
"""

from __future__ import annotations

import datetime as dt

from expo_console.domain.meeting_records import MeetingStatus

WEEKDAYS_KO = ("월", "화", "수", "목", "금", "토", "일")
WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")

# The countries the consultation zone meets (domain/consultations.COUNTRY_LANGUAGES and a few more).
COUNTRIES = {
    "KR": ("대한민국", "Korea"), "CN": ("중국", "China"), "TW": ("대만", "Taiwan"), "HK": ("홍콩", "Hong Kong"),
    "JP": ("일본", "Japan"), "VN": ("베트남", "Vietnam"), "TH": ("태국", "Thailand"), "ID": ("인도네시아", "Indonesia"),
    "MY": ("말레이시아", "Malaysia"), "RU": ("러시아", "Russia"), "MN": ("몽골", "Mongolia"),
    "SA": ("사우디아라비아", "Saudi Arabia"), "AE": ("아랍에미리트", "United Arab Emirates"), "FR": ("프랑스", "France"),
    "DE": ("독일", "Germany"), "ES": ("스페인", "Spain"), "MX": ("멕시코", "Mexico"), "BR": ("브라질", "Brazil"),
    "US": ("미국", "United States"), "GB": ("영국", "United Kingdom"), "AU": ("호주", "Australia"),
    "SG": ("싱가포르", "Singapore"), "IN": ("인도", "India"), "PH": ("필리핀", "Philippines"),
    "CA": ("캐나다", "Canada"), "IT": ("이탈리아", "Italy"), "NL": ("네덜란드", "Netherlands"),
    "TR": ("튀르키예", "Türkiye"), "KZ": ("카자흐스탄", "Kazakhstan"), "UZ": ("우즈베키스탄", "Uzbekistan"),
}
LANGUAGES = {
    "ko": ("한국어", "Korean"), "en": ("영어", "English"), "zh": ("중국어", "Chinese"), "ja": ("일본어", "Japanese"),
    "vi": ("베트남어", "Vietnamese"), "th": ("태국어", "Thai"), "id": ("인도네시아어", "Indonesian"),
    "ms": ("말레이어", "Malay"), "ru": ("러시아어", "Russian"), "mn": ("몽골어", "Mongolian"), "ar": ("아랍어", "Arabic"),
    "fr": ("프랑스어", "French"), "de": ("독일어", "German"), "es": ("스페인어", "Spanish"),
    "pt": ("포르투갈어", "Portuguese"),
}
STATUS = {MeetingStatus.HELD: "상담 완료 Held", MeetingStatus.NO_SHOW: "노쇼 No-show",
          MeetingStatus.CANCELLED: "취소 Cancelled", MeetingStatus.SCHEDULED: ""}
NO_INTERPRETER_NEEDED = "—"
NOT_ASSIGNED = "미배정 Not assigned"
ERASED_BUYER = "(삭제된 바이어 Erased buyer)"
FREE_SLOT = "빈 시간 Free"
BREAK = "휴식 Break"


def day_heading(day: dt.date) -> str:
    """'2022년 10월 4일 화요일 · Tuesday, 4 October 2022'."""
    return (f"{day.year}년 {day.month}월 {day.day}일 {WEEKDAYS_KO[day.weekday()]}요일 · "
            f"{WEEKDAYS_EN[day.weekday()]}, {day.day} {MONTHS_EN[day.month - 1]} {day.year}")


def weekday(day: dt.date) -> str:
    """'화 Tue'."""
    return f"{WEEKDAYS_KO[day.weekday()]} {WEEKDAYS_EN[day.weekday()][:3]}"


def day_short(day: dt.date) -> str:
    """'2022-10-04 (화 Tue)': a column of a table, a sheet of a workbook."""
    return f"{day.isoformat()} ({weekday(day)})"


def time_range(starts: dt.time, ends: dt.time) -> str:
    return f"{starts:%H:%M}–{ends:%H:%M}"


def country(code: str) -> str:
    """'태국 Thailand' for TH; an unknown code as it is, nothing as a dash."""
    code = code.strip()
    names = COUNTRIES.get(code.upper())
    return f"{names[0]} {names[1]}" if names else (code or "—")


def language(code: str) -> str:
    names = LANGUAGES.get(code.strip().lower())
    return f"{names[0]} {names[1]}" if names else code


def both_names(name: str, name_en: str) -> str:
    """'신재민 Shin Jaemin'; a name written once when both are the same (a buyer from abroad)."""
    name, name_en = name.strip(), name_en.strip()
    if not name_en or name_en == name:
        return name or name_en
    return f"{name} {name_en}" if name else name_en
