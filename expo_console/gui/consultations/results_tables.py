"""The Results page's tables: a breakdown (by day, sector, country or exhibitor), the exhibitors
without a meeting held, and the top pairs, each filled from the one Results the PDF and XLSX
print. Texts are the UI language's; numbers are right-aligned, a breakdown ends with its total.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QFont

from expo_console.domain.consultation_results import Figures, Line, Pair, Quiet, QuietExhibitor
from expo_console.domain.countries import country_names

Index = QModelIndex | QPersistentModelIndex
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
REQUESTED_BACKGROUND = "#fff3e0"  # as the PDF marks them: someone asked to meet this exhibitor
# translate() spelled out at each text: lupdate finds only the calls it recognises by name
translate = QCoreApplication.translate


def header(key: str) -> str:
    """A column's title in the UI's language (translated when shown, not when imported)."""
    titles = {
        "planned": translate("ResultsTables", "Planned"), "held": translate("ResultsTables", "Held"),
        "no_show": translate("ResultsTables", "No-shows"), "cancelled": translate("ResultsTables", "Cancelled"),
        "amount": translate("ResultsTables", "Amount (KRW)"), "contracts": translate("ResultsTables", "Contracts"),
        "contract": translate("ResultsTables", "Contract amount (KRW)"), "booth": translate("ResultsTables", "Booth"),
        "exhibitor": translate("ResultsTables", "Exhibitor"), "sector": translate("ResultsTables", "Sector"),
        "requests": translate("ResultsTables", "Requests"), "why": translate("ResultsTables", "Why"),
        "buyer": translate("ResultsTables", "Buyer company"), "country": translate("ResultsTables", "Country"),
        "day": translate("ResultsTables", "Day"), "total": translate("ResultsTables", "Total"),
        # the studio's and the photo corner's (gui/consultations/booking_results_view.py)
        "done": translate("ResultsTables", "Done"), "viewers": translate("ResultsTables", "Viewers"), "peak": translate("ResultsTables", "Peak viewers"),
        "orders": translate("ResultsTables", "Orders"), "sales": translate("ResultsTables", "Sales (KRW)"),
        "photos": translate("ResultsTables", "Photos delivered"), "channel": translate("ResultsTables", "Channel"),
        "when": translate("ResultsTables", "Day and time"), "set": translate("ResultsTables", "Set"),
    }
    return titles[key]


FIGURES = ("planned", "held", "no_show", "cancelled", "amount", "contracts", "contract")


def figure_cells(f: Figures) -> list[str]:
    return [f"{f.planned:,}", f"{f.held:,}", f"{f.no_show:,}", f"{f.cancelled:,}", f"{f.amount_krw:,}",
            f"{f.contracts:,}", f"{f.contract_krw:,}"]


def quiet_reason(reason: Quiet) -> str:
    return {Quiet.NO_SHOWS: translate("ResultsTables", "Only no-shows or cancelled"),
            Quiet.NOT_PLACED: translate("ResultsTables", "Requested, not scheduled"),
            Quiet.NOT_YET: translate("ResultsTables", "Outcome pending"),
            Quiet.OTHER_DAYS: translate("ResultsTables", "Meetings on other days"),
            Quiet.NOT_REQUESTED: translate("ResultsTables", "No request")}[reason]


class ResultsTable(QAbstractTableModel):
    """Read-only rows of texts under `keys` (their headers); the `numbers` columns right-aligned,
    a bold last row when `total`, a tinted background on the `highlighted` rows."""

    def __init__(self) -> None:
        super().__init__()
        self.keys: list[str] = []
        self.headers: list[str] = []
        self.rows: list[list[str]] = []
        self.numbers: set[int] = set()
        self.total = False
        self.highlighted: set[int] = set()

    def show_rows(self, keys: Sequence[str], rows: list[list[str]], *, numbers: Sequence[str] = FIGURES,
                  total: bool = False, highlighted: set[int] | None = None) -> None:
        self.beginResetModel()
        self.keys, self.headers = list(keys), [header(k) if k != "#" else k for k in keys]
        self.rows, self.total, self.highlighted = rows, total, highlighted or set()
        self.numbers = {i for i, k in enumerate(keys) if k in numbers}
        self.endResetModel()

    def column(self, key: str) -> int:
        return self.keys.index(key)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.rows[row][column]
        if role == Qt.ItemDataRole.TextAlignmentRole and column in self.numbers:
            return NUMBER_ALIGN
        if role == Qt.ItemDataRole.FontRole and self.total and row == len(self.rows) - 1:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.BackgroundRole and row in self.highlighted:
            return QColor(REQUESTED_BACKGROUND)
        return None


def _named(name: str, name_en: str, korean: bool) -> str:
    return name if korean or not name_en else name_en


def show_breakdown(model: ResultsTable, first: str, lines: Sequence[Line], totals: Figures, korean: bool) -> None:
    rows = [[_named(line.name, line.name_en, korean), *figure_cells(line.figures)] for line in lines]
    rows.append([header("total"), *figure_cells(totals)])
    model.show_rows([first, *FIGURES], rows, total=True)


def show_exhibitors(model: ResultsTable, lines: Sequence[Line], totals: Figures, korean: bool) -> None:
    rows = [[line.booth, _named(line.name, line.name_en, korean),
             _named(line.sector_name, line.sector_name_en, korean), *figure_cells(line.figures)] for line in lines]
    rows.append(["", header("total"), "", *figure_cells(totals)])
    model.show_rows(["booth", "exhibitor", "sector", *FIGURES], rows, total=True)


def show_quiet(model: ResultsTable, quiet: Sequence[QuietExhibitor], korean: bool) -> None:
    rows = []
    for q in quiet:
        e, f = q.exhibitor, q.figures
        rows.append([e.booth, _named(e.name, e.name_en, korean), _named(e.sector_name, e.sector_name_en, korean),
                     f"{q.requests:,}", f"{f.planned:,}", f"{f.no_show:,}", f"{f.cancelled:,}",
                     quiet_reason(q.reason)])
    model.show_rows(["booth", "exhibitor", "sector", "requests", "planned", "no_show", "cancelled", "why"], rows,
                    numbers=("requests", "planned", "no_show", "cancelled"),
                    highlighted={i for i, q in enumerate(quiet) if q.requested})


def buyer_text(pair: Pair) -> str:
    """By company, never by person; an erased buyer only as that."""
    if pair.erased:
        return translate("ResultsTables", "Erased buyer")
    return pair.company or translate("ResultsTables", "No company given")


def show_pairs(model: ResultsTable, pairs: Sequence[Pair], korean: bool) -> None:
    rows = []
    for rank, pair in enumerate(pairs, start=1):
        ko, en = country_names(pair.country)
        rows.append([f"{rank}", buyer_text(pair), ko if korean else en,
                     _named(pair.exhibitor.name, pair.exhibitor.name_en, korean), f"{pair.figures.held:,}",
                     f"{pair.figures.amount_krw:,}", f"{pair.figures.contracts:,}", f"{pair.figures.contract_krw:,}"])
    model.show_rows(["#", "buyer", "country", "exhibitor", "held", "amount", "contracts", "contract"], rows)
