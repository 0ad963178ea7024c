"""The dashboard workspace: where visitors are now, and how the day went.

A day is replayed once on a worker (with a progress bar), then a one-second timer reads only the
scans recorded since (TrafficDay.refresh), so the screen stays live at any size of event file.
The replay slider shows any minute of the day as it was: the figures are kept per minute, so
scrubbing is a lookup. Following the slider's right end means live.

The figures follow the hub, not the buttons that changed them: a plan edit (zones, capacities,
rules) or new counting settings replay the day, a head count is taken at once, whichever window
or view made the change.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSlider,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from expo_console.domain.access import Action
from expo_console.domain.floor_plan import Plan
from expo_console.domain.occupancy import HALL
from expo_console.domain.traffic_stats import Alert
from expo_console.gui.checkin.sounds import VerdictSounds
from expo_console.gui.dashboard.conflicts import ConflictList
from expo_console.gui.dashboard.day_files import DayFiles, TaskProgress
from expo_console.gui.dashboard.head_count import HeadCountDialog
from expo_console.gui.dashboard.heatmap import HeatMapScene, HeatMapView
from expo_console.gui.dashboard.models import AlertLogModel, DeskModel, ZoneTableModel
from expo_console.gui.dashboard.on_air import OnAirBoard
from expo_console.gui.dashboard.settings_dialog import TrafficSettingsDialog
from expo_console.gui.dashboard.tiles import AlertBanner, TileRow
from expo_console.gui.hub import Hub
from expo_console.gui.ops import BackgroundOp, run_op
from expo_console.gui.role_view import permit
from expo_console.gui.sync.synced_copy import SyncedCopyLabel
from expo_console.gui.workers import Task
from expo_console.services.changes import TrafficChanged
from expo_console.services.layout import floor_plan
from expo_console.services.progress import CancelFlag, ProgressCallback
from expo_console.services.store import EventStore, reopen
from expo_console.services.traffic import counting
from expo_console.services.traffic.day import REPLAY_NEEDED, Snapshot, TrafficDay

REFRESH_MS = 1000


def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # names give way
    view.verticalHeader().setDefaultSectionSize(24)
    return view


# A day replayed from the start in a tick (late scans, an annulment) holds the window for about
# 12 µs a scan: up to this many it is done in place, a larger day is replayed on the worker.
INLINE_REPLAY_SCANS = 4_000


class DashboardWorkspace(QWidget):
    loaded = Signal()  # a day's figures are on screen

    def __init__(self, store: EventStore, hub: Hub, english: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardWorkspace")
        self.store, self.hub, self.english = store, hub, english
        self.day: TrafficDay | None = None
        self.snapshot: Snapshot | None = None
        self.charts: Any = None  # TrafficCharts, built when first shown (pyqtgraph loads then)
        self.names: dict[str, str] = {}
        self._task: Task | None = None
        self._asked: dt.date | None = None  # the day being replayed or shown
        self._loaded = False
        self._following = True  # the slider sits at its right end and moves with the clock
        self._was_live = False  # whether the day was live at the last tick
        self._heard: set[tuple[str, float, int]] = set()  # alerts already sounded
        self.sounds = VerdictSounds(self)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.tick)
        self._stale = False  # the plan or the settings changed while the tab was hidden: replay when shown
        self._conflicts_stale = False  # scans changed while the tab was hidden: read the conflicts when shown
        hub.layout_changed.connect(self._replay_again)
        hub.traffic_changed.connect(self._traffic_changed)
        hub.visitors_changed.connect(self._scans_changed)  # a scan or an annulment at this desk
        self._build()

    # --- building ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.day_box = QComboBox()
        self.day_box.setObjectName("dayPicker")
        for number, day in enumerate(counting.event_days(self.store), start=1):
            self.day_box.addItem(self.tr("%1 · day %2").replace("%1", day.isoformat()).replace("%2", str(number)),
                                 day.isoformat())
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setObjectName("replaySlider")
        self.slider.setPageStep(15)
        self.slider.setToolTip(self.tr("Scrub through the day: ← → a minute, Page Up/Down a quarter hour, End: now"))
        self.clock_label = QLabel("—")
        self.clock_label.setObjectName("replayClock")
        self.now_button = QPushButton(self.tr("&Now"))
        self.now_button.setToolTip(self.tr("Back to the latest figures (End)"))
        self.peak_button = QPushButton(self.tr("&Busiest moment"))
        self.peak_button.setToolTip(self.tr("Show the minute the hall was fullest"))
        self.count_button = QPushButton(self.tr("&Head count…"))
        self.count_button.setToolTip(self.tr("Enter a zone's count taken by hand; it corrects the figure from now on"))
        self.settings_button = QPushButton(self.tr("&Counting…"))
        self.settings_button.setToolTip(self.tr("Hall capacity, dwell timeouts, closing time, lane speed"))
        self.report_button = QPushButton(self.tr("Daily &report…"))
        self.export_button = QPushButton(self.tr("E&xport series…"))
        self.progress = TaskProgress()
        self.files = DayFiles(self, self.store, self.hub, self.progress)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Day")))
        bar.addWidget(self.day_box)
        bar.addWidget(self.slider, 1)
        bar.addWidget(self.clock_label)
        for widget in (self.now_button, self.peak_button, self.count_button, self.settings_button,
                       self.report_button, self.export_button, self.progress):
            bar.addWidget(widget)

        self.banner = AlertBanner()
        self.tile_row = TileRow()
        self.tiles = self.tile_row.tiles

        self.heat_scene = HeatMapScene(self)
        self.heat_view = HeatMapView(self.heat_scene)
        self.zone_model = ZoneTableModel(self.english)
        self.alert_model = AlertLogModel(self.english)
        self.desk_model = DeskModel()
        self.zone_table = _table(self.zone_model, "zoneTable")
        self.alert_table = _table(self.alert_model, "alertLog")
        self.desk_table = _table(self.desk_model, "deskTable")
        self.side = QTabWidget()
        self.side.addTab(self.alert_table, self.tr("Alert log"))
        self.side.addTab(self.desk_table, self.tr("Desks"))
        # badges let in at two desks while they were apart: on a file on a hub (or one that has some)
        self.conflicts = ConflictList(self.store, counting.event_zone(self.store))
        self.conflict_tab = self.side.addTab(self.conflicts, "")
        self.conflicts.counted.connect(self._show_conflict_count)
        # on a hub: how fresh this desk's copy of the other desks' scans is (the bar above is full)
        self.synced_copy = SyncedCopyLabel(self.store)
        self.side.setCornerWidget(self.synced_copy, Qt.Corner.TopRightCorner)
        self._show_conflict_count(None)
        # the plan and the zone table side by side on top, the charts and the logs under them:
        # at 1366 × 768 the hall (2.5 : 1) then fills its pane with labels that can be read
        # the studio's broadcast on air and the next, with the studio zone's figure, under the zones
        self.on_air = OnAirBoard(self.store, self.hub, self.english)
        zones = QSplitter(Qt.Orientation.Vertical)
        zones.addWidget(self.zone_table)
        zones.addWidget(self.on_air)
        zones.setChildrenCollapsible(False)
        zones.setStretchFactor(0, 1)
        top = QSplitter(Qt.Orientation.Horizontal)
        top.addWidget(self.heat_view)
        top.addWidget(zones)
        self.chart_holder = QWidget()
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.addWidget(self.chart_holder)
        bottom.addWidget(self.side)
        self.body = QSplitter(Qt.Orientation.Vertical)
        self.body.addWidget(top)
        self.body.addWidget(bottom)
        for splitter, sizes in ((top, (520, 480)), (bottom, (600, 400)), (self.body, (520, 480))):
            splitter.setChildrenCollapsible(False)
            for i, size in enumerate(sizes):
                splitter.setStretchFactor(i, size)
            splitter.setSizes(list(sizes))
        self.heat_view.setMinimumSize(320, 180)
        self.chart_holder.setMinimumHeight(200)
        column = QVBoxLayout(self)
        column.setContentsMargins(6, 6, 6, 6)
        column.addLayout(bar)
        column.addWidget(self.banner)
        column.addWidget(self.tile_row)
        column.addWidget(self.body, 1)

        self.day_box.currentIndexChanged.connect(lambda _i: self.load_day(self.chosen_day))
        self.slider.valueChanged.connect(self._slider_moved)
        self.now_button.clicked.connect(self.go_live)
        self.peak_button.clicked.connect(self.go_to_peak)
        self.count_button.clicked.connect(lambda: self.head_count())
        self.settings_button.clicked.connect(self.edit_settings)
        self.report_button.clicked.connect(lambda: self.save_report())
        self.export_button.clicked.connect(lambda: self.export_series())
        # a role that may not count heads or change the counting sees the buttons disabled, and why
        self.may_count = permit(self.count_button, self.store, Action.HEAD_COUNT)
        permit(self.settings_button, self.store, Action.CHANGE_SETTINGS)
        self._enable(False)

    def _enable(self, ready: bool) -> None:
        for widget in (self.slider, self.now_button, self.peak_button, self.report_button, self.export_button):
            widget.setEnabled(ready)
        self.count_button.setEnabled(ready and self.may_count)

    def _replay_again(self, _change: object = None) -> None:
        """Zones, capacities and rules come from the plan, timeouts and the hall's capacity from
        the counting settings: a change to either replays the day (one still loading starts over)."""
        if self._asked is None:  # no day asked for yet: the first showing reads everything
            return
        if self.isVisible():
            self.load_day(self._asked)
        else:
            self._stale = True

    def _traffic_changed(self, change: TrafficChanged) -> None:
        if change.settings:
            self._replay_again()
        elif change.counts:
            self.tick()  # a head count is read like a new scan, without replaying the day
            self._scans_changed()  # and a sync's pull of other desks' scans may pair two admissions

    def _scans_changed(self, _change: object = None) -> None:
        if self.isVisible():
            self.conflicts.refresh_soon()
        else:
            self._conflicts_stale = True

    def _show_conflict_count(self, count: int | None) -> None:
        """The tab says how many conflicts the day has, in red when there are any."""
        title = self.tr("Conflicts") if count is None else \
            self.tr("Conflicts (%1)").replace("%1", f"{count:,}")
        self.side.setTabText(self.conflict_tab, title)
        self.side.setTabVisible(self.conflict_tab, self.synced_copy.on_hub or bool(count))
        self.side.tabBar().setTabTextColor(self.conflict_tab, QColor("#b3261e") if count else QColor())  # invalid: the default
        self.side.setTabToolTip(self.conflict_tab, self.tr(
            "Badges admitted at two desks while the desks were apart (the hub out of reach): both admissions "
            "stand. Look at each: a badge shared by two people, or one visitor let in twice."))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802
        super().showEvent(event)
        if self._stale and self._asked is not None:
            self._stale = False
            self.load_day(self._asked)
        if self._conflicts_stale:
            self._conflicts_stale = False
            self.conflicts.refresh_soon()
        if not self._loaded:
            self._loaded = True
            from expo_console.gui.dashboard.charts import (
                TrafficCharts,  # pyqtgraph: only when looked at
            )

            self.charts = TrafficCharts(self.english)
            self.chart_holder.layout().addWidget(self.charts)
            day = counting.default_day(self.store)
            index = self.day_box.findData(day.isoformat())
            self.day_box.blockSignals(True)
            self.day_box.setCurrentIndex(max(0, index))
            self.day_box.blockSignals(False)
            self.load_day(self.chosen_day)

    @property
    def chosen_day(self) -> dt.date:
        return dt.date.fromisoformat(self.day_box.currentData())

    def choose_day(self, day: dt.date) -> None:
        self.day_box.setCurrentIndex(self.day_box.findData(day.isoformat()))

    @property
    def is_loaded(self) -> bool:
        return self.day is not None

    # --- loading a day -------------------------------------------------------------------------

    def load_day(self, day: dt.date) -> None:
        """Replay `day` on a worker; the figures appear when it is done."""
        if self._task is not None:
            self._task.cancel()
        self.timer.stop()
        self._asked = day
        self.day, self.snapshot = None, None
        self._enable(False)
        self.progress.busy()
        event = self.store

        def work(progress: ProgressCallback, cancel: CancelFlag) -> tuple[TrafficDay, Plan]:
            store = reopen(event)  # the worker reads on its own connection
            try:
                replayed = TrafficDay(store, day, progress, lambda: cancel.is_set)
                plan = floor_plan.load_plan(store)  # for the heat map: read here, not on the GUI thread
            finally:
                store.close()
            cancel.raise_if_set()
            return replayed, plan

        # long work runs one way, as a BackgroundOp; a replay only reads, so nothing is broadcast
        op: BackgroundOp[tuple[TrafficDay, Plan]] = BackgroundOp(self, self.hub, work)
        op.on_progress(self.progress.advance)  # the bar in the toolbar, not a dialog over the figures
        op.on_success(lambda result: self._day_ready(op.task, *result))
        op.on_failure(lambda error, _trace: self._day_failed(op.task, error))
        self._task = op.run()

    def _day_failed(self, task: Task | None, error: Exception) -> None:
        if task is not self._task:
            return
        self.progress.hide()
        self.clock_label.setText("—")
        QMessageBox.warning(self, self.tr("Dashboard"), self.tr("The day's scans could not be read: %1")
                            .replace("%1", str(error)))

    def _day_ready(self, task: Task | None, replayed: TrafficDay, plan: Plan) -> None:
        if task is not self._task:  # another day was picked meanwhile
            return
        self._task = None
        replayed.use_store(self.store)
        self.day = replayed
        self.progress.hide()
        self.names = {HALL: self.tr("Whole hall")}
        for zone in replayed.counted:
            self.names[zone.id] = zone.name_en if self.english and zone.name_en else zone.name
        colours = {HALL: "#37474f", **{z.id: z.colour for z in replayed.counted}}
        self.heat_scene.load(plan, [z.id for z in replayed.counted], floor_plan.rules(self.store).clear_strip_m)
        self.heat_view.fit()
        self.charts.set_zones(self.names, colours)
        first_hour, _last = replayed.active_hours()
        self.slider.blockSignals(True)
        self.slider.setRange(first_hour * 60, replayed.minute_now)
        self.slider.setValue(replayed.minute_now)
        self.slider.blockSignals(False)
        self._following = True
        self._was_live = replayed.live
        if not replayed.live:
            peak = self.peak_minute()  # a finished day opens at its busiest, not on an empty hall
            if peak is not None:
                self._set_minute(peak)
        # alerts already on when the day opens are shown, not sounded: only new ones ring
        self._heard = {(a.zone, a.level, a.start) for a in replayed.snapshot().alerts}
        self._enable(True)
        self._show()
        self.conflicts.show_day(replayed.day)
        self.timer.start()
        self.loaded.emit()

    def stop(self) -> None:
        """Stop refreshing and drop any replay still running (the window is closing)."""
        self.timer.stop()
        if self._task is not None:
            self._task.cancel()
            self._task = None

    # --- time ----------------------------------------------------------------------------------

    def tick(self) -> None:
        """Once a second: take the new scans, move with the clock if following, ring new alerts."""
        if self.day is None:
            return
        taken = self.day.refresh(replay_here_up_to=INLINE_REPLAY_SCANS)
        if taken == REPLAY_NEEDED:  # late scans (another desk's, pulled from the hub) or an annulment
            self.timer.stop()  # the replay starts it again; a hidden tab replays when shown
            self._replay_again()
            return
        now = self.day.minute_now
        live = self.day.live
        if live and not self._was_live:  # the day came alive (a desk, or a simulation playing it)
            self._following = True
        self._was_live = live
        if self.slider.maximum() != now or (self._following and self.slider.value() != now):
            self.slider.blockSignals(True)
            self.slider.setMaximum(now)
            if self._following:
                self.slider.setValue(now)
            self.slider.blockSignals(False)
        latest = self.day.snapshot()
        self._sound_new_alerts(latest)
        if self._following or taken:
            self._show(latest if self._following else None)

    def _sound_new_alerts(self, latest: Snapshot) -> None:
        """One sound for what started since the last tick: red if a zone filled, else amber."""
        started = [a for a in latest.alerts if a.end is None and (a.zone, a.level, a.start) not in self._heard]
        self._heard.update((a.zone, a.level, a.start) for a in started)
        if started:
            self.sounds.play("red" if any(a.level >= 1.0 for a in started) else "amber")

    def _slider_moved(self, minute: int) -> None:
        self._following = minute >= self.slider.maximum()
        self._show()

    def _set_minute(self, minute: int) -> None:
        self.slider.setValue(max(self.slider.minimum(), min(minute, self.slider.maximum())))
        self._following = self.slider.value() >= self.slider.maximum()

    def go_live(self) -> None:
        self.slider.setValue(self.slider.maximum())

    def peak_minute(self) -> int | None:
        if self.day is None:
            return None
        line = self.day.occupancy_line(HALL, self.day.minute_now)
        if not any(line):
            return None
        return max(range(len(line)), key=lambda m: (line[m], -m))

    def go_to_peak(self) -> None:
        peak = self.peak_minute()
        if peak is not None:
            self._set_minute(peak)

    # --- showing -------------------------------------------------------------------------------

    def _show(self, latest: Snapshot | None = None) -> None:
        """Show the minute on the slider (or `latest`, the live figures the tick already took)."""
        if self.day is None:
            return
        if latest is None:
            latest = self.day.snapshot(self.day.minute_now if self._following else self.slider.value())
        snapshot = self.snapshot = latest
        live = self._following and self.day.live
        self.clock_label.setText(snapshot.clock + " · " + (self.tr("live") if live else self.tr("replay")))
        self.clock_label.setProperty("live", "true" if live else "false")
        self.clock_label.style().unpolish(self.clock_label)
        self.clock_label.style().polish(self.clock_label)
        self.count_button.setEnabled(live and self.may_count)  # a head count is taken now, by a role that may
        self.heat_scene.show_figures(snapshot.zones, self.english)
        self.zone_model.show(snapshot, lambda zone_id: self.day.median_dwell_s(zone_id, snapshot.minute)
                             if self.day else None)
        self.alert_model.show(snapshot.alerts, self.names)
        self.desk_model.show(snapshot.stations)
        self.tile_row.show_snapshot(snapshot, self.names)
        self.on_air.show_occupancy(snapshot.zones, "" if live else snapshot.clock)  # a replayed minute says so
        counts = {f.id: (f.occupancy, f.capacity) for f in [snapshot.hall, *snapshot.zones]}
        self.banner.show_alerts(self.active_alerts(snapshot), self.names, counts)
        if self.isVisible():
            self._show_charts()

    def _show_charts(self) -> None:
        if self.day is not None and self.snapshot is not None and self.charts is not None:
            self.charts.show_day(self.day, self.snapshot, *self.day.active_hours())

    @staticmethod
    def active_alerts(snapshot: Snapshot) -> list[Alert]:
        """The alerts on at the minute shown, the highest level per zone."""
        highest: dict[str, Alert] = {}
        for alert in snapshot.alerts:
            if alert.end is None and (alert.zone not in highest or alert.level > highest[alert.zone].level):
                highest[alert.zone] = alert
        return list(highest.values())

    # --- actions -------------------------------------------------------------------------------

    def head_count(self, count: int | None = None, zone_id: str | None = None, note: str = "") -> bool:
        """Record a zone's hand count (from the dialog, or the arguments when given)."""
        if self.day is None or self.snapshot is None:
            return False
        shown = {f.id: f.occupancy for f in [self.snapshot.hall, *self.snapshot.zones]}
        if count is None:
            dialog = HeadCountDialog(self.snapshot, self.names, zone_id, self)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return False
            count, zone_id, note = dialog.count.value(), dialog.zone_id, dialog.note.text()
        zone_id = zone_id or HALL
        store, day = self.store, self.day
        try:  # the broadcast takes the count into this dashboard and any other at once
            run_op(self.hub, lambda: counting.correct_count(store, zone_id, count, shown_before=shown.get(zone_id),
                                                            note=note, at=day.moment()))
        except counting.TrafficError as error:
            QMessageBox.warning(self, self.tr("Head count"), str(error))
            return False
        self.hub.status_message_requested.emit(self.tr("Head count for %1: %2 (the screen showed %3).").replace(
            "%1", self.names.get(zone_id, zone_id)).replace("%2", f"{count:,}").replace(
            "%3", f"{shown.get(zone_id, 0):,}"))
        return True

    def edit_settings(self) -> None:
        """The dialog saves through the op-runner; the day is recounted when the change is heard."""
        TrafficSettingsDialog(self.store, self.hub, self.names, self).exec()

    def save_report(self, path: str | None = None) -> Task | None:
        """Write the daily PDF report for the day shown, as of the minute shown."""
        if self.day is None or self.snapshot is None:
            return None
        return self.files.save_report(self.day.day, self.snapshot.minute, path)

    def export_series(self, path: str | None = None) -> Task | None:
        """Write the day's per-minute series (every zone) to CSV or XLSX, up to the minute shown."""
        if self.day is None or self.snapshot is None:
            return None
        return self.files.export_series(self.day.day, self.snapshot.minute, path)
