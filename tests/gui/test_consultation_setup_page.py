"""The Consultations workspace's Setup page (issue 17): each day's hours saved, a break typed
wrong said in words; tables placed in the floor plan's consultation zone, and a plan without
one, or one too small, said plainly; interpreters, buyers' and exhibitors' details and requests
entered at the desk, each list following at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates
from PySide6.QtWidgets import QApplication

from expo_console.gui.consultations.setup_dialogs import BuyerForm, InterpreterForm, RequestForm
from expo_console.gui.consultations.workspace import ConsultationsWorkspace
from expo_console.gui.hub import Hub
from expo_console.services.consultations import setup
from expo_console.services.layout import floor_plan
from expo_console.storage.connection import EventStore


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Zone]:
    made = consultation_zone(event_templates, tmp_path / "event.expo")
    yield made
    made.store.close()


def open_setup(qtbot, store: EventStore, hub: Hub) -> ConsultationsWorkspace:  # type: ignore[no-untyped-def]
    workspace = ConsultationsWorkspace(store, hub)
    qtbot.addWidget(workspace)
    workspace.resize(1366, 768)
    workspace.show()
    qtbot.waitUntil(lambda: workspace.is_loaded)
    workspace.pages.setCurrentWidget(workspace.setup_page)
    return workspace


def test_a_days_hours_are_saved_for_every_day_and_a_wrong_break_is_said(qtbot, zone: Zone, hub: Hub,  # type: ignore[no-untyped-def]
                                                                      english) -> None:
    workspace = open_setup(qtbot, zone.store, hub)
    section = workspace.setup_page.sessions
    section.days.setCurrentCell(1, 0)
    section.start.setTime(section.start.time().fromString("09:30", "HH:mm"))
    section.end.setTime(section.end.time().fromString("17:30", "HH:mm"))
    section.breaks.setText("12:00-13:00, 15:00–15:15")
    section.save_all.click()
    saved = setup.sessions(zone.store)
    assert {s.day for s in saved} == set(zone.days)
    assert all((s.start, s.end, s.slot_minutes) == (dt.time(9, 30), dt.time(17, 30), 30) for s in saved)
    assert saved[0].breaks == ((dt.time(12), dt.time(13)), (dt.time(15), dt.time(15, 15)))
    assert "Saved: 13 slots a day" in section.message.text()  # 09:30–12:00, 13:00–15:00, 15:15–17:15
    assert section.days.item(0, 4).text() == "13"  # the table of days followed the hub

    section.breaks.setText("lunch at noon")
    section.save_day.click()
    assert "Write each break as 12:00-13:00" in section.message.text() and "lunch at noon" in section.message.text()
    assert setup.sessions(zone.store) == saved


def test_tables_are_placed_in_the_zone_and_a_zone_too_small_or_missing_is_said(qtbot, zone: Zone, hub: Hub,  # type: ignore[no-untyped-def]
                                                                              english) -> None:
    workspace = open_setup(qtbot, zone.store, hub)
    section = workspace.setup_page.sessions
    assert "4 tables are placed in" in section.tables_status.text()
    section.table_count.setValue(9)
    section.place.click()
    assert len(setup.load(zone.store).tables) == 9 and "9 tables are placed in" in section.tables_status.text()

    section.table_count.setValue(200)
    section.place.click()
    assert "holds" in section.tables_status.text() and "tables at most, not 200" in section.tables_status.text()
    assert len(setup.load(zone.store).tables) == 9

    plan = floor_plan.load_plan(zone.store)
    floor_plan.put_zones(zone.store, [], remove=[z.id for z in plan.zones if z.kind == "consultation"])
    workspace.load()
    assert section.tables_status.text().startswith("The floor plan has no consultation zone. Draw one in the "
                                                   "Floor plan workspace")
    section.place.click()
    assert "no consultation zone" in section.tables_status.text()


def test_interpreters_buyers_and_requests_entered_at_the_desk(qtbot, zone: Zone, hub: Hub,  # type: ignore[no-untyped-def]
                                                              english) -> None:
    workspace = open_setup(qtbot, zone.store, hub)
    page = workspace.setup_page
    form = InterpreterForm(hub, page.data, None, page)
    form.name.setText("Wang Li")
    form.languages.setText(" , ")
    form._save()
    assert form.result() != form.DialogCode.Accepted and "Name the languages the interpreter speaks" in form.error.text()
    assert setup.load(zone.store).interpreters == ()
    form.languages.setText("zh, ja")
    form.days.boxes[0][1].setChecked(False)  # not on the first day
    form._save()
    interpreters = setup.load(zone.store).interpreters
    assert [(i.name, i.languages, i.days) for i in interpreters] == [("Wang Li", ("ja", "zh"), zone.days[1:])]
    assert page.interpreters.model.rowCount() == 1 and "Chinese (zh)" in page.interpreters.model.rows[0][1][1]

    buyer = zone.buyers[0]
    form = BuyerForm(hub, page.data, page.data.setup.buyer_by_id[buyer.id], page)
    form.language.setEditText("korean!")
    form._save()
    assert form.result() != form.DialogCode.Accepted and "is not a language code" in form.error.text()
    form.language.setCurrentIndex(form.language.findData("vi"))
    form._save()
    assert setup.load(zone.store).buyer_by_id[buyer.id].language == "vi"
    row = next(cells for key, cells in page.buyers.model.rows if key == buyer.id)
    assert row[3] == "Vietnamese"

    requests_before = len(setup.load(zone.store).requests)
    form = RequestForm(hub, page.data, page)
    form._save()
    assert "Choose a buyer and an exhibitor" in form.error.text()
    form.buyer.setCurrentIndex(form.buyer.findData(zone.buyers[2].id))
    form.exhibitor.setCurrentIndex(form.exhibitor.findData(zone.exhibitors[-1].id))
    form.exhibitor_rank.setValue(2)
    form._save()
    added = next(r for r in setup.load(zone.store).requests
                 if (r.buyer, r.exhibitor) == (zone.buyers[2].id, zone.exhibitors[-1].id))
    assert added.exhibitor_rank == 2 and page.requests.model.rowCount() >= requests_before
    page.show_section("requests")
    assert page.requests.select((added.buyer, added.exhibitor))
    page.findChild(type(page.import_button), "removeRequest").click()
    assert (added.buyer, added.exhibitor) not in {(r.buyer, r.exhibitor) for r in setup.load(zone.store).requests}
    QApplication.processEvents()
