"""The results reports' type and tables, shared by the results report's sections (the
consultations', services/consultations/results_pdf.py, and the studio's and photo corner's,
services/bookings/results_pdf.py) and the daily traffic report's sections drawn from them: one
look, so every section reads as part of the report it is in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Table, TableStyle

WIDTH = A4[0] - 30 * mm
GRID = colors.HexColor("#cfd8dc")
HEAD = colors.HexColor("#eceff1")


def scope_of(day: dt.date | None, days: Sequence[dt.date]) -> str:
    """A report's scope: one day, or the whole event with its first and last day."""
    if day is not None:
        return f"{day.isoformat()} 하루 One day"
    if not days:
        return "전체 기간 Whole event"
    return f"전체 기간 Whole event · {days[0].isoformat()} – {days[-1].isoformat()}"


def won(value: int) -> str:
    return f"{value:,}"


class Look:
    """The report's type: the daily traffic report's, so its section reads as part of it."""

    def __init__(self, regular: str, bold: str) -> None:
        self.regular, self.bold = regular, bold
        self.title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, textColor=colors.HexColor("#1f4e79"))
        self.subtitle = ParagraphStyle("subtitle", fontName=regular, fontSize=9.5, leading=12,
                                       textColor=colors.HexColor("#546e7a"))
        self.heading = ParagraphStyle("heading", fontName=bold, fontSize=11, leading=15, spaceBefore=6, spaceAfter=3)
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=7.5, leading=9.5)
        self.note = ParagraphStyle("note", fontName=regular, fontSize=7.5, leading=10, textColor=colors.HexColor("#607d8b"))
        self.big = ParagraphStyle("big", fontName=bold, fontSize=15, leading=19)
        self.caption = ParagraphStyle("caption", fontName=regular, fontSize=7.5, leading=9.5,
                                      textColor=colors.HexColor("#546e7a"))


def section(heading: str, body: object, look: Look, *, keep: bool = False) -> list[object]:
    """A heading and its table. A short table is kept with its heading; a long one starts where
    there is room for its heading and a few rows, and runs on (keeping a long table with its
    heading would move it whole to the next page and leave this one half empty)."""
    title = Paragraph(escape(heading), look.heading)
    return [KeepTogether([title, body])] if keep else [CondPageBreak(35 * mm), title, body]


def footer(font: str) -> Callable[..., None]:
    def draw(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(colors.HexColor("#90a4ae"))
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, f"Expo Console · 성과 보고서 Results · {document.page}")
        canvas.restoreState()
    return draw


def tiles(figures: Sequence[tuple[str, str, str]], look: Look, per_row: int = 3,
          widths: Sequence[float] | None = None) -> Table:
    """Headline figures in boxes: (caption, value, detail) each, `per_row` to a row."""
    cells = [[Paragraph(escape(caption), look.caption), Paragraph(escape(value), look.big),
              Paragraph(escape(detail), look.caption)] for caption, value, detail in figures]
    rows = [cells[i:i + per_row] for i in range(0, len(cells), per_row)]
    table = Table(rows, colWidths=[WIDTH * w for w in widths or [1 / per_row] * per_row])
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, GRID), ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7f9fb"))]))
    return table


def grid(rows: list[list[object]], widths: Sequence[float], look: Look, *, total_row: bool = False,
         numbers_from: int = 1) -> Table:
    table = Table(rows, colWidths=[WIDTH * w for w in widths], repeatRows=1)
    style: list[tuple[object, ...]] = [
        ("FONT", (0, 0), (-1, -1), look.regular, 7.5), ("FONT", (0, 0), (-1, 0), look.bold, 7),
        ("BACKGROUND", (0, 0), (-1, 0), HEAD), ("LINEBELOW", (0, 0), (-1, -1), 0.3, GRID),
        ("ALIGN", (numbers_from, 0), (-1, -1), "RIGHT"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    if total_row:
        style += [("FONT", (0, -1), (-1, -1), look.bold, 7.5), ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black)]
    table.setStyle(TableStyle(style))
    return table


def cell(value: str, look: Look) -> Paragraph:
    return Paragraph(escape(value), look.cell)


def both(name: str, name_en: str) -> str:
    return name if not name_en or name_en == name else f"{name} {name_en}"
