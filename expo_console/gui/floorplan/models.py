"""The lists beside the plan: exhibitors without a booth (drag them onto one) and violations."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from expo_console.domain.layout_rules import Violation
from expo_console.gui.floorplan.rule_text import describe, rule_name
from expo_console.services.layout.floor_plan import Exhibitor

EXHIBITOR_MIME = "application/x-expo-console-exhibitor"
Index = QModelIndex | QPersistentModelIndex
COL_COMPANY, COL_SECTION = 0, 1
COL_RULE, COL_WHAT = 0, 1
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _TwoColumnModel(QAbstractTableModel):
    """A read-only list of `rows` in two columns titled by `headers` (set, translated, by each model)."""

    rows: Sequence[object]
    headers: tuple[str, str] = ("", "")

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else 2

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None


class UnplacedExhibitorsModel(_TwoColumnModel):
    def __init__(self, section_names: dict[str, str] | None = None) -> None:
        super().__init__()
        self.headers = (self.tr("Exhibitor"), self.tr("Section"))
        self.rows: list[Exhibitor] = []
        self.section_names = section_names or {}

    def set_rows(self, rows: Sequence[Exhibitor], section_names: dict[str, str]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.section_names = section_names
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == COL_COMPANY:
                return row.name
            return self.section_names.get(row.section_code or "", "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{row.name}\n{row.name_en}\n{row.products}"
        if role == ID_ROLE:
            return row.id
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [EXHIBITOR_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:  # noqa: N802
        mime = QMimeData()
        rows = sorted({i.row() for i in indexes if i.isValid()})
        if rows:
            exhibitor = self.rows[rows[0]]
            mime.setData(EXHIBITOR_MIME, f"{exhibitor.id}\t{exhibitor.section_code or ''}".encode())
            mime.setText(exhibitor.name)
        return mime

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction


class ViolationsModel(_TwoColumnModel):
    def __init__(self) -> None:
        super().__init__()
        self.headers = (self.tr("Rule"), self.tr("Where and by how much"))
        self.rows: list[Violation] = []
        self.number_of: Callable[[str], str] = str
        self.zone_name: Callable[[str], str] = str

    def set_rows(self, rows: Sequence[Violation], number_of: Callable[[str], str],
                 zone_name: Callable[[str], str]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.number_of, self.zone_name = number_of, zone_name
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        violation = self.rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            if index.column() == COL_RULE:
                return rule_name(violation.rule)
            where = ", ".join(self.number_of(b) for b in violation.booths[:1])
            text = describe(violation, self.number_of, self.zone_name)
            return f"{where}: {text}" if where else text
        return None
