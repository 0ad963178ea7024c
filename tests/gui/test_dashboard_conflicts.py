"""The dashboard's admission conflicts (issue 16): a badge let in at two desks while the hub was
down appears in the day's list once the desks have synced (the badge, the visitor, both gates
with their times, both desks), counted in the tab, in English and in Korean; a day without any
says so.

Everything real: a PostgreSQL hub stopped and started again, desk A deciding through the
services, desk B in the window (its station and its own sync runner)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from expo_console.gui.dashboard.models import ConflictModel
from expo_console.gui.i18n import install_language
from expo_console.gui.main_window import MainWindow
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.hub_admission import HubAdmissions
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.hub.server import start_hub, stop_hub
from expo_console.services.hub.sync import sync_once
from qt_support import console_scanning_at

pytestmark = pytest.mark.slow  # a PostgreSQL server

SEOUL = dt.timezone(dt.timedelta(hours=9))
AT_B = dt.datetime(2022, 10, 4, 10, 0, tzinfo=SEOUL)  # the demo expo's first day, in its hours
# desk A's admission comes later, so desk B's dashboard takes it in as a new scan (not a late one,
# which would replay the day): the sync's broadcast alone must bring the conflict in
AT_A = AT_B + dt.timedelta(minutes=3)


@pytest.fixture
def console(qapp, english, monkeypatch):  # type: ignore[no-untyped-def]
    with console_scanning_at(qapp, monkeypatch, "dashboard", AT_B) as app:
        yield app


def conflict_tab(window: MainWindow) -> str:
    dashboard = window.dashboard
    return dashboard.side.tabText(dashboard.conflict_tab)


def shown_day(window: MainWindow, qtbot) -> MainWindow:  # type: ignore[no-untyped-def]
    dashboard = window.dashboard
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20_000)
    dashboard.choose_day(AT_B.date())
    qtbot.waitUntil(lambda: dashboard.is_loaded and dashboard.conflicts.count is not None, timeout=20_000)
    return window


def test_a_badge_admitted_at_two_desks_while_the_hub_was_down_is_listed_on_the_dashboard(
        console, qtbot, desks) -> None:
    a, b, dsn = desks["a"], desks["b"], desks["dsn"]
    visitor = a.conn.execute("SELECT id, name FROM visitors ORDER BY id LIMIT 1 OFFSET 6").fetchone()
    badge = issue_badge(a, visitor[0])[0]
    sync_once(a, dsn)
    sync_once(b, dsn)  # desk B has the badge and its visitor
    window = shown_day(console.show(b), qtbot)  # desk B's window: its dashboard, its sync with the hub
    dashboard = window.dashboard
    assert conflict_tab(window) == "Conflicts (0)"
    assert dashboard.conflicts.currentWidget() is dashboard.conflicts.empty
    assert dashboard.conflicts.empty.text().startswith("No admission conflicts on this day")

    stop_hub(desks["hub"]["folder"])  # the desks are apart: each decides on its own file
    station = window.checkin
    station.gate_box.setCurrentIndex(station.gate_box.findText("B홀 측면", Qt.MatchFlag.MatchStartsWith))
    [at_b] = station.handle_scan(badge.code)
    gate_a = ScanContext(a, Station("front desk", find_gate(a, "B홀 정문")["id"]))
    gate_a.hub = HubAdmissions(dsn)
    try:
        [at_a] = scan(gate_a, badge.code, now=AT_A)
    finally:
        gate_a.hub.close()
    assert (at_a.via, at_a.verdict.value, at_b.via, at_b.verdict.value) == ("offline", "admitted", "offline", "admitted")
    assert conflict_tab(window) == "Conflicts (0)"  # neither desk can know yet

    start_hub(desks["hub"]["folder"])
    sync_once(a, dsn)  # desk A's admission reaches the hub; desk B's window pulls it at its next round
    qtbot.waitUntil(lambda: dashboard.conflicts.count == 1, timeout=30_000)
    assert conflict_tab(window) == "Conflicts (1)"
    assert dashboard.conflicts.currentWidget() is dashboard.conflicts.table
    model = dashboard.conflicts.model
    row = [model.index(0, column).data() for column in range(model.columnCount())]
    assert row[ConflictModel.COL_BADGE] == f"#{badge.serial}"
    assert row[ConflictModel.COL_VISITOR].split("\n")[0] == visitor[1]
    # each admission: when in the event's time and at which gate, then at which desk and station
    assert row[ConflictModel.COL_FIRST] == f"10:00 B홀 측면 출입구\nDesk desk-b · {station.station_name.text()}"
    assert row[ConflictModel.COL_AGAIN] == f"10:03 B홀 정문\nDesk {a.stamp.desk_id} · front desk"

    console.change_language("ko")  # the same file in a Korean window
    korean = shown_day(console.window, qtbot)
    assert conflict_tab(korean) == "입장 충돌 1건"
    assert korean.dashboard.conflicts.model.headerData(ConflictModel.COL_AGAIN, Qt.Orientation.Horizontal) == \
        "다시 입장"


def test_a_day_without_conflicts_says_so_in_korean(console, qtbot, desks) -> None:
    install_language("ko")  # as the window is started with --lang ko
    window = shown_day(console.show(desks["b"]), qtbot)
    assert conflict_tab(window) == "입장 충돌 0건"
    assert window.dashboard.conflicts.empty.text().startswith("이 날은 입장 충돌이 없습니다")
