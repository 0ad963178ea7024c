"""The bookings schedule service behind the grid's undo steps, and the waiting list's booking.

Moves, locks, removals and their undo are the slot grid's commands (slot_grid/commands.py) over
these calls. A free slot given to the waiting list is one more step: its undo takes the booking
out again. A freed slot (a no-show, a cancellation) is given through `give_freed_slot`, which
asks the waiting list again at the moment of writing; a cell that was free all along is booked
for the request offered.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from expo_console.domain.booking_records import BookingRecord
from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import Origin
from expo_console.gui.bookings.schedule_words import refusal_text
from expo_console.gui.bookings.waiting_panel import Offer
from expo_console.gui.slot_grid.commands import GridEditor
from expo_console.services.access import AccessDenied
from expo_console.services.bookings import schedule
from expo_console.services.store import EventFileError, EventStore


class BookingWrites:
    refusals = (schedule.BookingError, AccessDenied, EventFileError)

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def move(self, booking_id: str, slot: Slot, number: int) -> object:
        return schedule.move_booking(self.store, booking_id, slot, number)

    def set_fixed(self, booking_id: str, fixed: bool) -> object:
        return schedule.set_fixed(self.store, booking_id, fixed)

    def remove(self, booking_id: str) -> object:
        return schedule.remove_booking(self.store, booking_id)

    def restore(self, record: BookingRecord) -> object:
        return schedule.restore_booking(self.store, record)

    @staticmethod
    def refusal_text(error: BaseException) -> str:
        return refusal_text(error)


class BookCommand(QUndoCommand):
    """The offer taken: the waiting request booked in the free slot; undo takes it out again."""

    def __init__(self, editor: GridEditor[BookingRecord], store: EventStore, offer: Offer, text: str) -> None:
        super().__init__(text)
        self.editor, self.store, self.offer = editor, store, offer
        self.item_id = ""
        self.nobody_fits = False  # the slot was offered, but at the moment of writing nobody waiting fit it

    def redo(self) -> None:
        offer, made = self.offer, []

        def book() -> object:
            if offer.freed is not None:
                result = schedule.give_freed_slot(self.store, offer.freed.id, offer.taker.id)
            else:
                result = schedule.add_booking(self.store, offer.taker.id, offer.slot, offer.number,
                                              origin=Origin.WAITING_LIST)
            made.append(result)
            return result

        if not self.editor.write(book) or not made or made[0] is None:
            self.nobody_fits = bool(made) and made[0] is None
            self.setObsolete(True)  # refused (said in the status line), or nobody waiting fits any more
            return
        self.item_id = made[0][0]

    def undo(self) -> None:
        if not self.editor.remove(self.item_id):
            self.setObsolete(True)
