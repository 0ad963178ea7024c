"""The notice above the visitor list when an import of this event was interrupted.

Non-blocking on purpose: the desk may be in the middle of registering someone when it opens the
event, and the interrupted import can wait a minute. It says which file stopped at which row,
offers to run it again (which completes it: rows already imported are matched, not duplicated)
or to dismiss it. With several, it shows the oldest; the next one appears when that is settled.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from expo_console.gui.hub import Hub
from expo_console.gui.labels import translated_message
from expo_console.services.importing.runs import (
    FILE_READY,
    InterruptedImport,
    dismiss_interrupted,
    file_state,
    interrupted_imports,
)
from expo_console.services.store import EventFileError, EventStore, parse_utc_stamp


class InterruptedImportNotice(QFrame):
    run_again_requested = Signal(str)  # the import file's path

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("interruptedImportNotice")
        self.store = store
        self.hub = hub
        self.shown: InterruptedImport | None = None
        self._hidden_for_session: set[str] = set()  # dismissed on a read-only file: nothing can be recorded
        self.text = QLabel()
        self.text.setObjectName("interruptedImportText")
        self.text.setWordWrap(True)
        self.run_again_button = QPushButton(self.tr("Run again"))
        self.run_again_button.setObjectName("runInterruptedImportAgain")
        self.dismiss_button = QPushButton(self.tr("Dismiss"))
        self.dismiss_button.setObjectName("dismissInterruptedImport")
        self.run_again_button.clicked.connect(self._on_run_again_clicked)
        self.dismiss_button.clicked.connect(self._on_dismiss_clicked)
        layout = QHBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.run_again_button)
        layout.addWidget(self.dismiss_button)
        self.hide()

    def refresh(self) -> None:
        """Show the oldest interrupted import, or hide when there is none (read only: no writes)."""
        pending = [run for run in interrupted_imports(self.store) if run.run_id not in self._hidden_for_session]
        self.shown = pending[0] if pending else None
        if self.shown is None:
            self.hide()
            return
        self.text.setText(self._describe(self.shown))
        # Importing writes: on a read-only file the notice only informs.
        self.run_again_button.setEnabled(not self.store.read_only)
        self.show()

    def _describe(self, run: InterruptedImport) -> str:
        when = parse_utc_stamp(run.last_seen_at).astimezone().strftime("%Y-%m-%d %H:%M")
        if run.rows_total is None:
            text = self.tr("An import of %1 was interrupted at row %2 (%3, desk %4). Run it again to complete it: "
                           "rows already imported are matched, not duplicated.")
            values = (run.file_name, f"{run.rows_done:,}", when, run.desk_id)
        else:
            text = self.tr("An import of %1 was interrupted at row %2 of %3 (%4, desk %5). Run it again to complete "
                           "it: rows already imported are matched, not duplicated.")
            values = (run.file_name, f"{run.rows_done:,}", f"{run.rows_total:,}", when, run.desk_id)
        # One pass: a file name with "%2" in it stays as it is.
        return re.sub(r"%(\d)", lambda match: values[int(match.group(1)) - 1], text)

    def _on_run_again_clicked(self) -> None:
        run = self.shown
        if run is None:
            return
        state = file_state(run)
        if state != FILE_READY:
            # Gone or edited since: running "it" again would not complete that import. Say so.
            self.text.setText(translated_message(state, (("file", run.file_name), ("path", run.file_path))))
            self.run_again_button.setEnabled(False)
            return
        self.run_again_requested.emit(run.file_path)

    def _on_dismiss_clicked(self) -> None:
        run = self.shown
        if run is None:
            return
        try:
            dismiss_interrupted(self.store, run.run_id)
        except EventFileError as error:  # read-only or locked: hidden here, and the desk told why
            self._hidden_for_session.add(run.run_id)
            self.hub.status_message_requested.emit(str(error))
        self.refresh()
