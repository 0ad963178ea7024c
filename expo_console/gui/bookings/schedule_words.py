"""The bookings schedule service's and solver's sentences, said again in the UI's language.

The services raise and report plain English sentences (as the consultations' do, see
gui/consultations/service_text.py). The grid checks a clash itself, with names, before it
writes; the service's clash sentences reach the desk only when another desk changed the schedule
after the grid read it, so they are said as one sentence that says so. A sentence not recognised
is shown as it came.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication

from expo_console.domain.bookings import WaitingReason
from expo_console.gui.labels import error_text, fill

# a move, a restore or a booking refused for a clash: the service's sentences joined by spaces
_CLASHES = re.compile(r"^(?:(?:Resource \d+|.+?) is booked \d+ times at [\d-]+ [\d:]+\. ?"
                      r"|There is no number \d+ here: place it in Setup first\. ?"
                      r"|[\d:]+ on [\d-]+ is not a slot of the session\. ?)+$")


def _sentences() -> dict[str, str]:
    return {
        "That booking was removed, perhaps on another desk: reload the schedule.":
            QCoreApplication.translate("BookingScheduleWords", "This booking is no longer in the schedule: it was removed, perhaps at another desk."),
        "That request was removed, perhaps on another desk: reload the list.":
            QCoreApplication.translate("BookingScheduleWords", "This request is no longer on the list: it was removed, perhaps at another desk."),
        "This request already has a slot: move that booking instead.":
            QCoreApplication.translate("BookingScheduleWords", "This request already has a slot: move that booking instead."),
        "The request offered this slot is no longer waiting (it was booked or withdrawn, perhaps at another desk): "
        "look at the offer again.":
            QCoreApplication.translate("BookingScheduleWords", "The request offered this slot is no longer waiting: it was booked or "
                                       "withdrawn, perhaps at another desk. Look at the offer again."),
        "This slot is not free: mark the booking a no-show or cancel it first.":
            QCoreApplication.translate("BookingScheduleWords", "This slot is not free: mark the booking a no-show or cancel it first."),
        "This booking took place or has results: mark it cancelled instead of removing it.":
            QCoreApplication.translate("BookingScheduleWords", "This booking took place or has results: mark it cancelled instead of removing it."),
        "No sessions: add the days' hours in Setup so that there are slots to book.":
            QCoreApplication.translate("BookingScheduleWords", "No sessions: add the days' hours on the Setup page so that there are slots to book."),
        "No sets or corners: add at least one in Setup.":
            QCoreApplication.translate("BookingScheduleWords", "No sets or corners: add at least one on the Setup page."),
        "No requests: import the exhibitors' requests or add them.":
            QCoreApplication.translate("BookingScheduleWords", "No requests: import the exhibitors' requests or add them on the Requests page."),
        "The limit per exhibitor is 0: raise it to at least 1 in Setup.":
            QCoreApplication.translate("BookingScheduleWords", "The limit per exhibitor is 0: raise it to at least 1 on the Setup page."),
    }


def translated(text: str) -> str:
    """One service sentence (or the clashes an edit was refused for) in the UI's language."""
    stripped = text.strip()
    known = _sentences().get(stripped)
    if known is not None:
        return known
    if stripped.startswith("The slot was given to someone else meanwhile: ") or _CLASHES.match(stripped):
        return QCoreApplication.translate("BookingScheduleWords", "Not done: it would clash with another booking. The schedule "
                                                    "changed meanwhile, perhaps at another desk; it is shown again as "
                                                    "it is now.")
    return text


def refusal_text(error: BaseException) -> str:
    """A refusal from the bookings services, or any other the window translates already."""
    text = error_text(error)
    return translated(text) if text == str(error) else text


def reason_text(reason: WaitingReason) -> str:
    """Why a request waits, as the waiting list says it."""
    return {WaitingReason.NO_SLOT_IN_WINDOWS: QCoreApplication.translate(
                "BookingScheduleWords", "No slot of the sessions lies in the preferred times"),
            WaitingReason.LIMIT_REACHED: QCoreApplication.translate(
                "BookingScheduleWords", "The exhibitor has as many slots as one may"),
            WaitingReason.NO_ROOM: QCoreApplication.translate(
                "BookingScheduleWords", "Every slot that suits it is taken")}[reason]


def waiting_count(count: int) -> str:
    return fill(QCoreApplication.translate("BookingScheduleWords", "Waiting list (%1)"), count)
