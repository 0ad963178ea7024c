"""Reading a CSV or XLSX file into rows of text cells."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
import zlib
from pathlib import Path
from typing import Any

from expo_console.services.importing.sniff import FileKind, ImportFileError
from expo_console.services.importing.xlsx_reader import XlsxFormatError, read_xlsx

_DELIMITERS = ",\t;|"


def read_rows(path: Path, kind: FileKind) -> list[list[str]]:
    if kind.kind == "xlsx":
        return _read_xlsx(path)
    return _read_csv(path, kind.encoding)


def _read_csv(path: Path, encoding: str) -> list[list[str]]:
    try:
        text = path.read_text(encoding=encoding)
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            "bad_encoding",
            f"{path.name} mixes text encodings (byte {exc.start} is not {encoding}). Save it from "
            "Excel as 'CSV UTF-8' and import that.",
        ) from exc
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ImportFileError("empty", f"{path.name} has no rows. Export the list again and retry.")
    sample = "\n".join(text.splitlines()[:50])
    try:
        delimiter = csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        delimiter = ","
    # NUL characters would make the csv module stop; they are removed later anyway.
    reader = csv.reader(io.StringIO(text.replace("\x00", ""), newline=""), delimiter=delimiter)
    return [row for row in reader]


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


def _read_xlsx(path: Path) -> list[list[str]]:
    try:
        rows = read_xlsx(path)
    except XlsxFormatError:
        return _read_xlsx_openpyxl(path)  # an unusual workbook: the full reader handles it
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise ImportFileError(
            "damaged_xlsx",
            f"{path.name} is damaged ({exc}). Open it in Excel, save it again, and import the new copy.",
        ) from exc
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise ImportFileError("empty", f"{path.name} has no rows. Export the list again and retry.")
    return rows


def _read_xlsx_openpyxl(path: Path) -> list[list[str]]:
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
        sheet = next((ws for ws in workbook.worksheets if ws.sheet_state == "visible"), None)
        if sheet is None:
            raise ImportFileError("empty", f"{path.name} has no visible sheet.")
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a broken sheet; all mean the same
        raise ImportFileError(
            "damaged_xlsx",
            f"{path.name} is damaged ({type(exc).__name__}: {exc}). Open it in Excel, save it "
            "again, and import the new copy.",
        ) from exc
    finally:
        workbook.close()
    if not any(any(cell.strip() for cell in row) for row in rows):
        raise ImportFileError("empty", f"{path.name} has no rows. Export the list again and retry.")
    return rows
