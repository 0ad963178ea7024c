"""Event ▸ Purge personal data… (issue 21): after the event, every visitor's personal data is
erased at once and the anonymous figures stay (services/registration/purge.py).

The dialog shows the retention date and how many visitors would be erased. Before the date it
says when the purge becomes possible and offers nothing else. On or after it, the purge runs
only once the event's name is typed: it cannot be undone, and the dialog says so. It runs on the
worker (one transaction, then the WAL emptied: it cannot be stopped half-way, so there is no
Cancel, only a busy bar). Then the certificate of destruction is saved where the organizer
chooses, and the counts are shown; when it cannot be saved there, Save certificate… asks again.
Once a purge is recorded the dialog offers its certificate again at any time (made from the
purge's access record), so a certificate lost or never saved can be made later. Closing the dialog after a purge has the window built again,
so no view keeps a name it showed before (a recent scan, a form being edited).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.gui import file_dialogs
from expo_console.gui.file_errors import not_written
from expo_console.gui.hub import Hub
from expo_console.gui.labels import error_text
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.personal_data.person_export import safe_file_name
from expo_console.gui.personal_data.retention_dialog import RetentionDialog
from expo_console.gui.personal_data.saved_notice import open_folder
from expo_console.gui.role_view import permit
from expo_console.gui.workers import run_task
from expo_console.services.events import event_row
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.registration.purge import (
    Purged,
    PurgeOutlook,
    last_purge,
    purge_outlook,
    run_purge,
)
from expo_console.services.store import EventStore, reopen


def same_name(typed: str, name: str) -> bool:
    """The typed confirmation matches the event's name: Unicode-normalised (a Korean IME may give
    decomposed jamo), spaces collapsed, case ignored."""
    def plain(text: str) -> str:
        return " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    return bool(plain(typed)) and plain(typed) == plain(name)


def local_time(utc_stamp: str) -> str:
    """'2022-11-06T01:30:00.123Z' as this desk's clock reads it: '2022-11-06 10:30'."""
    try:
        return f"{dt.datetime.fromisoformat(utc_stamp).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return utc_stamp


