"""What the event file's safety costs: a scan with the WAL check, and opening to read.

- A durable scan through the real scan service, with the check that the WAL is still the file
  the store opened (one stat before each write), against the same scans with the check turned
  off in the same run: the check's share of the hot path.
- Opening the demo event read-only (what `info` does now), against opening it to work in (the
  desk's visit written, which every command did before).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Report, percentile
from expo_console.services.badges.codes import issue_badges
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.events import open_event
from expo_console.storage.connection import EventStore, Stamp

STAMP = Stamp("bench", "bench", "organizer")


def _scan_times(context: ScanContext, codes: list[str]) -> list[float]:
    times = []
    for code in codes:
        start = time.perf_counter()
        scan(context, code)
        times.append(time.perf_counter() - start)
    return times


def run(report: Report, visitors: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "gate.expo"
        store = create_demo_event(path, STAMP, visitors=visitors)
        ids = [row[0] for row in store.conn.execute("SELECT id FROM visitors")]
        codes = [badge.code for badge in issue_badges(store, ids)[0]]
        context = ScanContext(store, Station("bench-gate", find_gate(store, "B홀 측면 출입구")["id"], "out"))
        checked, unchecked = [], []
        check = EventStore._check_wal
        for _ in range(rounds):  # alternate, so that drift on a shared machine hits both alike
            checked += _scan_times(context, codes)
            EventStore._check_wal = lambda self: None  # type: ignore[method-assign]
            try:
                unchecked += _scan_times(context, codes)
            finally:
                EventStore._check_wal = check  # type: ignore[method-assign]
        report.add(Figure("scan with the WAL check (median)", statistics.median(checked),
                          "the same scans without it", statistics.median(unchecked), target="≈ 1×",
                          details={"p95": percentile(checked, 95), "baseline_p95": percentile(unchecked, 95),
                                   "scans": len(checked)}))
        store.close()

        read_only, to_work = [], []
        for _ in range(rounds * 10):
            start = time.perf_counter()
            open_event(path, STAMP, read_only=True).close()
            read_only.append(time.perf_counter() - start)
            start = time.perf_counter()
            open_event(path, STAMP).close()
            to_work.append(time.perf_counter() - start)
        report.add(Figure("open the event to read (info), median", statistics.median(read_only),
                          "open it to work in (desk written)", statistics.median(to_work), target="≤ 1×"))
