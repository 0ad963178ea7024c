"""The floor-plan editor: drags that snap, are flagged or refused, and undo for every edit."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, QRectF, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QImage, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QApplication

from expo_console.domain.floor_plan import Booth, PlanError
from expo_console.domain.layout_rules import CLEAR_STRIP
from expo_console.gui.floorplan.coords import scene_point, scene_rect
from expo_console.gui.floorplan.hall_actions import calibrated, read_drawing
from expo_console.gui.floorplan.items import BoothItem, ZoneItem
from expo_console.gui.floorplan.models import UnplacedExhibitorsModel, ViolationsModel
from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
from expo_console.services.demo.event import create_demo_event
from expo_console.services.layout import floor_plan
from expo_console.storage.connection import EventStore
from support import TEST_STAMP


@pytest.fixture(scope="module")
def plan_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "demo.expo"
    create_demo_event(path, TEST_STAMP, visitors=0, bookings=False).close()  # the tests place their own
    return path


@pytest.fixture
def plan_store(plan_template: Path, tmp_path: Path) -> Iterator[EventStore]:
    from expo_console.services.events import open_event

    path = tmp_path / "demo.expo"
    path.write_bytes(plan_template.read_bytes())
    store = open_event(path, TEST_STAMP)
    yield store
    store.close()


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes the workspace showed (their text); questions are answered Yes. Never modal in a test."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def record(_parent, _title, text, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        shown.append(text)
        return QMessageBox.StandardButton.Yes

    for name in ("warning", "information", "question", "critical"):
        monkeypatch.setattr(QMessageBox, name, record)
    return shown


@pytest.fixture
def floor(qtbot, plan_store: EventStore, hub, english, dialogs) -> FloorPlanWorkspace:  # type: ignore[no-untyped-def]
    widget = FloorPlanWorkspace(plan_store, hub)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    qtbot.waitExposed(widget)
    widget.view.resetTransform()
    widget.view.scale(2.0, 2.0)
    return widget


def booth_numbered(floor: FloorPlanWorkspace, number: str) -> Booth:
    return next(b for b in floor.scene.booths.values() if b.number == number)


def saved(floor: FloorPlanWorkspace, booth_id: str) -> Booth | None:
    return next((b for b in floor_plan.load_plan(floor.store).booths if b.id == booth_id), None)


def mouse(floor: FloorPlanWorkspace, kind: QEvent.Type, at: QPointF,
          modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
          buttons: Qt.MouseButton | None = None) -> None:
    viewport = floor.view.viewport()
    local = QPointF(floor.view.mapFromScene(at))
    if buttons is None:
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseButtonRelease else Qt.MouseButton.LeftButton
    event = QMouseEvent(kind, local, viewport.mapToGlobal(local), Qt.MouseButton.LeftButton
                        if kind != QEvent.Type.MouseMove else Qt.MouseButton.NoButton, buttons, modifiers)
    QApplication.sendEvent(viewport, event)


def drag(floor: FloorPlanWorkspace, booth: Booth, dx: float, dy: float,
         modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, release: bool = True) -> None:
    """Press in the booth's middle, move by (dx, dy) metres in steps, release."""
    start = scene_point((booth.x + booth.width / 2, booth.y + booth.depth / 2))
    floor.view.centerOn(start)
    mouse(floor, QEvent.Type.MouseButtonPress, start, modifiers)
    for step in range(1, 6):
        mouse(floor, QEvent.Type.MouseMove, start + QPointF(dx * 10 * step / 5, -dy * 10 * step / 5), modifiers)
    if release:
        mouse(floor, QEvent.Type.MouseButtonRelease, start + QPointF(dx * 10, -dy * 10), modifiers)


