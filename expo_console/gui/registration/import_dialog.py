"""Import pre-registered visitors: read the file, confirm the header row and the column mapping,
confirm the class of each value of the class column (import_steps.py), preview, dry run, import
with a progress bar and cancel, then show the report with row numbers. A file whose header was
not recognised is mapped by hand (choose the header row, then the columns); a source imported
before opens with the mapping remembered for it.

Reading and importing run in the worker helper, each with its own database connection, so
100,000 rows never freeze the window.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expo_console.gui import file_dialogs
from expo_console.gui.hub import Hub
from expo_console.gui.labels import field_label, translated_message
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.registration.import_steps import (
    ClassValuesStep,
    HeaderRowPicker,
    free_other_columns,
)
from expo_console.gui.workers import Task, run_task
from expo_console.services.importing.class_values import DEFAULT, PROPOSED, class_values
from expo_console.services.importing.headers import (
    CONSENT_UNKNOWN,
    HEADER_SEARCH_ROWS,
    IMPORT_FIELDS,
    duplicate_headers,
)
from expo_console.services.importing.importer import (
    ImportPlan,
    ImportReport,
    RowIssue,
    plan_import,
    run_import,
)
from expo_console.services.importing.mappings import apply_remembered, find_remembered_header
from expo_console.services.importing.plan import HeaderNotFound
from expo_console.services.importing.sniff import ImportFileError
from expo_console.services.messages import MESSAGES
from expo_console.services.store import EventStore, reopen

PREVIEW_ROWS = 20


class PreviewModel(QAbstractTableModel):
    """The first rows of the file as they will be imported under the chosen mapping, each
    numbered as the file numbers it (Excel's row number), as the report names rows."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._fields: list[str] = []
        self._rows: list[dict[str, str]] = []
        self._numbers: list[int] = []

    def set_preview(self, fields: list[str], rows: list[dict[str, str]], numbers: list[int]) -> None:
        self.beginResetModel()
        self._fields, self._rows, self._numbers = fields, rows, numbers
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._fields)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return field_label(self._fields[section])
        return str(self._numbers[section])

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self._rows[index.row()].get(self._fields[index.column()], "")
        return None


