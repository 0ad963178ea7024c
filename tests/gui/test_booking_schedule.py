"""The studio's Schedule page (issue 18) on the consultations' slot grid: each booking's card names
the exhibitor, the products, the host and the channel; a booking dragged onto a taken slot shows
the clash while dragging and the drop changes nothing; a valid drag moves and locks it and Ctrl+Z
puts it back, even after another desk's change; L locks, Delete removes and undo restores; a
no-show's slot (or a free cell) is given to the first waiting request in one click; Solve… runs
on the worker with its progress and Cancel."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from booking_support import Studio, studio
from event_templates import EventTemplates
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from slot_grid_support import drag as grid_drag
from slot_grid_support import release

from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.domain.meeting_records import Origin
from expo_console.gui.bookings.schedule_page import BookingSchedulePage
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.gui.slot_grid.solve import SolveProgressDialog
from expo_console.services.bookings import allocation, outcomes, schedule, setup
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.services.consultations.cpsat import SolveProgress
from expo_console.services.operators import DEMO_PIN, sign_in_store


def _studio(templates: EventTemplates, path: Path, exhibitors: int) -> Iterator[Studio]:
    # two sets, one day of three 40-minute slots: six places for `exhibitors` requests
    made = studio(templates, path, exhibitors=exhibitors, resources=2)
    allocation.solve_bookings(made.store, BookingKind.STUDIO, solver=solve_greedy)
    yield made
    made.store.close()


@pytest.fixture
def full(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    """Eight requests for six places: every place booked, two requests waiting."""
    yield from _studio(event_templates, tmp_path / "full.expo", 8)


@pytest.fixture
def roomy(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    """Four requests for six places: two free places to move to."""
    yield from _studio(event_templates, tmp_path / "roomy.expo", 4)


def open_page(qtbot, made: Studio, hub: Hub) -> BookingSchedulePage:  # type: ignore[no-untyped-def]
    page = BookingSchedulePage(made.store, hub, made.kind)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(lambda: page.loaded and page.isActiveWindow())
    return page


def drag(page: BookingSchedulePage, source: tuple[int, int], target: tuple[int, int], release: bool = True) -> None:
    grid_drag(page.view, source, target, release)


def free_cell(page: BookingSchedulePage) -> tuple[int, int]:
    return next((r, c) for r in range(page.model.rowCount()) for c in range(page.model.columnCount())
                if page.model.item_at(r, c) is None)


def name_of(made: Studio, exhibitor_id: str) -> str:
    return setup.load(made.store, made.kind).exhibitors[exhibitor_id].name_en or ""


def test_each_booking_shows_its_exhibitor_products_host_and_channel(qtbot, full: Studio, hub: Hub,  # type: ignore[no-untyped-def]
                                                                   english) -> None:
    page = open_page(qtbot, full, hub)
    booked = schedule.bookings(full.store, full.kind)
    assert page.model.rowCount() == 3 and page.model.columnCount() == 2
    assert page.model.headerData(0, Qt.Orientation.Vertical) == "10:00–10:40"
    assert page.model.headerData(1, Qt.Orientation.Horizontal) == "Set 2"
    loaded = setup.load(full.store, full.kind)
    for booking in booked:
        text = page.model.index(*page.model.cell_of(booking)).data()
        request = loaded.request(booking.request_id)
        names = loaded.exhibitors[booking.exhibitor_id]
        assert (names.name_en or names.name) in text and request.products in text
        assert "Host · 네이버 쇼핑라이브" in text
    assert "6 bookings" in page.counts.text() and "2 waiting" in page.counts.text()
    assert page.waiting.heading.text() == "Waiting list (2)" and len(page.waiting.waiting_ids()) == 2


def test_a_drag_onto_a_taken_slot_shows_the_clash_and_the_drop_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, full: Studio, hub: Hub, english) -> None:
    page = open_page(qtbot, full, hub)
    first, second = schedule.bookings(full.store, full.kind)[:2]
    source, target = page.model.cell_of(first), page.model.cell_of(second)
    drag(page, source, target, release=False)
    # while dragging: the target cell is refused and the status line says who holds it
    assert page.model.drag is not None and page.model.drag.target == target and page.model.drag.refused
    holder = page.data.exhibitor_name(second.exhibitor_id)
    assert f"is taken at this time, by {holder}" in page.status.text() and page.status.refused
    release(page.view, target)
    assert page.status.text().startswith("Not moved:")
    after = schedule.booking(full.store, first.id)
    assert (after.slot, after.resource, after.fixed) == (first.slot, first.resource, first.fixed)
    assert page.model.item_at(*source).id == first.id and page.undo_stack.count() == 0


def test_a_valid_drag_moves_and_locks_and_undo_works_after_another_desks_change(  # type: ignore[no-untyped-def]
        qtbot, roomy: Studio, hub: Hub, english) -> None:
    page = open_page(qtbot, roomy, hub)
    moved, other = schedule.bookings(roomy.store, roomy.kind)[:2]
    source, target = page.model.cell_of(moved), free_cell(page)
    drag(page, source, target, release=False)
    assert page.model.drag is not None and not page.model.drag.refused
    assert page.status.text().startswith("Drop to move it to")
    release(page.view, target)
    after = schedule.booking(roomy.store, moved.id)
    assert (after.slot, after.resource) == (page.model.slots[target[0]], page.model.columns[target[1]]) and after.fixed
    assert page.model.item_at(*target).id == moved.id and page.model.item_at(*source) is None
    # another desk (here: another view through the hub) locks another booking; the step stays
    run_op(hub, lambda: schedule.set_fixed(roomy.store, other.id, True))
    assert page.model.items[other.id].fixed and page.undo_stack.count() == 1
    page.actions_["undo"].trigger()
    back = schedule.booking(roomy.store, moved.id)
    assert (back.slot, back.resource, back.fixed) == (moved.slot, moved.resource, False)
    assert page.model.item_at(*source).id == moved.id and page.status.text().startswith("Undone: Move the booking of")


def test_l_locks_and_delete_removes_with_undo(qtbot, roomy: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, roomy, hub)
    booking = schedule.bookings(roomy.store, roomy.kind)[0]
    cell = page.model.cell_of(booking)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(*cell))
    QTest.keyClick(page.view, Qt.Key.Key_L)
    assert schedule.booking(roomy.store, booking.id).fixed and page.actions_["lock"].text() == "Unlock"
    assert "Locked" in page.model.index(*cell).data(Qt.ItemDataRole.ToolTipRole)
    QTest.keyClick(page.view, Qt.Key.Key_Delete)
    assert booking.id not in {b.id for b in schedule.bookings(roomy.store, roomy.kind)}
    assert page.model.item_at(*cell) is None and "waiting" in page.counts.text()
    QTest.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = schedule.booking(roomy.store, booking.id)
    assert (restored.slot, restored.resource, restored.fixed) == (booking.slot, booking.resource, True)
    assert page.model.item_at(*cell).id == booking.id


def test_the_keyboard_carries_a_booking(qtbot, roomy: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    page = open_page(qtbot, roomy, hub)
    booking = schedule.bookings(roomy.store, roomy.kind)[0]
    source, target = page.model.cell_of(booking), free_cell(page)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(*source))
    QTest.keyClick(page.view, Qt.Key.Key_Space)
    for _ in range(abs(target[0] - source[0])):
        QTest.keyClick(page.view, Qt.Key.Key_Down if target[0] > source[0] else Qt.Key.Key_Up)
    for _ in range(abs(target[1] - source[1])):
        QTest.keyClick(page.view, Qt.Key.Key_Right if target[1] > source[1] else Qt.Key.Key_Left)
    assert page.model.drag is not None and page.model.drag.target == target
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    assert schedule.booking(roomy.store, booking.id).resource == page.model.columns[target[1]]


def test_a_no_show_frees_the_slot_and_the_first_waiting_request_takes_it_in_one_click(  # type: ignore[no-untyped-def]
        qtbot, full: Studio, hub: Hub, english) -> None:
    page = open_page(qtbot, full, hub)
    missed = schedule.bookings(full.store, full.kind)[0]
    first_waiting = page.waiting.waiting_ids()[0]
    assert not page.waiting.buttons  # every place is taken: nothing to offer
    # the coordinator marks the no-show elsewhere (the results page); this page hears it
    run_op(hub, lambda: outcomes.set_status(full.store, missed.id, BookingStatus.NO_SHOW))
    assert page.model.items[missed.id].status == BookingStatus.NO_SHOW
    taker = schedule.offer_for(full.store, full.kind, missed.slot, missed.resource)
    assert taker is not None and taker.id == first_waiting
    [button] = page.waiting.buttons
    assert button.objectName() == "giveFreedSlot" and page.data.exhibitor_name(taker.exhibitor_id) in button.text()
    assert page.waiting.texts[0].text().endswith(f"{page.data.exhibitor_name(missed.exhibitor_id)} did not come.")
    button.click()
    given = [b for b in schedule.bookings(full.store, full.kind) if b.request_id == first_waiting]
    assert len(given) == 1 and (given[0].slot, given[0].resource) == (missed.slot, missed.resource)
    assert given[0].origin == Origin.WAITING_LIST
    cell = page.model.cell_of(missed)
    assert page.model.item_at(*cell).id == given[0].id  # drawn over the no-show's card
    assert first_waiting not in page.waiting.waiting_ids() and page.status.text().endswith("Ctrl+Z takes it back.")
    page.actions_["undo"].trigger()
    assert not [b for b in schedule.bookings(full.store, full.kind) if b.request_id == first_waiting]
    assert first_waiting in page.waiting.waiting_ids()


def test_a_free_cell_chosen_is_offered_to_the_waiting_list(qtbot, full: Studio, hub: Hub,  # type: ignore[no-untyped-def]
                                                           english) -> None:
    removed = schedule.bookings(full.store, full.kind)[-1]
    schedule.remove_booking(full.store, removed.id)  # its request waits again, first: it came before the others
    page = open_page(qtbot, full, hub)
    cell = free_cell(page)
    page.view.setCurrentIndex(page.model.index(*cell))
    [button] = page.waiting.buttons
    assert button.objectName() == "bookWaitingHere"
    button.click()
    taken: BookingRecord | None = page.model.item_at(*cell)
    assert taken is not None and taken.request_id == removed.request_id
    assert schedule.booking(full.store, taken.id).origin == Origin.WAITING_LIST


def test_solve_runs_on_the_worker_and_says_what_came_of_it(qtbot, event_templates: EventTemplates,  # type: ignore[no-untyped-def]
                                                           tmp_path: Path, hub: Hub, english) -> None:
    made = studio(event_templates, tmp_path / "unsolved.expo", exhibitors=8, resources=2)
    try:
        page = open_page(qtbot, made, hub)
        assert "No bookings on this day yet" in page.empty_note.text()
        page.solve(None, 5)
        assert page.solve_run.dialog is not None and page.solve_run.dialog.cancel_button.isVisible()
        qtbot.waitUntil(lambda: page.summary is not None and page.summary.isVisible(), timeout=60_000)
        assert "6 bookings for 6 exhibitors" in page.summary.text() and "2 requests on the waiting list" in page.summary.text()
        assert len(page.model.items) == 6 and len(page.waiting.waiting_ids()) == 2
    finally:
        made.store.close()


def test_the_solve_progress_names_the_exhibitors_served_not_a_bare_score(qtbot, full: Studio, hub: Hub,  # type: ignore[no-untyped-def]
                                                                        english) -> None:
    page = open_page(qtbot, full, hub)
    dialog = SolveProgressDialog(5, page.solve_terms(), page)
    qtbot.addWidget(dialog)
    dialog.show_progress(SolveProgress(2, 1.0e9, 0.3, served=6, placed=6))
    assert dialog.best.text() == "6 exhibitors served · 6 booked"


def test_a_role_that_may_not_plan_is_offered_no_edit(qtbot, full: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    sign_in_store(full.store, "viewer", DEMO_PIN)
    page = open_page(qtbot, full, hub)
    assert not page.view.editable
    assert not any(page.actions_[k].isEnabled() for k in ("solve", "lock", "remove"))


def test_every_refusal_of_the_schedule_service_reaches_a_korean_desk_in_korean(full: Studio, qapp) -> None:  # type: ignore[no-untyped-def]
    """Each sentence the bookings schedule service and the solver can say is made to happen, and
    the page's words recognise it: a reworded service fails here instead of reaching the desk in
    English."""
    from expo_console.domain.consultations import Slot
    from expo_console.gui.bookings.schedule_words import translated
    from expo_console.gui.i18n import install_language
    from expo_console.services.bookings import requests

    store, kind = full.store, full.kind
    first, second, *_rest = schedule.bookings(store, kind)
    outcomes.set_status(store, first.id, BookingStatus.HELD)
    second_wish, _ = requests.put_request(store, kind, requests.RequestInput(second.exhibitor_id, products="More"))
    other_set = 2 if second.resource == 1 else 1

    def refusal(call) -> str:  # type: ignore[no-untyped-def]
        with pytest.raises(ValueError) as raised:
            call()
        return str(raised.value)

    said = [
        refusal(lambda: schedule.booking(store, "gone")),
        refusal(lambda: schedule.add_booking(store, "gone", second.slot, 1)),
        refusal(lambda: schedule.add_booking(store, first.request_id, second.slot, 1)),
        refusal(lambda: schedule.give_freed_slot(store, second.id)),
        refusal(lambda: schedule.remove_booking(store, first.id)),
        refusal(lambda: schedule.move_booking(store, second.id, first.slot, first.resource)),  # the set is taken
        refusal(lambda: schedule.move_booking(store, second.id, second.slot, 9)),
        refusal(lambda: schedule.move_booking(store, second.id, Slot(second.slot.day, second.slot.end,
                                                                     second.slot.end), 1)),
        refusal(lambda: schedule.add_booking(store, second_wish, second.slot, other_set)),  # the exhibitor, twice
    ]
    outcomes.set_status(store, second.id, BookingStatus.NO_SHOW)
    taker = schedule.give_freed_slot(store, second.id)
    assert taker is not None
    said.append(refusal(lambda: outcomes.set_status(store, second.id, BookingStatus.BOOKED)))
    said += list(allocation.solve_bookings(store, BookingKind.PHOTO, solver=solve_greedy).problems)
    assert len(said) == 13 and all(said)
    try:
        install_language("ko")
        for text in said:
            korean = translated(text)
            assert korean != text and any("가" <= ch <= "힣" for ch in korean), text
    finally:
        install_language("en")
