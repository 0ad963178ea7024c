"""The results report (성과 보고서) as an A4 PDF, bilingual, the Korean font embedded.

Page one gives the headline figures and the rate USD amounts were converted at; then the
breakdowns by day, sector, buyer country and exhibitor, the exhibitors without a meeting (those
someone asked to meet first) and the top buyer company × exhibitor pairs. Long tables run on to
the next page with their header repeated. Every figure is the Results of
services/consultations/results.py, as the window's Results page shows it. The daily traffic
report's consultation section is drawn here too (`day_section`), from the same Results. An event
with studio broadcasts or photo shoots has their sections after the consultations'
(services/bookings/results_pdf.py); an event with those alone has theirs only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from expo_console.domain.consultation_results import (
    Figures,
    Line,
    Pair,
    Quiet,
    QuietExhibitor,
    Results,
)
from expo_console.domain.countries import country_names
from expo_console.services.badge_print.fonts import badge_fonts
from expo_console.services.bookings.results_pdf import booking_sections
from expo_console.services.consultations.results import report_results
from expo_console.services.consultations.results_kit import (
    Look,
    both,
    cell,
    footer,
    grid,
    scope_of,
    section,
    tiles,
    won,
)
from expo_console.services.events import event_row
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.traffic import counting
from expo_console.storage.connection import EventStore

QUIET_REASONS = {
    Quiet.NO_SHOWS: "노쇼·취소만 Only no-shows or cancelled",
    Quiet.NOT_PLACED: "요청 있으나 미배정 Requested, not scheduled",
    Quiet.NOT_YET: "결과 대기 Outcome pending",  # still to come, or its outcome not entered yet
    Quiet.OTHER_DAYS: "다른 날 상담 Meetings on other days",
    Quiet.NOT_REQUESTED: "요청 없음 No request",
}


class ResultsFileError(Exception):
    """The report cannot be written; the message says what to do."""


def scope_text(results: Results) -> str:
    """The report's scope: its day, or the days of its consultations, broadcasts and shoots."""
    days = set(results.days)
    for kind in (results.studio, results.photo):
        days |= set(kind.days) if kind is not None else set()
    return scope_of(results.day, sorted(days))


def rate_short(results: Results) -> str:
    return f"1 USD = {results.usd_rate:,.2f}".rstrip("0").rstrip(".") + " KRW"


def rate_text(results: Results) -> str:
    text = f"환율 Rate: {rate_short(results)}"
    if results.usd_meetings:
        text += (f" · USD 상담액 amounts typed in USD: {results.usd_amount:,.0f} USD ({results.usd_meetings:,}건 "
                 "meetings), 원화로 환산 converted to won")
    return text


def report_title(results: Results) -> str:
    """The consultations' report keeps its title; one with the studio or the photo shoots names them."""
    if results.studio is None and results.photo is None:
        return "구매상담 성과 보고서 Consultation results"
    if not results.has_consultations:
        return "라이브커머스·사진촬영 성과 보고서 Studio and photo shoot results"
    return "성과 보고서 Results: 구매상담·라이브커머스·사진촬영 consultations, studio, photo shoots"


def write_results_pdf(store: EventStore, out: Path | str, day: dt.date | None = None, *,
                      progress: ProgressCallback = no_progress) -> Results:
    """Write the results of `day` (None: the whole event) to `out`; returns the figures written."""
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise ResultsFileError(f"Cannot write the report to '{out.name}': use a file name ending in .pdf.")
    results = report_results(store, day)
    progress(1, 3)
    fonts = badge_fonts()
    look = Look(fonts.regular, fonts.bold)
    event = event_row(store)
    made = dt.datetime.now(counting.event_zone(store)).strftime("%Y-%m-%d %H:%M")
    title = f"{event['name']} · {report_title(results)}"
    story: list[object] = [
        Paragraph(escape(title), look.title),
        Paragraph(escape(f"{scope_text(results)} · {made} 작성 made · {event['venue'] or ''}"), look.subtitle),
    ]
    if results.has_consultations:
        story += consultation_sections(results, look)
    story += booking_sections(results.studio, results.photo, look)
    progress(2, 3)
    partial = out.with_name(out.name + ".part")
    try:
        document = SimpleDocTemplate(str(partial), pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                                     topMargin=14 * mm, bottomMargin=14 * mm, title=title, author="Expo Console",
                                     subject="Consultation results")
        document.build(story, onFirstPage=footer(fonts.regular), onLaterPages=footer(fonts.regular))
        partial.replace(out)  # never a half-written report under the real name
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise ResultsFileError(f"Could not write {out} ({exc.strerror}). Choose another folder.") from exc
    progress(3, 3)
    return results


