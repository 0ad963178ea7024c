"""The daily traffic report (A4 PDF) for organizers and sponsors, bilingual, Korean font embedded.

Page one answers "how did the day go" at a glance: the headline figures, the zone table and the
hall's traffic chart. Then occupancy over the day, visitor classes, the day's consultations
(when the event has a consultation schedule), the day's studio broadcasts and photo shoots (when
it had some), stays, alerts, head counts and the desks. Every traffic figure comes from
summary.summarise, the dashboard's own snapshot; the consultations' from
services/consultations/results.py and the studio's from services/bookings/results.py, the
results report's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.lineplots import LinePlot
from reportlab.graphics.shapes import Drawing, Line, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from expo_console.domain.bookings import BookingKind
from expo_console.domain.occupancy import HALL
from expo_console.domain.traffic_stats import clock, occupancy_colour
from expo_console.services.access_watch import unusual_counts
from expo_console.services.badge_print.fonts import badge_fonts
from expo_console.services.badge_print.templates import ClassStyle, load_class_styles
from expo_console.services.bookings import results_pdf as booking_results_pdf
from expo_console.services.bookings.results import booking_results
from expo_console.services.consultations.results import (
    ResultsError,
    consultation_results,
    has_schedule,
)
from expo_console.services.consultations.results_kit import Look
from expo_console.services.consultations.results_pdf import day_section
from expo_console.services.events import event_row
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.traffic import counting
from expo_console.services.traffic.day import TrafficDay
from expo_console.services.traffic.summary import DaySummary, summarise, zone_name
from expo_console.storage.connection import EventStore

WIDTH = A4[0] - 30 * mm
WEEKDAYS = "월화수목금토일"


class ReportError(Exception):
    """The report cannot be written; the message says what to do."""


def write_day_report(store: EventStore, day: dt.date, out: Path | str, *, minute: int | None = None,
                     progress: ProgressCallback = no_progress) -> DaySummary:
    """Replay `day` and write its report as of `minute` (default: the latest); returns its figures."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ReportError(f"Cannot write the report to '{out.name}': use a file name ending in .pdf.")
    summary = summarise(TrafficDay(store, day, progress), minute)
    write_summary_pdf(store, summary, out)
    return summary


def write_summary_pdf(store: EventStore, summary: DaySummary, out: Path) -> None:
    fonts = badge_fonts()
    styles = _Styles(fonts.regular, fonts.bold)
    class_styles = load_class_styles()  # the badge's class names, in both languages
    event = event_row(store)
    day = summary.snapshot.day
    title = f"{event['name']} · 일일 방문 현황 Daily traffic report"
    story: list[object] = [
        Paragraph(title, styles.title),
        Paragraph(f"{day.isoformat()} ({WEEKDAYS[day.weekday()]}) · {summary.snapshot.clock} 기준 as of · "
                  f"{event['venue'] or ''}", styles.subtitle),
        Spacer(0, 4 * mm), _headline(summary, styles), Spacer(0, 5 * mm),
        Paragraph("구역별 현황 Zones", styles.heading), _zone_table(summary, styles), Spacer(0, 5 * mm),
        KeepTogether([Paragraph("시간대별 입장·퇴장 (홀, 15분) Hall entries and exits per 15 minutes", styles.heading),
                      _traffic_chart(summary, fonts.regular)]),
        KeepTogether([Paragraph("구역 점유율 추이 Occupancy over the day (% of capacity)", styles.heading),
                      _occupancy_chart(summary, fonts.regular)]),
        KeepTogether([Paragraph("방문객 구분 Visitor classes (first admissions)", styles.heading),
                      _bars([_class_name(class_styles, c) for c in summary.classes], list(summary.classes.values()),
                            fonts.regular, "#2f6fb5")]),
        *_consultations(store, day, fonts.regular, fonts.bold),
        *_studio(store, day, fonts.regular, fonts.bold),
        KeepTogether([Paragraph("체류 시간 중앙값 Median stay per zone (minutes)", styles.heading),
                      _bars([z.figures.name for z in summary.zones],
                            [round(z.median_stay_min or 0, 1) for z in summary.zones], fonts.regular, "#5c6bc0")]),
        KeepTogether([Paragraph("혼잡 경보 Capacity alerts", styles.heading), _alert_table(summary, styles)]),
        KeepTogether([Paragraph("수동 계수 Head counts", styles.heading), _head_count_table(summary, styles)]),
        KeepTogether([Paragraph("출입 데스크 Desks", styles.heading), _desk_table(summary, styles)]),
        KeepTogether([Paragraph(f"입장 충돌 Admission conflicts: {len(summary.conflicts):,}", styles.heading),
                      _conflict_table(summary, styles)]),
        *_unusual_access(store, summary, styles),
        Spacer(0, 4 * mm),
        Paragraph("점유 인원은 게이트 스캔으로 계산합니다. 퇴장 스캔이 없으면 다른 구역 입장·홀 퇴장·체류 시간 초과·마감으로 "
                  "퇴장을 추정합니다. Occupancy is counted from gate scans; where nobody scanned out, the exit is "
                  "inferred from entering another zone, leaving the hall, a dwell timeout or closing time. "
                  "Head counts replace the figure from the moment they were taken.", styles.note),
    ]
    partial = out.with_name(out.name + ".part")
    try:
        document = SimpleDocTemplate(str(partial), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                     topMargin=14 * mm, bottomMargin=14 * mm, title=title,
                                     author="Expo Console", subject=f"Traffic {day.isoformat()}")
        document.build(story, onFirstPage=_footer(fonts.regular), onLaterPages=_footer(fonts.regular))
        partial.replace(out)  # never a half-written report under the real name
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ReportError(f"Could not write {out} ({exc.strerror}). Choose another folder.") from exc


