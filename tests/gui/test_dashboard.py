"""The dashboard driven like the operations room does: open a day, scrub, watch it live, count heads."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from expo_console.domain.checkin import ENTRIES
from expo_console.domain.occupancy import HALL
from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.gui.dashboard.head_count import HeadCountDialog
from expo_console.gui.dashboard.settings_dialog import TrafficSettingsDialog
from expo_console.gui.dashboard.workspace import DashboardWorkspace
from expo_console.gui.ops import run_op
from expo_console.services.badges import keys as badge_keys
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin import gate_rules
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import event_row, open_event
from expo_console.services.layout import floor_plan
from expo_console.services.registration.visitors import register_visitor
from expo_console.services.traffic import counting
from expo_console.services.traffic.report import write_day_report
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore, backup_to
from support import TEST_STAMP

DAY1, DAY2 = dt.date(2022, 10, 4), dt.date(2022, 10, 5)
SEOUL = dt.timezone(dt.timedelta(hours=9))


@pytest.fixture(scope="module")
def simulated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo event whose first day was played by 600 visitors (made once, copied per test)."""
    folder = tmp_path_factory.mktemp("simulated")
    store = create_demo_event(folder / "template.expo", TEST_STAMP, visitors=600, simulate_first_day=True)
    backup_to(store, folder / "copy.expo")
    event = event_row(store)
    badge_keys.export_keys(event["id"], event["name"], folder / "key.json")  # each test has its own key store
    store.close()
    return folder / "copy.expo"


@pytest.fixture
def store(simulated_file: Path, tmp_path: Path) -> Iterator[EventStore]:
    target = tmp_path / "day.expo"
    opened = open_event(simulated_file, TEST_STAMP)  # copy through SQLite, never a plain file copy
    backup_to(opened, target)
    opened.close()
    store = open_event(target, TEST_STAMP)
    badge_keys.import_keys(simulated_file.with_name("key.json"), event_row(store)["id"])
    yield store
    store.close()


@pytest.fixture
def dashboard(qtbot, store: EventStore, hub, english) -> Iterator[DashboardWorkspace]:  # type: ignore[no-untyped-def]
    widget = DashboardWorkspace(store, hub, english=True)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: widget.is_loaded, timeout=20_000)
    yield widget
    widget.stop()


