"""Batch badge printing: the night before, or a whole class at once.

To a printer, the badges go to the print system a chunk per job from the worker helper (progress,
cancel after the job in flight), so memory stays flat whatever the batch; the list shows every
badge of the batch and what became of it as the desk printer follows the jobs. A badge counts as
printed only when its job completed; where jobs cannot be followed, the operator confirms what
came out. As a PDF file, the batch is written on the worker and logged as written to that file.
"""

from __future__ import annotations

from collections import deque
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.visitors import VisitorClass
from expo_console.gui import file_dialogs
from expo_console.gui.badges.batch_jobs_model import (
    COL_NAME,
    COL_STATE,
    FAILED,
    NOT_SENT,
    PRINTED,
    SENT,
    BatchJobsModel,
)
from expo_console.gui.badges.desk_printer import DeskPrinter, how_to_add_a_printer
from expo_console.gui.badges.printer_chooser import printer_box
from expo_console.gui.labels import class_label
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.workers import Task
from expo_console.services.badge_print.batch import (
    CHANGE_IF_CANCELLED,
    BatchError,
    BatchResult,
    select_visitors,
    write_badges_pdf,
)
from expo_console.services.badge_print.print_jobs import BadgeOutcome, send_badges
from expo_console.services.badge_print.templates import available_formats, load_template
from expo_console.services.changes import VisitorsChanged
from expo_console.services.registration.visitors import get_visitor
from expo_console.services.store import EventStore, reopen

CONFIRM_ABOVE = 50  # badges: a bigger batch is started only once the operator confirms it
DRAIN_MS = 250  # how often badges queued on the worker are put in the list


