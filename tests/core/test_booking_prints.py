"""The studio's and the photo corner's prints as people read them: a day's running order (every
slot and set in time order, who is on, products, host, channel, state; free slots and breaks;
A4 on its side, nothing drawn off the page), each booking's confirmation (its time, place, set,
what to bring, host and channel, the studio's entry time, in Korean and English with the Korean
font embedded), the workbook with the waiting list read back, a cancel, and the refusals.
The PDFs are read with pdftotext, pdfinfo and pdffonts, and rendered with pdftoppm."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from booking_support import Studio, studio
from event_templates import EventTemplates

from expo_console.domain.booking_records import BookingRecord, BookingStatus
from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings import outcomes, schedule, setup
from expo_console.services.bookings.allocation import solve_bookings
from expo_console.services.bookings.greedy import solve_greedy
from expo_console.services.bookings.prints import files
from expo_console.services.progress import CancelFlag, Cancelled
from expo_console.storage import audit_repo

PLACE = "제1전시장 3홀 라이브커머스 스튜디오 (Hall 3)"
BRING = "제품 샘플 3종과 가격표\nProduct samples and a price list"


def solved(made: Studio, *, bring: str = BRING, place: str = PLACE) -> list[BookingRecord]:
    setup.set_rules(made.store, made.kind, setup.Rules(1, setup.Order.REQUEST_TIME, bring, place))
    solve_bookings(made.store, made.kind, solver=solve_greedy)
    return schedule.bookings(made.store, made.kind)


@pytest.fixture
def two_sets(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    """Five exhibitors on two sets, three slots a day (10:00, 10:50, 11:40): one slot stays free."""
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=5, resources=2)
    yield made
    made.store.close()


@pytest.fixture
def corner(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    made = studio(event_templates, tmp_path / "event.expo", kind=BookingKind.PHOTO, exhibitors=4)
    yield made
    made.store.close()


def pdf_text(path: Path, *, page: int | None = None) -> str:
    """The text in drawing order (-raw): a table's row reads left to right."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True, text=True, check=True)
    assert done.stderr == ""  # poppler read every page without a complaint
    return done.stdout


def page_info(path: Path) -> tuple[int, str]:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]
    size = re.search(r"Page size:\s+([\d.]+ x [\d.]+)", info).group(1)  # type: ignore[union-attr]
    return pages, size


