"""Importing studio and photo booking requests from the lists organizers get: a row per request,
the exhibitor matched by name (the closest names when none is), preferred times read in the forms
Korean lists use, products, host, channel, priority and request time; previewed, dry-run without
writing; bad rows reported with their row and column and never stopping the import; the same list
imported again updates rather than duplicates; hostile files bounded."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from booking_support import Studio, studio
from event_templates import EventTemplates
from test_request_import import write_csv, write_xlsx

from expo_console.domain.bookings import BookingKind, Window
from expo_console.services.bookings import setup
from expo_console.services.bookings.request_import import (
    import_booking_requests,
    plan_booking_requests,
    run_booking_request_import,
)
from expo_console.services.importing.request_lists import ListHeaderNotFound
from expo_console.services.importing.sniff import ImportFileError
from expo_console.storage import audit_repo
from expo_console.storage.connection import open_event_file
from support import TEST_STAMP, run_bounded, write_xlsx_bomb

STUDIO, PHOTO = BookingKind.STUDIO, BookingKind.PHOTO


@pytest.fixture
def event(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Studio]:
    """The demo's exhibitors, studio sessions 10:00–13:00 on the first two days, no requests yet."""
    made = studio(event_templates, tmp_path / "event.expo", exhibitors=0, days=2)
    yield made
    made.store.close()


def names(event: Studio, count: int) -> list[setup.ExhibitorNames]:
    return sorted(setup.exhibitor_names(event.store).values(), key=lambda e: e.name)[:count]


def held(event: Studio, kind: BookingKind = STUDIO) -> dict[str, setup.RequestRecord]:
    return {r.exhibitor_name: r for r in setup.load(event.store, kind).requests}


def test_a_cp949_list_becomes_requests_and_its_bad_rows_are_reported_without_stopping(
        event: Studio, tmp_path: Path) -> None:
    a, b, c = names(event, 3)
    day1, day2 = event.days[:2]
    path = write_csv(tmp_path / "라이브커머스 신청.csv", [
        ["2022 스마트비즈엑스포 라이브커머스 신청 명단"],
        ["기업명", "희망일", "희망시간", "제품", "쇼호스트", "판매채널", "우선순위", "신청일시", "비고"],
        [a.name, f"{day1.month}/{day1.day}", "오전 11시~1시", "즉석밥 세트", "김하늘", "네이버", "1순위",
         "2022. 9. 20 오후 3:14:07", "시식 가능"],
        [b.name_en, f"{day2:%Y-%m-%d}", "오전", "공기청정기", "", "쿠팡", "", "2022-09-21 10:00", ""],
        ["(주)없는회사", "", "", "제품", "", "", "", "", ""],
        [c.name, "", "언젠가", "마스크", "", "11번가", "매우 높음", "어제", ""],
    ], encoding="cp949")
    report, change, plan = import_booking_requests(event.store, STUDIO, path)
    assert plan.kind.encoding == "cp949" and plan.header_row_number == 2
    assert report.written == 2 and change.kinds == ("studio",) and change.setup
    requests = held(event)
    first = requests[a.name]
    assert first.windows == (Window(day1, dt.time(11), dt.time(13)),)
    assert (first.products, first.host, first.channel, first.priority, first.note) == (
        "즉석밥 세트", "김하늘", "네이버 쇼핑라이브", 1, "시식 가능")
    assert first.requested_at == dt.datetime(2022, 9, 20, 6, 14, 7, tzinfo=dt.UTC)  # 15:14:07 in Seoul
    second = requests[b.name]
    assert second.windows == (Window(day2, dt.time(0), dt.time(12)),) and second.channel == "쿠팡라이브"
    problems = {(p.row, p.column, p.code) for p in report.preview.problems}
    assert (5, "기업명", "request_exhibitor_unknown") in problems or (5, "기업명", "request_exhibitor_unknown_none") \
        in problems
    assert (6, "희망시간", "booking_time_unreadable_skipped") in problems  # any time would not be what was asked
    assert (6, "우선순위", "booking_priority_unreadable") in problems
    assert (6, "신청일시", "booking_requested_at_unreadable") in problems
    assert report.preview.rows_skipped == 2 and report.as_json()["problems_listed"] == 4
    unknown = next(p for p in report.preview.problems if p.row == 5)
    assert "(주)없는회사" in unknown.reason and "Correct" in unknown.reason or "Check" in unknown.reason
    records = [r for r in audit_repo.entries(event.store.conn) if r["action"] == "booking_requests_imported"]
    assert records and records[-1]["detail"]["added"] == 2 and records[-1]["detail"]["kind"] == "studio"