class _Styles:
    def __init__(self, regular: str, bold: str) -> None:
        self.regular, self.bold = regular, bold
        self.title = ParagraphStyle("title", fontName=bold, fontSize=16, leading=20, textColor=colors.HexColor("#1f4e79"))
        self.subtitle = ParagraphStyle("subtitle", fontName=regular, fontSize=9.5, leading=12,
                                       textColor=colors.HexColor("#546e7a"))
        self.heading = ParagraphStyle("heading", fontName=bold, fontSize=11, leading=15, spaceBefore=4, spaceAfter=3)
        self.cell = ParagraphStyle("cell", fontName=regular, fontSize=8, leading=10)
        self.note = ParagraphStyle("note", fontName=regular, fontSize=7.5, leading=10, textColor=colors.HexColor("#607d8b"))
        self.big = ParagraphStyle("big", fontName=bold, fontSize=17, leading=20)
        self.caption = ParagraphStyle("caption", fontName=regular, fontSize=7.5, leading=9.5,
                                      textColor=colors.HexColor("#546e7a"))


def _class_name(class_styles: dict[str, ClassStyle], code: str) -> str:
    style = class_styles.get(code)
    if style is None:
        return code
    # two short lines: the bars stand side by side, and "해외바이어 OVERSEAS BUYER" is wider than one
    return style.label_en if style.label_ko == style.label_en else f"{style.label_ko}\n{style.label_en}"


def _footer(font: str):  # type: ignore[no-untyped-def]
    def draw(canvas, document) -> None:  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont(font, 7)
        canvas.setFillColor(colors.HexColor("#90a4ae"))
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, f"Expo Console · {document.page}")
        canvas.restoreState()
    return draw


def _headline(summary: DaySummary, styles: _Styles) -> Table:
    hall = summary.hall
    peak = summary.snapshot.peak_hour
    share = summary.inferred_share
    tiles = [
        ("입장객 Admitted", f"{hall.figures.unique_visitors:,}", f"입장 {hall.figures.entries:,} entries"),
        ("최대 동시 체류 Most in hall", f"{hall.peak:,}", f"{hall.peak_at} · 수용 {hall.figures.capacity:,}"),
        ("피크 시간대 Peak hour", "—" if peak is None else f"{peak[0]:02d}–{peak[0] + 1:02d}",
         "" if peak is None else f"{peak[1]:,} 입장 came in"),
        ("바이어 Buyers admitted", f"{summary.buyers_admitted:,}", f"현재 on site {summary.snapshot.buyers_on_site:,}"),
        ("추정 퇴장 Inferred exits", "—" if share is None else f"{share:.0%}",
         f"{summary.inferred_exits:,} / {summary.exits:,}"),
        ("경보 Alerts", f"{len(summary.alerts):,}", f"만원 full {sum(1 for a in summary.alerts if a.level >= 1):,}"
         f" · 입장 충돌 conflicts {len(summary.conflicts):,}"),
    ]
    cells = [[Paragraph(caption, styles.caption), Paragraph(value, styles.big), Paragraph(detail, styles.caption)]
             for caption, value, detail in tiles]
    table = Table([cells[:3], cells[3:]], colWidths=[WIDTH / 3] * 3)
    table.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#cfd8dc")),
                               ("INNERGRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#cfd8dc")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7f9fb"))]))
    return table


