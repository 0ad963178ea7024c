"""The schedule as a workbook (through services/table_files, the one XLSX writer): every meeting
on a row with all its names, the same meetings by buyer and by exhibitor (those without a
meeting listed too, so the SME nobody meets stands out), and a grid of tables × slots per day.

Headers are Korean and English; days, times and ids are text as the CSV gives them, so a sort
in Excel keeps them in order, a meeting id can be typed into `meetings outcome` and a buyer's or
an exhibitor's into `meetings print --buyer/--exhibitor`.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.services.consultations.prints import labels
from expo_console.services.consultations.prints.book import Book
from expo_console.services.progress import CancelFlag
from expo_console.services.table_files import Sheet, write_table, write_workbook

MEETING_HEADER = ("날짜 Date", "요일 Weekday", "시작 Start", "종료 End", "테이블 Table", "바이어 Buyer",
                  "바이어 영문 Buyer (English)", "회사 Company", "국가 Country", "언어 Language", "기업 Exhibitor",
                  "기업 영문 Exhibitor (English)", "부스 Booth", "분야 Section", "통역 Interpreter", "상태 Status",
                  "상담 ID Meeting id", "바이어 ID Buyer id", "기업 ID Exhibitor id")
MEETING_WIDTHS = (11, 9, 7, 7, 8, 16, 18, 22, 16, 14, 22, 28, 8, 16, 14, 12, 34, 34, 34)
NO_MEETING = "상담 없음 No meeting"
STATUS = {**labels.STATUS, MeetingStatus.SCHEDULED: "예정 Scheduled"}


def _meeting_row(book: Book, m: MeetingRecord) -> list[object]:
    buyer, exhibitor = book.buyer(m.buyer_id), book.exhibitor(m.exhibitor_id)
    return [m.day.isoformat(), labels.weekday(m.day), f"{m.starts:%H:%M}", f"{m.ends:%H:%M}", m.table,
            buyer.name if buyer else labels.ERASED_BUYER, buyer.name_en if buyer else "",
            buyer.company if buyer else "", labels.country(buyer.country if buyer else m.buyer_country),
            labels.language(buyer.language) if buyer else "",
            exhibitor.name if exhibitor else m.exhibitor_id, exhibitor.name_en if exhibitor else "",
            exhibitor.booth if exhibitor else "",
            labels.both_names(exhibitor.section_name, exhibitor.section_name_en) if exhibitor else "",
            book.interpreter_text(m), STATUS[m.status], m.id, m.buyer_id, m.exhibitor_id]


def cancellable(rows: Iterator[list[object]], cancel: CancelFlag | None) -> Iterator[list[object]]:
    """The rows, a cancel heard every 200 (a workbook of every meeting or booking is long)."""
    for n, row in enumerate(rows):
        if cancel is not None and n % 200 == 0:
            cancel.raise_if_set()
        yield row


def _all(book: Book) -> Iterator[list[object]]:
    for m in book.meetings:
        yield _meeting_row(book, m)


def _by_buyer(book: Book) -> Iterator[list[object]]:
    for buyer in book.setup.buyers:
        meetings = book.by_buyer.get(buyer.id, [])
        head = [buyer.name, buyer.name_en, buyer.company, labels.country(buyer.country)]
        if not meetings:
            yield [*head, "", "", "", "", "", "", "", NO_MEETING, buyer.id]
        for m in meetings:
            exhibitor = book.exhibitor(m.exhibitor_id)
            yield [*head, m.day.isoformat(), f"{m.starts:%H:%M}–{m.ends:%H:%M}", m.table,
                   exhibitor.name if exhibitor else m.exhibitor_id, exhibitor.name_en if exhibitor else "",
                   exhibitor.booth if exhibitor else "", book.interpreter_text(m), STATUS[m.status], buyer.id]


def _by_exhibitor(book: Book) -> Iterator[list[object]]:
    for exhibitor in book.setup.exhibitors:
        meetings = book.by_exhibitor.get(exhibitor.id, [])
        head = [exhibitor.name, exhibitor.name_en, exhibitor.booth]
        if not meetings:
            yield [*head, "", "", "", "", "", "", "", NO_MEETING, exhibitor.id]
        for m in meetings:
            buyer = book.buyer(m.buyer_id)
            yield [*head, m.day.isoformat(), f"{m.starts:%H:%M}–{m.ends:%H:%M}", m.table,
                   labels.both_names(buyer.name, buyer.name_en) if buyer else labels.ERASED_BUYER,
                   buyer.company if buyer else "", labels.country(buyer.country if buyer else m.buyer_country),
                   book.interpreter_text(m), STATUS[m.status], exhibitor.id]


def _grid(book: Book, tables: Sequence[int]) -> Iterator[list[object]]:
    """Per day and slot, each table's meeting as 'exhibitor ↔ buyer' (empty when free)."""
    for day in book.days():
        starts = sorted({(s.start, s.end) for s in book.slots(day)}
                        | {(m.starts, m.ends) for m in book.meetings if m.day == day})
        at = {(m.starts, m.table): m for m in book.meetings if m.day == day}
        for start, end in starts:
            cells: list[object] = []
            for table in tables:
                m = at.get((start, table))
                if m is None:
                    cells.append("")
                    continue
                exhibitor, buyer = book.exhibitor(m.exhibitor_id), book.buyer(m.buyer_id)
                cells.append(f"{exhibitor.name if exhibitor else m.exhibitor_id} ↔ "
                             f"{labels.both_names(buyer.name, buyer.name_en) if buyer else labels.ERASED_BUYER}")
            yield [day.isoformat(), f"{start:%H:%M}–{end:%H:%M}", *cells]


def write_schedule_xlsx(book: Book, out: Path, cancel: CancelFlag | None = None) -> int:
    """The workbook (or, for a .csv, the meetings alone); returns how many meetings it lists."""
    if out.suffix.lower() == ".csv":
        write_table(out, MEETING_HEADER, cancellable(_all(book), cancel), sheet="Schedule", total=len(book.meetings))
        return len(book.meetings)
    tables = sorted({t.number for t in book.setup.tables} | {m.table for m in book.meetings})
    write_workbook(out, [
        Sheet("일정 Schedule", MEETING_HEADER, cancellable(_all(book), cancel), MEETING_WIDTHS),
        Sheet("바이어별 By buyer", ("바이어 Buyer", "영문 English", "회사 Company", "국가 Country", "날짜 Date",
                                  "시간 Time", "테이블 Table", "기업 Exhibitor", "기업 영문 Exhibitor (English)",
                                  "부스 Booth", "통역 Interpreter", "상태 Status", "바이어 ID Buyer id"),
              cancellable(_by_buyer(book), cancel), (14, 18, 22, 16, 11, 12, 8, 22, 28, 8, 14, 18, 34)),
        Sheet("기업별 By exhibitor", ("기업 Exhibitor", "영문 English", "부스 Booth", "날짜 Date", "시간 Time",
                                    "테이블 Table", "바이어 Buyer", "회사 Company", "국가 Country", "통역 Interpreter",
                                    "상태 Status", "기업 ID Exhibitor id"),
              cancellable(_by_exhibitor(book), cancel), (22, 28, 8, 11, 12, 8, 22, 22, 16, 14, 18, 34)),
        Sheet("테이블 현황 Tables", ("날짜 Date", "시간 Time", *(f"테이블 {t} Table {t}" for t in tables)),
              cancellable(_grid(book, tables), cancel), (11, 12, *(30 for _ in tables))),
    ])
    return len(book.meetings)
