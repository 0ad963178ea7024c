"""A kind's bookings as a workbook (through services/table_files, the one XLSX writer): every
booking on a row with the exhibitor, the set, the request's products, host and channel, its state
and its results as the channel reported them (the photos delivered, for a shoot); the waiting list
on a second sheet, in the order it is offered a freed slot, each request with why it waits.

Headers are Korean and English; days, times and ids are text as the schedule's workbook has them,
so a sort in Excel keeps them in order and an id can be typed into the command line.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from expo_console.domain.booking_records import BookingRecord
from expo_console.domain.bookings import BookingKind, window_text
from expo_console.services.bookings.prints import labels
from expo_console.services.bookings.prints.book import BookingBook
from expo_console.services.bookings.prints.labels import WORDS
from expo_console.services.bookings.schedule import WaitingEntry
from expo_console.services.consultations.prints import labels as day_labels
from expo_console.services.consultations.prints.schedule_xlsx import cancellable
from expo_console.services.progress import CancelFlag
from expo_console.services.table_files import Sheet, write_workbook

STUDIO_RESULTS = ("시청자 Viewers", "최고 동시 시청자 Peak viewers", "주문 Orders", "매출 Sales (KRW)")
PHOTO_RESULTS = ("납품 사진 Photos delivered",)
ANY_TIME = "언제든 Any time"


def _exhibitor(book: BookingBook, exhibitor_id: str) -> list[object]:
    """Name, English name, booth."""
    found = book.exhibitor(exhibitor_id)
    return [found.name, found.name_en, found.booth] if found else [exhibitor_id, "", ""]


def _booking_row(book: BookingBook, b: BookingRecord) -> list[object]:
    request = book.request(b)
    found = book.exhibitor(b.exhibitor_id)
    sector = day_labels.both_names(found.sector, found.sector_en) if found else ""
    row: list[object] = [b.day.isoformat(), day_labels.weekday(b.day), f"{b.starts:%H:%M}", f"{b.ends:%H:%M}",
                         b.resource, labels.resource_name(book.resource(b.resource)),
                         *_exhibitor(book, b.exhibitor_id), sector, request.products if request else ""]
    if book.kind == BookingKind.STUDIO:
        row += [request.host if request else "", request.channel if request else ""]
    row += [labels.status(book.kind, b.status), "예 Yes" if b.fixed else ""]
    row += ([b.viewers, b.peak_viewers, b.orders, b.sales_krw] if book.kind == BookingKind.STUDIO
            else [b.photos_delivered])
    return [*row, b.note, b.id, b.request_id or "", b.exhibitor_id]


def _booking_header(kind: BookingKind) -> tuple[tuple[str, ...], tuple[float, ...]]:
    words = WORDS[kind]
    studio = kind == BookingKind.STUDIO
    header = ("날짜 Date", "요일 Weekday", "시작 Start", "종료 End", f"{words.resource_ko} {words.resource_en}",
              f"{words.resource_ko} 이름 {words.resource_en} name", "기업 Exhibitor", "기업 영문 Exhibitor (English)",
              "부스 Booth", "분야 Sector", "제품 Products", *(("진행자 Host", "채널 Channel") if studio else ()),
              "상태 Status", "고정 Locked", *(STUDIO_RESULTS if studio else PHOTO_RESULTS), "메모 Note",
              "예약 ID Booking id", "요청 ID Request id", "기업 ID Exhibitor id")
    widths = (11, 9, 7, 7, 7, 14, 22, 28, 8, 16, 30, *((14, 18) if studio else ()), 14, 8,
              *((10, 12, 8, 14) if studio else (12,)), 20, 34, 34, 34)
    return header, widths


def _waiting_rows(book: BookingBook, waiting: Sequence[WaitingEntry]) -> Iterator[list[object]]:
    zone = ZoneInfo(book.time_zone)
    for n, entry in enumerate(waiting, start=1):
        r = entry.request
        asked = f"{r.requested_at.astimezone(zone):%Y-%m-%d %H:%M}" if r.requested_at else ""
        row: list[object] = [n, *_exhibitor(book, r.exhibitor_id), window_text(r.windows) or ANY_TIME, r.products]
        if book.kind == BookingKind.STUDIO:
            row += [r.host, r.channel]
        yield [*row, r.priority, asked, labels.WAITING[entry.reason], r.id, r.exhibitor_id]


def _waiting_header(kind: BookingKind) -> tuple[tuple[str, ...], tuple[float, ...]]:
    studio = kind == BookingKind.STUDIO
    header = ("순번 No.", "기업 Exhibitor", "기업 영문 Exhibitor (English)", "부스 Booth", "희망 시간 Preferred times",
              "제품 Products", *(("진행자 Host", "채널 Channel") if studio else ()), "우선순위 Priority",
              "요청 시각 Requested at", "사유 Why waiting", "요청 ID Request id", "기업 ID Exhibitor id")
    widths = (7, 22, 28, 8, 28, 30, *((14, 18) if studio else ()), 9, 17, 30, 34, 34)
    return header, widths


def write_bookings_xlsx(book: BookingBook, waiting: Sequence[WaitingEntry], out: Path,
                        cancel: CancelFlag | None = None) -> int:
    """The workbook; returns how many bookings it lists."""
    words = WORDS[book.kind]
    header, widths = _booking_header(book.kind)
    waiting_header, waiting_widths = _waiting_header(book.kind)
    write_workbook(out, [
        Sheet(f"{words.unit_ko} {words.unit_en.capitalize()}s", header,
              cancellable((_booking_row(book, b) for b in book.bookings), cancel), widths),
        Sheet("대기 Waiting list", waiting_header, cancellable(_waiting_rows(book, waiting), cancel), waiting_widths),
    ])
    return len(book.bookings)
