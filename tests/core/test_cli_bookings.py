"""`expo-console studio` and `expo-console photos`, run as a user runs them: a separate process,
JSON on stdout, one sentence on stderr and exit code 1 for a refusal, never a traceback. The event
is the demo's, with its studio sets, photo corner, requests and greedy allocation."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from event_templates import EventTemplates
from test_cli_meetings import cli, lines, refused

from expo_console.domain.bookings import BookingKind
from expo_console.services.bookings import setup
from expo_console.storage.connection import open_event_file
from support import TEST_STAMP


@pytest.fixture
def event(event_templates: EventTemplates, tmp_path: Path) -> Path:
    return event_templates.demo(visitors=10, consultations=False).copy_to(tmp_path / "event.expo")


def exhibitor_names(path: Path) -> list[str]:
    store = open_event_file(path, TEST_STAMP)
    try:
        return sorted(e.name for e in setup.exhibitor_names(store).values())
    finally:
        store.close()


def test_import_reads_a_cp949_list_reports_its_bad_rows_and_a_dry_run_writes_nothing(event: Path,
                                                                                     tmp_path: Path) -> None:
    first, second = exhibitor_names(event)[:2]
    out = io.StringIO()
    csv.writer(out).writerows([["출품기업", "희망일시1", "희망일시2", "상품", "쇼호스트", "채널", "접수일시"],
                               [first, "1일차 오후", "2일차 10:00-12:00", "홍삼정 스틱", "김하늘", "쿠팡", "2022-09-01 10:00"],
                               [second + "컴퍼니", "무관", "", "마스크", "", "네이버", ""],
                               [second, "13일", "", "체온계", "", "", ""]])
    path = tmp_path / "라이브 신청.csv"
    path.write_bytes(out.getvalue().encode("cp949"))
    before = len(lines(cli("studio", "list", "--db", str(event), "--waiting")))
    dry = lines(cli("studio", "import", "--db", str(event), str(path), "--dry-run"))[0]
    assert dry["dry_run"] and dry["added"] == 1 and dry["written"] == 0
    assert len(lines(cli("studio", "list", "--db", str(event), "--waiting"))) == before
    report = lines(cli("studio", "import", "--db", str(event), str(path)))[0]
    assert report["kind"] == "studio" and report["written"] == 1 and report["rows_skipped"] == 2
    assert report["mapping"]["B"] == {"header": "희망일시1", "field": "when:1"}
    problems = {(p["row"], p["column"], p["code"]) for p in report["problems"]}
    assert (3, "출품기업", "request_exhibitor_unknown") in problems
    assert (4, "희망일시1", "booking_time_unreadable_skipped") in problems
    again = lines(cli("studio", "import", "--db", str(event), str(path)))[0]
    assert again["unchanged"] == 1 and again["added"] == 0  # the same list again: nothing doubled
    assert len(lines(cli("photos", "list", "--db", str(event), "--waiting"))) == len(
        lines(cli("photos", "list", "--db", str(event), "--waiting")))  # the photo corner untouched
    refused(cli("studio", "import", "--db", str(event), str(tmp_path / "없는파일.csv")), "Check the path")


def test_solve_places_without_double_booking_and_explains_who_waits(event: Path) -> None:
    for command, kind in (("studio", BookingKind.STUDIO), ("photos", BookingKind.PHOTO)):
        solved = lines(cli(command, "solve", "--db", str(event), "--greedy"))[0]
        assert solved["kind"] == kind.value and solved["status"] == "greedy" and len(solved["days"]) == 4
        places = Counter((b["day"], b["start"], b["resource"]) for b in solved["bookings"])
        assert places and max(places.values()) == 1
        assert solved["waiting"] and all(w["why"] and w["exhibitor_name"] for w in solved["waiting"])
        listed = lines(cli(command, "list", "--db", str(event)))
        assert len(listed) == len(solved["bookings"])
        minutes = {(int(b["end"][:2]) * 60 + int(b["end"][3:])) - (int(b["start"][:2]) * 60 + int(b["start"][3:]))
                   for b in listed}
        assert minutes == ({40} if kind == BookingKind.STUDIO else {20})
    greedy = lines(cli("studio", "solve", "--db", str(event), "--greedy"))[0]
    optimised = lines(cli("studio", "solve", "--db", str(event), "--time-limit", "5"))[0]
    assert optimised["status"] in ("optimal", "feasible") and optimised["replaced"] == len(greedy["bookings"])
    assert optimised["exhibitors_served"] >= greedy["exhibitors_served"]
    refused(cli("studio", "solve", "--db", str(event), "--day", "2030-01-01"), "2030-01-01", "no studio session")
    refused(cli("photos", "solve", "--db", str(event), "--time-limit", "0"), "--time-limit")


def test_outcome_records_results_keeps_the_figures_not_given_and_refuses_what_is_not_a_figure(event: Path) -> None:
    broadcast = lines(cli("studio", "list", "--db", str(event)))[0]
    done = lines(cli("studio", "outcome", "--db", str(event), "--booking", str(broadcast["id"])[-10:],
                     "--status", "held", "--viewers", "1,200", "--orders", "31", "--sales", "320만"))[0]
    assert (done["status"], done["viewers"], done["orders"], done["sales_krw"]) == ("held", 1200, 31, 3_200_000)
    peak = lines(cli("studio", "outcome", "--db", str(event), "--booking", str(broadcast["id"]), "--peak", "150"))[0]
    assert (peak["peak_viewers"], peak["viewers"], peak["sales_krw"]) == (150, 1200, 3_200_000)  # the rest kept
    refused(cli("studio", "outcome", "--db", str(event), "--booking", str(broadcast["id"]), "--peak", "5000"),
            "cannot exceed the viewers")
    refused(cli("studio", "outcome", "--db", str(event), "--booking", str(broadcast["id"]), "--sales", "많이"),
            "not an amount")
    refused(cli("studio", "outcome", "--db", str(event), "--booking", "abc", "--status", "held"), "last 8")
    refused(cli("studio", "outcome", "--db", str(event), "--booking", str(broadcast["id"])), "Say what came")
    shoot = lines(cli("photos", "list", "--db", str(event)))[0]
    refused(cli("studio", "outcome", "--db", str(event), "--booking", str(shoot["id"]), "--status", "held"),
            "studio list")  # a shoot is not a broadcast
    delivered = lines(cli("photos", "outcome", "--db", str(event), "--booking", str(shoot["id"]), "--photos", "24장"))[0]
    assert delivered["photos_delivered"] == 24 and delivered["status"] == "held"
    second = lines(cli("photos", "list", "--db", str(event)))[1]
    missed = lines(cli("photos", "outcome", "--db", str(event), "--booking", str(second["id"]), "--status", "no_show"))
    assert missed[0]["status"] == "no_show"
    waiting = lines(cli("photos", "list", "--db", str(event), "--waiting"))
    assert waiting and all(w["reason"] in ("no_room", "no_slot_in_windows", "limit_reached") for w in waiting)
    assert second["request"] not in {w["request"] for w in waiting}  # a no-show has had its turn


def test_a_listing_piped_into_a_reader_that_stops_early_ends_quietly(event: Path) -> None:
    # print_json is every command's: `meetings list | head` ends as quietly
    for argv in (["studio", "list", "--db", str(event)], ["photos", "list", "--db", str(event), "--waiting"]):
        read, write = os.pipe()
        os.close(read)  # `| head` that has already gone: every write finds no reader
        try:
            done = subprocess.run([sys.executable, "-m", "expo_console", *argv], stdout=write, stderr=subprocess.PIPE,
                                  text=True, timeout=120)
        finally:
            os.close(write)
        assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr and done.stderr == "", done.stderr


def test_print_writes_the_running_order_the_confirmations_and_the_workbook(event: Path, tmp_path: Path) -> None:
    first_day = str(lines(cli("studio", "list", "--db", str(event)))[0]["day"])
    order = lines(cli("studio", "print", "--db", str(event), "--out", str(tmp_path / "order.pdf"), "--running-order",
                      "--day", first_day))[0]
    assert (order["kind"], order["bookings_of"], order["documents"]) == ("running_order", "studio", 1)
    assert order["bookings"] and (tmp_path / "order.pdf").read_bytes().startswith(b"%PDF")
    shoots = lines(cli("photos", "list", "--db", str(event)))
    exhibitor = str(shoots[0]["exhibitor"])
    mine = lines(cli("photos", "print", "--db", str(event), "--out", str(tmp_path / "mine.pdf"), "--confirmations",
                     "--exhibitor", exhibitor))[0]
    assert mine["bookings"] == sum(1 for s in shoots if s["exhibitor"] == exhibitor) == mine["pages"]
    book = lines(cli("photos", "print", "--db", str(event), "--out", str(tmp_path / "photos.xlsx")))[0]
    assert book["kind"] == "workbook" and book["bookings"] >= len(shoots)
    refused(cli("studio", "print", "--db", str(event), "--out", str(tmp_path / "x.pdf")), "--running-order")
    refused(cli("studio", "print", "--db", str(event), "--out", str(tmp_path / "x.xlsx"), "--running-order"),
            "leave out --running-order")
    refused(cli("studio", "print", "--db", str(event), "--out", str(tmp_path / "x.pdf"), "--running-order",
                "--day", "2030-01-01"), "not a day of the event")
    assert not (tmp_path / "x.pdf").exists() and not (tmp_path / "x.xlsx").exists()