def test_the_same_list_imported_again_updates_rather_than_duplicates(event: Studio, tmp_path: Path) -> None:
    a, b = names(event, 2)
    rows = [["기업명", "희망일시", "제품", "진행자", "채널", "신청일시"],
            [a.name, "1일차 10:00-12:00", "홍삼음료", "박준영", "그립", "2022-09-20 09:00"],
            [b.name, "무관", "김치", "이수진", "네이버 쇼핑라이브", "2022-09-20 09:05"]]
    run_booking_request_import(event.store, STUDIO, plan_booking_requests(write_csv(tmp_path / "v1.csv", rows)))
    again, change = run_booking_request_import(event.store, STUDIO, plan_booking_requests(
        write_csv(tmp_path / "v2.csv", rows)))
    assert again.preview.summary()["unchanged"] == 2 and again.written == 0 and not change.setup
    rows[2][3] = "최유리"  # the host changed: the same request, updated
    updated, _change = run_booking_request_import(event.store, STUDIO, plan_booking_requests(
        write_csv(tmp_path / "v3.csv", rows)))
    assert updated.preview.summary()["updated"] == 1 and updated.written == 1
    requests = setup.load(event.store, STUDIO).requests
    assert len(requests) == 2 and held(event)[b.name].host == "최유리" and held(event)[b.name].windows == ()
    rows[2][5] = "2022-09-22 11:00"  # asked again later: a request of its own (the key holds the request time)
    run_booking_request_import(event.store, STUDIO, plan_booking_requests(write_csv(tmp_path / "v4.csv", rows)))
    assert len(setup.load(event.store, STUDIO).requests) == 3


def test_an_xlsx_with_english_headers_and_numbered_times_keeps_the_row_order_and_goes_to_its_kind(
        event: Studio, tmp_path: Path) -> None:
    a, b, c = names(event, 3)
    day1, day2 = event.days[:2]
    path = write_xlsx(tmp_path / "photos.xlsx", [
        ["Company", "Preferred time 1", "Preferred time 2", "Products", "Note"],
        [c.name, dt.datetime.combine(day2, dt.time(11)), None, "Mask", ""],
        [a.name_en, f"{day1:%Y-%m-%d} 10:00-11:00", f"{day2.month}/{day2.day} 오후", "Kimchi, jars", "two colours"],
        [b.name, None, None, "Air purifier", ""],
    ])
    dry, _change = run_booking_request_import(event.store, PHOTO, plan_booking_requests(path), dry_run=True)
    assert dry.preview.summary()["added"] == 3 and setup.load(event.store, PHOTO).requests == ()
    report, _change, plan = import_booking_requests(event.store, PHOTO, path)
    assert plan.describe()["B"] == {"header": "Preferred time 1", "field": "when:1"}
    assert report.written == 3 and setup.load(event.store, STUDIO).requests == ()
    requests = setup.load(event.store, PHOTO).requests
    assert [r.exhibitor_name for r in requests] == [c.name, a.name, b.name]  # the row order is the request order
    by_name = held(event, PHOTO)
    assert by_name[c.name].windows == (Window(day2, dt.time(11), dt.time(12, 19)),)  # a shoot starting in that hour
    assert by_name[a.name].windows == (Window(day1, dt.time(10), dt.time(11)), Window(day2, dt.time(12),
                                                                                      dt.time(23, 59)))
    assert by_name[b.name].windows == ()
    again, _change, _plan = import_booking_requests(event.store, PHOTO, path)  # no request time: exhibitor + products
    assert again.preview.summary()["unchanged"] == 3 and len(setup.load(event.store, PHOTO).requests) == 3
    assert [r.exhibitor_name for r in setup.load(event.store, PHOTO).requests] == [c.name, a.name, b.name]


def test_numbered_days_give_their_times_a_day_and_a_bad_day_skips_the_row(event: Studio, tmp_path: Path) -> None:
    a, b = names(event, 2)
    day1, day2 = event.days[:2]
    path = write_csv(tmp_path / "지망.csv", [
        ["기업명", "1지망 날짜", "1지망 시간", "2지망 날짜", "2지망 시간", "제품"],
        [a.name, "1일차", "10-12시", f"{day2.month}/{day2.day}", "", "텀블러"],
        [b.name, "5일차", "11:00", "", "", "머그컵"]])
    report, _change, plan = import_booking_requests(event.store, STUDIO, path)
    assert [f["field"] for f in plan.describe().values()] == ["exhibitor", "day:1", "when:1", "day:2", "when:2",
                                                              "products"]
    assert held(event)[a.name].windows == (Window(day1, dt.time(10), dt.time(12)), Window(day2))
    assert report.written == 1 and [(p.row, p.column, p.code) for p in report.preview.problems] == [
        (3, "1지망 날짜", "booking_day_unknown")]


