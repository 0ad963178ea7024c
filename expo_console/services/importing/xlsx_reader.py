"""A streaming reader for the values of an .xlsx sheet, about ten times faster than openpyxl's
read-only mode on a 100,000-row visitor list.

Only what an import needs: the first visible sheet's cell values as text, shared and inline
strings (phonetic runs dropped), numbers (Excel's 1012345678 for a phone that lost its 0 stays
digits), booleans, error values, and dates recognised through the cell styles. Each row keeps
the number the file gives it, so reported row numbers are the ones Excel shows; but only rows
and cells really present cost anything: a row numbered 900,000,000 is simply the next row, and
a cell claiming a column beyond XFD is ignored with a warning (both came from 5 KB files that
took minutes and gigabytes, or a MemoryError, when the coordinates were trusted).

Safety: the parts are parsed with the standard library's expat parser, but a part that declares
a DTD is refused first, so entity tricks (billion laughs, external entities) cannot apply; the
archive's sizes were checked before (sniff.py). Anything unexpected raises XlsxFormatError and
the caller falls back to openpyxl.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from expo_console.services.importing.sheet import MAX_COLUMNS, RowIssue, Sheet

_BUILTIN_DATE_FORMATS = frozenset({14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47})
_QUOTED_OR_BRACKETED = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_DATE_TOKENS = re.compile(r"[ydhms]")
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class XlsxFormatError(Exception):
    """The workbook is laid out in a way this reader does not handle (openpyxl may)."""


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _open_part(archive: zipfile.ZipFile, name: str) -> IO[bytes]:
    try:
        head = archive.open(name).read(2048)
    except KeyError as exc:
        raise XlsxFormatError(f"missing part {name}") from exc
    if _DTD.search(head):
        raise XlsxFormatError(f"{name} declares a DTD")
    return archive.open(name)


def _attribute(element: ET.Element, local_name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == local_name:
            return value
    return None


def _first_visible_sheet(archive: zipfile.ZipFile) -> str:
    relation_id = None
    for _event, element in ET.iterparse(_open_part(archive, "xl/workbook.xml")):
        if _local(element.tag) == "sheet" and element.get("state", "visible") == "visible":
            relation_id = _attribute(element, "id")
            break
    if relation_id is None:
        raise XlsxFormatError("no visible sheet")
    for _event, element in ET.iterparse(_open_part(archive, "xl/_rels/workbook.xml.rels")):
        if _local(element.tag) == "Relationship" and element.get("Id") == relation_id:
            target = element.get("Target", "")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    raise XlsxFormatError(f"sheet relation {relation_id} not found")


def _text_of(element: ET.Element) -> str:
    """The text of a shared or inline string: plain or rich runs, without phonetic guides."""
    parts: list[str] = []
    for child in element:
        name = _local(child.tag)
        if name == "t":
            parts.append(child.text or "")
        elif name == "r":
            parts.extend(t.text or "" for t in child if _local(t.tag) == "t")
    return "".join(parts)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    for _event, element in ET.iterparse(_open_part(archive, "xl/sharedStrings.xml")):
        if _local(element.tag) == "si":
            strings.append(_text_of(element))
            element.clear()
    return strings


def _date_styles(archive: zipfile.ZipFile) -> frozenset[int]:
    """Indexes of the cell formats (the 's' attribute) that show a number as a date or time."""
    if "xl/styles.xml" not in archive.namelist():
        return frozenset()
    custom_dates: set[int] = set()
    formats: list[int] = []
    in_cell_xfs = False
    for event, element in ET.iterparse(_open_part(archive, "xl/styles.xml"), events=("start", "end")):
        name = _local(element.tag)
        if name == "cellXfs":
            in_cell_xfs = event == "start"
        elif event == "end" and name == "numFmt":
            code = _QUOTED_OR_BRACKETED.sub("", element.get("formatCode", "").lower())
            if _DATE_TOKENS.search(code.replace("general", "")):
                custom_dates.add(int(element.get("numFmtId", "0")))
        elif event == "end" and name == "xf" and in_cell_xfs:
            formats.append(int(element.get("numFmtId", "0")))
    return frozenset(i for i, f in enumerate(formats) if f in _BUILTIN_DATE_FORMATS or f in custom_dates)


def _column_index(reference: str) -> int:
    """0 for A1; -1 when the reference has no letters; MAX_COLUMNS for any column beyond XFD
    (stopping there, so 'ZZZZZZZ6' costs seven steps, not a list of eight billion cells)."""
    index = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
            if index > MAX_COLUMNS:
                return MAX_COLUMNS
        else:
            break
    return index - 1


def _number_text(raw: str, is_date: bool) -> str:
    if is_date:
        try:
            moment = _EXCEL_EPOCH + dt.timedelta(days=float(raw))
        except OverflowError:  # a 'date' millions of years away: keep the number as written
            return raw
        return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(timespec="seconds")
    if raw.endswith(".0") or "E" in raw or "e" in raw:
        number = float(raw)
        return str(int(number)) if number.is_integer() else repr(number)
    return raw


def _cells(row: ET.Element, shared: list[str], date_styles: frozenset[int],
           beyond: list[str]) -> list[str]:
    """The row's values by column; references of cells beyond the last column go to `beyond`."""
    values: list[str] = []
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        reference = cell.get("r")
        column = _column_index(reference) if reference else -1
        if column >= MAX_COLUMNS:
            beyond.append(reference or "")
            continue
        if column < 0:
            column = len(values)
        kind = cell.get("t", "n")
        text = ""
        if kind == "inlineStr":
            inline = next((c for c in cell if _local(c.tag) == "is"), None)
            text = _text_of(inline) if inline is not None else ""
        else:
            raw = next((c.text or "" for c in cell if _local(c.tag) == "v"), "")
            if kind == "s":
                text = shared[int(raw)] if raw else ""
            elif kind == "b":
                text = "TRUE" if raw == "1" else "FALSE"
            elif kind in ("str", "e"):
                text = raw
            elif raw:
                text = _number_text(raw, int(cell.get("s", "0")) in date_styles)
        if not text:
            continue  # empty cells are not stored: a blank cell at XFD costs nothing
        if column >= len(values):
            values.extend([""] * (column - len(values) + 1))
        values[column] = text
    return values