def consultation_sections(results: Results, look: Look) -> list[object]:
    """The consultations' headline figures and tables: the whole report of an event without bookings."""
    story: list[object] = [
        Paragraph(escape(rate_text(results)), look.subtitle),
        Spacer(0, 4 * mm), headline(results, look), Spacer(0, 2 * mm),
        Paragraph("금액은 원(KRW)입니다. 상담액·계약추진액은 상담 완료 건만 합산합니다. Amounts are in won; only meetings held "
                  "count towards them. 바이어는 회사명으로만 표시합니다. Buyers are named by company only.", look.note),
    ]
    if results.day is None and len(results.by_day) > 1:
        story += section("일자별 By day", breakdown(results.by_day, "일자 Day", look, results.totals), look, keep=True)
    story += section("분야별 By sector", breakdown(results.by_sector, "분야 Sector", look, results.totals), look,
                     keep=True)
    story += section("바이어 국가별 By buyer country", breakdown(results.by_country, "국가 Country", look,
                                                            results.totals), look, keep=True)
    story += section(f"기업별 By exhibitor ({len(results.by_exhibitor):,})", exhibitor_table(results, look), look)
    story += section(f"상담 없는 기업 Exhibitors without a meeting held: {len(results.without_meeting):,} "
                     f"(요청 있었음 requested {results.requested_unmet:,})", quiet_table(results.without_meeting, look),
                     look)
    story += section("상위 상담 (바이어 회사 × 기업, 상담액 순) Top pairs by amount", pairs_table(results.top_pairs, look),
                     look, keep=True)
    return story


# The tables ------------------------------------------------------------------------------------

def headline(results: Results, look: Look) -> Table:
    t = results.totals
    share = t.no_show_share
    return tiles([
        ("상담 완료 Consultations held", f"{t.held:,}건",
         f"배정 planned {t.planned:,} · 예정 still to come {t.scheduled:,}"),
        ("노쇼 No-shows", f"{t.no_show:,}건",
         ("" if share is None else f"노쇼율 {share:.0%} of outcomes · ") + f"취소 cancelled {t.cancelled:,}"),
        ("상담액 Consultation amount", f"{won(t.amount_krw)}원", f"상담 완료 {t.held:,}건 합계 sum of meetings held"),
        ("계약추진 Contracts expected", f"{t.contracts:,}건", f"계약추진액 amount {won(t.contract_krw)}원"),
        ("상담 기업 Exhibitors met", f"{results.exhibitors_met:,} / {results.exhibitors:,}",
         f"바이어 buyers met {results.buyers_met:,}"),
        ("상담 없는 기업 No meeting held", f"{len(results.without_meeting):,}",
         f"요청 있었음 requested {results.requested_unmet:,}"),
    ], look)


FIGURE_HEADERS = ["배정\nPlanned", "상담\nHeld", "노쇼\nNo-show", "취소\nCancelled", "상담액(원)\nAmount KRW",
                  "계약추진\nContracts", "계약추진액(원)\nContract KRW"]


def figure_cells(f: Figures) -> list[object]:
    return [f"{f.planned:,}", f"{f.held:,}", f"{f.no_show:,}", f"{f.cancelled:,}", won(f.amount_krw),
            f"{f.contracts:,}", won(f.contract_krw)]


def breakdown(lines: Sequence[Line], first: str, look: Look, totals: Figures) -> object:
    if not lines:
        return Paragraph("상담 없음. No meetings.", look.cell)
    rows: list[list[object]] = [[first.replace(" ", "\n", 1), *FIGURE_HEADERS]]
    rows += [[cell(both(line.name, line.name_en), look), *figure_cells(line.figures)] for line in lines]
    rows.append(["합계 Total", *figure_cells(totals)])
    return grid(rows, (0.28, 0.08, 0.08, 0.08, 0.08, 0.15, 0.09, 0.16), look, total_row=True)


def exhibitor_table(results: Results, look: Look) -> object:
    if not results.by_exhibitor:
        return Paragraph("배정된 상담 없음. No meetings on the schedule.", look.cell)
    rows: list[list[object]] = [["부스\nBooth", "기업\nExhibitor", "분야\nSector", *FIGURE_HEADERS]]
    rows += [[line.booth, cell(line.name, look), cell(line.sector_name, look), *figure_cells(line.figures)]
             for line in results.by_exhibitor]
    rows.append(["", "합계 Total", "", *figure_cells(results.totals)])
    return grid(rows, (0.06, 0.2, 0.11, 0.07, 0.07, 0.07, 0.08, 0.13, 0.08, 0.13), look, total_row=True,
                 numbers_from=3)


