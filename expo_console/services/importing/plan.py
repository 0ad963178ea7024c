"""What an import will do: the file read, its header row found and its columns mapped; and the
report of what it did, with spreadsheet row numbers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from expo_console.services.importing.headers import (
    CONSENT_UNKNOWN,
    candidate_header_rows,
    duplicate_headers,
    find_header_row,
    guess_mapping,
    header_signature,
)
from expo_console.services.importing.readers import read_rows
from expo_console.services.importing.runs import FileFingerprint, InterruptedImport, fingerprint
from expo_console.services.importing.sheet import RowIssue, Sheet
from expo_console.services.importing.sniff import FileKind, ImportFileError, refusal, sniff

__all__ = ["HeaderNotFound", "ImportPlan", "ImportReport", "RowIssue", "plan_import"]

_HEADER_SHOWN = 40  # characters of a header quoted in a warning


@dataclass(frozen=True, slots=True)
class ImportPlan:
    path: Path
    kind: FileKind
    sheet: Sheet
    header_index: int
    mapping: dict[int, str]
    # Taken when the file was read, so that the import's record names the content it imported
    # even if the file is edited while the mapping is being checked.
    file: FileFingerprint | None = None
    # The class chosen for a value of the class column (cleaned text → class code), by the
    # operator, a mapping file or a remembered mapping; other values get their proposal
    # (class_values.py).
    classes: dict[str, str] = field(default_factory=dict)

    @property
    def rows(self) -> list[list[str]]:
        return self.sheet.rows

    @property
    def headers(self) -> list[str]:
        return self.rows[self.header_index]

    @property
    def data_rows(self) -> list[list[str]]:
        return self.rows[self.header_index + 1:]

    @property
    def data_row_numbers(self) -> list[int]:
        """Spreadsheet row number (1-based, as Excel shows it) of each data row."""
        return self.sheet.numbers[self.header_index + 1:]

    @property
    def header_row_number(self) -> int:
        return self.sheet.numbers[self.header_index]

    @property
    def first_row_number(self) -> int:
        numbers = self.sheet.numbers
        return numbers[self.header_index + 1] if len(numbers) > self.header_index + 1 else self.header_row_number + 1

    @property
    def signature(self) -> str:
        """The header's signature: how the next file from the same source is recognised."""
        return header_signature(self.headers)

    def with_mapping(self, mapping: Mapping[int, str]) -> ImportPlan:
        return replace(self, mapping=dict(mapping))

    def with_classes(self, classes: Mapping[str, str]) -> ImportPlan:
        return replace(self, classes=dict(classes))

    def with_header_row(self, row_number: int) -> ImportPlan:
        """The plan with another row as its header (a spreadsheet row number), columns guessed
        again from it; refused when the file has no such row."""
        if row_number not in self.sheet.numbers:
            raise refusal("header_row_missing", file=self.path.name, row=str(row_number))
        index = self.sheet.numbers.index(row_number)
        return replace(self, header_index=index, mapping=guess_mapping(self.rows[index]), classes={})

    def column_values(self, field_name: str) -> list[str]:
        """The raw cells of the column mapped to a field ([] when none is)."""
        index = next((i for i, f in self.mapping.items() if f == field_name), None)
        if index is None:
            return []
        return [row[index] if index < len(row) else "" for row in self.data_rows]

    def consent_questions(self) -> list[int]:
        """Columns that ask for a consent without saying which: someone must choose."""
        return sorted(i for i, f in self.mapping.items() if f == CONSENT_UNKNOWN)

    def preview(self, limit: int = 20) -> list[dict[str, str]]:
        return [
            {f: row[i] if i < len(row) else "" for i, f in self.mapping.items()}
            for row in self.data_rows[:limit]
        ]

    def row_errors(self) -> list[RowIssue]:
        """Rows the reader had to skip (a quote left open, a cell too long), in file order."""
        return list(self.sheet.errors)

    def warnings(self) -> list[RowIssue]:
        """What the import will warn about before reading any visitor: columns with the same
        header under the current mapping, and cells the reader ignored."""
        return sorted([*self._duplicate_header_warnings(), *self.sheet.warnings], key=lambda issue: issue.row)

    def _duplicate_header_warnings(self) -> list[RowIssue]:
        issues = []
        for field_name, columns in duplicate_headers(self.headers).items():
            chosen = next((i for i in columns if self.mapping.get(i) == field_name), None)
            ignored = [i for i in columns if i not in self.mapping]
            if chosen is None or not ignored:
                continue  # the mapping was set so that every one of them is used, or none
            listed = ", ".join(f"{i + 1} ({self.headers[i][:_HEADER_SHOWN]})" for i in columns)
            issues.append(RowIssue(self.header_row_number, "duplicate_header",
                                   (("columns", listed), ("field", field_name), ("chosen", str(chosen + 1)))))
        return issues


