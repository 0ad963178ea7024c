"""상담 / Consultations: the buyer consultation zone, from its setup to the schedule on the day.

Pages in tabs: Setup (hours, tables, interpreters, buyers, exhibitors, requests), Schedule (the
grid, Solve…), the lists per buyer and per exhibitor, the coordinator's Live board (arrivals,
no-shows, walk-ins, outcomes; for a role that records outcomes) and the Results (성과). Another page is one line:
`workspace.add_page(page, title)`; a page with a `follow(change)` method hears every
MeetingsChanged after the setup was read again, and one with `refresh()` is refreshed when the
setup changes.

The setup is read when the workspace is first shown (not when the window opens: most desks
open on registration), and again when the hub says the setup, or the visitors, changed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QTabWidget, QVBoxLayout, QWidget

from expo_console.domain.access import Action
from expo_console.gui.consultations.board import LiveBoard
from expo_console.gui.consultations.meeting_lists import MeetingListsPage
from expo_console.gui.consultations.print_menu import PrintMenu
from expo_console.gui.consultations.results_page import ResultsPage
from expo_console.gui.consultations.schedule_page import SchedulePage
from expo_console.gui.consultations.setup_page import SetupPage
from expo_console.gui.consultations.zone_data import ZoneData
from expo_console.gui.hub import Hub
from expo_console.services.access import allowed
from expo_console.services.changes import MeetingsChanged, VisitorsChanged  # read, never built here
from expo_console.services.store import EventStore


class ConsultationsWorkspace(QWidget):
    loaded = Signal()

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consultationsWorkspace")
        self.store, self.hub = store, hub
        self.data = ZoneData(store, self)
        self.is_loaded = False
        self._setup_stale = False  # visitors changed while hidden: read the buyers again when shown
        self.pages = QTabWidget()
        self.pages.setObjectName("consultationPages")
        self.pages.setUsesScrollButtons(True)  # the tabs never widen a laptop's window
        # the planner's pages (they name buyers) for a role that plans or records the meetings
        self.planning = allowed(store, Action.PLAN_MEETINGS) or allowed(store, Action.RECORD_OUTCOMES)
        self.setup_page: SetupPage | None = None
        self.schedule_page: SchedulePage | None = None
        self.lists_page: MeetingListsPage | None = None
        if self.planning:
            self.setup_page = SetupPage(hub, self.data)
            self.schedule_page = SchedulePage(store, hub, self.data)
            self.lists_page = MeetingListsPage(store, self.data)
            self.add_page(self.setup_page, self.tr("Setup"))
            self.add_page(self.schedule_page, self.tr("Schedule"))
            self.add_page(self.lists_page, self.tr("By buyer / exhibitor"))
            self.schedule_page.person_requested.connect(self.show_person)
        # the coordinator's page on the day, for a role that records arrivals and outcomes
        self.board_page: LiveBoard | None = None
        if allowed(store, Action.RECORD_OUTCOMES):
            self.board_page = LiveBoard(store, hub)
            self.add_page(self.board_page, self.tr("Live board"))
        self.print_menu: PrintMenu | None = None
        if self.planning:
            self.print_menu = PrintMenu(store, hub)
            corner = QWidget()  # a margin: the button's arrow was cut by the window's edge
            corner_layout = QHBoxLayout(corner)
            corner_layout.setContentsMargins(0, 0, 8, 2)
            corner_layout.addWidget(self.print_menu)
            self.pages.setCornerWidget(corner)
        # the results (성과) name companies and countries, never a person: every role's
        self.results_page = ResultsPage(store, hub)
        self.add_page(self.results_page, self.tr("Results"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        hub.meetings_changed.connect(self._on_meetings_changed)
        hub.visitors_changed.connect(self._on_visitors_changed)

    def add_page(self, page: QWidget, title: str) -> int:
        return self.pages.addTab(page, title)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.is_loaded or self._setup_stale:
            self.load()

    def load(self) -> None:
        """Read the setup and show every page from it."""
        self._setup_stale = False
        if self.setup_page and self.schedule_page and self.lists_page:
            self.data.reload()
            self.setup_page.refresh()
            self.schedule_page.reload()
            self.lists_page.refresh_when_shown()
        for page in self._other_pages():
            if hasattr(page, "refresh"):
                page.refresh()
        if not self.is_loaded:
            self.is_loaded = True
            # the planner's work is the schedule once there is one; the setup until then
            if self.setup_page and self.schedule_page and self.setup_page.meeting_count:
                self.pages.setCurrentWidget(self.schedule_page)
            self.loaded.emit()

    def _other_pages(self) -> list[QWidget]:
        ours = (self.setup_page, self.schedule_page, self.lists_page)
        return [w for w in (self.pages.widget(n) for n in range(self.pages.count())) if w not in ours]

    def _on_meetings_changed(self, change: MeetingsChanged) -> None:
        if not self.is_loaded:
            return  # read whole when first shown
        if self.setup_page and self.schedule_page and self.lists_page:
            if change.setup:
                self.data.reload()
            self.setup_page.refresh_when_shown()  # the lists' meeting counts and "scheduled" follow
            self.schedule_page.follow(change)
            self.lists_page.follow(change)
        for page in self._other_pages():
            if hasattr(page, "follow"):
                page.follow(change)

    def _on_visitors_changed(self, _change: VisitorsChanged) -> None:
        # a visitor given a buyer class is a buyer now; names and companies may have changed
        if self.is_loaded:
            self._setup_stale = True
            if self.isVisible():
                self.load()

    def show_person(self, kind: str, person_id: str) -> None:
        if self.lists_page is not None:
            self.pages.setCurrentWidget(self.lists_page)
            self.lists_page.show_person(kind, person_id)
