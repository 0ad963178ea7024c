"""Lists of requests an organizer gets by mail (consultation wishes, studio and photo bookings):
read by the visitor import's readers with their bounds on hostile files, the header row found,
the columns mapped, then previewed row by row. What each list's columns mean is its own
(a `ListColumns`); what is shared lives here:

- `ListPlan`: the file read and mapped (`plan_list(path, columns)`), its header row and mapping
  changeable by a person;
- `RowIssue`: a problem of one row, with its column, a message code that says what to do and the
  closest names when a name was not found;
- `ListReading`: the row loop every preview runs: the reader's own problems first, progress and
  cancel every _PROGRESS_EVERY rows, empty rows skipped, at most MAX_PROBLEMS problems and
  MAX_ROWS_SHOWN rows kept in detail (the rest counted), and a stop once NOTHING_FOUND_ROWS rows
  have named nobody of the event (another event's list, or no list). A bad row is reported and
  never stops the rest.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from expo_console.domain.name_match import joined
from expo_console.domain.text import clean_text
from expo_console.services.importing.headers import candidate_header_rows
from expo_console.services.importing.readers import read_rows
from expo_console.services.importing.runs import FileFingerprint, fingerprint
from expo_console.services.importing.sheet import Sheet, column_letters
from expo_console.services.importing.sniff import FileKind, ImportFileError, refusal, sniff
from expo_console.services.messages import render
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.storage.connection import EventStore

HEADER_SEARCH_ROWS = 30
MAX_PROBLEMS = 2_000
MAX_ROWS_SHOWN = 5_000
NOTHING_FOUND_ROWS = 1_000
_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ListColumns:
    """What a kind of list's headers mean: its fields, the guess from a header row, the shapes a
    mapping reads (none: not a list of this kind) and what a mapping lacks (a message code)."""

    fields: tuple[str, ...]
    guess_mapping: Callable[[Sequence[str]], dict[int, str]]
    shapes: Callable[[Mapping[int, str]], tuple[str, ...]]
    missing: Callable[[Mapping[int, str]], str]
    no_header_code: str  # the message when no row of the first ones looks like this list's header

    def looks_like_header(self, row: Sequence[str]) -> bool:
        return bool(self.shapes(self.guess_mapping(row)))

    def find_header_row(self, rows: Sequence[Sequence[str]]) -> int | None:
        return next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if self.looks_like_header(row)), None)


@dataclass(frozen=True)
class ListPlan:
    path: Path
    kind: FileKind
    sheet: Sheet
    header_index: int
    mapping: dict[int, str]  # column index → field (columns.fields)
    file: FileFingerprint | None = None
    columns: ListColumns | None = None

    @property
    def spec(self) -> ListColumns:
        assert self.columns is not None, "a plan is made by plan_list with its columns"
        return self.columns

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
        return self.spec.shapes(self.mapping)

    @property
    def missing(self) -> str:
        """What the mapping lacks before an import (a message code), '' when it is complete."""
        return self.spec.missing(self.mapping)

    def column_of(self, field_name: str) -> int | None:
        return next((i for i, f in self.mapping.items() if f == field_name), None)

    def header_of(self, field_name: str) -> str:
        index = self.column_of(field_name)
        return "" if index is None else self.header_text(index)

    def header_text(self, index: int) -> str:
        header = self.headers[index] if index < len(self.headers) else ""
        return header or column_letters(index)

    def with_mapping(self, mapping: dict[int, str]) -> ListPlan:
        unknown = sorted(set(mapping.values()) - set(self.spec.fields))
        if unknown:
            raise ValueError(f"Unknown request field(s): {', '.join(unknown)}")
        return replace(self, mapping=dict(mapping))

    def with_header_row(self, row_number: int) -> ListPlan:
        """Another row (a spreadsheet row number) as the header, its columns guessed again."""
        if row_number not in self.sheet.numbers:
            raise refusal("header_row_missing", file=self.path.name, row=str(row_number))
        index = self.sheet.numbers.index(row_number)
        return replace(self, header_index=index, mapping=self.spec.guess_mapping(self.sheet.rows[index]))

    def describe(self) -> dict[str, dict[str, str]]:
        """Column letter → its header and the field it is read as (the command line prints it)."""
        return {column_letters(i): {"header": self.header_text(i), "field": f} for i, f in sorted(self.mapping.items())}


class ListHeaderNotFound(ImportFileError):
    """No row looked like the list's header; `plan` holds the file with its first candidate row
    as the header, for a person to choose the row and map the columns."""

    def __init__(self, plan: ListPlan, candidates: list[tuple[int, list[str]]]) -> None:
        params = (("file", plan.path.name),)
        code = plan.spec.no_header_code
        super().__init__(code, render(code, params), params)
        self.plan = plan
        self.candidates = candidates


def plan_list(path: Path | str, columns: ListColumns, *, header_row: int | None = None) -> ListPlan:
    """Read the file and map its columns; `header_row` (a spreadsheet row number) names the
    header when it was not found, or was found wrong."""
    path = Path(path)
    kind = sniff(path)
    sheet = read_rows(path, kind)
    plan = ListPlan(path, kind, sheet, 0, {}, fingerprint(path), columns)
    if header_row is not None:
        return plan.with_header_row(header_row)
    index = columns.find_header_row(sheet.rows)
    if index is None:
        candidates = candidate_header_rows(sheet.rows, sheet.numbers)
        raise ListHeaderNotFound(plan.with_header_row(candidates[0][0]) if candidates else plan, candidates)
    return replace(plan, header_index=index, mapping=columns.guess_mapping(sheet.rows[index]))


@dataclass(frozen=True)
class RowIssue:
    """A problem of one row: a message code with its parameters, the column it is about, and
    the closest names when a name was not found."""

    row: int
    code: str
    params: tuple[tuple[str, str], ...] = ()
    suggestions: tuple[str, ...] = ()
    column: str = ""

    @property
    def all_params(self) -> tuple[tuple[str, str], ...]:
        return (*self.params, ("suggestions", joined(self.suggestions)), ("column", self.column))

    @property
    def reason(self) -> str:
        return render(self.code, self.all_params)

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "code": self.code, "reason": self.reason,
                "suggestions": list(self.suggestions)}


@dataclass(frozen=True)
class RowPreview:
    row: int
    who: str  # who the row is about, as found, or as written
    requests: int  # requests the row gives
    problems: tuple[RowIssue, ...]


@dataclass
class ListPreview:
    """What every list's preview counts; each list adds what it plans to write."""

    rows: list[RowPreview] = field(default_factory=list)  # the first MAX_ROWS_SHOWN rows read
    problems: list[RowIssue] = field(default_factory=list)  # the first MAX_PROBLEMS
    problems_total: int = 0
    rows_read: int = 0
    rows_skipped: int = 0  # rows that gave nothing to import because of their problems
    cancelled: bool = False
    stopped_at: int | None = None  # the first row not read, when nothing was found in the rows before
    shapes: tuple[str, ...] = ()
    suggestions_skipped: int = 0  # names past the look-up's budget, reported without the closest names

    def summary(self) -> dict[str, int]:
        return {"rows": self.rows_read, "rows_skipped": self.rows_skipped, "problems": self.problems_total}