class HeaderNotFound(ImportFileError):
    """No row looked like a header. `plan` holds the file as read, the first candidate row (or
    the first row) taken as the header, for someone to choose the row and map the columns by hand;
    `candidates` are the rows that could be the header (row number, first cells)."""

    def __init__(self, plan: ImportPlan, candidates: list[tuple[int, list[str]]]) -> None:
        name = plan.path.name
        seen = "; ".join(f"row {number}: {' | '.join(cells)}" for number, cells in candidates)
        super().__init__(
            "no_header",
            f"No header row was found in the first rows of {name}. Add a header row with at "
            "least a name column (성명 or Name) and one more, such as 회사명, 이메일 or 휴대폰, or "
            "name the header row and map the columns yourself (--header-row N, --map FILE.json)."
            + (f" Rows that could be the header: {seen}." if seen else ""))
        self.plan = plan
        self.candidates = candidates


def plan_import(path: Path | str, *, header_row: int | None = None) -> ImportPlan:
    """Read the file and map its columns; `header_row` (a spreadsheet row number) overrides
    the header row found, and raises HeaderNotFound when none is found."""
    path = Path(path)
    kind = sniff(path)
    sheet = read_rows(path, kind)
    header_index = find_header_row(sheet.rows)
    if header_index is None or header_row is not None:
        plan = ImportPlan(path, kind, sheet, 0, {}, fingerprint(path))
        if header_row is not None:
            return plan.with_header_row(header_row)
        if kind.kind == "html":
            raise refusal("html_without_header", file=path.name)
        candidates = candidate_header_rows(sheet.rows, sheet.numbers)
        # The first row that could be the header is offered first, with what its words say.
        raise HeaderNotFound(plan.with_header_row(candidates[0][0]) if candidates else plan, candidates)
    return ImportPlan(path, kind, sheet, header_index, guess_mapping(sheet.rows[header_index]), fingerprint(path))


@dataclass(slots=True)
class ImportReport:
    imported: int = 0
    updated: int = 0
    skipped: int = 0
    unchanged: int = 0
    errors: list[RowIssue] = field(default_factory=list)
    warnings: list[RowIssue] = field(default_factory=list)
    dry_run: bool = False
    cancelled: bool = False
    note: str = ""
    # Earlier imports of this content that had been interrupted and that this one completed;
    # and interrupted imports of this path whose content has changed since (not completed).
    completed_interrupted: list[InterruptedImport] = field(default_factory=list)
    interrupted_file_changed: list[InterruptedImport] = field(default_factory=list)
    # The class column's values and the class each became (class_values.ClassValue).
    classes: list[Any] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "updated": self.updated,
            "skipped": self.skipped,
            "unchanged": self.unchanged,
            "errors": [{"row": e.row, "reason": e.reason} for e in self.errors],
            "warnings": [{"row": w.row, "reason": w.reason} for w in self.warnings],
            "dry_run": self.dry_run,
            "cancelled": self.cancelled,
            "completed_interrupted_imports": [run.as_json() for run in self.completed_interrupted],
            "interrupted_imports_file_changed": [run.as_json() for run in self.interrupted_file_changed],
            "classes": [value.as_json() for value in self.classes],
        }
