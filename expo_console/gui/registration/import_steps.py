"""The import dialog's extra steps: which row is the header, and which class each value becomes.

Kept apart from import_dialog.py, which places them: the header-row picker (the way out when no
header was recognised, and a correction when the wrong row was), and the value step, where each
distinct value of the class column ('바이어 상담 신청', '해외 바이어 (Overseas buyer)') is listed
with the class proposed from its words for the operator to confirm or change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.visitors import VisitorClass
from expo_console.gui.labels import class_label
from expo_console.services.importing.class_values import CHOSEN, DEFAULT, EXACT, ClassValue

COL_VALUE, COL_ROWS, COL_CLASS = range(3)
CLASS_ROLE = Qt.ItemDataRole.UserRole + 1  # the class code of a value
_UNSURE = QColor("#fff4ce")  # a value nothing proposed a class for: look at it first
_CELLS_SHOWN = 4  # cells of a row shown in the header-row picker


class ClassValuesModel(QAbstractTableModel):
    """The class column's values, how many rows carry each, and the class each will become."""

    choices_changed = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._values: list[ClassValue] = []
        self._codes: list[str] = []
        self._touched: set[int] = set()

    def set_values(self, values: Sequence[ClassValue]) -> None:
        self.beginResetModel()
        self._values = list(values)
        self._codes = [value.class_code for value in values]
        self._touched = set()
        self.endResetModel()

    def choices(self) -> dict[str, str]:
        """Value → class code for every value: what the operator confirms by importing."""
        return {value.value: code for value, code in zip(self._values, self._codes, strict=True)}

    def row_of(self, text: str) -> int:
        return next((i for i, value in enumerate(self._values) if value.value == text), -1)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._values)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        return (self.tr("Value in the file"), self.tr("Rows"), self.tr("Class"))[section]

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == COL_CLASS else flags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        value, code = self._values[index.row()], self._codes[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (value.value, f"{value.rows:,}", class_label(code))[column]
        if role in (Qt.ItemDataRole.EditRole, CLASS_ROLE) and column == COL_CLASS:
            return code
        if role == Qt.ItemDataRole.ToolTipRole and column == COL_CLASS:
            return self._how(index.row(), value)
        if role == Qt.ItemDataRole.BackgroundRole and value.how == DEFAULT and index.row() not in self._touched:
            return _UNSURE
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_ROWS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _how(self, row: int, value: ClassValue) -> str:
        if row in self._touched or value.how == CHOSEN:
            return self.tr("Chosen")
        if value.how == EXACT:
            return self.tr("The value is a class name")
        if value.how == DEFAULT:
            return self.tr("No word in the value says a class: visitor unless you choose")
        return self.tr("Proposed from the words in the value")

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if not index.isValid() or index.column() != COL_CLASS or role != Qt.ItemDataRole.EditRole:
            return False
        if value not in {c.value for c in VisitorClass}:
            return False
        self._codes[index.row()] = str(value)
        self._touched.add(index.row())
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), COL_CLASS))
        self.choices_changed.emit()
        return True


class ClassDelegate(QStyledItemDelegate):
    """A combo box of the classes, by their labels, for the Class column."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QWidget:  # noqa: N802
        combo = QComboBox(parent)
        for visitor_class in VisitorClass:
            combo.addItem(class_label(visitor_class.value), visitor_class.value)
        # A choice is written at once: the preview and the summary follow it.
        combo.activated.connect(lambda _i, combo=combo: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(0, editor.findData(index.data(CLASS_ROLE))))

    def setModelData(self, editor: QWidget, model: Any, index: QModelIndex | QPersistentModelIndex) -> None:  # noqa: N802
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class ClassValuesStep(QWidget):
    """The value step: one line per value, the class shown as a combo box to change."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classValuesStep")
        self.model = ClassValuesModel(self)
        self.explanation = QLabel(self.tr("Each value of the class column becomes the class shown. Check "
                                          "the proposals and change any that are wrong; importing confirms them."))
        self.explanation.setWordWrap(True)
        self.view = QTableView()
        self.view.setObjectName("classValues")
        self.view.setModel(self.model)
        self.view.setItemDelegateForColumn(COL_CLASS, ClassDelegate(self.view))
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(COL_VALUE, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ROWS, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CLASS, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(COL_CLASS, 180)
        self.empty = QLabel(self.tr("No column is mapped to the class: everyone is imported as a visitor."))
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty)
        self.model.modelReset.connect(self._open_editors)

    def set_values(self, values: Sequence[ClassValue]) -> None:
        self.model.set_values(values)
        self.view.setVisible(bool(values))
        self.empty.setVisible(not values)

    def _open_editors(self) -> None:
        # Visible combo boxes: a value step is for looking down the column, not for discovering
        # that a cell can be double-clicked.
        for row in range(self.model.rowCount()):
            self.view.openPersistentEditor(self.model.index(row, COL_CLASS))


class HeaderRowPicker(QWidget):
    """Which row of the file is the header: found, or chosen by hand when none was."""

    row_chosen = Signal(int)  # a spreadsheet row number

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combo = QComboBox()
        self.combo.setObjectName("headerRow")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.combo.setMinimumContentsLength(40)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Header row:")))
        layout.addWidget(self.combo, 1)
        self.combo.activated.connect(lambda i: self.row_chosen.emit(int(self.combo.itemData(i))))

    def set_rows(self, numbers: Sequence[int], rows: Sequence[Sequence[str]], current: int) -> None:
        self.combo.blockSignals(True)
        self.combo.clear()
        for number, row in zip(numbers, rows, strict=False):
            cells = [cell.strip() for cell in row if cell.strip()][:_CELLS_SHOWN]
            text = " | ".join(cell[:24] for cell in cells)
            self.combo.addItem(self.tr("Row %1: %2").replace("%1", str(number)).replace("%2", text), number)
        self.combo.setCurrentIndex(max(0, self.combo.findData(current)))
        self.combo.blockSignals(False)

    def choose(self, number: int) -> None:
        """As a person picking the row: the combo moves and the dialog re-reads the header."""
        index = self.combo.findData(number)
        if index >= 0:
            self.combo.setCurrentIndex(index)
            self.row_chosen.emit(number)


def free_other_columns(combos: dict[int, QComboBox], index: int, shared: Sequence[str] = ()) -> None:
    """A field goes to one column: choosing it in column `index` frees the column that had it
    (fields in `shared` may stand in several columns)."""
    field = combos[index].currentData()
    for other, combo in combos.items():
        if field and field not in shared and other != index and combo.currentData() == field:
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