def _rows(stream: IO[bytes], shared: list[str], date_styles: frozenset[int],
          beyond: list[str]) -> Iterator[tuple[int, list[str]]]:
    parent: ET.Element | None = None
    for event, element in ET.iterparse(stream, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if name == "sheetData":
                parent = element
            continue
        if name == "row":
            number = element.get("r")
            yield (int(number) if number else -1), _cells(element, shared, date_styles, beyond)
            if parent is not None:
                parent.clear()  # processed rows are dropped: memory stays flat


def read_xlsx(path: Path) -> Sheet:
    """Rows of the first visible sheet with the numbers Excel shows for them.

    A row without a number, or with one not above the previous row's, is taken as the next row.
    Raises sheet.SheetTooWide for a sheet whose rows would hold an implausible number of cells.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            part = _first_visible_sheet(archive)
            shared = _shared_strings(archive)
            date_styles = _date_styles(archive)
            sheet = Sheet()
            beyond: list[str] = []
            number = 0
            for claimed, values in _rows(_open_part(archive, part), shared, date_styles, beyond):
                number = max(claimed, number + 1)
                sheet.warnings.extend(RowIssue(number, "cell_beyond_last_column", (("cell", reference[:20]),))
                                      for reference in beyond)
                beyond.clear()
                if values:  # an empty row is only a number
                    sheet.add(number, values)
            return sheet
    except (ET.ParseError, ValueError, IndexError, KeyError) as exc:
        raise XlsxFormatError(str(exc)) from exc