def test_a_drag_snaps_to_the_grid_and_is_one_undo_step(floor: FloorPlanWorkspace) -> None:
    booth = booth_numbered(floor, "H-19")  # top row of its block, open floor above
    drag(floor, booth, 1.3, 1.27)
    moved = saved(floor, booth.id)
    assert moved is not None and (moved.x, moved.y) == (booth.x + 1.5, booth.y + 1.5)
    assert floor.editor.undo_stack.count() == 1
    floor.editor.undo_stack.undo()
    assert (saved(floor, booth.id).x, saved(floor, booth.id).y) == (booth.x, booth.y)
    assert floor.scene.booth_items[booth.id].pos() == scene_rect(booth.rect).topLeft()
    floor.editor.undo_stack.redo()
    assert saved(floor, booth.id).y == booth.y + 1.5
    floor.editor.undo_stack.undo()
    drag(floor, booth, 0.3, 0)  # near its old line: lined up with the booths below again
    assert saved(floor, booth.id) == booth and floor.editor.undo_stack.count() == 1


def test_a_drag_snaps_to_a_neighbours_edge_and_alt_moves_freely(floor: FloorPlanWorkspace) -> None:
    kbiz = booth_numbered(floor, "KBIZ")  # x 6..18, y 44..50
    h19 = booth_numbered(floor, "H-19")  # x 21.5 .. 27.5
    drag(floor, h19, -3.2, 0)  # towards KBIZ: within reach of its right edge
    assert saved(floor, h19.id).x == kbiz.x + kbiz.width
    floor.editor.undo_stack.undo()
    drag(floor, h19, -0.3, 0.2, Qt.KeyboardModifier.AltModifier)
    free = saved(floor, h19.id)
    assert free.x == pytest.approx(h19.x - 0.3, abs=0.06) and free.x not in (h19.x, h19.x - 0.5)


def test_a_booth_dragged_into_a_doors_clear_strip_turns_red_while_dragging(floor: FloorPlanWorkspace) -> None:
    booth = booth_numbered(floor, "M-01")  # x 6..12, y 6..9; B1 entrance strip x 20..30, y 0..4
    drag(floor, booth, 15, -4.5, release=False)
    item = floor.scene.booth_items[booth.id]
    assert item.problems and "clear strip" in item.problems[0] and "entrance-b1" in item.problems[0]
    assert "clear strip" in item.toolTip()
    mouse(floor, QEvent.Type.MouseButtonRelease, item.sceneBoundingRect().center())
    check = floor.scene.check_whole_plan()
    assert any(v.rule == CLEAR_STRIP and booth.id in v.booths for v in check.violations)
    assert floor.side.tabText(3) == f"Violations ({len(check.violations)})"  # strip, and aisle to the wall
    floor.editor.undo_stack.undo()
    assert not floor.scene.booth_items[booth.id].problems
    assert floor.scene.check_whole_plan().violations == ()


def test_escape_during_a_drag_puts_the_booth_back(floor: FloorPlanWorkspace) -> None:
    booth = booth_numbered(floor, "H-19")
    drag(floor, booth, 2, 2, release=False)
    QApplication.sendEvent(floor.view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier))
    mouse(floor, QEvent.Type.MouseButtonRelease, scene_point((booth.x, booth.y)))
    assert floor.scene.booth_items[booth.id].pos() == scene_rect(booth.rect).topLeft()
    assert floor.editor.undo_stack.count() == 0


def test_a_locked_layout_refuses_a_drag(floor: FloorPlanWorkspace, dialogs: list[str]) -> None:
    floor.lock_action.trigger()
    booth = booth_numbered(floor, "H-19")
    drag(floor, booth, 3, 3)
    assert saved(floor, booth.id) == booth and floor.editor.undo_stack.count() == 0
    floor.select_ids([booth.id])
    floor.editor.rotate([booth.id])
    assert dialogs and "locked" in dialogs[0]
    assert "LOCKED" in floor.status.text()


