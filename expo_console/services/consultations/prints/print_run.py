"""Writing a run of sheets into one PDF: progress per sheet, a cancel between sheets, nothing
left behind on a cancel or an error (page_kit.pdf_canvas), and the file in the access records as
an export (it names people and companies).

The consultations' schedules and the studio's and photo corner's prints are all written this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from expo_console.services.consultations.prints.context import PrintContext
from expo_console.services.consultations.prints.page_kit import PORTRAIT, Paper, pdf_canvas
from expo_console.services.consultations.prints.person_pages import PersonSheet, draw_sheet
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.storage import audit_repo
from expo_console.storage.connection import EventStore


class PrintError(ValueError):
    """A print that cannot be made as asked, with what to do."""


@dataclass(frozen=True)
class PrintResult:
    out: Path
    kind: str  # itineraries | exhibitors | tables | interpreters | schedule | confirmations | running_order …
    documents: int  # people, tables × days, bookings, days
    pages: int  # 0 for a workbook
    listed: int  # the meetings (or bookings) the file lists
    listed_as: str = "meetings"

    @property
    def meetings(self) -> int:
        return self.listed

    def as_json(self) -> dict[str, object]:
        return {"out": str(self.out), "kind": self.kind, "documents": self.documents, "pages": self.pages,
                self.listed_as: self.listed}


def pdf_path(out: Path | str) -> Path:
    out = Path(out)
    if out.suffix.lower() != ".pdf":
        raise PrintError(f"Cannot print to '{out.name}': use a file name ending in .pdf "
                         "(or .xlsx for a workbook).")
    return out


def write_sheets(store: EventStore, context: PrintContext, out: Path, *, kind: str, title: str,
                 sheets: Iterable[PersonSheet], total: int, entity: str, progress: ProgressCallback,
                 cancel: CancelFlag | None, paper: Paper = PORTRAIT) -> tuple[int, int]:
    """Every sheet into `out`, audited as an export of `entity`; returns (sheets, pages)."""
    pages = documents = 0
    with pdf_canvas(out, f"{context.event_name} — {title}", paper) as canvas:
        for documents, sheet in enumerate(_checked(sheets, cancel), start=1):
            if documents > 1:
                canvas.showPage()
            pages += draw_sheet(canvas, sheet, context)
            progress(documents, total)
    audit_export(store, out, entity, kind, documents, pages)
    return documents, pages


def _checked(sheets: Iterable[PersonSheet], cancel: CancelFlag | None) -> Iterator[PersonSheet]:
    for sheet in sheets:
        if cancel is not None:
            cancel.raise_if_set()
        yield sheet


def audit_export(store: EventStore, out: Path, entity: str, kind: str, documents: int, pages: int) -> None:
    with store.write() as conn:
        audit_repo.append(conn, store.stamp, "export", entity, None,
                          {"file": out.name, "kind": kind, "rows": documents, "pages": pages})