P = TypeVar("P", bound=ListPreview)


@dataclass(frozen=True)
class ListImportReport(Generic[P]):
    """What an import did: its preview, and how many requests it wrote (0 on a dry run)."""

    file: str
    preview: P
    dry_run: bool
    cancelled: bool = False
    written: int = 0

    def as_json(self) -> dict[str, Any]:
        preview = self.preview
        return {"file": self.file, "shapes": list(preview.shapes), **preview.summary(),
                "written": self.written, "dry_run": self.dry_run, "cancelled": self.cancelled,
                "problems_listed": len(preview.problems), "suggestions_skipped": preview.suggestions_skipped,
                "problems": [p.as_json() for p in preview.problems]}


T = TypeVar("T")
BATCH = 2_000  # requests a transaction writes: short, so the desk's other writes wait little


def write_in_batches(store: EventStore, items: Sequence[T], write: Callable[[sqlite3.Connection, Sequence[T], bool], None],
                     *, cancel: CancelFlag | None, at_least_once: bool = False,
                     written_so_far: Callable[[int], None] = lambda _n: None) -> tuple[int, bool]:
    """Write `items` in transactions of BATCH, `write(conn, batch, first)` in each (once even
    without items when `at_least_once`: the first batch may carry more than the items); stops
    between batches when cancelled. (items written, cancelled)."""
    written, start, first = 0, 0, True
    while start < len(items) or (first and at_least_once):
        if cancel is not None and cancel.is_set:
            return written, True
        batch = items[start:start + BATCH]
        with store.write() as conn:
            write(conn, batch, first)
        written += len(batch)
        start, first = start + BATCH, False
        written_so_far(written)
    return written, False


