"""What each person's schedule says: a buyer's itinerary, an exhibitor's schedule, an
interpreter's schedule, as `PersonSheet`s that person_pages draws.

A buyer reads where to go (table, the exhibitor by both names, its booth, who interprets); an
exhibitor reads whom it meets (the buyer, their company and country, who interprets); an
interpreter reads both sides. A buyer erased since the schedule was made is named as erased.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby

from expo_console.domain.meeting_records import MeetingRecord, MeetingStatus
from expo_console.services.consultations.prints import labels
from expo_console.services.consultations.prints.book import Book
from expo_console.services.consultations.prints.page_kit import MUTED, Cell, Column, Line
from expo_console.services.consultations.prints.person_pages import DayTable, PersonSheet
from expo_console.services.consultations.setup import BuyerInfo, ExhibitorInfo, InterpreterInfo

BUYER_COLUMNS = (Column("시간 Time", 0.15), Column("테이블 Table", 0.10), Column("상담 기업 Exhibitor", 0.43),
                 Column("부스 Booth", 0.14), Column("통역 Interpreter", 0.18))
EXHIBITOR_COLUMNS = (Column("시간 Time", 0.14), Column("테이블 Table", 0.09), Column("바이어 Buyer", 0.22),
                     Column("회사 Company", 0.25), Column("국가 Country", 0.14), Column("통역 Interpreter", 0.16))
INTERPRETER_COLUMNS = (Column("시간 Time", 0.14), Column("테이블 Table", 0.09), Column("바이어 Buyer", 0.27),
                       Column("국가 Country", 0.14), Column("상담 기업 Exhibitor", 0.26), Column("부스 Booth", 0.10))
ASK_AT_THE_DESK = ("상담을 원하시면 구매상담존 안내데스크에 문의해 주세요. "
                   "To meet an exhibitor, please ask at the consultation zone's desk.")
ARRIVE_EARLY = ("상담 시작 5분 전까지 테이블에 와 주세요. "
                "Please be at your table 5 minutes before each meeting.")


def _count(meetings: Sequence[MeetingRecord]) -> str:
    n = len(meetings)
    return f"상담 {n}건 · {n} meeting{'s' if n != 1 else ''}"


def _days(book: Book, meetings: Sequence[MeetingRecord],
          row: Callable[[MeetingRecord], tuple[Cell, ...]]) -> tuple[DayTable, ...]:
    ordered = sorted(meetings, key=lambda m: (m.day, m.starts, m.table))
    return tuple(DayTable(day, tuple(row(m) for m in group)) for day, group in groupby(ordered, key=lambda m: m.day))


def time_cell(meeting: MeetingRecord) -> Cell:
    cell = [Line(labels.time_range(meeting.starts, meeting.ends), bold=True, size=9.5)]
    if meeting.status != MeetingStatus.SCHEDULED:
        cell.append(Line(labels.STATUS[meeting.status], size=7, colour=MUTED))
    return tuple(cell)


def table_cell(meeting: MeetingRecord) -> Cell:
    return (Line(str(meeting.table), bold=True, size=13),)


def exhibitor_cell(book: Book, meeting: MeetingRecord) -> Cell:
    exhibitor = book.exhibitor(meeting.exhibitor_id)
    if exhibitor is None:
        return (Line(meeting.exhibitor_id, size=8),)
    cell = [Line(exhibitor.name, bold=True, size=9.5)]
    if exhibitor.name_en and exhibitor.name_en != exhibitor.name:
        cell.append(Line(exhibitor.name_en, size=7.5, colour=MUTED))
    return tuple(cell)


def booth_cell(book: Book, meeting: MeetingRecord, *, section: bool = True) -> Cell:
    """The booth number, and under it its section (left out where the column is narrow)."""
    exhibitor = book.exhibitor(meeting.exhibitor_id)
    if exhibitor is None or not exhibitor.booth:
        return (Line("—"),)
    cell = [Line(exhibitor.booth, bold=True, size=10)]
    name = labels.both_names(exhibitor.section_name, exhibitor.section_name_en) if section else ""
    if name:
        cell.append(Line(name, size=6.5, colour=MUTED))
    return tuple(cell)


def buyer_name_cell(book: Book, meeting: MeetingRecord) -> Cell:
    buyer = book.buyer(meeting.buyer_id)
    if buyer is None:
        return (Line(labels.ERASED_BUYER, size=8, colour=MUTED),)
    return (Line(labels.both_names(buyer.name, buyer.name_en), bold=True, size=9.5),)


def buyer_company_cell(book: Book, meeting: MeetingRecord) -> Cell:
    buyer = book.buyer(meeting.buyer_id)
    return (Line(buyer.company if buyer is not None and buyer.company else "—", size=9),)


def buyer_country_cell(book: Book, meeting: MeetingRecord) -> Cell:
    buyer = book.buyer(meeting.buyer_id)
    cell = [Line(labels.country(buyer.country if buyer is not None else meeting.buyer_country), size=8.5)]
    if buyer is not None and buyer.language != "ko":
        cell.append(Line(labels.language(buyer.language), size=7, colour=MUTED))
    return tuple(cell)


def interpreter_cell(book: Book, meeting: MeetingRecord) -> Cell:
    return (Line(book.interpreter_text(meeting), size=9),)


def buyer_sheet(book: Book, buyer: BuyerInfo) -> PersonSheet:
    meetings = book.by_buyer.get(buyer.id, [])
    interpreted = bool(meetings) and all(m.interpreter_id for m in meetings)
    details = [buyer.company or "—", f"국가 Country: {labels.country(buyer.country)}",
               f"언어 Language: {labels.language(buyer.language)}"
               + (" · 통역 지원 Interpreter provided" if interpreted else ""),
               _count(meetings)]
    return PersonSheet(
        labels.both_names(buyer.name, buyer.name_en), "구매상담 일정표  Buyer consultation itinerary",
        labels.both_names(buyer.name, buyer.name_en), tuple(details), BUYER_COLUMNS,
        _days(book, meetings, lambda m: (time_cell(m), table_cell(m), exhibitor_cell(book, m), booth_cell(book, m),
                                         interpreter_cell(book, m))),
        _empty(book, "예정된 상담이 없습니다. No consultation meetings are scheduled for you"),
        frozenset(m.table for m in meetings), ARRIVE_EARLY if meetings else ASK_AT_THE_DESK)


def exhibitor_sheet(book: Book, exhibitor: ExhibitorInfo) -> PersonSheet:
    meetings = book.by_exhibitor.get(exhibitor.id, [])
    booth = f"부스 Booth {exhibitor.booth}" if exhibitor.booth else "부스 없음 No booth"
    section = labels.both_names(exhibitor.section_name, exhibitor.section_name_en)
    details = [booth + (f" · {section}" if section else ""), f"상담석 Seats: {exhibitor.seats}", _count(meetings)]
    return PersonSheet(
        exhibitor.name, "기업 상담 일정표  Exhibitor consultation schedule",
        labels.both_names(exhibitor.name, exhibitor.name_en), tuple(details), EXHIBITOR_COLUMNS,
        _days(book, meetings, lambda m: (time_cell(m), table_cell(m), buyer_name_cell(book, m), buyer_company_cell(book, m),
                                         buyer_country_cell(book, m), interpreter_cell(book, m))),
        _empty(book, "예정된 상담이 없습니다. No consultation meetings are scheduled for your company"),
        frozenset(m.table for m in meetings), ARRIVE_EARLY if meetings else "")


def interpreter_sheet(book: Book, interpreter: InterpreterInfo) -> PersonSheet:
    meetings = book.by_interpreter.get(interpreter.id, [])
    spoken = ", ".join(labels.language(code) for code in interpreter.languages)
    details = [f"통역 언어 Languages: {spoken}", _count(meetings)]
    return PersonSheet(
        interpreter.name, "통역 일정표  Interpreter schedule", interpreter.name, tuple(details), INTERPRETER_COLUMNS,
        _days(book, meetings, lambda m: (time_cell(m), table_cell(m), buyer_name_cell(book, m) + buyer_company_cell(book, m),
                                         buyer_country_cell(book, m), exhibitor_cell(book, m),
                                         booth_cell(book, m, section=False))),
        _empty(book, "배정된 통역이 없습니다. No meetings to interpret are scheduled for you"),
        frozenset(m.table for m in meetings), ARRIVE_EARLY if meetings else "")


def _empty(book: Book, sentence: str) -> str:
    """The sentence, for the one day printed when only one is."""
    if book.only_day is not None:
        return f"{sentence} ({labels.day_short(book.only_day)})."
    return sentence + "."
