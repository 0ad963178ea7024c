"""Studio & photos (issue 18): the kind switch, the Setup page's hours with the changeover, the
sets placed in the studio zone (and refused when they do not fit), the rules, each role's pages,
and a laptop's window never widened."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from booking_gui import open_workspace
from booking_support import Studio, studio
from event_templates import EventTemplates
from PySide6.QtCore import QTime

from expo_console.domain.bookings import BookingKind, Order
from expo_console.gui.bookings.print_menu import BookingPrintMenu
from expo_console.gui.hub import Hub
from expo_console.services.bookings import setup
from expo_console.services.operators import DEMO_PIN, sign_in_store


@pytest.fixture
def made(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    made = studio(event_templates, tmp_path / "event.expo", resources=1, days=1)
    yield made
    made.store.close()


def test_the_switch_shows_each_kinds_pages_in_its_own_words(qtbot, made: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    workspace, studio_pages = open_workspace(qtbot, made.store, hub)
    assert [studio_pages.tabText(n) for n in range(studio_pages.count())] == [
        "Setup", "Requests && waiting list", "Schedule", "Results entry"]
    assert studio_pages.currentWidget() is studio_pages.schedule_page  # hours and a set: the schedule's day
    assert studio_pages.cornerWidget().findChild(BookingPrintMenu) is not None
    assert studio_pages.isVisible() and studio_pages.setup_page.sessions.plan.title == "Broadcast hours, day by day"
    workspace.switch.buttons()[1].click()  # Photo shoots
    photo = workspace.pages(BookingKind.PHOTO)
    qtbot.waitUntil(lambda: photo.is_loaded)
    assert workspace.kind == BookingKind.PHOTO and photo.isVisible() and not studio_pages.isVisible()
    assert photo.setup_page.sections.item(1).text() == "Corners (0)"  # the studio's set is not the corner's
    assert studio_pages.setup_page.sections.item(1).text() == "Sets (1)"


def test_a_days_hours_keep_the_kinds_slot_and_changeover(qtbot, made: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    _workspace, pages = open_workspace(qtbot, made.store, hub)
    pages.setCurrentWidget(pages.setup_page)
    form = pages.setup_page.sessions
    form.days.setCurrentCell(1, 0)  # a day without broadcasts: the studio's defaults
    assert (form.slot.value(), form.gap.value()) == (40, 10) and form.gap.isVisibleTo(form)
    assert form.days.item(1, 1).text() == "no broadcasts"
    form.start.setTime(QTime(10, 0))
    form.end.setTime(QTime(12, 0))
    form.breaks.setText("")
    form.save_all.click()
    sessions = setup.sessions(made.store, BookingKind.STUDIO)
    assert len(sessions) == len(made.days) and all(s.gap_minutes == 10 for s in sessions)
    assert "Saved: 2 slots a day" in form.message.text()  # 10:00 and 10:50: the changeover leaves 11:40 too late
    assert form.days.item(0, 2).text() == "40 min + 10 min changeover"
    form.breaks.setText("lunch")
    form.save_day.click()
    assert "Write each break as 12:00-13:00" in form.message.text()


def test_the_photo_corner_defaults_to_twenty_minutes_back_to_back(qtbot, made: Studio, hub: Hub,  # type: ignore[no-untyped-def]
                                                                  english) -> None:
    _workspace, pages = open_workspace(qtbot, made.store, hub, BookingKind.PHOTO)
    form = pages.setup_page.sessions
    assert (form.slot.value(), form.gap.value()) == (20, 0)
    form.save_day.click()
    assert setup.sessions(made.store, BookingKind.PHOTO)[0].slot_minutes == 20


def test_sets_are_named_and_placed_and_too_many_are_refused_in_words(qtbot, made: Studio, hub: Hub,  # type: ignore[no-untyped-def]
                                                                     english) -> None:
    _workspace, pages = open_workspace(qtbot, made.store, hub)
    section = pages.setup_page.resources
    pages.setCurrentWidget(pages.setup_page)
    pages.setup_page.sections.setCurrentRow(1)
    section.count.setValue(2)
    assert section.names.rowCount() == 2 and section.names.item(1, 0).text() == "Set 2"
    section.names.item(0, 0).setText("Main set")
    section.place.click()
    placed = setup.resources(made.store, BookingKind.STUDIO)
    assert [r.name for r in placed] == ["Main set", "Set 2"] and all(r.zone_id for r in placed)
    assert "numbered 1 to 2" in section.status.text()
    assert pages.setup_page.sections.item(1).text() == "Sets (2)"
    section.count.setValue(20)
    assert not section.place_resources()
    assert "at most, not 20" in section.status.text() and len(setup.resources(made.store, BookingKind.STUDIO)) == 2


def test_the_rules_are_saved_and_read_again(qtbot, made: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    _workspace, pages = open_workspace(qtbot, made.store, hub)
    pages.setCurrentWidget(pages.setup_page)
    rules = pages.setup_page.rules
    rules.limit.setValue(2)
    rules.order.setCurrentIndex(rules.order.findData(Order.PRIORITY.value))
    rules.bring.setText("Products, price list")
    rules.place.setText("Hall A, studio")
    rules.save_button.click()
    saved = setup.rules(made.store, BookingKind.STUDIO)
    assert (saved.max_per_exhibitor, saved.order, saved.bring, saved.place) == (2, Order.PRIORITY, "Products, price list",
                                                                                "Hall A, studio")
    assert "Saved" in rules.message.text()
    pages.setCurrentWidget(pages.requests_page)  # the list says who goes first now
    assert "Who goes first: the priority, then request time" in pages.requests_page.summary.text()


def test_a_viewer_sees_the_results_only_and_cannot_type_them(qtbot, made: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    sign_in_store(made.store, "viewer", DEMO_PIN)
    _workspace, pages = open_workspace(qtbot, made.store, hub)
    assert [pages.tabText(n) for n in range(pages.count())] == ["Results entry"]
    panel = pages.results_page.panel
    assert not panel.save_button.isEnabled() and panel.fields["viewers"].isReadOnly()


def test_pages_added_by_the_lead_come_for_each_kind(qtbot, made: Studio, hub: Hub, english) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QLabel

    workspace, pages = open_workspace(qtbot, made.store, hub)
    workspace.add_page("On air", lambda kind: QLabel(f"on air: {kind.value}"), index=3)
    workspace.set_corner(lambda kind: QLabel(f"print {kind.value}"))
    assert pages.tabText(3) == "On air" and pages.widget(3).text() == "on air: studio"
    assert workspace.pages(BookingKind.PHOTO).widget(3).text() == "on air: photo"
    assert "print photo" in workspace.pages(BookingKind.PHOTO).cornerWidget().findChild(QLabel).text()


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_workspace_never_widens_a_laptops_window(qtbot, made: Studio, hub: Hub, console_style,  # type: ignore[no-untyped-def]
                                                     language: str) -> None:
    from expo_console.gui.i18n import install_language

    try:
        install_language(language)
        workspace, _pages = open_workspace(qtbot, made.store, hub)
        for kind in BookingKind:
            workspace.set_kind(kind)
            pages = workspace.pages(kind)
            qtbot.waitUntil(lambda pages=pages: pages.is_loaded)
            for page in range(pages.count()):
                pages.setCurrentIndex(page)
                for section in range(3):
                    pages.setup_page.sections.setCurrentRow(section)
                    assert workspace.minimumSizeHint().width() <= 1000, (kind, pages.tabText(page), section)
    finally:
        install_language("en")


def test_a_session_day_outside_the_event_is_refused(made: Studio) -> None:
    from expo_console.domain.consultations import Session
    from expo_console.services.bookings.setup import SetupError

    with pytest.raises(SetupError):
        setup.set_session(made.store, BookingKind.STUDIO, Session(dt.date(1999, 1, 1), dt.time(10), dt.time(11)))
