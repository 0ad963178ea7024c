"""After the day: the report, the series export, and a day that is still being played back."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from test_traffic import DAY, passes, seoul, zone_named

from expo_console.domain.occupancy import HALL
from expo_console.domain.traffic_stats import occupancy_colour
from expo_console.services.badges.codes import issue_badge
from expo_console.services.checkin.gates import find_gate
from expo_console.services.checkin.scanning import ScanContext, Station, scan
from expo_console.services.demo.event import create_demo_event
from expo_console.services.layout import floor_plan
from expo_console.services.table_files import ExportError
from expo_console.services.traffic import counting
from expo_console.services.traffic import day as traffic_day_module
from expo_console.services.traffic.day import TrafficDay
from expo_console.services.traffic.export import export_series
from expo_console.services.traffic.report import ReportError, write_day_report
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore
from support import TEST_STAMP


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[EventStore]:
    store = create_demo_event(tmp_path / "demo.expo", TEST_STAMP, visitors=20)
    yield store
    store.close()


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_report_holds_the_days_figures_alerts_and_head_counts_with_the_korean_font_embedded(
        demo: EventStore, tmp_path: Path) -> None:
    for visitor in range(4):
        passes(demo, visitor, [(f"10:0{visitor}", "B홀 정문", "in"), (f"10:1{visitor}", "시식존 게이트", "in")])
    tasting = zone_named(demo, "시식존")
    plan_zone = next(z for z in floor_plan.load_plan(demo).zones if z.id == tasting.id)
    floor_plan.put_zones(demo, [replace(plan_zone, capacity=3)])  # a small tasting counter: 4 fill it
    counting.correct_count(demo, tasting.id, 2, shown_before=4, note="steward", at=seoul("10:40"))
    out = tmp_path / "report.pdf"
    summary = write_day_report(demo, DAY, out, minute=10 * 60 + 50)
    assert summary.hall.figures.unique_visitors == 4 and summary.hall.peak == 4
    zone = next(z for z in summary.zones if z.figures.id == tasting.id)
    assert (zone.peak, zone.peak_at, zone.figures.occupancy) == (4, "10:13", 2)
    # 3 inside reach 80 % of 3 at 10:12 (and 100 %); the count at 10:40 ends both in the next minute
    assert [(a.level, a.start, a.end) for a in summary.alerts] == [(0.8, 612, 640), (1.0, 612, 640)]
    text = pdf_text(out)
    assert "2022 스마트비즈엑스포" in text and "10:50 기준 as of" in text
    assert "만원 Full 100%" in text and "10:12" in text and "10:40" in text  # the alert and when it ended
    assert "steward" in text  # the head count, with what the screen showed
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    nanum = [line.split() for line in fonts.splitlines() if "NanumGothic" in line]
    assert nanum and all(line[-5] == "yes" for line in nanum)  # embedded (as a subset), not left to the viewer
    with pytest.raises(ReportError, match=r"\.pdf"):
        write_day_report(demo, DAY, tmp_path / "report.docx")


def test_the_series_export_is_a_row_a_minute_with_zone_names_neutralised(demo: EventStore, tmp_path: Path) -> None:
    passes(demo, 0, [("10:00", "B홀 정문", "in"), ("10:05", "시식존 게이트", "in"), ("10:20", "시식존 게이트", "out")])
    tasting = zone_named(demo, "시식존")
    plan_zone = next(z for z in floor_plan.load_plan(demo).zones if z.id == tasting.id)
    floor_plan.put_zones(demo, [replace(plan_zone, name="=HYPERLINK(\"x\")", name_en="")])  # typed by someone
    rows = export_series(demo, DAY, tmp_path / "series.csv", minute=10 * 60 + 30)
    with (tmp_path / "series.csv").open(encoding="utf-8-sig", newline="") as handle:
        table = list(csv.reader(handle))
    assert len(table) == rows + 1 == 31 + 1  # 10:00 to 10:30, a row a minute, after the header
    header = table[0]
    assert header[1] == "홀 전체 Whole hall · 체류 Inside"
    assert any(cell.startswith("'=HYPERLINK") for cell in header)  # cannot run as a formula
    column = header.index(next(c for c in header if c.startswith("'=HYPERLINK") and c.endswith("Inside")))
    by_time = {row[0][-5:]: row for row in table[1:]}
    assert by_time["10:04"][column] == "0" and by_time["10:05"][column] == "1" and by_time["10:20"][column] == "0"
    assert by_time["10:30"][1] == "1"  # still in the hall
    export_series(demo, DAY, tmp_path / "series.xlsx", minute=10 * 60 + 30)
    sheet = openpyxl.load_workbook(tmp_path / "series.xlsx")["Traffic"]
    assert sheet.max_row == 32 and sheet.cell(7, column + 1).value == 1  # numbers stay numbers
    assert any(e["action"] == "export" and e["entity"] == "traffic" for e in audit_repo.entries(demo.conn))
    with pytest.raises(ExportError, match=r"\.csv or \.xlsx"):
        export_series(demo, DAY, tmp_path / "series.txt")


def test_the_report_command_writes_the_pdf_and_the_series(demo: EventStore, tmp_path: Path) -> None:
    passes(demo, 0, [("10:00", "B홀 정문", "in")])
    demo.close()
    db = tmp_path / "demo.expo"
    command = [sys.executable, "-m", "expo_console", "report", "--db", str(db), "--day", "2022-10-04",
               "--out", str(tmp_path / "r.pdf"), "--series", str(tmp_path / "r.xlsx"), "--at", "12:00"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["at"] == "12:00" and figures["admitted"] == 1 and (tmp_path / "r.pdf").exists()
    assert (tmp_path / "r.xlsx").exists()
    wrong = subprocess.run(command[:7] + ["2022-11-01", "--out", str(tmp_path / "x.pdf")], capture_output=True,
                           text=True, timeout=120)
    assert wrong.returncode != 0 and "2022-10-04, 2022-10-05" in wrong.stderr


def test_a_past_day_being_played_back_runs_on_the_latest_scans_clock_then_closes(
        demo: EventStore, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = {"monotonic": 1000.0}
    monkeypatch.setattr(traffic_day_module.time, "monotonic", lambda: clock["monotonic"])
    day = TrafficDay(demo, DAY)  # today is long after the demo: the day is over, and empty
    assert day.minute_now == 1439 and not day.live
    passes(demo, 0, [("10:00", "B홀 정문", "in"), ("10:04", "시식존 게이트", "in")])  # a simulation plays it
    assert day.refresh() == 2
    assert day.live and day.snapshot().clock == "10:04"  # the scans came before the close: replayed
    assert {z.id: z for z in day.snapshot().zones}[zone_named(demo, "시식존").id].occupancy == 1
    clock["monotonic"] += traffic_day_module.PLAYBACK_QUIET_S + 1  # then nothing more came
    day.refresh()
    assert not day.live and day.snapshot().clock == "23:59"
    assert day.snapshot().hall.occupancy == 0 and day.snapshot().hall.inferred_by_cause == {"closing": 1}


def test_a_desk_that_was_offline_sends_old_scans_and_the_day_is_replayed_with_them(demo: EventStore) -> None:
    passes(demo, 0, [("10:00", "B홀 정문", "in")])
    day = TrafficDay(demo, DAY, now=seoul("11:00"))
    passes(demo, 1, [("10:10", "B홀 측면 출입구", "in"), ("10:20", "시식존 게이트", "in")])  # queued 50 min
    assert day.refresh(seoul("11:01")) == 2
    fresh = TrafficDay(demo, DAY, now=seoul("11:01"))
    assert day.snapshot() == fresh.snapshot()
    assert day.snapshot().hall.occupancy == 2 and day.occupancy_line(HALL, 10 * 60 + 15)[-1] == 2


def test_the_default_day_is_today_during_the_event_else_the_last_scanned(demo: EventStore) -> None:
    assert counting.default_day(demo, dt.date(2022, 10, 6)) == dt.date(2022, 10, 6)
    assert counting.default_day(demo, dt.date(2026, 1, 1)) == DAY  # nothing scanned: the first day
    visitor_id = demo.conn.execute("SELECT id FROM visitors LIMIT 1").fetchone()[0]
    entrance = ScanContext(demo, Station("정문", find_gate(demo, "B홀 정문")["id"], "in"))
    scan(entrance, issue_badge(demo, visitor_id)[0].code, now=dt.datetime(2022, 10, 5, 1, 0, tzinfo=dt.UTC))
    assert counting.default_day(demo, dt.date(2026, 1, 1)) == dt.date(2022, 10, 5)  # the day last scanned


def test_the_heat_colours_run_from_green_through_amber_to_red() -> None:
    assert occupancy_colour(0) == "#c8e6c9" and occupancy_colour(1.0) == "#e53935" == occupancy_colour(2.3)
    assert occupancy_colour(0.8) == "#ffa726"
    assert occupancy_colour(0.5) == "#fff176" and occupancy_colour(-1) == occupancy_colour(0)
