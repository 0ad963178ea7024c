"""The Setup page: each day's hours and the zone's tables, interpreters, buyers, exhibitors and
the ranked requests, one section at a time (a list on the left picks it)."""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from expo_console.domain.consultations import Request
from expo_console.gui.consultations import names
from expo_console.gui.consultations.names import fill
from expo_console.gui.consultations.service_text import refusal_text
from expo_console.gui.consultations.session_section import REFUSALS, SessionSection
from expo_console.gui.consultations.setup_dialogs import (
    BuyerForm,
    ExhibitorForm,
    InterpreterForm,
    RequestForm,
    open_form,
)
from expo_console.gui.consultations.setup_lists import ListSection
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.hub import Hub
from expo_console.gui.ops import run_op
from expo_console.gui.shown_refresh import RefreshedWhenShown
from expo_console.services.consultations import schedule, setup

IMPORT_DIALOG = "expo_console.gui.consultations.request_import_dialog"


def request_import_available() -> bool:
    """Whether the request import dialog is in this build (looked for, not imported: the window's
    start does not pay for it)."""
    return importlib.util.find_spec(IMPORT_DIALOG) is not None


def request_importer() -> Callable[..., Any]:
    """`open_request_import(parent, store, hub)` from the request import dialog."""
    opener: Callable[..., Any] = importlib.import_module(IMPORT_DIALOG).open_request_import
    return opener


