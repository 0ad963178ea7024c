"""Batch badge printing: the night before, or a whole class at once.

Rendering runs in the worker helper on its own connection (progress, cancel); the finished PDF
goes to this desk's printer or stays as a file. The print log gets one row per badge, and only
a batch the printer accepted marks its badges printed.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.visitors import VisitorClass
from expo_console.gui import file_dialogs
from expo_console.gui.badges.printer import BadgePrinter
from expo_console.gui.labels import class_label
from expo_console.gui.workers import Task, run_task
from expo_console.services.badge_print.batch import (
    BatchError,
    RenderedBatch,
    log_batch,
    render_batch,
    select_visitors,
)
from expo_console.services.badge_print.templates import available_formats, load_template
from expo_console.services.changes import VisitorsChanged
from expo_console.services.store import EventStore, reopen

CONFIRM_ABOVE = 50  # badges: a bigger batch is started only once the operator confirms it


class BatchPrintDialog(QDialog):
    batch_done = Signal(object)  # VisitorsChanged

    def __init__(self, store: EventStore, printer: BadgePrinter, format_id: str, selected: list[str],
                 romanize: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchPrintDialog")
        self.setWindowTitle(self.tr("Print badges in a batch"))
        self.store, self.printer, self.selected, self.romanize = store, printer, selected, romanize
        self.task: Task | None = None
        self._temporary: Path | None = None

        self.scope = QButtonGroup(self)
        self.scope_selected = QRadioButton(self.tr("Selected visitors (%1)").replace("%1", str(len(selected))))
        self.scope_class = QRadioButton(self.tr("A class:"))
        self.scope_unprinted = QRadioButton(self.tr("Everyone whose badge is not printed yet"))
        self.scope_all = QRadioButton(self.tr("Everyone"))
        for button in (self.scope_selected, self.scope_class, self.scope_unprinted, self.scope_all):
            self.scope.addButton(button)
        self.scope_selected.setEnabled(bool(selected))
        # The rows selected in the list, or nothing: "everyone not printed" was the default and
        # one click on Start away from some 2,900 badges. Start waits for a choice.
        self.scope_selected.setChecked(bool(selected))
        self.scope.buttonToggled.connect(lambda *_: self.start_button.setEnabled(self.task is None))
        self.class_box = QComboBox()
        for cls in VisitorClass:
            self.class_box.addItem(class_label(cls.value), cls.value)
        self.class_box.activated.connect(lambda _index: self.scope_class.setChecked(True))  # picking a class chooses it
        self.format_box = QComboBox()
        for fid in available_formats():
            self.format_box.addItem(load_template(fid).name, fid)
        self.format_box.setCurrentIndex(max(0, self.format_box.findData(format_id)))
        self.to_printer = QRadioButton(self.tr("Printer: %1").replace("%1", printer.name()) if printer.name()
                                       else self.tr("Printer: none set up on this computer"))
        self.to_pdf = QRadioButton(self.tr("One PDF file:"))
        self.to_printer.setChecked(True)
        self.pdf_path = QLineEdit(str(Path.home() / "badges.pdf"))
        browse = QPushButton(self.tr("Browse…"))
        browse.clicked.connect(self._browse)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("startBatch")
        self.start_button.clicked.connect(self.start)
        self.start_button.setEnabled(bool(selected))
        self.cancel_button = QPushButton(self.tr("Cancel batch"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: self.task.cancel() if self.task else None)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)

        class_row = QHBoxLayout()
        class_row.addWidget(self.scope_class)
        class_row.addWidget(self.class_box, 1)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.to_pdf)
        pdf_row.addWidget(self.pdf_path, 1)
        pdf_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_selected)
        layout.addLayout(class_row)
        layout.addWidget(self.scope_unprinted)
        layout.addWidget(self.scope_all)
        layout.addLayout(form)
        layout.addWidget(self.to_printer)
        layout.addLayout(pdf_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _browse(self) -> None:
        target = file_dialogs.save_file(self, self.tr("Badges PDF"), "PDF (*.pdf)", Path(self.pdf_path.text()).name,
                                        kind="badges", event_file=self.store.path)
        if target:
            self.pdf_path.setText(str(target))
            self.to_pdf.setChecked(True)

    def chosen_visitors(self) -> list[str]:
        if self.scope_selected.isChecked():
            return select_visitors(self.store, visitor_ids=self.selected)
        if self.scope_class.isChecked():
            return select_visitors(self.store, visitor_class=self.class_box.currentData())
        if self.scope_unprinted.isChecked():
            return select_visitors(self.store, not_printed=True)
        if self.scope_all.isChecked():
            return select_visitors(self.store, everyone=True)
        return []  # no choice made yet

    def start(self) -> None:
        try:
            visitor_ids = self.chosen_visitors()
        except BatchError as error:
            self.status.setText(str(error))
            return
        if not visitor_ids:
            self.status.setText(self.tr("Nobody to print for this choice."))
            return
        if len(visitor_ids) > CONFIRM_ABOVE and QMessageBox.question(
                self, self.tr("Large batch"),
                self.tr("This batch has %1 badges. Start it?").replace("%1", f"{len(visitor_ids):,}"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        if self.to_pdf.isChecked():
            out = Path(self.pdf_path.text())
        else:
            out = self._temporary = Path(tempfile.mkdtemp(prefix="expo-badges-")) / "batch.pdf"
        event = self.store
        format_id, romanize = str(self.format_box.currentData()), self.romanize

        def work(progress: Any, cancel: Any) -> RenderedBatch:
            store = reopen(event)
            try:
                return render_batch(store, out, visitor_ids, format_id=format_id, romanize=romanize,
                                    progress=progress, cancel=cancel)
            finally:
                store.close()

        self.progress.setRange(0, len(visitor_ids))
        self.progress.setValue(0)
        self.status.setText(self.tr("Preparing %1 badges…").replace("%1", f"{len(visitor_ids):,}"))
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.task = run_task(work, owner=self, on_success=self._on_rendered, on_failure=self._on_failed,
                             on_cancelled=self._on_cancelled,
                             on_progress=lambda done, total: self.progress.setValue(done))

    def _on_rendered(self, batch: RenderedBatch) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self.progress.setValue(self.progress.maximum())
        if self.to_pdf.isChecked():
            log_batch(self.store, batch, f"PDF {batch.out.name}", "written_to_pdf")
            self.status.setText(self.tr("%1 badges written to %2.").replace("%1", f"{len(batch.badges):,}")
                                .replace("%2", str(batch.out)))
        else:
            self.status.setText(self.tr("Sending to the printer…"))
            outcome = self.printer.print_pdf(batch.out.read_bytes(), batch.page_size_mm)
            log_batch(self.store, batch, outcome.printer, outcome.result)
            if outcome.result == "printed" and outcome.file:
                self.status.setText(self.tr("%1 badges written to %2.").replace("%1", f"{len(batch.badges):,}")
                                    .replace("%2", outcome.file))
            elif outcome.result == "printed":
                self.status.setText(self.tr("%1 badges printed on %2.").replace("%1", f"{len(batch.badges):,}")
                                    .replace("%2", outcome.printer))
            else:
                self.status.setText(self.tr("Not printed: %1").replace("%1", outcome.message))
            self._remove_temporary()
        self.start_button.setEnabled(True)
        self.batch_done.emit(VisitorsChanged(reload=True))

    def _on_failed(self, error: Exception, details: str) -> None:
        self.task = None
        self._remove_temporary()
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(str(error))
        QMessageBox.warning(self, self.tr("Batch not printed"), str(error))

    def _on_cancelled(self) -> None:
        self.task = None
        self._remove_temporary()
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Cancelled: nothing was printed or written."))
        self.batch_done.emit(VisitorsChanged(reload=True))  # codes issued before the cancel stay issued

    def _remove_temporary(self) -> None:
        if self._temporary is not None:
            shutil.rmtree(self._temporary.parent, ignore_errors=True)
            self._temporary = None

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()
        super().done(result)
