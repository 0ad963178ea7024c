"""Registration times as registration tools write them.

Google Forms in Korean writes '2022. 9. 20 오후 3:14:07' (and '2022. 9. 20. 오후 3:14:07'), in
English '9/20/2022 3:14:07 PM'; event platforms '2022-09-20 15:14:07', '2022.09.20 15:14' or
'2022/9/20 오후 3:14', some '2022년 9월 20일 오후 3시 14분'. An .xlsx cell formatted as a date
arrives as ISO text from the reader, one left as a number as Excel's serial day count (44824.634). A time without an offset is local time
of the event (Korea); one with an offset (Z, +09:00, UTC, KST) says so itself. The caller stores
the result as UTC.
"""

from __future__ import annotations

import datetime as dt
import re

_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
# Serial days between 1960 and 2100: a plain number outside is not a registration time.
_SERIAL_RANGE = (21_916.0, 73_051.0)
_SERIAL = re.compile(r"\d{5}(?:\.\d+)?")
_DATE = re.compile(
    r"(?P<y>\d{4})\s*(?:[-./]|년)\s*(?P<m>\d{1,2})\s*(?:[-./]|월)\s*(?P<d>\d{1,2})\s*(?:[.일]\s*)?"
    r"(?:\([^)]*\)\s*)?"  # a weekday: (화) or (Tue)
)
# Google Forms with an English (US) account: 9/20/2022 3:14:07 PM. A first number above 12 can
# only be a day (20/9/2022).
_US_DATE = re.compile(r"(?P<a>\d{1,2})\s*/\s*(?P<b>\d{1,2})\s*/\s*(?P<y>\d{4})\s*")
_MERIDIEM_BEFORE = re.compile(r"(?P<ampm>오전|오후|am|pm|a\.m\.|p\.m\.)\s*", re.IGNORECASE)
_TIME = re.compile(
    r"(?P<h>\d{1,2})\s*(?::|시)\s*(?P<mi>\d{1,2})\s*(?:분\s*)?"
    r"(?:(?::\s*)?(?P<s>\d{1,2})(?:\.(?P<f>\d{1,6}))?\s*(?:초\s*)?)?"
    r"|(?P<h_only>\d{1,2})\s*시\s*"
)
_MERIDIEM_AFTER = re.compile(r"(?P<ampm>오전|오후|am|pm|a\.m\.|p\.m\.)\s*", re.IGNORECASE)
_ZONE = re.compile(r"\s*(?P<zone>z|utc|gmt|kst|[+-]\d{2}:?\d{2})?\s*$", re.IGNORECASE)


def _offset(zone: str) -> dt.tzinfo | None:
    zone = zone.lower()
    if not zone:
        return None
    if zone in ("z", "utc", "gmt"):
        return dt.UTC
    if zone == "kst":
        return dt.timezone(dt.timedelta(hours=9))
    sign = -1 if zone[0] == "-" else 1
    digits = zone[1:].replace(":", "")
    return dt.timezone(sign * dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:])))


def _hour(hour: int, meridiem: str) -> int | None:
    meridiem = meridiem.lower().replace(".", "")
    if not meridiem:
        return hour if hour <= 23 else None
    if not 1 <= hour <= 12:
        return None
    afternoon = meridiem in ("오후", "pm")
    return (hour % 12) + (12 if afternoon else 0)


def parse_list_time(text: str, local: dt.tzinfo) -> dt.datetime | None:
    """The moment a registration cell names, aware; None when it names no moment."""
    text = text.strip()
    if not text:
        return None
    if _SERIAL.fullmatch(text):
        days = float(text)
        if not _SERIAL_RANGE[0] <= days <= _SERIAL_RANGE[1]:
            return None
        # Whole seconds: the serial's binary fraction is never exactly the second it was written.
        return (_EXCEL_EPOCH + dt.timedelta(seconds=round(days * 86_400))).replace(tzinfo=local)
    date = _DATE.match(text)
    if date is not None:
        year, month, day = int(date["y"]), int(date["m"]), int(date["d"])
    elif (date := _US_DATE.match(text)) is not None:
        first, second = int(date["a"]), int(date["b"])
        year, month, day = int(date["y"]), *((second, first) if first > 12 else (first, second))
    else:
        return None
    rest = text[date.end():].lstrip("T ")
    meridiem = ""
    before = _MERIDIEM_BEFORE.match(rest)
    if before:
        meridiem, rest = before["ampm"], rest[before.end():]
    hour = minute = second = micro = 0
    if rest and not _ZONE.fullmatch(rest):
        time = _TIME.match(rest)
        if time is None:
            return None
        if time["h_only"]:
            hour = int(time["h_only"])
        else:
            hour, minute = int(time["h"]), int(time["mi"])
            second = int(time["s"] or 0)
            micro = int((time["f"] or "0").ljust(6, "0"))
        rest = rest[time.end():]
        after = _MERIDIEM_AFTER.match(rest)
        if after and not meridiem:
            meridiem, rest = after["ampm"], rest[after.end():]
        checked = _hour(hour, meridiem)
        if checked is None:
            return None
        hour = checked
    zone = _ZONE.fullmatch(rest)
    if zone is None:
        return None
    try:
        moment = dt.datetime(year, month, day, hour, minute, second, micro)
    except ValueError:  # 2022-02-30, 25:00
        return None
    return moment.replace(tzinfo=_offset(zone["zone"] or "") or local)
