"""The studio's or the photo corner's Schedule page: a day's grid of sets (or corners) × slots, the
waiting list beside it, Solve…, and the hand edits with undo.

The grid, its keys (gui/slot_grid/page.py), its undo steps, its status line and Solve… are the
slot grid's, shared with the consultations; this page says what is the bookings': the kind's days
and resources, the cards (booking_look.py), the schedule service behind every edit, and the
waiting list, whose first request that fits is offered a free slot in one click.

`BookingSchedulePage(store, hub, kind)` follows the hub's BookingsChanged by itself; `reload()`
reads the kind's setup and the day again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QWidget

from expo_console.domain.booking_records import BookingRecord
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultations import Slot
from expo_console.gui.bookings.booking_data import BookingData
from expo_console.gui.bookings.booking_look import PALETTES, BookingLook
from expo_console.gui.bookings.schedule_edits import BookCommand, BookingWrites
from expo_console.gui.bookings.schedule_words import translated
from expo_console.gui.bookings.waiting_panel import Offer, WaitingPanel
from expo_console.gui.consultations.solve_summary import status_text
from expo_console.gui.hub import Hub
from expo_console.gui.labels import day_label, fill, hhmm
from expo_console.gui.slot_grid.model import SlotGridModel
from expo_console.gui.slot_grid.page import SlotGridPage
from expo_console.gui.slot_grid.solve import SolveCall, SolveTerms
from expo_console.services.bookings import allocation, schedule
from expo_console.services.bookings.allocation import BookingSolveReport
from expo_console.services.bookings.solver import DEFAULT_TIME_LIMIT
from expo_console.services.changes import BookingsChanged
from expo_console.services.consultations.cpsat import SolveProgress
from expo_console.services.progress import CancelFlag
from expo_console.services.store import EventStore

CELLS = {BookingKind.STUDIO: (220, 64), BookingKind.PHOTO: (200, 46)}  # a broadcast's card has three lines


class BookingSchedulePage(SlotGridPage[BookingRecord]):
    noun = "Booking"
    solve_name = "solveBookings"

    def __init__(self, store: EventStore, hub: Hub, kind: BookingKind, parent: QWidget | None = None) -> None:
        data = BookingData(store, kind)
        look = BookingLook(data)
        super().__init__(store, hub, SlotGridModel(look), BookingWrites(store), parent, CELLS[kind])
        self.setObjectName(f"{kind.value}SchedulePage")
        self.data, self.look = data, look
        data.setParent(self)
        look.setParent(self)
        self.kind = kind
        self.view.widest = 340
        self.waiting = WaitingPanel(self.data)
        self.waiting.take_requested.connect(self.take_offer)
        self.summary: QMessageBox | None = None
        self.loaded = False
        self.build()
        self.view.selectionModel().currentChanged.connect(lambda *_: self._show_offers())
        hub.bookings_changed.connect(self.follow)

    def solve_call(self) -> SolveCall:
        kind = self.kind

        def solve(store: EventStore, days: tuple[dt.date, ...] | None, time_limit: float,
                  progress: Callable[[SolveProgress], None], cancel: CancelFlag) -> BookingSolveReport:
            return allocation.solve_bookings(store, kind, days, time_limit=time_limit, progress=progress, cancel=cancel)
        return solve

    # -- what the grid needs to know --------------------------------------------------------------

    @property
    def may_plan(self) -> bool:
        return self.data.may(self.plan_action)

    def days(self) -> tuple[dt.date, ...]:
        return self.data.session_days()

    def day_text(self, day: dt.date) -> str:
        return day_label(day, self.data.loaded.days)

    def load_day(self, day: dt.date | None) -> tuple[tuple[Slot, ...], tuple[int, ...], list[BookingRecord]]:
        if day is None:
            return (), self.data.resource_numbers(), []
        return self.data.slots(day), self.data.resource_numbers(), schedule.bookings(self.store, self.kind, day=day)

    def fetch(self, booking_id: str) -> BookingRecord | None:
        try:
            return schedule.booking(self.store, booking_id)
        except schedule.BookingError:
            return None

    def words(self) -> dict[str, str]:
        return {
            "hint": self.tr("Drag a booking to another time or place (or Space, the arrows, Enter). L locks, Delete "
                            "removes, Ctrl+Z undoes. A red cell says why it cannot go there."),
            "solve_tip": self.tr("Allocate the slots to the requests for every day or one day (Ctrl+R)"),
            "lock_tip": self.tr("Lock the booking where it is, so a new solve keeps it there (L)"),
            "remove_tip": self.tr("Take the booking out of the schedule (Delete; Ctrl+Z puts it back)"),
            "moved": self.tr("Moved to %1, %3, and locked there. Ctrl+Z puts it back."),
            "removed": self.tr("The booking of %1 is removed. Ctrl+Z puts it back."),
            "move": self.tr("Move the booking of %1"),
            "lock": self.tr("Lock the booking of %1"),
            "unlock": self.tr("Unlock the booking of %1"),
            "remove": self.tr("Remove the booking of %1"),
            "book": self.tr("Book %1 in a free slot"),
        }

    def who(self, booking: BookingRecord) -> str:
        return self.data.exhibitor_name(booking.exhibitor_id)

    def legend(self) -> QWidget:
        legend = QWidget()
        row = QHBoxLayout(legend)
        row.setContentsMargins(6, 0, 6, 0)
        card = QLabel(self.tr("Each card: the exhibitor (bold), the products, the host and the channel.")
                      if self.data.studio else self.tr("Each card: the exhibitor (bold) and the products."))
        card.setWordWrap(True)
        row.addWidget(card, 2)
        for status, (background, stripe) in PALETTES.items():
            chip = QLabel(self.look.status_text(status, short=True))
            chip.setStyleSheet(f"QLabel {{ background: {background}; border-left: 4px solid {stripe}; padding: 1px 6px; }}")
            row.addWidget(chip)
        marks = QLabel(self.tr("padlock: locked, a new solve keeps it"))
        marks.setWordWrap(True)
        row.addWidget(marks, 3)
        return legend

    def notes(self) -> tuple[str, str]:
        setup = self.data.loaded
        bookings = list(self.model.items.values())
        shared = sum(1 for n in Counter((b.slot, b.resource) for b in bookings if b.occupies).values() if n > 1)
        note = ""
        if not setup.sessions:
            note = self.tr("No session is set: set each day's hours on the Setup page, then solve.")
        elif not setup.resources:
            note = (self.tr("No studio set is placed: place the sets on the Setup page, then solve.") if self.data.studio
                    else self.tr("No photo corner is placed: place it on the Setup page, then solve."))
        elif not bookings:
            note = self.tr("No bookings on this day yet: Solve… (Ctrl+R) allocates the requests.")
        elif shared:
            note = fill(self.tr("%1 places hold two bookings at the same time (given away at two desks at once): move "
                                "or remove one of each (dashed red outline)."), shared)
        elif self.model.off_grid:
            note = fill(self.tr("%1 bookings of this day are at a time or place the session no longer has (it changed "
                                "after the solve): solve the day again."), len(self.model.off_grid))
        counts = fill(self.tr("%1 bookings · %2 locked · %3 waiting"), sum(1 for b in bookings if b.occupies),
                      sum(1 for b in bookings if b.fixed), len(self.waiting.waiting_ids()))
        return note, counts

    def side_panel(self) -> QWidget:
        return self.waiting

    # -- showing and following --------------------------------------------------------------------

    def reload(self, forget_steps: bool = False) -> None:
        """The kind's setup, the days, the grid and the waiting list read again."""
        self.loaded = True
        self.data.reload()
        super().reload(forget_steps)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def show_notes(self) -> None:
        self.waiting.show_waiting()  # the counts name how many wait
        super().show_notes()
        self._show_offers()

    def _show_offers(self) -> None:
        if self.model.drag is not None:
            return  # the arrows carry a booking: the cursor's cell is where it may go, not a slot to give
        index = self.view.currentIndex()
        current = None
        if index.isValid() and index.row() < len(self.model.slots):
            current = (self.model.slots[index.row()], self.model.columns[index.column()])
        self.waiting.show_offers(list(self.model.items.values()), current)

    def follow(self, change: BookingsChanged) -> None:
        """The hub's word: a solve or a setup change reloads, named bookings are patched."""
        if change.kinds and self.kind.value not in change.kinds:
            return
        if not self.loaded:
            return  # read whole when first shown
        if change.reload or change.setup:
            self.reload(forget_steps=change.setup)
            return
        self.follow_items(change.bookings)

    # -- the waiting list's offer -----------------------------------------------------------------

    def take_offer(self, offer: Offer) -> None:
        who = self.data.exhibitor_name(offer.taker.exhibitor_id)
        command = BookCommand(self.editor, self.store, offer, self.words()["book"].replace("%1", who))
        self.undo_stack.push(command)
        if command.nobody_fits:
            self.say(self.tr("Nobody waiting fits this slot any more: the waiting list changed meanwhile."), refused=True)
            self.show_day()
        elif command.item_id in self.model.items:
            self.view.setCurrentIndex(self.model.index_of(command.item_id))
            self.say(fill(self.tr("%1 is booked at %2, %3. Ctrl+Z takes it back."), who, hhmm(offer.slot.start),
                          self.data.resource_name(offer.number)))

    # -- solving ----------------------------------------------------------------------------------

    def solve_terms(self) -> SolveTerms:
        studio = self.data.studio
        return SolveTerms(
            self.tr("Allocate the studio slots") if studio else self.tr("Allocate the photo shoots"),
            self.tr("Every day with studio hours") if studio else self.tr("Every day with photo corner hours"),
            self.tr("Allocating the studio slots") if studio else self.tr("Allocating the photo shoots"),
            self.tr("Looking for the allocation that gives every exhibitor a first slot before anyone a second, then "
                    "follows the order of the requests…"),
            self.tr("Locked bookings, and bookings that took place, were missed or have results, stay where they "
                    "are. The other bookings of the days solved are replaced by the new allocation."),
            DEFAULT_TIME_LIMIT,
            lambda p: fill(self.tr("%1 exhibitors served · %2 booked"), f"{p.served:,}", f"{p.placed:,}"))

    def on_solved(self, report: BookingSolveReport) -> None:
        waiting = len(self.waiting.waiting_ids())
        solution = report.solution
        self.say(fill(self.tr("Solved: %1 bookings, %2 requests waiting."), solution.placed, waiting))
        lines = [status_text(solution.status),
                 fill(self.tr("%1 bookings for %2 exhibitors (%3 locked or settled kept); %4 requests on the waiting "
                              "list."), solution.placed, solution.exhibitors_served, report.kept, waiting)]
        lines += [translated(problem) for problem in report.problems]
        self.summary = QMessageBox(QMessageBox.Icon.Information, self.tr("Allocation"), "\n\n".join(lines),
                                   QMessageBox.StandardButton.Ok, self)
        self.summary.setObjectName("bookingSolveSummary")
        self.summary.open()
