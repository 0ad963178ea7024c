"""A door sheet: one table's day, slot by slot, to tape on the table.

The table's number is printed large, to be read from across the zone; under it every slot of
the day's session in order, with who meets whom there (the exhibitor by both names and booth,
the buyer with company and country, the interpreter), a free slot marked free (a walk-in can
be placed there) and the session's breaks where they fall. A meeting at a time that is no
longer a slot of the session (the hours changed after it was placed) is still listed.
"""

from __future__ import annotations

import datetime as dt

from expo_console.domain.meeting_records import MeetingRecord
from expo_console.services.consultations.prints import labels
from expo_console.services.consultations.prints.book import Book
from expo_console.services.consultations.prints.page_kit import MUTED, Cell, Column, Line
from expo_console.services.consultations.prints.person_pages import DayTable, PersonSheet
from expo_console.services.consultations.prints.sheets import (
    booth_cell,
    buyer_country_cell,
    buyer_name_cell,
    exhibitor_cell,
    interpreter_cell,
    time_cell,
)

_BREAK_LINE = Line(labels.BREAK, size=9, colour=MUTED)
DOOR_COLUMNS = (Column("시간 Time", 0.14), Column("상담 기업 Exhibitor", 0.34), Column("바이어 Buyer", 0.34),
                Column("통역 Interpreter", 0.18))


def door_sheet(book: Book, table: int, day: dt.date) -> PersonSheet | None:
    """The table's sheet for the day; None when the day has neither a slot nor a meeting there."""
    meetings = {m.starts: m for m in book.by_table_day.get((table, day), [])}
    slots = {s.start: s.end for s in book.slots(day)}
    rows: list[tuple[dt.time, tuple[Cell, ...]]] = []
    for starts in sorted(set(slots) | set(meetings)):
        meeting = meetings.get(starts)
        rows.append((starts, _meeting_row(book, meeting) if meeting is not None else _free_row(starts, slots[starts])))
    for starts, ends in book.breaks(day):
        rows.append((starts, _break_row(starts, ends)))
    if not rows:
        return None
    rows.sort(key=lambda r: r[0])
    breaks = frozenset(n for n, (_starts, cells) in enumerate(rows) if cells[1] == (_BREAK_LINE,))
    zone = labels.both_names(book.zone.name, book.zone.name_en) if book.zone is not None else ""
    count = len(meetings)
    details = tuple(d for d in (zone, labels.day_heading(day),
                                f"상담 {count}건 · {count} meeting{'s' if count != 1 else ''}") if d)
    return PersonSheet(f"테이블 Table {table} · {labels.day_short(day)}", "상담 테이블 일정  Table schedule",
                       f"테이블 {table}번 · Table {table}", details, DOOR_COLUMNS,
                       (DayTable(day, tuple(cells for _starts, cells in rows), breaks),), "",
                       frozenset({table}), big_number=str(table), show_map=False, day_headings=False)


def _meeting_row(book: Book, meeting: MeetingRecord) -> tuple[Cell, ...]:
    """Three short lines a side, so that a day of 13 slots stays on one page."""
    buyer = book.buyer(meeting.buyer_id)
    company = (Line(buyer.company, size=8),) if buyer is not None and buyer.company else ()
    where = " · ".join(line.text for line in buyer_country_cell(book, meeting))
    exhibitor = exhibitor_cell(book, meeting) + tuple(Line(f"부스 Booth {line.text}", size=7, colour=MUTED)
                                                      for line in booth_cell(book, meeting)[:1] if line.text != "—")
    return (time_cell(meeting), exhibitor,
            buyer_name_cell(book, meeting) + company + (Line(where, size=7, colour=MUTED),),
            interpreter_cell(book, meeting))


def _free_row(starts: dt.time, ends: dt.time) -> tuple[Cell, ...]:
    free = (Line(labels.FREE_SLOT, size=9, colour=MUTED),)
    return ((Line(labels.time_range(starts, ends), bold=True, size=9.5),), free, (), ())


def _break_row(starts: dt.time, ends: dt.time) -> tuple[Cell, ...]:
    return (Line(labels.time_range(starts, ends), size=9, colour=MUTED),), (_BREAK_LINE,), (), ()
