"""Small files that hung or crashed the import (issue 3) or were read wrongly (issue 8).

The files live in tests/data/hostile (see its README.md); the large ones are made here. A case
that used to hang runs first in a child process limited in time and memory, so that a
regression fails the test instead of filling the machine's memory for minutes.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from expo_console.domain.visitors import Consent, VisitorDraft
from expo_console.services.importing.csv_reader import read_csv_lines
from expo_console.services.importing.importer import import_file, plan_import
from expo_console.services.importing.sniff import ImportFileError
from expo_console.services.registration.visitors import register_visitor
from expo_console.storage.connection import EventStore
from support import run_bounded

HOSTILE = Path(__file__).parent.parent / "data" / "hostile"
HEADER = "성명,회사명,직함,휴대폰,이메일,구분\n"
_PLAN_SUMMARY = """
import json, sys
from expo_console.services.importing.plan import plan_import
plan = plan_import(sys.argv[1])
print(json.dumps({"data_rows": len(plan.data_rows), "numbers": plan.data_row_numbers[:5]}))
"""


def plan_in_child(path: Path) -> dict[str, object]:
    result: dict[str, object] = json.loads(run_bounded(_PLAN_SUMMARY, str(path)))
    return result


def load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_files", HOSTILE / "make_files.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def names(store: EventStore) -> list[str]:
    return [r[0] for r in store.conn.execute("SELECT name FROM visitors ORDER BY rowid")]


def check_refused(store: EventStore, path: Path, code: str, *words: str) -> ImportFileError:
    """Refused with a message that says what to do, and the stored visitors are untouched."""
    register_visitor(store, VisitorDraft(name="기존방문자", email="old@example.com",
                                         consents=frozenset({Consent.REQUIRED})))
    with pytest.raises(ImportFileError) as info:
        import_file(store, path)
    assert info.value.code == code
    for word in words:
        assert word in str(info.value)
    assert names(store) == ["기존방문자"]
    return info.value


# -- coordinates the file claims -------------------------------------------------------------------

def test_a_row_numbered_900_million_is_just_the_next_row(store: EventStore) -> None:
    path = HOSTILE / "row_900000000.xlsx"
    assert plan_in_child(path) == {"data_rows": 2, "numbers": [2, 900000000]}
    report, _ = import_file(store, path)
    assert (report.imported, report.errors) == (2, [])
    assert names(store) == ["김기문", "정똠"]


def test_messages_name_the_row_number_the_file_gives(store: EventStore, tmp_path: Path) -> None:
    maker = load_maker()
    path = tmp_path / "far.xlsx"
    maker.write_xlsx(path, [maker.row(1, maker.HEADER),
                            maker.row(900000000, [("A", "정똠"), ("C", "not-an-email")])])
    assert plan_in_child(path) == {"data_rows": 1, "numbers": [900000000]}
    report, _ = import_file(store, path)
    assert report.skipped == 1 and report.errors[0].row == 900000000


def test_a_cell_beyond_column_xfd_is_ignored_with_a_warning_on_its_row(store: EventStore) -> None:
    report, _ = import_file(store, HOSTILE / "column_zzzzzzz.xlsx")
    assert report.imported == 2
    assert [w.row for w in report.warnings] == [6]
    assert "ZZZZZZZ6" in report.warnings[0].reason and "XFD" in report.warnings[0].reason
    assert store.conn.execute("SELECT email FROM visitors WHERE name = '정똠'").fetchone() == ("ttom@example.com",)


def test_a_sheet_with_cells_at_xfd_on_thousands_of_rows_is_refused(store: EventStore, tmp_path: Path) -> None:
    maker = load_maker()
    path = tmp_path / "wide.xlsx"
    maker.write_xlsx(path, [maker.row(1, maker.HEADER),
                            *(maker.row(n, [("A", f"방문자{n}"), ("XFD", "x")]) for n in range(2, 1300))])
    assert path.stat().st_size < 50_000
    check_refused(store, path, "sheet_too_wide", "column XFD", "delete the empty columns")


# -- CSV cells and quotes ----------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["가" * 140_000, '"' + "가" * 140_000 + '"'], ids=["plain", "quoted"])
def test_a_csv_cell_over_128k_skips_only_its_row(store: EventStore, tmp_path: Path, cell: str) -> None:
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "김기문,,,,k@x.com,\n" + f"정똠,{cell},,,t@x.com,\n" + "이순신,,,,l@x.com,\n")
    report, _ = import_file(store, path)
    assert (report.imported, report.skipped) == (2, 1)
    assert [e.row for e in report.errors] == [3]
    assert "longer than 131,072 characters" in report.errors[0].reason
    assert names(store) == ["김기문", "이순신"]


def test_an_unclosed_quote_skips_its_row_and_the_rest_is_read(store: EventStore) -> None:
    report, _ = import_file(store, HOSTILE / "unclosed_quote.csv")
    assert [(e.row, e.code) for e in report.errors] == [(3, "unclosed_quote")]
    assert "Close or remove the quotation mark" in report.errors[0].reason
    assert names(store) == ["김기문", "이순신", "박한구"]
    assert report.skipped == 1


def test_an_unclosed_quote_in_a_2_mb_file_costs_one_row(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    rows = "".join(f"방문자{i},주식회사 스마트비즈 제{i}공장 생산기술연구소,책임연구원,,v{i}@example.com,바이어\n"
                   for i in range(20_000))
    path.write_text(HEADER + '김기문,"중소기업중앙회,회장,,k@x.com,\n' + rows)
    assert path.stat().st_size > 2_000_000
    report, _ = import_file(store, path, dry_run=True)
    assert (report.imported, report.skipped) == (20_000, 1)
    assert [(e.row, e.code) for e in report.errors] == [(2, "unclosed_quote")]


def test_a_2_mb_line_does_not_stall_the_delimiter_guess(tmp_path: Path) -> None:
    # csv.Sniffer's patterns take quadratic time: on this line the old reader ran for hours.
    path = tmp_path / "line.csv"
    path.write_text(HEADER + "정똠" + ',"a' * 700_000 + "\n김기문,,,,k@x.com,\n")
    assert plan_in_child(path) == {"data_rows": 2, "numbers": [2, 3]}


@given(st.text(alphabet='ab,"\n\r ', max_size=40))
def test_records_are_cut_where_the_csv_module_cuts_them(text: str) -> None:
    lines = io.StringIO(text, newline="").readlines()
    sheet = read_csv_lines(lines, ",")
    if not sheet.errors:  # an unclosed quote is the one place where both differ, on purpose
        assert sheet.rows == list(csv.reader(io.StringIO(text, newline="")))
        assert sheet.numbers == list(range(1, len(sheet.rows) + 1))


# -- what the file really is, and what its headers say ---------------------------------------------

def test_duplicate_headers_are_all_offered_and_warned_about(store: EventStore) -> None:
    path = HOSTILE / "duplicate_headers.csv"
    plan = plan_import(path)
    assert plan.headers == ["성명", "이메일", "회사명", "성명", "이메일"]
    assert plan.mapping == {0: "name", 1: "email", 2: "company"}
    warnings = [w.reason for w in plan.warnings()]
    assert any("1 (성명), 4 (성명)" in w and "column 1 is used" in w for w in warnings)
    assert any("2 (이메일), 5 (이메일)" in w for w in warnings)
    # The mapping chooses the second pair instead; the report still names both columns.
    report, _ = import_file(store, path, mapping=[(3, "name"), (4, "email"), (2, "company")])
    assert report.imported == 1
    assert store.conn.execute("SELECT name, email FROM visitors").fetchone() == ("Kim Ki-mun", "ki-mun.kim@example.com")
    reasons = [w["reason"] for w in report.as_json()["warnings"]]
    assert any("1 (성명), 4 (성명)" in r and "column 4 is used" in r for r in reasons)
    assert {w.row for w in report.warnings} == {1}


def test_a_web_table_saved_as_xls_is_read(store: EventStore) -> None:
    report, _ = import_file(store, HOSTILE / "web_table.xls")
    assert (report.imported, report.errors) == (2, [])
    assert report.note == "web_table"
    assert names(store) == ["정똠", "김기문"]
    assert store.conn.execute("SELECT company FROM visitors WHERE name = '정똠'").fetchone() == ("(주)똠양 & 파트너스",)


def test_a_web_page_without_a_table_is_refused_saying_what_it_is(store: EventStore) -> None:
    error = check_refused(store, HOSTILE / "web_page_without_table.xlsx", "html_without_table",
                          "is a web page (HTML)", "LibreOffice", "save it as .xlsx (or as CSV)")
    assert error.params == (("file", "web_page_without_table.xlsx"),)


def test_a_web_table_without_a_name_header_is_refused_saying_what_it_is(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "export.xlsx"
    path.write_text("<html><body><table><tr><td>번호</td><td>금액</td></tr><tr><td>1</td><td>2</td></tr></table>")
    check_refused(store, path, "html_without_header", "web page (HTML table)", "save it as .xlsx")
