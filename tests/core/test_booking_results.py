"""The studio's and photo shoots' results join the results report (성과 보고서): the figures equal
the results entered, in the summary, the PDF's text and the XLSX read back, by sector and by
exhibitor to the won; a no-show's figures do not count; the waiting list's companies are named;
an event without bookings keeps the consultations' report as it was, and one with the studio
alone has no empty consultation tables; the daily traffic report has the day's broadcasts.
Hypothesis: every breakdown of any bookings adds up to the totals (the peak: their highest)."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from booking_outcomes import Booked, enter_broadcasts, enter_shoots
from booking_support import studio
from consultation_outcomes import Entered, enter_outcomes
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates
from hypothesis import given, settings
from hypothesis import strategies as st

from expo_console.domain.booking_records import BookingRecord, BookingStatus, RequestRecord
from expo_console.domain.booking_results import summarise_bookings
from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultation_results import ExhibitorName
from expo_console.services.bookings import allocation, greedy, outcomes
from expo_console.services.bookings import schedule as booking_schedule
from expo_console.services.bookings import setup as booking_setup
from expo_console.services.bookings.results import booking_results
from expo_console.services.consultations import schedule
from expo_console.services.consultations.results import consultation_results, report_results
from expo_console.services.consultations.results_files import write_results_file
from expo_console.services.traffic.report import write_day_report

CONSULTATION_SHEETS = ["요약 Summary", "일자별 By day", "분야별 By sector", "국가별 By country", "기업별 By exhibitor",
                       "상담없음 No meeting", "상위 Top pairs"]
STUDIO_SHEETS = ["방송 요약 Studio summary", "방송 일자별 Studio by day", "방송 분야별 Studio by sector",
                 "방송 채널별 Studio by channel", "방송 기업별 Studio by exhibitor", "상위 방송 Top broadcasts",
                 "방송 목록 Broadcasts"]
PHOTO_SHEETS = ["촬영 요약 Photo summary", "촬영 일자별 Shoots by day", "촬영 기업별 Shoots by exhibitor", "촬영 목록 Shoots"]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def flat(path: Path) -> str:
    return " ".join(pdf_text(path).split())


@dataclass
class Event:
    zone: Zone
    meetings: Entered
    broadcasts: Booked
    shoots: Booked


@pytest.fixture
def event(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Event]:
    zone = consultation_zone(event_templates, tmp_path / "event.expo", buyers=12, exhibitors=8, wishes=3)
    schedule.solve_schedule(zone.store, time_limit=5)
    made = Event(zone, enter_outcomes(zone), enter_broadcasts(zone.store), enter_shoots(zone.store))
    yield made
    zone.store.close()


def by_exhibitor(booked: Booked, figures: dict[str, int]) -> dict[str, int]:
    sums: dict[str, int] = defaultdict(int)
    for b in booked.held:
        sums[b.exhibitor_id] += figures.get(b.id, 0)
    return dict(sums)


def test_the_summary_equals_the_results_entered(event: Event) -> None:
    results = report_results(event.zone.store)
    studio_results, photo = results.studio, results.photo
    assert studio_results is not None and photo is not None
    assert results.totals == consultation_results(event.zone.store).totals  # the consultations' as they were
    t = studio_results.totals
    assert (t.held, t.no_show, t.cancelled, t.booked) == (3, 2, 1, 3)
    # the no-show's figures, typed before it was found out, are not a result
    assert (t.viewers, t.orders, t.sales_krw) == (7_000, 172, 17_200_000)
    assert t.peak_viewers == 900 and t.average_peak == round((350 + 500 + 900) / 3)
    sales = by_exhibitor(event.broadcasts, event.broadcasts.sales)
    assert {line.key: line.figures.sales_krw for line in studio_results.by_exhibitor if line.figures.sales_krw} == sales
    assert {line.key: line.figures.viewers for line in studio_results.by_exhibitor if line.figures.viewers} \
        == by_exhibitor(event.broadcasts, event.broadcasts.viewers)
    # every breakdown adds up to the totals; a sector holds its exhibitors' sales
    for lines in (studio_results.by_day, studio_results.by_sector, studio_results.by_channel,
                  studio_results.by_exhibitor):
        assert sum(line.figures.sales_krw for line in lines) == t.sales_krw
        assert sum(line.figures.orders for line in lines) == t.orders
        assert sum(line.figures.held for line in lines) == t.held
        assert max(line.figures.peak_viewers for line in lines) == t.peak_viewers
    names = booking_setup.exhibitor_names(event.zone.store)
    per_sector: dict[str, int] = defaultdict(int)
    for exhibitor_id, amount in sales.items():
        per_sector[names[exhibitor_id].sector] += amount
    assert {line.key: line.figures.sales_krw for line in studio_results.by_sector if line.figures.sales_krw} \
        == dict(per_sector)
    assert [line.name for line in studio_results.by_channel] == ["네이버 쇼핑라이브"]
    assert [i.sales_krw for i in studio_results.top] == [12_500_000, 3_200_000, 1_500_000]  # by sales
    assert studio_results.top[0].id == event.broadcasts.held[2].id
    # ten asked, nine were given a slot (whatever became of it), one waits and is named
    assert (studio_results.asked, studio_results.served, studio_results.exhibitors_held) == (10, 9, 3)
    assert [e.id for e in studio_results.not_served] == event.broadcasts.waiting and event.broadcasts.waiting
    p = photo.totals
    assert (p.held, p.no_show, p.booked, p.photos) == (3, 1, 1, 66)
    assert {line.key: line.figures.photos for line in photo.by_exhibitor if line.figures.photos} \
        == by_exhibitor(event.shoots, event.shoots.photos)
    assert sum(line.figures.photos for line in photo.by_day) == 66


def test_one_day_alone(event: Event) -> None:
    day = event.broadcasts.held[0].day
    results = booking_results(event.zone.store, BookingKind.STUDIO, day)
    assert results is not None and results.day == day and results.days == (day,)
    on_day = [b for b in event.broadcasts.held if b.day == day]
    assert results.totals.sales_krw == sum(event.broadcasts.sales[b.id] for b in on_day)
    assert [i.id for i in results.items] == [b.id for b in event.broadcasts.every
                                             if b.day == day and b not in event.broadcasts.cancelled]
    assert [line.key for line in results.by_day] == [day.isoformat()]


def test_the_pdf_and_the_xlsx_agree_with_the_summary_to_the_won(event: Event, tmp_path: Path) -> None:
    results = write_results_file(event.zone.store, tmp_path / "results.pdf")
    assert write_results_file(event.zone.store, tmp_path / "results.xlsx") == results
    studio_results, photo = results.studio, results.photo
    assert studio_results is not None and photo is not None
    text = flat(tmp_path / "results.pdf")
    assert "성과 보고서 Results: 구매상담·라이브커머스·사진촬영" in text
    assert "구매상담" in text and "34,800,000원" in text  # the consultations' figures come first, as they were
    studio_part = text.split("라이브커머스 스튜디오 Live-commerce studio", 1)[1]
    assert text.index("Top pairs by amount") < text.index("Live-commerce studio") < text.index("Product photo shoots")
    assert "17,200,000원" in studio_part and "7,000명" in studio_part and "900명" in studio_part
    t = studio_results.totals
    total_row = "합계 Total " + " ".join(f"{v:,}" for v in (t.planned, t.held, t.no_show, t.cancelled, t.viewers,
                                                          t.peak_viewers, t.orders, t.sales_krw))
    assert studio_part.count(total_row) >= 4  # by day, sector, channel and exhibitor each end with it
    for line in studio_results.by_exhibitor:  # every exhibitor's row: the name, then its figures
        f = line.figures
        assert f"{f.viewers:,} {f.peak_viewers:,} {f.orders:,} {f.sales_krw:,}" in studio_part.split(line.name, 1)[1]
    waiting = studio_results.not_served[0]
    assert f"Asked, given no slot (1): {waiting.name}" in studio_part
    photo_part = text.split("Product photo shoots", 1)[1]
    assert "66장" in photo_part and "합계 Total 5 3 1 0 66" in photo_part

    book = openpyxl.load_workbook(tmp_path / "results.xlsx")
    assert book.sheetnames == CONSULTATION_SHEETS + STUDIO_SHEETS + PHOTO_SHEETS
    summary = {row[0]: row[1] for row in book["방송 요약 Studio summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["판매액(원) Sales (KRW)"] == 17_200_000 and summary["시청자 Viewers"] == 7_000
    assert summary["최고 동시 시청 Peak concurrent viewers (highest)"] == 900
    assert summary["미배정 기업 Asked, given no slot"] == 1
    for title in ("방송 일자별 Studio by day", "방송 분야별 Studio by sector", "방송 채널별 Studio by channel"):
        header = [c.value for c in book[title][1]]
        rows = list(book[title].iter_rows(min_row=2, values_only=True))
        sales = header.index("판매액(원) Sales KRW")
        assert sum(r[sales] for r in rows[:-1]) == rows[-1][sales] == 17_200_000  # numbers that add up
    exhibitors = list(book["방송 기업별 Studio by exhibitor"].iter_rows(min_row=2, values_only=True))
    assert {r[1]: r[-1] for r in exhibitors[:-1] if r[-1]} == {
        line.name: line.figures.sales_krw for line in studio_results.by_exhibitor if line.figures.sales_krw}
    top = list(book["상위 방송 Top broadcasts"].iter_rows(min_row=2, values_only=True))
    assert [r[-1] for r in top] == [12_500_000, 3_200_000, 1_500_000]
    assert len(list(book["방송 목록 Broadcasts"].iter_rows(min_row=2))) == 8  # all but the cancelled
    shoots = list(book["촬영 기업별 Shoots by exhibitor"].iter_rows(min_row=2, values_only=True))
    assert shoots[-1][-1] == 66 and sum(r[-1] for r in shoots[:-1]) == 66


def test_an_event_without_bookings_keeps_the_consultations_report(event_templates: EventTemplates,
                                                                  tmp_path: Path) -> None:
    zone = consultation_zone(event_templates, tmp_path / "event.expo", buyers=12, exhibitors=8, wishes=3)
    try:
        schedule.solve_schedule(zone.store, time_limit=5)
        enter_outcomes(zone)
        results = write_results_file(zone.store, tmp_path / "r.pdf")
        write_results_file(zone.store, tmp_path / "r.xlsx")
        assert results.studio is None and results.photo is None
        text = flat(tmp_path / "r.pdf")
        assert "구매상담 성과 보고서 Consultation results" in text and "studio" not in text.lower()
        assert openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames == CONSULTATION_SHEETS
    finally:
        zone.store.close()


def test_an_event_with_the_studio_alone_has_no_empty_consultation_tables(event_templates: EventTemplates,
                                                                         tmp_path: Path) -> None:
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=4)
    try:
        store = made.store
        allocation.solve_bookings(store, BookingKind.STUDIO, solver=greedy.solve_greedy)
        first = booking_schedule.bookings(store, BookingKind.STUDIO)[0]
        outcomes.record_results(store, first.id, outcomes.Results(viewers=100, orders=2, sales="50000"))
        results = write_results_file(store, tmp_path / "r.pdf")
        write_results_file(store, tmp_path / "r.xlsx")
        assert results.studio is not None and results.photo is None and not results.has_consultations
        text = flat(tmp_path / "r.pdf")
        assert "라이브커머스·사진촬영 성과 보고서 Studio and photo shoot results" in text
        assert "Consultations held" not in text and "Top pairs" not in text and "50,000원" in text
        first = made.days[0].isoformat()
        assert f"전체 기간 Whole event · {first} – {first}" in text  # the studio's days, there being no other
        book = openpyxl.load_workbook(tmp_path / "r.xlsx")
        assert book.sheetnames == STUDIO_SHEETS
        assert next(book["방송 요약 Studio summary"].iter_rows(min_row=2, values_only=True)) == (
            "범위 Scope", f"전체 기간 Whole event · {first} – {first}")
    finally:
        made.store.close()


def test_the_report_command_prints_the_studios_figures(event: Event, tmp_path: Path) -> None:
    event.zone.store.close()
    run = subprocess.run([sys.executable, "-m", "expo_console", "meetings", "report", "--db",
                          str(tmp_path / "event.expo"), "--out", str(tmp_path / "r.xlsx")],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["amount_krw"] == 34_800_000  # the consultations' as before
    assert figures["studio"]["sales_krw"] == 17_200_000 and figures["studio"]["held"] == 3
    assert figures["studio"]["exhibitors_not_served"] == 1 and figures["photo"]["photos_delivered"] == 66
    assert "방송 요약 Studio summary" in openpyxl.load_workbook(tmp_path / "r.xlsx").sheetnames


def test_the_daily_traffic_report_has_the_days_broadcasts_and_shoots(event: Event, tmp_path: Path) -> None:
    day = event.shoots.held[0].day  # the shoots are on day one, with broadcasts
    expected = booking_results(event.zone.store, BookingKind.STUDIO, day)
    assert expected is not None and expected.items
    write_day_report(event.zone.store, day, tmp_path / "day.pdf")
    text = flat(tmp_path / "day.pdf")
    assert "구매상담 Consultations" in text  # the consultations' section stays
    part = text.split("라이브커머스·사진촬영 Studio and photo shoots", 1)[1]
    t = expected.totals
    assert f"{t.held:,}건" in part and f"{t.sales_krw:,}원" in part and f"{t.viewers:,}명" in part
    for item in expected.items:  # each broadcast of the day, its time, company and what it came to
        row = part.split(f"{item.starts.strftime('%H:%M')}–{item.ends.strftime('%H:%M')}", 1)[1]
        assert row.lstrip().split(item.exhibitor.name, 1)[0].strip().startswith(item.resource)
        if item.sales_krw is not None:
            assert f"{item.viewers:,} {item.peak_viewers:,} {item.orders:,} {item.sales_krw:,}" in row
    photos = booking_results(event.zone.store, BookingKind.PHOTO, day)
    assert photos is not None and f"{photos.totals.photos:,}장" in part and photos.totals.photos == 66
    # a day with broadcasts and no shoot: the no-shows listed as such, no empty shoots' figures
    missed = event.broadcasts.no_show[0].day
    assert missed != day
    write_day_report(event.zone.store, missed, tmp_path / "missed.pdf")
    other = flat(tmp_path / "missed.pdf").split("Studio and photo shoots", 1)[1]
    assert other.count("노쇼 No-show") == sum(1 for b in event.broadcasts.no_show if b.day == missed)
    assert "Shoots held" not in other
    # a day of the event without a broadcast or a shoot has no such section
    quiet_day = next(d for d in event.zone.days if d not in {b.day for b in event.broadcasts.every})
    write_day_report(event.zone.store, quiet_day, tmp_path / "quiet.pdf")
    assert "Studio and photo shoots" not in flat(tmp_path / "quiet.pdf")


def test_a_report_of_a_day_outside_the_bookings_sessions_says_none_went_on_air(event: Event, tmp_path: Path) -> None:
    quiet_day = next(d for d in event.zone.days if d not in {b.day for b in event.broadcasts.every})
    results = write_results_file(event.zone.store, tmp_path / "q.pdf", quiet_day)
    assert results.studio is not None and results.studio.totals.planned == 0
    assert "방송 없음. No broadcasts." in flat(tmp_path / "q.pdf")


EXHIBITORS = tuple(ExhibitorName(f"e{n}", f"기업{n}", sector=("", "식품", "기계")[n % 3], sector_name=("", "식품", "기계")[n % 3])
                   for n in range(6))
DAYS = (dt.date(2022, 10, 4), dt.date(2022, 10, 5))
counts = st.one_of(st.none(), st.integers(0, 50_000))
bookings_drawn = st.lists(st.builds(
    lambda n, exhibitor, day, status, viewers, peak, orders, sales, photos: BookingRecord(
        f"b{n}", BookingKind.STUDIO, f"r{exhibitor}", f"e{exhibitor}", day, dt.time(10 + n % 8), dt.time(11 + n % 8), 1,
        status=status, viewers=viewers, peak_viewers=peak, orders=orders, sales_krw=sales, photos_delivered=photos),
    st.integers(0, 10_000), st.integers(0, 7), st.sampled_from(DAYS), st.sampled_from(list(BookingStatus)), counts,
    counts, counts, st.one_of(st.none(), st.integers(0, 10**9)), counts), max_size=30, unique_by=lambda b: b.id)


@settings(max_examples=150, deadline=None)
@given(bookings_drawn, st.sets(st.integers(0, 7)), st.one_of(st.none(), st.sampled_from(DAYS)))
def test_every_breakdown_adds_up_to_the_totals(drawn: list[BookingRecord], asking: set[int],
                                               day: dt.date | None) -> None:
    asked = [RequestRecord(f"q{n}", BookingKind.STUDIO, f"e{n}", f"기업{n}", (), channel="쿠팡라이브") for n in asking]
    results = summarise_bookings(BookingKind.STUDIO, drawn, asked, EXHIBITORS, DAYS, day)
    t = results.totals
    scope = [b for b in drawn if day is None or b.day == day]
    held = [b for b in scope if b.status == BookingStatus.HELD]
    assert t.sales_krw == sum(b.sales_krw or 0 for b in held) and t.viewers == sum(b.viewers or 0 for b in held)
    assert t.peak_viewers == max((b.peak_viewers or 0 for b in held), default=0)
    assert t.planned + t.cancelled == len(scope)
    for lines in (results.by_day, results.by_sector, results.by_channel, results.by_exhibitor):
        for name in ("held", "no_show", "cancelled", "booked", "viewers", "orders", "sales_krw", "photos", "reported"):
            assert sum(getattr(line.figures, name) for line in lines) == getattr(t, name), name
        assert max((line.figures.peak_viewers for line in lines), default=0) == t.peak_viewers
    assert len(results.items) == sum(1 for b in scope if b.status != BookingStatus.CANCELLED)
    assert all(i.status == BookingStatus.HELD for i in results.top)
    assert [i.sales_krw or 0 for i in results.top] == sorted((i.sales_krw or 0 for i in results.top), reverse=True)
    given_slot = {b.exhibitor_id for b in scope}
    assert {e.id for e in results.not_served} == {f"e{n}" for n in asking} - given_slot
    assert results.served == len(given_slot) and results.asked == len(asking)