def _cells(rows: Sequence[Sequence[object]], styles: _Styles) -> list[list[object]]:
    return [[Paragraph(str(c), styles.cell) if isinstance(c, str) and len(c) > 14 else c for c in row] for row in rows]


def _grid(data: list[list[object]], widths: Sequence[float], styles: _Styles,
          extra: Sequence[tuple[object, ...]] = ()) -> Table:
    table = Table(data, colWidths=list(widths), repeatRows=1)
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), styles.regular, 8),
        ("FONT", (0, 0), (-1, 0), styles.bold, 7.5),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eceff1")),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#cfd8dc")),
        ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *extra]))
    return table


def _zone_table(summary: DaySummary, styles: _Styles) -> Table:
    header: list[object] = ["구역 Zone", "수용\nCapacity", "현재\nNow", "최대 (시각)\nPeak (at)", "입장\nEntries",
              "순방문\nUnique", "체류 중앙값\nMedian stay", "추정 퇴장\nInferred", "경보\nAlerts"]
    rows: list[list[object]] = [header]
    extra: list[tuple[object, ...]] = []
    for i, zone in enumerate([summary.hall, *summary.zones], start=1):
        f = zone.figures
        name = "홀 전체 Whole hall" if f.id == HALL else f"{f.name} {f.name_en}".strip()
        rows.append([name, f"{f.capacity:,}", f"{f.occupancy:,}", f"{zone.peak:,} ({zone.peak_at})", f"{f.entries:,}",
                     f"{f.unique_visitors:,}", "—" if zone.median_stay_min is None else f"{zone.median_stay_min:.0f}분 min",
                     f"{f.inferred_exits:,}", f"{zone.alerts}"])
        if f.capacity:
            extra.append(("BACKGROUND", (3, i), (3, i), colors.HexColor(occupancy_colour(zone.peak / f.capacity))))
    return _grid(_cells(rows, styles), [WIDTH * w for w in (0.24, 0.08, 0.07, 0.13, 0.09, 0.09, 0.12, 0.1, 0.08)],
                 styles, extra)


def _axis_fonts(chart: object, font: str) -> None:
    for axis in (chart.categoryAxis if hasattr(chart, "categoryAxis") else chart.xValueAxis,  # type: ignore[attr-defined]
                 chart.valueAxis if hasattr(chart, "valueAxis") else chart.yValueAxis):  # type: ignore[attr-defined]
        axis.labels.fontName = font
        axis.labels.fontSize = 7


