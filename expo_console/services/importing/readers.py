"""Reading a CSV, XLSX or web-table file into a Sheet of text rows."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from expo_console.services.importing.csv_reader import read_csv_lines, sniff_delimiter
from expo_console.services.importing.html_table import read_html_table
from expo_console.services.importing.sheet import RowIssue, Sheet, SheetTooWide, column_letters
from expo_console.services.importing.sniff import FileKind, ImportFileError, refusal
from expo_console.services.importing.xlsx_reader import XlsxFormatError, read_xlsx

_DELIMITERS = ",\t;|"
EXCEL_MAX_ROWS = 1_048_576


def read_rows(path: Path, kind: FileKind) -> Sheet:
    try:
        if kind.kind == "xlsx":
            sheet = _read_xlsx(path)
        elif kind.kind == "html":
            sheet = _read_html(path, kind.encoding)
        else:
            sheet = _read_csv(path, kind.encoding)
    except SheetTooWide as exc:
        raise refusal("sheet_too_wide", file=path.name, column=column_letters(exc.widest - 1)) from exc
    if not sheet.has_text():
        raise ImportFileError("empty", f"{path.name} has no rows. Export the list again and retry.")
    return sheet


def _read_text(path: Path, encoding: str) -> str:
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "bad_encoding",
            f"{path.name} mixes text encodings (byte {exc.start} is not {encoding}). Save it from "
            "Excel as 'CSV UTF-8' and import that.",
        ) from exc
    return text.lstrip("\ufeff")


def _read_csv(path: Path, encoding: str) -> Sheet:
    text = _read_text(path, encoding)
    if not text.strip():
        raise ImportFileError("empty", f"{path.name} has no rows. Export the list again and retry.")
    # NUL characters would make the csv module stop; they are removed later anyway. Lines are
    # cut as csv.reader cuts them (\n, \r\n or \r), not by str.splitlines.
    lines = io.StringIO(text.replace("\x00", ""), newline="").readlines()
    return read_csv_lines(lines, sniff_delimiter(lines, _DELIMITERS))


def _read_html(path: Path, encoding: str) -> Sheet:
    sheet, tables = read_html_table(_read_text(path, encoding))
    if not tables or not sheet.has_text():
        raise refusal("html_without_table", file=path.name)
    return sheet


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):  # same text as the fast reader gives
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(timespec="seconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def _read_xlsx(path: Path) -> Sheet:
    try:
        return read_xlsx(path)
    except XlsxFormatError:
        return _read_xlsx_openpyxl(path)  # an unusual workbook: the full reader handles it
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise ImportFileError(
            "damaged_xlsx",
            f"{path.name} is damaged ({exc}). Open it in Excel, save it again, and import the new copy.",
        ) from exc


def _read_xlsx_openpyxl(path: Path) -> Sheet:
    import openpyxl  # deferred: only imports need it, and it is slow to import

    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, EOFError, OSError, ValueError) as exc:
        raise ImportFileError(
            "damaged_xlsx",
            f"{path.name} could not be read as an Excel workbook ({exc}). Open it in Excel, save "
            "it again, and import the new copy.",
        ) from exc
    try:
        worksheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), None)
        if worksheet is None:
            raise ImportFileError("empty", f"{path.name} has no visible sheet.")
        sheet = Sheet()
        # Without the dimensions the file claims, openpyxl pads rows only up to their own last
        # cell; but it still yields an empty row for every number skipped, so the count stops at
        # the last row a spreadsheet can have (the fast reader has no such limit).
        worksheet.reset_dimensions()
        for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
            if number > EXCEL_MAX_ROWS:
                sheet.warnings.append(RowIssue(number, "rows_beyond_last_row",
                                               (("last", f"{EXCEL_MAX_ROWS:,}"),)))
                break
            if values and any(v is not None for v in values):
                sheet.add(number, [_cell_text(v) for v in values])
    except (ImportFileError, SheetTooWide):
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken sheet; all mean the same
        raise ImportFileError(
            "damaged_xlsx",
            f"{path.name} is damaged ({type(exc).__name__}: {exc}). Open it in Excel, save it "
            "again, and import the new copy.",
        ) from exc
    finally:
        workbook.close()
    return sheet
