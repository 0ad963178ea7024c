"""`expo-console meetings`, run as a user runs it: a separate process, JSON on stdout, one
sentence on stderr and exit code 1 for a refusal, never a traceback."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from event_templates import EventTemplates

from expo_console.domain.consultations import Session
from expo_console.services.consultations import setup
from expo_console.storage.connection import open_event_file
from support import TEST_STAMP

LUNCH = ((dt.time(12), dt.time(13)),)


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "expo_console", *args], capture_output=True, text=True, timeout=120)


def lines(result: subprocess.CompletedProcess[str]) -> list[dict[str, object]]:
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 1 and result.stdout == ""
    message = result.stderr.strip()
    assert message.startswith("expo-console: ") and "\n" not in message and "Traceback" not in message
    for word in words:
        assert word in message
    return message


@dataclass(frozen=True)
class Zone:
    path: Path
    requests: Path  # a buyers' wish list with one misspelt exhibitor
    buyers: list[tuple[str, str]]  # (id, name)
    exhibitors: list[tuple[str, str]]
    chinese: str  # a buyer who speaks Chinese, with no interpreter in the event


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path) -> Zone:
    """The demo event without its consultation data, given a session each day (10–17, lunch 12–13)
    and six tables; its request list written as organizers send it."""
    path = event_templates.demo(visitors=300, consultations=False).copy_to(tmp_path / "event.expo")
    store = open_event_file(path, TEST_STAMP)
    try:
        loaded = setup.load(store)
        for day in loaded.days:
            setup.set_session(store, Session(day, dt.time(10), dt.time(17), 30, LUNCH))
        setup.place_tables(store, 6)
        buyers, exhibitors = loaded.buyers[:6], loaded.exhibitors[:8]
        setup.set_buyer(store, buyers[5].id, language="zh")
    finally:
        store.close()
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["바이어명", "회사명", "희망기업1", "희망기업2", "희망기업3"])
    for i, buyer in enumerate(buyers):
        wishes = [exhibitors[(i + k) % len(exhibitors)].name for k in range(3)]
        if i == 2:
            wishes[1] = wishes[1][:-1] + "컬"  # misspelt
        writer.writerow([buyer.name, buyer.company, *wishes])
    requests = tmp_path / "희망기업.csv"
    requests.write_bytes(out.getvalue().encode("cp949"))
    return Zone(path, requests, [(b.id, b.name) for b in buyers], [(e.id, e.name) for e in exhibitors],
                buyers[5].id)


def request_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM consultation_requests").fetchone()[0])
    finally:
        conn.close()


def test_import_reports_rows_with_suggestions_and_dry_run_stores_nothing(zone: Zone) -> None:
    [dry] = lines(cli("meetings", "import", "--db", str(zone.path), str(zone.requests), "--dry-run"))
    assert request_count(zone.path) == 0
    assert (dry["dry_run"], dry["added"], dry["written"]) == (True, 17, 0)
    [problem] = dry["problems"]
    assert problem["row"] == 4 and problem["column"] == "희망기업2" and problem["code"] == "request_exhibitor_unknown"
    assert problem["suggestions"][0] == zone.exhibitors[3][1]
    assert dry["mapping"]["C"] == {"header": "희망기업1", "field": "wish:1"}
    [done] = lines(cli("meetings", "import", "--db", str(zone.path), str(zone.requests)))
    assert (done["added"], done["written"]) == (17, 17) and request_count(zone.path) == 17
    missing = cli("meetings", "import", "--db", str(zone.path), str(zone.path.parent / "nothing.csv"))
    refused(missing, "nothing.csv")


def test_solve_prints_the_meetings_the_requests_left_out_and_why_and_the_fairness_minimum(zone: Zone) -> None:
    lines(cli("meetings", "import", "--db", str(zone.path), str(zone.requests)))
    [solved] = lines(cli("meetings", "solve", "--db", str(zone.path), "--time-limit", "5"))
    assert solved["status"] in ("optimal", "feasible", "greedy")
    placed = solved["meetings"]
    assert solved["placed"] == len(placed) == 14  # 17 requests, three of the Chinese-speaking buyer's left out
    assert {m["buyer"] for m in placed} == {b for b, _n in zone.buyers} - {zone.chinese}
    left = solved["left_out"]
    assert {(o["buyer"], o["reason"]) for o in left} == {(zone.chinese, "no_interpreter")}
    assert all(o["buyer_name"] and o["exhibitor_name"] and o["why"] for o in left)
    assert any("No interpreter speaks 'zh'" in p for p in solved["problems"])
    assert solved["fairness_minimum"] >= 1 and solved["table_slots"] == 6 * 12 * 4
    seen = {(m["day"], m["start"], m["table"]) for m in placed}
    assert len(seen) == len(placed)  # no table twice in a slot
    [again] = lines(cli("meetings", "solve", "--db", str(zone.path), "--day", "2022-10-05", "--greedy"))
    assert again["status"] == "greedy" and again["days"] == ["2022-10-05"]
    refused(cli("meetings", "solve", "--db", str(zone.path), "--day", "2022-10-09"), "2022-10-09", "session")
    refused(cli("meetings", "solve", "--db", str(zone.path), "--time-limit", "0"), "--time-limit")


def test_list_prints_one_meeting_per_line_filtered_by_buyer_exhibitor_or_table(zone: Zone) -> None:
    lines(cli("meetings", "import", "--db", str(zone.path), str(zone.requests)))
    lines(cli("meetings", "solve", "--db", str(zone.path), "--greedy"))
    every = lines(cli("meetings", "list", "--db", str(zone.path)))
    assert len(every) == 14
    assert set(every[0]) >= {"id", "day", "start", "end", "table", "buyer", "exhibitor", "interpreter", "status"}
    assert every == sorted(every, key=lambda m: (m["day"], m["start"], m["table"]))
    buyer_id, buyer_name = zone.buyers[0]
    mine = lines(cli("meetings", "list", "--db", str(zone.path), "--buyer", buyer_id))
    assert len(mine) == 3 and {m["buyer_name"] for m in mine} == {buyer_name}
    table = lines(cli("meetings", "list", "--db", str(zone.path), "--table", "1"))
    assert table and {m["table"] for m in table} == {1}
    exhibitor_id = zone.exhibitors[0][0]
    assert {m["exhibitor"] for m in lines(cli("meetings", "list", "--db", str(zone.path), "--exhibitor",
                                              exhibitor_id))} == {exhibitor_id}
    refused(cli("meetings", "list", "--db", str(zone.path), "--exhibitor", "nobody"), "no exhibitor nobody")
    both = cli("meetings", "list", "--db", str(zone.path), "--buyer", buyer_id, "--table", "1")
    assert both.returncode == 2 and "not allowed with" in both.stderr  # one filter at a time
    # a viewer reads the schedule, not the buyers' names
    viewer = lines(cli("meetings", "list", "--db", str(zone.path), "--operator", "viewer"))
    assert {m["buyer_name"] for m in viewer} == {None} and viewer[0]["exhibitor_name"]


def test_outcome_records_amounts_and_refuses_what_is_not_a_number_naming_the_field(zone: Zone) -> None:
    lines(cli("meetings", "import", "--db", str(zone.path), str(zone.requests)))
    lines(cli("meetings", "solve", "--db", str(zone.path), "--greedy"))
    first, second = lines(cli("meetings", "list", "--db", str(zone.path)))[:2]
    [held] = lines(cli("meetings", "outcome", "--db", str(zone.path), str(first["id"]), "--held",
                       "--amount", "1,500만", "--contract", "3000000", "--note", "샘플 발송"))
    assert (held["status"], held["amount_krw"], held["contract_krw"], held["contract_expected"]) == \
        ("held", 15_000_000, 3_000_000, True)
    [usd] = lines(cli("meetings", "outcome", "--db", str(zone.path), str(second["id"])[-8:], "--held", "--usd",
                      "--amount", "12000"))
    assert (usd["amount_currency"], usd["amount_original"], usd["amount_krw"]) == ("USD", 12000.0, 15_600_000)
    refused(cli("meetings", "outcome", "--db", str(zone.path), str(first["id"]), "--amount", "많이"),
            "consultation amount", "'많이'")
    refused(cli("meetings", "outcome", "--db", str(zone.path), str(first["id"]), "--contract", "1.2억원쯤"),
            "contract amount")
    [after] = [m for m in lines(cli("meetings", "list", "--db", str(zone.path))) if m["id"] == first["id"]]
    assert after["amount_krw"] == 15_000_000  # the refused amounts changed nothing
    [no_show] = lines(cli("meetings", "outcome", "--db", str(zone.path), str(first["id"]), "--no-show"))
    assert no_show["status"] == "no_show"
    refused(cli("meetings", "outcome", "--db", str(zone.path), str(first["id"])), "--held")
    refused(cli("meetings", "outcome", "--db", str(zone.path), "0000", "--held"), "last 8")
    refused(cli("meetings", "outcome", "--db", str(zone.path), str(first["id"]), "--held", "--operator", "viewer"),
            "viewer", "may not record consultation outcomes")
