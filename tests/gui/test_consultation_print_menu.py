"""Print & export in the Consultations workspace: each print is saved on the worker where the
planner chose, and reads back as the schedule; a role that does not plan has no such button."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from consultation_support import consultation_zone

from expo_console.gui.consultations.workspace import ConsultationsWorkspace
from expo_console.services.consultations import schedule
from expo_console.storage.connection import Stamp
from support import TEST_STAMP


@pytest.fixture
def solved(event_templates, tmp_path: Path):  # type: ignore[no-untyped-def]
    zone = consultation_zone(event_templates, tmp_path / "event.expo")
    schedule.solve_schedule(zone.store, time_limit=3)
    yield zone
    zone.store.close()


def _workspace(qtbot, store, hub) -> ConsultationsWorkspace:  # type: ignore[no-untyped-def]
    workspace = ConsultationsWorkspace(store, hub)
    qtbot.addWidget(workspace)
    workspace.show()
    qtbot.waitUntil(lambda: workspace.is_loaded)
    return workspace


def test_every_print_is_saved_and_reads_back_as_the_schedule(qtbot, solved, hub, english, tmp_path) -> None:  # type: ignore[no-untyped-def]
    workspace = _workspace(qtbot, solved.store, hub)
    menu = workspace.print_menu
    assert menu is not None and [a.objectName() for a in menu.menu().actions()] == [
        "printItineraries", "printExhibitorSchedules", "printDoorSheets", "printInterpreterSchedules", "exportSchedule"]
    first = schedule.meetings(solved.store)[0]
    exhibitor = next(e for e in solved.exhibitors if e.id == first.exhibitor_id)
    itineraries = tmp_path / "itineraries.pdf"
    with qtbot.waitSignal(hub.status_message_requested, timeout=60_000):
        menu.write("write_itineraries", "itineraries.pdf", "pdf", "Itineraries", path=itineraries)
    text = subprocess.run(["pdftotext", str(itineraries), "-"], capture_output=True, text=True, check=True).stdout
    assert exhibitor.name in text and first.starts.strftime("%H:%M") in text
    workbook = tmp_path / "schedule.xlsx"
    with qtbot.waitSignal(hub.status_message_requested, timeout=60_000):
        menu.write("export_schedule", "schedule.xlsx", "xlsx", "Schedule", path=workbook)
    rows = list(openpyxl.load_workbook(workbook, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) - 1 == len(schedule.meetings(solved.store))
    doors = tmp_path / "doors.pdf"
    with qtbot.waitSignal(hub.status_message_requested, timeout=60_000):
        menu.write("write_door_sheets", "doors.pdf", "pdf", "Door sheets", path=doors)
    assert b"%PDF" in doors.read_bytes()[:8]


def test_a_role_that_does_not_plan_sees_the_results_and_no_prints(qtbot, solved, hub, english) -> None:  # type: ignore[no-untyped-def]
    solved.store.stamp = Stamp(TEST_STAMP.desk_id, "viewer", "viewer")
    workspace = _workspace(qtbot, solved.store, hub)
    assert workspace.print_menu is None and workspace.schedule_page is None
    assert [workspace.pages.tabText(n) for n in range(workspace.pages.count())] == ["Results"]
