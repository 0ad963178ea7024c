"""A person's data on their request (issue 21), from the registration list: everything the event
holds about the selected visitor (registration, consents, badges, prints, scans, the access
records about them), saved as a PDF to hand to them or as JSON. It is written on the worker (a
visitor with many scans makes a PDF of several pages); the service audits the export."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from expo_console.gui import file_dialogs
from expo_console.gui.file_errors import not_written
from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.personal_data.saved_notice import SavedNotice
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.registration import visitors as reg
from expo_console.services.registration.person_data import export_person_data
from expo_console.services.store import EventStore, reopen

FORMATS = (".pdf", ".json")
# Characters no file name may hold on Windows (the file may be copied there), and control characters.
UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def safe_file_name(text: str) -> str:
    return UNSAFE_IN_NAMES.sub(" ", text).strip(" .") or "visitor"


def suggested_name(row: dict[str, Any], today: dt.date) -> str:
    """The visitor's name and today's date: the file says whose data it is and when it was taken."""
    who = safe_file_name(row.get("name") or row.get("name_en") or str(row.get("id", "")))
    name = QCoreApplication.translate("PersonData", "%1 personal data %2")
    return name.replace("%1", who).replace("%2", today.isoformat()) + ".pdf"


def save_persons_data(parent: QWidget, store: EventStore, hub: Hub, visitor_id: str,
                      path: Path | None = None) -> BackgroundOp[dict[str, Any]] | None:
    """Ask where (PDF for the person, or JSON), write it on the worker, then say where it is."""
    # translate() spelled out each time: lupdate finds only calls it recognises by name
    translate = QCoreApplication.translate
    title = translate("PersonData", "Person's data")
    if path is None:
        row = reg.get_visitor(store, visitor_id)
        path = file_dialogs.save_file(parent, translate("PersonData", "Save the person's data"),
                                      translate("PersonData", "PDF for the person (*.pdf);;JSON (*.json)"),
                                      suggested_name(row, dt.date.today()), kind="person_data",
                                      event_file=store.path)
    if path is None:
        return None
    target = Path(path)
    if target.suffix.lower() not in FORMATS:
        QMessageBox.warning(parent, title, translate(
            "PersonData", "%1 is neither a PDF nor a JSON file. Choose a name ending in .pdf (to hand to the "
            "person) or .json.").replace("%1", target.name))
        return None

    def work(_progress: ProgressCallback, cancel: CancelFlag) -> dict[str, Any]:
        cancel.raise_if_set()  # cancelled before it started: nothing written, nothing audited
        own = reopen(store)
        try:
            return export_person_data(own, visitor_id, target)
        finally:
            own.close()

    def saved(data: dict[str, Any]) -> None:
        detail = translate("PersonData", "%1 scans and %2 access records are in it. The export is recorded in the "
                                         "access records.")
        SavedNotice(parent, title, target, detail.replace("%1", str(len(data["scans"])))
                    .replace("%2", str(len(data["access_records"])))).open()

    def failed(error: Exception, _details: str) -> None:
        text = not_written(target, error) if isinstance(error, OSError) else error_text(error)
        QMessageBox.warning(parent, title, text)

    op = BackgroundOp(parent, hub, work, label=translate("PersonData", "Saving the person's data…"))
    op.on_success(saved).on_failure(failed).run()
    return op
