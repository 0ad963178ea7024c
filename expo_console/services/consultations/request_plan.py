"""A consultation request list read and mapped: the file (CSV in any of the encodings Korean
offices write, XLSX, a web page's table) read by the visitor import's readers, with their bounds
on hostile files (services/importing/), its header row found and its columns mapped
(request_columns.py). Nothing of the event is read here: the preview does that."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from expo_console.services.consultations import request_columns as columns
from expo_console.services.importing.headers import candidate_header_rows
from expo_console.services.importing.readers import read_rows
from expo_console.services.importing.runs import FileFingerprint, fingerprint
from expo_console.services.importing.sheet import Sheet, column_letters
from expo_console.services.importing.sniff import FileKind, ImportFileError, refusal, sniff
from expo_console.services.messages import render


@dataclass(frozen=True)
class RequestPlan:
    path: Path
    kind: FileKind
    sheet: Sheet
    header_index: int
    mapping: dict[int, str]  # column index → field (request_columns.FIELDS)
    file: FileFingerprint | None = None

    @property
    def headers(self) -> list[str]:
        return self.sheet.rows[self.header_index] if self.sheet.rows else []

    @property
    def data_rows(self) -> list[list[str]]:
        return self.sheet.rows[self.header_index + 1:]

    @property
    def data_row_numbers(self) -> list[int]:
        """Each data row's number as the spreadsheet shows it: the number reports give."""
        return self.sheet.numbers[self.header_index + 1:]

    @property
    def header_row_number(self) -> int:
        return self.sheet.numbers[self.header_index] if self.sheet.numbers else 1

    @property
    def shapes(self) -> tuple[str, ...]:
        return columns.shapes(self.mapping)

    @property
    def missing(self) -> str:
        """What the mapping lacks before an import (a message code), '' when it is complete."""
        return columns.missing(self.mapping)

    def header_of(self, field: str) -> str:
        index = next((i for i, f in self.mapping.items() if f == field), None)
        return "" if index is None else self.header_text(index)

    def header_text(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        return header or column_letters(index)

    def with_mapping(self, mapping: dict[int, str]) -> RequestPlan:
        unknown = sorted(set(mapping.values()) - set(columns.FIELDS))
        if unknown:
            raise ValueError(f"Unknown request field(s): {', '.join(unknown)}")
        return replace(self, mapping=dict(mapping))

    def with_header_row(self, row_number: int) -> RequestPlan:
        """Another row (a spreadsheet row number) as the header, its columns guessed again."""
        if row_number not in self.sheet.numbers:
            raise refusal("header_row_missing", file=self.path.name, row=str(row_number))
        index = self.sheet.numbers.index(row_number)
        return replace(self, header_index=index, mapping=columns.guess_mapping(self.sheet.rows[index]))

    def describe(self) -> dict[str, dict[str, str]]:
        """Column letter → its header and the field it is read as (the command line prints it)."""
        return {column_letters(i): {"header": self.header_text(i), "field": f} for i, f in sorted(self.mapping.items())}


class RequestHeaderNotFound(ImportFileError):
    """No row looked like a request list's header; `plan` holds the file with its first
    candidate row as the header, for a person to choose the row and map the columns."""

    def __init__(self, plan: RequestPlan, candidates: list[tuple[int, list[str]]]) -> None:
        params = (("file", plan.path.name),)
        super().__init__("requests_no_header", render("requests_no_header", params), params)
        self.plan = plan
        self.candidates = candidates


def plan_requests(path: Path | str, *, header_row: int | None = None) -> RequestPlan:
    """Read the file and map its columns; `header_row` (a spreadsheet row number) names the
    header when it was not found, or was found wrong."""
    path = Path(path)
    kind = sniff(path)
    sheet = read_rows(path, kind)
    plan = RequestPlan(path, kind, sheet, 0, {}, fingerprint(path))
    if header_row is not None:
        return plan.with_header_row(header_row)
    index = columns.find_header_row(sheet.rows)
    if index is None:
        candidates = candidate_header_rows(sheet.rows, sheet.numbers)
        raise RequestHeaderNotFound(plan.with_header_row(candidates[0][0]) if candidates else plan, candidates)
    return replace(plan, header_index=index, mapping=columns.guess_mapping(sheet.rows[index]))