class SetupPage(RefreshedWhenShown, QWidget):
    def __init__(self, hub: Hub, data: ZoneData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setupPage")
        self.hub, self.data, self.store = hub, data, data.store
        self.meeting_count = 0
        self.sessions = SessionSection(hub, data)
        self.interpreters = ListSection(self.store, "interpreters", self.tr("Interpreters"),
                                        [self.tr("Name"), self.tr("Languages"), self.tr("Days"), self.tr("Meetings")],
                                        self.tr("Search: name, language"))
        self.interpreters.add_button(self.tr("Add…"), "addInterpreter", self.add_interpreter)
        self.interpreters.add_button(self.tr("Edit…"), "editInterpreter", self.edit_interpreter, needs_row=True)
        self.interpreters.add_button(self.tr("Remove"), "removeInterpreter", self.remove_interpreter, needs_row=True)
        self.buyers = ListSection(self.store, "buyers", self.tr("Buyers"),
                                  [self.tr("Company"), self.tr("Name"), self.tr("Country"), self.tr("Language"),
                                   self.tr("Sources"), self.tr("Attends"), self.tr("Requests"), self.tr("Meetings")],
                                  self.tr("Search: name, company, country, language"))
        self.buyers.add_button(self.tr("Edit…"), "editBuyer", self.edit_buyer, needs_row=True)
        self.exhibitors = ListSection(self.store, "exhibitors", self.tr("Exhibitors"),
                                      [self.tr("Company"), self.tr("Booth"), self.tr("Sector"), self.tr("Seats"),
                                       self.tr("Offers"), self.tr("Attends"), self.tr("Requests"), self.tr("Meetings")],
                                      self.tr("Search: company, booth, sector"))
        self.exhibitors.add_button(self.tr("Edit…"), "editExhibitor", self.edit_exhibitor, needs_row=True)
        self.requests = ListSection(self.store, "requests", self.tr("Consultation requests"),
                                    [self.tr("Buyer"), self.tr("Exhibitor"), self.tr("Buyer's wish"),
                                     self.tr("Exhibitor's wish"), self.tr("Mutual"), self.tr("Scheduled")],
                                    self.tr("Search: buyer, company, exhibitor"))
        self.requests.add_button(self.tr("Add…"), "addRequest", self.add_request)
        self.requests.add_button(self.tr("Remove"), "removeRequest", self.remove_request, needs_row=True)
        self.import_button = self.requests.add_button(self.tr("Import requests…"), "importRequests",
                                                      self.import_requests)
        if not request_import_available():  # the import dialog is not in this build yet
            self.import_button.setEnabled(False)
            self.import_button.setToolTip(self.tr("Importing requests from Excel or CSV is not available in this "
                                                  "version yet: enter them with Add…"))
        for section, edit in ((self.interpreters, self.edit_interpreter), (self.buyers, self.edit_buyer),
                              (self.exhibitors, self.edit_exhibitor)):
            if self.data.may_plan:
                section.view.doubleClicked.connect(lambda _index, edit=edit: edit())
        self.sections = QListWidget()
        self.sections.setObjectName("setupSections")
        self.sections.setMaximumWidth(210)
        self.stack = QStackedWidget()
        for widget in (self.sessions, self.interpreters, self.buyers, self.exhibitors, self.requests):
            self.stack.addWidget(widget)
            self.sections.addItem("")
        self.sections.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.sections.setCurrentRow(0)
        layout = QHBoxLayout(self)
        layout.addWidget(self.sections)
        layout.addWidget(self.stack, 1)

    # -- showing ----------------------------------------------------------------------------------



    def refresh(self) -> None:
        self._stale = False
        s = self.data.setup
        meetings = schedule.meetings(self.store)
        self.meeting_count = len(meetings)
        met = Counter([m.buyer_id for m in meetings] + [m.exhibitor_id for m in meetings]
                      + [m.interpreter_id for m in meetings if m.interpreter_id])
        scheduled = {(m.buyer_id, m.exhibitor_id) for m in meetings}
        wished = Counter([r.buyer for r in s.requests] + [r.exhibitor for r in s.requests])
        sectors = names.sectors(s)
        self.sessions.refresh()
        self.interpreters.set_rows([(i.id, (i.name, names.languages_text(i.languages), names.days_text(i.days, s.days),
                                            met[i.id])) for i in s.interpreters], (180, 260, 260), stretch=2)
        self.buyers.set_rows([(b.id, (b.company, names.buyer_name(b), b.country, names.language_name(b.language),
                                      names.categories_text(b.categories, sectors) or "—",
                                      names.days_text(b.days, s.days), wished[b.id], met[b.id]))
                              for b in s.buyers], (190, 110, 50, 80, 150, 150, 50, 50), stretch=4)
        self.exhibitors.set_rows([(e.id, (names.exhibitor_name(e), e.booth, sectors.get(e.section_code, e.section_code),
                                          e.seats, names.categories_text(e.categories, sectors),
                                          names.days_text(e.days, s.days), wished[e.id], met[e.id]))
                                  for e in s.exhibitors], (200, 60, 100, 40, 150, 150, 50, 50), stretch=4)
        self.requests.set_rows([(r.pair, self._request_cells(r, r.pair in scheduled)) for r in s.requests],
                               (300, 260, 60, 60, 60, 60), stretch=1)
        for row, (title, count) in enumerate(((self.tr("Hours and tables"), None),
                                              (self.tr("Interpreters"), len(s.interpreters)),
                                              (self.tr("Buyers"), len(s.buyers)),
                                              (self.tr("Exhibitors"), len(s.exhibitors)),
                                              (self.tr("Consultation requests"), len(s.requests)))):
            self.sections.item(row).setText(title if count is None else f"{title}  ({count:,})")

    def _request_cells(self, request: Request, scheduled: bool) -> tuple[object, ...]:
        s = self.data.setup
        return (names.buyer_label(s.buyer_by_id.get(request.buyer)),
                names.exhibitor_label(s.exhibitor_by_id.get(request.exhibitor)),
                request.buyer_rank, request.exhibitor_rank,
                self.tr("mutual") if request.mutual else "", self.tr("yes") if scheduled else "")

    def show_section(self, name: str) -> None:
        widget = getattr(self, name)
        self.sections.setCurrentRow(self.stack.indexOf(widget))

    # -- editing ----------------------------------------------------------------------------------

    def add_interpreter(self) -> None:
        open_form(InterpreterForm(self.hub, self.data, None, self))

    def edit_interpreter(self) -> None:
        interpreter = self.data.setup.interpreter_by_id.get(self.interpreters.current_key())
        if interpreter is not None:
            open_form(InterpreterForm(self.hub, self.data, interpreter, self))

    def remove_interpreter(self) -> None:
        interpreter = self.data.setup.interpreter_by_id.get(self.interpreters.current_key())
        if interpreter is None:
            return
        answer = QMessageBox.question(
            self, self.tr("Remove interpreter"),
            fill(self.tr("Remove %1? Their meetings keep their place without an interpreter until the schedule is "
                         "solved again."), interpreter.name))
        if answer == QMessageBox.StandardButton.Yes:
            self._write(lambda: setup.remove_interpreter(self.store, interpreter.id))

    def edit_buyer(self) -> None:
        buyer = self.data.setup.buyer_by_id.get(self.buyers.current_key())
        if buyer is not None:
            open_form(BuyerForm(self.hub, self.data, buyer, self))

    def edit_exhibitor(self) -> None:
        exhibitor = self.data.setup.exhibitor_by_id.get(self.exhibitors.current_key())
        if exhibitor is not None:
            open_form(ExhibitorForm(self.hub, self.data, exhibitor, self))

    def add_request(self) -> None:
        open_form(RequestForm(self.hub, self.data, self))

    def remove_request(self) -> None:
        pair = self.requests.current_key()
        if pair is not None:
            self._write(lambda: setup.remove_request(self.store, *pair))

    def import_requests(self) -> None:
        if request_import_available():
            request_importer()(self, self.store, self.hub)

    def _write(self, call: Callable[[], object]) -> bool:
        try:
            run_op(self.hub, call)
        except REFUSALS as error:
            QMessageBox.warning(self, self.tr("Not changed"), refusal_text(error))
            return False
        return True
