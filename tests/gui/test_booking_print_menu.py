"""Print & export for the studio's and the photo corner's bookings: the menu offers the kind's
prints, each is saved where the planner chose in the save dialog (on the worker) and reads back as
the bookings; a role that does not plan cannot use it."""

from __future__ import annotations

import subprocess
from pathlib import Path

import openpyxl
import pytest
from booking_support import studio
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog

from expo_console.domain.bookings import BookingKind
from expo_console.gui.bookings.print_menu import BookingPrintMenu
from expo_console.services.bookings import schedule
from expo_console.services.bookings.allocation import solve_bookings
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.storage.connection import Stamp
from support import TEST_STAMP


@pytest.fixture(params=[BookingKind.STUDIO, BookingKind.PHOTO])
def booked(request, event_templates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = studio(event_templates, tmp_path / "event.expo", kind=request.param, exhibitors=4)
    solve_bookings(made.store, made.kind, solver=solve_greedy)
    yield made
    made.store.close()


def _menu(qtbot, made, hub) -> BookingPrintMenu:  # type: ignore[no-untyped-def]
    menu = BookingPrintMenu(made.store, hub, made.kind)
    qtbot.addWidget(menu)
    menu.show()
    return menu


def _save_as(qapp, target: Path) -> list[str]:  # type: ignore[no-untyped-def]
    """Answers the next save dialog with `target`; returns the name it suggested."""
    suggested: list[str] = []

    def answer() -> None:
        dialog = qapp.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        suggested.append(Path(dialog.selectedFiles()[0]).name)
        dialog.setDirectory(str(target.parent))
        dialog.selectFile(target.name)
        dialog.accept()

    QTimer.singleShot(0, answer)
    return suggested


def test_each_print_is_saved_where_chosen_and_reads_back_as_the_bookings(
        qtbot, qapp, booked, hub, english, tmp_path) -> None:  # type: ignore[no-untyped-def]
    menu = _menu(qtbot, booked, hub)
    kind = booked.kind.value
    assert menu.text() == "Print && export" and menu.isEnabled()
    assert [a.objectName() for a in menu.menu().actions()] == ["printConfirmations", "printRunningOrder",
                                                                "exportBookings"]
    assert [a.text() for a in menu.menu().actions()] == [
        "Exhibitors' confirmations (PDF)…", "Running order for each day (PDF)…", "Bookings and waiting list (Excel)…"]
    bookings = schedule.bookings(booked.store, booked.kind)
    first = next(e for e in booked.exhibitors if e.id == bookings[0].exhibitor_id)
    saved = tmp_path / "saved"
    saved.mkdir()

    confirmations = saved / "confirmations.pdf"
    suggested = _save_as(qapp, confirmations)
    with qtbot.waitSignal(hub.status_message_requested, timeout=60_000) as said:
        menu.actions_by_name["printConfirmations"].trigger()
    assert suggested == [f"{kind}-confirmations.pdf"]
    assert said.args == [f"Saved {confirmations} ({len(bookings)} pages)"]
    text = subprocess.run(["pdftotext", str(confirmations), "-"], capture_output=True, text=True, check=True).stdout
    assert first.name in text and f"{bookings[0].starts:%H:%M}" in text

    running = saved / "running.pdf"
    suggested = _save_as(qapp, running)
    with qtbot.waitSignal(hub.status_message_requested, timeout=60_000):
        menu.actions_by_name["printRunningOrder"].trigger()
    assert suggested == [f"{kind}-running-order.pdf"]
    text = subprocess.run(["pdftotext", str(running), "-"], capture_output=True, text=True, check=True).stdout
    assert "운영표" in text and first.name in text

    workbook = saved / "bookings.xlsx"
    _save_as(qapp, workbook)
    with qtbot.waitSignal(hub.status_message_requested, timeout=60_000):
        menu.actions_by_name["exportBookings"].trigger()
    rows = list(openpyxl.load_workbook(workbook, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) - 1 == len(bookings)
    assert sorted(p.name for p in saved.iterdir()) == ["bookings.xlsx", "confirmations.pdf", "running.pdf"]


def test_a_role_that_does_not_plan_cannot_print_the_bookings(qtbot, booked, hub, english) -> None:  # type: ignore[no-untyped-def]
    booked.store.stamp = Stamp(TEST_STAMP.desk_id, "viewer", "viewer")
    menu = _menu(qtbot, booked, hub)
    assert not menu.isEnabled() and "Not for the" in menu.toolTip()
    assert not any(a.isEnabled() for a in menu.menu().actions())
