"""A consultation request list read and mapped: the file (CSV in any of the encodings Korean
offices write, XLSX, a web page's table) read by the shared list reading of
services/importing/request_lists.py, with its bounds on hostile files, its header row found and
its columns mapped by request_columns.py. Nothing of the event is read here: the preview does that."""

from __future__ import annotations

from pathlib import Path

from expo_console.services.consultations import request_columns as columns
from expo_console.services.importing.request_lists import (
    ListColumns,
    ListHeaderNotFound,
    ListPlan,
    plan_list,
)

COLUMNS = ListColumns(columns.FIELDS, columns.guess_mapping, columns.shapes, columns.missing, "requests_no_header")

# The names the consultations' callers know.
RequestPlan = ListPlan
RequestHeaderNotFound = ListHeaderNotFound


def plan_requests(path: Path | str, *, header_row: int | None = None) -> ListPlan:
    """Read the file and map its columns; `header_row` (a spreadsheet row number) names the
    header when it was not found, or was found wrong."""
    return plan_list(path, COLUMNS, header_row=header_row)
