"""The results report (성과 보고서) as an XLSX workbook: the key figures, then one sheet per
breakdown (day, sector, buyer country, exhibitor), the exhibitors without a meeting and the top
pairs. Amounts are numbers in won, so the organizer's own sums in Excel agree with the PDF to
the won. The studio's and photo corner's sheets follow when the event has bookings
(services/bookings/results_xlsx.py). Written through services/table_files.py, the one table writer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from expo_console.domain.consultation_results import Figures, Line, Results
from expo_console.domain.countries import country_names
from expo_console.services.bookings.results_xlsx import booking_sheets
from expo_console.services.consultations.results import report_results
from expo_console.services.consultations.results_pdf import QUIET_REASONS, buyer_label, scope_text
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.services.table_files import Sheet, write_workbook
from expo_console.storage.connection import EventStore

FIGURE_HEADER = ["배정 Planned", "상담 Held", "노쇼 No-show", "취소 Cancelled", "예정 Still scheduled",
                 "상담액(원) Amount KRW", "계약추진 Contracts", "계약추진액(원) Contract KRW"]


def figure_row(f: Figures) -> list[object]:
    return [f.planned, f.held, f.no_show, f.cancelled, f.scheduled, f.amount_krw, f.contracts, f.contract_krw]


def summary_rows(results: Results) -> list[list[object]]:
    t = results.totals
    return [
        ["범위 Scope", scope_text(results)],
        ["환율 (원/USD) Rate (KRW per USD)", results.usd_rate],
        ["USD로 입력된 상담액 Amounts typed in USD (USD)", results.usd_amount],
        ["USD로 입력된 상담 Meetings with a USD amount", results.usd_meetings],
        ["배정 Planned", t.planned], ["상담 완료 Held", t.held], ["노쇼 No-shows", t.no_show],
        ["취소 Cancelled", t.cancelled], ["예정 Still scheduled", t.scheduled],
        ["상담액(원) Consultation amount (KRW)", t.amount_krw],
        ["계약추진 건수 Contracts expected", t.contracts], ["계약추진액(원) Contract amount (KRW)", t.contract_krw],
        ["참가 기업 Exhibitors", results.exhibitors], ["상담 기업 Exhibitors met", results.exhibitors_met],
        ["상담 없는 기업 Exhibitors without a meeting held", len(results.without_meeting)],
        ["요청 있었으나 상담 없음 Requested, none held", results.requested_unmet],
        ["상담한 바이어 Buyers met", results.buyers_met],
        ["삭제된 바이어의 상담 Meetings of erased buyers", results.erased_meetings],
    ]


def _lines(title: str, first: Sequence[str], lines: Sequence[Line], totals: Figures) -> Sheet:
    rows: list[list[object]] = [[line.name, line.name_en, *figure_row(line.figures)] for line in lines]
    rows.append(["합계 Total", "", *figure_row(totals)])
    return Sheet(title, [*first, *FIGURE_HEADER], rows)


def sheets_of(results: Results) -> list[Sheet]:
    quiet = [[q.exhibitor.booth, q.exhibitor.name, q.exhibitor.name_en, q.exhibitor.sector_name, q.requests,
              q.figures.planned, q.figures.no_show, q.figures.cancelled, QUIET_REASONS[q.reason]]
             for q in results.without_meeting]
    pairs = [[rank, buyer_label(p), *country_names(p.country), p.exhibitor.name, p.exhibitor.booth, p.figures.held,
              p.figures.amount_krw, p.figures.contracts, p.figures.contract_krw]
             for rank, p in enumerate(results.top_pairs, start=1)]
    exhibitors = [[line.booth, line.name, line.name_en, line.sector_name, *figure_row(line.figures)]
                  for line in results.by_exhibitor]
    exhibitors.append(["", "합계 Total", "", "", *figure_row(results.totals)])
    consultations = [
        Sheet("요약 Summary", ["항목 Item", "값 Value"], summary_rows(results)),
        _lines("일자별 By day", ["일자 Day", "Day"], results.by_day, results.totals),
        _lines("분야별 By sector", ["분야 Sector", "Sector"], results.by_sector, results.totals),
        _lines("국가별 By country", ["국가 Country", "Country"], results.by_country, results.totals),
        Sheet("기업별 By exhibitor", ["부스 Booth", "기업 Exhibitor", "Exhibitor (EN)", "분야 Sector", *FIGURE_HEADER],
              exhibitors),
        Sheet("상담없음 No meeting", ["부스 Booth", "기업 Exhibitor", "Exhibitor (EN)", "분야 Sector", "요청 Requests",
                                     "배정 Planned", "노쇼 No-show", "취소 Cancelled", "사유 Why"], quiet),
        Sheet("상위 Top pairs", ["#", "바이어 회사 Buyer company", "국가 Country", "Country", "기업 Exhibitor",
                                 "부스 Booth", "상담 Held", "상담액(원) Amount KRW", "계약추진 Contracts",
                                 "계약추진액(원) Contract KRW"], pairs),
    ]
    return [*(consultations if results.has_consultations else ()), *booking_sheets(results.studio, results.photo)]


def write_results_xlsx(store: EventStore, out: Path | str, day: dt.date | None = None, *,
                       progress: ProgressCallback = no_progress) -> Results:
    """Write the results of `day` (None: the whole event) to an .xlsx; returns the figures written."""
    results = report_results(store, day)
    progress(1, 2)
    write_workbook(Path(out), sheets_of(results))
    progress(2, 2)
    return results
