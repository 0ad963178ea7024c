"""The gate rules dialog on the demo event: the stored rule of the hall, a zone or a gate in the
form, what the gates will apply shown as the operator edits, Save through the op-runner (every view
hears gates_changed), a rule that cannot hold shown and not stored, Remove, and the floor plan's
Hall ▸ Gate rules… on the selected zone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, Qt, QTime
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QWidget

from expo_console.gui.checkin.gate_rules_dialog import GateRulesDialog
from expo_console.gui.floorplan.items import ZoneItem
from expo_console.gui.floorplan.workspace import FloorPlanWorkspace
from expo_console.gui.hub import Hub
from expo_console.services.checkin import gate_rules
from expo_console.storage.connection import EventStore

STUDIO, CONSULTATION = "라이브커머스 스튜디오", "구매상담존"


def zone_id(store: EventStore, name: str) -> str:
    return next(z["id"] for z in gate_rules.gated_zones(store) if z["name"] == name)


def gate_id(store: EventStore, name: str) -> str:
    return next(g["id"] for g in gate_rules.gates_with_rules(store) if g["name"] == name)


@pytest.fixture
def open_dialog(qtbot, demo_store: EventStore, hub: Hub, english: None) -> Callable[..., GateRulesDialog]:  # type: ignore[no-untyped-def]
    def make(target: str | None = None) -> GateRulesDialog:
        dialog = GateRulesDialog(demo_store, hub, None, target=target)
        qtbot.addWidget(dialog)
        dialog.open()
        dialog.activateWindow()  # the keyboard goes to the dialog, as when a person opens it
        qtbot.waitUntil(dialog.isActiveWindow, timeout=3000)
        return dialog
    return make


def click(qtbot, box: QWidget) -> None:  # type: ignore[no-untyped-def]
    """A click on a check box's or radio button's mark (its middle may be past a short label)."""
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def checked_classes(dialog: GateRulesDialog) -> set[str]:
    return {code for code, box in dialog.class_boxes.items() if box.isChecked()}


def type_into(qtbot, widget: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """As a person does: Tab into the field, which selects its text (a time field: its hours), and
    type over it."""
    assert not widget.hasFocus()
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClicks(widget, text)


def choose_target(qtbot, dialog: GateRulesDialog, target: str) -> None:  # type: ignore[no-untyped-def]
    """Down arrow on the closed list until the target is chosen (it skips the separators)."""
    dialog.target_box.setFocus()
    for _step in range(dialog.target_box.count()):
        if dialog.target() == target:
            return
        qtbot.keyClick(dialog.target_box, Qt.Key.Key_Down)
    assert dialog.target() == target


def test_the_studios_rule_is_in_the_form_when_the_dialog_opens_on_the_studio(open_dialog, demo_store) -> None:  # type: ignore[no-untyped-def]
    studio = zone_id(demo_store, STUDIO)
    dialog = open_dialog(studio)
    assert dialog.target() == studio
    assert dialog.target_box.currentText() == "Live-commerce studio (every gate into the zone)"
    assert dialog.only_classes.isChecked() and not dialog.everyone.isChecked()
    assert checked_classes(dialog) == {"exhibitor_staff", "staff", "organizer", "press", "domestic_buyer", "overseas_buyer", "vip"}
    assert all(box.isEnabled() for box in dialog.class_boxes.values())
    assert dialog.any_time.isChecked() and not dialog.opens.isEnabled()
    assert dialog.rows == [] and dialog.max_entries.text() == "No limit"
    assert dialog.summary.text() == ("Who: Buyer, Overseas buyer, Exhibitor staff, Press, VIP, Staff, Organizer\nWhen: Any time\n"
                                     "How often: Any number of entries\n"
                                     "Exhibitor staff: their company's broadcast or shoot only (from 15 min before)")
    assert dialog.booking.value() == "both"  # the photo corner stands in the studio's zone
    assert dialog.remove_button.isEnabled() and dialog.feedback.text() == ""


def test_without_a_target_the_hall_opens_with_its_hours_and_the_early_classes(open_dialog) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog()
    assert dialog.target() == gate_rules.HALL and dialog.everyone.isChecked()
    assert dialog.opening_hours.isChecked()
    assert (dialog.opens.time(), dialog.closes.time()) == (QTime(10, 0), QTime(17, 0))
    assert [(row.code(), row.hours()) for row in dialog.rows] == [
        ("exhibitor_staff", "08:00-18:00"), ("staff", "08:00-18:00"), ("organizer", "08:00-18:00")]
    # the hall's two entrances apply the same rule: one description; the exit is left out
    assert dialog.summary.text() == ("Who: Everyone with a badge\n"
                                     "When: 10:00–17:00 (Exhibitor staff, Staff, Organizer: 08:00–18:00)\n"
                                     "How often: Again only after an exit")


def test_buyers_only_with_hours_and_two_entries_a_day_for_the_consultation_zone(  # type: ignore[no-untyped-def]
        open_dialog, demo_store, hub, qtbot) -> None:
    consultation = zone_id(demo_store, CONSULTATION)
    dialog = open_dialog()
    choose_target(qtbot, dialog, consultation)
    assert checked_classes(dialog) == {"domestic_buyer", "overseas_buyer", "exhibitor_staff", "staff", "organizer"}
    for code in ("exhibitor_staff", "staff", "organizer"):
        click(qtbot, dialog.class_boxes[code])
    click(qtbot, dialog.opening_hours)
    assert dialog.opens.isEnabled()
    type_into(qtbot, dialog.opens, "1000")
    type_into(qtbot, dialog.closes, "1600")
    type_into(qtbot, dialog.max_entries, "2")
    # what the zone's gate will apply, before anything is stored
    assert dialog.summary.text() == ("Who: Buyer, Overseas buyer\nWhen: 10:00–16:00\n"
                                     "How often: Any number of entries · at most 2 entries a day")
    assert "classes" in gate_rules.stored_rule(demo_store, consultation)
    assert gate_rules.stored_rule(demo_store, consultation)["classes"] != ["domestic_buyer", "overseas_buyer"]
    statuses: list[str] = []
    hub.status_message_requested.connect(statuses.append)
    with qtbot.waitSignal(hub.gates_changed, timeout=2000):
        qtbot.keyClick(dialog.max_entries, Qt.Key.Key_Return)  # Enter saves from any field
    assert gate_rules.stored_rule(demo_store, consultation) == {
        "classes": ["domestic_buyer", "overseas_buyer"], "hours": "10:00-16:00", "max_entries": 2}
    assert dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()
    assert statuses and "every desk applies it from its next scan" in statuses[0]


def test_a_gate_that_closes_before_it_opens_is_shown_and_nothing_is_stored(open_dialog, demo_store, hub, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(gate_rules.HALL)
    before = gate_rules.stored_rule(demo_store, gate_rules.HALL)
    type_into(qtbot, dialog.closes, "0900")
    problem = "'10:00-09:00': the gate must close after it opens (hours end on the same day)."
    assert dialog.feedback.text() == problem  # as soon as it is typed
    assert dialog.feedback.property("state") == "error"
    assert dialog.summary.text() == "Correct the rule to see what the gates will apply."
    with qtbot.assertNotEmitted(hub.gates_changed):
        qtbot.keyClick(dialog.closes, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # Ctrl+S saves
        qtbot.wait(50)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.feedback.text() == problem
    assert gate_rules.stored_rule(demo_store, gate_rules.HALL) == before
    qtbot.keyClick(dialog.closes, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # back to its hours
    qtbot.keyClick(dialog.closes, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)  # and to the opening time
    assert dialog.opens.hasFocus()
    type_into(qtbot, dialog.closes, "1800")  # corrected: the message goes, the summary comes back
    assert dialog.feedback.text() == "" and dialog.summary.text().startswith("Who: Everyone with a badge")


def test_a_gate_that_lets_no_class_through_is_refused(open_dialog, demo_store, qtbot) -> None:  # type: ignore[no-untyped-def]
    studio = zone_id(demo_store, STUDIO)
    dialog = open_dialog(studio)
    for box in dialog.class_boxes.values():
        box.setChecked(False)
    assert dialog.save() is False
    assert "name at least one class" in dialog.feedback.text()
    assert gate_rules.stored_rule(demo_store, studio)["classes"] == [
        "domestic_buyer", "exhibitor_staff", "organizer", "overseas_buyer", "press", "staff", "vip"]


def test_other_hours_rows_are_added_and_removed_and_a_class_twice_is_refused(open_dialog, demo_store, hub, qtbot) -> None:  # type: ignore[no-untyped-def]
    consultation = zone_id(demo_store, CONSULTATION)
    dialog = open_dialog(consultation)
    click(qtbot, dialog.opening_hours)
    qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
    [row] = dialog.rows
    assert (row.code(), row.hours()) == ("exhibitor_staff", "08:00-18:00")
    assert QApplication.focusWidget() is row.visitor_class  # the new row takes the keyboard
    qtbot.mouseClick(dialog.add_row_button, Qt.MouseButton.LeftButton)
    second = dialog.rows[1]
    assert second.code() == "staff"
    # Tab goes down the form: the hours, then each row's fields, then the button that adds one (in
    # a time field, Tab goes from the hours to the minutes first, as everywhere in Qt)
    dialog.closes.setFocus(Qt.FocusReason.TabFocusReason)
    for expected in (dialog.closes, row.visitor_class, row.opens, row.opens, row.closes, row.closes, row.remove,
                     second.visitor_class):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected
    second.visitor_class.setCurrentIndex(second.visitor_class.findData("exhibitor_staff"))
    assert dialog.feedback.text() == "Exhibitor staff has other hours in two rows: remove one."
    assert dialog.save() is False and "hours_for" not in gate_rules.stored_rule(demo_store, consultation)
    second.remove.setFocus()
    qtbot.keyClick(second.remove, Qt.Key.Key_Space)
    assert dialog.rows == [row] and dialog.feedback.text() == ""
    assert QApplication.focusWidget() is dialog.add_row_button
    assert "(Exhibitor staff: 08:00–18:00)" in dialog.summary.text()
    with qtbot.waitSignal(hub.gates_changed, timeout=2000):
        assert dialog.save()
    assert gate_rules.stored_rule(demo_store, consultation)["hours_for"] == {"exhibitor_staff": "08:00-18:00"}


def test_a_gate_of_its_own_shows_what_it_takes_from_its_zone(open_dialog, demo_store, hub, qtbot) -> None:  # type: ignore[no-untyped-def]
    gate = gate_id(demo_store, f"{STUDIO} 게이트")
    dialog = open_dialog(gate)
    assert dialog.target_box.currentText() == "Live-commerce studio gate (this gate only)"
    assert (dialog.everyone.text(), dialog.any_time.text(), dialog.max_entries.text()) == ("As for the zone",) * 3
    assert dialog.everyone.isChecked() and not dialog.remove_button.isEnabled()
    assert dialog.summary.text().startswith("Who: Buyer, Overseas buyer, Exhibitor staff, Press, VIP, Staff, Organizer")  # the zone's
    type_into(qtbot, dialog.max_entries, "3")
    assert "at most 3 entries a day\n" in dialog.summary.text()
    with qtbot.waitSignal(hub.gates_changed, timeout=2000):
        assert dialog.save()
    assert gate_rules.stored_rule(demo_store, gate) == {"max_entries": 3}
    assert gate_rules.stored_rule(demo_store, zone_id(demo_store, STUDIO))["classes"]  # the zone's rule stays


def test_an_exit_says_that_it_lets_everyone_out(open_dialog, demo_store) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(gate_id(demo_store, "B홀 출구"))
    assert dialog.summary.text() == "An exit lets every visitor out: gate rules apply to the way in."


def test_an_event_without_gates_yet_has_the_halls_rule_to_set(qtbot, tmp_path, hub, english) -> None:  # type: ignore[no-untyped-def]
    from expo_console.services.events import EventDetails, create_event
    from support import TEST_STAMP

    store = create_event(tmp_path / "new.expo", EventDetails(name="새 행사", starts_on="2026-05-01",
                                                             ends_on="2026-05-02"), TEST_STAMP)
    try:
        dialog = GateRulesDialog(store, hub, None)
        qtbot.addWidget(dialog)
        assert dialog.target_box.count() == 1 and dialog.target() == gate_rules.HALL
        assert dialog.summary.text() == "No gate is set up here yet: the rule will hold for the gates added later."
        dialog.opening_hours.setChecked(True)
        with qtbot.waitSignal(hub.gates_changed, timeout=2000):
            assert dialog.save()
        assert gate_rules.stored_rule(store, gate_rules.HALL) == {"hours": "10:00-17:00"}
    finally:
        store.close()


def test_remove_clears_the_rule_after_saying_what_the_gates_apply_then(  # type: ignore[no-untyped-def]
        open_dialog, demo_store, hub, qtbot, monkeypatch) -> None:
    studio = zone_id(demo_store, STUDIO)
    asked: list[str] = []
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    monkeypatch.setattr(QMessageBox, "question", lambda _parent, _title, text, *_a: asked.append(text) or answers.pop(0))
    dialog = open_dialog(studio)
    with qtbot.assertNotEmitted(hub.gates_changed):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)  # answered No
    assert gate_rules.stored_rule(demo_store, studio) and dialog.isVisible()
    with qtbot.waitSignal(hub.gates_changed, timeout=2000):
        qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert gate_rules.stored_rule(demo_store, studio) == {}
    assert not dialog.isVisible()
    assert asked[0].startswith("Remove the rule for Live-commerce studio (every gate into the zone)?")
    assert "Who: Everyone with a badge" in asked[0]


def test_escape_cancels_and_stores_nothing(open_dialog, demo_store, hub, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(gate_rules.HALL)
    before = gate_rules.stored_rule(demo_store, gate_rules.HALL)
    click(qtbot, dialog.any_time)
    with qtbot.assertNotEmitted(hub.gates_changed):
        qtbot.keyClick(dialog.any_time, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and not dialog.isVisible()
    assert gate_rules.stored_rule(demo_store, gate_rules.HALL) == before


def test_the_floor_plans_gate_rules_open_on_the_selected_zone_else_the_hall(qtbot, demo_store, hub, english) -> None:  # type: ignore[no-untyped-def]
    floor = FloorPlanWorkspace(demo_store, hub)
    qtbot.addWidget(floor)
    floor.resize(1300, 850)
    floor.show()
    qtbot.waitExposed(floor)
    action = floor.hall_actions.gate_rules_action
    assert action.text() == "Gate rules…"
    studio = zone_id(demo_store, STUDIO)
    floor.scene.zone_items[studio].setSelected(True)
    action.trigger()
    dialog = floor.findChild(GateRulesDialog)
    assert dialog is not None and dialog.isVisible() and dialog.target() == studio
    assert checked_classes(dialog) == {"exhibitor_staff", "staff", "organizer", "press", "domestic_buyer", "overseas_buyer", "vip"}
    dialog.reject()
    qtbot.waitUntil(lambda: floor.findChild(GateRulesDialog) is None)  # closed and deleted
    floor.scene.clearSelection()
    hall_dialog = floor.hall_actions.edit_gate_rules()
    assert hall_dialog.target() == gate_rules.HALL
    hall_dialog.reject()
    # a zone without a gate (the KBIZ booth) has no rule of its own: the hall's, and why
    statuses: list[str] = []
    hub.status_message_requested.connect(statuses.append)
    booth_zone = next(item for item in floor.scene.zone_items.values() if isinstance(item, ZoneItem)
                      and item.zone.name == "중소기업중앙회 부스")
    booth_zone.setSelected(True)
    assert floor.hall_actions.edit_gate_rules().target() == gate_rules.HALL
    assert statuses == ["KBIZ booth has no gate: showing the hall's rule. Zones with a gate have rules of their own."]


def test_tab_walks_the_form_top_to_bottom_and_the_arrows_choose(open_dialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(gate_rules.HALL)

    def walk(count: int) -> list[QWidget]:
        visited: list[QWidget] = []
        while len(visited) < count:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            if not visited or visited[-1] is not QApplication.focusWidget():  # a time field's minutes
                visited.append(QApplication.focusWidget())
        return visited

    rows = [widget for row in dialog.rows for widget in (row.visitor_class, row.opens, row.closes, row.remove)]
    rest = [dialog.opening_hours, dialog.opens, dialog.closes, *rows, dialog.add_row_button, dialog.admission,
            dialog.max_entries, dialog.remove_button, dialog.save_button, dialog.cancel_button, dialog.target_box]
    assert not dialog.booking.isVisible()  # a booking rule belongs to the studio's zone, not the hall's doors
    dialog.target_box.setFocus(Qt.FocusReason.TabFocusReason)
    # of two choices Tab stops at the chosen one; the classes are skipped while everyone may pass
    assert walk(len(rest) + 1) == [dialog.everyone, *rest]
    qtbot.keyClick(dialog.target_box, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is dialog.cancel_button
    dialog.everyone.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.everyone, Qt.Key.Key_Down)  # the arrow chooses "Only these classes"
    assert dialog.only_classes.isChecked() and dialog.only_classes.hasFocus()
    qtbot.keyClick(dialog.only_classes, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.class_boxes["visitor"]
    qtbot.keyClick(dialog.class_boxes["visitor"], Qt.Key.Key_Space)
    assert checked_classes(dialog) == {"visitor"} and "Who: Visitor" in dialog.summary.text()


def test_the_organizer_lets_exhibitor_staff_into_a_zone_only_for_their_photo_shoot(  # type: ignore[no-untyped-def]
        open_dialog, demo_store, hub, qtbot) -> None:
    tasting = zone_id(demo_store, "시식존")
    dialog = open_dialog(tasting)
    assert dialog.booking.value() is None and "Exhibitor staff: their" not in dialog.summary.text()
    dialog.booking.box.setFocus()
    while dialog.booking.value() != "photo":
        qtbot.keyClick(dialog.booking.box, Qt.Key.Key_Down)
    assert dialog.summary.text().endswith("Exhibitor staff: their company's photo shoot only (from 15 min before)")
    with qtbot.waitSignal(hub.gates_changed, timeout=2000):
        assert dialog.save()
    assert gate_rules.stored_rule(demo_store, tasting) == {"booking": "photo"}
    # one gate of the studio lifts its zone's booking rule: its first choice leaves it to the zone
    gate = gate_id(demo_store, f"{STUDIO} 게이트")
    dialog = open_dialog(gate)
    assert dialog.booking.box.currentText() == "As for the zone" and dialog.booking.value() is None
    assert "company's broadcast" in dialog.summary.text()
    dialog.booking.set_value(gate_rules.ANY)
    assert "Exhibitor staff: their" not in dialog.summary.text()
    with qtbot.waitSignal(hub.gates_changed, timeout=2000):
        assert dialog.save()
    assert gate_rules.rule_for(demo_store.conn, gate).booking is None
