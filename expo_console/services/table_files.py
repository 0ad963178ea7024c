"""Writing a table to CSV (UTF-8 with BOM, for Excel) or XLSX, for every export of the console.

No text cell can run as a formula: in CSV, which has no types, a leading quote goes before
= + - @, tab, CR or LF; in XLSX every text is a text cell, so nothing is evaluated and nothing
shows an apostrophe (a masked +82 phone did). The file appears under its name only when complete.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from expo_console.domain.text import neutralise_cell
from expo_console.services.progress import ProgressCallback, no_progress


class ExportError(Exception):
    pass


def _csv_row(row: Sequence[object]) -> list[object]:
    return [neutralise_cell(value) if isinstance(value, str) else value for value in row]


def _xlsx_row(worksheet: Any, row: Sequence[object]) -> list[object]:
    """The row for openpyxl, which types a text beginning with = as a formula and one like #N/A
    as an error: those become cells typed as text. Other text is text already."""
    from openpyxl.cell import WriteOnlyCell

    cells: list[object] = []
    for value in row:
        if isinstance(value, str) and value.startswith(("=", "#")):
            cell = WriteOnlyCell(worksheet, value)
            cell.data_type = "s"  # written as an inline string: shown as typed, never evaluated
            cells.append(cell)
        else:
            cells.append(value)
    return cells


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name (31 characters at most, as Excel allows), header, rows
    and, optionally, each column's width in characters."""

    name: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]
    widths: Sequence[float] = ()


_SHEET_NAME_REFUSED = str.maketrans({c: " " for c in "[]:*?/\\"})


def write_workbook(out: Path, sheets: Sequence[Sheet], *, total: int = 0,
                   progress: ProgressCallback = no_progress) -> int:
    """Several sheets in one XLSX, each with its header frozen; returns the rows written in all.
    Text is made safe as in write_table; the file appears under its name only when complete."""
    if out.suffix.lower() != ".xlsx":
        raise ExportError(f"Cannot write a workbook to '{out.name}': use a file name ending in .xlsx.")
    import openpyxl  # deferred: slow to import and only exports need it
    from openpyxl.utils import get_column_letter

    partial = out.with_name(out.name + ".part")
    count = 0
    workbook = openpyxl.Workbook(write_only=True)
    try:
        for sheet in sheets:
            worksheet = workbook.create_sheet(sheet.name.translate(_SHEET_NAME_REFUSED)[:31])
            for column, width in enumerate(sheet.widths, start=1):
                worksheet.column_dimensions[get_column_letter(column)].width = width
            worksheet.freeze_panes = "A2"
            worksheet.append(_xlsx_row(worksheet, sheet.header))
            for row in sheet.rows:
                worksheet.append(_xlsx_row(worksheet, row))
                count += 1
                if count % 5000 == 0:
                    progress(count, total)
        workbook.save(partial)
        partial.replace(out)
    except BaseException as exc:
        _discard(workbook)
        if isinstance(exc, OSError):
            raise ExportError(f"Could not write {out} ({exc.strerror}). Choose another folder.") from exc
        raise
    finally:
        partial.unlink(missing_ok=True)
    progress(total or count, total or count)
    return count


def _discard(workbook: Any) -> None:
    """A workbook given up part-way (a cancel, a full disk): openpyxl has written its sheets' rows
    to temporary files, which would stay until the process ends (the window's can run all day,
    with names in them): each is closed and removed now."""
    from contextlib import suppress

    for worksheet in workbook.worksheets:
        with suppress(Exception):
            worksheet.close()
        writer = getattr(worksheet, "_writer", None)
        if writer is not None:
            with suppress(Exception):
                writer.cleanup()


def write_table(out: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, sheet: str,
                total: int, progress: ProgressCallback = no_progress) -> int:
    """Write a header and rows to CSV (UTF-8 with BOM, for Excel) or XLSX by the suffix; returns
    the rows written. Text is made safe here (see the module's docstring); numbers stay numbers.
    The file appears under its name only when complete."""
    suffix = out.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ExportError(f"Cannot export to '{out.name}': use a file name ending in .csv or .xlsx.")
    partial = out.with_name(out.name + ".part")
    count = 0
    try:
        if suffix == ".csv":
            with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(_csv_row(header))
                for count, row in enumerate(rows, start=1):
                    writer.writerow(_csv_row(row))
                    if count % 5000 == 0:
                        progress(count, total)
        else:
            import openpyxl  # deferred: slow to import and only exports need it

            workbook = openpyxl.Workbook(write_only=True)
            try:
                worksheet = workbook.create_sheet(sheet)
                worksheet.append(_xlsx_row(worksheet, header))
                for count, row in enumerate(rows, start=1):
                    worksheet.append(_xlsx_row(worksheet, row))
                    if count % 5000 == 0:
                        progress(count, total)
                workbook.save(partial)
            except BaseException:
                _discard(workbook)
                raise
        partial.replace(out)  # a crash mid-export never leaves a half file under the real name
    except OSError as exc:
        raise ExportError(f"Could not write {out} ({exc.strerror}). Choose another folder.") from exc
    finally:
        partial.unlink(missing_ok=True)  # nor a cancelled one a .part beside it
    progress(total, total)
    return count
