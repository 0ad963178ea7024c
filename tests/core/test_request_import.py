"""Importing consultation requests from the lists organizers get (희망기업 / 희망바이어 sheets, one
request per row): matched to the event's buyers and exhibitors by the explicit rules, ranked by
column, merged into mutual requests, previewed and dry-run without writing; bad rows reported
with their row and the closest names, never stopping the import; hostile files bounded."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import openpyxl
import pytest
from event_templates import EventTemplates

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.changes import MeetingsChanged
from expo_console.services.consultations import setup
from expo_console.services.consultations.request_import import (
    RequestHeaderNotFound,
    import_requests,
    plan_requests,
    run_request_import,
)
from expo_console.services.importing.sniff import ImportFileError
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage import audit_repo, consultation_people_repo
from expo_console.storage.connection import EventStore, open_event_file
from support import TEST_STAMP, run_bounded

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"


@pytest.fixture
def store(event_templates: EventTemplates, tmp_path: Path) -> Iterator[EventStore]:
    """The demo event (300 visitors, about 45 of them buyers) without consultation data."""
    path = event_templates.demo(visitors=300, consultations=False).copy_to(tmp_path / "event.expo")
    opened = open_event_file(path, TEST_STAMP)
    yield opened
    opened.close()


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    path.write_bytes(out.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, rows: list[list[str]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def requests(store: EventStore) -> dict[tuple[str, str], tuple[int | None, int | None]]:
    return {(r.buyer, r.exhibitor): (r.buyer_rank, r.exhibitor_rank) for r in setup.load(store).requests}


def table_rows(store: EventStore) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(f"file:{store.path}?mode=ro", uri=True)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
                for t in ("consultation_requests", "consultation_buyers", "audit_log")}
    finally:
        conn.close()


def test_buyers_wishes_in_a_cp949_csv_become_requests_ranked_by_column(store: EventStore, tmp_path: Path) -> None:
    zone = setup.load(store)
    kim, lee = zone.buyers[0], zone.buyers[1]
    a, b, c, d = zone.exhibitors[:4]
    path = write_csv(tmp_path / "바이어 희망기업.csv", [
        ["2022 스마트비즈엑스포 구매상담회 희망기업 조사"],  # a title above the header, as lists have
        ["바이어명", "회사명", "국가", "희망기업1", "희망기업2", "희망기업3", "희망기업4"],
        # the exhibitors as people write them: without the legal form, in English, by booth
        [kim.name, kim.company, "KR", a.name.replace("(주)", "") + " 주식회사", b.name_en.upper(), c.booth, ""],
        [lee.name, lee.company.replace("(주)", "㈜ "), "KR", d.name, "", "", a.name],
    ], encoding="cp949")
    plan = plan_requests(path)
    assert plan.kind.encoding == "cp949" and plan.header_row_number == 2
    report, change = run_request_import(store, plan)
    assert requests(store) == {(kim.id, a.id): (1, None), (kim.id, b.id): (2, None), (kim.id, c.id): (3, None),
                               (lee.id, d.id): (1, None), (lee.id, a.id): (4, None)}
    assert report.as_json()["added"] == 5 and report.as_json()["problems"] == []
    assert change == MeetingsChanged(reload=True, setup=True)
    entry = audit_repo.entries(store.conn)[-1]
    assert entry["action"] == "consultation_requests_imported" and entry["detail"]["added"] == 5
    assert entry["detail"]["file"] == path.name


def test_unknown_names_are_reported_with_their_row_and_the_closest_names_and_the_rest_is_imported(
        store: EventStore, tmp_path: Path) -> None:
    zone = setup.load(store)
    buyer, other = zone.buyers[0], zone.buyers[1]
    hanbit = next(e for e in zone.exhibitors if e.name.endswith("메디칼"))
    typo = hanbit.name[:-1] + "컬"  # '…메디컬': one letter off
    staff_id = register_visitor(store, VisitorDraft(name="장보고", company="청해상사", visitor_class="visitor",
                                                    consents=frozenset({Consent.REQUIRED}))).visitor_id
    misspelt_buyer = other.name[:-1] + ("가" if other.name[-1] != "가" else "나")
    path = write_csv(tmp_path / "wishes.csv", [
        ["바이어명", "회사명", "희망기업1", "희망기업2"],
        [buyer.name, buyer.company, typo, zone.exhibitors[1].name],  # row 2: one wish misspelt
        [misspelt_buyer, other.company, zone.exhibitors[2].name, ""],  # row 3: the buyer misspelt
        ["장보고", "청해상사", zone.exhibitors[3].name, ""],  # row 4: registered, but not a buyer
        ["아무개", "없는회사", "세상에없는기업", ""],  # row 5: nobody and nothing
        [other.name, other.company, zone.exhibitors[4].name, ""],  # row 6: fine, after the bad ones
    ])
    report, _change = run_request_import(store, plan_requests(path))
    problems = {(p.row, p.code): p for p in report.preview.problems}
    wish = problems[(2, "request_exhibitor_unknown")]
    assert wish.suggestions[0] == hanbit.name and wish.column == "희망기업1"
    assert typo in wish.reason and hanbit.name in wish.reason
    misspelt = problems[(3, "request_buyer_unknown")]
    assert f"{other.name} ({other.company})" in misspelt.suggestions
    assert (4, "request_not_a_buyer") in problems and "visitor" in problems[(4, "request_not_a_buyer")].reason
    assert {(5, "request_buyer_unknown_none"), (5, "request_exhibitor_unknown_none")} <= set(problems)
    # nothing stopped: row 2's good wish and row 6 are in
    assert requests(store) == {(buyer.id, zone.exhibitors[1].id): (2, None), (other.id, zone.exhibitors[4].id): (1, None)}
    assert report.preview.rows_skipped == 3
    assert staff_id not in {b for b, _e in requests(store)}


def test_an_exhibitors_wish_for_a_pair_a_buyer_asked_for_makes_the_request_mutual(store: EventStore,
                                                                                  tmp_path: Path) -> None:
    zone = setup.load(store)
    kim, lee, park = zone.buyers[:3]
    hanbit, saehan = zone.exhibitors[:2]
    buyers = write_csv(tmp_path / "buyers.csv", [["바이어명", "회사명", "희망기업1", "희망기업2"],
                                                 [kim.name, kim.company, hanbit.name, saehan.name]])
    run_request_import(store, plan_requests(buyers))
    # the exhibitors' sheet, in Excel: a buyer as 'name (company)', by company alone, by name
    exhibitors = write_xlsx(tmp_path / "exhibitors.xlsx", [
        ["기업명", "담당자", "희망바이어1", "희망바이어2"],
        [hanbit.name, "홍길동", f"{kim.name} ({kim.company})", lee.name],
        [saehan.name_en, "김담당", park.name, ""]])
    plan = plan_requests(exhibitors)
    assert plan.shapes == ("exhibitor_rows",)
    assert "홍길동" not in {plan.headers[i] for i in plan.mapping}  # the exhibitor's contact is not a buyer
    report, _change = run_request_import(store, plan)
    assert requests(store) == {(kim.id, hanbit.id): (1, 1), (kim.id, saehan.id): (2, None),
                               (lee.id, hanbit.id): (None, 2), (park.id, saehan.id): (None, 1)}
    counts = report.as_json()
    assert (counts["added"], counts["updated"], counts["became_mutual"]) == (2, 1, 1)
    # one request per row, 구분 상호: both sides at once; the same list again changes nothing
    long_form = write_csv(tmp_path / "pairs.csv", [["바이어", "기업", "순위", "구분"],
                                                   [park.name, hanbit.name, "2순위", "상호"],
                                                   [lee.name, saehan.name, "", "바이어"],
                                                   [lee.name, hanbit.name, "1", ""]])
    run_request_import(store, plan_requests(long_form))
    assert requests(store)[(park.id, hanbit.id)] == (2, 2)
    assert requests(store)[(lee.id, hanbit.id)] == (1, 2)
    assert requests(store)[(lee.id, saehan.id)] == (2, None)  # no rank: after the buyer's ranked one
    again, _change = run_request_import(store, plan_requests(long_form))
    assert (again.as_json()["unchanged"], again.written) == (3, 0)


def test_a_dry_run_previews_the_same_counts_and_writes_nothing(store: EventStore, tmp_path: Path) -> None:
    zone = setup.load(store)
    buyer = zone.buyers[0]
    path = write_csv(tmp_path / "wishes.csv", [["바이어명", "회사명", "언어", "참가일", "희망기업1", "희망기업2"],
                                               [buyer.name, buyer.company, "중국어", "10/5, 10/6",
                                                zone.exhibitors[0].name, "없는기업"]])
    before = table_rows(store)
    dry, change = run_request_import(store, plan_requests(path), dry_run=True)
    assert table_rows(store) == before and change == MeetingsChanged()
    assert dry.as_json()["dry_run"] and dry.written == 0
    real, _change = run_request_import(store, plan_requests(path))
    summary = {k: v for k, v in dry.as_json().items() if k not in ("dry_run", "written")}
    assert summary == {k: v for k, v in real.as_json().items() if k not in ("dry_run", "written")}
    # the buyer's language and days came with the wishes
    updated = setup.load(store).buyer_by_id[buyer.id]
    assert updated.language == "zh" and [d.isoformat() for d in updated.days] == ["2022-10-05", "2022-10-06"]


def test_a_buyer_is_found_by_email_even_when_the_name_is_written_in_hangul(store: EventStore,
                                                                           tmp_path: Path) -> None:
    overseas = next(b for b in consultation_people_repo.buyer_contacts(store.conn)
                    if b["visitor_class"] == "overseas_buyer" and b["email_key"])
    korean = [b for b in consultation_people_repo.buyer_contacts(store.conn) if b["visitor_class"] == "domestic_buyer"]
    exhibitor = setup.load(store).exhibitors[0]
    path = write_csv(tmp_path / "wishes.csv", [
        ["바이어명", "이메일", "희망기업1"],
        ["왕웨이", overseas["email_key"].upper(), exhibitor.name],  # a Hangul spelling: no evidence against
        [korean[0]["name"], korean[1]["email_key"], exhibitor.name]])  # someone else's e-mail: refused
    report, _change = run_request_import(store, plan_requests(path))
    assert requests(store) == {(overseas["id"], exhibitor.id): (1, None)}
    [problem] = report.preview.problems
    assert (problem.row, problem.code) == (3, "request_contact_of_other_buyer")


def test_a_list_without_wish_columns_is_refused_before_anything_is_read(store: EventStore, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "visitors.csv", [["성명", "회사명", "이메일"], ["김철수", "한빛", "k@example.com"]])
    with pytest.raises(RequestHeaderNotFound) as missing:
        plan_requests(path)
    assert missing.value.code == "requests_no_header" and "희망기업1" in str(missing.value)
    plan = missing.value.plan  # the person maps it by hand: still no wishes
    with pytest.raises(ImportFileError) as refused:
        run_request_import(store, plan.with_mapping({0: "buyer"}))
    assert refused.value.code == "requests_no_wish_columns"


def test_the_command_lines_call_reads_maps_and_imports(store: EventStore, tmp_path: Path) -> None:
    zone = setup.load(store)
    path = write_xlsx(tmp_path / "requests.xlsx", [["Buyer", "Company", "Preferred exhibitor 1"],
                                                   [zone.buyers[0].name_en, zone.buyers[0].company,
                                                    zone.exhibitors[0].name_en]])
    report, change, plan = import_requests(store, path)
    assert plan.describe()["C"] == {"header": "Preferred exhibitor 1", "field": "wish:1"}
    assert report.written == 1 and change.reload


_HOSTILE_RUN = """
import json, sys
from pathlib import Path
from expo_console.storage.connection import open_event_file, Stamp
from expo_console.services.consultations.request_import import plan_requests, run_request_import
store = open_event_file(Path(sys.argv[1]), Stamp("desk-test", "tester", "organizer"))
report, _change = run_request_import(store, plan_requests(sys.argv[2]), dry_run=True)
p = report.preview
print(json.dumps({"rows": p.rows_read, "stopped_at": p.stopped_at, "problems": p.problems_total,
                  "listed": len(p.problems), "codes": sorted({x.code for x in p.problems}),
                  "numbers": [x.row for x in p.problems[:2]]}))