class BatchPrintDialog(QDialog):
    batch_done = Signal()  # the batch is over (every job ended, or confirmable); the hub has its changes

    def __init__(self, store: EventStore, printer: DeskPrinter, format_id: str, selected: list[str],
                 romanize: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("batchPrintDialog")
        self.setWindowTitle(self.tr("Print badges in a batch"))
        self.store, self.desk, self.selected, self.romanize = store, printer, selected, romanize
        self.task: Task | None = None
        self._queued: deque[BadgeOutcome] = deque()  # filled on the worker, emptied on this thread
        self._sending = self._over = self._cancelled = False
        self._printer = ""

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

        printers = printer.printers()
        self.to_printer = QRadioButton(self.tr("Printer:"))
        self.printer_box = printer_box(printer, printers)
        self.printer_box.activated.connect(lambda _index: self.to_printer.setChecked(True))
        self.no_printer = QLabel(how_to_add_a_printer())
        self.no_printer.setObjectName("noPrinter")
        self.no_printer.setWordWrap(True)
        self.no_printer.setVisible(not printers)
        self.to_pdf = QRadioButton(self.tr("Save as a PDF file:"))
        self.pdf_path = QLineEdit(str(file_dialogs.suggested_path("badges", "badges.pdf", event_file=store.path)))
        self.browse_button = QPushButton(self.tr("Browse…"))
        self.browse_button.clicked.connect(self._browse)
        # No printer set up: the choice is greyed out, with why; saving a PDF is what is offered.
        self.to_printer.setEnabled(bool(printers))
        self.printer_box.setEnabled(bool(printers))
        (self.to_printer if printers else self.to_pdf).setChecked(True)

        self.model = BatchJobsModel(printer.follows_jobs, self)
        self.list = QTableView()
        self.list.setObjectName("batchJobs")
        self.list.setModel(self.model)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.verticalHeader().hide()
        self.list.horizontalHeader().setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.ResizeToContents)
        self.list.horizontalHeader().setSectionResizeMode(COL_STATE, QHeaderView.ResizeMode.Stretch)
        self.progress = QProgressBar()
        self.status = QLabel()
        self.status.setObjectName("batchStatus")
        self.status.setWordWrap(True)
        self.start_button = QPushButton(self.tr("Start"))
        self.start_button.setObjectName("startBatch")
        self.start_button.clicked.connect(self.start)
        self.start_button.setEnabled(bool(selected))
        self.cancel_button = QPushButton(self.tr("Cancel batch"))
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(lambda: self.task.cancel() if self.task else None)
        self.confirm_button = QPushButton(self.tr("Confirm printed"))
        self.confirm_button.setObjectName("confirmBatchPrinted")
        self.confirm_button.setToolTip(self.tr("This printer cannot say when a job is done: confirm once "
                                               "every sent badge has come out."))
        self.confirm_button.clicked.connect(self.confirm_printed)
        self.confirm_button.setVisible(not printer.follows_jobs)
        self.confirm_button.setEnabled(False)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.reject)
        self._drain_timer = QTimer(self)
        self._drain_timer.setInterval(DRAIN_MS)
        self._drain_timer.timeout.connect(self._drain)
        printer.jobs_ended.connect(self._on_jobs_ended)
        self._lay_out(close)

    def _lay_out(self, close: QPushButton) -> None:
        class_row = QHBoxLayout()
        class_row.addWidget(self.scope_class)
        class_row.addWidget(self.class_box, 1)
        printer_row = QHBoxLayout()
        printer_row.addWidget(self.to_printer)
        printer_row.addWidget(self.printer_box, 1)
        pdf_row = QHBoxLayout()
        pdf_row.addWidget(self.to_pdf)
        pdf_row.addWidget(self.pdf_path, 1)
        pdf_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format_box)
        buttons = QHBoxLayout()
        buttons.addWidget(self.start_button)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.scope_selected)
        layout.addLayout(class_row)
        layout.addWidget(self.scope_unprinted)
        layout.addWidget(self.scope_all)
        layout.addLayout(form)
        layout.addLayout(printer_row)
        layout.addWidget(self.no_printer)
        layout.addLayout(pdf_row)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.list, 1)
        layout.addLayout(buttons)
        self.resize(760, 600)

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
        printer = self.printer_box.currentText() if self.printer_box.currentIndex() >= 0 else ""
        if self.to_printer.isChecked() and not printer:
            self.status.setText(self.tr("Choose the printer first."))
            return
        if len(visitor_ids) > CONFIRM_ABOVE and QMessageBox.question(
                self, self.tr("Large batch"),
                self.tr("This batch has %1 badges. Start it?").replace("%1", f"{len(visitor_ids):,}"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        self.progress.setRange(0, len(visitor_ids))
        self.progress.setValue(0)
        self.start_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.confirm_button.setEnabled(False)
        if self.to_pdf.isChecked():
            self._start_pdf(visitor_ids, Path(self.pdf_path.text()))
        else:
            self._start_printer(visitor_ids, printer)

    def _start_pdf(self, visitor_ids: list[str], out: Path) -> None:
        event, format_id, romanize = self.store, str(self.format_box.currentData()), self.romanize

        def work(progress: Any, cancel: Any) -> BatchResult:
            store = reopen(event)
            try:
                return write_badges_pdf(store, out, visitor_ids, format_id=format_id, romanize=romanize,
                                        progress=progress, cancel=cancel)
            finally:
                store.close()

        self.model.set_visitors([])
        self.status.setText(self.tr("Preparing %1 badges…").replace("%1", f"{len(visitor_ids):,}"))
        self.task = (BackgroundOp(self, self.desk.hub, work, if_cancelled=CHANGE_IF_CANCELLED)
                     .on_success(self._on_written).on_failure(self._on_failed).on_cancelled(self._on_cancelled)
                     .on_progress(lambda done, total: self.progress.setValue(done)).run())

    def _start_printer(self, visitor_ids: list[str], printer: str) -> None:
        self.desk.choose(printer)  # the printer a batch went to is this desk's from now on
        self._printer = printer
        event, system, queued = self.store, self.desk.system, self._queued
        format_id, romanize = str(self.format_box.currentData()), self.romanize

        def work(progress: Any, cancel: Any) -> tuple[list[BadgeOutcome], VisitorsChanged]:
            store = reopen(event)
            try:
                # on_outcome runs here, on the worker: a deque is safe to append to from one thread
                # and empty from another, and outlives the dialog if it is closed meanwhile.
                return send_badges(store, system, visitor_ids, printer=printer, format_id=format_id,
                                   romanize=romanize, progress=progress, cancel=cancel,
                                   on_outcome=queued.append)
            finally:
                store.close()

        self.model.set_visitors((v, self._name(v)) for v in visitor_ids)
        self.status.setText(self.tr("Sending %1 badges to %2…").replace("%1", f"{len(visitor_ids):,}")
                            .replace("%2", printer))
        self._sending, self._over, self._cancelled = True, False, False
        self._drain_timer.start()
        self.task = (BackgroundOp(self, self.desk.hub, work, if_cancelled=CHANGE_IF_CANCELLED)
                     .on_success(self._on_sent).on_failure(self._on_failed).on_cancelled(self._on_sent)
                     .on_progress(lambda done, total: self.progress.setValue(done)).run())

    def _name(self, visitor_id: str) -> str:
        visitor = get_visitor(self.store, visitor_id)
        return str(visitor.get("name") or visitor.get("name_en") or "")

    def _drain(self) -> None:
        outcomes = []
        while self._queued:
            outcomes.append(self._queued.popleft())
        if outcomes:
            self.model.apply(outcomes)
            self.desk.follow(o.job_id for o in outcomes if o.state == SENT)

    def _on_jobs_ended(self, outcomes: list[BadgeOutcome]) -> None:
        self.model.apply(outcomes)
        self._finish_if_over()

    def _on_sent(self, _outcomes: Any = None) -> None:
        self._cancelled = self.task is not None and self.task.cancel_flag.is_set
        self.task = None
        self._drain_timer.stop()
        self._drain()
        self._sending = False
        self.model.mark_not_sent()
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(True)
        counts = self.model.counts()
        went = counts[SENT] + counts[PRINTED] + counts[FAILED]
        if self._cancelled:
            self.status.setText(self.tr("Cancelled: %1 badges went to %2 before the cancel (listed below); the "
                                        "other %3 were not sent and stay unprinted.")
                                .replace("%1", f"{went:,}").replace("%2", self._printer)
                                .replace("%3", f"{counts[NOT_SENT]:,}"))
        elif counts[FAILED]:
            self.status.setText(self.tr("Not printed: %1 %2 badges were not sent.")
                                .replace("%1", self.model.first_reason()).replace("%2", f"{counts[NOT_SENT]:,}"))
        elif self.desk.follows_jobs:
            self.status.setText(self.tr("%1 badges sent to %2: waiting for the printer to finish them.")
                                .replace("%1", f"{went:,}").replace("%2", self._printer))
        else:
            self.status.setText(self.tr("%1 badges sent to %2. This printer cannot say when they are done: "
                                        "check that they came out, then confirm them as printed.")
                                .replace("%1", f"{went:,}").replace("%2", self._printer))
        self.confirm_button.setEnabled(counts[SENT] > 0)
        self._finish_if_over()

    def _finish_if_over(self) -> None:
        """The batch is over once it is sent and no job is left to hear from (or, where jobs
        cannot be followed, once it is sent: the operator confirms from there)."""
        if self._over or self._sending or self.task is not None:
            return
        counts = self.model.counts()
        if counts[SENT] and self.desk.follows_jobs:
            return
        self._over = True
        self.progress.setValue(self.progress.maximum())
        if self.desk.follows_jobs:
            summary = self.tr("Printed: %1 · not printed: %2 · not sent: %3").replace("%1", f"{counts[PRINTED]:,}") \
                .replace("%2", f"{counts[FAILED]:,}").replace("%3", f"{counts[NOT_SENT]:,}")
            if counts[FAILED]:
                summary += "\n" + self.tr("Not printed: %1").replace("%1", self.model.first_reason())
            self.status.setText((self.tr("Cancelled.") + " " if self._cancelled else "") + summary)
        self.batch_done.emit()

    def confirm_printed(self) -> None:
        """The operator saw the sent badges come out (a printer whose jobs cannot be followed)."""
        sent = self.model.visitor_ids(SENT)
        self.desk.confirm(sent)
        self.model.confirm(sent)
        self.confirm_button.setEnabled(False)
        self.status.setText(self.tr("%1 badges confirmed as printed.").replace("%1", f"{len(sent):,}"))
        self.batch_done.emit()

    def _on_written(self, result: BatchResult) -> None:
        self.task = None
        self.cancel_button.setEnabled(False)
        self.start_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        self.status.setText(self.tr("%1 badges written to %2.").replace("%1", f"{result.count:,}")
                            .replace("%2", str(result.out)))
        self.batch_done.emit()

    def _on_failed(self, error: Exception, details: str) -> None:
        self.task = None
        self._drain_timer.stop()
        self._drain()
        self._sending = False
        self.model.mark_not_sent()
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(str(error))
        QMessageBox.warning(self, self.tr("Batch not printed"), str(error))

    def _on_cancelled(self) -> None:
        self.task = None
        self.start_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Cancelled: nothing was written."))
        self.batch_done.emit()

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()
        super().done(result)
