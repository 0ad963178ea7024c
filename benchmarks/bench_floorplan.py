"""The floor-plan editor with 1,000 booths: a drag step, a full validation, opening the demo plan.

The baseline, in the same process and the same window size, is what Qt costs with nothing of
ours: the same number of plain QGraphicsRectItems in a scene, moved by setPos without snapping
or checks, and repainted by the same event-loop turn.

- drag step: the real SelectTool step (snap to grid and neighbours, move the item and the
  spatial index, re-check the moved booth and its neighbours, tooltips) plus the repaint,
  against one plain rect moved and repainted. Every step moves the booth by at least 0.5 m, so
  none is skipped by the snap.
- full validation: `validate_plan` (overlaps, strips, aisles, walking distance to the exits,
  dead ends, zone exits) against moving all 1,000 plain rects once and repainting.
- open the demo plan: the workspace's reload (read the plan from the event file, build the
  scene, check it whole, fit, paint) against building a scene of as many plain rects and
  painting it.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.harness import Figure, Report, percentile
from expo_console.domain.floor_plan import Booth, Door, Hall
from expo_console.domain.layout_validation import validate_plan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.layout import floor_plan
from expo_console.storage.connection import Stamp

BIG_HALL = Hall("bench", "bench hall", "bench hall", ((0.0, 0.0), (240.0, 0.0), (240.0, 200.0), (0.0, 200.0)),
                doors=(Door("w", "west exit", "", "exit", (0.0, 70.0), (0.0, 80.0)),
                       Door("e", "east exit", "", "exit", (240.0, 70.0), (240.0, 80.0)),
                       Door("s", "south entrance", "", "entrance", (100.0, 0.0), (110.0, 0.0))))


def big_plan(count: int) -> list[Booth]:
    """Back-to-back blocks of four 6 × 3 m booths on 3.5 m aisles, row by row."""
    booths: list[Booth] = []
    for block_y in range(20):
        for block_x in range(13):
            for row in range(2):
                for col in range(2):
                    if len(booths) < count:
                        booths.append(Booth(f"b{len(booths):04d}", 6 + block_x * 16.5 + col * 6,
                                            6 + block_y * 9.5 + row * 3, 6, 3, number=f"A-{len(booths) + 1:04d}"))
    return booths


def _app():  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    return QApplication.instance() or QApplication([])


def _plain_view(count: int):  # type: ignore[no-untyped-def]
    """A view of `count` plain 6 × 3 m rect items laid out like the booths: the baseline."""
    from PySide6.QtGui import QBrush, QColor
    from PySide6.QtWidgets import QGraphicsRectItem, QGraphicsScene, QGraphicsView

    scene = QGraphicsScene()
    items = []
    for booth in big_plan(count):
        item = QGraphicsRectItem(0, 0, booth.width * 10, booth.depth * 10)
        item.setBrush(QBrush(QColor("#90caf9")))
        item.setPos(booth.x * 10, -booth.y * 10)
        scene.addItem(item)
        items.append(item)
    view = QGraphicsView(scene)
    view.keep_scene = scene  # the view does not own its scene: keep it alive as long as the view
    view.resize(1366, 768)
    view.show()
    view.fitInView(scene.itemsBoundingRect())
    return view, items


def run(report: Report, booths: int, steps: int) -> None:
    from PySide6.QtCore import QEvent, QPointF, Qt
    from PySide6.QtGui import QMouseEvent

    from expo_console.gui.floorplan.coords import scene_point
    from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
    from expo_console.gui.hub import Hub

    app = _app()
    with tempfile.TemporaryDirectory() as folder:
        store = create_demo_event(Path(folder) / "big.expo", Stamp("bench", "bench", "organizer"), visitors=0)
        demo = floor_plan.load_plan(store)
        open_ours = _open_workspace(store, samples=5)
        open_base = _open_plain(len(demo.booths), samples=5)
        report.add(Figure(f"open the demo plan ({len(demo.booths)} booths, {len(demo.zones)} zones) median",
                          statistics.median(open_ours), f"{len(demo.booths)} plain rect items built and painted",
                          statistics.median(open_base), target="< 300 ms"))

        floor_plan.put_zones(store, [], remove=[z.id for z in demo.zones])
        floor_plan.put_booths(store, [], remove=[b.id for b in demo.booths])
        floor_plan.set_hall(store, BIG_HALL)
        floor_plan.put_booths(store, big_plan(booths))
        plan = floor_plan.load_plan(store)
        rules = floor_plan.rules(store)

        floor = FloorPlanWorkspace(store, Hub())
        floor.resize(1366, 768)
        floor.show()
        app.processEvents()
        floor.view.resetTransform()
        floor.view.scale(1.5, 1.5)  # a working zoom: booth names legible
        middle = plan.booths[len(plan.booths) // 2]
        start = scene_point((middle.x + 3, middle.y + 1.5))
        floor.view.centerOn(start)
        app.processEvents()
        local = QPointF(floor.view.mapFromScene(start))
        floor.select_tool.press(floor.view, QMouseEvent(
            QEvent.Type.MouseButtonPress, local, local, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier))
        ours: list[float] = []
        for step in range(steps):
            offset = 5.3 * ((step % 40) - 20 if (step // 40) % 2 == 0 else 20 - (step % 40))  # 0.53 m a step
            t0 = time.perf_counter()
            floor.select_tool.step(offset, offset * 0.3)
            app.processEvents()
            ours.append(time.perf_counter() - t0)
        floor.select_tool.cancel()

        view, items = _plain_view(booths)
        moved = items[len(items) // 2]
        origin = moved.pos()
        view.resetTransform()
        view.scale(1.5, 1.5)  # the same zoom and place as ours
        view.centerOn(moved)
        app.processEvents()
        base: list[float] = []
        for step in range(steps):
            offset = 5.3 * ((step % 40) - 20 if (step // 40) % 2 == 0 else 20 - (step % 40))
            t0 = time.perf_counter()
            moved.setPos(origin + QPointF(offset, offset * 0.3))
            app.processEvents()
            base.append(time.perf_counter() - t0)
        details = {"booths": booths, "steps": steps, "zoom": 1.5, "window": "1366×768"}
        report.add(Figure(f"drag step p95 ({booths} booths: snap, live check, repaint)", percentile(ours, 95),
                          "one plain rect moved and repainted p95", percentile(base, 95),
                          target="p95 < 8 ms", details=details))

        validation = [_timed(lambda: validate_plan(plan, rules)) for _ in range(7)]
        view.fitInView(view.scene().itemsBoundingRect())  # every rect on screen, as every booth is checked
        app.processEvents()
        moved_all = []
        for round_ in range(7):
            t0 = time.perf_counter()
            for item in items:
                item.moveBy(1 if round_ % 2 == 0 else -1, 0)
            app.processEvents()
            moved_all.append(time.perf_counter() - t0)
        report.add(Figure(f"full validation with walking distance ({booths} booths) median",
                          statistics.median(validation), f"{booths} plain rects moved and repainted median",
                          statistics.median(moved_all), target="< 100 ms", details={"booths": booths}))
        view.close()
        floor.close()
        floor.deleteLater()
        app.processEvents()
        store.close()


def _timed(fn) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def _open_workspace(store, samples: int) -> list[float]:  # type: ignore[no-untyped-def]
    from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
    from expo_console.gui.hub import Hub

    app = _app()
    floor = FloorPlanWorkspace(store, Hub())
    floor.resize(1366, 768)
    floor.show()
    app.processEvents()
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        floor.reload()
        floor.view.viewport().repaint()
        times.append(time.perf_counter() - t0)
    floor.close()
    floor.deleteLater()
    app.processEvents()
    return times


def _open_plain(count: int, samples: int) -> list[float]:
    app = _app()
    times = []
    for _ in range(samples):
        t0 = time.perf_counter()
        view, _items = _plain_view(count)
        view.viewport().repaint()
        times.append(time.perf_counter() - t0)
        view.close()
        view.deleteLater()
        app.processEvents()
    return times
