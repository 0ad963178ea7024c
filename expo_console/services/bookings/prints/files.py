"""The studio's and the photo corner's prints as the window and the command line ask for them:
each exhibitor's confirmations (a page a booking), each day's running order (A4 on its side), and
the bookings with the waiting list as XLSX.

They name exhibitors, hosts and channels, so writing one is planning the bookings
(Action.PLAN_MEETINGS, as for the consultations' schedules) and is recorded in the access records
as an export of the kind's bookings. Long work reports progress per page's sheet and hears a
cancel between sheets (and every 200 rows of the workbook); a cancelled file is never left behind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from expo_console.domain.access import Action
from expo_console.domain.bookings import BookingKind
from expo_console.services.access import require
from expo_console.services.bookings import schedule
from expo_console.services.bookings.prints.book import BookingBook, load_booking_book
from expo_console.services.bookings.prints.confirmations import confirmation_sheet, no_booking_sheet
from expo_console.services.bookings.prints.labels import WORDS
from expo_console.services.bookings.prints.running_order import running_order_sheet
from expo_console.services.bookings.prints.workbook import write_bookings_xlsx
from expo_console.services.consultations.prints.page_kit import LANDSCAPE
from expo_console.services.consultations.prints.person_pages import PersonSheet
from expo_console.services.consultations.prints.print_run import (
    PrintError,
    PrintResult,
    audit_export,
    pdf_path,
    write_sheets,
)
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.storage.connection import EventStore

# An "export" entry's entity, by kind: services/messages.EXPORT_ACTIONS names them.
AUDIT_ENTITIES = {BookingKind.STUDIO: "studio_bookings", BookingKind.PHOTO: "photo_bookings"}

__all__ = ["AUDIT_ENTITIES", "PrintError", "PrintResult", "export_bookings", "write_confirmations",
           "write_running_order"]


def write_confirmations(store: EventStore, kind: BookingKind, out: Path | str,
                        exhibitor_ids: Sequence[str] | None = None, *, day: dt.date | None = None,
                        progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None) -> PrintResult:
    """A confirmation per booking, by exhibitor (every exhibitor with a booking when None; one
    asked for by id without a booking gets a page saying so)."""
    require(store, Action.PLAN_MEETINGS)
    out = pdf_path(out)
    book = _book(store, kind, day)
    words = WORDS[kind]
    sheets: list[PersonSheet] = []
    listed = 0
    for exhibitor_id in _exhibitors(book, exhibitor_ids):
        mine = [b for b in book.by_exhibitor.get(exhibitor_id, []) if b.occupies]
        exhibitor = book.exhibitor(exhibitor_id)
        if not mine and exhibitor is not None:
            sheets.append(no_booking_sheet(book, exhibitor))
        sheets += [confirmation_sheet(book, b) for b in mine]
        listed += len(mine)
    if not sheets:
        raise PrintError(f"No {words.unit_en} is booked{_on(day)} yet: allocate the slots (Solve) or add "
                         "bookings in the schedule first.")
    documents, pages = write_sheets(store, book, out, kind=f"{kind.value}_confirmations", title=words.confirmation,
                                    sheets=sheets, total=len(sheets), entity=AUDIT_ENTITIES[kind], progress=progress,
                                    cancel=cancel)
    return PrintResult(out, "confirmations", documents, pages, listed, "bookings")


def write_running_order(store: EventStore, kind: BookingKind, out: Path | str, day: dt.date | None = None, *,
                        progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None) -> PrintResult:
    """Each day's running order (the one day given, else every day with a session or a booking)."""
    require(store, Action.PLAN_MEETINGS)
    out = pdf_path(out)
    book = _book(store, kind, day)
    words = WORDS[kind]
    sheets = [sheet for d in book.days() if (sheet := running_order_sheet(book, d)) is not None]
    if not sheets:
        raise PrintError(f"No {words.unit_en} session is set{_on(day)}: set the day's hours (start, end, slot "
                         "length) in the setup first.")
    documents, pages = write_sheets(store, book, out, kind=f"{kind.value}_running_order", title=words.running_order,
                                    sheets=sheets, total=len(sheets), entity=AUDIT_ENTITIES[kind], progress=progress,
                                    cancel=cancel, paper=LANDSCAPE)
    listed = sum(1 for b in book.bookings if b.occupies)
    return PrintResult(out, "running_order", documents, pages, listed, "bookings")


def export_bookings(store: EventStore, kind: BookingKind, out: Path | str, *,
                    progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None) -> PrintResult:
    """Every booking of the kind (and the waiting list on a second sheet) as XLSX."""
    require(store, Action.PLAN_MEETINGS)
    out = Path(out)
    if out.suffix.lower() != ".xlsx":
        raise PrintError(f"Cannot export the bookings to '{out.name}': use a file name ending in .xlsx.")
    book = _book(store, kind, None)
    waiting = schedule.waiting_list(store, kind, book.setup)
    total = len(book.bookings) + len(waiting)
    progress(0, total)
    count = write_bookings_xlsx(book, waiting, out, cancel)
    progress(total, total)
    audit_export(store, out, AUDIT_ENTITIES[kind], f"{kind.value}_workbook", count, 0)
    return PrintResult(out, "workbook", count, 0, count, "bookings")


# ---------------------------------------------------------------------------------------------

def _book(store: EventStore, kind: BookingKind, day: dt.date | None) -> BookingBook:
    book = load_booking_book(store, kind, day)
    if day is not None and day not in book.setup.days:
        days = book.setup.days
        span = f" ({days[0].isoformat()} to {days[-1].isoformat()})" if days else ""
        raise PrintError(f"{day.isoformat()} is not a day of the event{span}: give one of its days.")
    return book


def _on(day: dt.date | None) -> str:
    return f" on {day.isoformat()}" if day else ""


def _exhibitors(book: BookingBook, wanted: Sequence[str] | None) -> list[str]:
    """Those asked for, in the order given; else every exhibitor with a booking, by name."""
    if wanted is None:
        booked = {b.exhibitor_id for b in book.bookings if b.occupies}
        return sorted(booked, key=lambda i: (_name(book, i), i))
    unknown = [i for i in wanted if book.exhibitor(i) is None and i not in book.by_exhibitor]
    if unknown:
        raise PrintError(f"No exhibitor with the id {', '.join(unknown)}: copy the id from the bookings' workbook "
                         "(its last column).")
    return list(dict.fromkeys(wanted))


def _name(book: BookingBook, exhibitor_id: str) -> str:
    found = book.exhibitor(exhibitor_id)
    return found.name if found else exhibitor_id