def test_arrow_nudges_merge_into_one_step(floor: FloorPlanWorkspace) -> None:
    booth = booth_numbered(floor, "H-19")
    floor.select_ids([booth.id])
    floor.view.setFocus()
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Right, Qt.Key.Key_Up):
        QApplication.sendEvent(floor.view, QKeyEvent(QEvent.Type.KeyPress, key, Qt.KeyboardModifier.NoModifier))
    QApplication.sendEvent(floor.view, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier))
    assert (saved(floor, booth.id).x, saved(floor, booth.id).y) == (booth.x + 1.0, booth.y + 3.5)
    assert floor.editor.undo_stack.count() == 1
    floor.editor.undo_stack.undo()
    assert saved(floor, booth.id) == booth


def _state(floor: FloorPlanWorkspace) -> tuple:
    plan = floor_plan.load_plan(floor.store)
    return (tuple(sorted(plan.booths, key=lambda b: b.id)), tuple(sorted(plan.zones, key=lambda z: z.id)), plan.hall)


EDITS = {
    "rotate": lambda f, b: f.editor.rotate([b.id]),
    "resize": lambda f, b: f.editor.resize([b.id], 1, 1),
    "edit": lambda f, b: f.editor.edit(replace(b, status="blocked", services=frozenset()), "edit"),
    "delete": lambda f, b: f.editor.delete([b.id]),
    "paste": lambda f, b: (f.editor.copy([b.id]), f.editor.paste()),
    "add": lambda f, b: f.editor.add_booth(100, 52),
    "free": lambda f, b: f.editor.assign(b.id, None),
    "align": lambda f, b: f.editor.align([b.id, booth_numbered(f, "H-20").id], "bottom"),
    "distribute": lambda f, b: f.editor.distribute([b.id, booth_numbered(f, "F-25").id,
                                                    booth_numbered(f, "F-28").id], "x"),
    "zone": lambda f, b: f.editor.put_zone(replace(next(iter(f.scene.zones.values())), capacity=40), "zone"),
    "delete_zone": lambda f, b: f.editor.delete_zone(next(z.id for z in f.scene.zones.values() if z.kind == "studio")),
    "door": lambda f, b: f.hall_actions.apply_door("exit", (60.0, 54.0), (64.0, 54.0), name="북측 비상구 3"),
    "obstacle": lambda f, b: f.hall_actions.apply_obstacle([(66.0, 20.0), (67.0, 20.0), (67.0, 21.0)], name="C1"),
    "outline": lambda f, b: f.hall_actions.apply_outline([(0.0, 0.0), (135.0, 0.0), (135.0, 60.0), (0.0, 60.0)]),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_every_edit_undoes_and_redoes(floor: FloorPlanWorkspace, edit: str) -> None:
    booth = booth_numbered(floor, "H-17")
    before = _state(floor)
    EDITS[edit](floor, booth)
    after = _state(floor)
    assert after != before and floor.editor.undo_stack.count() == 1
    floor.editor.undo_stack.undo()
    assert _state(floor) == before
    assert {b.id: b for b in floor.scene.booths.values()} == {b.id: b for b in before[0]}
    floor.editor.undo_stack.redo()
    assert _state(floor) == after


def test_renumber_is_one_step_and_only_when_asked(floor: FloorPlanWorkspace) -> None:
    m01, m18 = booth_numbered(floor, "M-01"), booth_numbered(floor, "M-18")
    floor.editor.move([m01, m18], [m01.moved(m18.x, m18.y), m18.moved(m01.x, m01.y)])
    assert saved(floor, m18.id).number == "M-18"  # a move never renumbers
    assert floor.editor.renumber() == 2
    assert saved(floor, m18.id).number == "M-01" and saved(floor, m01.id).number == "M-18"
    floor.editor.undo_stack.undo()
    assert saved(floor, m18.id).number == "M-18"


def drop_at(floor: FloorPlanWorkspace, mime: QMimeData, scene_at: QPointF) -> None:
    """Drag enter, then drop, as a real drag from the list delivers them."""
    target = QPointF(floor.view.mapFromScene(scene_at))
    enter = QDragEnterEvent(target.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(floor.view.viewport(), enter)
    drop = QDropEvent(target, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(floor.view.viewport(), drop)


def test_dropping_an_unplaced_exhibitor_on_a_booth_assigns_it(floor: FloorPlanWorkspace) -> None:
    taken = booth_numbered(floor, "H-17")
    free = booth_numbered(floor, "H-18")
    floor.editor.assign(taken.id, None)
    assert floor.unplaced.rowCount() == 1 and "Unplaced (1)" in floor.side.tabText(0)
    mime = floor.unplaced.mimeData([floor.unplaced.index(0, 0)])
    floor.view.centerOn(scene_rect(free.rect).center())
    drop_at(floor, mime, scene_rect(free.rect).center())
    assigned = saved(floor, free.id)
    assert assigned.exhibitor_id == taken.exhibitor_id and assigned.status == "sold"
    assert floor.unplaced.rowCount() == 0


def test_dropping_on_open_floor_makes_a_booth_for_the_exhibitor(floor: FloorPlanWorkspace) -> None:
    taken = booth_numbered(floor, "H-17")
    floor.editor.assign(taken.id, None)
    mime = QMimeData()
    mime.setData("application/x-expo-console-exhibitor", f"{taken.exhibitor_id}\tHOME".encode())
    spot = scene_point((121.0, 40.0))  # empty floor in B2
    floor.view.centerOn(spot)
    drop_at(floor, mime, spot)
    new = next(b for b in floor_plan.load_plan(floor.store).booths if b.exhibitor_id == taken.exhibitor_id)
    assert (new.x, new.y, new.section_code) == (119.5, 38.5, "HOME")


def test_find_centres_on_a_booth_or_company(floor: FloorPlanWorkspace) -> None:
    floor.find.setText("m-05")
    floor.find.returnPressed.emit()
    booth = booth_numbered(floor, "M-05")
    assert floor.selected_ids() == [booth.id]
    centre = floor.view.mapToScene(floor.view.viewport().rect().center())
    assert (centre - scene_rect(booth.rect).center()).manhattanLength() < 20
    company = floor.scene.exhibitor_names[booth_numbered(floor, "F-01").exhibitor_id]
    floor.find.setText(company[3:])
    floor.find.returnPressed.emit()
    assert floor.selected_ids() == [booth_numbered(floor, "F-01").id]


def test_the_booth_panel_shows_the_booth_type_and_applies_edits(floor: FloorPlanWorkspace,
                                                               dialogs: list[str]) -> None:
    booth = booth_numbered(floor, "M-01")
    floor.select_ids([booth.id])
    assert "corner" in floor.booth_panel.heading.text()  # end of a back-to-back block
    floor.booth_panel.services["water"].setChecked(True)
    floor.booth_panel.apply.click()
    assert "water" in saved(floor, booth.id).services
    floor.booth_panel.width.setValue(0.5)  # clamped by the spin box to 1 m: a shell booth must be modules
    floor.booth_panel.apply.click()
    assert saved(floor, booth.id).width == booth.width  # refused: shell scheme is whole modules
    assert dialogs and "module" in dialogs[-1]


def test_the_models_pass_the_model_tester(qtmodeltester, floor: FloorPlanWorkspace) -> None:  # type: ignore[no-untyped-def]
    exhibitors = UnplacedExhibitorsModel()
    exhibitors.set_rows(floor_plan.exhibitors(floor.store)[:5], {"MED": "의료"})
    qtmodeltester.check(exhibitors, force_py=True)
    violations = ViolationsModel()
    drag(floor, booth_numbered(floor, "M-01"), 15, -4.5)
    violations.set_rows(floor.scene.check_whole_plan().violations, floor.scene.number_of, floor.scene.zone_name)
    qtmodeltester.check(violations, force_py=True)
    assert "clear strip" in violations.data(violations.index(0, 1))


def test_a_drawing_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    broken = tmp_path / "hall.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n broken")
    with pytest.raises(PlanError, match="hall.png: not an image"):
        read_drawing(broken)
    bad_pdf = tmp_path / "hall.pdf"
    bad_pdf.write_bytes(b"%PDF-1.7 nothing else")
    with pytest.raises(PlanError, match="hall.pdf: this PDF cannot be read"):
        read_drawing(bad_pdf)


def test_calibration_scales_the_drawing_about_the_first_point() -> None:
    values = {"metres_per_pixel": 0.1, "x": 0.0, "y": 54.0, "image": b"", "opacity": 0.5, "source_name": "x"}
    new = calibrated(values, (10.0, 44.0), (20.0, 44.0), 20.0)  # the 10 m on screen is really 20 m
    assert new["metres_per_pixel"] == pytest.approx(0.2)
    assert (new["x"], new["y"]) == (pytest.approx(-10.0), pytest.approx(64.0))  # (10, 44) stays put
    with pytest.raises(PlanError, match="two points are the same"):
        calibrated(values, (10.0, 44.0), (10.0, 44.0), 5.0)


def test_a_drawing_loads_calibrates_and_undoes(floor: FloorPlanWorkspace, tmp_path: Path) -> None:
    image = QImage(270, 108, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    drawing = tmp_path / "venue.png"
    image.save(str(drawing))
    assert floor.hall_actions.load_background(str(drawing))
    assert floor.scene.background_item is not None
    assert floor.scene.background_item.sceneBoundingRect().width() == pytest.approx(1350, rel=0.01)  # 135 m
    assert floor.hall_actions.apply_calibration((0.0, 54.0), (67.5, 54.0), metres=135.0)
    assert floor_plan.background(floor.store)["metres_per_pixel"] == pytest.approx(1.0)
    floor.editor.undo_stack.undo()
    assert floor_plan.background(floor.store)["metres_per_pixel"] == pytest.approx(0.5)
    floor.editor.undo_stack.undo()
    assert floor_plan.background(floor.store) is None and floor.scene.background_item is None


def test_a_door_off_the_wall_is_refused(floor: FloorPlanWorkspace, dialogs: list[str]) -> None:
    assert not floor.hall_actions.apply_door("exit", (60.0, 30.0), (64.0, 30.0), name="가운데")
    assert dialogs and "not on the hall's outline" in dialogs[0]
    assert floor.editor.undo_stack.count() == 0


def test_rubber_band_selects_several_booths(floor: FloorPlanWorkspace) -> None:
    floor.view.fit_hall()
    corner_a, corner_b = scene_point((5.0, 5.0)), scene_point((19.0, 22.0))  # the first MED column, two rows
    mouse(floor, QEvent.Type.MouseButtonPress, corner_a)
    mouse(floor, QEvent.Type.MouseMove, (corner_a + corner_b) / 2, buttons=Qt.MouseButton.LeftButton)
    mouse(floor, QEvent.Type.MouseMove, corner_b, buttons=Qt.MouseButton.LeftButton)
    mouse(floor, QEvent.Type.MouseButtonRelease, corner_b)
    numbers = sorted(floor.scene.booths[i].number for i in floor.selected_ids())
    assert numbers == ["M-01", "M-02", "M-03", "M-04", "M-05", "M-06", "M-08", "M-09"]
    assert not any(isinstance(i, ZoneItem) for i in floor.scene.selectedItems())  # not the MED section


def test_a_click_inside_a_theme_zone_selects_that_zone_not_its_section(floor: FloorPlanWorkspace) -> None:
    studio = next(z for z in floor.scene.zones.values() if z.kind == "studio")
    inside = scene_point((sum(x for x, _ in studio.polygon) / len(studio.polygon),
                          sum(y for _, y in studio.polygon) / len(studio.polygon)))
    floor.view.centerOn(inside)
    mouse(floor, QEvent.Type.MouseButtonPress, inside)
    mouse(floor, QEvent.Type.MouseButtonRelease, inside)
    assert [i.zone.id for i in floor.scene.selectedItems()] == [studio.id]
    assert floor.zone_panel.name.text() == studio.name


def test_the_plan_has_the_keyboard_as_soon_as_the_workspace_shows(floor: FloorPlanWorkspace) -> None:
    assert floor.focusWidget() is floor.view  # so Ctrl+F, Ctrl+Z and the arrows work before any click


def test_the_undo_button_keeps_its_place_and_names_the_step_in_its_tooltip(floor: FloorPlanWorkspace) -> None:
    booth = booth_numbered(floor, "H-19")
    assert not floor.undo_action.isEnabled()
    floor.editor.rotate([booth.id])
    assert floor.undo_action.isEnabled() and floor.undo_action.text() == "Undo"
    assert "Rotate 1 booth" in floor.undo_action.toolTip()
    floor.undo_action.trigger()
    assert saved(floor, booth.id) == booth and floor.redo_action.isEnabled()
    floor.redo_action.trigger()
    assert saved(floor, booth.id).rotation != booth.rotation


def clearly_red_share(floor: FloorPlanWorkspace, booth: Booth) -> float:
    """The share of the booth's pixels on screen that a person sees as red, not pink or grey."""
    floor.view.viewport().repaint()
    image = floor.view.viewport().grab().toImage()
    area = floor.view.mapFromScene(scene_rect(booth.rect)).boundingRect()
    pixels = [image.pixelColor(x, y) for x in range(area.left(), area.right() + 1)
              for y in range(area.top(), area.bottom() + 1)]
    red = sum(1 for c in pixels if c.red() - max(c.green(), c.blue()) > 90)
    return red / len(pixels)


def test_a_booth_breaking_a_rule_is_plainly_red_at_fit_zoom(floor: FloorPlanWorkspace, qtbot) -> None:  # type: ignore[no-untyped-def]
    broken, clean = booth_numbered(floor, "M-01"), booth_numbered(floor, "H-19")
    floor.editor.move([broken], [broken.moved(broken.x + 15, broken.y - 4.5)])  # into the B1 entrance's strip
    broken = saved(floor, broken.id)
    assert floor.scene.booth_items[broken.id].problems
    floor.view.fit_hall()
    qtbot.wait(20)
    assert floor.view.zoom < 1  # the whole hall: a booth is a few dozen pixels, its text about 5 px
    assert clearly_red_share(floor, broken) > 0.4
    assert clearly_red_share(floor, clean) < 0.02


def test_a_booth_dragged_onto_another_stays_on_top_and_shows_the_rule_it_breaks(floor: FloorPlanWorkspace) -> None:
    dragged, under = booth_numbered(floor, "H-19"), booth_numbered(floor, "H-20")
    drag(floor, dragged, under.x - dragged.x + 1, under.y - dragged.y, release=False)
    item = floor.scene.booth_items[dragged.id]
    assert any("Overlaps H-20" in problem for problem in item.problems)
    middle = floor.view.mapFromScene(item.sceneBoundingRect().center())
    assert next(i for i in floor.view.items(middle) if isinstance(i, BoothItem)) is item  # drawn over H-20
    tag = floor.scene.rule_tag
    assert tag.isVisible() and "Overlaps H-20" in tag.text
    assert item.sceneBoundingRect().adjusted(-20, -20, 20, 20).contains(tag.scenePos())  # beside the booth
    on_screen = tag.boundingRect().translated(QPointF(floor.view.mapFromScene(tag.scenePos())))
    assert QRectF(floor.view.viewport().rect()).contains(on_screen)  # in the view, not cut by its edge
    mouse(floor, QEvent.Type.MouseMove, scene_point((dragged.x + 3, dragged.y + 1.5)))  # back where it was
    assert not item.problems and not tag.isVisible()
    mouse(floor, QEvent.Type.MouseMove, item.sceneBoundingRect().center() + QPointF(0, 60))  # back onto H-20
    assert tag.isVisible()
    mouse(floor, QEvent.Type.MouseButtonRelease, item.sceneBoundingRect().center())
    assert not tag.isVisible()
    assert item.zValue() == floor.scene.booth_items[under.id].zValue()  # among the others again


def test_the_consultation_tables_are_drawn_numbered_in_the_zone_and_follow_a_new_placing(  # type: ignore[no-untyped-def]
        floor, plan_store: EventStore, hub) -> None:
    from expo_console.gui.floorplan.zone_marks import ConsultTableItem
    from expo_console.gui.ops import run_op
    from expo_console.services.consultations import setup as consultation_setup

    floor.reload()
    assert not [i for i in floor.scene.items() if isinstance(i, ConsultTableItem)]
    run_op(hub, lambda: consultation_setup.place_tables(plan_store, 12))  # from the Consultations workspace
    drawn = sorted((i for i in floor.scene.items() if isinstance(i, ConsultTableItem)), key=lambda i: i.number)
    assert [i.number for i in drawn] == list(range(1, 13))
    zone = next(i for i in floor.scene.items() if isinstance(i, ZoneItem) and i.zone.kind == "consultation")
    assert all(zone.polygon().containsPoint(i.rect().center(), Qt.FillRule.OddEvenFill) for i in drawn)
    # table 1 is at the zone's top left, as the numbers read on the plan
    assert drawn[0].rect().top() <= drawn[-1].rect().top() and drawn[0].rect().left() <= drawn[1].rect().left()
    run_op(hub, lambda: consultation_setup.place_tables(plan_store, 4))
    assert sorted(i.number for i in floor.scene.items() if isinstance(i, ConsultTableItem)) == [1, 2, 3, 4]


def test_the_studio_sets_and_the_photo_corner_are_drawn_in_the_studio_zone(  # type: ignore[no-untyped-def]
        floor, plan_store: EventStore, hub) -> None:
    from expo_console.domain.bookings import BookingKind
    from expo_console.gui.floorplan.zone_marks import BookingResourceItem
    from expo_console.gui.ops import run_op
    from expo_console.services.bookings import setup as booking_setup

    floor.reload()
    assert not [i for i in floor.scene.items() if isinstance(i, BookingResourceItem)]
    run_op(hub, lambda: booking_setup.place_resources(plan_store, BookingKind.STUDIO, ["Main", "B"]))  # Studio & photos
    run_op(hub, lambda: booking_setup.place_resources(plan_store, BookingKind.PHOTO, ["Photo zone"]))
    drawn = sorted((i for i in floor.scene.items() if isinstance(i, BookingResourceItem)),
                   key=lambda i: (i.kind.value, i.number))
    assert [(i.kind, i.label.text()) for i in drawn] == [(BookingKind.PHOTO, "P1"), (BookingKind.STUDIO, "S1"),
                                                          (BookingKind.STUDIO, "S2")]
    assert drawn[1].toolTip() == "Live-commerce studio set 1: Main" and drawn[0].toolTip() == "Photo corner 1: Photo zone"
    zone = next(i for i in floor.scene.items() if isinstance(i, ZoneItem) and i.zone.kind == "studio")
    assert all(zone.polygon().containsPoint(i.rect().center(), Qt.FillRule.OddEvenFill) for i in drawn)
    # the corner shares the studio's zone: no set is hidden under it
    assert not any(a.rect().intersects(b.rect()) for n, a in enumerate(drawn) for b in drawn[n + 1:])
    assert all(i.zValue() > floor.scene.booth_items[next(iter(floor.scene.booth_items))].zValue() for i in drawn)
    run_op(hub, lambda: booking_setup.place_resources(plan_store, BookingKind.STUDIO, ["Main"]))
    assert sorted(i.label.text() for i in floor.scene.items() if isinstance(i, BookingResourceItem)) == ["P1", "S1"]
