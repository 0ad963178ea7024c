"""Scan to committed verdict, at N visitors and M earlier scans, synchronous=FULL.

The baseline, on the same file and in the same run, is a bare durable single-row INSERT in its
own BEGIN IMMEDIATE … COMMIT: the least any recorded scan can cost. The event is filled with
plain SQL (fast, synchronous=OFF for the set-up only), then measured with the real settings.
"""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Report, percentile
from expo_console.domain.ids import new_ids
from expo_console.services.badges.codes import issue_badges
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.storage.connection import Stamp

START = dt.datetime(2022, 10, 4, 1, 0, tzinfo=dt.UTC)  # 10:00 in Seoul: the demo hall is open


def _fill(store, visitors: int, scans: int) -> list[str]:  # type: ignore[no-untyped-def]
    conn = store.conn
    conn.execute("PRAGMA synchronous = OFF")
    rng = random.Random(5)
    ids = new_ids(visitors)
    now = "2022-10-01T00:00:00.000Z"
    for start in range(0, visitors, 100_000):
        with store.write():
            conn.executemany(
                "INSERT INTO visitors (id, name, email_key, person_key, visitor_class, desk_id, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, 'visitor', 'bench', ?, ?)",
                ((vid, f"방문자{i}", f"v{i}@example.com", f"v{i}|", now, now)
                 for i, vid in enumerate(ids[start:start + 100_000], start)))
    gates = [r[0] for r in conn.execute("SELECT id FROM gates")]
    scan_ids = new_ids(scans)
    for start in range(0, scans, 200_000):
        rows = []
        for i in range(start, min(start + 200_000, scans)):
            at = START + dt.timedelta(seconds=rng.randrange(4 * 86_400))
            rows.append((scan_ids[i], at.isoformat(timespec="milliseconds").replace("+00:00", "Z"), "history",
                         rng.choice(gates), "in", rng.choice(ids), "admitted", "bench"))
        with store.write():
            conn.executemany("INSERT INTO scans (id, scanned_at, station, gate_id, direction, visitor_id,"
                             " verdict, desk_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("PRAGMA synchronous = FULL")
    return ids


def run(report: Report, visitors: int, earlier_scans: int, samples: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_event(Path(folder) / "gate.expo", Stamp("bench", "bench", "organizer"), visitors=0)
        ids = _fill(store, visitors, earlier_scans)
        badged = random.Random(9).sample(ids, samples)
        codes = [badge.code for badge in issue_badges(store, badged)[0]]
        context = ScanContext(store, Station("bench-gate", find_gate(store, "B홀 측면 출입구")["id"]))
        moment = START + dt.timedelta(days=3, hours=2)
        ours: list[float] = []
        for i, code in enumerate(codes):
            start = time.perf_counter()
            result = scan(context, code, now=moment + dt.timedelta(seconds=i))[0]
            ours.append(time.perf_counter() - start)
            assert result.scan_id is not None
        store.conn.execute("CREATE TABLE bare_inserts (id TEXT PRIMARY KEY, at TEXT, code TEXT)")
        bare: list[float] = []
        bare_ids = new_ids(samples)
        for i in range(samples):
            start = time.perf_counter()
            with store.write() as conn:
                conn.execute("INSERT INTO bare_inserts VALUES (?, ?, ?)", (bare_ids[i], "2022-10-04T00:00:00Z", codes[i]))
            bare.append(time.perf_counter() - start)
        store.close()
    label = f"{visitors:,} visitors, {earlier_scans:,} scans"
    details = {"visitors": visitors, "earlier_scans": earlier_scans, "samples": samples}
    report.add(Figure(f"scan → committed verdict p50 ({label})", percentile(ours, 50), "bare durable INSERT p50",
                      percentile(bare, 50), target="", details=details))
    report.add(Figure(f"scan → committed verdict p99 ({label})", percentile(ours, 99), "bare durable INSERT p99",
                      percentile(bare, 99), target="p99 < 5 ms and ≤ 3× baseline", details=details))


def run_captured(report: Report, visitors: int, earlier_scans: int, samples: int) -> None:
    """A scan on a desk joined to a hub (every write captured into the outbox by triggers), against
    the same scan before capture was installed, on the same file, in alternating blocks."""
    from expo_console.storage import sync_capture

    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_event(Path(folder) / "gate.expo", Stamp("bench", "bench", "organizer"), visitors=0)
        ids = _fill(store, visitors, earlier_scans)
        codes = [badge.code for badge in issue_badges(store, random.Random(11).sample(ids, 2 * samples))[0]]
        context = ScanContext(store, Station("bench-gate", find_gate(store, "B홀 측면 출입구")["id"]))
        moment = START + dt.timedelta(days=3, hours=2)
        plain: list[float] = []
        captured: list[float] = []
        block = max(1, samples // 4)
        for n, start_at in enumerate(range(0, 2 * samples, block)):
            with_capture = n % 2 == 1
            with store.write() as conn:  # on for odd blocks, off (triggers gone) for even ones
                if with_capture:
                    sync_capture.install(conn)
                else:
                    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'"
                                                " AND name LIKE '%_capture_%'").fetchall():
                        conn.execute(f'DROP TRIGGER "{name}"')
            for i, code in enumerate(codes[start_at:start_at + block], start_at):
                start = time.perf_counter()
                scan(context, code, now=moment + dt.timedelta(seconds=i))
                (captured if with_capture else plain).append(time.perf_counter() - start)
        store.close()
    label = f"{visitors:,} visitors, {earlier_scans:,} scans"
    report.add(Figure(f"scan with hub capture p50 ({label})", percentile(captured, 50), "same scan, no capture p50",
                      percentile(plain, 50), target="≤ 1.2× baseline",
                      details={"visitors": visitors, "samples": samples}))


def event_today(path: Path, visitors: int):  # type: ignore[no-untyped-def]
    """An event running today (yesterday to tomorrow) with one hall gate and `visitors` visitors:
    its store and the visitors' ids."""
    from expo_console.services.events import EventDetails, create_event

    today = dt.date.today()
    store = create_event(path, EventDetails(
        "bench", (today - dt.timedelta(days=1)).isoformat(), (today + dt.timedelta(days=1)).isoformat()),
        Stamp("bench", "bench", "organizer"))
    with store.write() as conn:
        conn.execute("INSERT INTO gates (id, name, name_en, kind, direction, desk_id, created_at, updated_at)"
                     " VALUES ('gate', 'B홀 정문', 'Main', 'hall_entrance', 'both', 'x', 'x', 'x')")
    return store, _fill(store, visitors, 0)


def enter_to_painted(station, codes: list[str]) -> list[float]:  # type: ignore[no-untyped-def]
    """Each code typed into a station's scan field: seconds from the Enter key to its verdict
    painted (the station's verdict_shown comes after the panel's repaint)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    painted: list[float] = []

    def shown(_result: object) -> None:
        painted.append(time.perf_counter())

    station.verdict_shown.connect(shown)
    took: list[float] = []
    for code in codes:
        station.scan_field.setText(code)
        start = time.perf_counter()
        QTest.keyClick(station.scan_field, Qt.Key.Key_Return)
        took.append(painted[-1] - start)
    station.verdict_shown.disconnect(shown)
    return took


def run_window(report: Report, visitors: int, samples: int) -> None:
    """From the Enter key to the verdict painted, in the real station, on an event running today."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

    from expo_console.gui.checkin.workspace import CheckinWorkspace
    from expo_console.gui.hub import Hub

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        store, ids = event_today(Path(folder) / "today.expo", visitors)
        codes = [badge.code for badge in issue_badges(store, ids[:samples])[0]]
        station = CheckinWorkspace(store, Hub(), korean=True)
        station.resize(1280, 800)
        station.show()
        app.processEvents()
        ours = enter_to_painted(station, codes)
        station.close()
        store.close()

        bare_window = QWidget()
        field, label = QLineEdit(), QLabel()
        layout = QVBoxLayout(bare_window)
        layout.addWidget(field)
        layout.addWidget(label)
        bare_window.resize(1280, 800)
        bare_window.show()
        stamps: list[float] = []

        def bare_enter() -> None:
            label.setText(field.text()[:8])
            label.repaint()
            stamps.append(time.perf_counter())

        field.returnPressed.connect(bare_enter)
        bare: list[float] = []
        for code in codes:
            field.setText(code)
            start = time.perf_counter()
            QTest.keyClick(field, Qt.Key.Key_Return)
            bare.append(stamps[-1] - start)
        bare_window.close()
    report.add(Figure(f"Enter → verdict painted p50 ({visitors:,} visitors)", percentile(ours, 50),
                      "bare field + label p50", percentile(bare, 50), target="", details={"samples": samples}))
    report.add(Figure(f"Enter → verdict painted p99 ({visitors:,} visitors)", percentile(ours, 99),
                      "bare field + label p99", percentile(bare, 99), target="p99 < 50 ms", details={"samples": samples}))


def run_zone_gate(report: Report, visitors: int, samples: int) -> None:
    """A buyer let in at the consultation zone's gate (their next meeting read and their arrival
    recorded in the scan's transaction) against the same kind of scan at a hall gate, on the same
    file, in alternating blocks: about 1,200 meetings over the four days, 20 tables."""
    from expo_console.domain.consultations import Session
    from expo_console.services.consultations import setup as consult_setup
    from expo_console.storage import meetings_repo

    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_event(Path(folder) / "zone.expo", Stamp("bench", "bench", "organizer"), visitors=0)
        ids = _fill(store, visitors, 0)
        buyers = random.Random(13).sample(ids, 2 * samples)
        with store.write() as conn:
            conn.executemany("UPDATE visitors SET visitor_class = 'domestic_buyer' WHERE id = ?", [(b,) for b in buyers])
        days = [START.date() + dt.timedelta(days=n) for n in range(4)]
        for day in days:
            consult_setup.set_session(store, Session(day, dt.time(10), dt.time(17, 30)))  # 15 slots
        consult_setup.place_tables(store, 20)
        exhibitors = [e.id for e in consult_setup.load(store).exhibitors]
        zone_buyers, hall_buyers = buyers[:samples], buyers[samples:]
        rows, first_meeting = [], {}
        stamps = store.stamps()
        for day in days:
            for slot in range(15):
                starts = dt.datetime.combine(day, dt.time(10)) + dt.timedelta(minutes=30 * slot)
                for table in range(1, 21):
                    n = slot * 20 + table - 1
                    buyer = buyers[(n + days.index(day) * 7) % len(buyers)]
                    first_meeting.setdefault((day, buyer), starts)
                    rows.append({"id": new_ids(1)[0], "day": day.isoformat(), "starts": f"{starts:%H:%M}",
                                 "ends": f"{starts + dt.timedelta(minutes=30):%H:%M}", "table_number": table,
                                 "buyer_id": buyer, "exhibitor_id": exhibitors[n % len(exhibitors)], **stamps})
        with store.write() as conn:
            meetings_repo.insert_many(conn, rows)
        day = days[3]
        seoul = dt.timezone(dt.timedelta(hours=9))
        codes = {b: badge.code for b, badge in zip(buyers, issue_badges(store, buyers)[0], strict=True)}
        zone_gate = ScanContext(store, Station("zone", find_gate(store, "구매상담존 게이트")["id"]))
        hall_gate = ScanContext(store, Station("hall", find_gate(store, "B홀 측면 출입구")["id"]))

        def moment_for(buyer: str) -> dt.datetime:  # five minutes before their first meeting that day
            starts = first_meeting.get((day, buyer), dt.datetime.combine(day, dt.time(11)))
            return (starts - dt.timedelta(minutes=5)).replace(tzinfo=seoul)

        zone_times: list[float] = []
        hall_times: list[float] = []
        arrivals = 0
        block = max(1, samples // 6)
        for start_at in range(0, samples, block):
            for context, chosen, took in ((zone_gate, zone_buyers, zone_times), (hall_gate, hall_buyers, hall_times)):
                for buyer in chosen[start_at:start_at + block]:
                    begin = time.perf_counter()
                    result = scan(context, codes[buyer], now=moment_for(buyer))[0]
                    took.append(time.perf_counter() - begin)
                    assert result.scan_id is not None, result.verdict
                    arrivals += bool(result.zone and result.zone.meeting and result.zone.meeting.arrival_recorded)
        store.close()
    details = {"visitors": visitors, "samples": samples, "meetings": len(rows), "arrivals_recorded": arrivals}
    report.add(Figure("scan at the consultation gate (next meeting, arrival) p50", percentile(zone_times, 50),
                      "same scan at a hall gate p50", percentile(hall_times, 50), target="≤ 1.5× baseline",
                      details=details))
    report.add(Figure("scan at the consultation gate p99", percentile(zone_times, 99),
                      "same scan at a hall gate p99", percentile(hall_times, 99), target="p99 < 5 ms", details=details))
