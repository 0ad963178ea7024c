"""The booking setup's, requests' and results' refusals in the UI's language (the consultations' way: the sentences are
recognised by their shape, gui/consultations/service_text.py, and said again with their figures).

tests/gui/test_booking_texts.py makes each service raise its sentence and checks it is
recognised, so a reworded service fails a test instead of reaching a Korean desk in English.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from expo_console.gui.bookings import schedule_words
from expo_console.gui.consultations import service_text


def _patterns() -> service_text.Patterns:
    return [
        (r"An exhibitor may have between 1 and 20 slots: type a number in that range\.",
         QCoreApplication.translate("BookingText", "An exhibitor may have between 1 and 20 slots: type a number in that range.")),
        (r"Place between 1 and (\d+) sets\.", QCoreApplication.translate("BookingText", "Place between 1 and %1 sets.")),
        (r"Place between 1 and (\d+) corners\.", QCoreApplication.translate("BookingText", "Place between 1 and %1 corners.")),
        (r"The floor plan has no studio zone: draw one \(zone kind Studio\) first\.",
         QCoreApplication.translate("BookingText", "The floor plan has no studio zone: draw one (zone kind Studio) in the Floor plan workspace first.")),
        (r"The zone (.+) holds (\d+) at most, not (\d+): enlarge it on the floor plan or place fewer\.",
         QCoreApplication.translate("BookingText", "The zone %1 holds %2 at most, not %3: enlarge it on the floor plan or place fewer.")),
        (r"Number (.+) still has bookings: move them in the schedule first, or keep at least (\d+)\.",
         QCoreApplication.translate("BookingText", "Number %1 still has bookings: move them in the schedule first, or keep at least %2.")),
        (r"(\S+) is not a day of the event\.", QCoreApplication.translate("BookingText", "%1 is not a day of the event.")),
        (r"The session must end after it starts\.", QCoreApplication.translate("BookingText", "The session must end after it starts.")),
        (r"A slot lasts between 5 and 240 minutes \(40 for a broadcast, 20 for a shoot is usual\)\.",
         QCoreApplication.translate("BookingText", "A slot lasts between 5 and 240 minutes (40 for a broadcast, 20 for a shoot is usual).")),
        (r"The changeover between slots is between 0 and 120 minutes\.",
         QCoreApplication.translate("BookingText", "The changeover between slots is between 0 and 120 minutes.")),
        (r"The break at (\S+) must end after it starts\.", QCoreApplication.translate("BookingText", "The break at %1 must end after it starts.")),
        (r"Not one slot fits between the start and the end: lengthen the hours or shorten the slot\.",
         QCoreApplication.translate("BookingText", "Not one slot fits between the start and the end: lengthen the hours or shorten the slot.")),
        (r"No such exhibitor in the event: choose one from the list\.",
         QCoreApplication.translate("BookingText", "No such exhibitor in the event: choose one from the list.")),
        (r"A priority is 1 \(first\) or more; leave it empty for no priority\.",
         QCoreApplication.translate("BookingText", "A priority is 1 (first) or more; leave it empty for no priority.")),
        (r"The preferred time on (\S+) must end after it starts\.",
         QCoreApplication.translate("BookingText", "The preferred time on %1 must end after it starts.")),
        (r"The products is longer than (\d+) characters: shorten it\.",
         QCoreApplication.translate("BookingText", "The products are longer than %1 characters: shorten them.")),
        (r"The host is longer than (\d+) characters: shorten it\.",
         QCoreApplication.translate("BookingText", "The host is longer than %1 characters: shorten it.")),
        (r"The channel is longer than (\d+) characters: shorten it\.",
         QCoreApplication.translate("BookingText", "The channel is longer than %1 characters: shorten it.")),
        (r"The note is longer than (\d+) characters: shorten it\.",
         QCoreApplication.translate("BookingText", "The note is longer than %1 characters: shorten it.")),
        (r"(\d+) booking\(s\) of (\S+) would fall outside the new hours \((.+)\): move them to a slot the new hours "
         r"keep, or cancel them, then change the hours\.",
         QCoreApplication.translate("BookingText", "%1 booking(s) of %2 would fall outside the new hours (%3): move them to a "
                                    "slot the new hours keep, or cancel them, then change the hours.")),
        (r"This request has a booking under its exhibitor: another exhibitor cannot take it over\. Add a request for "
         r"the other exhibitor instead \(or remove this one's booking first\)\.",
         QCoreApplication.translate("BookingText", "This request has a booking under its exhibitor: another exhibitor cannot "
                                    "take it over. Add a request for the other exhibitor instead (or remove this one's "
                                    "booking first).")),
        (r"A request whose slot already took place \(or was marked\) cannot be withdrawn: cancel its booking "
         r"instead\.",
         QCoreApplication.translate("BookingText", "A request whose slot already took place (or was marked) cannot be withdrawn: cancel its booking "
            "instead.")),
    ]


def refusal_text(error: BaseException) -> str:
    """A refusal from the booking services in the UI's language: the setup's, the requests' and
    the results' here, the schedule's in gui/bookings/schedule_words.py."""
    text = service_text.refusal_text(error, _patterns())
    return schedule_words.translated(text) if text == str(error) else text


def recognised(text: str) -> bool:
    return service_text.recognised(text, _patterns()) or schedule_words.translated(text) != text
