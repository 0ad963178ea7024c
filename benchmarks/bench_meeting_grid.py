"""Dragging a meeting in the consultation schedule grid: every frame under 16 ms (issue 17).

The event: the demo expo with 20 tables × 14 slots (10:00–18:00, lunch 12:30–13:30) × 4 days,
solved from about five wishes per buyer, so the day dragged in is as full as the solver makes it.
The Schedule page is shown at 1366×768, offscreen, as the window shows it.

A frame is one mouse move of a scripted drag, from the move event to the repaint it causes
(the event loop run until nothing is pending): the cell under the mouse is found, the clash
check runs over the in-memory copy of the day (gui/consultations/drag_check.py), the two
cells that changed are repainted, the status line and the tooltip say why. Every move of the
path enters a new cell (the worst case: a move within a cell skips the check), in a serpentine
over the visible grid, so free cells, taken cells and the buyer's own busy times all come up.

Baseline, in the same run and the same window: the same path without a drag, each move
repainting the whole visible grid (the cell cursor moved and the viewport updated), i.e. what a
plain repaint of the grid costs. Figures: the median and the worst frame, against the
baseline's median and worst.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Report
from expo_console.domain.consultations import Session
from expo_console.services.consultations import schedule, setup
from expo_console.services.demo.event import create_demo_event
from expo_console.storage.connection import Stamp

HOURS = (dt.time(10), dt.time(18))
LUNCH = ((dt.time(12, 30), dt.time(13, 30)),)  # 14 slots of 30 minutes


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def build_event(path: Path, visitors: int, tables: int, wishes: int, time_limit: float) -> None:
    # the demo without its own consultation zone: this one is set up here, to the size
    store = create_demo_event(path, Stamp("bench", "bench", "organizer"), visitors=visitors, consultations=False)
    loaded = setup.load(store)
    for day in loaded.days:
        setup.set_session(store, Session(day, *HOURS, 30, LUNCH))
    setup.place_tables(store, tables)
    for n, language in enumerate(("zh", "ja", "vi", "zh")):
        setup.put_interpreter(store, f"interpreter {n + 1}", [language, "en"], loaded.days)
    rng = random.Random(17)
    for buyer in loaded.buyers:
        for rank, firm in enumerate(rng.sample(loaded.exhibitors, wishes), 1):
            setup.put_request(store, buyer.id, firm.id, buyer_rank=rank, source="bench")
    schedule.solve_schedule(store, time_limit=time_limit)
    store.close()


def run(report: Report, visitors: int, tables: int, moves: int, time_limit: float) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from expo_console.gui.consultations.drag_check import DragCheck
    from expo_console.gui.consultations.workspace import ConsultationsWorkspace
    from expo_console.gui.hub import Hub
    from expo_console.services.events import open_event

    app = _app()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "zone.expo"
        build_event(path, visitors, tables, 5, time_limit)
        store = open_event(path, Stamp("bench", "bench", "organizer"))
        meetings = schedule.meetings(store)
        days = sorted({m.day for m in meetings})
        busiest = max(days, key=lambda d: sum(1 for m in meetings if m.day == d))
        workspace = ConsultationsWorkspace(store, Hub())
        workspace.resize(1366, 768)
        workspace.show()
        app.processEvents()
        page = workspace.schedule_page
        workspace.pages.setCurrentWidget(page)
        page.show_day(busiest)
        app.processEvents()
        model, view = page.model, page.view
        viewport = view.viewport()
        moved = next(m for m in model.meetings.values() if m.interpreter_id is None)
        view.scrollTo(model.index_of(moved.id))
        app.processEvents()
        path_cells = _serpentine(view, model)

        def centre(cell: tuple[int, int]) -> QPoint:
            return view.visualRect(model.index(*cell)).center()

        source = centre(model.cell_of(moved))  # type: ignore[arg-type]
        QTest.mousePress(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, source)
        QTest.mouseMove(viewport, source + QPoint(12, 6))
        app.processEvents()
        frames: list[float] = []
        frames_cpu: list[float] = []  # the window thread's own CPU time: the work, without the waits
        refused = 0
        painted = _count_paints(viewport)
        for step in range(moves):
            at = centre(path_cells[step % len(path_cells)])
            t0, c0 = time.perf_counter(), time.thread_time()
            QTest.mouseMove(viewport, at)
            app.processEvents()
            frames.append(time.perf_counter() - t0)
            frames_cpu.append(time.thread_time() - c0)
            refused += bool(model.drag is not None and model.drag.refused)
        drag_paints = painted.stop()
        view.cancel_drag()
        QTest.mouseRelease(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, source)
        app.processEvents()

        base: list[float] = []
        base_cpu: list[float] = []
        painted = _count_paints(viewport)
        for step in range(moves):
            cell = path_cells[step % len(path_cells)]
            t0, c0 = time.perf_counter(), time.thread_time()
            view.setCurrentIndex(model.index(*cell))
            viewport.update()
            app.processEvents()
            base.append(time.perf_counter() - t0)
            base_cpu.append(time.thread_time() - c0)
        base_paints = painted.stop()

        check = DragCheck(workspace.data.setup, list(model.meetings.values()), moved)
        checks = []
        for cell in path_cells[:moves]:
            t0 = time.perf_counter()
            check.problems(model.slots[cell[0]], model.tables[cell[1]])
            checks.append(time.perf_counter() - t0)
        label = (f"{tables}t×{len(model.slots)}s×{len(workspace.data.session_days())}d, "
                 f"{len(model.meetings)} meetings that day")
        details = {"moves": moves, "cells_on_path": len(path_cells), "refused_moves": refused,
                   "meetings_in_event": len(meetings), "meetings_that_day": len(model.meetings),
                   "clash_check_median_s": statistics.median(checks), "clash_check_max_s": max(checks),
                   "frame_cpu_median_s": statistics.median(frames_cpu),
                   "baseline_cpu_median_s": statistics.median(base_cpu),
                   "cells_painted_per_drag_frame": drag_paints / moves,
                   "cells_painted_per_baseline_frame": base_paints / moves, "window": "1366×768"}
        report.add(Figure(f"drag a meeting in the schedule grid: frame median ({label})", statistics.median(frames),
                          "whole grid repainted median", statistics.median(base), target="< 16 ms",
                          details=details))
        report.add(Figure(f"drag a meeting in the schedule grid: worst frame ({label})", max(frames),
                          "whole grid repainted worst", max(base), target="every frame < 16 ms", details=details))
        report.add(Figure(f"drag a meeting in the schedule grid: worst frame, window thread CPU ({label})",
                          max(frames_cpu), "whole grid repainted worst, CPU", max(base_cpu),
                          target="every frame < 16 ms (wall time above: the machine is shared)", details=details))
        workspace.close()
        workspace.deleteLater()
        app.processEvents()
        store.close()


def _count_paints(viewport):  # type: ignore[no-untyped-def]
    """How many cells' worth of the grid is repainted until stop(): an event filter on the
    viewport adds up the painted regions (in cells of the grid's size)."""
    from PySide6.QtCore import QEvent, QObject

    from expo_console.gui.slot_grid.delegate import CELL_HEIGHT, CELL_WIDTH

    class Counter(QObject):
        cells = 0.0

        def eventFilter(self, _watched, event):  # type: ignore[no-untyped-def]  # noqa: N802
            if event.type() == QEvent.Type.Paint:
                area = sum(r.width() * r.height() for r in event.region())
                self.cells += area / (CELL_WIDTH * CELL_HEIGHT)
            return False

        def stop(self) -> float:
            viewport.removeEventFilter(self)
            return self.cells

    counter = Counter(viewport)
    viewport.installEventFilter(counter)
    return counter


def _serpentine(view, model) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    """The visible cells, row by row, left to right then right to left: each step a new cell."""
    area = view.viewport().rect()
    cells = []
    for row in range(model.rowCount()):
        columns = [c for c in range(model.columnCount()) if area.contains(view.visualRect(model.index(row, c)))]
        if not area.contains(view.visualRect(model.index(row, columns[0] if columns else 0))):
            continue
        cells += [(row, c) for c in (columns if row % 2 == 0 else reversed(columns))]
    return cells
