"""What goes to the venue: the A3 plan PDF (and a PNG of it), and the exhibitor directory PDF.

The plan is vector: the venue zooms into booth numbers that print at a few points. The Korean
font is embedded as a subset (badge_print.fonts), never a CID font that prints as blanks.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.colors import Color, HexColor, black, white
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from expo_console.domain.bookings import BookingKind
from expo_console.domain.floor_plan import Booth, Plan, Zone
from expo_console.services.badge_print import text
from expo_console.services.badge_print.fonts import badge_fonts
from expo_console.services.bookings import setup as booking_setup
from expo_console.services.consultations import setup as consultation_setup
from expo_console.services.consultations.setup import TABLE_SIZE_M
from expo_console.services.events import event_row
from expo_console.services.layout import floor_plan
from expo_console.services.layout.label_places import Box
from expo_console.services.layout.plan_pdf_labels import (
    PlanLabels,
    draw_door_label,
    draw_zone_label,
    drawn_zones,
)
from expo_console.services.layout.zone_marks import RESOURCE_MARKS, TABLE_MARK, ZoneMark
from expo_console.storage.connection import EventStore

MARGIN = 12 * mm
LEGEND_WIDTH = 62 * mm
TITLE_HEIGHT = 20 * mm
DOOR_LABEL_BAND = 5 * mm  # beside each side wall, for its doors' labels turned upright
_LEGAL_FORMS = re.compile(r"^\s*(\(주\)|㈜|주식회사|\(유\)|유한회사|\(사\)|\(재\))\s*")


@dataclass(frozen=True, slots=True)
class Names:
    exhibitors: dict[str, tuple[str, str]]  # id → (Korean, English)
    sections: dict[str, tuple[str, str, str]]  # code → (Korean, English, colour)


def _names(store: EventStore) -> Names:
    return Names(
        {e.id: (e.name, e.name_en) for e in floor_plan.exhibitors(store)},
        {code: (name, name_en, colour) for code, name, name_en, colour in
         floor_plan.sections_with_english(store)})


def _light(colour: str, amount: float = 0.7) -> Color:
    c = HexColor(colour)
    return Color(c.red + (1 - c.red) * amount, c.green + (1 - c.green) * amount, c.blue + (1 - c.blue) * amount)


def _fit(label: str, size: float, width: float, bold: bool = False, smallest: float = 2.0) -> float:
    while size > smallest and text.width(label, size, bold) > width:
        size -= 0.25
    return size


class Sheet:
    """Hall metres → page points, y up from the lobby side as on the floor_plan."""

    def __init__(self, plan: Plan, left: float, bottom: float, width: float, height: float) -> None:
        bounds = plan.hall.bounds
        self.scale = min(width / bounds.width, height / bounds.depth)
        self.x0 = left + (width - bounds.width * self.scale) / 2 - bounds.x * self.scale
        self.y0 = bottom + (height - bounds.depth * self.scale) / 2 - bounds.y * self.scale

    def point(self, x: float, y: float) -> tuple[float, float]:
        return self.x0 + x * self.scale, self.y0 + y * self.scale


def plan_frame(plan: Plan) -> tuple[Sheet, Box]:
    """Where the hall goes on the A3 page, and the area its labels must stay in: inside the
    margins, below the title, left of the legend."""
    page_w, page_h = landscape(A3)
    right = page_w - MARGIN - LEGEND_WIDTH - 6 * mm
    sheet = Sheet(plan, MARGIN + DOOR_LABEL_BAND, MARGIN + 10 * mm, right - MARGIN - 2 * DOOR_LABEL_BAND,
                  page_h - 2 * MARGIN - TITLE_HEIGHT - 10 * mm)
    return sheet, Box(MARGIN, MARGIN, right - MARGIN, page_h - 2 * MARGIN - TITLE_HEIGHT)


def write_plan_pdf(store: EventStore, target: Path | io.BytesIO) -> None:
    fonts = badge_fonts()
    plan = floor_plan.load_plan(store)
    names = _names(store)
    event = event_row(store)
    page_w, page_h = landscape(A3)
    canvas = Canvas(str(target) if isinstance(target, Path) else target, pagesize=(page_w, page_h), pageCompression=1,
                    initialFontName=fonts.regular)
    canvas.setTitle(f"{event['name']} — floor plan")
    canvas.setAuthor("Expo Console")
    sheet, area = plan_frame(plan)
    labels = PlanLabels(plan, sheet, area)
    _title(canvas, event, plan, page_w, page_h)
    _hall(canvas, plan, sheet, floor_plan.rules(store).clear_strip_m, labels)
    for zone in drawn_zones(plan):
        _zone(canvas, zone, sheet)
    for table in consultation_setup.tables(store):
        _zone_mark(canvas, sheet, (table.x, table.y), str(table.number), TABLE_MARK, fonts.bold)
    for booth in plan.booths:
        _booth(canvas, booth, names, sheet)
    for kind in BookingKind:  # the studio's sets (S1 …) and the photo corners (P1 …), in the studio's booth
        for resource in booking_setup.resources(store, kind):
            _zone_mark(canvas, sheet, (resource.x, resource.y), f"{RESOURCE_MARKS[kind].prefix}{resource.number}",
                       RESOURCE_MARKS[kind], fonts.bold)
    for zone in drawn_zones(plan):  # over every border and booth, placed clear of them
        draw_zone_label(canvas, zone, sheet, labels)
    _scale_bar(canvas, sheet, sheet.point(plan.hall.bounds.x, 0)[0], sheet.point(0, plan.hall.bounds.y)[1] - 16 * mm)
    _legend(canvas, plan, names, page_w - MARGIN - LEGEND_WIDTH, page_h - MARGIN - TITLE_HEIGHT - 4 * mm)
    canvas.setFont(fonts.regular, 6)
    canvas.drawRightString(page_w - MARGIN, MARGIN / 2, "Expo Console · A3 · 1 booth module = 3 m × 3 m")
    canvas.showPage()
    canvas.save()


def _title(canvas: Canvas, event: dict[str, object], plan: Plan, page_w: float, page_h: float) -> None:
    top = page_h - MARGIN
    text.draw(canvas, MARGIN, top - 9 * mm, f"{event['name']}  {event['name_en']}", 18, True)
    hall = plan.hall
    subtitle = f"{hall.name_ko} · {hall.name} · {event['starts_on']} – {event['ends_on']} · 부스 배치도 Floor plan"
    text.draw(canvas, MARGIN, top - 15 * mm, subtitle, 10, False)
    if hall.approximate:
        canvas.setFillColor(HexColor("#b03a2e"))
        text.draw(canvas, MARGIN, top - 19.5 * mm,
                  "홀 외곽은 근사치입니다 — 현장 도면으로 확인 필요 / Hall outline approximate: confirm on the venue drawing",
                  7, False)
        canvas.setFillColor(black)


def _hall(canvas: Canvas, plan: Plan, sheet: Sheet, strip_depth: float, labels: PlanLabels) -> None:
    hall = plan.hall
    path = canvas.beginPath()
    for i, (x, y) in enumerate(hall.outline):
        px, py = sheet.point(x, y)
        path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
    path.close()
    canvas.setLineWidth(1.6)
    canvas.setStrokeColor(black)
    canvas.setFillColor(HexColor("#fbfbf8"))
    canvas.drawPath(path, stroke=1, fill=1)
    for obstacle in hall.obstacles:
        b = obstacle.bounds
        x, y = sheet.point(b.x, b.y)
        canvas.setFillColor(HexColor("#555555"))
        canvas.rect(x, y, b.width * sheet.scale, b.depth * sheet.scale, stroke=0, fill=1)
    if hall.partition:
        (x1, y1), (x2, y2) = (sheet.point(*p) for p in hall.partition)
        canvas.setDash(4, 3)
        canvas.setLineWidth(0.6)
        canvas.setStrokeColor(HexColor("#999999"))
        canvas.line(x1, y1, x2, y2)
        canvas.setDash()
        canvas.setFillColor(HexColor("#999999"))
        text.draw(canvas, x2 + 2, y2 - 8, hall.partition_name, 6, False)
    for door, strip in hall.clear_strips(strip_depth):
        x, y = sheet.point(strip.x, strip.y)
        canvas.setFillColor(HexColor("#2e86c1" if door.kind == "entrance" else "#c0392b"), alpha=0.12)
        canvas.rect(x, y, strip.width * sheet.scale, strip.depth * sheet.scale, stroke=0, fill=1)
        canvas.setFillAlpha(1)
        (x1, y1), (x2, y2) = sheet.point(*door.start), sheet.point(*door.end)
        canvas.setStrokeColor(HexColor("#2e86c1" if door.kind == "entrance" else "#c0392b"))
        canvas.setLineWidth(3.5)
        canvas.line(x1, y1, x2, y2)
        canvas.setFillColor(HexColor("#2e86c1" if door.kind == "entrance" else "#c0392b"))
        draw_door_label(canvas, door, plan, sheet, labels)


def _zone(canvas: Canvas, zone: Zone, sheet: Sheet) -> None:
    path = canvas.beginPath()
    for i, (x, y) in enumerate(zone.polygon):
        px, py = sheet.point(x, y)
        path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
    path.close()
    canvas.setFillColor(HexColor(zone.colour), alpha=0.10)
    canvas.setStrokeColor(HexColor(zone.colour))
    canvas.setLineWidth(1.2)
    canvas.setDash(5, 2)
    canvas.drawPath(path, stroke=1, fill=1)
    canvas.setDash()
    canvas.setFillAlpha(1)


def _zone_mark(canvas: Canvas, sheet: Sheet, at: tuple[float, float], label: str, mark: ZoneMark, font: str) -> None:
    """A numbered square placed in a zone: a consultation table as in the schedule (table 7 at
    10:30), a studio set or a photo corner as their schedule names them (S1, P1)."""
    size = mark.size_m * sheet.scale
    x, y = sheet.point(*at)
    canvas.setFillColor(HexColor(mark.fill))
    canvas.setStrokeColor(HexColor(mark.stroke))
    canvas.setLineWidth(0.5)
    canvas.rect(x - size / 2, y - size / 2, size, size, stroke=1, fill=1)
    canvas.setFillColor(HexColor(mark.text))
    font_size = min(TABLE_SIZE_M * sheet.scale * 0.6, 8)
    canvas.setFont(font, font_size)
    canvas.drawCentredString(x, y - font_size * 0.35, label)


def _booth(canvas: Canvas, booth: Booth, names: Names, sheet: Sheet) -> None:
    x, y = sheet.point(booth.x, booth.y)
    w, h = booth.width * sheet.scale, booth.depth * sheet.scale
    colour = names.sections.get(booth.section_code or "", ("", "", "#9e9e9e"))[2]
    if booth.status == "blocked":
        canvas.setFillColor(HexColor("#bdbdbd"))
    elif booth.status == "available":
        canvas.setFillColor(white)
    else:
        canvas.setFillColor(_light(colour))
    canvas.setStrokeColor(HexColor(colour) if booth.section_code else black)
    canvas.setLineWidth(0.5)
    if booth.status == "available":
        canvas.setDash(1.5, 1)
    canvas.rect(x, y, w, h, stroke=1, fill=1)
    canvas.setDash()
    canvas.setFillColor(black)
    pad = 1.0
    number_size = _fit(booth.number, min(6.0, h * 0.32), w - 2 * pad, bold=True)
    text.draw(canvas, x + pad, y + h - pad - number_size, booth.number, number_size, True)
    korean, english = names.exhibitors.get(booth.exhibitor_id or "", ("", ""))
    if not korean:
        if booth.status == "available":
            canvas.setFillColor(HexColor("#777777"))
            text.draw(canvas, x + pad, y + pad + 1, "분양 가능", _fit("분양 가능", 3.5, w - 2 * pad), False)
        return
    name_size = _fit(korean, min(4.5, h * 0.24), w - 2 * pad)
    text.draw(canvas, x + pad, y + h / 2 - name_size / 2, korean, name_size, False)
    if english:
        english_size = _fit(english, min(3.2, h * 0.17), w - 2 * pad, smallest=1.6)
        canvas.setFillColor(HexColor("#444444"))
        text.draw(canvas, x + pad, y + pad, english, english_size, False)


def _scale_bar(canvas: Canvas, sheet: Sheet, x: float, y: float) -> None:
    metres = 20 if sheet.scale * 20 < 140 else 10
    length = metres * sheet.scale
    canvas.setLineWidth(0.8)
    canvas.setStrokeColor(black)
    for i in range(4):
        canvas.setFillColor(black if i % 2 == 0 else white)
        canvas.rect(x + i * length / 4, y, length / 4, 3, stroke=1, fill=1)
    canvas.setFillColor(black)
    text.draw(canvas, x, y + 5, "0", 6, False)
    text.draw(canvas, x + length - 8, y + 5, f"{metres} m", 6, False)
    text.draw(canvas, x + length + 8, y, f"1 : {round(1000 / (sheet.scale / mm)):,}  (A3)", 6, False)


def _legend(canvas: Canvas, plan: Plan, names: Names, x: float, top: float) -> None:
    y = top
    text.draw(canvas, x, y, "범례 Legend", 10, True)
    y -= 14
    counts: dict[str, int] = {}
    for booth in plan.booths:
        counts[booth.section_code or ""] = counts.get(booth.section_code or "", 0) + 1
    for code, (name, name_en, colour) in names.sections.items():
        canvas.setFillColor(_light(colour))
        canvas.setStrokeColor(HexColor(colour))
        canvas.rect(x, y - 1, 10, 7, stroke=1, fill=1)
        canvas.setFillColor(black)
        text.draw(canvas, x + 14, y, f"{name} {name_en} ({counts.get(code, 0)})", 7, False)
        y -= 11
    y -= 6
    for zone in plan.zones:
        if zone.polygon and zone.kind != "section":
            canvas.setStrokeColor(HexColor(zone.colour))
            canvas.setDash(3, 1.5)
            canvas.rect(x, y - 1, 10, 7, stroke=1, fill=0)
            canvas.setDash()
            canvas.setFillColor(black)
            text.draw(canvas, x + 14, y, f"{zone.name} {zone.name_en}", 7, False)
            y -= 11
    y -= 6
    samples = (("#2e86c1", "출입구 Entrance"), ("#c0392b", "비상구 Emergency exit"))
    for colour, label in samples:
        canvas.setStrokeColor(HexColor(colour))
        canvas.setLineWidth(3)
        canvas.line(x, y + 2.5, x + 10, y + 2.5)
        canvas.setFillColor(black)
        text.draw(canvas, x + 14, y, label, 7, False)
        y -= 11
    canvas.setLineWidth(0.5)
    canvas.setStrokeColor(black)
    canvas.setDash(1.5, 1)
    canvas.setFillColor(white)
    canvas.rect(x, y - 1, 10, 7, stroke=1, fill=1)
    canvas.setDash()
    canvas.setFillColor(black)
    text.draw(canvas, x + 14, y, "분양 가능 부스 Available booth", 7, False)
    y -= 16
    sold = sum(1 for b in plan.booths if b.exhibitor_id)
    area = sum(b.width * b.depth for b in plan.booths)
    for line in (f"부스 Booths: {len(plan.booths)} (배정 assigned {sold})",
                 f"부스 면적 Booth area: {area:,.0f} m²",
                 f"홀 면적 Hall area: {plan.hall.area:,.0f} m²"):
        text.draw(canvas, x, y, line, 7, False)
        y -= 10


# --- exhibitor directory ---------------------------------------------------------------------

def korean_sort_key(name: str) -> tuple[str, str]:
    """가나다 order of the company's own name: 「(주)한빛」 files under ㅎ, not under '('."""
    return _LEGAL_FORMS.sub("", name), name


def write_directory_pdf(store: EventStore, target: Path | io.BytesIO) -> None:
    event = event_row(store)
    names = _names(store)
    booth_of = {b.exhibitor_id: b.number for b in floor_plan.load_plan(store).booths if b.exhibitor_id}
    rows = sorted(floor_plan.exhibitors(store), key=lambda e: korean_sort_key(e.name))
    canvas = Canvas(str(target) if isinstance(target, Path) else target, pagesize=A4, pageCompression=1,
                    initialFontName=badge_fonts().regular)
    canvas.setTitle(f"{event['name']} — exhibitor directory")
    page_w, page_h = A4
    columns = (MARGIN, MARGIN + 22 * mm, MARGIN + 82 * mm, MARGIN + 152 * mm)
    line = 6.2 * mm
    page = 1

    def header() -> float:
        text.draw(canvas, MARGIN, page_h - MARGIN - 6 * mm, f"{event['name']} 참가기업 목록 Exhibitor directory", 13, True)
        y = page_h - MARGIN - 16 * mm
        for x, label in zip(columns, ("부스 Booth", "회사명", "Company", "부문 Section"), strict=True):
            text.draw(canvas, x, y, label, 8, True)
        canvas.setLineWidth(0.6)
        canvas.line(MARGIN, y - 2, page_w - MARGIN, y - 2)
        return float(y - line)

    y = header()
    for exhibitor in rows:
        if y < MARGIN + 8 * mm:
            text.draw(canvas, page_w - MARGIN - 10 * mm, MARGIN / 2, str(page), 7, False)
            canvas.showPage()
            page += 1
            y = header()
        section = names.sections.get(exhibitor.section_code or "", ("", "", ""))[0]
        cells = (booth_of.get(exhibitor.id, "—"), exhibitor.name, exhibitor.name_en, section)
        widths = (20 * mm, 58 * mm, 68 * mm, 30 * mm)
        for x, value, width in zip(columns, cells, widths, strict=True):
            text.draw(canvas, x, y, value, _fit(value, 8.5, width), False)
        y -= line
    text.draw(canvas, page_w - MARGIN - 10 * mm, MARGIN / 2, str(page), 7, False)
    canvas.showPage()
    canvas.save()


def write_plan_png(store: EventStore, target: Path, dpi: float = 150) -> None:
    """The A3 plan rendered to an image (pypdfium2), for e-mail and messenger apps."""
    import pypdfium2

    buffer = io.BytesIO()
    write_plan_pdf(store, buffer)
    document = pypdfium2.PdfDocument(buffer.getvalue())
    try:
        image = document[0].render(scale=dpi / 72).to_pil()
        image.save(target, format="PNG")
    finally:
        document.close()
