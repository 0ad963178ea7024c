"""The studio's or the photo corner's results on the Results page (성과), beside the consultations':
its headline figures in tiles, then its tables in tabs (studio: by day, sector, channel and
exhibitor, the top broadcasts by sales; photo: by day and exhibitor), and the companies who asked
and were given no slot. Every figure is the BookingResults the PDF and the XLSX print
(domain/booking_results.py), in the UI's language.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.booking_results import (
    BookingFigures,
    BookingItem,
    BookingLine,
    BookingResults,
)
from expo_console.domain.bookings import BookingKind
from expo_console.gui.consultations.results_tables import ResultsTable, header
from expo_console.gui.dashboard.tiles import Tile

# "done", not the consultations' "held": their Korean header says a consultation took place
STUDIO_FIGURES = ("planned", "done", "no_show", "cancelled", "viewers", "peak", "orders", "sales")
PHOTO_FIGURES = ("planned", "done", "no_show", "cancelled", "photos")
NAME_COLUMN = {"day": 0, "sector": 0, "channel": 0, "exhibitor": 1, "top": 3}


def figure_cells(f: BookingFigures, kind: BookingKind) -> list[str]:
    counts = [f"{f.planned:,}", f"{f.held:,}", f"{f.no_show:,}", f"{f.cancelled:,}"]
    if kind == BookingKind.PHOTO:
        return [*counts, f"{f.photos:,}"]
    return [*counts, f"{f.viewers:,}", f"{f.peak_viewers:,}", f"{f.orders:,}", f"{f.sales_krw:,}"]


def _named(name: str, name_en: str, korean: bool) -> str:
    return name if korean or not name_en else name_en


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


class BookingResultsView(QWidget):
    def __init__(self, kind: BookingKind, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"{kind.value}Results")
        studio = kind == BookingKind.STUDIO
        self.tiles = {"held": Tile(self.tr("Broadcasts held") if studio else self.tr("Shoots held"),
                                   f"{kind.value}Held"),
                      "no_show": Tile(self.tr("No-shows"), f"{kind.value}NoShow")}
        if studio:
            self.tiles["sales"] = Tile(self.tr("Sales"), "studioSales")
            self.tiles["viewers"] = Tile(self.tr("Viewers"), "studioViewers")
        else:
            self.tiles["photos"] = Tile(self.tr("Photos delivered"), "photoPhotos")
        self.tiles["served"] = Tile(self.tr("Exhibitors served"), f"{kind.value}Served")
        row = QHBoxLayout()
        for tile in self.tiles.values():
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            row.addWidget(tile)
        self.not_served = QLabel()
        self.not_served.setObjectName(f"{kind.value}NotServed")
        self.not_served.setWordWrap(True)
        keys = (("day", self.tr("By day")), ("sector", self.tr("By sector")), ("channel", self.tr("By channel")),
                ("exhibitor", self.tr("By exhibitor")), ("top", self.tr("Top broadcasts"))) if studio else \
            (("day", self.tr("By day")), ("exhibitor", self.tr("By exhibitor")))
        self.models = {key: ResultsTable() for key, _title in keys}
        self.tabs = QTabWidget()
        self.tabs.setObjectName(f"{kind.value}ResultsTabs")
        self.views: dict[str, QTableView] = {}
        for key, title in keys:
            view = QTableView()
            view.setObjectName(f"{kind.value}_{key}")
            view.setModel(self.models[key])
            view.setAlternatingRowColors(True)
            view.verticalHeader().hide()
            view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.views[key] = view
            self.tabs.addTab(view, title)
        column = QVBoxLayout(self)
        column.addLayout(row)
        column.addWidget(self.not_served)
        column.addWidget(self.tabs, 1)

    def show_results(self, results: BookingResults, korean: bool) -> None:
        t = results.totals
        self.tiles["held"].show_value(f"{t.held:,}", self.tr("of %1 booked · %2 to come")
                                      .replace("%1", f"{t.planned:,}").replace("%2", f"{t.booked:,}"))
        share = t.no_show_share
        self.tiles["no_show"].show_value(f"{t.no_show:,}", self.tr("%1 of outcomes · %2 cancelled")
                                         .replace("%1", "—" if share is None else f"{share:.0%}")
                                         .replace("%2", f"{t.cancelled:,}"))
        if "sales" in self.tiles:
            self.tiles["sales"].show_value(self.tr("%1 won").replace("%1", f"{t.sales_krw:,}"),
                                           self.tr("%1 orders").replace("%1", f"{t.orders:,}"))
            peak = "" if t.average_peak is None else self.tr("peak %1").replace("%1", f"{t.peak_viewers:,}")
            self.tiles["viewers"].show_value(f"{t.viewers:,}", peak)  # no peak entered: nothing to say
        else:
            self.tiles["photos"].show_value(f"{t.photos:,}", self.tr("%1 exhibitors")
                                            .replace("%1", f"{results.exhibitors_held:,}"))
        self.tiles["served"].show_value(f"{results.served:,} / {results.asked:,}",
                                        self.tr("%1 asked, given no slot").replace("%1", f"{len(results.not_served):,}"))
        names = [_named(e.name, e.name_en, korean) for e in results.not_served]
        self.not_served.setText(self.tr("Asked, given no slot (%1): %2").replace("%1", f"{len(names):,}")
                                .replace("%2", ", ".join(names)) if names else "")
        self.not_served.setVisible(bool(names))
        self._breakdown("day", results.by_day, t, korean)
        self.tabs.setTabVisible(0, results.day is None)  # one day is one row: the tiles say it
        self._breakdown("exhibitor", results.by_exhibitor, t, korean)
        if self.kind == BookingKind.STUDIO:
            self._breakdown("sector", results.by_sector, t, korean)
            self._breakdown("channel", results.by_channel, t, korean)
            self._top(results.top, korean)
        for key, view in self.views.items():  # the names take the width the figures leave
            view.horizontalHeader().setSectionResizeMode(NAME_COLUMN[key], QHeaderView.ResizeMode.Stretch)

    def _breakdown(self, key: str, lines: Sequence[BookingLine], totals: BookingFigures, korean: bool) -> None:
        figures = STUDIO_FIGURES if self.kind == BookingKind.STUDIO else PHOTO_FIGURES
        if key == "exhibitor":
            rows = [[line.booth, _named(line.name, line.name_en, korean),
                     _named(line.sector_name, line.sector_name_en, korean), *figure_cells(line.figures, self.kind)]
                    for line in lines]
            rows.append(["", header("total"), "", *figure_cells(totals, self.kind)])
            self.models[key].show_rows(["booth", "exhibitor", "sector", *figures], rows, numbers=figures, total=True)
            return
        rows = [[_named(line.name, line.name_en, korean), *figure_cells(line.figures, self.kind)] for line in lines]
        rows.append([header("total"), *figure_cells(totals, self.kind)])
        self.models[key].show_rows([key, *figures], rows, numbers=figures, total=True)

    def _top(self, top: Sequence[BookingItem], korean: bool) -> None:
        rows = [[f"{rank}", f"{i.day.strftime('%m-%d')} {i.starts.strftime('%H:%M')}", i.resource,
                 _named(i.exhibitor.name, i.exhibitor.name_en, korean), i.channel, _count(i.viewers),
                 _count(i.peak_viewers), _count(i.orders), _count(i.sales_krw)] for rank, i in enumerate(top, start=1)]
        numbers = ("viewers", "peak", "orders", "sales")
        self.models["top"].show_rows(["#", "when", "set", "exhibitor", "channel", *numbers], rows, numbers=numbers)
