"""Zone traffic read from the event file: real scans in, the dashboard's figures out."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from expo_console.domain.occupancy import HALL
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin import gate_rules
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.demo.simulation import SimulationError, simulate_day
from expo_console.services.traffic import counting
from expo_console.services.traffic.day import TrafficDay
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore
from support import REPO, TEST_STAMP

SEOUL = dt.timezone(dt.timedelta(hours=9))
DAY = dt.date(2022, 10, 4)


def seoul(clock: str) -> dt.datetime:
    hours, minutes = clock.split(":")
    return dt.datetime(2022, 10, 4, int(hours), int(minutes), tzinfo=SEOUL)


def minute(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[EventStore]:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=20)
    yield store
    store.close()


def zone_named(store: EventStore, name: str) -> counting.CountedZone:
    return next(z for z in counting.counted_zones(store) if z.name == name)


def passes(store: EventStore, visitor: int, steps: list[tuple[str, str, str]]) -> None:
    """(clock, gate name, in/out) through the real scan service."""
    visitor_id = store.conn.execute("SELECT id FROM visitors ORDER BY id LIMIT 1 OFFSET ?", (visitor,)).fetchone()[0]
    code = issue_badge(store, visitor_id)[0].code
    for clock, gate, direction in steps:
        context = ScanContext(store, Station(f"{gate} {direction}", find_gate(store, gate)["id"], direction))
        scan(context, code, now=seoul(clock))


def test_counted_zones_are_the_gated_ones_with_capacity_from_the_plan(demo: EventStore) -> None:
    zones = {z.name: z for z in counting.counted_zones(demo)}
    assert set(zones) == {"시연존", "시식존", "우수기술 체험존", "구매상담존", "라이브커머스 스튜디오"}
    tasting = zones["시식존"]
    assert tasting.capacity == int(tasting_area(tasting) / 4) and tasting.timeout_min == 45
    from expo_console.services.layout import floor_plan

    assert counting.hall_capacity(demo) == int(floor_plan.current_hall(demo).area / 4)
    counting.set_hall_capacity(demo, 1500)
    assert counting.hall_capacity(demo) == 1500


def tasting_area(zone: counting.CountedZone) -> float:
    from expo_console.domain.floor_plan import polygon_area

    return polygon_area(zone.polygon)


def test_a_day_of_real_scans_gives_the_figures_an_operator_expects(demo: EventStore) -> None:
    passes(demo, 0, [("10:00", "B홀 정문", "in"), ("10:10", "시식존 게이트", "in"), ("10:25", "시식존 게이트", "out"),
                     ("10:30", "시연존 게이트", "in")])
    passes(demo, 1, [("10:05", "B홀 측면 출입구", "in"), ("10:20", "시식존 게이트", "in"),
                     ("10:40", "시연존 게이트", "in"), ("11:00", "B홀 출구", "out")])
    day = TrafficDay(demo, DAY, now=seoul("11:05"))  # within 시연존's 45-minute dwell timeout
    tasting, demo_zone = zone_named(demo, "시식존").id, zone_named(demo, "시연존").id
    at_1015 = day.snapshot(minute("10:15"))
    figures = {z.id: z for z in at_1015.zones}
    assert at_1015.hall.occupancy == 2 and figures[tasting].occupancy == 1
    now = day.snapshot()
    figures = {z.id: z for z in now.zones}
    assert now.hall.occupancy == 1  # visitor 1 went out at 11:00
    assert figures[demo_zone].occupancy == 1 and figures[tasting].occupancy == 0
    assert figures[tasting].entries == 2 and figures[tasting].inferred_exits == 1  # 1 walked on into 시연존
    assert figures[demo_zone].inferred_by_cause == {"left_hall": 1}
    assert figures[tasting].unique_visitors == 2 and now.hall.unique_visitors == 2
    assert day.median_dwell_s(tasting) == pytest.approx((15 * 60 + 20 * 60) / 2)
    day.refresh(seoul("11:20"))
    assert {z.id: z for z in day.snapshot().zones}[demo_zone].inferred_by_cause == {"left_hall": 1, "timeout": 1}


def test_a_refresh_reads_only_new_scans_and_agrees_with_a_fresh_replay(demo: EventStore) -> None:
    passes(demo, 0, [("10:00", "B홀 정문", "in")])
    day = TrafficDay(demo, DAY, now=seoul("10:01"))
    passes(demo, 1, [("10:02", "B홀 정문", "in"), ("10:03", "시식존 게이트", "in")])
    assert day.refresh(seoul("10:05")) == 2
    assert day.refresh(seoul("10:06")) == 0
    again = TrafficDay(demo, DAY, now=seoul("10:06"))
    assert day.snapshot() == again.snapshot()


def test_a_head_count_is_recorded_audited_and_carried_forward(demo: EventStore) -> None:
    for visitor in range(3):
        passes(demo, visitor, [(f"10:0{visitor}", "B홀 정문", "in"), (f"10:1{visitor}", "시식존 게이트", "in")])
    tasting = zone_named(demo, "시식존").id
    counting.correct_count(demo, tasting, 1, shown_before=3, note="steward count", at=seoul("10:30"))
    day = TrafficDay(demo, DAY, now=seoul("10:35"))
    figures = {z.id: z for z in day.snapshot().zones}
    assert figures[tasting].occupancy == 1 and figures[tasting].inferred_by_cause == {"correction": 2}
    logged = [e for e in audit_repo.entries(demo.conn, tasting) if e["action"] == "head_count"]
    assert logged and logged[0]["detail"]["count"] == 1 and logged[0]["detail"]["shown_before"] == 3
    with pytest.raises(counting.TrafficError, match="negative"):
        counting.correct_count(demo, tasting, -1)
    with pytest.raises(counting.TrafficError, match="zone gate"):
        counting.correct_count(demo, "no-such-zone", 4)


def test_an_alert_ends_in_the_minute_the_zone_drops_below_its_level(demo: EventStore) -> None:
    """Seen twice at 18:00: "hall over 80 % … 1,240 / 1,822 now" with the hall at 68 %. The alert
    was judged on the most people inside at any moment of the minute (the count when the minute
    began), so a crowd leaving within the minute left it on."""
    counting.set_hall_capacity(demo, 10)
    gate_rules.set_rule(demo, gate_rules.HALL, {"hours": "10:00-19:00"})  # late entries for this case
    for visitor in range(9):
        passes(demo, visitor, [(f"17:{50 + visitor}", "B홀 정문", "in")])
    for visitor in range(2):
        passes(demo, visitor, [("18:00", "B홀 출구", "out")])
    day = TrafficDay(demo, DAY, now=seoul("18:00"))
    now = day.snapshot()
    assert now.clock == "18:00" and now.hall.occupancy == 7 and now.hall.level == 0.0
    assert [(a.level, a.end) for a in now.alerts if a.zone == HALL] == [(0.8, minute("18:00"))]
    assert not [a for a in now.alerts if a.end is None]  # nothing is on at 70 %
    before = day.snapshot(minute("17:59"))
    assert [(a.level, a.end) for a in before.alerts] == [(0.8, None)]  # 9 / 10 at 17:59: over 80 %
    assert before.alerts[0].peak == 9


def test_the_simulated_day_follows_its_parameters(demo: EventStore) -> None:
    result = simulate_day(demo, DAY, 1500, seed=7)
    assert result.visitors == 1500
    day = TrafficDay(demo, DAY, now=seoul("23:00"))
    end = day.snapshot()
    assert end.hall.unique_visitors == 1500 and end.hall.occupancy == 0  # all in, all out by closing
    assert end.peak_hour is not None and end.peak_hour[0] in (10, 11)  # the morning peak
    hall_entries = day.tracker.series(HALL).entries
    lunch, late_morning = sum(hall_entries[minute("12:00"):minute("13:00")]), sum(
        hall_entries[minute("10:00"):minute("11:00")])
    assert lunch < late_morning * 0.6  # the lunch dip
    studio = day.tracker.series(zone_named(demo, "라이브커머스 스튜디오").id).entries
    on_air = sum(sum(studio[minute(a):minute(b)]) for a, b in (("11:00", "11:45"), ("14:00", "14:45"),
                                                                ("16:00", "16:45")))
    assert on_air > 0.5 * sum(studio)  # 2¼ of 8 hours on air, most of the studio's visitors
    zone_in, zone_out = demo.conn.execute(
        "SELECT sum(s.direction = 'in'), sum(s.direction = 'out') FROM scans s JOIN gates g ON g.id = s.gate_id"
        " WHERE g.kind = 'zone_gate'").fetchone()
    assert zone_out / zone_in == pytest.approx(0.6, abs=0.05)  # 60 % scan out of a zone
    with pytest.raises(SimulationError, match="not a day of this event"):
        simulate_day(demo, dt.date(2022, 11, 1), 10)


@pytest.mark.slow
def test_the_default_simulated_day_fills_the_zones_at_their_busy_times_and_leaves_the_hall_room(
        demo: EventStore) -> None:
    """`simulate` used to bring 12,000 people into a hall for 1,822: zones at 200–590 % all day."""
    from expo_console.domain.crowd_calibration import busy_windows
    from expo_console.domain.day_simulation import DayParameters
    from expo_console.services.demo.simulation import _stations, calibrated_crowd

    crowd = calibrated_crowd(demo, DAY)
    result = simulate_day(demo, DAY)  # no number given: the crowd the capacities are meant for
    assert result.visitors == crowd.visitors
    capacity = counting.hall_capacity(demo)
    assert capacity < result.visitors < 2 * capacity  # derived from the hall, not a fixed 12,000
    day = TrafficDay(demo, DAY, now=seoul("23:00"))
    hall = day.tracker.series(HALL).peak
    assert 0.55 * capacity <= max(hall) <= 0.75 * capacity  # about 6.2 m² a person at the busiest
    assert max(hall) == crowd.peaks[HALL]
    busiest = hall.index(max(hall))
    assert minute("11:00") <= busiest <= minute("13:00")  # the lunch peak
    alerts = day.snapshot().alerts
    assert alerts and not [a for a in alerts if a.zone == HALL]
    _entrances, _exits, zones = _stations(demo)
    for zone in zones:
        figures = next(z for z in day.counted if z.id == zone.id)
        windows = busy_windows(zone, DayParameters(), busiest * 60.0)  # the tasting lunch, the broadcasts, midday
        series = day.tracker.series(zone.id)
        most = max(series.peak)
        at = series.peak.index(most)
        assert 0.8 * figures.capacity <= most <= 1.05 * figures.capacity, (zone.role, most, figures.capacity)
        assert most == crowd.peaks[zone.id]  # the day played is the pilot day the calibration measured
        assert any(start <= at * 60 < end for start, end in windows), (zone.role, at)
        # outside its busy time the zone has room: every alert starts in it
        assert all(any(start <= a.start * 60 < end for start, end in windows) for a in alerts if a.zone == zone.id)
    studio = next(z for z in day.counted if z.name == "라이브커머스 스튜디오")
    off_air = day.tracker.series(studio.id).occupancy[minute("12:45"):minute("13:45")]
    assert max(off_air) < 0.3 * studio.capacity  # between broadcasts it is nearly empty
    simulated = demo.conn.execute("SELECT count(*) FROM visitors WHERE source = 'simulated'").fetchone()[0]
    assert simulated == result.added == result.visitors - 20  # the 20 registered came, the rest made up


def test_removing_simulated_visitors_keeps_the_days_figures(demo: EventStore, tmp_path: Path) -> None:
    """Scans are append-only: they stay as the day's anonymous traffic, and the class of each
    removed visitor stays beside them, so nothing the dashboard or the report shows changes."""
    from expo_console.services.demo.simulation import remove_simulated_visitors, simulated_visitors
    from expo_console.services.registration.visitors import delete_visitor

    result = simulate_day(demo, DAY, 80, seed=3)
    assert result.added == 60 and simulated_visitors(demo) == 60
    before = TrafficDay(demo, DAY, now=seoul("13:00"))
    scans = demo.conn.execute("SELECT count(*) FROM scans").fetchone()[0]
    real = demo.conn.execute("SELECT id FROM visitors WHERE source != 'simulated' LIMIT 1").fetchone()[0]
    delete_visitor(demo, real, reason="asked to be removed")  # a visitor deleted at the desk keeps their class for the figures too
    removed, change = remove_simulated_visitors(demo)
    assert removed == 60 and change.reload and simulated_visitors(demo) == 0
    assert demo.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 19
    assert demo.conn.execute("SELECT count(*) FROM badges b LEFT JOIN visitors v ON v.id = b.visitor_id"
                             " WHERE v.id IS NULL").fetchone()[0] == 0  # their badges went with them
    assert demo.conn.execute("SELECT count(*) FROM scans").fetchone()[0] == scans
    after = TrafficDay(demo, DAY, now=seoul("13:00"))
    for minute_of_day in (minute("11:00"), minute("13:00")):
        assert after.snapshot(minute_of_day) == before.snapshot(minute_of_day)
        assert after.classes_admitted(minute_of_day) == before.classes_admitted(minute_of_day)
    assert "unknown" not in after.classes_admitted(minute("13:00"))
    logged = [e for e in audit_repo.entries(demo.conn, None) if e["action"] == "delete"]
    assert {"source": "simulated", "rows": 60} in [e["detail"] for e in logged]
    demo.close()
    path = tmp_path / "demo.expo"
    run = subprocess.run([sys.executable, "-m", "expo_console", "simulate", "--db", str(path), "--remove"],
                         capture_output=True, text=True, timeout=120, cwd=REPO)  # this checkout's code
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"removed_visitors": 0}
    bad = subprocess.run([sys.executable, "-m", "expo_console", "simulate", "--db", str(path)],
                         capture_output=True, text=True, timeout=120, cwd=REPO)
    assert bad.returncode != 0 and "--day" in bad.stderr


def test_the_crowd_follows_the_capacities() -> None:
    """Twice the hall and twice the zones: about twice the visitors, and the same shares."""
    from expo_console.domain.crowd_calibration import HALL_PEAK, ZONE_PEAK, calibrate
    from expo_console.domain.day_simulation import SimZone
    from expo_console.domain.occupancy import ZoneRule

    zones = [SimZone("tasting", "tasting", "g1"), SimZone("studio", "studio", "g2"), SimZone("demo", "theme", "g3")]
    classes = ["visitor"] * 9 + ["domestic_buyer"]
    crowds = [calibrate(classes, zones, [ZoneRule(z.id, size * 100, 45 * 60.0) for z in zones], size * 1500,
                        18.5 * 3600, seed=5) for size in (1, 2)]
    assert crowds[1].visitors == pytest.approx(2 * crowds[0].visitors, rel=0.1)
    for size, crowd in zip((1, 2), crowds, strict=True):
        assert crowd.peaks[HALL] == pytest.approx(HALL_PEAK * size * 1500, rel=0.05)
        for zone in zones:
            assert crowd.peaks[zone.id] == pytest.approx(ZONE_PEAK * size * 100, rel=0.12), (size, zone.id)


def test_the_traffic_command_prints_the_snapshot(demo: EventStore, tmp_path: Path) -> None:
    passes(demo, 0, [("10:00", "B홀 정문", "in"), ("10:10", "시식존 게이트", "in")])
    demo.close()
    path = tmp_path / "demo.expo"
    run = subprocess.run([sys.executable, "-m", "expo_console", "traffic", "--db", str(path),
                          "--at", "2022-10-04T10:30:00+09:00"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["at"] == "10:30" and figures["hall"]["occupancy"] == 1
    assert next(z for z in figures["zones"] if z["name"] == "시식존")["occupancy"] == 1
    bad = subprocess.run([sys.executable, "-m", "expo_console", "traffic", "--db", str(path), "--at", "noon"],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode != 0 and "2022-10-04T12:30:00+09:00" in bad.stderr


def test_a_zone_dwell_timeout_set_for_the_event_replaces_the_default(demo: EventStore) -> None:
    tasting = zone_named(demo, "시식존")
    counting.set_zone_timeout(demo, tasting.id, 20)
    assert zone_named(demo, "시식존").timeout_min == 20 and zone_named(demo, "시연존").timeout_min == 45
    with pytest.raises(counting.TrafficError, match="between 5 minutes and 24 hours"):
        counting.set_zone_timeout(demo, tasting.id, 1)