def test_times_no_session_can_hold_are_imported_with_a_warning(event: Studio, tmp_path: Path) -> None:
    (a,) = names(event, 1)
    path = write_csv(tmp_path / "late.csv", [["출품기업", "희망일시", "상품"], [a.name, "1일차 15:00-17:00", "커피"]])
    report, _change, _plan = import_booking_requests(event.store, STUDIO, path)
    assert report.written == 1 and [p.code for p in report.preview.problems] == ["booking_no_slot_in_times"]
    assert "change the sessions' hours" in report.preview.problems[0].reason


def test_a_list_without_an_exhibitor_column_is_refused_before_anything_is_read(event: Studio, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "visitors.csv", [["성명", "이메일"], ["김철수", "k@example.com"]])
    with pytest.raises(ListHeaderNotFound) as missing:
        plan_booking_requests(path)
    assert missing.value.code == "booking_requests_no_header" and "기업명" in str(missing.value)
    with pytest.raises(ImportFileError) as refused:
        run_booking_request_import(event.store, STUDIO, missing.value.plan.with_mapping({1: "products"}))
    assert refused.value.code == "booking_requests_no_exhibitor_column"


_HOSTILE_RUN = """
import json, sys
from pathlib import Path
from expo_console.domain.bookings import BookingKind
from expo_console.storage.connection import open_event_file, Stamp
from expo_console.services.bookings.request_import import plan_booking_requests, run_booking_request_import
store = open_event_file(Path(sys.argv[1]), Stamp("desk-test", "tester", "organizer"))
try:
    report, _change = run_booking_request_import(store, BookingKind.STUDIO, plan_booking_requests(sys.argv[2]),
                                                 dry_run=True)
except Exception as refused:
    print(json.dumps({"refused": getattr(refused, "code", type(refused).__name__)}))
    raise SystemExit(0)
p = report.preview
print(json.dumps({"rows": p.rows_read, "stopped_at": p.stopped_at, "problems": p.problems_total,
                  "listed": len(p.problems), "codes": sorted({x.code for x in p.problems}), "added": p.count("add")}))
"""


def test_hostile_files_neither_hang_nor_crash(event: Studio, tmp_path: Path) -> None:
    (a,) = names(event, 1)
    event.store.close()
    # 100,000 rows of made-up companies, a 120,000-character time cell, one past what the reader
    # takes, and 2,000 columns: read in a child limited in time and memory
    lines = ["기업명,희망일시,제품," + ",".join(f"열{i}" for i in range(2_000))]
    lines += [f"없는기업{i},오후,제품{i}" for i in range(100_000)]
    lines[3] = f"{a.name}," + "오후 2시~" * 20_000 + ",긴 제품"
    lines[5] = "긴이름," + "가" * 200_000 + ",제품"
    huge = tmp_path / "huge.csv"
    huge.write_text("\n".join(lines), encoding="utf-8")
    result = json.loads(run_bounded(_HOSTILE_RUN, str(event.store.path), str(huge), seconds=60))
    assert result["stopped_at"] is None  # row 4 named an exhibitor of the event: every row is read
    assert result["rows"] == 99_999 and result["listed"] <= 2_000 < result["problems"]
    assert {"cell_too_long", "booking_time_unreadable_skipped", "request_exhibitor_unknown_none"} <= set(result["codes"])
    nobody = tmp_path / "nobody.csv"
    nobody.write_text("\n".join(line for n, line in enumerate(lines) if n != 3), encoding="utf-8")
    result = json.loads(run_bounded(_HOSTILE_RUN, str(event.store.path), str(nobody), seconds=60))
    assert result["stopped_at"] is not None and result["rows"] <= 1_001 and "requests_nothing_found" in result["codes"]
    # an .xlsx whose sheet unpacks to 80 MB of spaces from a few kilobytes: refused before it is parsed
    bomb = write_xlsx_bomb(tmp_path / "bomb.xlsx")
    assert json.loads(run_bounded(_HOSTILE_RUN, str(event.store.path), str(bomb)))["refused"] == "too_large"
    reopened = open_event_file(event.store.path, TEST_STAMP)
    try:
        assert setup.load(reopened, STUDIO).requests == ()  # dry runs all
    finally:
        reopened.close()
