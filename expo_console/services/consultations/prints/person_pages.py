"""One person's schedule on A4 pages: a buyer's itinerary, an exhibitor's or an interpreter's
schedule are all this, with their own columns (and so are a studio booking's confirmation and a
day's running order, services/bookings/prints).

The first page names the person and, beside them, shows the zone's map with their tables filled
in; then each day's meetings in time order, as a table under the day's heading. A table that runs
past the page continues on the next, under the person's name, the day and the columns again. The
pages are laid out before any is drawn, so each says which of the person's pages it is (2/3). A
person without a meeting gets a page that says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib.colors import HexColor, black
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from expo_console.services.consultations.prints import labels
from expo_console.services.consultations.prints.context import PrintContext
from expo_console.services.consultations.prints.page_kit import (
    ACCENT,
    FOOTER_H,
    MARGIN,
    MUTED,
    PORTRAIT,
    Cell,
    Column,
    LaidRow,
    Paper,
    draw_page_frame,
    draw_row,
    draw_text,
    header_row,
    lay_row,
    text_width,
    widths_of,
    wrap,
)
from expo_console.services.consultations.prints.zone_map import draw_zone_map

MAP_W: float = 86.0 * mm
MAP_H: float = 64.0 * mm
GAP: float = 5.0 * mm
DAY_HEADING_H = 20.0
CONTINUED_H = 16.0
EMPTY_H = 42.0
BIG_W: float = 62.0 * mm  # a door sheet's number box
BIG_H: float = 42.0 * mm
SHADE = HexColor("#eeeeee")
NOTE_LEADING = 10.0


@dataclass(frozen=True)
class DayTable:
    day: dt.date
    rows: tuple[tuple[Cell, ...], ...]
    shaded: frozenset[int] = frozenset()  # rows drawn on grey (a door sheet's breaks)


@dataclass(frozen=True)
class PersonSheet:
    owner: str  # their name as the footer and a continued page give it
    title: str  # '구매상담 일정표  Consultation itinerary'
    heading: str  # their name, large
    details: tuple[str, ...]  # the lines under it: company, country, booth …
    columns: tuple[Column, ...]
    days: tuple[DayTable, ...]
    empty: str  # what a page without meetings says
    mine: frozenset[int] = frozenset()  # their tables, filled in on the map
    note: str = ""  # a line after the tables (wrapped to the page when longer)
    big_number: str = ""  # a door sheet's table number, large at the left of the name
    show_map: bool = True
    day_headings: bool = True  # a door sheet's one day is in its details already
    paper: Paper = PORTRAIT


# The items a sheet is laid out in: each knows its height and draws itself from its top.

@dataclass(frozen=True)
class _Item:
    kind: str  # identity | day | continued | header | row | empty | note
    height: float
    row: LaidRow | None = None
    day: dt.date | None = None
    continued: bool = False


def _note_lines(sheet: PersonSheet) -> list[str]:
    return wrap(sheet.note, sheet.paper.content_w, 8, False)


def _with_map(sheet: PersonSheet, book: PrintContext) -> bool:
    return sheet.show_map and book.zone is not None


def _text_box(sheet: PersonSheet, book: PrintContext) -> tuple[float, float]:
    """Where the name and details go on the first page: (left, width)."""
    left = MARGIN + (BIG_W + GAP if sheet.big_number else 0)
    right = MARGIN + sheet.paper.content_w - (MAP_W + GAP if _with_map(sheet, book) else 0)
    return left, right - left


def _heading_size(heading: str, width: float) -> float:
    """17 points, smaller for a name that would take more than three lines (a federation's)."""
    size = 17.0
    while size > 11 and len(wrap(heading, width, size, True)) > 3:
        size -= 1
    return size


def _identity_height(sheet: PersonSheet, book: PrintContext) -> float:
    _left, width = _text_box(sheet, book)
    size = _heading_size(sheet.heading, width)
    lines = len(wrap(sheet.heading, width, size, True)) * (size + 2) + 4
    lines += sum(len(wrap(d, width, 9.5, False)) * 13.0 for d in sheet.details)
    return max(lines, MAP_H if _with_map(sheet, book) else 0.0, BIG_H if sheet.big_number else 0.0) + GAP


def _items(sheet: PersonSheet, book: PrintContext) -> list[_Item]:
    widths = widths_of(sheet.columns, sheet.paper.content_w)
    items = [_Item("identity", _identity_height(sheet, book))]
    if not sheet.days:
        items.append(_Item("empty", EMPTY_H))
    head = header_row(sheet.columns, widths)
    for table in sheet.days:
        if sheet.day_headings:
            items.append(_Item("day", DAY_HEADING_H, day=table.day))
        items.append(_Item("header", head.height, row=head, day=table.day))
        items += [_Item("row", laid.height, row=laid, day=table.day)
                  for laid in (lay_row(cells, widths, SHADE if n in table.shaded else None)
                               for n, cells in enumerate(table.rows))]
    if sheet.note:
        items.append(_Item("note", 16.0 + NOTE_LEADING * (len(_note_lines(sheet)) - 1)))
    return items


def paginate(sheet: PersonSheet, book: PrintContext, first_top: float, top: float) -> list[list[tuple[_Item, float]]]:
    """The items on each page with the y of their tops. A day's heading and its columns stay with
    its first meeting; a page that starts inside a day's table repeats the name, the day (continued)
    and the columns."""
    items = _items(sheet, book)
    head = next((i for i in items if i.kind == "header"), None)
    pages: list[list[tuple[_Item, float]]] = [[]]
    y = first_top
    bottom = MARGIN + FOOTER_H
    index = 0
    while index < len(items):
        item = items[index]
        needed = item.height
        if item.kind in ("day", "header"):  # kept with what follows, down to the first row
            needed = sum(i.height for i in items[index:index + (3 if item.kind == "day" else 2)])
        if y - needed < bottom and pages[-1]:
            pages.append([])
            y = top
            pages[-1].append((_Item("continued", CONTINUED_H), y))
            y -= CONTINUED_H
            if item.kind == "row" and head is not None:  # the day's table goes on: its heading again
                again = [_Item("day", DAY_HEADING_H, day=item.day, continued=True)] if sheet.day_headings else []
                for repeated in (*again, head):
                    pages[-1].append((repeated, y))
                    y -= repeated.height
        pages[-1].append((item, y))
        y -= item.height
        index += 1
    return pages


def draw_sheet(canvas: Canvas, sheet: PersonSheet, book: PrintContext) -> int:
    """Every page of one person's schedule; returns how many."""
    top = sheet.paper.content_top
    pages = paginate(sheet, book, top, top)
    widths = widths_of(sheet.columns, sheet.paper.content_w)
    for number, placed in enumerate(pages, start=1):
        if number > 1:
            canvas.showPage()
        draw_page_frame(canvas, book, sheet.title, number, len(pages), sheet.owner, sheet.paper)
        for item, y in placed:
            _draw_item(canvas, sheet, book, item, y, widths)
    return len(pages)


def _draw_item(canvas: Canvas, sheet: PersonSheet, book: PrintContext, item: _Item, y: float,
               widths: Sequence[float]) -> None:
    if item.kind == "identity":
        _identity(canvas, sheet, book, y)
    elif item.kind == "continued":
        canvas.setFillColor(MUTED)
        draw_text(canvas, MARGIN, y - 11, f"{sheet.heading} (계속 continued)", 10, True)
    elif item.kind == "day" and item.day is not None:
        canvas.setFillColor(ACCENT)
        heading = labels.day_heading(item.day) + (" (계속 continued)" if item.continued else "")
        draw_text(canvas, MARGIN, y - 14, heading, 11, True)
    elif item.kind in ("header", "row") and item.row is not None:
        draw_row(canvas, MARGIN, y, item.row, widths)
    elif item.kind == "empty":
        canvas.setFillColor(HexColor("#fff8e1"))
        canvas.setStrokeColor(HexColor("#ffb300"))
        canvas.rect(MARGIN, y - EMPTY_H + 4, sheet.paper.content_w, EMPTY_H - 8, stroke=1, fill=1)
        canvas.setFillColor(black)
        lines = wrap(sheet.empty, sheet.paper.content_w - 16, 11, True)[:2]
        first = y - EMPTY_H / 2 + (len(lines) - 1) * 7 - 3
        for n, line in enumerate(lines):
            draw_text(canvas, MARGIN + 8, first - n * 14, line, 11, True)
    elif item.kind == "note":
        canvas.setFillColor(MUTED)
        for n, line in enumerate(_note_lines(sheet)):
            draw_text(canvas, MARGIN, y - 12 - n * NOTE_LEADING, line, 8, False)
    canvas.setFillColor(black)


def _identity(canvas: Canvas, sheet: PersonSheet, book: PrintContext, top: float) -> None:
    left, width = _text_box(sheet, book)
    if sheet.big_number:
        _big_number(canvas, sheet.big_number, top)
    y = top
    size = _heading_size(sheet.heading, width)
    for line in wrap(sheet.heading, width, size, True):
        y -= size + 2
        draw_text(canvas, left, y, line, size, True)
    y -= 4
    canvas.setFillColor(MUTED)
    for detail in sheet.details:
        for line in wrap(detail, width, 9.5, False):
            y -= 13
            draw_text(canvas, left, y, line, 9.5, False)
    canvas.setFillColor(black)
    if _with_map(sheet, book) and book.zone is not None:
        left = MARGIN + sheet.paper.content_w - MAP_W
        label = labels.both_names(book.zone.name, book.zone.name_en)
        canvas.setFillColor(MUTED)
        draw_text(canvas, left, top - 8, label, 7.5, True)
        canvas.setFillColor(black)
        draw_zone_map(canvas, book.zone, left, top - MAP_H, MAP_W, MAP_H - 11, sheet.mine)


def _big_number(canvas: Canvas, number: str, top: float) -> None:
    """The table's number as large as its box allows: read from across the zone."""
    canvas.setFillColor(ACCENT)
    canvas.rect(MARGIN, top - BIG_H, BIG_W, BIG_H, stroke=0, fill=1)
    canvas.setFillColor(HexColor("#ffffff"))
    label = "테이블 TABLE"
    draw_text(canvas, MARGIN + (BIG_W - text_width(label, 10, True)) / 2, top - 16, label, 10, True)
    size = 110.0
    while size > 20 and text_width(number, size, True) > BIG_W - 10:
        size -= 2
    draw_text(canvas, MARGIN + (BIG_W - text_width(number, size, True)) / 2, top - BIG_H + 14, number, size, True)
    canvas.setFillColor(black)
