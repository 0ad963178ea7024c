"""The studio's and the photo corner's sections of the results report (성과 보고서) and of the daily
traffic report, drawn in the consultations' look (services/consultations/results_kit.py).

The results report gains, after the consultations' tables, a studio section (headline figures;
by day, sector, channel and exhibitor; the top broadcasts by sales; the exhibitors who asked and
were given no slot) and a photo section (shoots and photos delivered, by day and exhibitor),
each only when the event has bookings of the kind. The daily traffic report gains the day's
broadcasts with their viewers, orders and sales, and the shoots with the photos delivered.
Every figure is domain/booking_results.BookingResults, as the Results page shows it.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, KeepTogether, Paragraph, Spacer

from expo_console.domain.booking_records import BookingStatus
from expo_console.domain.booking_results import (
    BookingFigures,
    BookingItem,
    BookingLine,
    BookingResults,
)
from expo_console.services.consultations.results_kit import (
    Look,
    both,
    cell,
    grid,
    section,
    tiles,
    won,
)

STUDIO_TITLE = "라이브커머스 스튜디오 Live-commerce studio"
PHOTO_TITLE = "무료 제품 사진촬영 Product photo shoots"
STATUS_TEXT = {BookingStatus.BOOKED: "예약 Booked", BookingStatus.HELD: "완료 Held",
               BookingStatus.NO_SHOW: "노쇼 No-show", BookingStatus.CANCELLED: "취소 Cancelled"}
STUDIO_HEADERS = ["예약\nBooked", "방송\nHeld", "노쇼\nNo-show", "취소\nCancelled", "시청자\nViewers",
                  "최고 동시\nPeak", "주문\nOrders", "판매액(원)\nSales KRW"]
PHOTO_HEADERS = ["예약\nBooked", "촬영\nHeld", "노쇼\nNo-show", "취소\nCancelled", "전달 사진\nPhotos"]
NAMED_NOT_SERVED = 40


def studio_cells(f: BookingFigures) -> list[object]:
    return [f"{f.planned:,}", f"{f.held:,}", f"{f.no_show:,}", f"{f.cancelled:,}", f"{f.viewers:,}",
            f"{f.peak_viewers:,}", f"{f.orders:,}", won(f.sales_krw)]


def photo_cells(f: BookingFigures) -> list[object]:
    return [f"{f.planned:,}", f"{f.held:,}", f"{f.no_show:,}", f"{f.cancelled:,}", f"{f.photos:,}"]


def when(item: BookingItem) -> str:
    return f"{item.day.strftime('%m-%d')} {item.starts.strftime('%H:%M')}–{item.ends.strftime('%H:%M')}"


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


def served_text(results: BookingResults) -> str:
    return f"완료 held {results.exhibitors_held:,} · 미배정 given no slot {len(results.not_served):,}"


def opening(title: str, headline: object, look: Look, note: str = "") -> list[object]:
    """A kind's title and headline figures, kept together, starting where there is room for
    them and a table (never a title alone at a page's foot)."""
    kept: list[object] = [Paragraph(escape(title), look.title), Spacer(0, 2 * mm), headline]
    if note:
        kept += [Spacer(0, 2 * mm), Paragraph(escape(note), look.note)]
    return [CondPageBreak(110 * mm), Spacer(0, 6 * mm), KeepTogether(kept)]


# The results report ----------------------------------------------------------------------------

def booking_sections(studio: BookingResults | None, photo: BookingResults | None, look: Look) -> list[object]:
    """The report's studio and photo sections: none for a kind the event has no booking of."""
    story: list[object] = []
    if studio is not None:
        story += studio_sections(studio, look)
    if photo is not None:
        story += photo_sections(photo, look)
    return story


def studio_headline(results: BookingResults, look: Look) -> object:
    t = results.totals
    share = t.no_show_share
    average = t.average_peak
    return tiles([
        ("방송 완료 Broadcasts held", f"{t.held:,}건", f"예약 booked {t.planned:,} · 예정 still to come {t.booked:,}"),
        ("노쇼 No-shows", f"{t.no_show:,}건",
         ("" if share is None else f"노쇼율 {share:.0%} of outcomes · ") + f"취소 cancelled {t.cancelled:,}"),
        ("판매액 Sales", f"{won(t.sales_krw)}원", f"주문 orders {t.orders:,}건 · 방송 완료 건 합계 broadcasts held"),
        ("시청자 Viewers", f"{t.viewers:,}명", "채널 집계 as the channels reported"),
        ("최고 동시 시청 Peak concurrent", "—" if average is None else f"{t.peak_viewers:,}명",
         "" if average is None else f"방송당 평균 average per broadcast {average:,}"),
        ("참여 기업 Exhibitors served", f"{results.served:,} / {results.asked:,}", served_text(results)),
    ], look)


def studio_sections(results: BookingResults, look: Look) -> list[object]:
    t = results.totals
    story = opening(STUDIO_TITLE, studio_headline(results, look), look,
                    "판매액은 원(KRW)이며 방송 완료 건만 합산합니다. 최고 동시 시청은 방송 중 가장 높은 값입니다. Sales "
                    "are in won, broadcasts held only; the peak is the highest of any broadcast.")
    if results.day is None and len(results.by_day) > 1:
        story += section("방송 일자별 Studio by day", studio_breakdown(results.by_day, "일자 Day", t, look), look,
                         keep=True)
    story += section("방송 분야별 Studio by sector", studio_breakdown(results.by_sector, "분야 Sector", t, look), look,
                     keep=True)
    story += section("방송 채널별 Studio by channel", studio_breakdown(results.by_channel, "채널 Channel", t, look),
                     look, keep=True)
    story += section(f"방송 기업별 Studio by exhibitor ({len(results.by_exhibitor):,})",
                     studio_exhibitors(results, look), look)
    story += section("상위 방송 (판매액 순) Top broadcasts by sales", top_table(results.top, look), look, keep=True)
    story += not_served(results, look)
    return story


def studio_breakdown(lines: Sequence[BookingLine], first: str, totals: BookingFigures, look: Look) -> object:
    if not lines:
        return Paragraph("방송 없음. No broadcasts.", look.cell)
    rows: list[list[object]] = [[first.replace(" ", "\n", 1), *STUDIO_HEADERS]]
    rows += [[cell(both(line.name, line.name_en), look), *studio_cells(line.figures)] for line in lines]
    rows.append(["합계 Total", *studio_cells(totals)])
    return grid(rows, (0.27, 0.07, 0.07, 0.07, 0.07, 0.11, 0.1, 0.09, 0.15), look, total_row=True)


def studio_exhibitors(results: BookingResults, look: Look) -> object:
    if not results.by_exhibitor:
        return Paragraph("예약된 방송 없음. No broadcasts booked.", look.cell)
    rows: list[list[object]] = [["부스\nBooth", "기업\nExhibitor", "분야\nSector", *STUDIO_HEADERS]]
    rows += [[line.booth, cell(line.name, look), cell(line.sector_name, look), *studio_cells(line.figures)]
             for line in results.by_exhibitor]
    rows.append(["", "합계 Total", "", *studio_cells(results.totals)])
    return grid(rows, (0.06, 0.2, 0.1, 0.065, 0.065, 0.065, 0.07, 0.09, 0.08, 0.065, 0.14), look, total_row=True,
                numbers_from=3)


def top_table(top: Sequence[BookingItem], look: Look) -> object:
    if not top:
        return Paragraph("결과가 입력된 방송이 아직 없습니다. No results entered yet.", look.cell)
    rows: list[list[object]] = [["#", "일시\nWhen", "세트\nSet", "기업\nExhibitor", "채널\nChannel", "시청자\nViewers",
                                 "최고 동시\nPeak", "주문\nOrders", "판매액(원)\nSales KRW"]]
    for rank, item in enumerate(top, start=1):
        rows.append([f"{rank}", when(item), cell(item.resource, look), cell(item.exhibitor.name, look),
                     cell(item.channel, look), _count(item.viewers), _count(item.peak_viewers), _count(item.orders),
                     won(item.sales_krw or 0)])
    return grid(rows, (0.04, 0.15, 0.08, 0.21, 0.14, 0.09, 0.08, 0.07, 0.14), look, numbers_from=5)


def not_served(results: BookingResults, look: Look) -> list[object]:
    """The companies who asked and were given no slot: the studio's complaint, by name."""
    names = [e.name for e in results.not_served]
    if not names:
        return []
    text = ", ".join(names[:NAMED_NOT_SERVED])
    if len(names) > NAMED_NOT_SERVED:
        text += f" 외 {len(names) - NAMED_NOT_SERVED:,}곳 and {len(names) - NAMED_NOT_SERVED:,} more"
    return [Spacer(0, 2 * mm), Paragraph(f'<font name="{look.bold}">요청했으나 미배정 Asked, given no slot</font> '
                                         f"({len(names):,}): {escape(text)}", look.cell)]


def photo_headline(results: BookingResults, look: Look) -> object:
    t = results.totals
    per_shoot = f"촬영당 평균 per shoot {t.photos / t.held:,.1f}" if t.held else ""
    return tiles([
        ("촬영 완료 Shoots held", f"{t.held:,}건", f"예약 booked {t.planned:,} · 예정 to come {t.booked:,}"),
        ("노쇼 No-shows", f"{t.no_show:,}건", f"취소 cancelled {t.cancelled:,}"),
        ("전달 사진 Photos delivered", f"{t.photos:,}장", per_shoot),
        ("참여 기업 Exhibitors served", f"{results.served:,} / {results.asked:,}", served_text(results)),
    ], look, per_row=4)


def photo_sections(results: BookingResults, look: Look) -> list[object]:
    t = results.totals
    story = opening(PHOTO_TITLE, photo_headline(results, look), look)
    if results.day is None and len(results.by_day) > 1:
        story += section("촬영 일자별 Shoots by day", photo_breakdown(results.by_day, "일자 Day", t, look), look,
                         keep=True)
    story += section(f"촬영 기업별 Shoots by exhibitor ({len(results.by_exhibitor):,})", photo_exhibitors(results, look),
                     look)
    story += not_served(results, look)
    return story


def photo_breakdown(lines: Sequence[BookingLine], first: str, totals: BookingFigures, look: Look) -> object:
    rows: list[list[object]] = [[first.replace(" ", "\n", 1), *PHOTO_HEADERS]]
    rows += [[cell(both(line.name, line.name_en), look), *photo_cells(line.figures)] for line in lines]
    rows.append(["합계 Total", *photo_cells(totals)])
    return grid(rows, (0.45, 0.11, 0.11, 0.11, 0.11, 0.11), look, total_row=True)


def photo_exhibitors(results: BookingResults, look: Look) -> object:
    if not results.by_exhibitor:
        return Paragraph("예약된 촬영 없음. No shoots booked.", look.cell)
    rows: list[list[object]] = [["부스\nBooth", "기업\nExhibitor", "분야\nSector", *PHOTO_HEADERS]]
    rows += [[line.booth, cell(line.name, look), cell(line.sector_name, look), *photo_cells(line.figures)]
             for line in results.by_exhibitor]
    rows.append(["", "합계 Total", "", *photo_cells(results.totals)])
    return grid(rows, (0.07, 0.3, 0.18, 0.09, 0.09, 0.09, 0.09, 0.09), look, total_row=True, numbers_from=3)


# The daily traffic report's section -------------------------------------------------------------

def day_section(studio: BookingResults | None, photo: BookingResults | None, look: Look) -> list[object]:
    """The day's broadcasts (each with its viewers, peak, orders and sales) and shoots (photos
    delivered), for the daily traffic report; a kind with nothing booked that day is left out,
    and the section with both."""
    studio, photo = (r if r is not None and r.totals.planned + r.totals.cancelled else None for r in (studio, photo))
    if studio is None and photo is None:
        return []  # nothing booked this day: no section
    story: list[object] = [Paragraph("라이브커머스·사진촬영 Studio and photo shoots", look.heading)]
    if studio is not None:
        t = studio.totals
        story += [tiles([
            ("방송 완료 Broadcasts held", f"{t.held:,}건", f"노쇼 no-shows {t.no_show:,} · 취소 cancelled "
                                                        f"{t.cancelled:,} · 예정 to come {t.booked:,}"),
            ("시청자 Viewers", f"{t.viewers:,}명", f"최고 동시 peak {t.peak_viewers:,}"),
            ("주문 Orders", f"{t.orders:,}건", ""),
            ("판매액 Sales", f"{won(t.sales_krw)}원", ""),
        ], look, per_row=4, widths=(0.28, 0.22, 0.18, 0.32)), Spacer(0, 2 * mm), day_broadcasts(studio, look)]
    if photo is not None:
        t = photo.totals
        story += [Spacer(0, 2 * mm), tiles([
            ("촬영 완료 Shoots held", f"{t.held:,}건", f"노쇼 no-shows {t.no_show:,} · 취소 cancelled {t.cancelled:,}"
                                                    f" · 예정 to come {t.booked:,}"),
            ("전달 사진 Photos delivered", f"{t.photos:,}장", f"기업 exhibitors {photo.exhibitors_held:,}"),
        ], look, per_row=2)]
    return [KeepTogether(story[:3]), *story[3:], Spacer(0, 2 * mm)]


def day_broadcasts(results: BookingResults, look: Look) -> object:
    if not results.items:
        return Paragraph("이날 방송 없음. No broadcasts this day.", look.cell)
    rows: list[list[object]] = [["시간\nTime", "세트\nSet", "기업\nExhibitor", "채널\nChannel", "상태\nStatus",
                                 "시청자\nViewers", "최고 동시\nPeak", "주문\nOrders", "판매액(원)\nSales KRW"]]
    for item in results.items:
        rows.append([f"{item.starts.strftime('%H:%M')}–{item.ends.strftime('%H:%M')}", cell(item.resource, look),
                     cell(item.exhibitor.name, look), cell(item.channel, look), cell(STATUS_TEXT[item.status], look),
                     _count(item.viewers), _count(item.peak_viewers), _count(item.orders),
                     "" if item.sales_krw is None else won(item.sales_krw)])
    rows.append(["합계 Total", "", "", "", "", f"{results.totals.viewers:,}", f"{results.totals.peak_viewers:,}",
                 f"{results.totals.orders:,}", won(results.totals.sales_krw)])
    return grid(rows, (0.1, 0.07, 0.18, 0.15, 0.12, 0.08, 0.08, 0.07, 0.15), look, total_row=True, numbers_from=5)