def quiet_table(quiet: Sequence[QuietExhibitor], look: Look) -> object:
    if not quiet:
        return Paragraph("모든 기업이 상담했습니다. Every exhibitor held a meeting.", look.cell)
    rows: list[list[object]] = [["부스\nBooth", "기업\nExhibitor", "분야\nSector", "요청\nRequests",
                                 "배정\nPlanned", "노쇼\nNo-show", "취소\nCancelled", "사유\nWhy"]]
    for q in quiet:
        f = q.figures
        rows.append([q.exhibitor.booth, cell(q.exhibitor.name, look), cell(q.exhibitor.sector_name, look),
                     f"{q.requests:,}", f"{f.planned:,}", f"{f.no_show:,}", f"{f.cancelled:,}",
                     cell(QUIET_REASONS[q.reason], look)])
    table = grid(rows, (0.06, 0.22, 0.11, 0.07, 0.07, 0.07, 0.07, 0.33), look, numbers_from=3)
    requested = [i for i, q in enumerate(quiet, start=1) if q.requested]
    # the ones someone asked for stand out: they are the complaint
    table.setStyle(TableStyle([("ALIGN", (-1, 0), (-1, -1), "LEFT"),
                               *(("BACKGROUND", (0, i), (-1, i), colors.HexColor("#fff3e0")) for i in requested)]))
    return table


def buyer_label(pair: Pair) -> str:
    if pair.erased:
        return "삭제된 바이어 Erased buyer"
    return pair.company or "회사 미기재 No company given"


def pairs_table(pairs: Sequence[Pair], look: Look) -> object:
    if not pairs:
        return Paragraph("상담액이 입력된 상담이 아직 없습니다. No amounts entered yet.", look.cell)
    rows: list[list[object]] = [["#", "바이어 회사\nBuyer company", "국가\nCountry", "기업\nExhibitor", "상담\nHeld",
                                 "상담액(원)\nAmount KRW", "계약추진액(원)\nContract KRW"]]
    for rank, pair in enumerate(pairs, start=1):
        rows.append([f"{rank}", cell(buyer_label(pair), look), cell(both(*country_names(pair.country)), look),
                     cell(pair.exhibitor.name, look), f"{pair.figures.held:,}", won(pair.figures.amount_krw),
                     won(pair.figures.contract_krw)])
    return grid(rows, (0.04, 0.27, 0.14, 0.23, 0.07, 0.12, 0.13), look, numbers_from=4)


# The daily traffic report's section -------------------------------------------------------------

NAMED_QUIET = 40  # the daily report names this many exhibitors without a meeting, then counts the rest


def _named(names: Sequence[str]) -> str:
    text = ", ".join(names[:NAMED_QUIET])
    if len(names) > NAMED_QUIET:
        text += f" 외 {len(names) - NAMED_QUIET:,}곳 and {len(names) - NAMED_QUIET:,} more"
    return text


def day_section(results: Results, look: Look) -> list[object]:
    """The day's consultations, for the daily traffic report: held and no-shows, the amount, the
    contracts expected and the exhibitors there without a meeting held that day."""
    t = results.totals
    boxes = tiles([
        ("상담 완료 Held", f"{t.held:,}건", f"노쇼 no-shows {t.no_show:,} · 취소 cancelled {t.cancelled:,} · "
                                          f"예정 to come {t.scheduled:,}"),
        ("상담액 Consultation amount", f"{won(t.amount_krw)}원", rate_short(results)),
        ("계약추진 Contracts expected", f"{t.contracts:,}건", f"계약추진액 amount {won(t.contract_krw)}원"),
        ("상담 없는 기업 No meeting", f"{len(results.without_meeting):,} / {results.exhibitors:,}",
         f"요청 있었음 requested {results.requested_unmet:,}"),
    ], look, per_row=4, widths=(0.2, 0.3, 0.29, 0.21))  # the amounts run to twelve digits and more
    body: list[object] = [Paragraph("구매상담 Consultations", look.heading), boxes, Spacer(0, 2 * mm)]
    asked = [q.exhibitor.name for q in results.without_meeting if q.requested]
    others = [q.exhibitor.name for q in results.without_meeting if not q.requested]
    for heading, names in (("요청 있었으나 이날 상담 없음 Requested, none held this day", asked),
                           ("이날 상담 없는 그 밖의 기업 Other exhibitors without a meeting this day", others)):
        if names:
            body.append(Paragraph(f'<font name="{look.bold}">{escape(heading)}</font> ({len(names):,}): '
                                  f"{escape(_named(names))}", look.cell))
    return [KeepTogether(body), Spacer(0, 2 * mm)]
