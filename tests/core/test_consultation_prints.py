"""The printed consultation schedules as people read them: a buyer's itinerary (times in order,
tables, exhibitors in Korean and English, booths, the interpreter, the zone's map), an exhibitor's
and an interpreter's schedule, the door sheets, the workbook read back, the empty cases, a cancel,
and `expo-console meetings print` as a process. The PDFs are read with pdftotext and pdffonts."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates

from expo_console.domain.consultations import Slot
from expo_console.domain.meeting_records import MeetingStatus
from expo_console.services.consultations import outcomes, schedule, setup
from expo_console.services.consultations.outcomes import Outcome
from expo_console.services.consultations.prints import schedule_files as files
from expo_console.services.consultations.setup import BuyerInfo, ExhibitorInfo
from expo_console.services.progress import CancelFlag, Cancelled
from expo_console.services.registration.visitors import delete_visitor
from expo_console.storage import audit_repo
from support import DEMO_ORGANIZER, DEMO_PIN

INTERPRETER = "응우옌 티 통역"


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = consultation_zone(event_templates, tmp_path / "event.expo", exhibitors=30, tables=4)
    yield made
    made.store.close()


@dataclass(frozen=True)
class Placed:
    buyer: BuyerInfo  # speaks Vietnamese: an interpreter sits with them
    other: BuyerInfo  # a Korean speaker with one meeting
    idle: BuyerInfo  # no meeting at all
    exhibitors: tuple[ExhibitorInfo, ...]  # the buyer's, in the order of their meetings
    interpreter: str
    days: tuple[dt.date, ...]


def slot(day: dt.date, hour: int, minute: int = 0) -> Slot:
    start = dt.datetime.combine(day, dt.time(hour, minute))
    return Slot(day, start.time(), (start + dt.timedelta(minutes=30)).time())


def placed(zone: Zone) -> Placed:
    """Meetings placed by hand, out of time order: the buyer meets three exhibitors over two days
    with an interpreter; another buyer meets the first exhibitor."""
    store, (day1, day2, *_rest) = zone.store, zone.days
    buyer, other, idle = zone.buyers[0], zone.buyers[1], zone.buyers[2]
    setup.set_buyer(store, buyer.id, language="vi")
    setup.set_buyer(store, other.id, language="ko")
    interpreter, _ = setup.put_interpreter(store, INTERPRETER, ["vi"])
    first, second, third = zone.exhibitors[:3]
    schedule.add_meeting(store, buyer.id, third.id, slot(day2, 10, 30), 3)
    schedule.add_meeting(store, buyer.id, second.id, slot(day1, 11), 2)
    schedule.add_meeting(store, buyer.id, first.id, slot(day1, 10), 4)
    schedule.add_meeting(store, other.id, first.id, slot(day1, 11), 1)
    loaded = setup.load(store)
    return Placed(loaded.buyer_by_id[buyer.id], loaded.buyer_by_id[other.id], loaded.buyer_by_id[idle.id],
                  (first, second, third), interpreter, (day1, day2))


def pdf_text(path: Path, *, page: int | None = None) -> str:
    """The text in drawing order (-raw): a table's row reads left to right."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    done = subprocess.run(["pdftotext", "-raw", *pages, str(path), "-"], capture_output=True, text=True, check=True)
    assert done.stderr == ""  # poppler read every page without a complaint (a missing resource, a bad font)
    return done.stdout


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))  # type: ignore[union-attr]


def fonts(path: Path) -> list[list[str]]:
    listed = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in listed.splitlines()[2:]]


def row_pattern(times: str, table: int, exhibitor: ExhibitorInfo, interpreter: str) -> str:
    """A meeting's row as the itinerary draws it: time, table, exhibitor (Korean, then English),
    booth (its section may wrap), interpreter."""
    return (rf"{times}\s+{table}\s+{re.escape(exhibitor.name)}\s+{re.escape(exhibitor.name_en)}\s+"
            rf"{re.escape(exhibitor.booth)}\s+(?:.*\n){{0,3}}?{re.escape(interpreter)}")


