"""Studio & photos, Results entry (issue 18): a day's broadcasts in time order; a result typed with
the keyboard (viewers, peak, orders, sales as 320만) and saved with Enter; a figure refused under
the field it is about, with nothing written; a no-show's slot offered to the waiting list and given
in one click; a shoot's photos delivered."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from booking_gui import open_workspace
from booking_support import Studio, studio
from event_templates import EventTemplates
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton
from pytestqt.qtbot import QtBot

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.domain.meeting_records import Origin
from expo_console.gui.bookings.results_entry import ResultsEntryPage
from expo_console.gui.hub import Hub
from expo_console.services.bookings import allocation, schedule


def solved(templates: EventTemplates, path: Path, kind: BookingKind) -> Studio:
    """Six requests for three slots on one set or corner (photo: nine), solved."""
    made = studio(templates, path, kind=kind, exhibitors=6 if kind == BookingKind.STUDIO else 12, resources=1, days=1)
    allocation.solve_bookings(made.store, kind, time_limit=2)
    return made


@pytest.fixture
def broadcasts(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    made = solved(event_templates, tmp_path / "event.expo", BookingKind.STUDIO)
    yield made
    made.store.close()


def open_results(qtbot: QtBot, made: Studio, hub: Hub) -> ResultsEntryPage:
    _workspace, pages = open_workspace(qtbot, made.store, hub, made.kind)
    pages.setCurrentWidget(pages.results_page)
    return pages.results_page


def test_a_broadcasts_results_are_typed_and_saved_with_enter(qtbot, broadcasts: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    page = open_results(qtbot, broadcasts, hub)
    assert [page.table.item(r, 0).text() for r in range(page.table.rowCount())] == [
        "10:00–10:40", "10:50–11:30", "11:40–12:20"]
    assert page.table.item(0, 1).text() == "Set 1" and page.table.item(0, 4).text() == "to come"
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)  # to the first figure
    panel = page.panel
    assert panel.fields["viewers"].hasFocus() and panel.status_buttons.checkedButton().objectName() == "status_held"
    for name, text in (("viewers", "1,200"), ("peak_viewers", "150"), ("orders", "45"), ("sales", "320만")):
        panel.fields[name].setText(text)
    assert panel.sales_won.text() == "= ₩3,200,000"
    qtbot.keyClick(panel.fields["sales"], Qt.Key.Key_Return)
    record = schedule.booking(broadcasts.store, page.records[0].id)
    assert (record.status, record.viewers, record.peak_viewers, record.orders, record.sales_krw) == (
        BookingStatus.HELD, 1200, 150, 45, 3_200_000)
    assert page.table.item(0, 4).text() == "held"
    assert page.table.item(0, 5).text() == "1,200 viewers · peak 150 · 45 orders · ₩3,200,000"
    assert page.table.hasFocus() and panel.saved_label.text() == "Saved."
    assert panel.fields["sales"].text() == "3,200,000"  # as saved


def test_a_refused_figure_is_said_under_its_field_and_nothing_is_written(qtbot, broadcasts: Studio, hub: Hub,  # type: ignore[no-untyped-def]
                                                                         english) -> None:
    page = open_results(qtbot, broadcasts, hub)
    panel = page.panel
    panel.fields["viewers"].setText("lots")
    assert not panel.save()
    assert panel.errors["viewers"].isVisibleTo(panel) and "Viewers: “lots” is not a count" in panel.errors["viewers"].text()
    assert schedule.booking(broadcasts.store, page.records[0].id).status == BookingStatus.BOOKED
    assert panel.fields["viewers"].text() == "lots"  # nothing typed is lost
    panel.fields["viewers"].setText("100")
    panel.fields["peak_viewers"].setText("300")
    assert not panel.save()
    assert "cannot exceed the viewers" in panel.errors["peak_viewers"].text()
    assert not panel.errors["viewers"].isVisibleTo(panel)
    panel.fields["sales"].setText("a lot")
    panel.fields["peak_viewers"].setText("90")
    assert not panel.save() and "Sales: “a lot” is not an amount" in panel.errors["sales"].text()
    assert schedule.booking(broadcasts.store, page.records[0].id).viewers is None


def test_a_no_shows_slot_is_offered_to_the_waiting_list_in_one_click(qtbot, broadcasts: Studio, hub: Hub,  # type: ignore[no-untyped-def]
                                                                     english) -> None:
    page = open_results(qtbot, broadcasts, hub)
    freed = page.records[1]
    page.select(freed.id)
    panel = page.panel
    assert not panel.offer_button.isVisibleTo(panel)  # a booking still to come frees nothing
    waiting = schedule.waiting_list(broadcasts.store, BookingKind.STUDIO)
    panel.findChild(QRadioButton, "status_no_show").click()
    assert panel.save()
    assert schedule.booking(broadcasts.store, freed.id).status == BookingStatus.NO_SHOW
    assert page.table.item(1, 4).text() == "no-show"
    assert panel.offer_button.isVisibleTo(panel) and panel.offer_button.isEnabled()
    taker = page.data.exhibitor_name(waiting[0].request.exhibitor_id)
    assert f"Next on the waiting list: {taker}" in panel.offer_label.text()
    panel.offer_button.click()
    taken = [b for b in schedule.bookings(broadcasts.store, BookingKind.STUDIO) if b.occupies and b.slot == freed.slot]
    assert len(taken) == 1 and taken[0].request_id == waiting[0].request.id and taken[0].origin == Origin.WAITING_LIST
    assert f"The slot went to {taker} (from the waiting list)" in panel.offer_label.text()
    assert not panel.offer_button.isVisibleTo(panel)
    assert [page.table.item(r, 2).text() for r in range(page.table.rowCount())].count(taker) == 1


def test_a_shoots_photos_delivered(qtbot, event_templates: EventTemplates, tmp_path: Path, hub: Hub,  # type: ignore[no-untyped-def]
                                   english) -> None:
    made = solved(event_templates, tmp_path / "photo.expo", BookingKind.PHOTO)
    try:
        page = open_results(qtbot, made, hub)
        panel = page.panel
        assert list(panel.fields) == ["photos_delivered"] and page.table.horizontalHeaderItem(1).text() == "Corner"
        assert len(page.records) == 9 and page.records[1].starts.strftime("%H:%M") == "10:20"  # no changeover
        panel.fields["photos_delivered"].setText("12장")
        assert panel.save()
        assert schedule.booking(made.store, page.records[0].id).photos_delivered == 12
        assert page.table.item(0, 5).text() == "12 photos"
    finally:
        made.store.close()
