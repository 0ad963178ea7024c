"""Reading CSV text into rows, so that one bad row costs one row and not the import.

The csv module alone cannot: a quotation mark that is never closed makes it read the rest of
the file as one cell (silently in a small file; in a large one it stops with 'field larger than
field limit' and cannot tell where the next row starts). So the text is first cut into records
here, with the csv module's own quoting rules (a quote opens a quoted cell only at the start of
a cell, and "" inside one is a quote), and each record is then parsed by csv on its own. A quote
left open, or a cell over the csv module's limit, skips that row with an error and reading goes
on from the next line. Lines without a quotation mark, nearly all of them, are parsed in bulk.

Resuming after a quote left open stays linear: the lines it ran over never end inside a quote
when read afresh (their quotes come in "" pairs), so no line is scanned more than a few times.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator

from expo_console.services.importing.sheet import RowIssue, Sheet

FIELD_LIMIT = 131_072  # the csv module's default field size limit (128 K characters)
SNIFF_CHARS = 4096  # csv.Sniffer's regular expressions take quadratic time on hostile text


class _Feed:
    """The lines csv.reader is to read next: one record, or a run of lines without quotes."""

    def __init__(self) -> None:
        self._lines: Iterator[str] = iter(())

    def load(self, lines: list[str]) -> None:
        self._lines = iter(lines)

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> str:
        return next(self._lines)


def sniff_delimiter(lines: list[str], delimiters: str) -> str:
    sample = "".join(lines[:50])[:SNIFF_CHARS]
    try:
        return csv.Sniffer().sniff(sample, delimiters=delimiters).delimiter
    except csv.Error:
        return ","


def ends_in_quotes(line: str, delimiter: str, in_quotes: bool) -> bool:
    """Whether a line (its ending included or not) leaves a quoted cell open."""
    line = line.rstrip("\r\n")
    end = len(line)
    pos = 0
    while pos < end:
        if in_quotes:
            quote = line.find('"', pos)
            if quote < 0:
                return True
            if line.startswith('"', quote + 1):
                pos = quote + 2  # "" is a quote inside the cell
                continue
            in_quotes = False
            pos = quote + 1  # text after the closing quote joins the cell, up to the delimiter
        elif line.startswith('"', pos):
            in_quotes = True
            pos += 1
            continue
        next_cell = line.find(delimiter, pos)
        if next_cell < 0:
            return False
        pos = next_cell + 1
    return in_quotes


def _record_end(lines: list[str], start: int, delimiter: str) -> int | None:
    """The index after the last line of the record starting at `start`; None if never closed."""
    in_quotes = ends_in_quotes(lines[start], delimiter, False)
    index = start + 1
    while in_quotes:
        if index == len(lines):
            return None
        line = lines[index]
        in_quotes = '"' not in line or ends_in_quotes(line, delimiter, True)
        index += 1
    return index


def read_csv_lines(lines: list[str], delimiter: str) -> Sheet:
    """Rows numbered as records (a cell with line breaks still makes one row, as in Excel)."""
    sheet = Sheet()
    feed = _Feed()
    reader = csv.reader(feed, delimiter=delimiter)
    number = 0  # of the last record
    start = 0
    total = len(lines)
    while start < total:
        plain = start
        while plain < total and '"' not in lines[plain] and len(lines[plain]) <= FIELD_LIMIT:
            plain += 1
        if plain > start:
            feed.load(lines[start:plain])
            sheet.extend(number + 1, list(itertools.islice(reader, plain - start)))
            number += plain - start
            start = plain
            continue
        number += 1
        end = _record_end(lines, start, delimiter)
        if end is None:
            sheet.errors.append(RowIssue(number, "unclosed_quote"))
            start += 1
            continue
        feed.load(lines[start:end])
        try:
            sheet.add(number, next(reader))
        except csv.Error as exc:
            if "field larger" in str(exc):
                sheet.errors.append(RowIssue(number, "cell_too_long", (("limit", f"{FIELD_LIMIT:,}"),)))
            else:
                sheet.errors.append(RowIssue(number, "unreadable_row", (("reason", str(exc)),)))
            # A record over many lines that breaks is most likely a quote left open: the lines
            # after its first are read again as rows of their own.
            end = start + 1
        start = end
    return sheet
