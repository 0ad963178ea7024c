"""The dashboard's one-second refresh at 100 thousand and at 10 million scans, and the simulator's rate.

Refresh: the file holds N earlier scans (other days: the scans of past events and days, written
with plain SQL), then the day on screen receives the same stream of gate scans at both sizes, 20
a second, written between refreshes. Timed: TrafficDay.refresh + snapshot (what every dashboard,
CLI and report reads), and the whole workspace's tick with the repaint it causes (table, plan,
tiles, the chart on show), as the one-second timer runs it. The baseline of the 10 M figure is the same figure at 100 k, in the same run: the spec
is that the refresh does not grow with the file.

Simulation: a day of visitors played through the real scan service, in scans per second,
against bare single-row INSERT transactions on the same file at the same synchronous setting.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Report, percentile
from expo_console.domain.ids import new_ids
from expo_console.services.demo.event import create_demo_event
from expo_console.services.demo.simulation import simulate_day
from expo_console.services.traffic.day import TrafficDay
from expo_console.storage.connection import EventStore, Stamp

SEOUL = dt.timezone(dt.timedelta(hours=9))
WATCHED, GUI_DAY, SIMULATED = dt.date(2022, 10, 4), dt.date(2022, 10, 6), dt.date(2022, 10, 5)
HISTORY_START = dt.datetime(2021, 1, 1, tzinfo=dt.UTC)
PER_SECOND = 20  # gate scans arriving between two refreshes: a busy opening minute


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _fill_history(store: EventStore, visitors: int, scans: int) -> list[str]:
    """`visitors` visitors and `scans` scans of days before the event, in time order (plain SQL)."""
    conn = store.conn
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -1000000")  # 1 GB while filling: the visitor index is random
    ids = new_ids(visitors)
    now = "2022-10-01T00:00:00.000Z"
    with store.write():
        conn.executemany(
            "INSERT INTO visitors (id, name, email_key, person_key, visitor_class, desk_id, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, 'visitor', 'bench', ?, ?)",
            ((vid, f"방문자{i}", f"v{i}@example.com", f"v{i}|", now, now) for i, vid in enumerate(ids)))
    gates = [r[0] for r in conn.execute("SELECT id FROM gates")]
    rng = random.Random(5)
    spacing = (dt.datetime(2022, 9, 30, tzinfo=dt.UTC) - HISTORY_START).total_seconds() / max(scans, 1)
    batch = 200_000
    for start in range(0, scans, batch):
        count = min(batch, scans - start)
        scan_ids = new_ids(count)
        rows = [(scan_ids[i], _stamp(HISTORY_START + dt.timedelta(seconds=(start + i) * spacing)), "history",
                 rng.choice(gates), "in", rng.choice(ids), "admitted", "bench") for i in range(count)]
        with store.write():
            conn.executemany("INSERT INTO scans (id, scanned_at, station, gate_id, direction, visitor_id,"
                             " verdict, desk_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("PRAGMA cache_size = -2000")
    conn.execute("PRAGMA synchronous = FULL")
    return ids


class _GateStream:
    """The same scans at every size: people come in, half go on into a zone."""

    def __init__(self, store: EventStore, visitors: list[str], day: dt.date) -> None:
        self.store = store
        self.rng = random.Random(11)
        self.visitors = visitors[:20_000]
        gates = store.conn.execute("SELECT id, kind, zone_id FROM gates").fetchall()
        self.entrances = [g[0] for g in gates if g[1] == "hall_entrance"]
        self.zone_gates = [g[0] for g in gates if g[1] == "zone_gate"]
        self.moment = dt.datetime.combine(day, dt.time(10, 0), SEOUL)
        self.inside: list[str] = []
        self.next_visitor = 0

    def write_second(self) -> dt.datetime:
        """A second of scans (committed, durable); returns the moment after them."""
        rows = []
        ids = new_ids(PER_SECOND)
        for i in range(PER_SECOND):
            at = _stamp(self.moment + dt.timedelta(milliseconds=50 * i))
            if self.inside and i % 2:
                visitor, gate = self.rng.choice(self.inside), self.rng.choice(self.zone_gates)
            else:
                visitor = self.visitors[self.next_visitor % len(self.visitors)]
                self.next_visitor += 1
                self.inside.append(visitor)
                gate = self.rng.choice(self.entrances)
            rows.append((ids[i], at, f"gate {gate[:4]}", gate, "in", visitor, "admitted", "bench"))
        with self.store.write() as conn:
            conn.executemany("INSERT INTO scans (id, scanned_at, station, gate_id, direction, visitor_id,"
                             " verdict, desk_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        self.moment += dt.timedelta(seconds=1)
        return self.moment


def _service_refresh(store: EventStore, visitors: list[str], samples: int) -> list[float]:
    stream = _GateStream(store, visitors, WATCHED)
    day = TrafficDay(store, WATCHED, now=stream.moment)
    times = []
    for _ in range(samples):
        moment = stream.write_second()
        start = time.perf_counter()
        day.refresh(moment)
        day.snapshot()
        times.append(time.perf_counter() - start)
    return times


def _workspace_tick(store: EventStore, visitors: list[str], samples: int) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from expo_console.gui.dashboard.workspace import DashboardWorkspace
    from expo_console.gui.hub import Hub

    app = QApplication.instance() or QApplication([])
    stream = _GateStream(store, visitors, GUI_DAY)
    stream.write_second()
    widget = DashboardWorkspace(store, Hub(), english=False)
    widget.resize(1366, 768)
    widget.day_box.setCurrentIndex(widget.day_box.findData(GUI_DAY.isoformat()))
    widget.show()
    while not widget.is_loaded:
        app.processEvents()
    widget.timer.stop()  # ticks are driven here, one per written second
    times = []
    for n in range(samples + 3):
        stream.write_second()
        start = time.perf_counter()
        widget.tick()
        app.processEvents()  # the repaint the tick asked for (Qt paints what changed)
        if n >= 3:  # the first tick replays the day once (its scans came after it was shown as over)
            times.append(time.perf_counter() - start)
    widget.stop()
    widget.close()
    return times


def _simulation_rate(store: EventStore, visitors: int) -> tuple[float, float, int]:
    result = simulate_day(store, SIMULATED, visitors, seed=3)
    ours = result.scans / result.seconds
    store.conn.execute("CREATE TABLE IF NOT EXISTS bare_inserts (id TEXT PRIMARY KEY, at TEXT, code TEXT)")
    store.conn.execute("PRAGMA synchronous = NORMAL")  # what simulate_day writes with
    rows = min(result.scans, 20_000)
    ids = new_ids(rows)
    start = time.perf_counter()
    for row_id in ids:
        with store.write() as conn:
            conn.execute("INSERT INTO bare_inserts VALUES (?, ?, ?)", (row_id, "2022-10-05T01:00:00.000Z", "0" * 58))
    bare = rows / (time.perf_counter() - start)
    store.conn.execute("PRAGMA synchronous = FULL")
    return ours, bare, result.scans


def run(report: Report, sizes: tuple[int, int], samples: int, simulated_visitors: int) -> None:
    medians: dict[int, tuple[float, float, float, float]] = {}
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            store = create_demo_event(Path(folder) / "traffic.expo", Stamp("bench", "bench", "organizer"), visitors=0)
            filled = time.perf_counter()
            visitors = _fill_history(store, min(100_000, max(size // 10, 20_000)), size)
            print(f"  filled {size:,} scans in {time.perf_counter() - filled:.0f} s", flush=True)
            service = _service_refresh(store, visitors, samples)
            window = _workspace_tick(store, visitors, max(samples // 4, 10))
            medians[size] = (statistics.median(service), percentile(service, 95), statistics.median(window),
                             percentile(window, 95))
            if size == sizes[0]:
                ours, bare, scans = _simulation_rate(store, simulated_visitors)
                report.add(Figure(f"simulation through the scan service ({scans:,} scans)", ours,
                                  "bare INSERT transactions", bare, unit="scans/s",
                                  target="(a rate: higher is better)", details={"visitors": simulated_visitors}))
            store.close()
    small, large = sizes
    labels = ("refresh + snapshot median", "refresh + snapshot p95", "dashboard tick + repaint median",
              "dashboard tick + repaint p95")
    targets = ("≤ 1.5× and < 20 ms", "", "≤ 1.5× and < 20 ms", "")
    for i, label in enumerate(labels):
        report.add(Figure(f"{label} ({large:,} scans)", medians[large][i], f"same at {small:,} scans",
                          medians[small][i], target=targets[i],
                          details={"per_refresh_new_scans": PER_SECOND, "samples": samples}))