@pytest.fixture(autouse=True)
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes are recorded, never shown: a modal box would hang the suite."""
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a, **k: shown.append(text))
    return shown


def figures_on_screen(dashboard: DashboardWorkspace) -> dict[str, list[str]]:
    model = dashboard.zone_model
    return {model.keys[r]: model.rows[r] for r in range(model.rowCount())}


def test_a_finished_day_opens_at_its_busiest_minute_with_the_plan_table_and_tiles_agreeing(dashboard) -> None:
    day = dashboard.day
    assert day is not None and day.day == DAY1  # no event day today: the day last scanned
    snapshot = dashboard.snapshot
    hall_line = day.occupancy_line(HALL, day.minute_now)
    assert snapshot.hall.occupancy == max(hall_line) > 0  # opened at the hall's fullest minute
    assert dashboard.clock_label.text() == f"{snapshot.clock} · replay"
    assert dashboard.tiles["hall"].value.text() == f"{snapshot.hall.occupancy:,}"
    assert dashboard.tiles["admitted"].value.text() == f"{snapshot.hall.unique_visitors:,}"
    assert dashboard.tiles["buyers"].value.text() == f"{snapshot.buyers_on_site:,}"
    rows = figures_on_screen(dashboard)
    assert rows[HALL][:2] == ["Whole hall", f"{snapshot.hall.occupancy:,} / {snapshot.hall.capacity:,}"]
    for zone in snapshot.zones:
        assert rows[zone.id][1] == f"{zone.occupancy:,} / {zone.capacity:,}"
        assert rows[zone.id][3] == f"{zone.entries:,}"
        label = dashboard.heat_scene.label_of(zone.id)
        assert label.startswith(zone.name_en) and f"{zone.occupancy:,} / {zone.capacity:,}" in label
        fill = dashboard.heat_scene.fill_of(zone.id)
        assert fill == ("#e53935" if zone.ratio >= 1 else fill)  # a full zone is red on the plan
    assert not dashboard.count_button.isEnabled()  # a head count is for now, not for a replay


def test_scrubbing_shows_the_day_as_it_was_and_end_goes_back_to_the_latest(dashboard, qtbot) -> None:
    day = dashboard.day
    dashboard.slider.setValue(11 * 60)
    assert dashboard.clock_label.text() == "11:00 · replay"
    then = day.snapshot(11 * 60)
    assert figures_on_screen(dashboard)[HALL][1] == f"{then.hall.occupancy:,} / {then.hall.capacity:,}"
    assert dashboard.tiles["admitted"].value.text() == f"{then.hall.unique_visitors:,}"
    assert dashboard.charts.shown["traffic"][2] == then.hall.entries  # the bars sum to the entries so far
    dashboard.charts.bucket_box.setCurrentIndex(dashboard.charts.bucket_box.findData(60))
    assert dashboard.charts.shown["traffic"][1:3] == (60, then.hall.entries)
    dashboard.go_live()
    assert dashboard.clock_label.text().startswith("23:59")
    assert figures_on_screen(dashboard)[HALL][1].startswith("0 /")  # everyone left by closing time


def overfill_busiest_zone(dashboard, store, qtbot) -> tuple[counting.CountedZone, int, int]:  # type: ignore[no-untyped-def]
    """Make the busiest zone one person too small (the organizer typed a lower capacity) and
    reload the day; returns the zone, the most it held at the end of a minute, and that minute
    (at the end of it the zone is full: an alert is on only while the count is at its level)."""
    day = dashboard.day

    def fullest(zone_id: str) -> tuple[int, int]:
        line = day.occupancy_line(zone_id, day.minute_now)
        return max(line), line.index(max(line))

    busiest = max(day.counted, key=lambda z: fullest(z.id)[0])
    most, at = fullest(busiest.id)
    plan_zone = next(z for z in floor_plan.load_plan(store).zones if z.id == busiest.id)
    floor_plan.put_zones(store, [replace(plan_zone, capacity=most - 1)])
    dashboard.load_day(DAY1)
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20_000)
    return busiest, most, at


def test_the_active_alerts_are_in_the_banner_and_every_alert_in_the_log(dashboard, store, qtbot) -> None:
    busiest, most, at = overfill_busiest_zone(dashboard, store, qtbot)
    dashboard.slider.setValue(at)
    snapshot = dashboard.snapshot
    active = dashboard.active_alerts(snapshot)
    assert [(a.zone, a.level) for a in active if a.zone == busiest.id] == [(busiest.id, 1.0)]
    assert dashboard.banner.isVisible() and dashboard.banner.property("level") == "full"
    inside = snapshot.zones[[z.id for z in snapshot.zones].index(busiest.id)].occupancy
    full = next(a for a in active if a.zone == busiest.id)
    assert inside == most
    assert f"{busiest.name_en} FULL since {full.start // 60:02d}:{full.start % 60:02d}: {inside:,} / {most - 1:,} now," \
        f" {full.peak:,} at most" in dashboard.banner.text()
    log = dashboard.alert_model
    assert log.rowCount() == len(snapshot.alerts) >= 2  # 80 % and then full
    assert all(row[2] <= snapshot.clock for row in log.rows)  # nothing from the future
    dashboard.go_live()
    assert not dashboard.banner.isVisible()  # by the end of the day every zone has room again
    assert all(row[3] != "still on" for row in log.rows)


def test_a_day_being_played_is_followed_live_and_a_head_count_that_fills_a_zone_rings(
        dashboard, store, qtbot, warnings) -> None:
    dashboard.choose_day(DAY2)
    qtbot.waitUntil(lambda: warnings or (dashboard.is_loaded and dashboard.day.day == DAY2), timeout=20_000)
    assert not warnings
    assert dashboard.tiles["hall"].value.text() == "0"
    assert dashboard.tiles["peak"].value.text() == "—"
    tasting = next(z for z in counting.counted_zones(store) if z.name == "시식존")
    visitors = [r[0] for r in store.conn.execute("SELECT id FROM visitors LIMIT 3")]
    entrance = ScanContext(store, Station("정문", find_gate(store, "B홀 정문")["id"], "in"))
    gate = ScanContext(store, Station("시식존", find_gate(store, "시식존 게이트")["id"], "in"))
    for n, visitor_id in enumerate(visitors):
        code = issue_badge(store, visitor_id)[0].code
        scan(entrance, code, now=dt.datetime(2022, 10, 5, 10, n, tzinfo=SEOUL))
        scan(gate, code, now=dt.datetime(2022, 10, 5, 10, 5 + n, tzinfo=SEOUL))
    dashboard.tick()  # the one-second refresh: another desk's scans arrive
    assert dashboard.clock_label.text() == "10:07 · live"  # a past day being played: the latest scan's time
    assert figures_on_screen(dashboard)[tasting.id][1] == f"3 / {tasting.capacity:,}"
    assert dashboard.count_button.isEnabled()
    before = len(dashboard.sounds.played)
    assert dashboard.head_count(tasting.capacity + 4, tasting.id, note="counted at the gate")
    assert figures_on_screen(dashboard)[tasting.id][1] == f"{tasting.capacity + 4:,} / {tasting.capacity:,}"
    assert "Tasting zone FULL since 10:07" in dashboard.banner.text()
    assert dashboard.banner.property("level") == "full"
    assert dashboard.sounds.played[before:] in (["effect:red"], ["beep:red"])
    dashboard.tick()
    assert len(dashboard.sounds.played) == before + 1  # an alert rings once, not every second
    logged = [e for e in audit_repo.entries(store.conn, tasting.id) if e["action"] == "head_count"]
    assert logged and logged[-1]["detail"]["shown_before"] == 3 and logged[-1]["detail"]["count"] == tasting.capacity + 4


def test_the_banner_shows_only_alerts_that_are_on_now(dashboard, store, qtbot, warnings) -> None:
    """The stale banner seen at 18:00: "hall over 80 % … 1,240 / 1,822 now" at 68 %."""
    counting.set_hall_capacity(store, 10)
    gate_rules.set_rule(store, gate_rules.HALL, {"hours": "10:00-19:00"})  # late entries for this case
    dashboard.choose_day(DAY2)
    qtbot.waitUntil(lambda: warnings or (dashboard.is_loaded and dashboard.day.day == DAY2), timeout=20_000)
    entrance = ScanContext(store, Station("정문", find_gate(store, "B홀 정문")["id"], "in"))
    exit_gate = ScanContext(store, Station("출구", find_gate(store, "B홀 출구")["id"], "out"))
    codes = [issue_badge(store, r[0])[0].code for r in store.conn.execute("SELECT id FROM visitors LIMIT 9")]
    for n, code in enumerate(codes):
        scan(entrance, code, now=dt.datetime(2022, 10, 5, 17, 50 + n, tzinfo=SEOUL))
    dashboard.tick()
    assert "Whole hall over 80% since 17:57: 9 / 10 now" in dashboard.banner.text()
    assert dashboard.banner.isVisible()
    for code in codes[:2]:  # two leave at closing: 7 / 10 is 70 %
        scan(exit_gate, code, now=dt.datetime(2022, 10, 5, 18, 0, tzinfo=SEOUL))
    dashboard.tick()
    assert dashboard.clock_label.text() == "18:00 · live"
    assert figures_on_screen(dashboard)[HALL][1] == "7 / 10"
    assert not dashboard.banner.isVisible(), dashboard.banner.text()
    assert dashboard.active_alerts(dashboard.snapshot) == []
    assert [row[3] for row in dashboard.alert_model.rows] == ["18:00"]  # the log says when it ended


def test_a_negative_head_count_is_refused_with_a_message(dashboard, store, warnings) -> None:
    dashboard.snapshot = dashboard.day.snapshot()
    assert not dashboard.head_count(-1, HALL)
    assert warnings == ["A head count cannot be negative."]


def test_the_head_count_dialog_starts_from_the_figure_on_screen(dashboard, qtbot) -> None:
    snapshot = dashboard.snapshot
    zone = snapshot.zones[1]
    dialog = HeadCountDialog(snapshot, dashboard.names, zone.id, dashboard)
    qtbot.addWidget(dialog)
    assert dialog.zone_id == zone.id and dialog.count.value() == zone.occupancy == dialog.shown_before
    assert dialog.on_screen.text() == f"{zone.occupancy:,}"
    dialog.zone_box.setCurrentIndex(0)
    assert dialog.zone_id == HALL and dialog.count.value() == snapshot.hall.occupancy


def test_the_report_and_the_series_hold_the_figures_the_dashboard_shows(dashboard, store, qtbot, tmp_path) -> None:
    dashboard.slider.setValue(13 * 60 + 30)
    shown = dashboard.snapshot
    summary = write_day_report(store, DAY1, tmp_path / "report.pdf", minute=shown.minute)
    assert summary.snapshot.hall == shown.hall and summary.snapshot.zones == shown.zones
    assert summary.snapshot.alerts == shown.alerts and summary.snapshot.peak_hour == shown.peak_hour
    text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "13:30 기준 as of" in text
    screen = figures_on_screen(dashboard)
    lines = [line.split() for line in text.splitlines()]
    for figures in [shown.hall, *shown.zones]:  # the zone table: capacity, now, peak (at), entries, unique
        inside, capacity = screen[figures.id][1].split(" / ")
        entries, unique = screen[figures.id][3], screen[figures.id][5]
        assert any(tokens[i:i + 2] == [capacity, inside] and tokens[i + 4:i + 6] == [entries, unique]
                   for tokens in lines for i in range(len(tokens))), figures.name
    # the buttons do the same through a worker, without freezing the window
    pdf, series = tmp_path / "from-gui.pdf", tmp_path / "series.csv"
    dashboard.save_report(str(pdf))
    qtbot.waitUntil(pdf.exists, timeout=20_000)
    dashboard.export_series(str(series))
    qtbot.waitUntil(series.exists, timeout=20_000)
    lines = series.read_text(encoding="utf-8-sig").splitlines()
    assert lines[-1].startswith("2022-10-04 13:30,")
    assert lines[-1].split(",")[1] == str(shown.hall.occupancy)


def test_the_tables_pass_the_model_tester(qtmodeltester, dashboard, store, qtbot) -> None:  # type: ignore[no-untyped-def]
    _zone, _most, at = overfill_busiest_zone(dashboard, store, qtbot)
    dashboard.slider.setValue(at)
    for model in (dashboard.zone_model, dashboard.alert_model, dashboard.desk_model):
        assert model.rowCount() > 0
        qtmodeltester.check(model, force_py=True)


def test_desk_throughput_lists_each_station_with_its_rate(dashboard) -> None:
    dashboard.slider.setValue(10 * 60 + 5)  # the morning rush at the entrances
    rows = dashboard.desk_model.rows
    stations = {s.station: s for s in dashboard.snapshot.stations}
    assert {row[0] for row in rows} == set(stations)
    busiest = max(stations.values(), key=lambda s: s.queue.per_minute)
    row = next(r for r in rows if r[0] == busiest.station)
    assert busiest.queue.per_minute > 0 and row[2] == f"{busiest.queue.per_minute:.1f}"


def test_a_file_that_cannot_be_read_says_so_instead_of_freezing(qtbot, tmp_path, hub, english, warnings) -> None:
    store = create_demo_event(tmp_path / "plain.expo", TEST_STAMP, visitors=0)
    widget = DashboardWorkspace(store, hub, english=True)
    qtbot.addWidget(widget)
    broken = tmp_path / "gone"
    widget.store.path = broken  # the worker's own connection fails: the file went away
    widget.show()
    qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
    assert "could not be read" in warnings[0]
    assert not widget.report_button.isEnabled()
    widget.stop()
    store.close()
    shutil.rmtree(broken, ignore_errors=True)



def test_a_capacity_changed_on_the_floor_plan_shows_on_the_dashboard(dashboard, store, hub, qtbot) -> None:
    zone = dashboard.snapshot.zones[0]
    plan_zone = next(z for z in floor_plan.load_plan(store).zones if z.id == zone.id)
    # as the floor-plan editor writes: through the op-runner, which broadcasts the change
    run_op(hub, lambda: floor_plan.put_zones(store, [replace(plan_zone, capacity=zone.capacity + 50)]))
    qtbot.waitUntil(lambda: dashboard.is_loaded and figures_on_screen(dashboard)[zone.id][1].endswith(
        f" / {zone.capacity + 50:,}"), timeout=20_000)


def test_the_counting_settings_are_saved_for_the_event_and_recount_the_day(dashboard, store, hub, qtbot,
                                                                           warnings) -> None:
    from PySide6.QtCore import QTime

    dialog = TrafficSettingsDialog(store, hub, dashboard.names, dashboard)
    qtbot.addWidget(dialog)
    assert dialog.hall_capacity.value() == 0  # 0: from the hall's area, shown as such
    assert f"{counting.hall_capacity_from_area(store):,}" in dialog.hall_capacity.specialValueText()
    tasting = next(z for z in counting.counted_zones(store) if z.name == "시식존")
    assert dialog.timeouts[tasting.id].value() == 45  # the theme-zone default
    dialog.hall_capacity.setValue(900)
    dialog.timeouts[tasting.id].setValue(20)
    dialog.closes.setTime(QTime(5, 0))
    assert not dialog.save() and "after 06:00" in warnings[-1]
    dialog.closes.setTime(QTime(19, 0))
    assert dialog.save()
    assert counting.hall_capacity(store) == 900 and counting.closing_time(store) == dt.time(19, 0)
    assert next(z for z in counting.counted_zones(store) if z.id == tasting.id).timeout_min == 20
    qtbot.waitUntil(lambda: dashboard.is_loaded and figures_on_screen(dashboard)[HALL][1].endswith(" / 900"),
                    timeout=20_000)  # recounted on hearing the change, with no call from the dialog


def test_each_chart_is_drawn_when_its_tab_is_picked_and_holds_the_figures_shown(dashboard) -> None:
    dashboard.slider.setValue(12 * 60)
    snapshot = dashboard.snapshot
    charts = dashboard.charts
    charts.setCurrentIndex(1)  # occupancy, as a share of capacity
    for figures in [snapshot.hall, *snapshot.zones]:
        assert charts.shown["occupancy_now"][figures.id] == pytest.approx(100 * figures.ratio)
    top = charts.occupancy_plot.viewRange()[1][1]
    assert top >= max(100.0, *charts.shown["occupancy_now"].values())  # nothing drawn off the chart
    charts.setCurrentIndex(2)
    assert charts.shown["classes"] == dashboard.day.classes_admitted(12 * 60)
    assert sum(charts.shown["classes"].values()) == snapshot.hall.unique_visitors  # everyone has a class
    charts.setCurrentIndex(3)
    for zone in snapshot.zones:
        stay = dashboard.day.median_dwell_s(zone.id, 12 * 60)
        assert charts.shown["dwell_min"][zone.id] == pytest.approx(0 if stay is None else stay / 60)


def test_a_finished_day_opened_at_its_peak_follows_the_clock_once_its_scans_start_arriving(dashboard, store) -> None:
    peak = dashboard.snapshot.minute
    assert dashboard.clock_label.text().endswith("replay") and peak < dashboard.slider.maximum()
    visitor_id = store.conn.execute("SELECT id FROM visitors ORDER BY id DESC LIMIT 1").fetchone()[0]
    entrance = ScanContext(store, Station("정문", find_gate(store, "B홀 정문")["id"], "in"))
    scan(entrance, issue_badge(store, visitor_id)[0].code, now=dt.datetime(2022, 10, 4, 18, 20, tzinfo=SEOUL))
    dashboard.tick()  # a simulation is playing the day on: the dashboard follows it
    assert dashboard.clock_label.text() == "18:20 · live"
    assert dashboard.slider.value() == dashboard.slider.maximum() == 18 * 60 + 20


def test_late_scans_on_a_big_day_are_replayed_on_the_worker_while_the_window_goes_on(dashboard, store, qtbot,
                                                                                    monkeypatch) -> None:
    # Another desk's scans of this morning, pulled from the hub after it was away: the day must be
    # replayed from the start. A day of thousands of scans is replayed on the worker, not in the
    # once-a-second tick on the window's thread (a hundred thousand scans take seconds).
    from expo_console.gui.dashboard import workspace

    monkeypatch.setattr(workspace, "INLINE_REPLAY_SCANS", 100)  # the template's day has thousands
    dashboard.go_live()
    entries = dashboard.snapshot.hall.entries
    walk_in = register_visitor(store, VisitorDraft(name="늦은스캔", email="late@example.kr",
                                                   consents=frozenset({Consent.REQUIRED}))).visitor_id
    entrance = ScanContext(store, Station("정문", find_gate(store, "B홀 정문")["id"], "in"))
    results = scan(entrance, issue_badge(store, walk_in)[0].code, now=dt.datetime(2022, 10, 4, 10, 30, tzinfo=SEOUL))
    assert results[0].verdict in ENTRIES, results
    dashboard.tick()
    assert dashboard.day is None and dashboard.progress.isVisible()  # replaying; the tick returned at once
    qtbot.waitUntil(lambda: dashboard.is_loaded, timeout=20_000)
    dashboard.go_live()
    assert dashboard.snapshot.hall.entries == entries + 1


# --- every dashboard follows the hub, whoever made the change -------------------------------------

@pytest.fixture
def second(qtbot, store: EventStore, hub) -> Iterator[DashboardWorkspace]:  # type: ignore[no-untyped-def]
    """Another dashboard on the same event and hub (a second window on the operations room's wall)."""
    widget = DashboardWorkspace(store, hub, english=True)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitUntil(lambda: widget.is_loaded, timeout=20_000)
    yield widget
    widget.stop()


@pytest.fixture
def floor(qtbot, store: EventStore, hub, monkeypatch):  # type: ignore[no-untyped-def]
    """The floor plan on the same event and hub; its questions are answered Yes."""
    from expo_console.gui.floorplan.workspace import FloorPlanWorkspace

    monkeypatch.setattr(QMessageBox, "question", lambda *_a, **_k: QMessageBox.StandardButton.Yes)
    widget = FloorPlanWorkspace(store, hub)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def pick(floor, menu: str, text: str) -> None:  # type: ignore[no-untyped-def]
    """Choose an entry of one of the floor plan's toolbar menus (Hall, Export)."""
    from PySide6.QtWidgets import QToolButton

    button = next(b for b in floor.findChildren(QToolButton) if b.text() == menu)
    next(a for a in button.menu().actions() if a.text() == text).trigger()


def shows_capacity(dashboard: DashboardWorkspace, zone_id: str, capacity: int) -> bool:
    return dashboard.is_loaded and figures_on_screen(dashboard)[zone_id][1].endswith(f" / {capacity:,}")


def test_a_layout_imported_on_the_floor_plan_shows_on_the_dashboard(dashboard, floor, store, qtbot, tmp_path,
                                                                     monkeypatch, warnings) -> None:
    import json

    from expo_console.gui import file_dialogs
    from expo_console.services.layout import plan_json

    zone = dashboard.snapshot.zones[0]
    layout = plan_json.layout_to_dict(store)
    next(z for z in layout["zones"] if z["id"] == zone.id)["capacity"] = zone.capacity + 50
    source = tmp_path / "layout.json"
    source.write_text(json.dumps(layout, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(file_dialogs, "open_file", lambda *_a, **_k: str(source))
    pick(floor, "Export", "Import layout JSON…")
    assert not warnings
    assert floor.scene.zones[zone.id].capacity == zone.capacity + 50  # the plan read it back
    qtbot.waitUntil(lambda: shows_capacity(dashboard, zone.id, zone.capacity + 50), timeout=20_000)


def test_layout_rules_edited_on_the_floor_plan_recount_the_dashboard(dashboard, floor, store, qtbot,
                                                                     monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from expo_console.gui.floorplan.hall_actions import RulesDialog

    before = counting.hall_capacity(store)  # the hall's area at so many m² a person

    def two_m2_more_a_person(dialog: RulesDialog) -> QDialog.DialogCode:
        spin = dialog.spins["area_per_person_m2"]
        spin.setValue(spin.value() + 2.0)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(RulesDialog, "exec", two_m2_more_a_person)
    pick(floor, "Hall", "Rules…")
    after = counting.hall_capacity(store)
    assert after < before
    qtbot.waitUntil(lambda: shows_capacity(dashboard, HALL, after), timeout=20_000)


def test_counting_settings_saved_on_one_dashboard_recount_every_dashboard(dashboard, second, qtbot,
                                                                          monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    def type_900_and_save(dialog: TrafficSettingsDialog) -> QDialog.DialogCode:
        dialog.hall_capacity.setValue(900)
        return QDialog.DialogCode.Accepted if dialog.save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(TrafficSettingsDialog, "exec", type_900_and_save)
    dashboard.settings_button.click()
    qtbot.waitUntil(lambda: shows_capacity(dashboard, HALL, 900) and shows_capacity(second, HALL, 900),
                    timeout=20_000)


def test_a_head_count_shows_at_once_on_every_dashboard(dashboard, second, store, qtbot, warnings) -> None:
    for shown in (dashboard, second):
        shown.choose_day(DAY2)
    qtbot.waitUntil(lambda: warnings or all(d.is_loaded and d.day.day == DAY2 for d in (dashboard, second)),
                    timeout=20_000)
    entrance = ScanContext(store, Station("정문", find_gate(store, "B홀 정문")["id"], "in"))
    visitor_id = store.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    scan(entrance, issue_badge(store, visitor_id)[0].code, now=dt.datetime(2022, 10, 5, 10, 0, tzinfo=SEOUL))
    for shown in (dashboard, second):
        shown.tick()  # both follow the day live
    assert figures_on_screen(second)[HALL][1].startswith("1 / ")
    assert dashboard.head_count(40, HALL, note="counted at the doors")
    # no second has passed, so no tick: the other dashboard took the count from the broadcast
    assert figures_on_screen(second)[HALL][1].startswith("40 / ")
    assert figures_on_screen(dashboard)[HALL][1].startswith("40 / ")
