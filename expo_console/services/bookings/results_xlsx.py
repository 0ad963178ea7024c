"""The studio's and the photo corner's sheets of the results workbook (성과 보고서 XLSX): each kind's
key figures, its breakdowns and every booking with what the channel reported, appended after the
consultations' sheets (services/consultations/results_xlsx.py) when the event has bookings of
the kind. Figures are numbers (sales in won), so Excel's sums agree with the PDF to the won; the
peak concurrent viewers of a total is the highest, not a sum (peaks of two broadcasts are not
one audience).
"""

from __future__ import annotations

from collections.abc import Sequence

from expo_console.domain.booking_results import (
    BookingFigures,
    BookingItem,
    BookingLine,
    BookingResults,
)
from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings.results_pdf import STATUS_TEXT
from expo_console.services.consultations.results_kit import scope_of
from expo_console.services.table_files import Sheet

STUDIO_HEADER = ["예약 Booked", "방송 Held", "노쇼 No-show", "취소 Cancelled", "예정 Still booked", "시청자 Viewers",
                 "최고 동시 시청 Peak viewers", "주문 Orders", "판매액(원) Sales KRW"]
PHOTO_HEADER = ["예약 Booked", "촬영 Held", "노쇼 No-show", "취소 Cancelled", "예정 Still booked",
                "전달 사진 Photos delivered"]
ITEM_HEADER = ["일자 Day", "시작 Starts", "종료 Ends", "세트 Set", "부스 Booth", "기업 Exhibitor", "분야 Sector"]


def studio_row(f: BookingFigures) -> list[object]:
    return [f.planned, f.held, f.no_show, f.cancelled, f.booked, f.viewers, f.peak_viewers, f.orders, f.sales_krw]


def photo_row(f: BookingFigures) -> list[object]:
    return [f.planned, f.held, f.no_show, f.cancelled, f.booked, f.photos]


def summary_rows(results: BookingResults) -> list[list[object]]:
    t = results.totals
    noun = "방송 Broadcasts" if results.kind == BookingKind.STUDIO else "촬영 Shoots"
    rows: list[list[object]] = [
        ["범위 Scope", scope_of(results.day, results.days)], [f"예약 {noun} booked", t.planned], [f"완료 {noun} held", t.held], ["노쇼 No-shows", t.no_show],
        ["취소 Cancelled", t.cancelled], ["예정 Still booked", t.booked]]
    if results.kind == BookingKind.STUDIO:
        rows += [["시청자 Viewers", t.viewers], ["최고 동시 시청 Peak concurrent viewers (highest)", t.peak_viewers],
                 ["최고 동시 시청 평균 Average peak per broadcast", t.average_peak], ["주문 Orders", t.orders],
                 ["판매액(원) Sales (KRW)", t.sales_krw]]
    else:
        rows.append(["전달 사진 Photos delivered", t.photos])
    rows += [["요청 Requests", results.requests], ["요청 기업 Exhibitors who asked", results.asked],
             ["배정 기업 Exhibitors given a slot", results.served],
             ["완료 기업 Exhibitors with one held", results.exhibitors_held],
             ["미배정 기업 Asked, given no slot", len(results.not_served)]]
    return rows


def _lines(title: str, first: str, lines: Sequence[BookingLine], totals: BookingFigures, studio: bool) -> Sheet:
    row, header = (studio_row, STUDIO_HEADER) if studio else (photo_row, PHOTO_HEADER)
    rows: list[list[object]] = [[line.name, line.name_en, *row(line.figures)] for line in lines]
    rows.append(["합계 Total", "", *row(totals)])
    return Sheet(title, [first, first.split(" ", 1)[-1], *header], rows)


def _exhibitors(title: str, results: BookingResults, studio: bool) -> Sheet:
    row, header = (studio_row, STUDIO_HEADER) if studio else (photo_row, PHOTO_HEADER)
    rows: list[list[object]] = [[line.booth, line.name, line.name_en, line.sector_name, *row(line.figures)]
                                for line in results.by_exhibitor]
    rows.append(["", "합계 Total", "", "", *row(results.totals)])
    return Sheet(title, ["부스 Booth", "기업 Exhibitor", "Exhibitor (EN)", "분야 Sector", *header], rows)


def _item(item: BookingItem) -> list[object]:
    return [item.day.isoformat(), item.starts.strftime("%H:%M"), item.ends.strftime("%H:%M"), item.resource,
            item.exhibitor.booth, item.exhibitor.name, item.exhibitor.sector_name]


def studio_sheets(results: BookingResults) -> list[Sheet]:
    t = results.totals
    items = [[*_item(i), i.channel, STATUS_TEXT[i.status], i.viewers, i.peak_viewers, i.orders, i.sales_krw]
             for i in results.items]
    figures = ["채널 Channel", "상태 Status", "시청자 Viewers", "최고 동시 시청 Peak viewers", "주문 Orders",
               "판매액(원) Sales KRW"]
    top = [[rank, *_item(i), i.channel, i.viewers, i.peak_viewers, i.orders, i.sales_krw]
           for rank, i in enumerate(results.top, start=1)]
    return [
        Sheet("방송 요약 Studio summary", ["항목 Item", "값 Value"], summary_rows(results)),
        _lines("방송 일자별 Studio by day", "일자 Day", results.by_day, t, True),
        _lines("방송 분야별 Studio by sector", "분야 Sector", results.by_sector, t, True),
        _lines("방송 채널별 Studio by channel", "채널 Channel", results.by_channel, t, True),
        _exhibitors("방송 기업별 Studio by exhibitor", results, True),
        Sheet("상위 방송 Top broadcasts", ["#", *ITEM_HEADER, "채널 Channel", *figures[2:]], top),
        Sheet("방송 목록 Broadcasts", [*ITEM_HEADER, *figures], items),
    ]


def photo_sheets(results: BookingResults) -> list[Sheet]:
    items = [[*_item(i), STATUS_TEXT[i.status], i.photos] for i in results.items]
    return [
        Sheet("촬영 요약 Photo summary", ["항목 Item", "값 Value"], summary_rows(results)),
        _lines("촬영 일자별 Shoots by day", "일자 Day", results.by_day, results.totals, False),
        _exhibitors("촬영 기업별 Shoots by exhibitor", results, False),
        Sheet("촬영 목록 Shoots", [*[h.replace("세트 Set", "코너 Corner") for h in ITEM_HEADER], "상태 Status",
                                  "전달 사진 Photos delivered"], items),
    ]


def booking_sheets(studio: BookingResults | None, photo: BookingResults | None) -> list[Sheet]:
    """The kinds' sheets: none for a kind the event has no booking of."""
    return [*(studio_sheets(studio) if studio else ()), *(photo_sheets(photo) if photo else ())]
