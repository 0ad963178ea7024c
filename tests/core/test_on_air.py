"""The on-air board's reads (services/bookings/on_air.py): the broadcast on air at a moment of the
event's own time, the next one, what the board names of each, and how long until each changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from booking_support import Studio, studio

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.consultations import Slot
from expo_console.services.bookings import on_air, outcomes, schedule

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def made(event_templates, tmp_path: Path) -> Studio:  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=3, resources=2)
    day = made.days[0]
    for n, (start, end, resource) in enumerate(((dt.time(10), dt.time(10, 40), 1),
                                                (dt.time(10, 50), dt.time(11, 30), 1),
                                                (dt.time(10, 50), dt.time(11, 30), 2))):
        schedule.add_booking(made.store, made.request_ids[n], Slot(day, start, end), resource)
    yield made
    made.store.close()


def seoul(made: Studio, hh_mm_ss: str) -> dt.datetime:
    return dt.datetime.combine(made.days[0], dt.time.fromisoformat(hh_mm_ss), SEOUL)


def test_on_air_now_and_next_with_what_the_board_names(made: Studio) -> None:
    board = on_air.on_air(made.store, seoul(made, "10:30"))
    assert board.current is not None and board.current.exhibitor == made.exhibitors[0].name
    assert (board.current.starts, board.current.ends, board.current.set_name) == (dt.time(10), dt.time(10, 40), "Set 1")
    assert (board.current.host, board.current.channel, board.current.products) == ("Host", "네이버 쇼핑라이브", "Product 0")
    assert board.next is not None and board.next.exhibitor == made.exhibitors[1].name  # set 1 before set 2
    assert board.seconds_to_end(board.now) == 600 and board.seconds_to_next(board.now) == 1200
    assert board.studio_zone_id is not None and board.broadcasts_today == 3


def test_the_moment_is_read_in_the_events_timezone(made: Studio) -> None:
    utc = seoul(made, "10:39:59").astimezone(dt.UTC)  # 01:39:59 UTC is 10:39:59 in Seoul
    board = on_air.on_air(made.store, utc)
    assert board.now == dt.datetime.combine(made.days[0], dt.time(10, 39, 59)) and board.seconds_to_end(board.now) == 1
    assert not board.changes_by(board.now) and board.changes_by(board.now + dt.timedelta(seconds=1))


def test_between_broadcasts_nothing_is_on_air_and_two_sets_may_be_on_together(made: Studio) -> None:
    gap = on_air.on_air(made.store, seoul(made, "10:40"))  # the end is not on air any more
    assert gap.on_air == () and gap.next is not None and gap.seconds_to_next(gap.now) == 600
    both = on_air.on_air(made.store, seoul(made, "10:50"))
    assert [b.set_number for b in both.on_air] == [1, 2] and both.next is None
    after = on_air.on_air(made.store, seoul(made, "11:30"))
    assert after.on_air == () and after.next is None and after.broadcasts_today == 3
    other_day = on_air.on_air(made.store, seoul(made, "10:30") + dt.timedelta(days=1))
    assert other_day.broadcasts_today == 0 and other_day.set_up


def test_a_no_show_is_not_on_air(made: Studio) -> None:
    first = schedule.bookings(made.store, made.kind, day=made.days[0])[0]
    outcomes.set_status(made.store, first.id, BookingStatus.NO_SHOW)
    board = on_air.on_air(made.store, seoul(made, "10:30"))
    assert board.on_air == () and board.broadcasts_today == 2
