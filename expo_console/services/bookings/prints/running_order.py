"""A day's running order for the studio's crew (or the photo corner's), A4 on its side: every slot
of the day's session on every set, in time order, with who is on (the exhibitor by both names,
its booth), what they show, the host and the channel (the studio's), and the booking's state; a
free slot is marked free (the waiting list can take it) and the session's breaks sit where they
fall. A booking at a time that is no longer a slot (the hours changed after it was placed) is
still listed.

The day is the page's heading, large; a day that runs over pages repeats it (continued) with the
columns, and each page says which of the day's it is.
"""

from __future__ import annotations

import datetime as dt

from reportlab.lib.colors import black

from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings.prints import labels
from expo_console.services.bookings.prints.book import BookingBook
from expo_console.services.bookings.prints.labels import WORDS
from expo_console.services.consultations.prints import labels as day_labels
from expo_console.services.consultations.prints.page_kit import LANDSCAPE, MUTED, Cell, Column, Line
from expo_console.services.consultations.prints.person_pages import DayTable, PersonSheet

_TIME, _BOOTH, _STATUS = Column("시간 Time", 0.09), Column("부스 Booth", 0.07), Column("상태 Status", 0.10)
STUDIO_COLUMNS = (_TIME, Column("세트 Set", 0.08), Column("기업 Exhibitor", 0.20), _BOOTH,
                  Column("제품 Products", 0.23), Column("진행자 Host", 0.10), Column("채널 Channel", 0.13), _STATUS)
PHOTO_COLUMNS = (_TIME, Column("코너 Corner", 0.08), Column("기업 Exhibitor", 0.27), _BOOTH,
                 Column("제품 Products", 0.39), _STATUS)
_BREAK = Line(day_labels.BREAK, size=9, colour=MUTED)


def _time(starts: dt.time, ends: dt.time, *, bold: bool = True) -> Cell:
    return (Line(day_labels.time_range(starts, ends), bold=bold, size=10),)


def _resource(book: BookingBook, number: int) -> Cell:
    cell = [Line(str(number), bold=True, size=12)]
    name = labels.resource_name(book.resource(number))
    if name:
        cell.append(Line(name, size=7, colour=MUTED))
    return tuple(cell)


def _booking_row(book: BookingBook, booking: BookingRecord) -> tuple[Cell, ...]:
    exhibitor = book.exhibitor(booking.exhibitor_id)
    request = book.request(booking)
    who: Cell = (Line(booking.exhibitor_id, size=8),)
    if exhibitor is not None:
        who = (Line(exhibitor.name, bold=True, size=9.5),) + (
            (Line(exhibitor.name_en, size=7.5, colour=MUTED),) if exhibitor.name_en != exhibitor.name else ())
    booth = (Line(exhibitor.booth if exhibitor and exhibitor.booth else "—", bold=True, size=10),)
    products = (Line(request.products if request and request.products else "—", size=9),)
    state = (Line(labels.status(book.kind, booking.status), bold=booking.status != BookingStatus.BOOKED, size=8.5,
                  colour=black if booking.occupies else MUTED),)
    row = [_time(booking.starts, booking.ends), _resource(book, booking.resource), who, booth, products]
    if book.kind == BookingKind.STUDIO:
        row += [(Line(request.host if request and request.host else "—", size=9),),
                (Line(request.channel if request and request.channel else "—", bold=True, size=9),)]
    return (*row, state)


def _blank(book: BookingBook, times: Cell, second: Cell, first: Cell) -> tuple[Cell, ...]:
    """A row without a booking: the time, the set (or nothing), `first` in the exhibitor's column."""
    empty = len(STUDIO_COLUMNS if book.kind == BookingKind.STUDIO else PHOTO_COLUMNS) - 3
    return (times, second, first, *(() for _ in range(empty)))


def running_order_sheet(book: BookingBook, day: dt.date) -> PersonSheet | None:
    """The day's running order; None when the day has neither a slot nor a booking."""
    words = WORDS[book.kind]
    at: dict[tuple[dt.time, int], list[BookingRecord]] = {}
    for booking in book.by_day.get(day, []):
        at.setdefault((booking.starts, booking.resource), []).append(booking)
    slots = {s.start: s.end for s in book.slots(day)}
    resources = book.resource_numbers(day)
    rows: list[tuple[tuple[dt.time, int], tuple[Cell, ...]]] = []
    for starts in sorted(set(slots) | {s for s, _r in at}):
        for number in resources:
            placed = at.get((starts, number), [])
            rows += [((starts, number), _booking_row(book, b)) for b in placed]
            if starts in slots and not any(b.occupies for b in placed):
                free = (Line(day_labels.FREE_SLOT, size=9, colour=MUTED),)
                rows.append(((starts, number), _blank(book, _time(starts, slots[starts], bold=False),
                                                      _resource(book, number), free)))
    for starts, ends in book.breaks(day):
        rows.append(((starts, -1), _blank(book, _time(starts, ends, bold=False), (), (_BREAK,))))
    if not rows:
        return None
    rows.sort(key=lambda r: r[0])
    breaks = frozenset(n for n, (key, _cells) in enumerate(rows) if key[1] == -1)
    booked = sum(1 for b in book.by_day.get(day, []) if b.occupies)
    session = next((s for s in book.setup.sessions if s.day == day), None)
    pace = ""
    if session is not None and session.gap_minutes:
        pace = (f"{session.slot_minutes}분 + 전환 {session.gap_minutes}분 · {session.slot_minutes} min + "
                f"{session.gap_minutes} min changeover")
    elif session is not None:
        pace = f"{session.slot_minutes}분 · {session.slot_minutes} min"
    zone = day_labels.both_names(book.zone.name, book.zone.name_en) if book.zone is not None else ""
    details = tuple(d for d in (" · ".join(p for p in (book.setup.rules.place, zone) if p),
                                f"{words.resource_ko} {len(resources)}개 · {len(resources)} "
                                f"{words.resource_en.lower()}{'s' if len(resources) != 1 else ''}",
                                " · ".join(p for p in (labels.count(book.kind, booked), pace) if p)) if d)
    columns = STUDIO_COLUMNS if book.kind == BookingKind.STUDIO else PHOTO_COLUMNS
    return PersonSheet(f"{words.running_order.split('  ')[0]} · {day_labels.day_short(day)}", words.running_order,
                       day_labels.day_heading(day), details, columns,
                       (DayTable(day, tuple(cells for _key, cells in rows), breaks),), "", show_map=False,
                       day_headings=False, paper=LANDSCAPE)
