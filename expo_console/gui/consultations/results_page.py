"""The Results page (성과): the consultation zone's results on screen, as the report prints them.

Tiles (held, no-shows, the consultation amount, contracts expected, exhibitors met, those asked
for and not met), then a table per breakdown (by day, sector, buyer country, exhibitor), the
exhibitors without a meeting held and the top pairs. A day or the whole event; Export PDF… and
Export XLSX… write the same figures (services/consultations/results_files.py) on the worker.
The studio's and the photo shoots' results follow in tabs of their own when the event has
bookings (gui/consultations/booking_results_view.py); an event with those alone shows them alone.
Every figure is services/consultations/results.report_results: the report's own.

It follows the hub: a meeting's outcome, a broadcast's results, a solve, an erased buyer or a
renamed exhibitor refresh it (once after a burst, and only when it is in view; a hidden page
refreshes when shown).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.bookings import BookingKind
from expo_console.domain.consultation_results import WEEKDAYS_KO, Results
from expo_console.gui import file_dialogs
from expo_console.gui.consultations.booking_results_view import BookingResultsView
from expo_console.gui.consultations.results_tables import (
    ResultsTable,
    show_breakdown,
    show_exhibitors,
    show_pairs,
    show_quiet,
)
from expo_console.gui.dashboard.tiles import Tile
from expo_console.gui.file_errors import not_written
from expo_console.gui.hub import Hub
from expo_console.gui.i18n import is_korean
from expo_console.gui.labels import error_text
from expo_console.gui.ops import BackgroundOp
from expo_console.gui.workers import Task
from expo_console.services.access import AccessDenied
from expo_console.services.consultations.results import report_days, report_results
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen

REFRESH_DELAY_MS = 300  # outcomes typed one after another refresh the figures once
NAME_COLUMN = {"day": 0, "sector": 0, "country": 0, "exhibitor": 1, "quiet": 1, "pairs": 1}
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class ResultsPage(QWidget):
    refreshed = Signal()  # new figures are on screen

    def __init__(self, store: EventStore, hub: Hub, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultsPage")
        self.store, self.hub = store, hub
        self.results: Results | None = None
        self._stale = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._build()
        for signal in (hub.meetings_changed, hub.bookings_changed, hub.visitors_changed, hub.layout_changed):
            signal.connect(self._changed)
        self.refresh()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.day_box = QComboBox()
        self.day_box.setObjectName("resultsDay")
        self.day_box.addItem(self.tr("Whole event"), None)
        korean = is_korean()
        for day in report_days(self.store):
            weekday = WEEKDAYS_KO[day.weekday()] if korean else WEEKDAYS_EN[day.weekday()]
            self.day_box.addItem(f"{day.isoformat()} ({weekday})", day.isoformat())
        self.day_box.currentIndexChanged.connect(lambda _index: self.refresh())
        self.rate_label = QLabel()
        self.rate_label.setObjectName("resultsRate")
        self.pdf_button = QPushButton(self.tr("Export &PDF…"))
        self.pdf_button.setObjectName("resultsPdf")
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button = QPushButton(self.tr("Export &XLSX…"))
        self.xlsx_button.setObjectName("resultsXlsx")
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        bar = QHBoxLayout()
        day_label = QLabel(self.tr("&Day"))
        day_label.setBuddy(self.day_box)
        for widget in (day_label, self.day_box, self.rate_label):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)

        self.tiles = {
            "held": Tile(self.tr("Consultations held"), "resultsHeld"),
            "no_show": Tile(self.tr("No-shows"), "resultsNoShow"),
            "amount": Tile(self.tr("Consultation amount"), "resultsAmount"),
            "contracts": Tile(self.tr("Contracts expected"), "resultsContracts"),
            "met": Tile(self.tr("Exhibitors met"), "resultsMet"),
            "unmet": Tile(self.tr("Requested, none held"), "resultsUnmet"),
        }
        tile_row = QHBoxLayout()
        for tile in self.tiles.values():
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)  # one height for all
            tile_row.addWidget(tile)
        self.notice = QLabel()
        self.notice.setObjectName("resultsNotice")
        self.notice.setWordWrap(True)
        self.notice.hide()

        self.models = {key: ResultsTable() for key in ("day", "sector", "country", "exhibitor", "quiet", "pairs")}
        self.views: dict[str, QTableView] = {}
        self.tabs = QTabWidget()
        self.tabs.setObjectName("resultsTabs")
        for key, title in (("day", self.tr("By day")), ("sector", self.tr("By sector")),
                           ("country", self.tr("By buyer country")), ("exhibitor", self.tr("By exhibitor")),
                           ("quiet", self.tr("Without a meeting")), ("pairs", self.tr("Top pairs"))):
            view = QTableView()
            view.setObjectName(f"results_{key}")
            view.setModel(self.models[key])
            view.setAlternatingRowColors(key != "quiet")  # the quiet table tints the rows asked for
            view.verticalHeader().hide()
            view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
            view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
            self.views[key] = view
            self.tabs.addTab(view, title)
        # the studio's and the photo corner's, shown when the event has bookings of the kind
        self.booking_views = {kind: BookingResultsView(kind) for kind in BookingKind}
        self.tabs.addTab(self.booking_views[BookingKind.STUDIO], self.tr("Live commerce"))
        self.tabs.addTab(self.booking_views[BookingKind.PHOTO], self.tr("Photo shoots"))
        self.consultation_tabs = len(self.models)

        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addLayout(tile_row)
        column.addWidget(self.notice)
        column.addWidget(self.tabs, 1)

    # --- figures -------------------------------------------------------------------------------

    @property
    def day(self) -> dt.date | None:
        value = self.day_box.currentData()
        return dt.date.fromisoformat(value) if value else None

    def _changed(self, _change: object) -> None:
        self._stale = True
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale:
            self._timer.start(0)

    def refresh(self) -> None:
        self._timer.stop()
        try:
            results = report_results(self.store, self.day)
        except AccessDenied as refused:
            self.results = None
            self._show_notice(error_text(refused))
            return
        self._stale = False
        self.results = results
        self._show(results)
        self.refreshed.emit()

    def _show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice.setVisible(bool(text))

    def _show(self, results: Results) -> None:
        korean = is_korean()
        t = results.totals
        rate = f"{results.usd_rate:,.2f}".rstrip("0").rstrip(".")
        self.rate_label.setText(self.tr("USD amounts at 1 USD = %1 KRW").replace("%1", rate))
        share = t.no_show_share
        self.tiles["held"].show_value(f"{t.held:,}", self.tr("of %1 planned · %2 to come")
                                      .replace("%1", f"{t.planned:,}").replace("%2", f"{t.scheduled:,}"))
        self.tiles["no_show"].show_value(f"{t.no_show:,}", self.tr("%1 of outcomes · %2 cancelled")
                                         .replace("%1", "—" if share is None else f"{share:.0%}")
                                         .replace("%2", f"{t.cancelled:,}"))
        usd = (self.tr("%1 USD typed in dollars").replace("%1", f"{results.usd_amount:,.0f}")
               if results.usd_meetings else "")
        self.tiles["amount"].show_value(self.tr("%1 won").replace("%1", f"{t.amount_krw:,}"), usd)
        self.tiles["contracts"].show_value(f"{t.contracts:,}", self.tr("%1 won expected")
                                           .replace("%1", f"{t.contract_krw:,}"))
        self.tiles["met"].show_value(f"{results.exhibitors_met:,} / {results.exhibitors:,}",
                                     self.tr("%1 buyers met").replace("%1", f"{results.buyers_met:,}"))
        self.tiles["unmet"].show_value(f"{results.requested_unmet:,}",
                                       self.tr("%1 exhibitors without a meeting held")
                                       .replace("%1", f"{len(results.without_meeting):,}"))
        unmet = self.tiles["unmet"].value
        unmet.setProperty("alarm", results.requested_unmet > 0)  # red: the complaint these events hear most
        unmet.style().unpolish(unmet)
        unmet.style().polish(unmet)
        show_breakdown(self.models["day"], "day", results.by_day, t, korean)
        show_breakdown(self.models["sector"], "sector", results.by_sector, t, korean)
        show_breakdown(self.models["country"], "country", results.by_country, t, korean)
        show_exhibitors(self.models["exhibitor"], results.by_exhibitor, t, korean)
        show_quiet(self.models["quiet"], results.without_meeting, korean)
        show_pairs(self.models["pairs"], results.top_pairs, korean)
        for key, view in self.views.items():  # the names take the width the figures leave
            view.horizontalHeader().setSectionResizeMode(NAME_COLUMN[key], QHeaderView.ResizeMode.Stretch)
        self.tabs.setTabText(4, self.tr("Without a meeting (%1)").replace("%1", f"{len(results.without_meeting):,}"))
        consultations = results.has_consultations  # an event with the studio alone shows the studio's alone
        for index in range(self.consultation_tabs):
            self.tabs.setTabVisible(index, consultations and (index != 0 or results.day is None))  # one day: no table of days
        for tile in self.tiles.values():
            tile.setVisible(consultations)
        self.rate_label.setVisible(consultations)
        self._show_bookings(results, korean)
        no_meetings = t.planned + t.cancelled == 0
        self._show_notice(self.tr("No consultation meetings yet: solve the schedule first, then enter the "
                                  "outcomes as the meetings end.") if no_meetings and consultations else "")

    def _show_bookings(self, results: Results, korean: bool) -> None:
        for offset, (kind, kind_results) in enumerate(((BookingKind.STUDIO, results.studio),
                                                       (BookingKind.PHOTO, results.photo))):
            index = self.consultation_tabs + offset
            self.tabs.setTabVisible(index, kind_results is not None)
            if kind_results is not None:
                self.booking_views[kind].show_results(kind_results, korean)
        if not self.tabs.isTabVisible(self.tabs.currentIndex()):
            shown = next((i for i in range(self.tabs.count()) if self.tabs.isTabVisible(i)), 0)
            self.tabs.setCurrentIndex(shown)

    # --- files ---------------------------------------------------------------------------------

    def export(self, kind: str, path: str | Path | None = None) -> Task | None:
        """Export PDF… or Export XLSX…: the figures on screen (the day chosen) to a file."""
        day = self.day
        scope = day.isoformat() if day else "all"
        if not path:
            caption = self.tr("Export results")
            filters = self.tr("PDF (*.pdf)") if kind == "pdf" else self.tr("Excel (*.xlsx)")
            path = file_dialogs.save_file(self, caption, filters, f"consultation-results-{scope}.{kind}",
                                          kind="report", event_file=self.store.path)
        if not path:
            return None
        from expo_console.services.consultations.results_files import (
            write_results_file,  # reportlab: when asked
        )

        target, event = Path(path), self.store

        def work(progress: ProgressCallback, _cancel: CancelFlag) -> None:
            store = reopen(event)
            try:
                write_results_file(store, target, day, progress=progress)
            finally:
                store.close()

        def failed(error: Exception, _trace: str) -> None:
            QMessageBox.warning(self, self.tr("Not saved"), not_written(target, error))

        return (BackgroundOp(self, self.hub, work, label=self.tr("Export results"))
                .on_success(lambda _result: self.hub.status_message_requested.emit(
                    self.tr("Results saved: %1").replace("%1", str(target))))
                .on_failure(failed).run())