class ImportDialog(QDialog):
    finished_import = Signal()  # an import (not a dry run) ended; the hub has its change

    def __init__(self, store: EventStore, hub: Hub, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Import pre-registered visitors"))
        self.resize(960, 720)
        self.store = store
        self.source = source
        self.plan: ImportPlan | None = None
        self.hub = hub
        self.task: Task | None = None
        self.report: ImportReport | None = None
        self._build()
        self._read_file()

    def _build(self) -> None:
        self.file_label = QLabel(self.tr("File: %1").replace("%1", self.source.name))
        self.header_picker = HeaderRowPicker()
        self.header_picker.row_chosen.connect(self._on_header_row_chosen)
        self.mapping_box = QGroupBox(self.tr("Columns (check and correct the mapping)"))
        self.mapping_form = QFormLayout(self.mapping_box)
        mapping_scroll = QScrollArea()
        mapping_scroll.setWidgetResizable(True)
        mapping_scroll.setWidget(self.mapping_box)
        self.combos: dict[int, QComboBox] = {}
        self.preview = PreviewModel(self)
        preview_view = QTableView()
        preview_view.setModel(self.preview)
        preview_view.setObjectName("importPreview")
        self.class_step = ClassValuesStep()
        self.class_step.model.choices_changed.connect(self._on_classes_changed)
        self.steps = QTabWidget()
        self.steps.setObjectName("importSteps")
        self.steps.addTab(preview_view, self.tr("Preview"))
        self.steps.addTab(self.class_step, self.tr("Class values"))
        self.progress = QProgressBar()
        self.progress.setObjectName("importProgress")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.report_view = QPlainTextEdit()
        self.report_view.setReadOnly(True)
        self.report_view.setObjectName("importReport")
        self.report_view.setMaximumHeight(180)

        self.dry_run_button = QPushButton(self.tr("Check only (dry run)"))
        self.import_button = QPushButton(self.tr("Import"))
        self.import_button.setObjectName("runImport")
        self.cancel_button = QPushButton(self.tr("Cancel import"))
        self.save_report_button = QPushButton(self.tr("Save report…"))
        self.dry_run_button.clicked.connect(lambda: self._start(dry_run=True))
        self.import_button.clicked.connect(lambda: self._start(dry_run=False))
        self.cancel_button.clicked.connect(self._cancel)
        self.save_report_button.clicked.connect(self._save_report)
        self.cancel_button.setEnabled(False)
        self.save_report_button.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        actions = QHBoxLayout()
        for button in (self.dry_run_button, self.import_button, self.cancel_button, self.save_report_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(close)

        top = QHBoxLayout()
        top.addWidget(mapping_scroll, 1)
        top.addWidget(self.steps, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.file_label)
        layout.addWidget(self.header_picker)
        layout.addLayout(top, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.report_view)
        layout.addLayout(actions)
        self._set_busy(True)

    # -- reading --------------------------------------------------------------------------------

    def _read_file(self) -> None:
        self.status.setText(self.tr("Reading the file…"))
        self.progress.setRange(0, 0)
        source = self.source
        self.task = run_task(lambda progress, cancel: plan_import(source), owner=self,
                             on_success=self._on_plan_ready, on_failure=self._on_failed)

    def _on_plan_ready(self, plan: ImportPlan, found: bool = True) -> None:
        self.task = None
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        plan, remembered = apply_remembered(self.store, plan) if found else (plan, False)
        self.plan = plan
        self._fill_mapping(plan)
        notes = {"named_xlsx_but_text": self.tr("Note: the file is named .xlsx but contains text (CSV); it is read as CSV."),
                 "web_table": self.tr("Note: the file is a web page (HTML table) saved under a spreadsheet name; its table is read.")}
        status = self.tr("%1 data rows found from row %2.").replace("%1", f"{len(plan.data_rows):,}") \
            .replace("%2", str(plan.first_row_number))
        if remembered:
            status += " " + self.tr("The mapping remembered from an earlier import of this source is used; check it.")
        self.status.setText(status + (" " + notes[plan.kind.note] if plan.kind.note in notes else ""))
        self._on_mapping_changed()
        if not found:
            self.status.setText(self.tr("No header row was recognised. Choose the header row above, then map the "
                                        "columns by hand."))
        if any(value.how in (PROPOSED, DEFAULT) for value in class_values(self.plan)):
            self.steps.setCurrentWidget(self.class_step)  # proposals to confirm come first
        self._set_busy(False)

    def _fill_mapping(self, plan: ImportPlan) -> None:
        """One row per column of the header, with the field it is mapped to (again when the
        header row changes)."""
        self.header_picker.set_rows(plan.sheet.numbers[:HEADER_SEARCH_ROWS], plan.rows[:HEADER_SEARCH_ROWS],
                                    plan.header_row_number)
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = {}
        repeated = {i for columns in duplicate_headers(plan.headers).values() for i in columns}
        for index, header in enumerate(plan.headers):
            combo = QComboBox()
            combo.addItem(self.tr("— ignore —"), "")
            for field in IMPORT_FIELDS:
                combo.addItem(field_label(field), field)
            if plan.mapping.get(index) == CONSENT_UNKNOWN:  # offered only where it is the question
                combo.addItem(field_label(CONSENT_UNKNOWN), CONSENT_UNKNOWN)
            combo.setCurrentIndex(max(0, combo.findData(plan.mapping.get(index, ""))))
            combo.currentIndexChanged.connect(lambda _choice, index=index: self._on_column_mapped(index))
            self.combos[index] = combo
            column = self.tr("(column %1)").replace("%1", str(index + 1))
            # Two columns both headed 성명 are told apart by their number, as the warning names them.
            label = f"{header} {column}" if header and index in repeated else header or column
            self.mapping_form.addRow(label, combo)

    def _on_header_row_chosen(self, row_number: int) -> None:
        if self.plan is None or self.task is not None:
            return
        plan = self.plan.with_header_row(row_number)
        self.plan, _remembered = apply_remembered(self.store, plan)
        self._fill_mapping(self.plan)
        self.status.setText(self.tr("Row %1 is the header: %2 data rows.").replace("%1", str(row_number))
                            .replace("%2", f"{len(self.plan.data_rows):,}"))
        self._on_mapping_changed()

    def current_mapping(self) -> dict[int, str]:
        return {i: c.currentData() for i, c in self.combos.items() if c.currentData()}

    def _on_column_mapped(self, index: int) -> None:
        """A field goes to one column: choosing it here (the second 성명, say) frees the other."""
        free_other_columns(self.combos, index, shared=(CONSENT_UNKNOWN,))
        self._on_mapping_changed()

    def _on_mapping_changed(self) -> None:
        if self.plan is None:
            return
        mapping = self.current_mapping()
        self.plan = self.plan.with_mapping(mapping)
        fields = [mapping[i] for i in sorted(mapping)]
        self.preview.set_preview(fields, self.plan.preview(PREVIEW_ROWS), self.plan.data_row_numbers[:PREVIEW_ROWS])
        self._show_issues(self.plan.row_errors(), self.plan.warnings(), none_found="")
        values = class_values(self.plan)
        self.class_step.set_values(values)
        self.steps.setTabText(1, self.tr("Class values (%1)").replace("%1", str(len(values))))
        has_name = bool({"name", "name_en"} & set(fields))
        questions = self.plan.consent_questions()
        self.import_button.setEnabled(self._ready() and self.task is None)
        self.dry_run_button.setEnabled(self._ready() and self.task is None)
        if not has_name:
            self.status.setText(self.tr("Choose which column holds the name."))
        elif questions:
            # The law leaves no room for a guess: the operator says which consent it is.
            self.status.setText(self.tr("Column %1 asks for a consent without saying which. Choose its purpose "
                                        "(collection and use, third parties or marketing), or ignore it.")
                                .replace("%1", ", ".join(str(i + 1) for i in questions)))

    def _ready(self) -> bool:
        """A name column, and no consent whose purpose is still a question."""
        if self.plan is None:
            return False
        return bool({"name", "name_en"} & set(self.plan.mapping.values())) and not self.plan.consent_questions()

    def _on_classes_changed(self) -> None:
        if self.plan is not None:
            self.plan = self.plan.with_classes(self.class_step.model.choices())

    # -- running --------------------------------------------------------------------------------

    def _start(self, dry_run: bool) -> None:
        assert self.plan is not None
        # Importing confirms the value step: every value's class, proposed or chosen, is the
        # operator's and is remembered with the mapping.
        self.plan = self.plan.with_classes(self.class_step.model.choices())
        plan, event = self.plan, self.store

        def work(progress: Any, cancel: Any) -> Any:
            store = reopen(event)
            try:
                return run_import(store, plan, dry_run=dry_run, progress=progress, cancel=cancel)
            finally:
                store.close()

        self.progress.setRange(0, max(1, len(plan.data_rows)))
        self.progress.setValue(0)
        self.status.setText(self.tr("Checking…") if dry_run else self.tr("Importing…"))
        self._set_busy(True)
        self.cancel_button.setEnabled(True)
        # The op broadcasts the import's change (rows before a cancel were stored too), even if
        # this dialog is closed before the import ends.
        self.task = (BackgroundOp(self, self.hub, work).on_success(self._on_import_done)
                     .on_failure(self._on_failed).on_progress(self._on_progress).run())

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText(self.tr("Cancelling…"))

    def _on_import_done(self, result: Any) -> None:
        report, _change = result
        self.task = None
        self.report = report
        self._set_busy(False)
        self.cancel_button.setEnabled(False)
        self.save_report_button.setEnabled(True)
        self.progress.setValue(self.progress.maximum())
        summary = self.tr("New: %1 · Updated: %2 · Unchanged: %3 · Skipped: %4")
        for key, value in (("%1", report.imported), ("%2", report.updated), ("%3", report.unchanged),
                           ("%4", report.skipped)):
            summary = summary.replace(key, f"{value:,}")
        if report.dry_run:
            summary = self.tr("Dry run, nothing stored.") + " " + summary
        if report.cancelled:
            summary = self.tr("Cancelled. Rows before the cancel were stored.") + " " + summary
        for run in report.completed_interrupted:
            summary += " " + self.tr("This completed the import of this file interrupted at row %1.").replace(
                "%1", f"{run.rows_done:,}")
        if report.interrupted_file_changed:
            summary += " " + self.tr("The file has changed since an import of it was interrupted: that import is "
                                     "still shown as interrupted.")
        self.status.setText(summary)
        self._show_issues(report.errors, report.warnings, none_found=self.tr("No problems found."))
        if not report.dry_run:
            self.finished_import.emit()

    def _show_issues(self, errors: list[RowIssue], warnings: list[RowIssue], none_found: str) -> None:
        """Before an import, what reading the file found (rows skipped, duplicate headers); after
        it, the whole report."""
        lines = [self.tr("Row %1: %2").replace("%1", str(e.row)).replace("%2", translated_message(e.code, e.params))
                 for e in errors]
        lines += [self.tr("Row %1 (warning): %2").replace("%1", str(w.row)).replace("%2", translated_message(w.code, w.params))
                  for w in warnings]
        self.report_view.setPlainText("\n".join(lines) if lines else none_found)

    def _on_failed(self, error: Exception, details: str) -> None:
        if isinstance(error, HeaderNotFound) and self.plan is None:
            # Never a dead end: a header row chosen by hand for this source before is taken
            # again; otherwise the operator chooses it, with the file's first rows to look at.
            remembered = find_remembered_header(self.store, error.plan)
            self._on_plan_ready(remembered or error.plan, found=remembered is not None)
            return
        self.task = None
        self._set_busy(False)
        self.progress.setRange(0, 1)
        self.cancel_button.setEnabled(False)
        if isinstance(error, ImportFileError):
            # Refusals written for the window are translated; the older ones are English only.
            self.status.setText(translated_message(error.code, error.params) if error.code in MESSAGES else str(error))
        else:
            self.status.setText(self.tr("The import failed: %1. Nothing after the last saved batch was stored.")
                                .replace("%1", str(error)))
            self.report_view.setPlainText(details)

    def _set_busy(self, busy: bool) -> None:
        for button in (self.dry_run_button, self.import_button):
            button.setEnabled(not busy and self._ready())
        self.mapping_box.setEnabled(not busy)
        self.header_picker.setEnabled(not busy and self.plan is not None)
        self.class_step.setEnabled(not busy)

    def _save_report(self) -> None:
        if self.report is None:
            return
        target = file_dialogs.save_file(self, self.tr("Save report"), "CSV (*.csv)",
                                        self.source.with_suffix(".report.csv").name, kind="import-report",
                                        event_file=self.store.path, folder=self.source.parent)
        if not target:
            return
        with open(target, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["row", "kind", "reason"])
            for issue in self.report.errors:
                writer.writerow([issue.row, "error", issue.reason])
            for issue in self.report.warnings:
                writer.writerow([issue.row, "warning", issue.reason])

    def done(self, result: int) -> None:
        if self.task is not None:
            self.task.cancel()
        super().done(result)
