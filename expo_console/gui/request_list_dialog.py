"""The import dialog every request list shares (consultation wishes, studio and photo bookings):
the file read, its columns mapped (shown and editable), every row previewed with what it gives
and its problems, each unknown name with the closest names of the event; then Import. The preview
is the dry run: it reads the event and writes nothing, and it runs again on the worker whenever
the mapping changes.

A list's dialog subclasses `RequestListDialog` and says what is its own: the title, the fields and
their labels, how the shapes read, the preview's summary, and the three calls (read the file,
preview, import) run on the worker. The base's own words are translated in the context
"RequestListDialog" (QCoreApplication.translate), so that they read the same in every subclass.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.gui.hub import Hub
from expo_console.gui.labels import class_label, error_text, translated_message
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.registration.import_steps import HeaderRowPicker, free_other_columns
from expo_console.gui.role_view import permit
from expo_console.gui.workers import Task, run_task
from expo_console.services.importing.request_lists import (
    HEADER_SEARCH_ROWS,
    ListHeaderNotFound,
    ListImportReport,
    ListPlan,
    ListPreview,
    RowIssue,
    RowPreview,
)
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen

COL_ROW, COL_WHO, COL_REQUESTS, COL_PROBLEMS = range(4)
_SKIPPED = QColor("#f8d7da")  # the row gives nothing: its problems cost it whole
_PARTLY = QColor("#fff4ce")  # the row gives something, but not all it asks
_PREVIEW_DELAY_MS = 250  # a burst of mapping changes previews once


def issue_text(issue: RowIssue) -> str:
    params = tuple((name, class_label(value) if name == "visitor_class" else value) for name, value in issue.all_params)
    return translated_message(issue.code, params)


class RequestRowsModel(QAbstractTableModel):
    """The rows of the list as the import reads them: the row number the file gives, who the
    row is about, how many requests it gives, and its problems with the closest names."""

    def __init__(self, parent: Any = None, who: str = "", gives: str = "") -> None:
        super().__init__(parent)
        self.who = who or self.tr("Buyer or exhibitor")
        self.gives = gives or self.tr("Requests")
        self._rows: list[RowPreview] = []
        self._texts: list[str] = []

    def set_rows(self, rows: list[RowPreview]) -> None:
        self.beginResetModel()
        self._rows = rows
        self._texts = ["\n".join(issue_text(p) for p in row.problems) for row in rows]
        self.endResetModel()

    def row_preview(self, row: int) -> RowPreview:
        return self._rows[row]

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("Row"), self.who, self.gives, self.tr("Problems"))[section]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (str(row.row), row.who, str(row.requests), self._texts[index.row()])[column]
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_PROBLEMS and row.problems:
            return self._texts[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole and row.problems:
            return _PARTLY if row.requests else _SKIPPED
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_ROW, COL_REQUESTS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None


class RequestListDialog(QDialog):
    """A request list's import; subclasses fill in what is their own (see the module's docstring)."""

    finished_import = Signal()  # an import ended (its change went to the hub)
    object_name = "requestImportDialog"
    import_object_name = "runRequestImport"
    preview_object_name = "requestPreview"

    def __init__(self, store: EventStore, hub: Hub, source: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(self.object_name)
        self.setWindowTitle(self.title())
        self.resize(1100, 700)
        self.store, self.hub, self.source = store, hub, source
        self.plan: ListPlan | None = None
        self.preview: Any = None  # the list's ListPreview
        self.report: ListImportReport[Any] | None = None
        self.task: Task | None = None  # reading, previewing or importing
        self._generation = 0  # previews answered for an older mapping are dropped
        self._header_note = ""  # said while the header row is one nobody recognised
        self._preview_timer = QTimer(self, singleShot=True, interval=_PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._start_preview)
        self._build()
        self._read_file()

    # -- what each list says for itself -----------------------------------------------------------

    def title(self) -> str:
        raise NotImplementedError

    def fields(self) -> tuple[str, ...]:
        raise NotImplementedError

    def field_label(self, field: str) -> str:
        raise NotImplementedError

    def shape_names(self) -> dict[str, str]:
        """How each shape the list's columns can read is said ('one request per row' …)."""
        return {}

    def who_header(self) -> str:
        """The preview's second column: who a row is about ('' for the model's own word)."""
        return ""

    def gives_header(self) -> str:
        """The preview's third column: how many requests a row gives ('' for the model's own word)."""
        return ""

    def no_header_note(self) -> str:
        return QCoreApplication.translate(
            "RequestListDialog",
            "No header row of a request list was recognised. Choose the header row above, then map the columns.")

    def summary_text(self, preview: Any) -> str:
        raise NotImplementedError

    def read_plan(self, source: Path) -> ListPlan:
        """On the worker: the file read and mapped."""
        raise NotImplementedError

    def preview_plan(self, store: EventStore, plan: ListPlan, progress: ProgressCallback,
                     cancel: CancelFlag) -> ListPreview:
        raise NotImplementedError

    def import_plan(self, store: EventStore, plan: ListPlan, progress: ProgressCallback,
                    cancel: CancelFlag) -> tuple[ListImportReport[Any], Any]:
        """On the worker: the import, with the change it made (the op broadcasts it)."""
        raise NotImplementedError

    # -- the dialog -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.file_label = QLabel(QCoreApplication.translate("RequestListDialog", "File: %1").replace(
            "%1", self.source.name))
        self.header_picker = HeaderRowPicker()
        self.header_picker.row_chosen.connect(self._on_header_row_chosen)
        self.mapping_box = QGroupBox(QCoreApplication.translate("RequestListDialog", "Columns (check and correct)"))
        self.mapping_form = QFormLayout(self.mapping_box)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.mapping_box)
        scroll.setMinimumWidth(360)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the boxes narrow instead
        self.combos: dict[int, QComboBox] = {}
        self.shape_label = QLabel()
        self.shape_label.setObjectName("requestShape")
        self.shape_label.setWordWrap(True)
        self.model = RequestRowsModel(self, self.who_header(), self.gives_header())
        self.table = QTableView()
        self.table.setObjectName(self.preview_object_name)
        self.table.setModel(self.model)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, mode in ((COL_ROW, QHeaderView.ResizeMode.ResizeToContents),
                             (COL_WHO, QHeaderView.ResizeMode.Interactive),
                             (COL_REQUESTS, QHeaderView.ResizeMode.ResizeToContents),
                             (COL_PROBLEMS, QHeaderView.ResizeMode.Stretch)):
            header.setSectionResizeMode(column, mode)
        header.resizeSection(COL_WHO, 220)
        self.problems_only = QCheckBox(QCoreApplication.translate("RequestListDialog", "Only rows with problems"))
        self.problems_only.toggled.connect(self._show_rows)
        self.summary = QLabel()
        self.summary.setObjectName("requestSummary")
        self.summary.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.import_button = QPushButton(QCoreApplication.translate("RequestListDialog", "Import"))
        self.import_button.setObjectName(self.import_object_name)
        self.import_button.clicked.connect(self._start_import)
        self.cancel_button = QPushButton(QCoreApplication.translate("RequestListDialog", "Cancel import"))
        self.cancel_button.clicked.connect(self._cancel)
        self.cancel_button.setEnabled(False)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        right = QVBoxLayout()
        right.addWidget(self.shape_label)
        right.addWidget(self.table, 1)
        right.addWidget(self.problems_only)
        top = QHBoxLayout()
        top.addWidget(scroll, 1)
        top.addLayout(right, 3)
        actions = QHBoxLayout()
        for button in (self.import_button, self.cancel_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(close)
        layout = QVBoxLayout(self)
        for part in (self.file_label, self.header_picker, top, self.summary, self.progress, self.status, actions):
            if isinstance(part, QHBoxLayout):
                layout.addLayout(part, 1 if part is top else 0)
            else:
                layout.addWidget(part)
        self._set_busy(True)

    # -- reading and mapping ---------------------------------------------------------------------

    def _read_file(self) -> None:
        self.status.setText(QCoreApplication.translate("RequestListDialog", "Reading the file…"))
        self.progress.setRange(0, 0)
        source, read = self.source, self.read_plan
        self.task = run_task(lambda progress, cancel: read(source), owner=self,
                             on_success=self._on_plan_ready, on_failure=self._on_failed)

    def _on_plan_ready(self, plan: ListPlan, found: bool = True) -> None:
        self.task = None
        self.plan = plan
        self._fill_mapping(plan)
        self._set_busy(False)
        self._header_note = "" if found else self.no_header_note()
        self._on_mapping_changed()

    def _fill_mapping(self, plan: ListPlan) -> None:
        self.header_picker.set_rows(plan.sheet.numbers[:HEADER_SEARCH_ROWS],
                                    plan.sheet.rows[:HEADER_SEARCH_ROWS], plan.header_row_number)
        while self.mapping_form.rowCount():
            self.mapping_form.removeRow(0)
        self.combos = {}
        for index in range(len(plan.headers)):
            combo = QComboBox()
            combo.setObjectName(f"requestColumn{index}")
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(16)
            combo.addItem(QCoreApplication.translate("RequestListDialog", "— ignore —"), "")
            for field in self.fields():
                combo.addItem(self.field_label(field), field)
            combo.setCurrentIndex(max(0, combo.findData(plan.mapping.get(index, ""))))
            combo.currentIndexChanged.connect(lambda _choice, index=index: self._on_column_mapped(index))
            self.combos[index] = combo
            self.mapping_form.addRow(plan.header_text(index), combo)

    def current_mapping(self) -> dict[int, str]:
        return {i: combo.currentData() for i, combo in self.combos.items() if combo.currentData()}

    def map_column(self, index: int, field: str) -> None:
        """As a person choosing a field in a column's box."""
        combo = self.combos[index]
        combo.setCurrentIndex(max(0, combo.findData(field)))

    def _on_header_row_chosen(self, row_number: int) -> None:
        if self.plan is None or self.task is not None:
            return
        self.plan = self.plan.with_header_row(row_number)
        self._fill_mapping(self.plan)
        self._on_mapping_changed()

    def _on_column_mapped(self, index: int) -> None:
        """A field goes to one column: choosing it here frees the column that had it."""
        free_other_columns(self.combos, index)
        self._on_mapping_changed()

    def _on_mapping_changed(self) -> None:
        if self.plan is None:
            return
        self.plan = self.plan.with_mapping(self.current_mapping())
        shapes = self.shape_names()
        if self.plan.shapes and shapes:
            self.shape_label.setText(QCoreApplication.translate("RequestListDialog", "Read as: %1.").replace(
                "%1", "; ".join(shapes[s] for s in self.plan.shapes)))
        else:
            self.shape_label.setText("")
        self.preview = None
        self._update_buttons()
        if self.plan.missing:
            self.model.set_rows([])
            self.summary.setText("")
            missing = translated_message(self.plan.missing, (("file", self.plan.path.name),))
            self.status.setText(f"{self._header_note} {missing}".strip())
            return
        self.status.setText(QCoreApplication.translate("RequestListDialog", "Checking the rows against the event…"))
        self._preview_timer.start()

    # -- the preview (the dry run) ---------------------------------------------------------------

    def _start_preview(self) -> None:
        if self.plan is None or self.plan.missing:
            return
        if self.task is not None:  # a preview of an older mapping: stop it, preview again after
            self.task.cancel()
            self._preview_timer.start()
            return
        self._generation += 1
        generation, plan = self._generation, self.plan
        work = _on_own_connection(self.store, self.preview_plan, plan)
        self.progress.setRange(0, max(1, len(plan.data_rows)))
        self.task = run_task(work, owner=self, on_success=lambda p: self._on_preview(p, generation),
                             on_failure=self._on_failed, on_progress=self._on_progress,
                             on_cancelled=lambda: setattr(self, "task", None))

    def _on_preview(self, preview: ListPreview, generation: int) -> None:
        self.task = None
        if generation != self._generation or preview.cancelled:
            return
        self.preview = preview
        self.progress.setValue(self.progress.maximum())
        self._show_rows()
        self.summary.setText(self._summary(preview))
        self.status.setText(QCoreApplication.translate("RequestListDialog", "Nothing is stored until you press Import."))
        self._update_buttons()

    def _summary(self, preview: ListPreview) -> str:
        text = self.summary_text(preview)
        if preview.stopped_at is not None or len(preview.problems) < preview.problems_total:
            text += " " + "\n".join(issue_text(p) for p in preview.problems if p.code == "requests_nothing_found")
        return text

    def _show_rows(self) -> None:
        rows = self.preview.rows if self.preview is not None else []
        if self.problems_only.isChecked():
            rows = [r for r in rows if r.problems]
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()

    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(1, total))
        self.progress.setValue(done)

    # -- the import ------------------------------------------------------------------------------

    def _start_import(self) -> None:
        if self.plan is None or self.preview is None:
            return
        work = _on_own_connection(self.store, self.import_plan, self.plan)
        self._preview_timer.stop()
        self._set_busy(True)
        self.cancel_button.setEnabled(True)
        self.status.setText(QCoreApplication.translate("RequestListDialog", "Importing…"))
        # the op broadcasts the import's change, even when this dialog is closed before it ends
        self.task = (BackgroundOp(self, self.hub, work).on_success(self._on_imported)
                     .on_failure(self._on_failed).on_progress(self._on_progress).run())

    def _on_imported(self, result: Any) -> None:
        report, _change = result
        self.task = None
        self.report = report
        self.preview = report.preview
        self._set_busy(False)
        self.cancel_button.setEnabled(False)
        self._show_rows()
        self.summary.setText(self._summary(report.preview))
        if report.cancelled:
            self.status.setText(QCoreApplication.translate(
                "RequestListDialog", "Cancelled: %1 requests stored before the cancel.").replace(
                "%1", f"{report.written:,}"))
        else:
            self.status.setText(QCoreApplication.translate("RequestListDialog", "Imported: %1 requests stored.")
                                .replace("%1", f"{report.written:,}"))
        self.import_button.setEnabled(False)  # the same list again would change nothing
        self.finished_import.emit()

    def _cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.status.setText(QCoreApplication.translate("RequestListDialog", "Cancelling…"))

    def _on_failed(self, error: Exception, details: str) -> None:
        if isinstance(error, ListHeaderNotFound) and self.plan is None:
            self._on_plan_ready(error.plan, found=False)  # never a dead end: the person chooses
            return
        self.task = None
        self._set_busy(False)
        self.cancel_button.setEnabled(False)
        self.progress.setRange(0, 1)
        self.status.setText(error_text(error))

    def _set_busy(self, busy: bool) -> None:
        self.mapping_box.setEnabled(not busy)
        self.header_picker.setEnabled(not busy and self.plan is not None)
        self._update_buttons(busy)

    def _update_buttons(self, busy: bool = False) -> None:
        ready = not busy and self.plan is not None and not self.plan.missing and self.preview is not None
        self.import_button.setEnabled(ready and self.report is None)
        permit(self.import_button, self.store, Action.PLAN_MEETINGS)

    def done(self, result: int) -> None:
        self._preview_timer.stop()
        if self.task is not None:
            self.task.cancel()
        super().done(result)


def _on_own_connection(event: EventStore, call: Callable[..., Any], plan: ListPlan) -> Callable[[Any, Any], Any]:
    """Work for the worker: `call(store, plan, progress, cancel)` on a connection of its own."""

    def work(progress: Any, cancel: Any) -> Any:
        store = reopen(event)
        try:
            return call(store, plan, progress, cancel)
        finally:
            store.close()

    return work


def count_text(template: str, counts: dict[str, int]) -> str:
    """A summary template with %1, %2 … filled from `counts` in order, with thousands separators."""
    for n, value in enumerate(counts.values(), start=1):
        template = template.replace(f"%{n}", f"{value:,}")
    return template
