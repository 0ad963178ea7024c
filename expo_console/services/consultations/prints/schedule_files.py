"""The printed schedules and the schedule's workbook, as the window and `expo-console meetings
print` ask for them: buyers' itineraries, exhibitors' schedules, the tables' door sheets,
interpreters' schedules (PDF, A4, Korean and English, the Korean font embedded), and the whole
schedule as XLSX (or CSV).

They hold buyers' names and companies, so writing one is planning the meetings
(Action.PLAN_MEETINGS) and is recorded in the access records (an export of the schedule, with
its file and how many it lists). Long work: each person's pages are drawn as they come (all
buyers is 300 pages), with progress per person and a cancel between people; a cancelled file is
never left behind (Cancelled, as a badge PDF).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Protocol, TypeVar

from expo_console.domain.access import Action
from expo_console.services.access import require
from expo_console.services.consultations.prints.book import Book, load_book
from expo_console.services.consultations.prints.door_sheets import door_sheet
from expo_console.services.consultations.prints.person_pages import PersonSheet
from expo_console.services.consultations.prints.print_run import (
    PrintError,
    PrintResult,
    audit_export,
    pdf_path,
    write_sheets,
)
from expo_console.services.consultations.prints.schedule_xlsx import write_schedule_xlsx
from expo_console.services.consultations.prints.sheets import (
    buyer_sheet,
    exhibitor_sheet,
    interpreter_sheet,
)
from expo_console.services.progress import CancelFlag, ProgressCallback, no_progress
from expo_console.storage.connection import EventStore

AUDIT_ENTITY = "meeting_schedule"  # an "export" entry's entity: services/messages.EXPORT_ACTIONS


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_Identified)


__all__ = ["AUDIT_ENTITY", "PrintError", "PrintResult", "export_schedule", "write_door_sheets",
           "write_exhibitor_schedules", "write_interpreter_schedules", "write_itineraries"]


def write_itineraries(store: EventStore, out: Path | str, buyer_ids: Sequence[str] | None = None, *,
                      day: dt.date | None = None, progress: ProgressCallback = no_progress,
                      cancel: CancelFlag | None = None) -> PrintResult:
    """Each buyer's itinerary (every buyer when `buyer_ids` is None), one or more pages each."""
    require(store, Action.PLAN_MEETINGS)
    out = pdf_path(out)
    book = _book(store, day)
    buyers = _chosen(book.setup.buyers, buyer_ids, "buyer",
                     "There are no buyers: give visitors a buyer class, or import the buyers, first.")
    meetings = sum(len(book.by_buyer.get(b.id, [])) for b in buyers)
    return _print(store, book, out, "itineraries", "Consultation itineraries",
                  (buyer_sheet(book, b) for b in buyers), len(buyers), meetings, progress, cancel)


def write_exhibitor_schedules(store: EventStore, out: Path | str, exhibitor_ids: Sequence[str] | None = None, *,
                              day: dt.date | None = None, progress: ProgressCallback = no_progress,
                              cancel: CancelFlag | None = None) -> PrintResult:
    """Each exhibitor's schedule (every exhibitor when None: those with no meeting say so)."""
    require(store, Action.PLAN_MEETINGS)
    out = pdf_path(out)
    book = _book(store, day)
    exhibitors = _chosen(book.setup.exhibitors, exhibitor_ids, "exhibitor",
                         "The event has no exhibitors: import them with the floor plan first.")
    meetings = sum(len(book.by_exhibitor.get(e.id, [])) for e in exhibitors)
    return _print(store, book, out, "exhibitors", "Exhibitor consultation schedules",
                  (exhibitor_sheet(book, e) for e in exhibitors), len(exhibitors), meetings, progress, cancel)


def write_interpreter_schedules(store: EventStore, out: Path | str, interpreter_ids: Sequence[str] | None = None,
                                *, day: dt.date | None = None, progress: ProgressCallback = no_progress,
                                cancel: CancelFlag | None = None) -> PrintResult:
    require(store, Action.PLAN_MEETINGS)
    out = pdf_path(out)
    book = _book(store, day)
    interpreters = _chosen(book.setup.interpreters, interpreter_ids, "interpreter",
                           "No interpreters are set up: add them to the consultation setup first.")
    meetings = sum(len(book.by_interpreter.get(i.id, [])) for i in interpreters)
    return _print(store, book, out, "interpreters", "Interpreter schedules",
                  (interpreter_sheet(book, i) for i in interpreters), len(interpreters), meetings, progress, cancel)


