"""Drawing the printed pages: one A4 PDF (upright, or on its side for a wide table) written page
by page, text wrapped into columns, the header and the footer every page shares.

Pages are drawn straight onto a reportlab canvas as they come, not laid out as a platypus story
held whole: all buyers is 300 pages, and the memory a run takes stays that of one page plus the
compressed pages before it. Text goes through badge_print.text, so a name in Hangul, Latin,
Arabic or Thai script is drawn in a font that has its glyphs, all embedded as subsets.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from expo_console.services.badge_print import text
from expo_console.services.badge_print.fonts import badge_fonts
from expo_console.services.consultations.prints.context import PrintContext

PAGE_W, PAGE_H = float(A4[0]), float(A4[1])
MARGIN: float = 14 * mm
CONTENT_W: float = PAGE_W - 2 * MARGIN
FOOTER_H: float = 10 * mm
GRID = HexColor("#b0bec5")
HEADER_FILL = HexColor("#eceff1")
MUTED = HexColor("#546e7a")
ACCENT = HexColor("#6a1b9a")
CELL_PAD: float = 1.6 * mm
CONTENT_TOP: float = PAGE_H - MARGIN - 40  # below every page's title


@dataclass(frozen=True)
class Paper:
    """A4 upright (the schedules, a confirmation) or on its side (a running order's wide table)."""

    width: float
    height: float

    @property
    def content_w(self) -> float:
        return self.width - 2 * MARGIN

    @property
    def content_top(self) -> float:
        return self.height - MARGIN - 40  # below every page's title


PORTRAIT = Paper(PAGE_W, PAGE_H)
LANDSCAPE = Paper(*(float(side) for side in landscape(A4)))


@dataclass(frozen=True)
class Line:
    """One line of a cell as written: wrapped to the column when drawn."""

    text: str
    bold: bool = False
    size: float = 9.0
    colour: Color = black


Cell = tuple[Line, ...]


@dataclass(frozen=True)
class Column:
    title: str  # Korean and English: '시간 Time'
    share: float  # of the table's width


@lru_cache(maxsize=8192)
def _runs(value: str, bold: bool) -> tuple[tuple[str, str], ...]:
    """The line as drawn (Arabic or Hebrew shaped and put right to left: badge_print.text draws
    what it is given left to right), cut into runs each in a font that has its glyphs. Cached:
    the same labels, times and names come back on every page."""
    return tuple(text.runs(text.visual_order(value), bold))


def draw_text(canvas: Canvas, x: float, y: float, value: str, size: float, bold: bool) -> None:
    for font, segment in _runs(value, bold):
        canvas.setFont(font, size)
        canvas.drawString(x, y, segment)
        x += stringWidth(segment, font, size)


@lru_cache(maxsize=16384)
def text_width(value: str, size: float, bold: bool) -> float:
    return float(sum(stringWidth(segment, font, size) for font, segment in _runs(value, bold)))


def fit(value: str, width: float, size: float, bold: bool) -> str:
    """The text cut short with '…' where it would run wider than `width`."""
    if text_width(value, size, bold) <= width:
        return value
    while value and text_width(value + "…", size, bold) > width:
        value = value[:-1]
    return value + "…"


def wrap(value: str, width: float, size: float, bold: bool) -> list[str]:
    """The text cut into lines no wider than `width`: at spaces, and inside a word (a long
    company name in Hangul has none) only when the word alone is too wide."""
    lines: list[str] = []
    current = ""
    for word in value.split(" "):
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        for ch in word:  # a word wider than the column is cut where it must be
            if current and text_width(current + ch, size, bold) > width:
                lines.append(current)
                current = ch
            else:
                current += ch
    if current or not lines:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class LaidRow:
    """A row of a table with its cells wrapped to their columns: what it takes on the page."""

    cells: tuple[tuple[tuple[str, Line], ...], ...]  # per column: (wrapped text, its line's style)
    height: float
    shade: Color | None = None


def leading(size: float) -> float:
    return size * 1.25


def lay_row(cells: Sequence[Cell], widths: Sequence[float], shade: Color | None = None) -> LaidRow:
    laid: list[tuple[tuple[str, Line], ...]] = []
    height = 0.0
    for cell, width in zip(cells, widths, strict=True):
        pieces = tuple((piece, line) for line in cell
                       for piece in wrap(line.text, width - 2 * CELL_PAD, line.size, line.bold))
        laid.append(pieces)
        height = max(height, sum(leading(line.size) for _piece, line in pieces))
    return LaidRow(tuple(laid), height + 2 * CELL_PAD, shade)


def widths_of(columns: Sequence[Column], total: float = CONTENT_W) -> list[float]:
    return [total * c.share for c in columns]


def header_row(columns: Sequence[Column], widths: Sequence[float]) -> LaidRow:
    return lay_row([(Line(c.title, bold=True, size=8),) for c in columns], widths, HEADER_FILL)


def draw_row(canvas: Canvas, x: float, top: float, row: LaidRow, widths: Sequence[float]) -> float:
    """The row with its grid, its top at `top`; returns its bottom."""
    bottom = top - row.height
    if row.shade is not None:
        canvas.setFillColor(row.shade)
        canvas.rect(x, bottom, sum(widths), row.height, stroke=0, fill=1)
    canvas.setStrokeColor(GRID)
    canvas.setLineWidth(0.5)
    left = x
    for pieces, width in zip(row.cells, widths, strict=True):
        canvas.rect(left, bottom, width, row.height, stroke=1, fill=0)
        y = top - CELL_PAD
        for piece, line in pieces:
            y -= line.size
            canvas.setFillColor(line.colour)
            draw_text(canvas, left + CELL_PAD, y, piece, line.size, line.bold)
            y -= leading(line.size) - line.size
        left += width
    canvas.setFillColor(black)
    return bottom


def draw_page_frame(canvas: Canvas, book: PrintContext, title: str, page: int, pages: int, owner: str,
                    paper: Paper = PORTRAIT) -> float:
    """The top of every page (the event, the print's title) and its footer (the times' zone,
    when made, whose page and which of theirs); returns where the content may start."""
    top = paper.height - MARGIN
    canvas.setFillColor(MUTED)
    event = " · ".join(part for part in (book.event_name, book.event_name_en) if part)
    draw_text(canvas, MARGIN, top - 8, event, 8, False)
    canvas.setFillColor(ACCENT)
    draw_text(canvas, MARGIN, top - 25, title, 15, True)
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(1.2)
    canvas.line(MARGIN, top - 31, paper.width - MARGIN, top - 31)
    canvas.setFillColor(MUTED)
    draw_text(canvas, MARGIN, MARGIN + 5, f"{book.times_note} · 작성 Made {book.made_at}", 6.5, False)
    mark = f"{page}/{pages}"
    draw_text(canvas, paper.width - MARGIN - text_width(mark, 7.5, True), MARGIN - 5, mark, 7.5, True)
    draw_text(canvas, MARGIN, MARGIN - 5, fit(owner, paper.content_w - 40, 7.5, True), 7.5, True)
    canvas.setFillColor(black)
    return paper.content_top


@contextmanager
def pdf_canvas(out: Path, title: str, paper: Paper = PORTRAIT) -> Iterator[Canvas]:
    """A canvas writing `out.part`, renamed to `out` once saved; removed on any error (a cancel
    included), so a half-written PDF never carries the real name."""
    fonts = badge_fonts()  # KoreanFontMissing before anything is written
    partial = out.with_name(out.name + ".part")
    canvas = Canvas(str(partial), pagesize=(paper.width, paper.height), pageCompression=1,
                    initialFontName=fonts.regular)
    canvas.setTitle(title)
    canvas.setCreator("Expo Console")
    try:
        yield canvas
        canvas.save()
        partial.replace(out)
    finally:
        partial.unlink(missing_ok=True)