def _traffic_chart(summary: DaySummary, font: str) -> Drawing:
    day = summary.snapshot
    entries, exits = summary.timeline
    first, last = summary.hours
    start, end = first * 4, last * 4
    entries, exits = [*entries, *[0] * (end - len(entries))], [*exits, *[0] * (end - len(exits))]
    drawing = Drawing(WIDTH, 58 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 30, WIDTH - 40, 58 * mm - 40
    chart.data = [entries[start:end] or [0], exits[start:end] or [0]]
    chart.categoryAxis.categoryNames = [f"{(i // 4):02d}:00" if i % 4 == 0 else "" for i in range(start, end)] or [""]
    chart.bars[0].fillColor = colors.HexColor("#43a047")
    chart.bars[1].fillColor = colors.HexColor("#90a4ae")
    chart.bars.strokeWidth = 0
    chart.groupSpacing, chart.barSpacing = 1, 0
    chart.valueAxis.valueMin = 0
    chart.categoryAxis.labels.angle = 0
    _axis_fonts(chart, font)
    drawing.add(chart)
    if day.peak_hour is not None and start <= day.peak_hour[0] * 4 < end:
        slot = chart.width / max(1, end - start)
        left = chart.x + (day.peak_hour[0] * 4 - start) * slot
        drawing.add(Rect(left, chart.y, slot * 4, chart.height, fillColor=colors.Color(1, 0.76, 0.03, 0.18),
                         strokeColor=None))
        drawing.add(String(left + 2, chart.y + chart.height - 8, "피크 Peak", fontName=font, fontSize=7,
                           fillColor=colors.HexColor("#e65100")))
    _legend(drawing, [("입장 Entries", "#43a047"), ("퇴장 Exits", "#90a4ae")], font)
    return drawing


def _legend(drawing: Drawing, items: Sequence[tuple[str, str]], font: str) -> None:
    x = 30.0
    for label, colour in items:
        drawing.add(Rect(x, 4, 8, 6, fillColor=colors.HexColor(colour), strokeColor=None))
        drawing.add(String(x + 11, 4, label, fontName=font, fontSize=7))
        x += 20 + stringWidth(label, font, 7)


def _occupancy_chart(summary: DaySummary, font: str) -> Drawing:
    first, last = summary.hours
    drawing = Drawing(WIDTH, 62 * mm)
    plot = LinePlot()
    plot.x, plot.y, plot.width, plot.height = 28, 30, WIDTH - 40, 62 * mm - 40
    lines, legend = [], []
    for zone_id, (colour, share) in summary.occupancy.items():
        points = [(m / 60, value) for m, value in enumerate(share) if first * 60 <= m <= last * 60 and m % 5 == 0]
        lines.append(points or [(first, 0.0)])
        legend.append((zone_name(summary, zone_id), colour))
    plot.data = lines
    for i, (_name, colour) in enumerate(legend):
        plot.lines[i].strokeColor = colors.HexColor(colour)
        plot.lines[i].strokeWidth = 1.6 if i else 2.4
    plot.xValueAxis.valueMin, plot.xValueAxis.valueMax = first, last
    plot.xValueAxis.valueSteps = list(range(first, last + 1))
    plot.xValueAxis.labelTextFormat = lambda v: f"{int(v):02d}:00"
    top = max([100.0, *(max((p[1] for p in line), default=0) for line in lines)])
    plot.yValueAxis.valueMin, plot.yValueAxis.valueMax = 0, top * 1.05
    _axis_fonts(plot, font)
    drawing.add(plot)
    for level, colour in ((80, "#fb8c00"), (100, "#e53935")):
        y = plot.y + plot.height * level / (top * 1.05)
        drawing.add(Line(plot.x, y, plot.x + plot.width, y, strokeColor=colors.HexColor(colour), strokeWidth=0.6,
                         strokeDashArray=[3, 2]))
    _legend(drawing, legend, font)
    return drawing


def _bars(names: Sequence[str], values: Sequence[float], font: str, colour: str) -> Drawing:
    drawing = Drawing(WIDTH, 50 * mm)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 28, WIDTH - 40, 50 * mm - 36
    chart.data = [list(values) or [0]]
    chart.categoryAxis.categoryNames = list(names) or [""]
    chart.bars[0].fillColor = colors.HexColor(colour)
    chart.valueAxis.valueMin = 0
    chart.barLabelFormat = lambda value: f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    chart.barLabels.fontName, chart.barLabels.fontSize, chart.barLabels.nudge = font, 7, 6
    _axis_fonts(chart, font)
    drawing.add(chart)
    return drawing


def _alert_table(summary: DaySummary, styles: _Styles) -> object:
    if not summary.alerts:
        return Paragraph("경보 없음 — 모든 구역이 수용 인원의 80 % 미만이었습니다. No zone reached 80 % of its capacity.",
                         styles.cell)
    rows: list[list[object]] = [["구역 Zone", "단계 Level", "시작 Started", "종료 Ended", "최대 Most inside"]]
    for a in summary.alerts:
        rows.append([zone_name(summary, a.zone) + " " + zone_name(summary, a.zone, english=True),
                     "만원 Full 100%" if a.level >= 1 else "혼잡 80%", clock(a.start),
                     "계속 still on" if a.end is None else clock(a.end), f"{a.peak:,}"])
    return _grid(_cells(rows, styles), [WIDTH * w for w in (0.36, 0.18, 0.15, 0.15, 0.16)], styles)


def _head_count_table(summary: DaySummary, styles: _Styles) -> object:
    if not summary.head_counts:
        return Paragraph("수동 계수 없음. No head counts were entered.", styles.cell)
    rows: list[list[object]] = [["시각 At", "구역 Zone", "계수 Counted", "화면 On screen", "담당 By", "메모 Note"]]
    for h in summary.head_counts:
        rows.append([summary.local_times[h.counted_at], zone_name(summary, h.zone_id), f"{h.count:,}",
                     "—" if h.shown_before is None else f"{h.shown_before:,}", h.operator, h.note])
    return _grid(_cells(rows, styles), [WIDTH * w for w in (0.1, 0.25, 0.12, 0.12, 0.15, 0.26)], styles)


def _conflict_table(summary: DaySummary, styles: _Styles) -> object:
    """Badges admitted at two desks while they were apart (the hub was out of reach): both
    admissions stand; staff look at each (a shared badge, or one visitor let in twice)."""
    if not summary.conflicts:
        return Paragraph("없음: 모든 배지가 게이트 규칙대로 입장했습니다. None: every badge was admitted as the gate "
                         "rules allow.", styles.cell)
    rows: list[list[object]] = [["방문객 Visitor", "처음 입장 First admitted", "다시 입장 Admitted again"]]
    for conflict in summary.conflicts:
        rows.append([" · ".join(p for p in (conflict.visitor_name, conflict.company) if p)
                     or f"#{conflict.badge_serial}",
                     *(f"{summary.local_times[scan.scanned_at]} {scan.gate} · {scan.station} ({scan.desk_id})"
                       for scan in (conflict.first, conflict.second))])
    return _grid(_cells(rows, styles), [WIDTH * w for w in (0.3, 0.35, 0.35)], styles)


# The daily check of the access records (services/access_watch.py), as the report names its kinds.
UNUSUAL_KINDS = {"reveals": "전화번호 열람 과다 Many phone numbers revealed by one operator",
                 "night_export": "야간 개인정보 내보내기 Personal data exported at night",
                 "failed_sign_ins": "PIN 오류 반복 Many wrong PINs for one operator",
                 "locked": "운영자 잠김 Operator locked after wrong PINs",
                 "deletions": "대량 삭제 Many visitors deleted by one operator",
                 "purge": "개인정보 파기 Personal data purged"}


def _unusual_access(store: EventStore, summary: DaySummary, styles: _Styles) -> list[object]:
    """A short section when the day's access records hold something unusual: how many of each
    kind, never who or whom (the report goes to sponsors; an organizer reads the rest in File >
    Access records). Nothing when the day had none."""
    day = summary.snapshot.day
    zone = counting.event_zone(store)
    until = dt.datetime.combine(day, dt.time(), zone) + dt.timedelta(minutes=summary.snapshot.minute + 1)
    counts = {kind: n for kind, n in unusual_counts(store, day, until=until).items() if n}
    if not counts:
        return []
    rows: list[list[object]] = [["유형 Kind", "건수 Count"]]
    rows += [[UNUSUAL_KINDS[kind], f"{n:,}"] for kind, n in counts.items()]
    return [KeepTogether([
        Paragraph(f"비정상 접근 Unusual access: {sum(counts.values()):,}", styles.heading),
        _grid(_cells(rows, styles), [WIDTH * 0.8, WIDTH * 0.2], styles),
        Paragraph("누가 언제 무엇을 했는지는 주최자가 파일 &gt; 접근 기록에서 확인합니다. An organizer sees who did what "
                  "and when in File &gt; Access records.", styles.note)])]


def _consultations(store: EventStore, day: dt.date, regular: str, bold: str) -> list[object]:
    """The day's consultations (held, no-shows, amount, contracts expected, exhibitors without a
    meeting), from the results report's own figures; nothing for an event without a schedule."""
    if not has_schedule(store):
        return []
    try:
        results = consultation_results(store, day)
    except ResultsError:  # a day outside the event: its traffic can be replayed, it has no sessions
        return []
    return day_section(results, Look(regular, bold))


def _studio(store: EventStore, day: dt.date, regular: str, bold: str) -> list[object]:
    """The day's broadcasts (viewers, peak, orders, sales) and shoots (photos delivered), from the
    results report's own figures; nothing for a day without a booking of either kind."""
    studio, photo = (booking_results(store, kind, day) for kind in (BookingKind.STUDIO, BookingKind.PHOTO))
    return booking_results_pdf.day_section(studio, photo, Look(regular, bold))


def _desk_table(summary: DaySummary, styles: _Styles) -> object:
    if not summary.desks:
        return Paragraph("스캔 없음. No scans on this day.", styles.cell)
    rows: list[list[object]] = [["스테이션 Station", "스캔 Scans", "최다 분당 Busiest minute", "시각 At"]]
    for desk in summary.desks:
        rows.append([desk.station, f"{desk.scans:,}", f"{desk.busiest_minute:,}", desk.busiest_at])
    return _grid(_cells(rows, styles), [WIDTH * w for w in (0.46, 0.16, 0.22, 0.16)], styles)