class ListReading(ABC):
    """The row loop; a list's reading says what one row gives (`read_row`) and sets
    `found_any` once a row names someone of the event."""

    cell_length = 120  # a name longer than this is no name; the look-up reads this much

    def __init__(self, plan: ListPlan, preview: ListPreview) -> None:
        self.plan, self.preview = plan, preview
        self.found_any = False

    @abstractmethod
    def read_row(self, row: list[str], number: int) -> RowPreview:
        """One row read into the list's own preview, its problems noted."""

    def finish(self) -> None:  # noqa: B027 - a hook most lists leave as it is
        """After the last row (ranks given to the unranked, requests merged …)."""

    def run(self, progress: ProgressCallback, cancel: CancelFlag | None) -> None:
        rows, numbers = self.plan.data_rows, self.plan.data_row_numbers
        for issue in (*self.plan.sheet.errors, *self.plan.sheet.warnings):  # rows the reader could not read whole
            if issue.row > self.plan.header_row_number:
                self.keep_problem(RowIssue(issue.row, issue.code, issue.params))
        preview = self.preview
        for done, (row, number) in enumerate(zip(rows, numbers, strict=True)):
            if done % _PROGRESS_EVERY == 0:
                progress(done, len(rows))
                if cancel is not None and cancel.is_set:
                    preview.cancelled = True
                    break
            if preview.rows_read >= NOTHING_FOUND_ROWS and not self.found_any:
                preview.stopped_at = number
                preview.problems_total += 1  # listed even past MAX_PROBLEMS: it explains the rest
                preview.problems.append(RowIssue(number, "requests_nothing_found",
                                                 (("rows", str(preview.rows_read)), ("left", str(len(rows) - done)))))
                break
            if any(cell.strip() for cell in row):
                self.keep(self.read_row(row, number))
        self.finish()
        preview.problems.sort(key=lambda issue: issue.row)
        progress(len(rows), len(rows))

    def cell(self, row: list[str], index: int | None, length: int | None = None) -> str:
        """The cell cleaned (NFC, no control characters, spaces collapsed) and capped."""
        if index is None or index >= len(row):
            return ""
        length = length or self.cell_length
        return clean_text(row[index][:length * 4], length).value

    def keep(self, row: RowPreview) -> None:
        preview = self.preview
        preview.rows_read += 1
        if row.problems and not row.requests:
            preview.rows_skipped += 1
        if len(preview.rows) < MAX_ROWS_SHOWN:
            preview.rows.append(row)
        for problem in row.problems:
            self.keep_problem(problem)

    def keep_problem(self, problem: RowIssue) -> None:
        self.preview.problems_total += 1
        if len(self.preview.problems) < MAX_PROBLEMS:
            self.preview.problems.append(problem)
