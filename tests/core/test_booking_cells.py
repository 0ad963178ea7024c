"""What a booking list's cells say, read the ways Korean offices write them: preferred times (a day
and a time, several in a cell, 오전/오후, 14-16시, 'any time'), priorities and channels; whatever a
cell holds, the reader answers windows on the event's days or says what it could not read."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from expo_console.domain.booking_cells import canonical_channel, parse_preferred, parse_priority
from expo_console.domain.bookings import Window

DAYS = tuple(dt.date(2022, 10, 4) + dt.timedelta(days=n) for n in range(4))
TUE, WED, THU, FRI = DAYS


def t(hour: int, minute: int = 0) -> dt.time:
    return dt.time(hour, minute)


def every_day(start: dt.time, end: dt.time) -> tuple[Window, ...]:
    return tuple(Window(day, start, end) for day in DAYS)


@pytest.mark.parametrize(("cell", "windows"), [
    ("10/5 14:00-16:00", (Window(WED, t(14), t(16)),)),
    ("2022-10-05 오후", (Window(WED, t(12), t(23, 59)),)),
    ("10월 5일 오전 10시~12시", (Window(WED, t(10), t(12)),)),
    ("1일차 14시-16시", (Window(TUE, t(14), t(16)),)),
    ("2022.10.06 (목) 오후 2시", (Window(THU, t(14), t(15, 39)),)),  # a slot that starts in that hour
    ("10/5 오전, 10/6 14:00-16:00", (Window(WED, t(0), t(12)), Window(THU, t(14), t(16)))),
    ("10/5 10:00-12:00, 14:00-16:00", (Window(WED, t(10), t(12)), Window(WED, t(14), t(16)))),  # the day carries on
    ("10/5~10/7 오후", tuple(Window(d, t(12), t(23, 59)) for d in (WED, THU, FRI))),
    ("2022-10-05T14:00:00", (Window(WED, t(14), t(15, 39)),)),  # an Excel date-time
    ("Day 2 2pm-4pm", (Window(WED, t(14), t(16)),)),
    ("오후 2시~4시", every_day(t(14), t(16))),  # no day: every day at that time
    ("2시~4시", every_day(t(14), t(16))),  # 2 o'clock at an exhibition is the afternoon
    ("14시부터 16시까지", every_day(t(14), t(16))),
    ("오전 11시~1시", every_day(t(11), t(13))),
    ("2시 반", every_day(t(14, 30), t(15, 39))),
    ("15시 이후", every_day(t(15), t(23, 59))),
    ("11시 이전", every_day(t(0), t(11))),
    ("1899-12-30T14:00:00", every_day(t(14), t(15, 39))),  # an Excel time cell
    ("무관", ()),
    ("상관없음", ()),
    ("", ()),
])
def test_preferred_times_are_read_as_lists_write_them(cell: str, windows: tuple[Window, ...]) -> None:
    assert parse_preferred(cell, DAYS) == (windows, ())


def test_a_day_column_gives_the_times_their_days_and_unreadable_parts_are_said() -> None:
    assert parse_preferred("14:00-16:00", DAYS, days=(THU,)) == ((Window(THU, t(14), t(16)),), ())
    assert parse_preferred("", DAYS, days=(THU,)) == ((Window(THU),), ())
    assert parse_preferred("14:00", DAYS, days=(THU,), slot_minutes=20) == ((Window(THU, t(14), t(15, 19)),), ())
    assert parse_preferred("10/9 14:00", DAYS) == ((), ("10/9 14:00",))  # not a day of the event
    assert parse_preferred("10/5 오후, 언젠가", DAYS) == ((Window(WED, t(12), t(23, 59)),), ("언젠가",))
    assert parse_preferred("16:00-14:00", DAYS)[0] == ()  # ends before it starts


def test_priorities_and_channels_read_as_people_write_them() -> None:
    assert [parse_priority(x) for x in ("1", "2순위", "첫째", "상", "보통", "low", "", "매우")] == [1, 2, 1, 1, 2, 3, None,
                                                                                                 None]
    assert [canonical_channel(x) for x in ("네이버", "Coupang Live", "11번가", "카카오", "자사몰 라이브")] == [
        "네이버 쇼핑라이브", "쿠팡라이브", "11번가 LIVE11", "카카오쇼핑라이브", "자사몰 라이브"]


@given(st.text(alphabet=st.sampled_from(list("0123456789:/-~.,; 오전후시분반일차월년to pmDay이후전무관")), max_size=60))
def test_whatever_a_cell_holds_the_windows_lie_on_event_days_and_end_after_they_start(cell: str) -> None:
    windows, unread = parse_preferred(cell, DAYS)
    assert all(w.day in DAYS and w.start < w.end for w in windows)
    assert all(part.strip() and part.strip() in cell for part in unread)
