"""The fast .xlsx reader agrees with openpyxl, keeps Excel's row numbers, and refuses DTDs."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from expo_console.services.importing.readers import _read_xlsx_openpyxl
from expo_console.services.importing.sheet import Sheet
from expo_console.services.importing.xlsx_reader import XlsxFormatError, read_xlsx
from support import run_bounded


def by_number(sheet: Sheet) -> dict[int, list[str]]:
    """Row number → cells without trailing blanks, for the rows that hold anything."""
    out = {}
    for number, row in zip(sheet.numbers, sheet.rows, strict=True):
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        if row:
            out[number] = row
    return out


def make_workbook(path: Path, write_only: bool = False) -> Path:
    workbook = openpyxl.Workbook(write_only=write_only)
    sheet = workbook.create_sheet("명단") if write_only else workbook.active
    rows = [
        ["2022 스마트비즈엑스포 사전등록"],
        [],
        ["성명", "회사명", "휴대폰", "등록일", "점수", "VIP", "비고"],
        ["김기문", "중소기업중앙회", 1012345678, dt.date(2022, 10, 4), 3.5, True, None],
        ["정똠", None, "010-2222-3333", dt.datetime(2022, 10, 4, 9, 30), 4.0, False, "=수식아님"],
        [],
        ["Anna Müller", "Müller GmbH", "+49 151 2345 6789", None, -2, None, "😀 emoji"],
    ]
    for row in rows:
        sheet.append(row)
    if not write_only:
        sheet["J9"] = "far right"
        sheet["A9"] = CellRichText([TextBlock(InlineFont(b=True), "굵은"), " 이름"])
    workbook.save(path)
    return path


def workbook_with_dtd(tmp_path: Path) -> Path:
    """A valid workbook whose sheet part declares an entity, as an attack file would."""
    source = make_workbook(tmp_path / "list.xlsx")
    target = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = b'<!DOCTYPE x [<!ENTITY a "aaaa">]>' + data
            dst.writestr(item, data)
    return target


@pytest.mark.parametrize("write_only", [False, True], ids=["shared-strings", "inline-strings"])
def test_agrees_with_openpyxl(tmp_path: Path, write_only: bool) -> None:
    path = make_workbook(tmp_path / "list.xlsx", write_only)
    assert by_number(read_xlsx(path)) == by_number(_read_xlsx_openpyxl(path))


def test_values_as_an_import_needs_them(tmp_path: Path) -> None:
    sheet = read_xlsx(make_workbook(tmp_path / "list.xlsx"))
    rows = dict(zip(sheet.numbers, sheet.rows, strict=True))
    assert rows[1] == ["2022 스마트비즈엑스포 사전등록"]
    assert 2 not in rows  # an empty row is only a number: the others keep Excel's numbers
    assert rows[4][:6] == ["김기문", "중소기업중앙회", "1012345678", "2022-10-04", "3.5", "TRUE"]
    assert rows[5][3] == "2022-10-04T09:30:00"
    assert rows[5][4] == "4"
    assert rows[9][0] == "굵은 이름" and rows[9][9] == "far right"


def test_hidden_first_sheet_is_skipped(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.title = "숨김"
    workbook.active.append(["내부용"])
    workbook.active.sheet_state = "hidden"
    workbook.create_sheet("명단").append(["성명", "이메일"])
    workbook.save(tmp_path / "two.xlsx")
    assert read_xlsx(tmp_path / "two.xlsx").rows == [["성명", "이메일"]]


def test_a_part_declaring_a_dtd_is_refused(tmp_path: Path) -> None:
    target = workbook_with_dtd(tmp_path)
    with pytest.raises(XlsxFormatError, match="DTD"):
        read_xlsx(target)
    assert b"<!DOCTYPE" in zipfile.ZipFile(target).read("xl/worksheets/sheet1.xml")


def test_import_of_a_dtd_workbook_is_refused_and_stores_nothing(tmp_path: Path, store) -> None:
    from expo_console.services.importing.importer import import_file
    from expo_console.services.importing.sniff import ImportFileError

    target = workbook_with_dtd(tmp_path)
    with pytest.raises(ImportFileError, match="save it again") as info:
        import_file(store, target)
    assert info.value.code == "damaged_xlsx"
    assert store.conn.execute("SELECT count(*) FROM visitors").fetchone()[0] == 0


HOSTILE = Path(__file__).parent.parent / "data" / "hostile"


def test_a_cell_reference_beyond_xfd_costs_nothing() -> None:
    sheet = read_xlsx(HOSTILE / "column_zzzzzzz.xlsx")  # ZZZZZZZ6 was a list of 8 billion cells
    assert dict(zip(sheet.numbers, sheet.rows, strict=True))[6] == ["정똠", "", "ttom@example.com"]
    assert [(w.row, w.code, w.params) for w in sheet.warnings] == [(6, "cell_beyond_last_column", (("cell", "ZZZZZZZ6"),))]


def test_a_date_out_of_range_stays_a_number() -> None:
    rows = read_xlsx(HOSTILE / "date_overflow.xlsx").rows  # it was an OverflowError traceback
    assert rows[1] == ["김기문", "kim@example.com", "1E+300"]


def test_the_openpyxl_fallback_stops_at_the_last_row_a_spreadsheet_has() -> None:
    code = ("import sys; from pathlib import Path\n"
            "from expo_console.services.importing.readers import _read_xlsx_openpyxl\n"
            "sheet = _read_xlsx_openpyxl(Path(sys.argv[1]))\n"
            "print(sheet.numbers, [w.code for w in sheet.warnings])")
    printed = run_bounded(code, str(HOSTILE / "row_900000000.xlsx"))
    assert printed.strip() == "[1, 2] ['rows_beyond_last_row']"