def write_door_sheets(store: EventStore, out: Path | str, tables: Sequence[int] | None = None, *,
                      day: dt.date | None = None, progress: ProgressCallback = no_progress,
                      cancel: CancelFlag | None = None) -> PrintResult:
    """A page per table per day (every table and day with a session when not narrowed)."""
    require(store, Action.PLAN_MEETINGS)
    out = pdf_path(out)
    book = _book(store, day)
    known = sorted({t.number for t in book.setup.tables} | {m.table for m in book.meetings})
    if not known:
        raise PrintError("The zone has no tables: place the consultation tables on the floor plan first.")
    chosen = sorted(set(tables)) if tables else known
    unknown = [t for t in chosen if t not in known]
    if unknown:
        raise PrintError(f"There is no table {', '.join(map(str, unknown))} in the zone: the tables are "
                         f"{known[0]}–{known[-1]}.")
    days = book.days()
    if not days:
        raise PrintError("No consultation session is set" + (f" on {day.isoformat()}" if day else "")
                         + ": set each day's hours (start, end, slot length) first.")
    pairs = [(t, d) for t in chosen for d in days]
    sheets = (sheet for t, d in pairs if (sheet := door_sheet(book, t, d)) is not None)
    meetings = sum(len(book.by_table_day.get(p, [])) for p in pairs)
    return _print(store, book, out, "tables", "Consultation table sheets", sheets, len(pairs), meetings,
                  progress, cancel)


def export_schedule(store: EventStore, out: Path | str, *, day: dt.date | None = None,
                    progress: ProgressCallback = no_progress, cancel: CancelFlag | None = None) -> PrintResult:
    """The whole schedule as XLSX (meetings, by buyer, by exhibitor, the tables' grid) or CSV."""
    require(store, Action.PLAN_MEETINGS)
    out = Path(out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise PrintError(f"Cannot export the schedule to '{out.name}': use a file name ending in .xlsx or .csv.")
    book = _book(store, day)
    progress(0, len(book.meetings))
    count = write_schedule_xlsx(book, out, cancel)
    progress(len(book.meetings), len(book.meetings))
    audit_export(store, out, AUDIT_ENTITY, "schedule", count, 0)
    return PrintResult(out, "schedule", count, 0, count)


# ---------------------------------------------------------------------------------------------

def _book(store: EventStore, day: dt.date | None) -> Book:
    book = load_book(store, day)
    if day is not None and day not in book.setup.days:
        days = book.setup.days
        span = f" ({days[0].isoformat()} to {days[-1].isoformat()})" if days else ""
        raise PrintError(f"{day.isoformat()} is not a day of the event{span}: give one of its days.")
    return book


def _chosen(everyone: Sequence[T], wanted: Sequence[str] | None, what: str, none_there: str) -> list[T]:
    """Those asked for, in the order given (everyone when None); an id that is nobody is refused."""
    if wanted is None:
        if not everyone:
            raise PrintError(none_there)
        return list(everyone)
    by_id = {person.id: person for person in everyone}
    unknown = [i for i in wanted if i not in by_id]
    if unknown:
        raise PrintError(f"No {what} with the id {', '.join(unknown)}: copy the id from the schedule's workbook "
                         "(expo-console meetings print --out FILE.xlsx: its by-buyer and by-exhibitor sheets).")
    return [by_id[i] for i in dict.fromkeys(wanted)]


def _print(store: EventStore, book: Book, out: Path, kind: str, title: str, sheets: Iterable[PersonSheet],
           total: int, meetings: int, progress: ProgressCallback, cancel: CancelFlag | None) -> PrintResult:
    documents, pages = write_sheets(store, book, out, kind=kind, title=title, sheets=sheets, total=total,
                                    entity=AUDIT_ENTITY, progress=progress, cancel=cancel)
    return PrintResult(out, kind, documents, pages, meetings)