class PurgeDialog(QDialog):
    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.hub = store, hub
        self.setObjectName("purgeDialog")
        self.setWindowTitle(self.tr("Purge personal data"))
        self.setMinimumWidth(620)
        self.event_name = str(event_row(store)["name"])
        self.facts: dict[str, Any] | None = None  # what was erased, once the purge ran
        self.certificate: Path | None = None  # where its certificate was saved
        self.recorded = last_purge(store)  # an earlier purge, whose certificate can be saved again
        self.outlook: PurgeOutlook = purge_outlook(store)
        self._build()
        self.refresh()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.last_day = QLabel()
        self.period = QLabel()
        self.change_button = QPushButton(self.tr("&Change…"))
        self.change_button.setToolTip(self.tr("The retention period: days kept after the last day"))
        self.change_button.clicked.connect(self.change_retention)
        permit(self.change_button, self.store, Action.CHANGE_SETTINGS)
        period_row = QHBoxLayout()
        period_row.addWidget(self.period, 1)
        period_row.addWidget(self.change_button)
        self.retention = QLabel()
        self.retention.setObjectName("purgeRetentionDate")
        self.visitors = QLabel()
        self.visitors.setObjectName("purgeVisitors")
        facts = QFormLayout()
        facts.addRow(self.tr("Event"), QLabel(self.event_name))
        facts.addRow(self.tr("Last day"), self.last_day)
        facts.addRow(self.tr("Retention period"), period_row)
        facts.addRow(self.tr("Retention date"), self.retention)
        facts.addRow(self.tr("Visitors with personal data"), self.visitors)

        self.explanation = QLabel()
        self.explanation.setObjectName("purgeExplanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.irreversible = QLabel(self.tr("This cannot be undone: nobody, not even an organizer, can bring the "
                                           "data back."))
        self.irreversible.setObjectName("purgeIrreversible")
        self.irreversible.setWordWrap(True)
        self.irreversible.setStyleSheet("color: #b71c1c; font-weight: bold")
        self.confirm_label = QLabel(self.tr("To confirm, type the event's name: %1").replace("%1", self.event_name))
        self.confirm_label.setWordWrap(True)
        self.confirm = QLineEdit()
        self.confirm.setObjectName("purgeConfirmName")
        self.confirm_label.setBuddy(self.confirm)
        self.confirm.textChanged.connect(self._update_buttons)

        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # one transaction: no steps to count, and no stopping half-way
        self.busy.setFormat(self.tr("Erasing… This cannot be stopped."))
        self.busy.setTextVisible(True)
        self.busy.hide()

        self.results = QGroupBox(self.tr("Purged"))
        self.results.setObjectName("purgeResults")
        self.counts = QGridLayout(self.results)
        self.results.hide()
        self.certificate_label = QLabel()
        self.certificate_label.setObjectName("purgeCertificate")
        self.certificate_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save certificate…"))
        self.save_button.clicked.connect(lambda: self.save_certificate())
        self.open_button = QPushButton(self.tr("Open &folder"))
        self.open_button.clicked.connect(lambda: self.certificate is not None and open_folder(self.certificate))
        certificate_row = QHBoxLayout()
        certificate_row.addWidget(self.certificate_label, 1)
        certificate_row.addWidget(self.save_button)
        certificate_row.addWidget(self.open_button)
        self.certificate_row = QWidget()
        self.certificate_row.setLayout(certificate_row)
        certificate_row.setContentsMargins(0, 0, 0, 0)
        self.certificate_row.hide()

        self.buttons = QDialogButtonBox()
        self.purge_button = self.buttons.addButton(self.tr("&Purge for good"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.purge_button.setObjectName("purgeButton")
        self.purge_button.setStyleSheet("QPushButton:enabled { color: #b71c1c; font-weight: bold; }")
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.purge_button.clicked.connect(self.purge)
        self.close_button.clicked.connect(self.reject)

        column = QVBoxLayout(self)
        column.addLayout(facts)
        column.addSpacing(6)
        column.addWidget(self.explanation)
        column.addWidget(self.irreversible)
        column.addSpacing(6)
        column.addWidget(self.confirm_label)
        column.addWidget(self.confirm)
        column.addWidget(self.busy)
        column.addWidget(self.results)
        column.addWidget(self.certificate_row)
        column.addStretch(1)
        column.addWidget(self.buttons)

    # -- before the purge -----------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """The purge may run: on or after the date, with visitors left, on a writable file."""
        return self.outlook.possible and self.outlook.visitors > 0 and not self.store.read_only

    def refresh(self) -> None:
        """Read the retention date and the visitors left again (the period may have changed)."""
        outlook = self.outlook = purge_outlook(self.store)
        self.last_day.setText(outlook.last_day.isoformat())
        self.period.setText(self.tr("%1 days after the last day").replace("%1", str(outlook.retention_days)))
        self.retention.setText(outlook.retention_date.isoformat())
        self.visitors.setText(f"{outlook.visitors:,}")
        date = outlook.retention_date.isoformat()
        if self.store.read_only:
            text = self.tr("This event is open read-only: nothing can be purged here. Open it from a folder this "
                           "desk may write to.")
        elif not outlook.visitors:
            text = self.tr("No visitor's personal data is left in this event: there is nothing to purge.")
        elif not outlook.possible:
            text = self.tr("The visitors' personal data is kept until its retention date, %1: the purge becomes "
                           "possible on that day. If its purpose ended sooner, shorten the retention period "
                           "(Change…).").replace("%1", date)
        else:
            text = self.tr("The retention date, %1, has come. The purge erases the personal data of all %2 "
                           "visitors: names, phones, e-mails, companies, notes, consents, and their badges. The "
                           "figures stay: entries, occupancy and classes, under pseudonyms. The purge is recorded "
                           "and a certificate of destruction is saved.").replace("%1", date).replace(
                               "%2", f"{outlook.visitors:,}")
        self.explanation.setText(text)
        for widget in (self.irreversible, self.confirm_label, self.confirm):
            widget.setVisible(self.ready)
        if self.facts is None:
            self.certificate_row.setVisible(self.recorded is not None)
            self._show_certificate_state()
        self._update_buttons()
        # rows shown or text rewrapped: grow to fit (a layout's minimum ignores wrapped text's height)
        self.adjustSize()

    def _update_buttons(self) -> None:
        self.purge_button.setVisible(self.facts is None)  # before the date: there, and disabled
        self.purge_button.setEnabled(self.ready and same_name(self.confirm.text(), self.event_name))

    def change_retention(self) -> RetentionDialog:
        dialog = RetentionDialog(self.store, self.hub, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    # -- the purge ------------------------------------------------------------------------------

    def purge(self) -> BackgroundOp[Purged] | None:
        if not self.ready or not same_name(self.confirm.text(), self.event_name):
            return None
        for widget in (self.confirm, self.purge_button, self.change_button, self.close_button):
            widget.setEnabled(False)
        self.busy.show()
        event = self.store

        def work(_progress: ProgressCallback, _cancel: CancelFlag) -> Purged:
            store = reopen(event)
            try:
                return run_purge(store)
            finally:
                store.close()

        # on_progress: the dialog's own busy bar, not the op's cancellable progress dialog
        op = (BackgroundOp(self, self.hub, work, label=self.windowTitle()).on_progress(lambda _done, _total: None)
              .on_success(self._purged).on_failure(self._failed))
        op.run()
        return op

    def _failed(self, error: Exception, _details: str) -> None:
        self.busy.hide()
        self.close_button.setEnabled(True)
        self.change_button.setEnabled(True)
        self.confirm.setEnabled(True)
        self.refresh()
        QMessageBox.warning(self, self.windowTitle(),
                            self.tr("Nothing was purged.") + "\n" + error_text(error))

    def _purged(self, result: Purged) -> None:
        self.facts = result.facts
        self.busy.hide()
        for widget in (self.irreversible, self.confirm_label, self.confirm, self.purge_button, self.change_button):
            widget.hide()
        self.explanation.setText(self.tr("The personal data was purged on %1 by %2. The figures stay.")
                                 .replace("%1", local_time(result.facts["purged_at"]))
                                 .replace("%2", str(result.facts["operator"])))
        self._show_counts(result.facts["counts"])
        self.outlook = purge_outlook(self.store)
        self.visitors.setText(f"{self.outlook.visitors:,}")
        self.close_button.setText(self.tr("Close"))
        self.close_button.setEnabled(True)
        self.certificate_row.show()
        self._show_certificate_state()
        self.adjustSize()  # the counts in, the confirmation out: fit what is shown now
        QTimer.singleShot(0, self.save_certificate)  # the counts painted first, then where to save

    def _show_counts(self, counts: dict[str, int]) -> None:
        labels = {"visitors": self.tr("Visitors' personal data erased"), "badges": self.tr("Badges deleted"),
                  "scans": self.tr("Scans kept under a pseudonym"),
                  "print_log": self.tr("Badge prints kept under a pseudonym"),
                  "audit_log": self.tr("Access records pseudonymised")}
        for row, (key, count) in enumerate(counts.items()):
            self.counts.addWidget(QLabel(labels.get(key, key)), row, 0)
            number = QLabel(f"{count:,}")
            number.setObjectName(f"purged_{key}")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts.addWidget(number, row, 1)
        self.results.show()

    # -- the certificate ------------------------------------------------------------------------

    def suggested_certificate_name(self) -> str:
        return (self.tr("Certificate of destruction %1 %2").replace("%1", safe_file_name(self.event_name))
                .replace("%2", dt.date.today().isoformat()) + ".pdf")

    def save_certificate(self, path: Path | None = None) -> bool:
        """Ask where, then write the certificate (one page, on the worker) of this purge or of the
        one recorded before; False when there is none or the save dialog was cancelled."""
        facts = self.facts or self.recorded
        if facts is None:
            return False
        if path is None:
            path = file_dialogs.save_file(self, self.tr("Save the certificate of destruction"), self.tr("PDF (*.pdf)"),
                                          self.suggested_certificate_name(), kind="certificate",
                                          event_file=self.store.path)
        if path is None:
            self._show_certificate_state()
            return False
        target = Path(path) if Path(path).suffix.lower() == ".pdf" else Path(f"{path}.pdf")
        self.save_button.setEnabled(False)

        def work(_progress: ProgressCallback, _cancel: CancelFlag) -> Path:
            from expo_console.services.registration.purge_certificate import (
                write_certificate,  # reportlab
            )

            write_certificate(facts, target)
            return target

        def saved(where: Path) -> None:
            self.certificate = where
            self._show_certificate_state()

        def failed(error: Exception, _details: str) -> None:
            self._show_certificate_state()  # Save certificate… again: another place may do
            QMessageBox.warning(self, self.windowTitle(), not_written(target, error))

        run_task(work, owner=self, on_success=saved, on_failure=failed)  # a file only: nothing to broadcast
        return True

    def _show_certificate_state(self) -> None:
        saved = self.certificate is not None
        if saved:
            text = self.tr("Certificate of destruction saved to %1").replace("%1", str(self.certificate))
        elif self.facts is None and self.recorded is not None:
            text = (self.tr("A purge was done on %1 by %2: its certificate of destruction can be saved again.")
                    .replace("%1", local_time(self.recorded["purged_at"])).replace("%2", str(self.recorded["operator"])))
        else:
            text = self.tr("The certificate of destruction is not saved yet.")
        self.certificate_label.setText(text)
        self.save_button.setVisible(not saved)
        self.save_button.setEnabled(True)
        self.open_button.setVisible(saved)

    # -- closing --------------------------------------------------------------------------------

    @property
    def purged(self) -> bool:
        return self.facts is not None

    def reject(self) -> None:
        """Cancel before a purge; Close after it, checking that the certificate was saved (it
        cannot be made once the dialog is closed)."""
        if not self.close_button.isEnabled():
            return  # the purge is running: it ends by itself
        if self.facts is not None and self.certificate is None:
            answer = QMessageBox.question(
                self, self.windowTitle(),
                self.tr("Close without saving the certificate of destruction? The purge stays recorded in the "
                        "access records, and its certificate can be saved later here (Event ▸ Purge personal "
                        "data…)."),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Close, QMessageBox.StandardButton.Save)
            if answer == QMessageBox.StandardButton.Save:
                self.save_certificate()
                return
        super().reject()
