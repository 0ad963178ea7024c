"""The studio's and the photo corner's bookings on the slot grid: a row per slot, a column per set or
corner, a card per booking.

A card: the exhibitor (bold), the products, and for a broadcast the host and the channel; its
colours say booked, held, no-show or cancelled. A no-show or a cancellation frees its cell, so the
booking the waiting list is given there is drawn over it. The drag check decides with the same
rule as the schedule service (domain.bookings.double_bookings over the day's standing bookings),
on a copy made when the drag starts, and says the clash with names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from PySide6.QtCore import QObject

from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import Booking, double_bookings
from expo_console.domain.consultations import Slot
from expo_console.gui.bookings.booking_data import BookingData
from expo_console.gui.labels import fill, hhmm
from expo_console.gui.slot_grid.look import CANCELLED, HELD, NO_SHOW, SCHEDULED, Card, Palette

PALETTES: dict[BookingStatus, Palette] = {BookingStatus.BOOKED: SCHEDULED, BookingStatus.HELD: HELD,
                                          BookingStatus.NO_SHOW: NO_SHOW, BookingStatus.CANCELLED: CANCELLED}


class BookingLook(QObject):
    """What the slot grid asks of a booking (slot_grid.look.ItemLook)."""

    def __init__(self, data: BookingData, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.data = data

    def status_text(self, status: BookingStatus, short: bool = False) -> str:
        """The state in a word (the legend), or as the tooltip says it."""
        if short or status in (BookingStatus.BOOKED, BookingStatus.HELD):
            return {BookingStatus.BOOKED: self.tr("Booked"), BookingStatus.HELD: self.tr("Took place"),
                    BookingStatus.NO_SHOW: self.tr("No-show"), BookingStatus.CANCELLED: self.tr("Cancelled")}[status]
        if status == BookingStatus.NO_SHOW:
            return self.tr("No-show: the slot is free for the waiting list")
        return self.tr("Cancelled: the slot is free for the waiting list")

    def item_id(self, booking: BookingRecord) -> str:
        return booking.id

    def place(self, booking: BookingRecord) -> tuple[Slot, int]:
        return booking.slot, booking.resource

    def active(self, booking: BookingRecord) -> bool:
        return booking.occupies

    def fixed(self, booking: BookingRecord) -> bool:
        return booking.fixed

    def held_in_place(self, booking: BookingRecord) -> str:
        if not booking.settled:
            return ""
        return self.tr("This booking took place, was missed or has results: it stays where it happened.")

    def card(self, booking: BookingRecord) -> Card:
        request = self.data.request(booking.request_id)
        lines = [request.products if request is not None else ""]
        if self.data.studio:
            lines.append(" · ".join(t for t in (request.host, request.channel) if t) if request is not None else "")
        return Card(self.data.exhibitor_name(booking.exhibitor_id), tuple(lines), PALETTES[booking.status],
                    struck=not booking.occupies, fixed=booking.fixed)

    def column_title(self, number: int) -> str:
        return self.data.resource_name(number)

    def where(self, slot: Slot, number: int, long: bool = False) -> str:
        if long:
            return fill(self.tr("%1–%2 · %3"), hhmm(slot.start), hhmm(slot.end), self.data.resource_name(number))
        return fill(self.tr("%1, %2"), hhmm(slot.start), self.data.resource_name(number))

    def details(self, booking: BookingRecord) -> list[str]:
        request = self.data.request(booking.request_id)
        lines = [fill(self.tr("Exhibitor: %1"), self.data.exhibitor_name(booking.exhibitor_id))]
        if request is not None:
            if request.booth:
                lines[-1] += f" · {request.booth}"
            if request.products:
                lines.append(fill(self.tr("Products: %1"), request.products))
            if self.data.studio and request.host:
                lines.append(fill(self.tr("Host: %1"), request.host))
            if self.data.studio and request.channel:
                lines.append(fill(self.tr("Channel: %1"), request.channel))
        lines.append(self.status_text(booking.status))
        return lines

    def crowded_text(self) -> str:
        return self.tr("Two bookings share this place and time (given away at two desks at once): move or remove one.")

    def check(self, day_bookings: Sequence[BookingRecord], moved: BookingRecord) -> BookingCheck:
        return BookingCheck(self.data, list(day_bookings), moved)


class BookingCheck(QObject):
    """What a dragged booking would collide with, asked at every cell the mouse enters."""

    def __init__(self, data: BookingData, day_bookings: list[BookingRecord], moved: BookingRecord) -> None:
        super().__init__()
        self.data, self.moved = data, moved
        self.at: dict[Slot, list[BookingRecord]] = defaultdict(list)  # the standing bookings by slot
        for booking in day_bookings:
            if booking.occupies and booking.id != moved.id:
                self.at[booking.slot].append(booking)

    def problems(self, slot: Slot, number: int) -> list[str]:
        """Empty when the booking may go to (slot, number); else each clash as a sentence."""
        moved = self.moved
        if (slot, number) == (moved.slot, moved.resource):
            return []
        here = [b.as_booking() for b in self.at.get(slot, [])]
        placed = Booking(moved.request_id or moved.id, moved.exhibitor_id, slot, number)
        already = set(double_bookings(here))  # a clash two desks made there is not this drag's
        if not [c for c in double_bookings([*here, placed]) if c not in already and not c.startswith("Request ")]:
            return [] if number in self.data.resource_numbers() else [self._no_resource(number)]
        found = [fill(self.tr("%1 is taken at this time, by %2."), self.data.resource_name(number),
                      self.data.exhibitor_name(b.exhibitor_id)) for b in self.at[slot] if b.resource == number]
        found += [fill(self.tr("%1 already has a booking at this time, at %2."), self.data.exhibitor_name(b.exhibitor_id),
                       self.data.resource_name(b.resource)) for b in self.at[slot] if b.exhibitor_id == moved.exhibitor_id]
        return found

    def _no_resource(self, number: int) -> str:
        return fill(self.tr("There is no %1: place it on the Setup page first."), self.data.resource_name(number))
