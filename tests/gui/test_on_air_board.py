"""The dashboard's on-air board: the broadcast on air and the next one with countdowns that tick
each second, the board following the bookings as they change, and the studio zone's figure from
the dashboard's own count beside them. The clock is set by the test (the board takes a callable)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from booking_support import Studio, studio

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.consultations import Slot
from expo_console.gui.dashboard.on_air import OnAirBoard
from expo_console.gui.dashboard.workspace import DashboardWorkspace
from expo_console.gui.i18n import install_language
from expo_console.gui.ops import run_op
from expo_console.services.badges.codes import issue_badge
from expo_console.services.bookings import outcomes, schedule
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan

SEOUL = ZoneInfo("Asia/Seoul")


@pytest.fixture
def made(event_templates, tmp_path: Path) -> Iterator[Studio]:  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=3, resources=2)
    day = made.days[0]
    for n, (start, end, resource) in enumerate(((dt.time(10), dt.time(10, 40), 1),
                                                (dt.time(10, 50), dt.time(11, 30), 1),
                                                (dt.time(10, 50), dt.time(11, 30), 2))):
        schedule.add_booking(made.store, made.request_ids[n], Slot(day, start, end), resource)
    yield made
    made.store.close()


class Clock:
    """The board's clock, moved by the test."""

    def __init__(self, made: Studio, hh_mm_ss: str) -> None:
        self.made = made
        self.at = dt.datetime.combine(made.days[0], dt.time.fromisoformat(hh_mm_ss), SEOUL)

    def __call__(self) -> dt.datetime:
        return self.at

    def set(self, hh_mm_ss: str) -> None:
        self.at = dt.datetime.combine(self.made.days[0], dt.time.fromisoformat(hh_mm_ss), SEOUL)


def shown_board(qtbot, made: Studio, hub, clock: Clock) -> OnAirBoard:  # type: ignore[no-untyped-def]
    board = OnAirBoard(made.store, hub, english=False, clock=clock)
    qtbot.addWidget(board)
    board.resize(560, 90)
    board.show()
    return board


def test_the_broadcast_on_air_and_the_next_count_down_each_second(qtbot, made, hub, english) -> None:  # type: ignore[no-untyped-def]
    clock = Clock(made, "10:30:00")
    board = shown_board(qtbot, made, hub, clock)
    first, second = made.exhibitors[0].name, made.exhibitors[1].name
    assert board.title.text() == "● ON AIR" and board.property("onAir") is True
    assert board.now_line.text() == f"{first} · 10:00–10:40 · Set 1"
    assert board.details.text() == "host Host · 네이버 쇼핑라이브 · Product 0"
    assert board.next_line.text().startswith(f"{second} · 10:50–11:30 · Set 1")
    assert (board.ends_in.text(), board.starts_in.text()) == ("ends in 10:00", "in 20:00")
    clock.set("10:30:01")  # the board's own timer moves the countdowns
    qtbot.waitUntil(lambda: board.ends_in.text() == "ends in 09:59", timeout=3000)
    assert board.starts_in.text() == "in 19:59"
    clock.set("10:40:00")  # the broadcast ended: the board reads again
    qtbot.waitUntil(lambda: board.now_line.text() == "Nothing on air", timeout=3000)
    assert board.ends_in.text() == "" and board.starts_in.text() == "in 10:00"
    assert board.property("onAir") is False and board.title.text() == "Studio"
    clock.set("10:50:00")  # two sets on air at once
    qtbot.waitUntil(lambda: board.now_line.text().startswith(f"{second} (+1 more on air)"), timeout=3000)
    assert board.next_line.text() == "No more broadcasts today"


def test_the_board_follows_a_no_show_recorded_on_the_hub(qtbot, made, hub, english) -> None:  # type: ignore[no-untyped-def]
    board = shown_board(qtbot, made, hub, Clock(made, "10:05:00"))
    assert board.now_line.text().startswith(made.exhibitors[0].name)
    first = schedule.bookings(made.store, made.kind, day=made.days[0])[0]
    run_op(hub, lambda: outcomes.set_status(made.store, first.id, BookingStatus.NO_SHOW))  # broadcasts bookings_changed
    assert board.now_line.text() == "Nothing on air" and board.starts_in.text() == "in 45:00"


def test_the_board_in_korean(qtbot, made, hub, english) -> None:  # type: ignore[no-untyped-def]
    install_language("ko")
    board = shown_board(qtbot, made, hub, Clock(made, "10:30:00"))
    assert board.title.text() == "● 방송 중" and board.ends_in.text() == "종료까지 10:00"
    assert board.now_line.text().endswith("10:00–10:40 · Set 1")  # the set as the organizer named it
    assert board.starts_in.text() == "시작까지 20:00" and board.next_caption.text() == "다음"
    assert board.details.text().startswith("진행 Host")


def test_on_the_dashboard_beside_the_studio_zones_figure_and_no_wider(qtbot, made, hub, english) -> None:  # type: ignore[no-untyped-def]
    day = made.days[0]
    press = made.store.conn.execute("SELECT id FROM visitors WHERE visitor_class = 'press' LIMIT 1").fetchone()[0]
    code = issue_badge(made.store, press)[0].code
    for gate, at in (("B홀 정문", dt.time(10)), ("라이브커머스 스튜디오 게이트", dt.time(10, 5))):
        scan(ScanContext(made.store, Station("s", find_gate(made.store, gate)["id"])), code,
             now=dt.datetime.combine(day, at, SEOUL))
    dashboard = DashboardWorkspace(made.store, hub, english=True)
    qtbot.addWidget(dashboard)
    dashboard.on_air.clock = Clock(made, "10:30:00")
    dashboard.resize(1366, 768)
    dashboard.show()
    dashboard.choose_day(day)
    qtbot.waitUntil(lambda: dashboard.is_loaded and dashboard.chosen_day == day, timeout=20_000)
    dashboard._set_minute(10 * 60 + 30)
    board = dashboard.on_air
    assert board.isVisible() and board.now_line.text().startswith(made.exhibitors[0].name_en)
    studio_row = next(z for z in dashboard.snapshot.zones if z.name == "라이브커머스 스튜디오")
    assert studio_row.occupancy == 1
    share = round(100 / studio_row.capacity)  # a past day's minute, not the live one: the board says which
    assert board.occupancy.text() == f"Studio 1 / {studio_row.capacity} ({share} %) · 10:30"
    assert dashboard.minimumSizeHint().width() <= 1000  # the board gives way: the dashboard is no wider
    dashboard.stop()
