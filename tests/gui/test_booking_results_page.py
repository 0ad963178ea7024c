"""The Results page (성과) shows the studio's and the photo shoots' results in tabs of their own when
the event has bookings, as the report prints them; follows the hub when a broadcast's results are
entered; an event without bookings has no such tab, one with the studio alone shows it alone;
the page stays within a laptop's width."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from booking_outcomes import Booked, enter_broadcasts, enter_shoots
from booking_support import studio
from consultation_outcomes import enter_outcomes
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates

from expo_console.domain.bookings import BookingKind
from expo_console.gui.consultations.results_page import ResultsPage
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.services.bookings import allocation, greedy, outcomes
from expo_console.services.bookings import setup as booking_setup
from expo_console.services.consultations import schedule

STUDIO_TAB, PHOTO_TAB = 6, 7


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Zone]:
    made = consultation_zone(event_templates, tmp_path / "event.expo", buyers=12, exhibitors=8, wishes=3)
    schedule.solve_schedule(made.store, time_limit=5)
    enter_outcomes(made)
    yield made
    made.store.close()


@pytest.fixture
def booked(zone: Zone) -> tuple[Booked, Booked]:
    return enter_broadcasts(zone.store), enter_shoots(zone.store)


def page_of(qtbot, store, hub: Hub) -> ResultsPage:  # type: ignore[no-untyped-def]
    widget = ResultsPage(store, hub)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def column(page: ResultsPage, kind: BookingKind, key: str, name: str) -> list[str]:
    model = page.booking_views[kind].models[key]
    at = model.column(name)
    return [model.rows[r][at] for r in range(model.rowCount())]


def test_the_studio_and_photo_tabs_show_the_results_entered(qtbot, zone: Zone, booked: tuple[Booked, Booked],  # type: ignore[no-untyped-def]
                                                            hub: Hub, english: None) -> None:
    broadcasts, _shoots = booked
    page = page_of(qtbot, zone.store, hub)
    assert page.tabs.isTabVisible(STUDIO_TAB) and page.tabs.isTabVisible(PHOTO_TAB)
    assert page.tabs.tabText(STUDIO_TAB) == "Live commerce" and page.tabs.isTabVisible(0)  # the consultations' stay
    assert page.tiles["held"].value.text() == "4"
    view = page.booking_views[BookingKind.STUDIO]
    tiles = view.tiles
    assert tiles["held"].value.text() == "3" and tiles["held"].detail.text() == "of 8 booked · 3 to come"
    assert tiles["no_show"].value.text() == "2" and tiles["sales"].value.text() == "17,200,000 won"
    assert tiles["sales"].detail.text() == "172 orders"
    assert tiles["viewers"].value.text() == "7,000" and tiles["viewers"].detail.text() == "peak 900"
    assert tiles["served"].value.text() == "9 / 10"
    for key in ("day", "sector", "channel", "exhibitor"):  # each breakdown ends with the totals
        assert column(page, BookingKind.STUDIO, key, "sales")[-1] == "17,200,000"
        assert column(page, BookingKind.STUDIO, key, "peak")[-1] == "900"
    assert column(page, BookingKind.STUDIO, "top", "sales") == ["12,500,000", "3,200,000", "1,500,000"]
    waiting = booking_setup.exhibitor_names(zone.store)[broadcasts.waiting[0]]
    assert view.not_served.isVisibleTo(view)
    assert view.not_served.text() == f"Asked, given no slot (1): {waiting.name_en or waiting.name}"
    photo = page.booking_views[BookingKind.PHOTO]
    assert photo.tiles["photos"].value.text() == "66" and photo.tiles["held"].value.text() == "3"
    assert column(page, BookingKind.PHOTO, "exhibitor", "photos")[-1] == "66"
    assert not photo.not_served.isVisibleTo(photo)
    page.tabs.setCurrentIndex(STUDIO_TAB)
    assert page.minimumSizeHint().width() <= 1000


def test_a_broadcasts_results_entered_elsewhere_show_at_once(qtbot, zone: Zone, booked: tuple[Booked, Booked],  # type: ignore[no-untyped-def]
                                                             hub: Hub, english: None) -> None:
    broadcasts, _shoots = booked
    page = page_of(qtbot, zone.store, hub)
    to_come = broadcasts.booked[0]
    with qtbot.waitSignal(page.refreshed, timeout=5000):
        run_op(hub, lambda: outcomes.record_results(zone.store, to_come.id, outcomes.Results(
            viewers="20000", peak_viewers="4000", orders="300", sales="1억")))
    tiles = page.booking_views[BookingKind.STUDIO].tiles
    assert tiles["sales"].value.text() == "117,200,000 won" and tiles["held"].value.text() == "4"
    assert tiles["viewers"].detail.text() == "peak 4,000"
    assert column(page, BookingKind.STUDIO, "top", "sales")[0] == "100,000,000"


def test_one_day_alone(qtbot, zone: Zone, booked: tuple[Booked, Booked], hub: Hub, english: None) -> None:  # type: ignore[no-untyped-def]
    broadcasts, _shoots = booked
    page = page_of(qtbot, zone.store, hub)
    day = broadcasts.held[0].day
    page.day_box.setCurrentIndex(page.day_box.findData(day.isoformat()))
    view = page.booking_views[BookingKind.STUDIO]
    sales = sum(broadcasts.sales[b.id] for b in broadcasts.held if b.day == day)
    assert view.tiles["sales"].value.text() == f"{sales:,} won"
    assert not view.tabs.isTabVisible(0)  # one day needs no table of days


def test_an_event_without_bookings_has_no_studio_tab(qtbot, zone: Zone, hub: Hub, english: None) -> None:  # type: ignore[no-untyped-def]
    page = page_of(qtbot, zone.store, hub)
    assert page.results is not None and page.results.studio is None
    assert not page.tabs.isTabVisible(STUDIO_TAB) and not page.tabs.isTabVisible(PHOTO_TAB)
    assert page.tiles["held"].isVisibleTo(page)


def test_an_event_with_the_studio_alone_shows_the_studio_alone(qtbot, event_templates: EventTemplates,  # type: ignore[no-untyped-def]
                                                               tmp_path: Path, hub: Hub, english: None) -> None:
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=4)
    try:
        allocation.solve_bookings(made.store, BookingKind.STUDIO, solver=greedy.solve_greedy)
        page = page_of(qtbot, made.store, hub)
        assert page.tabs.currentIndex() == STUDIO_TAB
        assert not any(page.tabs.isTabVisible(i) for i in range(STUDIO_TAB))
        assert not page.tiles["held"].isVisibleTo(page) and not page.notice.isVisibleTo(page)
        tiles = page.booking_views[BookingKind.STUDIO].tiles
        assert tiles["served"].value.text() == "3 / 4"
        assert tiles["viewers"].value.text() == "0" and tiles["viewers"].detail.text() == ""  # no peak entered yet
        assert not page.tabs.isTabVisible(PHOTO_TAB)
    finally:
        made.store.close()
