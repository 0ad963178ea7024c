"""The window while the event hub's sync catches up: frame times, against the same window idle.

A desk back after a long time offline has N changes of another desk to pull (N visitors, as an
import at that desk makes them). The main window is open on the desk's copy at 1366 × 768, on
the registration workspace. A timer asks for a frame every 16 ms and repaints the whole window;
a frame's time is the interval from one frame to the next, so a frame held up by the window's
thread (waiting for Python's lock held by the sync's worker, or doing work itself) shows as a
long one. The same window is measured idle first (its sync not started yet), then from the
start of the catch-up until the list shows every pulled visitor (the index reload included).

Aim: no frame over 50 ms while the sync runs. A real PostgreSQL hub runs on this machine
(`hub start`; as the postgres user when run as root), so it needs PostgreSQL's server binaries.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from benchmarks.data import people_rows, write_csv
from benchmarks.harness import Figure, Report, percentile
from benchmarks.hub_setup import PASSPHRASE, running_hub
from expo_console.storage.connection import Stamp

FRAME_MS = 16
IDLE_S = 3.0
AIM_MS = 50


def _desk_copies(folder: Path, started: dict[str, Any], changes: int) -> tuple[str, Path]:
    """An event on the hub; desk A's copy made before desk B pushed `changes` new visitors."""
    from expo_console.services.demo.event import create_demo_event
    from expo_console.services.events import open_event
    from expo_console.services.hub.join import join
    from expo_console.services.hub.publish import publish
    from expo_console.services.hub.sync import sync_once
    from expo_console.services.importing.importer import import_file

    dsn = started["dsn"]
    organizer = create_demo_event(folder / "organizer.expo", Stamp("organizer", "bench", "organizer"), visitors=40)
    publish(organizer, started["owner_dsn"], passphrase=PASSPHRASE)
    organizer.close()
    desk_a, _ = join(dsn, folder / "desk-a.expo", Stamp("desk-a", "bench", "organizer"), desk_name="A", passphrase=PASSPHRASE)
    desk_a.close()
    desk_b, _ = join(dsn, folder / "desk-b.expo", Stamp("desk-b", "bench", "organizer"), desk_name="B", passphrase=PASSPHRASE)
    desk_b.close()
    desk_b = open_event(folder / "desk-b.expo", Stamp("desk-b", "bench", "organizer"))
    report, _change = import_file(desk_b, write_csv(folder / "late.csv", people_rows(changes, seed=23)))
    assert report.imported == changes, report.as_json()
    sync_once(desk_b, dsn)
    desk_b.close()
    return dsn, folder / "desk-a.expo"


def _frames(app, window, until, seconds: float | None = None,  # type: ignore[no-untyped-def]
            stamps: list[float] | None = None) -> list[float]:
    """Frame-to-frame intervals (s) of a 16 ms repaint timer until `until()` (or `seconds`)."""
    from PySide6.QtCore import QTimer

    stamps = [] if stamps is None else stamps

    def frame() -> None:
        window.repaint()
        stamps.append(time.perf_counter())

    timer = QTimer()
    timer.setInterval(FRAME_MS)
    timer.timeout.connect(frame)
    timer.start()
    start = time.perf_counter()
    deadline = start + (seconds if seconds is not None else 600)
    while time.perf_counter() < deadline and (seconds is not None or not until()):
        app.processEvents()
        time.sleep(0.001)
    timer.stop()
    return [b - a for a, b in zip(stamps, stamps[1:], strict=False)]


def run(report: Report, changes: int) -> None:
    from PySide6.QtWidgets import QApplication

    from expo_console.gui.hub import Hub
    from expo_console.gui.main_window import MainWindow
    from expo_console.services.events import open_event
    from expo_console.services.hub.credentials import forget_dsn
    from expo_console.services.hub.desk_link import hub_event_of

    app = QApplication.instance() or QApplication([])
    with running_hub() as (base, started):
        dsn, copy = _desk_copies(base, started, changes)
        store = open_event(copy, Stamp("desk-a", "bench", "organizer"))
        forget_dsn(str(hub_event_of(store)))  # the window idle first: its sync is started below
        window = MainWindow(store, Hub(), "registration")
        window.resize(1366, 768)
        window.show()
        while not window.registration.is_loaded:
            app.processEvents()
        idle = _frames(app, window, lambda: False, seconds=IDLE_S)
        expected = window.registration.model.rowCount() + changes
        updates: list[int] = []
        pulled: list[float] = []  # when the round that pulled ended: the list's reload follows
        window.sync.runner.state_changed.connect(lambda state: updates.append(state.done))
        window.sync.runner.round_done.connect(
            lambda outcome: pulled.append(time.perf_counter()) if outcome.result and outcome.result.pulled else None)
        began = time.perf_counter()
        window.sync.runner.start(dsn)
        stamps: list[float] = []
        busy = _frames(app, window, lambda: window.registration.model.rowCount() >= expected, stamps=stamps)
        took = time.perf_counter() - began
        # the frames of the pull itself (the sync's worker and the window's thread sharing Python),
        # apart from those of the list's reload after it (the registration list's own index build)
        pulling = [b - a for a, b in zip(stamps, stamps[1:], strict=False) if pulled and b <= pulled[0]]
        window.sync.stop()
        window.close()
        store.close()
    details = {"changes": changes, "catch_up_s": round(took, 2), "frames_idle": len(idle), "frames_syncing": len(busy),
               "frames_pulling": len(pulling), "progress_updates": len(updates),
               "over_50ms": sum(1 for f in busy if f * 1000 > AIM_MS),
               "over_50ms_pulling": sum(1 for f in pulling if f * 1000 > AIM_MS),
               "idle_max_ms": round(max(idle) * 1000, 1), "syncing_max_ms": round(max(busy) * 1000, 1),
               "pulling_max_ms": round(max(pulling, default=0) * 1000, 1)}
    for label, pct in (("median", 50), ("p95", 95)):
        report.add(Figure(f"hub catch-up: window frame {label} ({changes:,} changes)", percentile(busy, pct),
                          f"same window idle {label}", percentile(idle, pct), target=f"< {AIM_MS} ms",
                          details=details))
    report.add(Figure(f"hub catch-up: window frame max ({changes:,} changes)", max(busy),
                      "same window idle max", max(idle), target=f"no frame over {AIM_MS} ms", details=details))
    if pulling:
        report.add(Figure(f"hub pull alone: window frame max ({changes:,} changes)", max(pulling),
                          "same window idle max", max(idle), target=f"no frame over {AIM_MS} ms", details=details))