def words_off_the_page(path: Path) -> list[str]:
    """Every word whose box is not wholly on its page, with a 10 pt margin kept clear (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True).stdout
    off = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page.group(1)), float(page.group(2))
        for word in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
                                page.group(3)):
            x0, y0, x1, y1 = (float(word.group(n)) for n in range(1, 5))
            if not (x0 >= 10 and y0 >= 10 and x1 <= width - 10 and y1 <= height - 10):
                off.append(word.group(5))
    return off


def rendered(path: Path, folder: Path) -> list[Path]:
    """The pages as a person sees them (60 dpi PNGs): poppler draws them without a complaint."""
    done = subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(folder / path.stem)], capture_output=True,
                          text=True, check=True)
    assert done.stderr == ""
    return sorted(folder.glob(f"{path.stem}*.png"))


def fonts(path: Path) -> list[list[str]]:
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listed.splitlines()[2:]]


def name_of(made: Studio, exhibitor_id: str) -> setup.ExhibitorNames:
    return next(e for e in made.exhibitors if e.id == exhibitor_id)


# The running order ------------------------------------------------------------------------------

def test_a_days_running_order_lists_every_slot_and_set_in_time_order(two_sets: Studio, tmp_path: Path) -> None:
    booked = solved(two_sets)
    assert len(booked) == 5
    missed = booked[-1]  # 11:40 on one set: a no-show frees it, the other set's 11:40 is free already
    outcomes.set_status(two_sets.store, missed.id, BookingStatus.NO_SHOW)
    out = tmp_path / "running.pdf"
    result = files.write_running_order(two_sets.store, BookingKind.STUDIO, out)
    pages, size = page_info(out)
    assert (result.documents, result.pages, pages) == (1, 1, 1) and result.as_json()["bookings"] == 4
    width, height = (float(v) for v in size.split(" x "))
    assert width > height  # A4 on its side
    text = pdf_text(out)
    day = two_sets.days[0]
    assert f"{day.year}년 {day.month}월 {day.day}일 화요일 · Tuesday, 4 October 2022" in text
    assert "라이브커머스 방송 운영표" in text and "Studio running order" in text
    for column in ("시간 Time", "세트 Set", "기업 Exhibitor", "부스 Booth", "제품 Products", "진행자 Host",
                   "채널 Channel", "상태 Status"):
        assert column in text
    # each booking's row: time, set, exhibitor (Korean, English), booth, products, host, channel, state
    positions = []
    for booking in booked:
        exhibitor = name_of(two_sets, booking.exhibitor_id)
        state = "노쇼 No-show" if booking.id == missed.id else "예정 Booked"
        row = re.search(rf"{booking.starts:%H:%M}–{booking.ends:%H:%M} {booking.resource}\s+"
                        rf"{re.escape(exhibitor.name)}\s+{re.escape(exhibitor.name_en)}\s+{re.escape(exhibitor.booth)}"
                        rf"\s+Product \d Host 네이버 쇼핑라이브 {state}", text)
        assert row, (exhibitor.name, text)
        positions.append(row.start())
    assert positions == sorted(positions)  # by time, then set
    assert [(b.starts, b.resource) for b in booked] == sorted((b.starts, b.resource) for b in booked)
    # the 11:40 slot on both sets is free: the other set's never taken, the no-show's freed
    assert len(re.findall(r"11:40–12:20 \d 빈 시간 Free", text)) == 2
    assert "방송 4건 · 4 broadcasts" in text and "40분 + 전환 10분" in text
    assert words_off_the_page(out) == []
    assert len(rendered(out, tmp_path)) == 1


def test_the_running_order_repeats_the_day_and_columns_on_its_next_page_and_numbers_them(
        event_templates: EventTemplates, tmp_path: Path) -> None:
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=24, resources=8, days=2)
    try:
        booked = solved(made)
        out = tmp_path / "running.pdf"
        result = files.write_running_order(made.store, BookingKind.STUDIO, out)
        pages, _size = page_info(out)
        assert result.documents == 2 and result.pages == pages and pages >= 4  # two days of 24 rows
        first_day = [n for n in range(1, pages + 1) if "Tuesday, 4 October 2022" in pdf_text(out, page=n)]
        assert first_day[0] == 1 and len(first_day) >= 2
        again = pdf_text(out, page=2)
        assert "(계속 continued)" in again and "시간 Time" in again and f"2/{len(first_day)}" in again
        assert f"1/{len(first_day)}" in pdf_text(out, page=1)
        assert "Wednesday, 5 October 2022" in pdf_text(out, page=len(first_day) + 1)
        every = pdf_text(out)
        assert all(name_of(made, b.exhibitor_id).name in every for b in booked)
        assert words_off_the_page(out) == []
        # one day only, when asked
        one = files.write_running_order(made.store, BookingKind.STUDIO, tmp_path / "one.pdf", made.days[1])
        assert one.documents == 1 and "Tuesday" not in pdf_text(tmp_path / "one.pdf")
    finally:
        made.store.close()


def test_the_photo_corners_running_order_has_no_host_or_channel(corner: Studio, tmp_path: Path) -> None:
    booked = solved(corner)
    out = tmp_path / "photo.pdf"
    files.write_running_order(corner.store, BookingKind.PHOTO, out)
    text = pdf_text(out)
    assert "제품 사진촬영 운영표" in text and "코너 Corner" in text
    assert "진행자" not in text and "Host" not in text and "채널" not in text and "네이버" not in text
    first = booked[0]
    assert re.search(rf"{first.starts:%H:%M}–{first.ends:%H:%M} 1\s+{re.escape(name_of(corner, first.exhibitor_id).name)}",
                     text)
    assert "20분 · 20 min" in text and "빈 시간 Free" in text  # four shoots, nine slots
    assert words_off_the_page(out) == []


# Confirmations ----------------------------------------------------------------------------------

def test_each_booking_gets_a_confirmation_page_with_its_time_place_and_what_to_bring(
        two_sets: Studio, tmp_path: Path) -> None:
    booked = solved(two_sets)
    setup.place_resources(two_sets.store, BookingKind.STUDIO, ["A세트 뷰티", "B세트 푸드"])
    out = tmp_path / "confirmations.pdf"
    result = files.write_confirmations(two_sets.store, BookingKind.STUDIO, out)
    pages, size = page_info(out)
    assert (result.documents, result.pages, pages) == (5, 5, 5)
    width, height = (float(v) for v in size.split(" x "))
    assert width < height  # A4 upright
    by_page = {}
    for n in range(1, pages + 1):
        text = pdf_text(out, page=n)
        owner = next(b for b in booked if name_of(two_sets, b.exhibitor_id).name_en in text)
        by_page[owner.id] = n
        exhibitor = name_of(two_sets, owner.exhibitor_id)
        assert f"{exhibitor.name} {exhibitor.name_en}" in text and f"부스 Booth {exhibitor.booth}" in text
        assert "라이브커머스 방송 확정 안내" in text and "Live-commerce broadcast confirmation" in text
        assert re.search(rf"일시\s+Date and time\s+2022년 10월 4일 화요일 · Tuesday, 4 October 2022\s+"
                         rf"{owner.starts:%H:%M}–{owner.ends:%H:%M}\n", text), text
        entry = {"10:00": "09:45", "10:50": "10:35", "11:40": "11:25"}[f"{owner.starts:%H:%M}"]
        assert f"{entry}부터 입장 · Entry from {entry}" in text
        set_name = "A세트 뷰티" if owner.resource == 1 else "B세트 푸드"
        assert PLACE in text and f"세트 {owner.resource} · Set {owner.resource} ({set_name})" in text
        assert "라이브커머스 스튜디오" in text and "배정된 세트 Your set" in text  # the zone's map, the set marked
        assert "Product" in text and "제품 샘플 3종과 가격표" in text and "Product samples and a price list" in text
        assert re.search(r"진행자\s+Host\s+Host", text) and re.search(r"채널\s+Channel\s+네이버 쇼핑라이브", text)
        assert "1/1" in text
    assert len(by_page) == 5  # a page each, every booking once
    nanum = [f for f in fonts(out) if "NanumGothic" in f[0]]
    assert nanum and all(f[-5] == "yes" for f in fonts(out))  # the Korean font, every font embedded
    assert words_off_the_page(out) == []
    assert len(rendered(out, tmp_path)) == 5


def test_a_photo_shoots_confirmation_has_no_host_channel_or_studio_entry(corner: Studio, tmp_path: Path) -> None:
    booked = solved(corner, bring="")
    out = tmp_path / "photo.pdf"
    result = files.write_confirmations(corner.store, BookingKind.PHOTO, out, [booked[1].exhibitor_id])
    assert (result.documents, result.pages) == (1, 1)
    text = pdf_text(out)
    assert "제품 사진촬영 확정 안내" in text and f"{booked[1].starts:%H:%M}–{booked[1].ends:%H:%M}" in text
    assert "코너 1 · Corner 1" in text and "Product 1" in text and "배정된 코너 Your corner" in text
    assert "입장" not in text and "Host" not in text and "Channel" not in text
    assert "5분 전까지 사진촬영 코너에" in text


def test_an_exhibitor_asked_for_without_a_booking_gets_a_page_saying_so(corner: Studio, tmp_path: Path) -> None:
    booked = solved(corner)
    idle = next(e for e in setup.load(corner.store, BookingKind.PHOTO).exhibitors.values()
                if e.id not in {b.exhibitor_id for b in booked})
    out = tmp_path / "two.pdf"
    result = files.write_confirmations(corner.store, BookingKind.PHOTO, out, [idle.id, booked[0].exhibitor_id])
    assert (result.documents, result.pages, result.listed) == (2, 2, 1)
    assert "예약된 촬영이 없습니다. No shoot is booked for your company" in pdf_text(out, page=1)
    assert name_of(corner, booked[0].exhibitor_id).name in pdf_text(out, page=2)


def test_a_no_show_gets_no_confirmation_and_the_freed_slots_taker_does(
        event_templates: EventTemplates, tmp_path: Path) -> None:
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=4, resources=1)
    try:
        booked = solved(made)
        waiting = schedule.waiting_list(made.store, BookingKind.STUDIO)[0].request
        outcomes.set_status(made.store, booked[0].id, BookingStatus.NO_SHOW)
        assert schedule.give_freed_slot(made.store, booked[0].id) is not None
        out = tmp_path / "c.pdf"
        files.write_confirmations(made.store, BookingKind.STUDIO, out)
        text = pdf_text(out)
        assert name_of(made, booked[0].exhibitor_id).name_en not in text
        taker = name_of(made, waiting.exhibitor_id)
        assert re.search(rf"{re.escape(taker.name)} {re.escape(taker.name_en)}(.*\n)*?.*10:00–10:40", text)
    finally:
        made.store.close()


# The workbook -----------------------------------------------------------------------------------

def test_the_workbook_lists_every_booking_and_the_waiting_list_with_why(
        event_templates: EventTemplates, tmp_path: Path) -> None:
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=6, resources=1)
    try:
        booked = solved(made)
        outcomes.set_status(made.store, booked[0].id, BookingStatus.HELD)
        outcomes.record_results(made.store, booked[0].id, outcomes.Results(viewers="1200", peak_viewers="85",
                                                                           orders="31", sales="320만"))
        out = tmp_path / "bookings.xlsx"
        result = files.export_bookings(made.store, BookingKind.STUDIO, out)
        assert result.as_json()["bookings"] == 3
        workbook = openpyxl.load_workbook(out, read_only=True)
        assert workbook.sheetnames == ["방송 Broadcasts", "대기 Waiting list"]
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        assert len(body) == 3 and header[:5] == ("날짜 Date", "요일 Weekday", "시작 Start", "종료 End", "세트 Set")
        column = {name: n for n, name in enumerate(header)}
        for row, booking in zip(body, booked, strict=True):
            exhibitor = name_of(made, booking.exhibitor_id)
            assert (row[0], row[2], row[3], row[4]) == (booking.day.isoformat(), f"{booking.starts:%H:%M}",
                                                        f"{booking.ends:%H:%M}", booking.resource)
            assert row[column["기업 Exhibitor"]] == exhibitor.name and row[column["부스 Booth"]] == exhibitor.booth
            assert row[column["채널 Channel"]] == "네이버 쇼핑라이브" and row[column["예약 ID Booking id"]] == booking.id
        first = body[0]
        assert first[column["상태 Status"]] == "방송 완료 Broadcast"
        assert (first[column["시청자 Viewers"]], first[column["최고 동시 시청자 Peak viewers"]],
                first[column["주문 Orders"]], first[column["매출 Sales (KRW)"]]) == (1200, 85, 31, 3_200_000)
        waiting = list(workbook.worksheets[1].iter_rows(values_only=True))
        assert waiting[0][:2] == ("순번 No.", "기업 Exhibitor") and len(waiting) == 4
        later = [e for e in made.exhibitors if e.id not in {b.exhibitor_id for b in booked}]
        assert [r[1] for r in waiting[1:]] == [e.name for e in later]  # in the order they asked
        assert all(r[0] == n and r[4] == "언제든 Any time" and r[-3] == "희망 시간 마감 Preferred times full"
                   for n, r in enumerate(waiting[1:], start=1))
        entry = audit_repo.entries(made.store.conn)[-1]
        assert (entry["action"], entry["entity"]) == ("export", files.AUDIT_ENTITIES[BookingKind.STUDIO])
        assert entry["detail"]["file"] == "bookings.xlsx"
    finally:
        made.store.close()


def test_the_photo_workbook_has_photos_delivered_and_no_broadcast_columns(corner: Studio, tmp_path: Path) -> None:
    booked = solved(corner)
    outcomes.record_results(corner.store, booked[0].id, outcomes.Results(photos_delivered="12"))
    out = tmp_path / "photo.xlsx"
    files.export_bookings(corner.store, BookingKind.PHOTO, out)
    workbook = openpyxl.load_workbook(out, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert workbook.sheetnames[0] == "촬영 Shoots" and "코너 Corner" in rows[0]
    assert "납품 사진 Photos delivered" in rows[0] and not {"채널 Channel", "시청자 Viewers"} & set(rows[0])
    assert rows[1][rows[0].index("납품 사진 Photos delivered")] == 12


# Cancel, refusals, the access records -----------------------------------------------------------

def test_a_cancel_stops_every_print_and_leaves_no_file(
        event_templates: EventTemplates, tmp_path: Path) -> None:
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=6, resources=2, days=2)
    try:
        solved(made)
        cancel = CancelFlag()

        def progress(done: int, _total: int) -> None:
            if done == 1:
                cancel.cancel()

        out = tmp_path / "out"
        out.mkdir()
        with pytest.raises(Cancelled):
            files.write_confirmations(made.store, BookingKind.STUDIO, out / "c.pdf", progress=progress, cancel=cancel)
        with pytest.raises(Cancelled):
            files.write_running_order(made.store, BookingKind.STUDIO, out / "r.pdf", progress=progress, cancel=cancel)
        with pytest.raises(Cancelled):
            files.export_bookings(made.store, BookingKind.STUDIO, out / "b.xlsx", cancel=cancel)
        assert list(out.iterdir()) == []  # neither a file nor its .part
        assert not [e for e in audit_repo.entries(made.store.conn) if e["action"] == "export"]
    finally:
        made.store.close()


def test_what_cannot_be_printed_is_refused_with_what_to_do(two_sets: Studio, tmp_path: Path) -> None:
    store, kind = two_sets.store, BookingKind.STUDIO
    with pytest.raises(files.PrintError, match="No broadcast is booked yet: allocate the slots"):
        files.write_confirmations(store, kind, tmp_path / "x.pdf")
    solved(two_sets)
    with pytest.raises(files.PrintError, match=r"\.pdf"):
        files.write_confirmations(store, kind, tmp_path / "x.docx")
    with pytest.raises(files.PrintError, match=r"\.xlsx"):
        files.export_bookings(store, kind, tmp_path / "x.pdf")
    with pytest.raises(files.PrintError, match="No exhibitor with the id nobody"):
        files.write_confirmations(store, kind, tmp_path / "x.pdf", ["nobody"])
    with pytest.raises(files.PrintError, match="2030-01-01 is not a day of the event"):
        files.write_running_order(store, kind, tmp_path / "x.pdf", __import__("datetime").date(2030, 1, 1))
    with pytest.raises(files.PrintError, match="No shoot session is set: set the day's hours"):
        files.write_running_order(store, BookingKind.PHOTO, tmp_path / "x.pdf")
    assert not list(tmp_path.glob("x.*"))
