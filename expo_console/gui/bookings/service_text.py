"""The booking services' refusals in the UI's language (the consultations' way: the sentences are
recognised by their shape, gui/consultations/service_text.py, and said again with their figures).

tests/gui/test_booking_texts.py makes each service raise its sentence and checks it is
recognised, so a reworded service fails a test instead of reaching a Korean desk in English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from expo_console.gui.consultations import service_text


def _patterns() -> service_text.Patterns:
    def tr(text: str) -> str:
        return QCoreApplication.translate("BookingText", text)

    return [
        (r"An exhibitor may have between 1 and 20 slots: type a number in that range\.",
         tr("An exhibitor may have between 1 and 20 slots: type a number in that range.")),
        (r"Place between 1 and (\d+) sets\.", tr("Place between 1 and %1 sets.")),
        (r"Place between 1 and (\d+) corners\.", tr("Place between 1 and %1 corners.")),
        (r"The floor plan has no studio zone: draw one \(zone kind Studio\) first\.",
         tr("The floor plan has no studio zone: draw one (zone kind Studio) in the Floor plan workspace first.")),
        (r"The zone (.+) holds (\d+) at most, not (\d+): enlarge it on the floor plan or place fewer\.",
         tr("The zone %1 holds %2 at most, not %3: enlarge it on the floor plan or place fewer.")),
        (r"Number (.+) still has bookings: move them in the schedule first, or keep at least (\d+)\.",
         tr("Number %1 still has bookings: move them in the schedule first, or keep at least %2.")),
        (r"(\S+) is not a day of the event\.", tr("%1 is not a day of the event.")),
        (r"The session must end after it starts\.", tr("The session must end after it starts.")),
        (r"A slot lasts between 5 and 240 minutes \(40 for a broadcast, 20 for a shoot is usual\)\.",
         tr("A slot lasts between 5 and 240 minutes (40 for a broadcast, 20 for a shoot is usual).")),
        (r"The changeover between slots is between 0 and 120 minutes\.",
         tr("The changeover between slots is between 0 and 120 minutes.")),
        (r"The break at (\S+) must end after it starts\.", tr("The break at %1 must end after it starts.")),
        (r"Not one slot fits between the start and the end: lengthen the hours or shorten the slot\.",
         tr("Not one slot fits between the start and the end: lengthen the hours or shorten the slot.")),
        (r"No such exhibitor in the event: choose one from the list\.",
         tr("No such exhibitor in the event: choose one from the list.")),
        (r"A priority is 1 \(first\) or more; leave it empty for no priority\.",
         tr("A priority is 1 (first) or more; leave it empty for no priority.")),
        (r"The preferred time on (\S+) must end after it starts\.",
         tr("The preferred time on %1 must end after it starts.")),
        (r"The (products|host|channel|note) is longer than (\d+) characters: shorten it\.",
         tr("The %1 is longer than %2 characters: shorten it.")),
        (r"That request was removed, perhaps on another desk: reload the list\.",
         tr("That request was removed, perhaps at another desk: the list is shown again as it is now.")),
        (r"A request whose slot already took place \(or was marked\) cannot be withdrawn: cancel its booking "
         r"instead\.",
         tr("A request whose slot already took place (or was marked) cannot be withdrawn: cancel its booking "
            "instead.")),
        (r"That booking was removed, perhaps on another desk: reload the schedule\.",
         tr("That booking was removed, perhaps at another desk: the list is shown again as it is now.")),
        (r"This slot is not free: mark the booking a no-show or cancel it first\.",
         tr("This slot is not free: mark the booking a no-show or cancel it first.")),
        (r"This request already has a slot: move that booking instead\.",
         tr("This request already has a slot: move that booking instead.")),
        (r"The slot was given to someone else meanwhile: .*",
         tr("The slot was given to someone else meanwhile: it cannot be booked again. The list is shown as it is "
            "now.")),
    ]


def refusal_text(error: BaseException) -> str:
    """A refusal from the booking services in the UI's language."""
    return service_text.refusal_text(error, _patterns())


def recognised(text: str) -> bool:
    return service_text.recognised(text, _patterns())
