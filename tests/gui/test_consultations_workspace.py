"""The Consultations workspace (issue 17): the schedule grid shows the solved meetings; a meeting
dragged onto a clashing cell shows the clash and is not moved; a valid drag moves and locks it,
Ctrl+Z puts it back; L locks and unlocks, Delete removes (and undo restores); the keyboard
carries a meeting too; Solve… runs on the worker and its summary names the requests left out
and why; a role that may not plan meetings is offered no edit."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from slot_grid_support import centre as grid_centre
from slot_grid_support import drag as grid_drag

from expo_console.domain.consultations import LeftOutReason
from expo_console.domain.meeting_records import MeetingRecord
from expo_console.gui.consultations.drag_check import DragCheck
from expo_console.gui.consultations.names import buyer_name, exhibitor_name
from expo_console.gui.consultations.workspace import ConsultationsWorkspace
from expo_console.gui.hub import Hub
from expo_console.services.consultations import schedule, setup
from expo_console.services.operators import DEMO_PIN, sign_in_store
from expo_console.storage.connection import EventStore


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Zone]:
    # eight tables: the solver fills the first day's first slots, and the tests need free cells there
    made = consultation_zone(event_templates, tmp_path / "event.expo", tables=8)
    yield made
    made.store.close()


@pytest.fixture
def solved(zone: Zone) -> Zone:
    schedule.solve_schedule(zone.store, time_limit=5)
    return zone


def open_workspace(qtbot, store: EventStore, hub: Hub) -> ConsultationsWorkspace:  # type: ignore[no-untyped-def]
    workspace = ConsultationsWorkspace(store, hub)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 768)
    workspace.show()
    workspace.activateWindow()  # the keys go to it, as to the window a person works in
    qtbot.waitUntil(lambda: workspace.is_loaded and workspace.isActiveWindow())
    workspace.pages.setCurrentWidget(workspace.schedule_page)
    return workspace


def busiest_day(store: EventStore) -> list[MeetingRecord]:
    """The meetings of the busiest day that still has a free table-slot (the solver may fill a
    day's every table, and a drag needs somewhere to go)."""
    meetings = schedule.meetings(store)
    loaded = setup.load(store)
    room = {d: len(schedule.slots_of(loaded, [d])) * len(loaded.tables) for d in loaded.days}
    days = [d for d in {m.day for m in meetings} if sum(1 for m in meetings if m.day == d) < room[d]]
    day = max(days, key=lambda d: sum(1 for m in meetings if m.day == d))
    return [m for m in meetings if m.day == day]


def centre(workspace: ConsultationsWorkspace, cell: tuple[int, int]) -> QPoint:
    return grid_centre(workspace.schedule_page.view, cell)


def drag(workspace: ConsultationsWorkspace, source: tuple[int, int], target: tuple[int, int],
         release: bool = True) -> None:
    grid_drag(workspace.schedule_page.view, source, target, release)


def free_cell(workspace: ConsultationsWorkspace, meeting: MeetingRecord) -> tuple[int, int]:
    """An empty cell of the grid where the meeting fits."""
    model = workspace.schedule_page.model
    check = DragCheck(workspace.data.setup, list(model.meetings.values()), meeting)
    for row, slot in enumerate(model.slots):
        for column, table in enumerate(model.tables):
            if model.meeting_at(row, column) is None and not check.problems(slot, table):
                return row, column
    raise AssertionError("no free cell for the meeting")


def test_the_grid_shows_each_solved_meeting_at_its_time_and_table(qtbot, solved: Zone, hub: Hub,  # type: ignore[no-untyped-def]
                                                                  english) -> None:
    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    day = busiest_day(solved.store)
    page.show_day(day[0].day)
    setup_now = workspace.data.setup
    assert len(page.model.meetings) == len(day) > 0
    for meeting in day:
        row = [s.start for s in page.model.slots].index(meeting.starts)
        column = list(page.model.tables).index(meeting.table)
        text = page.model.index(row, column).data()
        buyer = setup_now.buyer_by_id[meeting.buyer_id]
        assert buyer_name(buyer) in text and exhibitor_name(setup_now.exhibitor_by_id[meeting.exhibitor_id]) in text
    assert page.model.headerData(0, Qt.Orientation.Vertical) == "10:00–10:30"
    assert f"{len(day)} meetings" in page.counts.text()


def test_a_drag_onto_a_taken_cell_shows_the_clash_and_the_drop_changes_nothing(  # type: ignore[no-untyped-def]
        qtbot, solved: Zone, hub: Hub, english) -> None:
    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    first, second = busiest_day(solved.store)[:2]
    page.show_day(first.day)
    source, target = page.model.cell_of(first), page.model.cell_of(second)
    assert source is not None and target is not None and source != target
    drag(workspace, source, target, release=False)
    # while dragging: the target cell is refused, the status line says why, with names
    assert page.model.drag is not None and page.model.drag.target == target and page.model.drag.refused
    buyer = workspace.data.setup.buyer_by_id[second.buyer_id]
    assert f"Table {second.table} is taken at this time ({buyer_name(buyer)}" in page.status.text()
    QTest.mouseRelease(page.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       centre(workspace, target))
    assert page.status.text().startswith("Not moved:")
    after = schedule.meeting(solved.store, first.id)
    assert (after.slot, after.table, after.fixed) == (first.slot, first.table, first.fixed)
    assert page.model.meeting_at(*source).id == first.id and page.model.drag is None
    assert page.undo_stack.count() == 0


def test_a_drag_onto_the_buyers_other_meeting_time_names_that_meeting(  # type: ignore[no-untyped-def]
        qtbot, solved: Zone, hub: Hub, english) -> None:
    meetings = schedule.meetings(solved.store)
    loaded = setup.load(solved.store)
    tables = len(loaded.tables)

    def free_at(slot: object) -> bool:
        return sum(1 for m in meetings if m.slot == slot) < tables

    # the buyer's second meeting moved to the first one's day, an hour or more away, where a
    # table is still free for the drag to aim at
    first, second, later = next(
        (a, b, s) for a in busiest_day(solved.store) for b in meetings if a.buyer_id == b.buyer_id and a.id != b.id
        for slots in [schedule.slots_of(loaded, [a.day])] for s in slots
        if abs(slots.index(s) - slots.index(a.slot)) >= 2 and free_at(s)
        and not schedule.conflicts_at(solved.store, b, s, next(
            t.number for t in loaded.tables if not any(m.slot == s and m.table == t.number for m in meetings))))
    table = next(t.number for t in loaded.tables if not any(m.slot == later and m.table == t.number for m in meetings))
    schedule.move_meeting(solved.store, second.id, later, table)
    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    page.show_day(first.day)
    row = [s.start for s in page.model.slots].index(later.start)
    column = next(c for c in range(page.model.columnCount()) if page.model.meeting_at(row, c) is None)
    drag(workspace, page.model.cell_of(first), (row, column), release=False)
    firm = workspace.data.setup.exhibitor_by_id[second.exhibitor_id]
    assert "already has a meeting at this time, with " + exhibitor_name(firm) in page.status.text()
    QTest.mouseRelease(page.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       centre(workspace, (row, column)))
    assert schedule.meeting(solved.store, first.id).slot == first.slot


def test_a_move_another_desk_made_impossible_is_refused_in_words_and_the_day_shown_again(  # type: ignore[no-untyped-def]
        qtbot, solved: Zone, hub: Hub, english) -> None:
    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    meeting = busiest_day(solved.store)[0]
    page.show_day(meeting.day)
    target = free_cell(workspace, meeting)
    slot, table = page.model.slots[target[0]], page.model.tables[target[1]]
    # meanwhile, unseen by this grid (no hub), another meeting takes that table and time
    other = next(m for m in schedule.meetings(solved.store) if m.buyer_id != meeting.buyer_id
                 and m.exhibitor_id != meeting.exhibitor_id and not schedule.conflicts_at(solved.store, m, slot, table))
    schedule.move_meeting(solved.store, other.id, slot, table)
    drag(workspace, page.model.cell_of(meeting), target)
    assert "changed meanwhile" in page.status.text() and "01" not in page.status.text()  # words, not ids
    assert schedule.meeting(solved.store, meeting.id).slot == meeting.slot
    assert page.model.meeting_at(*target).id == other.id  # the grid shows the schedule as it is now
    assert page.undo_stack.count() == 0


def test_a_valid_drag_moves_the_meeting_locks_it_and_undo_puts_it_back(  # type: ignore[no-untyped-def]
        qtbot, solved: Zone, hub: Hub, english) -> None:
    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    meeting = busiest_day(solved.store)[0]
    page.show_day(meeting.day)
    source, target = page.model.cell_of(meeting), free_cell(workspace, meeting)
    drag(workspace, source, target, release=False)
    assert page.model.drag is not None and not page.model.drag.refused
    assert page.status.text().startswith("Drop to move it to")
    QTest.mouseRelease(page.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       centre(workspace, target))
    moved = schedule.meeting(solved.store, meeting.id)
    assert (moved.slot, moved.table) == (page.model.slots[target[0]], page.model.tables[target[1]])
    assert moved.fixed and not meeting.fixed
    assert page.model.meeting_at(*target).id == meeting.id and page.model.meeting_at(*source) is None
    assert "Locked" in page.model.index(*target).data(Qt.ItemDataRole.ToolTipRole)

    page.actions_["undo"].trigger()
    back = schedule.meeting(solved.store, meeting.id)
    assert (back.slot, back.table, back.fixed) == (meeting.slot, meeting.table, False)
    assert page.model.meeting_at(*source).id == meeting.id and page.model.meeting_at(*target) is None
    assert page.status.text().startswith("Undone: Move the meeting of")
    assert page.view.currentIndex() == page.model.index(*source)  # the cursor follows the meeting back
    page.actions_["redo"].trigger()
    assert schedule.meeting(solved.store, meeting.id).table == page.model.tables[target[1]]


def test_l_locks_and_unlocks_and_delete_removes_with_undo(qtbot, solved: Zone, hub: Hub,  # type: ignore[no-untyped-def]
                                                          english) -> None:
    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    meeting = busiest_day(solved.store)[0]
    page.show_day(meeting.day)
    cell = page.model.cell_of(meeting)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(*cell))
    QTest.keyClick(page.view, Qt.Key.Key_L)
    assert schedule.meeting(solved.store, meeting.id).fixed
    assert page.actions_["lock"].text() == "Unlock"
    QTest.keyClick(page.view, Qt.Key.Key_L)
    assert not schedule.meeting(solved.store, meeting.id).fixed
    QTest.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert schedule.meeting(solved.store, meeting.id).fixed  # the unlock undone

    QTest.keyClick(page.view, Qt.Key.Key_Delete)
    assert meeting.id not in {m.id for m in schedule.meetings(solved.store)}
    assert page.model.meeting_at(*cell) is None
    QTest.keyClick(page.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    restored = schedule.meeting(solved.store, meeting.id)
    assert (restored.slot, restored.table, restored.fixed) == (meeting.slot, meeting.table, True)
    assert page.model.meeting_at(*cell).id == meeting.id


def test_the_keyboard_carries_a_meeting_space_arrows_enter(qtbot, solved: Zone, hub: Hub,  # type: ignore[no-untyped-def]
                                                           english) -> None:
    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    meeting = busiest_day(solved.store)[0]
    page.show_day(meeting.day)
    source, target = page.model.cell_of(meeting), free_cell(workspace, meeting)
    page.view.setFocus()
    page.view.setCurrentIndex(page.model.index(*source))
    QTest.keyClick(page.view, Qt.Key.Key_Space)
    assert page.model.drag is not None
    for _ in range(abs(target[0] - source[0])):
        QTest.keyClick(page.view, Qt.Key.Key_Down if target[0] > source[0] else Qt.Key.Key_Up)
    for _ in range(abs(target[1] - source[1])):
        QTest.keyClick(page.view, Qt.Key.Key_Right if target[1] > source[1] else Qt.Key.Key_Left)
    assert page.model.drag.target == target
    QTest.keyClick(page.view, Qt.Key.Key_Return)
    moved = schedule.meeting(solved.store, meeting.id)
    assert (moved.slot, moved.table) == (page.model.slots[target[0]], page.model.tables[target[1]])
    # Escape puts a picked-up meeting back
    QTest.keyClick(page.view, Qt.Key.Key_Space)
    QTest.keyClick(page.view, Qt.Key.Key_Left if target[1] else Qt.Key.Key_Right)
    QTest.keyClick(page.view, Qt.Key.Key_Escape)
    assert page.model.drag is None
    assert schedule.meeting(solved.store, meeting.id).table == moved.table


def test_the_solve_runs_on_the_worker_and_the_summary_names_who_was_left_out_and_why(  # type: ignore[no-untyped-def]
        qtbot, zone: Zone, hub: Hub, english) -> None:
    store = zone.store
    # one buyer speaks Vietnamese and nobody interprets it; one request's two sides never share a day
    loaded = setup.load(store)
    vietnamese, apart = zone.buyers[0], zone.buyers[1]
    setup.set_buyer(store, vietnamese.id, language="vi")
    firm = next(r.exhibitor for r in loaded.requests if r.buyer == apart.id)
    setup.set_buyer(store, apart.id, language="ko", days=[zone.days[0]])
    setup.set_exhibitor(store, firm, days=[zone.days[1]])
    workspace = open_workspace(qtbot, store, hub)
    page = workspace.schedule_page
    page.solve(None, 5)
    assert page.solve_run.dialog is not None  # the progress dialog, with its Cancel
    qtbot.waitUntil(lambda: page.summary is not None and page.summary.isVisible(), timeout=60_000)
    summary = page.summary
    groups = summary.groups()
    by_name = workspace.data.setup
    assert any(buyer_name(by_name.buyer_by_id[vietnamese.id]) in line and "Vietnamese" in line
               for line in groups[LeftOutReason.NO_INTERPRETER.value])
    assert any(buyer_name(by_name.buyer_by_id[apart.id]) in line and exhibitor_name(by_name.exhibitor_by_id[firm]) in line
               for line in groups[LeftOutReason.NO_COMMON_DAY.value])
    placed = len(schedule.meetings(store))
    assert placed > 0 and summary.figures["placed"].text().startswith(f"{placed} ")
    assert "at least" in summary.figures["fairness"].text() or summary.figures["fairness"].text().startswith("0")
    assert summary.problems.isVisible() and "No interpreter speaks Vietnamese (vi)" in summary.problems.text()
    # the grid followed the solve
    assert len(page.model.meetings) == sum(1 for m in schedule.meetings(store) if m.day == page.current_day()) > 0


def test_cancel_keeps_the_best_schedule_found(qtbot, zone: Zone, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    workspace = open_workspace(qtbot, zone.store, hub)
    page = workspace.schedule_page
    page.solve(None, 120)
    page.solve_run.dialog.cancel_button.click()
    assert "Stopping" in page.solve_run.dialog.headline.text()
    qtbot.waitUntil(lambda: page.summary is not None and page.summary.isVisible(), timeout=60_000)
    assert len(schedule.meetings(zone.store)) > 0  # at least the by-rank schedule the solver starts from
    status = page.summary.findChild(type(page.summary.figures["placed"]), "solveStatus").text()
    assert status.startswith(("Stopped", "The best schedule possible"))  # a tiny zone may be proved at once


def test_a_solve_without_sessions_or_tables_explains_instead_of_showing_an_empty_grid(  # type: ignore[no-untyped-def]
        qtbot, event_templates: EventTemplates, tmp_path: Path, hub: Hub, english) -> None:
    from expo_console.services.events import open_event
    from support import TEST_STAMP

    store = open_event(event_templates.demo(visitors=300, consultations=False).copy_to(tmp_path / "bare.expo"),
                       TEST_STAMP)
    try:
        workspace = open_workspace(qtbot, store, hub)
        page = workspace.schedule_page
        assert page.empty_note.isVisible() and "No consultation session is set" in page.empty_note.text()
        page.solve(None, 5)
        qtbot.waitUntil(lambda: page.summary is not None and page.summary.isVisible(), timeout=60_000)
        text = page.summary.problems.text()
        assert "No consultation session is set" in text and "The zone has no tables" in text
        assert "There are no requests" in text
    finally:
        store.close()


def test_a_role_that_may_not_plan_meetings_is_offered_no_edit(qtbot, solved: Zone, hub: Hub,  # type: ignore[no-untyped-def]
                                                               english) -> None:
    sign_in_store(solved.store, "gate", DEMO_PIN)
    workspace = open_workspace(qtbot, solved.store, hub)
    # the gate's desk reads the results; the planner's pages (they name buyers) are not built
    assert workspace.setup_page is None and workspace.schedule_page is None and workspace.print_menu is None
    assert [workspace.pages.tabText(n) for n in range(workspace.pages.count())] == ["Results"]


def test_a_buyers_and_an_exhibitors_meetings_over_the_days(qtbot, solved: Zone, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    workspace = open_workspace(qtbot, solved.store, hub)
    meeting = busiest_day(solved.store)[0]
    workspace.show_person("buyer", meeting.buyer_id)  # as the grid's context menu does
    lists = workspace.lists_page
    assert workspace.pages.currentWidget() is lists and lists.current_person() == meeting.buyer_id
    theirs = schedule.meetings(solved.store, buyer_id=meeting.buyer_id)
    assert lists.table.rowCount() == len(theirs) > 0
    firm = workspace.data.setup.exhibitor_by_id[meeting.exhibitor_id]
    shown = [lists.table.item(row, 3).text() for row in range(lists.table.rowCount())]
    assert any(exhibitor_name(firm) in text for text in shown)
    assert f"{len(theirs)} meetings" in lists.heading.text()

    lists.kind.setCurrentIndex(1)
    lists.search.setText(firm.booth)
    visible = [lists.people.item(r) for r in range(lists.people.count()) if not lists.people.item(r).isHidden()]
    assert [item.data(Qt.ItemDataRole.UserRole) for item in visible] == [firm.id]
    lists.people.setCurrentItem(visible[0])
    assert lists.table.rowCount() == len(schedule.meetings(solved.store, exhibitor_id=firm.id))


def test_the_grid_follows_changes_made_elsewhere_and_an_arrived_meeting_stays_put(  # type: ignore[no-untyped-def]
        qtbot, solved: Zone, hub: Hub, english) -> None:
    from expo_console.gui.ops import run_op
    from expo_console.services.consultations import outcomes

    workspace = open_workspace(qtbot, solved.store, hub)
    page = workspace.schedule_page
    first, second = busiest_day(solved.store)[:2]
    page.show_day(first.day)
    # another view (the live board, say) locks one and marks the other's buyer arrived
    run_op(hub, lambda: schedule.set_fixed(solved.store, first.id, True))
    run_op(hub, lambda: outcomes.mark_arrived(solved.store, second.id))
    assert page.model.meetings[first.id].fixed and page.model.meetings[second.id].arrived_at is not None
    assert "Buyer arrived" in page.model.index(*page.model.cell_of(second)).data(Qt.ItemDataRole.ToolTipRole)
    drag(workspace, page.model.cell_of(second), free_cell(workspace, second))
    assert page.model.drag is None and "arrival or an outcome" in page.status.text()
    assert schedule.meeting(solved.store, second.id).slot == second.slot
    # a solve elsewhere reloads the day (its new meetings have new ids)
    before = set(page.model.meetings)
    run_op(hub, lambda: schedule.solve_schedule(solved.store, time_limit=3))
    assert set(page.model.meetings) != before
    assert {m.id for m in page.model.meetings.values()} == {m.id for m in schedule.meetings(solved.store, day=first.day)}


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_workspace_never_widens_a_laptops_window(qtbot, solved: Zone, hub: Hub, console_style,  # type: ignore[no-untyped-def]
                                                     language: str) -> None:
    """The window is as wide as its widest page: the schedule's legend in one line once made it
    1,595 pixels wide, past a 1366×768 laptop's screen."""
    from expo_console.gui.i18n import install_language

    try:
        install_language(language)
        workspace = open_workspace(qtbot, solved.store, hub)
        for page in range(workspace.pages.count()):
            workspace.pages.setCurrentIndex(page)
            assert workspace.minimumSizeHint().width() <= 1000, workspace.pages.tabText(page)
    finally:
        install_language("en")
