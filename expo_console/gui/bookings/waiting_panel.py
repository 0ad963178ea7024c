"""Beside the bookings grid: the waiting list, and a free slot offered to it in one click.

The list is the requests without a booking, in the order they are offered a slot (first come
first served, or the organizer's priority), each with why it waits. Under it, the offers: every
slot of the day a no-show or a cancellation freed, and the free cell the cursor is on, each with
the first waiting request that fits it (the schedule service's `offer_for`: the same rules as
the solver) and a button that books it there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.booking_records import BookingRecord, BookingStatus, RequestRecord
from expo_console.domain.bookings import Window
from expo_console.domain.consultations import Slot
from expo_console.gui.bookings.booking_data import BookingData
from expo_console.gui.bookings.schedule_words import reason_text, waiting_count
from expo_console.gui.labels import day_label, fill, hhmm
from expo_console.gui.role_view import permit
from expo_console.services.bookings import schedule

PANEL_WIDTH = 300


@dataclass(frozen=True)
class Offer:
    slot: Slot
    number: int
    taker: RequestRecord
    freed: BookingRecord | None = None  # the no-show or cancelled booking whose slot it is


class WaitingPanel(QWidget):
    take_requested = Signal(object)  # Offer: book its taker there

    def __init__(self, data: BookingData, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bookingWaitingPanel")
        self.data = data
        self.setFixedWidth(PANEL_WIDTH)
        self.heading = QLabel()
        self.heading.setObjectName("waitingHeading")
        self.heading.setStyleSheet("QLabel { font-weight: bold; }")
        self.list = QListWidget()
        self.list.setObjectName("waitingList")
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        offers_heading = QLabel(self.tr("Free slots offered to the waiting list"))
        offers_heading.setStyleSheet("QLabel { font-weight: bold; }")
        offers_heading.setWordWrap(True)
        self.offers_box = QWidget()
        self.offers_layout = QVBoxLayout(self.offers_box)
        self.offers_layout.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.offers_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list, 3)
        layout.addWidget(offers_heading)
        layout.addWidget(scroll, 2)
        self.offers: list[Offer] = []
        self.buttons: list[QPushButton] = []  # one per offer: book its taker there
        self.texts: list[QLabel] = []  # what each offer is

    # -- the waiting list -------------------------------------------------------------------------

    def show_waiting(self) -> None:
        entries = schedule.waiting_list(self.data.store, self.data.kind, self.data.loaded)
        self.heading.setText(waiting_count(len(entries)))
        self.list.clear()
        for n, entry in enumerate(entries, start=1):
            request = entry.request
            lines = [f"{n}. {self.data.exhibitor_name(request.exhibitor_id)}"]
            if request.products:
                lines.append(f"    {request.products}")
            if request.windows:
                lines.append("    " + fill(self.tr("Prefers %1"), self.windows_text(request.windows)))
            lines.append(f"    {reason_text(entry.reason)}")
            item = QListWidgetItem("\n".join(lines))
            item.setData(Qt.ItemDataRole.UserRole, request.id)
            self.list.addItem(item)
        if not entries:
            self.list.addItem(self.tr("Nobody is waiting: every request has a slot."))

    @staticmethod
    def windows_text(windows: tuple[Window, ...]) -> str:
        """'10/4 (화) 10:00–12:00, 10/5 (수)': the preferred times as the desk reads them."""
        whole_day = (Window(dt.date.min).start, Window(dt.date.min).end)  # a window's default: any time that day
        return ", ".join(day_label(w.day) if (w.start, w.end) == whole_day
                         else f"{day_label(w.day)} {hhmm(w.start)}–{hhmm(w.end)}" for w in windows)

    def waiting_ids(self) -> list[str]:
        return [i for i in (self.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.list.count())) if i]

    # -- the offers -------------------------------------------------------------------------------

    def show_offers(self, day_bookings: list[BookingRecord], current: tuple[Slot, int] | None) -> None:
        """The day's freed slots, and the free cell under the cursor (`current`), each offered to
        the first waiting request that fits."""
        standing = {(b.slot, b.resource) for b in day_bookings if b.occupies}
        places: dict[tuple[Slot, int], BookingRecord | None] = {}
        for booking in sorted(day_bookings, key=lambda b: (b.slot.start, b.resource)):
            if not booking.occupies and (booking.slot, booking.resource) not in standing:
                places.setdefault((booking.slot, booking.resource), booking)
        if current is not None and current not in standing:
            places.setdefault(current, None)
        self.offers = []
        for (slot, number), freed in places.items():
            taker = schedule.offer_for(self.data.store, self.data.kind, slot, number)
            if taker is not None:
                self.offers.append(Offer(slot, number, taker, freed))
        self._show_offer_rows(current)

    def _show_offer_rows(self, current: tuple[Slot, int] | None) -> None:
        while self.offers_layout.count():
            widget = self.offers_layout.takeAt(0).widget()
            if widget is not None:
                widget.setParent(None)  # gone now, not at the next turn of the event loop
                widget.deleteLater()
        self.buttons, self.texts = [], []
        for offer in self.offers:
            where = f"{hhmm(offer.slot.start)} · {self.data.resource_name(offer.number)}"
            if offer.freed is not None:
                text = fill(self.tr("%1 is free: %2 did not come.") if offer.freed.status == BookingStatus.NO_SHOW
                            else self.tr("%1 is free: %2 cancelled."), where,
                            self.data.exhibitor_name(offer.freed.exhibitor_id))
            else:
                text = fill(self.tr("%1 is free."), where)
            label = QLabel(text)
            label.setWordWrap(True)
            button = QPushButton(fill(self.tr("Give it to %1"), self.data.exhibitor_name(offer.taker.exhibitor_id)))
            button.setObjectName("giveFreedSlot" if offer.freed is not None else "bookWaitingHere")
            button.setToolTip(fill(self.tr("The first on the waiting list whose preferred times hold %1"), where))
            action = Action.RECORD_OUTCOMES if offer.freed is not None else Action.PLAN_MEETINGS
            if permit(button, self.data.store, action) and self.data.store.read_only:
                button.setEnabled(False)  # a role that may not is told whom to ask by permit
            button.clicked.connect(lambda _checked=False, o=offer: self.take_requested.emit(o))
            self.offers_layout.addWidget(label)
            self.offers_layout.addWidget(button)
            self.buttons.append(button)
            self.texts.append(label)
        if not self.offers:
            note = QLabel(self.tr("No free slot to offer: a no-show or a cancellation frees one; a free cell chosen in "
                                  "the grid is offered here too.") if current is None or not self.waiting_ids()
                          else self.tr("Nobody waiting fits the chosen cell (their preferred times, their limit, or "
                                       "another booking at that time)."))
            note.setWordWrap(True)
            note.setStyleSheet("QLabel { color: #5f6368; }")
            self.offers_layout.addWidget(note)
        self.offers_layout.addStretch(1)
