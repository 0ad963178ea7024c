"""라이브커머스·촬영 / Studio & photos: the live-commerce studio's broadcasts and the free photo
shoots, from their setup to the results typed as the channels report them.

A switch at the top chooses the kind (Studio broadcasts / Photo shoots); each kind has its own
pages, built once, over its own `BookingData`: Setup (hours, sets or corners, rules), Requests &
waiting list and the Schedule (gui/bookings/schedule_page.py, on the slot grid) with the print
menu in the tabs' corner, for a role that plans or records; Results entry for every role
(read-only for one that may not record). Another page is one line, for both kinds:
`workspace.add_page(title, lambda kind: Page(...), index=None)`; a page with `follow(change)`
hears every BookingsChanged of its kind, one with `refresh()` is refreshed when the setup is read
again. `workspace.data(kind)` is the kind's shared setup; `set_corner(lambda kind: widget)` puts a
widget (the print menu) at the right of the pages' tabs.

The setup is read when a kind's pages are first shown, and again when the hub says its setup,
the floor plan or the exhibitors changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QStackedWidget,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.bookings import BookingKind
from expo_console.gui.bookings.booking_data import BookingData, words
from expo_console.gui.bookings.print_menu import BookingPrintMenu
from expo_console.gui.bookings.requests_page import RequestsPage
from expo_console.gui.bookings.results_entry import ResultsEntryPage
from expo_console.gui.bookings.schedule_page import BookingSchedulePage
from expo_console.gui.bookings.setup_page import BookingSetupPage
from expo_console.gui.hub import Hub
from expo_console.services.access import allowed
from expo_console.services.changes import BookingsChanged  # read, never built here
from expo_console.services.store import EventStore

PageFactory = Callable[[BookingKind], QWidget]


class KindPages(QTabWidget):
    """One kind's pages over its shared setup."""

    loaded = Signal()

    def __init__(self, store: EventStore, hub: Hub, kind: BookingKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{kind.value}Pages")
        self.setUsesScrollButtons(True)
        self.store, self.hub, self.kind = store, hub, kind
        self.data = BookingData(store, kind, self)
        self.is_loaded = False
        self._stale = False
        self.planning = allowed(store, Action.PLAN_MEETINGS) or allowed(store, Action.RECORD_OUTCOMES)
        self.setup_page: BookingSetupPage | None = None
        self.requests_page: RequestsPage | None = None
        self.schedule_page: BookingSchedulePage | None = None
        if self.planning:
            self.setup_page = BookingSetupPage(hub, self.data)
            self.requests_page = RequestsPage(hub, self.data)
            self.schedule_page = BookingSchedulePage(store, hub, kind)  # follows the hub by itself
            self.addTab(self.setup_page, self.tr("Setup"))
            self.addTab(self.requests_page, self.tr("Requests && waiting list"))
            self.addTab(self.schedule_page, self.tr("Schedule"))
            self.print_menu = BookingPrintMenu(store, hub, kind)
            corner = QWidget()  # a margin: the button's arrow was cut by the window's edge
            corner_row = QHBoxLayout(corner)
            corner_row.setContentsMargins(0, 0, 8, 2)
            corner_row.addWidget(self.print_menu)
            self.setCornerWidget(corner)
        self.results_page = ResultsEntryPage(hub, self.data)
        self.addTab(self.results_page, self.tr("Results entry"))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.is_loaded or self._stale:
            self.load()

    def load(self) -> None:
        self._stale = False
        self.data.reload()  # the pages refresh from it (BookingData.reloaded) when they are shown
        for page in self.pages():
            if page not in (self.setup_page, self.requests_page, self.results_page, self.schedule_page) \
                    and hasattr(page, "refresh"):
                page.refresh()
        if not self.is_loaded:
            self.is_loaded = True
            # the planner's work is the schedule once there are hours and sets, the setup until then
            s = self.data.loaded
            if self.schedule_page is not None and s.sessions and s.resources:
                self.setCurrentWidget(self.schedule_page)
            self.loaded.emit()

    def pages(self) -> list[QWidget]:
        return [self.widget(n) for n in range(self.count())]

    def reload_when_shown(self) -> None:
        if self.is_loaded:
            self._stale = True
            if self.isVisible():
                self.load()

    def follow(self, change: BookingsChanged) -> None:
        if not self.is_loaded:
            return  # read whole when first shown
        if change.setup:
            self.reload_when_shown()
        for page in self.pages():
            if hasattr(page, "follow") and page is not self.schedule_page:  # it hears the hub itself
                page.follow(change)


class BookingsWorkspace(QWidget):
    loaded = Signal()

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingsWorkspace")
        self.store, self.hub = store, hub
        self.kinds: dict[BookingKind, KindPages] = {}
        self.stack = QStackedWidget()
        self.switch = QButtonGroup(self)
        switch_row = QHBoxLayout()
        switch_row.setContentsMargins(8, 6, 8, 0)
        switch_row.setSpacing(0)
        for kind in BookingKind:
            pages = KindPages(store, hub, kind)
            pages.loaded.connect(self._on_kind_loaded)
            self.kinds[kind] = pages
            self.stack.addWidget(pages)
            button = QToolButton()
            button.setObjectName(f"kind_{kind.value}")
            button.setText(words(kind).kind_name)
            button.setCheckable(True)
            button.setProperty("kind", kind.value)
            button.setMinimumWidth(150)
            self.switch.addButton(button)
            switch_row.addWidget(button)
        switch_row.addStretch(1)
        self.switch.buttons()[0].setChecked(True)
        self.switch.buttonToggled.connect(lambda button, on: on and self.set_kind(BookingKind(button.property("kind"))))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(switch_row)
        layout.addWidget(self.stack, 1)
        hub.bookings_changed.connect(self._on_bookings_changed)
        for signal in (hub.layout_changed, hub.meetings_changed):  # a zone drawn, an exhibitor renamed
            signal.connect(self._on_names_changed)

    @property
    def kind(self) -> BookingKind:
        return BookingKind(self.switch.checkedButton().property("kind"))

    def set_kind(self, kind: BookingKind) -> None:
        for button in self.switch.buttons():
            if button.property("kind") == kind.value and not button.isChecked():
                button.setChecked(True)
        self.stack.setCurrentWidget(self.kinds[kind])

    def pages(self, kind: BookingKind | None = None) -> KindPages:
        return self.kinds[kind or self.kind]

    def data(self, kind: BookingKind) -> BookingData:
        return self.kinds[kind].data

    @property
    def is_loaded(self) -> bool:
        return self.kinds[self.kind].is_loaded

    def add_page(self, title: str, factory: PageFactory, index: int | None = None) -> None:
        """A page for each kind, made by `factory(kind)`, at `index` among the tabs (last when None)."""
        for kind, pages in self.kinds.items():
            page = factory(kind)
            if index is None:
                pages.addTab(page, title)
            else:
                pages.insertTab(index, page, title)

    def set_corner(self, factory: PageFactory) -> None:
        """A widget at the right of each kind's tabs (the print menu), with a margin for its arrow."""
        for kind, pages in self.kinds.items():
            corner = QWidget()
            row = QHBoxLayout(corner)
            row.setContentsMargins(0, 0, 8, 2)
            row.addWidget(factory(kind))
            pages.setCornerWidget(corner)

    def _on_kind_loaded(self) -> None:
        if self.kinds[self.kind].is_loaded:
            self.loaded.emit()

    def _on_bookings_changed(self, change: BookingsChanged) -> None:
        for kind, pages in self.kinds.items():
            if not change.kinds or kind.value in change.kinds:
                pages.follow(change)

    def _on_names_changed(self, change: object) -> None:
        if getattr(change, "setup", True) is False:  # a consultation outcome, not an exhibitor renamed
            return
        for pages in self.kinds.values():
            pages.reload_when_shown()
