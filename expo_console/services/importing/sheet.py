"""The rows a reader found, each with the row number the file gives it, and the rows it could
not read.

Readers keep only the rows really present: a sheet that jumps from row 2 to row 900,000,000
gives two rows, numbered 2 and 900000000, so the work follows the cells in the file and not the
coordinates it claims, while reports still name the row a person sees in Excel.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from expo_console.services.messages import render

# The last column a spreadsheet can have (XFD); a cell claiming to lie further right is ignored.
MAX_COLUMNS = 16_384
# Cells held across all rows, the empty ones between real cells included. A visitor list of
# 100,000 rows and 100 columns needs 10 million; a sheet that would need more is refused.
MAX_SHEET_CELLS = 20_000_000


@dataclass(frozen=True, slots=True)
class RowIssue:
    row: int
    code: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def reason(self) -> str:
        return render(self.code, self.params)


class SheetTooWide(Exception):
    """The rows would hold more than MAX_SHEET_CELLS cells; `widest` is the longest row's length."""

    def __init__(self, widest: int) -> None:
        super().__init__(f"more than {MAX_SHEET_CELLS:,} cells, rows up to column {column_letters(widest - 1)}")
        self.widest = widest


@dataclass(slots=True)
class Sheet:
    rows: list[list[str]] = field(default_factory=list)
    numbers: list[int] = field(default_factory=list)  # spreadsheet row number of each row
    errors: list[RowIssue] = field(default_factory=list)  # rows that were skipped
    warnings: list[RowIssue] = field(default_factory=list)  # rows read, but not all of them
    cells: int = 0
    widest: int = 0

    def add(self, number: int, cells: list[str]) -> None:
        self.rows.append(cells)
        self.numbers.append(number)
        self._count(len(cells))

    def extend(self, first_number: int, rows: list[list[str]]) -> None:
        """Rows numbered one after another from first_number (CSV lines without quotes)."""
        self.rows.extend(rows)
        self.numbers.extend(range(first_number, first_number + len(rows)))
        self._count(sum(map(len, rows)), max(map(len, rows), default=0))

    def _count(self, cells: int, widest: int | None = None) -> None:
        self.cells += cells
        self.widest = max(self.widest, cells if widest is None else widest)
        if self.cells > MAX_SHEET_CELLS:
            raise SheetTooWide(self.widest)

    def has_text(self) -> bool:
        return any(any(cell.strip() for cell in row) for row in self.rows)


def column_letters(index: int) -> str:
    """'A' for column 0, 'XFD' for column 16383, as a spreadsheet names them."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
