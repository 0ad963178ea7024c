"""The results report written to the file asked for: a PDF or an XLSX, by the name's suffix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from expo_console.domain.consultation_results import Results
from expo_console.services.consultations.results_pdf import ResultsFileError, write_results_pdf
from expo_console.services.consultations.results_xlsx import write_results_xlsx
from expo_console.services.progress import ProgressCallback, no_progress
from expo_console.storage.connection import EventStore


def write_results_file(store: EventStore, out: Path | str, day: dt.date | None = None, *,
                       progress: ProgressCallback = no_progress) -> Results:
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix == ".pdf":
        return write_results_pdf(store, out, day, progress=progress)
    if suffix == ".xlsx":
        return write_results_xlsx(store, out, day, progress=progress)
    raise ResultsFileError(f"Cannot write the results to '{out.name}': use a file name ending in .pdf or .xlsx.")
