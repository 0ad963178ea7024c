"""The results report (성과 보고서): its figures equal the outcomes entered, in the summary, in the
PDF's text and in the XLSX read back, to the won; exhibitors without a meeting are listed (those
someone asked for first); an erased buyer's meetings still count; a day alone; the command line."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest
from consultation_outcomes import enter_outcomes
from consultation_support import Zone, consultation_zone
from event_templates import EventTemplates

from expo_console.domain.consultation_results import Quiet
from expo_console.domain.countries import country_code, country_names
from expo_console.domain.meeting_records import MeetingStatus
from expo_console.services import event_settings
from expo_console.services.consultations import schedule, setup
from expo_console.services.consultations.results import (
    ResultsError,
    consultation_results,
    has_schedule,
)
from expo_console.services.consultations.results_files import write_results_file
from expo_console.services.consultations.results_pdf import ResultsFileError
from expo_console.services.registration import visitors
from expo_console.services.registration.visitors import delete_visitor
from expo_console.services.traffic.report import write_day_report
from expo_console.storage.connection import EventStore


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture
def zone(event_templates: EventTemplates, tmp_path: Path) -> Iterator[Zone]:
    made = consultation_zone(event_templates, tmp_path / "event.expo", buyers=12, exhibitors=8, wishes=3)
    # long enough to be proven optimal on a loaded machine (well under a second alone): the same schedule every run
    schedule.solve_schedule(made.store, time_limit=30)
    yield made
    made.store.close()


def test_the_summary_equals_the_outcomes_entered(zone: Zone) -> None:
    entered = enter_outcomes(zone)
    results = consultation_results(zone.store)
    t = results.totals
    assert (t.held, t.no_show, t.cancelled, t.scheduled) == (4, 1, 1, len(entered.every) - 6)
    assert (t.amount_krw, t.contracts, t.contract_krw) == (34_800_000, 2, 57_000_000)
    assert results.usd_rate == 1400.0 and (results.usd_amount, results.usd_meetings) == (12_000.0, 1)
    # each breakdown adds up to the totals, and holds what was entered where it was entered
    for lines in (results.by_day, results.by_sector, results.by_country, results.by_exhibitor):
        assert sum(line.figures.amount_krw for line in lines) == t.amount_krw
        assert sum(line.figures.held for line in lines) == t.held
        assert sum(line.figures.contract_krw for line in lines) == t.contract_krw
    expected: dict[str, int] = defaultdict(int)
    for meeting_id, amount in entered.amount.items():
        expected[next(m.exhibitor_id for m in entered.every if m.id == meeting_id)] += amount
    assert {line.key: line.figures.amount_krw for line in results.by_exhibitor if line.figures.amount_krw} \
        == dict(expected)
    country_of = {b.id: country_code(b.country) for b in zone.buyers}
    by_country: dict[str, int] = defaultdict(int)
    for meeting_id, amount in entered.amount.items():
        by_country[country_of[next(m.buyer_id for m in entered.every if m.id == meeting_id)]] += amount
    assert {line.key: line.figures.amount_krw for line in results.by_country if line.figures.amount_krw} \
        == dict(by_country)
    days = {line.key: line.figures for line in results.by_day}
    for m in entered.held:
        assert days[m.day.isoformat()].held >= 1
    # the pairs are ranked by amount: the dollar meeting (16.8 million won) first
    first = results.top_pairs[0]
    b = entered.held[1]
    assert first.exhibitor.id == b.exhibitor_id and first.figures.amount_krw == 16_800_000
    assert first.company == next(x.company for x in zone.buyers if x.id == b.buyer_id)
    assert [p.figures.amount_krw for p in results.top_pairs] == [16_800_000, 15_000_000, 3_000_000]


def test_a_dollar_amount_follows_the_events_rate_which_the_report_states(zone: Zone, tmp_path: Path) -> None:
    enter_outcomes(zone)
    event_settings.put(zone.store, event_settings.CONSULT_USD_RATE, 1500.0)  # the organizer sets the day's rate
    results = consultation_results(zone.store)
    assert results.totals.amount_krw == 15_000_000 + 18_000_000 + 3_000_000
    text = pdf_text(write_results_file(zone.store, tmp_path / "r.pdf") and tmp_path / "r.pdf")
    assert "1 USD = 1,500 KRW" in text and "36,000,000" in text and "12,000 USD" in text


def test_the_pdf_and_the_xlsx_agree_with_the_summary_to_the_won(zone: Zone, tmp_path: Path) -> None:
    entered = enter_outcomes(zone)
    dollar_buyer = entered.held[1].buyer_id  # a company name typed with what looks like markup
    row = visitors.get_visitor(zone.store, dollar_buyer)
    visitors.update_visitor(zone.store, dollar_buyer, replace(visitors.draft_from_row(row), company="R&D <Global> Co."),
                            allow_duplicate=True)
    results = write_results_file(zone.store, tmp_path / "results.pdf")
    assert write_results_file(zone.store, tmp_path / "results.xlsx") == results
    text = pdf_text(tmp_path / "results.pdf")
    assert "구매상담 성과 보고서 Consultation results" in text and "1 USD = 1,400 KRW" in text
    assert "34,800,000원" in text and "57,000,000원" in text
    flat = " ".join(text.split())
    total_row = "합계 Total " + " ".join(f"{v:,}" for v in (len(entered.every) - 1, 4, 1, 1, 34_800_000, 2, 57_000_000))
    assert flat.count(total_row) >= 3  # sector, country and (several days) day tables each end with it
    for line in results.by_exhibitor:  # every exhibitor's row: booth, name, then the figures
        f = line.figures
        assert f"{f.held:,} {f.no_show:,} {f.cancelled:,} {f.amount_krw:,} {f.contracts:,} {f.contract_krw:,}" \
            in flat.split(line.name, 1)[1]
    fonts = subprocess.run(["pdffonts", str(tmp_path / "results.pdf")], capture_output=True, text=True,
                           check=True).stdout
    assert [line for line in fonts.splitlines() if "Nanum" in line]
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines() if "Nanum" in line)  # embedded

    book = openpyxl.load_workbook(tmp_path / "results.xlsx")
    assert book.sheetnames == ["요약 Summary", "일자별 By day", "분야별 By sector", "국가별 By country",
                               "기업별 By exhibitor", "상담없음 No meeting", "상위 Top pairs"]
    summary = {row[0]: row[1] for row in book["요약 Summary"].iter_rows(min_row=2, values_only=True)}
    assert summary["상담액(원) Consultation amount (KRW)"] == 34_800_000
    assert summary["계약추진액(원) Contract amount (KRW)"] == 57_000_000
    assert summary["상담 완료 Held"] == 4 and summary["노쇼 No-shows"] == 1 and summary["취소 Cancelled"] == 1
    assert summary["환율 (원/USD) Rate (KRW per USD)"] == 1400
    for title in ("일자별 By day", "분야별 By sector", "국가별 By country"):
        rows = list(book[title].iter_rows(min_row=2, values_only=True))
        header = [c.value for c in book[title][1]]
        amount = header.index("상담액(원) Amount KRW")
        assert sum(r[amount] for r in rows[:-1]) == rows[-1][amount] == 34_800_000  # numbers, that add up
    exhibitors = list(book["기업별 By exhibitor"].iter_rows(min_row=2, values_only=True))
    assert {r[1]: r[9] for r in exhibitors[:-1] if r[9]} == {line.name: line.figures.amount_krw
                                                             for line in results.by_exhibitor if line.figures.amount_krw}
    pairs = list(book["상위 Top pairs"].iter_rows(min_row=2, values_only=True))
    assert [r[7] for r in pairs] == [16_800_000, 15_000_000, 3_000_000]
    assert pairs[0][1] == "R&D <Global> Co." and "R&D <Global> Co." in text  # printed as typed


def test_exhibitors_without_a_meeting_are_listed_those_asked_for_first(zone: Zone, tmp_path: Path) -> None:
    entered = enter_outcomes(zone)
    loaded = setup.load(zone.store)
    asked = {r.exhibitor for r in loaded.requests}
    held = {m.exhibitor_id for m in entered.held}
    # an exhibitor with requests whose every meeting is taken out of the schedule: placed, never held
    victim = next(e for e in sorted(asked - held) if all(m.status == MeetingStatus.SCHEDULED
                                                        for m in schedule.meetings(zone.store, exhibitor_id=e)))
    for m in schedule.meetings(zone.store, exhibitor_id=victim):
        schedule.remove_meeting(zone.store, m.id)
    results = consultation_results(zone.store)
    quiet = {q.exhibitor.id: q for q in results.without_meeting}
    assert set(quiet) == {e.id for e in loaded.exhibitors} - held
    assert quiet[victim].reason == Quiet.NOT_PLACED and quiet[victim].requests >= 1
    never_asked = [e.id for e in loaded.exhibitors if e.id not in asked]
    assert never_asked and all(quiet[e].reason == Quiet.NOT_REQUESTED for e in never_asked)
    order = [q.requested for q in results.without_meeting]
    assert order == sorted(order, reverse=True)  # those someone asked for come first
    assert results.exhibitors_met == len(held) and results.requested_unmet == len(asked - held)
    write_results_file(zone.store, tmp_path / "r.pdf")
    lines = pdf_text(tmp_path / "r.pdf").splitlines()

    def row_of(exhibitor_id: str, why: str) -> int:
        e = loaded.exhibitor_by_id[exhibitor_id]
        return next(i for i, line in enumerate(lines) if e.booth in line and e.name in line and why in line)

    # its row says why, and stands above those nobody asked for
    assert row_of(victim, "요청 있으나 미배정") < row_of(never_asked[0], "요청 없음")


def test_an_erased_buyers_meetings_still_count_by_country_and_never_by_name(zone: Zone, tmp_path: Path) -> None:
    entered = enter_outcomes(zone)
    before = consultation_results(zone.store)
    dollar = entered.held[1]
    buyer = next(b for b in zone.buyers if b.id == dollar.buyer_id)
    delete_visitor(zone.store, buyer.id, "erasure requested")
    after = consultation_results(zone.store)
    assert after.totals == before.totals and after.erased_meetings >= 1
    assert [(x.key, x.figures) for x in after.by_country] == [(x.key, x.figures) for x in before.by_country]
    top = after.top_pairs[0]
    assert top.erased and top.company == "" and top.figures.amount_krw == 16_800_000
    write_results_file(zone.store, tmp_path / "r.pdf")
    write_results_file(zone.store, tmp_path / "r.xlsx")
    text = pdf_text(tmp_path / "r.pdf")
    assert "삭제된 바이어 Erased buyer" in text
    cells = [str(v) for sheet in openpyxl.load_workbook(tmp_path / "r.xlsx") for row in sheet.iter_rows(values_only=True)
             for v in row if v is not None]
    for person in zone.buyers:  # buyers appear by company only: no person's name anywhere
        for name in (person.name, person.name_en):
            if name:
                assert name not in text and not any(name in cell for cell in cells)
    assert buyer.company not in " ".join(p.company for p in after.top_pairs)


def test_one_day_alone(zone: Zone) -> None:
    entered = enter_outcomes(zone)
    days = {m.day for m in entered.every}
    # the day the fewest exhibitors meet: some of them meet on other days only
    day = min(days, key=lambda d: len({m.exhibitor_id for m in entered.every if m.day == d}))
    results = consultation_results(zone.store, day)
    assert results.day == day and results.days == (day,)
    assert results.totals.held == sum(1 for m in entered.held if m.day == day)
    assert results.totals.amount_krw == sum(a for i, a in entered.amount.items()
                                            if next(m.day for m in entered.every if m.id == i) == day)
    assert [line.key for line in results.by_day] == [day.isoformat()]
    # an exhibitor who meets buyers on other days only is not a complaint on this one
    met_today = {m.exhibitor_id for m in entered.every if m.day == day}
    other_days = {m.exhibitor_id for m in entered.every if m.day != day} - met_today
    quiet = {q.exhibitor.id: q for q in results.without_meeting}
    assert other_days and all(quiet[e].reason == Quiet.OTHER_DAYS and not quiet[e].requested for e in other_days)
    with pytest.raises(ResultsError, match="not a day of this event"):
        consultation_results(zone.store, dt.date(2030, 1, 1))


def test_a_file_that_is_neither_pdf_nor_xlsx_is_refused(zone: Zone, tmp_path: Path) -> None:
    with pytest.raises(ResultsFileError, match=r"\.pdf or \.xlsx"):
        write_results_file(zone.store, tmp_path / "results.docx")
    assert not list(tmp_path.glob("results*"))


def test_the_report_command_prints_the_figures_it_wrote(zone: Zone, tmp_path: Path) -> None:
    entered = enter_outcomes(zone)
    zone.store.close()
    db = tmp_path / "event.expo"
    command = [sys.executable, "-m", "expo_console", "meetings", "report", "--db", str(db)]
    run = subprocess.run([*command, "--out", str(tmp_path / "r.xlsx")], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    assert figures["out"] == str(tmp_path / "r.xlsx") and figures["day"] is None
    assert (figures["held"], figures["no_show"], figures["cancelled"]) == (4, 1, 1)
    assert (figures["amount_krw"], figures["contracts"], figures["contract_krw"]) == (34_800_000, 2, 57_000_000)
    assert figures["usd_rate"] == 1400.0 and figures["exhibitors_without_meeting"] >= 1
    day = entered.held[0].day.isoformat()
    one = subprocess.run([*command, "--out", str(tmp_path / "d.pdf"), "--day", day], capture_output=True, text=True,
                         timeout=120)
    assert one.returncode == 0, one.stderr
    assert json.loads(one.stdout)["day"] == day
    assert f"{day} 하루 One day" in pdf_text(tmp_path / "d.pdf")
    wrong = subprocess.run([*command, "--out", str(tmp_path / "x.pdf"), "--day", "2030-01-01"], capture_output=True,
                           text=True, timeout=120)
    assert wrong.returncode == 1 and "not a day of this event" in wrong.stderr and "Traceback" not in wrong.stderr
    bad = subprocess.run([*command, "--out", str(tmp_path / "x.docx")], capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and ".pdf or .xlsx" in bad.stderr and not bad.stdout


def test_the_daily_traffic_report_has_the_days_consultations(zone: Zone, tmp_path: Path) -> None:
    entered = enter_outcomes(zone)
    day = entered.held[0].day
    expected = consultation_results(zone.store, day)
    write_day_report(zone.store, day, tmp_path / "day.pdf")
    flat = " ".join(pdf_text(tmp_path / "day.pdf").split())
    assert "구매상담 Consultations" in flat
    t = expected.totals
    assert f"{t.held:,}건" in flat and f"노쇼 no-shows {t.no_show:,}" in flat
    assert f"{t.amount_krw:,}원" in flat and f"계약추진액 amount {t.contract_krw:,}원" in flat
    assert f"{len(expected.without_meeting):,} / {expected.exhibitors:,}" in flat
    others = [q.exhibitor.name for q in expected.without_meeting if not q.requested]
    assert others and others[0] in flat.split("Other exhibitors without a meeting this day", 1)[1]


def test_the_daily_traffic_report_of_an_event_without_consultations_has_no_such_section(
        store: EventStore, tmp_path: Path) -> None:
    assert not has_schedule(store)
    write_day_report(store, dt.date(2022, 10, 4), tmp_path / "day.pdf")
    text = pdf_text(tmp_path / "day.pdf")
    assert "Daily traffic report" in text and "Consultations" not in text


def test_country_names_fold_codes_and_count_a_blank_country_as_korea() -> None:
    assert country_code("") == country_code("kor") == country_code("대한민국") == "KR"
    assert country_names("US") == ("미국", "United States") and country_names("XX") == ("XX", "XX")
