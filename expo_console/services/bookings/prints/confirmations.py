"""An exhibitor's confirmation of one booking, a page each: what it is (a live-commerce broadcast,
a product photo shoot), when, where (the place the organizer gives, the zone, the set or corner
by number and name, and the zone's map with it filled in), what to bring (the organizer's list
and the products the request named) and, for the studio, the host, the channel and from when the
studio's gate lets their staff in.

It is a person_pages sheet like a buyer's itinerary: the exhibitor's name large beside the map,
then the booking as a table of what and detail, so it looks like the rest of the event's paper.
"""

from __future__ import annotations

from expo_console.domain.booking_records import ENTRY_BEFORE_MINUTES, BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings.prints import labels
from expo_console.services.bookings.prints.book import BookingBook
from expo_console.services.bookings.prints.labels import WORDS
from expo_console.services.bookings.setup import ExhibitorNames
from expo_console.services.consultations.prints import labels as day_labels
from expo_console.services.consultations.prints.page_kit import MUTED, Cell, Column, Line
from expo_console.services.consultations.prints.person_pages import DayTable, PersonSheet

COLUMNS = (Column("항목 Item", 0.22), Column("내용 Details", 0.78))
# The page's last lines: Korean, then English.
NOTES = {
    BookingKind.STUDIO: ("늦게 오시면 예약이 대기 기업에게 넘어갈 수 있습니다. 변경은 운영 데스크로 문의해 주세요. "
                         "If you are late, your slot may be given to the waiting list; to change it, ask the "
                         "organizer's desk."),
    BookingKind.PHOTO: ("촬영 시작 5분 전까지 사진촬영 코너에 와 주세요. 늦게 오시면 예약이 대기 기업에게 넘어갈 수 "
                        "있습니다. 변경은 운영 데스크로 문의해 주세요. Please be at the photo corner 5 minutes before "
                        "your shoot; if you are late, your slot may be given to the waiting list. To change it, ask "
                        "the organizer's desk."),
}


def _label(ko: str, en: str) -> Cell:
    return (Line(ko, bold=True, size=10), Line(en, size=8, colour=MUTED))


def _text(value: str, *, bold: bool = False, size: float = 10) -> Cell:
    return (Line(value.strip() or "—", bold=bold, size=size),)


def _names(book: BookingBook, booking: BookingRecord) -> tuple[str, ExhibitorNames | None]:
    exhibitor = book.exhibitor(booking.exhibitor_id)
    name = day_labels.both_names(exhibitor.name, exhibitor.name_en) if exhibitor else booking.exhibitor_id
    return name, exhibitor


def _where(book: BookingBook, booking: BookingRecord) -> Cell:
    """The organizer's place, the zone, the set (corner) by number and name."""
    lines = []
    place = book.setup.rules.place
    if place:
        lines.append(Line(place, bold=True, size=10.5))
    if book.zone is not None:
        lines.append(Line(day_labels.both_names(book.zone.name, book.zone.name_en), size=10))
    name = labels.resource_name(book.resource(booking.resource))
    lines.append(Line(labels.resource_label(book.kind, booking.resource) + (f" ({name})" if name else ""),
                      bold=True, size=12))
    return tuple(lines)


def _entry(booking: BookingRecord) -> Cell:
    opens = labels.entry_time(booking.starts)
    return (Line(f"{opens:%H:%M}부터 입장 · Entry from {opens:%H:%M}", bold=True, size=11),
            Line(f"방송 시작 {ENTRY_BEFORE_MINUTES}분 전부터 방송이 끝날 때까지 스튜디오 출입구에서 입장할 수 있습니다. "
                 f"The studio's gate lets your staff in from {ENTRY_BEFORE_MINUTES} minutes before the broadcast "
                 "until its end; please bring your exhibitor badges.", size=8.5, colour=MUTED))


def _bring(book: BookingBook, products: str) -> Cell:
    lines = [Line(products.strip(), bold=True, size=10)] if products.strip() else []
    lines += [Line(part.strip(), size=9.5) for part in book.setup.rules.bring.splitlines() if part.strip()]
    return tuple(lines) or _text("")


def confirmation_sheet(book: BookingBook, booking: BookingRecord) -> PersonSheet:
    words = WORDS[book.kind]
    name, exhibitor = _names(book, booking)
    request = book.request(booking)
    when = f"{day_labels.day_short(booking.day)} {day_labels.time_range(booking.starts, booking.ends)}"
    booth = f"부스 Booth {exhibitor.booth}" if exhibitor and exhibitor.booth else "부스 없음 No booth"
    sector = day_labels.both_names(exhibitor.sector, exhibitor.sector_en) if exhibitor else ""
    details = (booth + (f" · {sector}" if sector else ""), words.what, when,
               labels.resource_label(book.kind, booking.resource))
    rows: list[tuple[Cell, ...]] = [
        (_label("일시", "Date and time"),
         (Line(day_labels.day_heading(booking.day), bold=True, size=10.5),
          Line(day_labels.time_range(booking.starts, booking.ends), bold=True, size=18))),
    ]
    if book.kind == BookingKind.STUDIO:
        rows.append((_label("입장", "Entry"), _entry(booking)))
    rows.append((_label("장소", "Place"), _where(book, booking)))
    rows.append((_label("제품 · 준비물", "Products, what to bring"), _bring(book, request.products if request else "")))
    if book.kind == BookingKind.STUDIO:
        rows.append((_label("진행자", "Host"), _text(request.host if request and request.host else labels.TO_CONFIRM)))
        rows.append((_label("채널", "Channel"),
                     _text(request.channel if request and request.channel else labels.TO_CONFIRM, bold=True)))
    if booking.status != BookingStatus.BOOKED:
        rows.append((_label("상태", "Status"), _text(labels.status(book.kind, booking.status), bold=True)))
    return PersonSheet(f"{name} · {when}", words.confirmation, name, details, COLUMNS,
                       (DayTable(booking.day, tuple(rows)),), "", frozenset({booking.resource}), NOTES[book.kind],
                       day_headings=False)


def no_booking_sheet(book: BookingBook, exhibitor: ExhibitorNames) -> PersonSheet:
    """An exhibitor asked for by name who has no booking of the kind: a page that says so."""
    words = WORDS[book.kind]
    name = day_labels.both_names(exhibitor.name, exhibitor.name_en)
    booth = f"부스 Booth {exhibitor.booth}" if exhibitor.booth else "부스 없음 No booth"
    return PersonSheet(name, words.confirmation, name, (booth, words.what), COLUMNS, (),
                       f"예약된 {words.unit_ko}이 없습니다. No {words.unit_en} is booked for your company: "
                       "ask the organizer's desk about the waiting list.", show_map=False)