def test_a_buyers_itinerary_lists_their_meetings_in_time_order_with_table_exhibitor_booth_and_interpreter(
        zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    out = tmp_path / "itinerary.pdf"
    result = files.write_itineraries(zone.store, out, [p.buyer.id])
    assert (result.documents, result.pages, result.meetings) == (1, 1, 3) and page_count(out) == 1
    text = pdf_text(out)
    first, second, third = p.exhibitors
    assert all(e.booth for e in p.exhibitors)
    rows = [re.search(row_pattern("10:00–10:30", 4, first, INTERPRETER), text),
            re.search(row_pattern("11:00–11:30", 2, second, INTERPRETER), text),
            re.search(row_pattern("10:30–11:00", 3, third, INTERPRETER), text)]
    assert all(rows), text
    assert [r.start() for r in rows] == sorted(r.start() for r in rows)  # type: ignore[union-attr]
    day1, day2 = p.days
    headings = [text.index(f"{d.year}년 {d.month}월 {d.day}일") for d in (day1, day2)]
    assert headings[0] < rows[0].start() < rows[1].start() < headings[1] < rows[2].start()  # type: ignore[union-attr]
    assert "Tuesday, 4 October 2022" in text and "Wednesday, 5 October 2022" in text  # the demo's days
    assert "화요일" in text and "수요일" in text
    # who it is for, and the zone's map with the tables numbered
    assert p.buyer.name in text and p.buyer.company in text and "베트남어 Vietnamese" in text
    assert "구매상담존 Purchase consultation zone" in text and "상담 테이블 Your tables" in text
    assert "상담 3건 · 3 meetings" in text and "Times are local to the event (Asia/Seoul, KST)" in text
    # the Korean font is in the file (as a subset), not left to the printer
    nanum = [f for f in fonts(out) if "NanumGothic" in f[0]]
    assert nanum and all(f[-5:-2] == ["yes", "yes", "yes"] for f in nanum)
    assert all(f[-5] == "yes" for f in fonts(out))  # every font embedded


def test_a_buyer_without_a_meeting_gets_a_page_saying_so(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    out = tmp_path / "idle.pdf"
    files.write_itineraries(zone.store, out, [p.idle.id])
    text = pdf_text(out)
    assert "예정된 상담이 없습니다. No consultation meetings are scheduled for you." in text
    assert p.idle.name in text and "상담 0건 · 0 meetings" in text and "시간 Time" not in text
    # one day asked for: the day is named
    files.write_itineraries(zone.store, out, [p.buyer.id], day=p.days[1] + dt.timedelta(days=1))
    assert f"scheduled for you ({(p.days[1] + dt.timedelta(days=1)).isoformat()}" in pdf_text(out)


def test_every_buyer_in_one_pdf_each_from_a_page_of_their_own(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    out = tmp_path / "all.pdf"
    seen: list[tuple[int, int]] = []
    result = files.write_itineraries(zone.store, out, progress=lambda done, total: seen.append((done, total)))
    buyers = setup.load(zone.store).buyers
    assert result.documents == len(buyers) == page_count(out) and result.meetings == 4
    assert seen[-1] == (len(buyers), len(buyers)) and [d for d, _t in seen] == list(range(1, len(buyers) + 1))
    for number, buyer in enumerate(buyers, start=1):
        page = pdf_text(out, page=number)
        heading = " ".join(n for n in dict.fromkeys((buyer.name, buyer.name_en)) if n)
        assert page.splitlines()[3:6] == ["1/1", heading, heading]  # the footer (which page, whose), the name
        assert ("상담 3건" in page) == (buyer.id == p.buyer.id)


def test_a_long_itinerary_goes_on_over_pages_with_the_day_and_columns_again(zone: Zone, tmp_path: Path) -> None:
    store, buyer = zone.store, zone.buyers[3]
    slots = [s for s in schedule.slots_of(setup.load(store)) if s.day in zone.days[:3]]
    for n, (at, exhibitor) in enumerate(zip(slots, zone.exhibitors, strict=False)):
        schedule.add_meeting(store, buyer.id, exhibitor.id, at, 1 + n % 4)
    count = min(len(slots), len(zone.exhibitors))
    out = tmp_path / "long.pdf"
    result = files.write_itineraries(store, out, [buyer.id])
    assert result.pages == page_count(out) >= 2 and result.meetings == count == 18
    first, last = pdf_text(out, page=1), pdf_text(out, page=result.pages)
    assert f"\n1/{result.pages}\n" in first and f"\n{result.pages}/{result.pages}\n" in last
    assert "(계속 continued)" in last and "시간 Time" in last
    everything = pdf_text(out)
    assert everything.count("–") >= count  # every meeting's time is on some page
    for exhibitor in zone.exhibitors[:count]:
        assert exhibitor.name in everything


def test_an_exhibitors_schedule_names_each_buyer_with_company_country_and_interpreter(
        zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    out = tmp_path / "exhibitor.pdf"
    files.write_exhibitor_schedules(zone.store, out, [p.exhibitors[0].id])
    text = pdf_text(out)
    assert p.exhibitors[0].name in text and f"부스 Booth {p.exhibitors[0].booth}" in text
    vietnamese = re.search(rf"10:00–10:30\s+4\s+{re.escape(p.buyer.name)}.*\s+{re.escape(p.buyer.company)}\s+"
                           rf"{re.escape(_country(p.buyer))}\s+베트남어\s+Vietnamese\s+{INTERPRETER}", text)
    korean = re.search(rf"11:00–11:30\s+1\s+{re.escape(p.other.name)}.*\s+{re.escape(p.other.company)}\s+"
                       rf"{re.escape(_country(p.other))}\s+—", text)
    assert vietnamese and korean and vietnamese.start() < korean.start(), text
    # an exhibitor nobody meets is told so, not handed a blank page
    files.write_exhibitor_schedules(zone.store, out, [zone.exhibitors[9].id])
    assert "No consultation meetings are scheduled for your company." in pdf_text(out)


def _country(buyer: BuyerInfo) -> str:
    from expo_console.services.consultations.prints.labels import country

    return country(buyer.country)


def test_an_interpreters_schedule_has_both_sides_of_each_meeting(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    out = tmp_path / "interpreters.pdf"
    result = files.write_interpreter_schedules(zone.store, out)
    assert (result.documents, result.meetings) == (1, 3)
    text = pdf_text(out)
    assert INTERPRETER in text and "통역 언어 Languages: 베트남어 Vietnamese" in text
    for times, table, exhibitor in (("10:00–10:30", 4, p.exhibitors[0]), ("11:00–11:30", 2, p.exhibitors[1]),
                                    ("10:30–11:00", 3, p.exhibitors[2])):
        assert re.search(rf"{times}\s+{table}\s+{re.escape(p.buyer.name)}.*\s+{re.escape(p.buyer.company)}\s+"
                         rf"[^\n]+\s+베트남어\s+Vietnamese\s+{re.escape(exhibitor.name)}\s+"
                         rf"{re.escape(exhibitor.name_en)}\s+{re.escape(exhibitor.booth)}", text), (times, text)


def test_a_door_sheet_is_the_tables_day_slot_by_slot_with_its_number_large(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    out = tmp_path / "doors.pdf"
    day1 = p.days[0]
    result = files.write_door_sheets(zone.store, out, [4], day=day1)
    assert (result.documents, result.pages, result.meetings) == (1, 1, 1)
    text = pdf_text(out)
    assert "테이블 TABLE\n4\n" in text and "테이블 4번 · Table 4" in text and "Tuesday, 4 October 2022" in text
    slots = ["10:00–10:30", "10:30–11:00", "11:00–11:30", "11:30–12:00", "12:00–12:30", "12:30–13:00"]
    assert [text.index(s) for s in slots] == sorted(text.index(s) for s in slots)  # in order, each once
    assert re.search(rf"10:00–10:30\s+{re.escape(p.exhibitors[0].name)}\s+{re.escape(p.exhibitors[0].name_en)}\s+"
                     rf"부스 Booth {re.escape(p.exhibitors[0].booth)}\s+{re.escape(p.buyer.name)}", text), text
    assert text.count("빈 시간 Free") == 5
    # every table and every day with a session: a page each
    everything = files.write_door_sheets(zone.store, out)
    assert everything.pages == everything.documents == 4 * len(zone.days) == page_count(out)
    assert pdf_text(out, page=len(zone.days) + 1).count("테이블 2번 · Table 2") == 1  # table 2's first day


def test_cancelled_meetings_are_not_printed_and_held_ones_say_so(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    mine = {m.exhibitor_id: m for m in schedule.meetings(zone.store, buyer_id=p.buyer.id)}
    outcomes.record_outcome(zone.store, mine[p.exhibitors[1].id].id, Outcome(status=MeetingStatus.CANCELLED))
    outcomes.record_outcome(zone.store, mine[p.exhibitors[0].id].id, Outcome(status=MeetingStatus.HELD))
    out = tmp_path / "after.pdf"
    assert files.write_itineraries(zone.store, out, [p.buyer.id]).meetings == 2
    text = pdf_text(out)
    assert p.exhibitors[1].name not in text and "11:00–11:30" not in text
    assert re.search(r"10:00–10:30\s+상담 완료 Held\s+4\s", text), text


def test_an_erased_buyer_is_named_as_erased_on_the_exhibitors_schedule(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    delete_visitor(zone.store, p.other.id, "asked to be erased")
    out = tmp_path / "exhibitor.pdf"
    files.write_exhibitor_schedules(zone.store, out, [p.exhibitors[0].id])
    text = pdf_text(out)
    assert "(삭제된 바이어 Erased buyer)" in text and p.other.name not in text and p.other.company not in text


def test_the_workbook_holds_every_meeting_by_buyer_by_exhibitor_and_the_tables_grid(
        zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    out = tmp_path / "schedule.xlsx"
    result = files.export_schedule(zone.store, out)
    assert result.meetings == 4
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["일정 Schedule", "바이어별 By buyer", "기업별 By exhibitor", "테이블 현황 Tables"]
    rows = [[c.value for c in row] for row in book["일정 Schedule"].iter_rows()]
    header, body = rows[0], rows[1:]
    assert header[:6] == ["날짜 Date", "요일 Weekday", "시작 Start", "종료 End", "테이블 Table", "바이어 Buyer"]
    assert len(body) == 4 and [(r[0], r[2], r[4]) for r in body] == sorted((r[0], r[2], r[4]) for r in body)
    first = next(r for r in body if r[2] == "10:00")
    column = {name: n for n, name in enumerate(header)}
    assert first[column["요일 Weekday"]] == "화 Tue" and first[column["테이블 Table"]] == 4
    assert first[column["바이어 Buyer"]] == p.buyer.name and first[column["기업 Exhibitor"]] == p.exhibitors[0].name
    assert first[column["부스 Booth"]] == p.exhibitors[0].booth and first[column["통역 Interpreter"]] == INTERPRETER
    assert first[column["상태 Status"]] == "예정 Scheduled"
    assert {r[column["상담 ID Meeting id"]] for r in body} == {m.id for m in schedule.meetings(zone.store)}
    assert (first[column["바이어 ID Buyer id"]], first[column["기업 ID Exhibitor id"]]) == (p.buyer.id,
                                                                                         p.exhibitors[0].id)
    by_buyer = [[c.value for c in row] for row in book["바이어별 By buyer"].iter_rows(min_row=2)]
    assert [r[-2:] for r in by_buyer if r[0] == p.idle.name] == [["상담 없음 No meeting", p.idle.id]]
    assert sum(r[0] == p.buyer.name for r in by_buyer) == 3
    by_exhibitor = [[c.value for c in row] for row in book["기업별 By exhibitor"].iter_rows(min_row=2)]
    assert len(by_exhibitor) == 4 - 1 + (len(setup.load(zone.store).exhibitors) - 2)  # 2 meet, the rest a row each
    grid = [[c.value for c in row] for row in book["테이블 현황 Tables"].iter_rows()]
    assert grid[0][:3] == ["날짜 Date", "시간 Time", "테이블 1 Table 1"] and len(grid[0]) == 6
    ten = next(r for r in grid[1:] if r[:2] == [p.days[0].isoformat(), "10:00–10:30"])
    assert ten[2 + 3] == f"{p.exhibitors[0].name} ↔ {p.buyer.name} {p.buyer.name_en}" and ten[2] is None
    assert len(grid) == 1 + 6 * len(zone.days)  # six slots a day, every day
    csv_out = tmp_path / "schedule.csv"
    files.export_schedule(zone.store, csv_out)
    assert csv_out.read_text(encoding="utf-8-sig").count("\n") == 5


def test_a_cancel_stops_the_print_and_leaves_no_file(zone: Zone, tmp_path: Path) -> None:
    placed(zone)
    out = tmp_path / "all.pdf"
    cancel = CancelFlag()

    def progress(done: int, total: int) -> None:
        if done == 2:
            cancel.cancel()

    with pytest.raises(Cancelled):
        files.write_itineraries(zone.store, out, progress=progress, cancel=cancel)
    assert not list(tmp_path.glob("all.pdf*"))  # neither the PDF nor its .part
    for name in ("schedule.xlsx", "schedule.csv"):  # nor a workbook, nor a CSV
        with pytest.raises(Cancelled):
            files.export_schedule(zone.store, tmp_path / name, cancel=cancel)
        assert not list(tmp_path.glob(f"{name}*"))


def test_what_cannot_be_printed_is_refused_with_what_to_do(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    with pytest.raises(files.PrintError, match=r"\.pdf"):
        files.write_itineraries(zone.store, tmp_path / "x.docx")
    with pytest.raises(files.PrintError, match="No buyer with the id nobody"):
        files.write_itineraries(zone.store, tmp_path / "x.pdf", ["nobody", p.buyer.id])
    with pytest.raises(files.PrintError, match="no table 9 in the zone: the tables are 1–4"):
        files.write_door_sheets(zone.store, tmp_path / "x.pdf", [9])
    with pytest.raises(files.PrintError, match="2030-01-01 is not a day of the event"):
        files.write_door_sheets(zone.store, tmp_path / "x.pdf", day=dt.date(2030, 1, 1))
    setup.remove_interpreter(zone.store, p.interpreter)
    with pytest.raises(files.PrintError, match="No interpreters are set up"):
        files.write_interpreter_schedules(zone.store, tmp_path / "x.pdf")
    assert not list(tmp_path.glob("x.*"))
    # the meeting keeps its place without an interpreter: the itinerary says one is not assigned
    files.write_itineraries(zone.store, tmp_path / "y.pdf", [p.buyer.id])
    assert pdf_text(tmp_path / "y.pdf").count("미배정 Not assigned") == 3


def test_a_printed_schedule_is_in_the_access_records(zone: Zone, tmp_path: Path) -> None:
    placed(zone)
    files.write_door_sheets(zone.store, tmp_path / "doors.pdf")
    entry = audit_repo.entries(zone.store.conn)[-1]
    assert (entry["action"], entry["entity"]) == ("export", files.AUDIT_ENTITY)
    assert entry["detail"]["file"] == "doors.pdf" and entry["detail"]["kind"] == "tables"


def cli(*args: str, operator: str = DEMO_ORGANIZER) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "EXPO_CONSOLE_OPERATOR": operator, "EXPO_CONSOLE_PIN": DEMO_PIN}
    return subprocess.run([sys.executable, "-m", "expo_console", "meetings", "print", *args], capture_output=True,
                          text=True, timeout=120, env=env)


def test_the_command_prints_itineraries_door_sheets_and_the_workbook(zone: Zone, tmp_path: Path) -> None:
    p = placed(zone)
    db = str(zone.store.path)
    zone.store.close()
    done = cli("--db", db, "--out", str(tmp_path / "one.pdf"), "--buyer", p.buyer.id)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"out": str(tmp_path / "one.pdf"), "kind": "itineraries", "documents": 1,
                                       "pages": 1, "meetings": 3}
    assert re.search(row_pattern("10:00–10:30", 4, p.exhibitors[0], INTERPRETER), pdf_text(tmp_path / "one.pdf"))
    done = cli("--db", db, "--out", str(tmp_path / "doors.pdf"), "--tables", "1", "2", "--day", p.days[0].isoformat())
    assert done.returncode == 0 and json.loads(done.stdout)["pages"] == 2, done.stderr
    done = cli("--db", db, "--out", str(tmp_path / "schedule.xlsx"))
    assert done.returncode == 0 and json.loads(done.stdout)["meetings"] == 4, done.stderr
    assert openpyxl.load_workbook(tmp_path / "schedule.xlsx")["일정 Schedule"].max_row == 5
    for args, says in (((), "Say what to print"), (("--tables",), "exports the whole schedule: leave out --tables")):
        out = "x.pdf" if not args else "x.xlsx"
        refused = cli("--db", db, "--out", str(tmp_path / out), *args)
        assert refused.returncode == 1 and refused.stdout == "" and says in refused.stderr
        assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    refused = cli("--db", db, "--out", str(tmp_path / "v.pdf"), "--all-buyers", operator="viewer")
    assert refused.returncode == 1 and "may not plan the consultation schedule" in refused.stderr
    assert not (tmp_path / "v.pdf").exists()