"""


def load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_files", HOSTILE / "make_files.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_hostile_files_neither_hang_nor_crash(store: EventStore, tmp_path: Path) -> None:
    # 200,000 rows of made-up names with ten wishes each, a quote left open and a 200 KB cell:
    # read in a child limited in time and memory, and stopped once its first rows name nobody
    lines = ["바이어명,회사명," + ",".join(f"희망기업{i}" for i in range(1, 11))]
    lines += [f"바이어{i},회사{i}," + ",".join(f"기업{i}-{j}" for j in range(10)) for i in range(200_000)]
    lines[5] = '"열린 따옴표,회사,기업'
    lines[7] = "긴이름," + "가" * 200_000 + ",기업"
    huge = tmp_path / "huge.csv"
    huge.write_text("\n".join(lines), encoding="utf-8")
    store.close()
    result = json.loads(run_bounded(_HOSTILE_RUN, str(store.path), str(huge), seconds=60))
    assert result["stopped_at"] is not None and result["rows"] <= 1_001
    assert result["listed"] <= 2_001 and result["problems"] > 2_000
    assert {"requests_nothing_found", "unclosed_quote", "cell_too_long"} <= set(result["codes"])
    # a sheet claiming row 900,000,000: two rows are read, numbered as the file numbers them
    zone_buyer, zone_exhibitor = _names(store.path)
    maker = load_maker()
    sparse = tmp_path / "sparse.xlsx"
    maker.write_xlsx(sparse, [maker.row(1, [("A", "바이어명"), ("B", "희망기업1")]),
                              maker.row(2, [("A", zone_buyer), ("B", "없는기업")]),
                              maker.row(900_000_000, [("A", "없는바이어"), ("B", zone_exhibitor)])])
    result = json.loads(run_bounded(_HOSTILE_RUN, str(store.path), str(sparse)))
    assert result["rows"] == 2 and result["numbers"] == [2, 900_000_000]


def _names(path: Path) -> tuple[str, str]:
    store = open_event_file(path, TEST_STAMP)
    try:
        zone = setup.load(store)
        return zone.buyers[0].name, zone.exhibitors[0].name
    finally:
        store.close()
