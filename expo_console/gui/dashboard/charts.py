"""The dashboard's charts (pyqtgraph): traffic per bucket, occupancy over the day, visitor classes,
median stay. Time runs in hours on the x axis; a vertical line marks the minute shown, and the
peak hour is shaded on the time charts.

pyqtgraph is imported here only, and this module only when the dashboard is first opened, so the
console starts as fast as before for the desks that never look at it.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QTabWidget, QVBoxLayout, QWidget

from expo_console.domain.occupancy import HALL
from expo_console.gui.labels import class_label
from expo_console.services.badge_print.templates import load_class_styles
from expo_console.services.traffic.day import Snapshot, TrafficDay

pg.setConfigOptions(antialias=True, background="w", foreground="#37474f")
BUCKETS = (5, 15, 60)
ENTRY_GREEN, EXIT_GREY, PEAK_SHADE = "#43a047", "#90a4ae", (255, 193, 7, 45)


def _hour_ticks(first: int, last: int) -> list[list[tuple[float, str]]]:
    return [[(h, f"{h:02d}:00") for h in range(first, last + 1, 2)], [(h, "") for h in range(first, last + 1)]]


def _nice(value: float) -> float:
    """The next round number (10, 15, 20, 25, 30, 40, 50, 60, 80, 100, 150 …) at or above `value`."""
    step = 10.0
    while True:
        for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8):
            if step * factor >= value:
                return step * factor
        step *= 10


def _fit_y(plot: pg.PlotWidget, low: float, high: float) -> None:
    top = _nice(high * 1.1) if high > 0 else 10.0
    bottom = -_nice(-low * 1.1) if low < 0 else 0.0
    if plot.viewRange()[1] != [bottom, top]:
        plot.setYRange(bottom, top, padding=0)


def _plot(left: str, font: QFont) -> pg.PlotWidget:
    plot = pg.PlotWidget()
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    plot.enableAutoRange(y=False)  # set in steps (_fit_y): an axis that moves repaints its labels
    plot.showGrid(x=False, y=True, alpha=0.25)
    plot.setLabel("left", left)
    for axis in ("left", "bottom"):
        plot.getAxis(axis).setStyle(tickFont=font)
    return plot


class _TimeChart:
    """A plot over the hours of the day with the peak hour shaded and the shown minute marked."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        self.plot = plot
        self.peak = pg.LinearRegionItem(movable=False, brush=pg.mkBrush(*PEAK_SHADE),
                                        pen=pg.mkPen(None))
        self.peak.setZValue(-10)
        self.cursor = pg.InfiniteLine(angle=90, movable=False, pen=pg.mkPen("#d32f2f", width=1.5))
        plot.addItem(self.peak)
        plot.addItem(self.cursor)
        self._marked: tuple[int | None, int, int] | None = None

    def mark(self, snapshot: Snapshot, first_hour: int, last_hour: int) -> None:
        self.cursor.setValue(snapshot.minute / 60)
        peak = None if snapshot.peak_hour is None else snapshot.peak_hour[0]
        # the axis redraws its labels (costly text) whenever its ticks or range are set: only on change
        if (peak, first_hour, last_hour) == self._marked:
            return
        self._marked = (peak, first_hour, last_hour)
        if peak is None:
            self.peak.hide()
        else:
            self.peak.show()
            self.peak.setRegion((peak, peak + 1))
        self.plot.getAxis("bottom").setTicks(_hour_ticks(first_hour, last_hour))
        self.plot.setXRange(first_hour, last_hour, padding=0.01)


class TrafficCharts(QTabWidget):
    def __init__(self, english: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trafficCharts")
        self.english = english
        font = QFont()
        font.setPixelSize(11)
        self.zone_names: dict[str, str] = {}

        # entries and exits per bucket, for one zone
        traffic_page = QWidget()
        self.zone_box = QComboBox()
        self.zone_box.setObjectName("chartZone")
        self.bucket_box = QComboBox()
        self.bucket_box.setObjectName("chartBucket")
        for size in BUCKETS:
            self.bucket_box.addItem(self.tr("%1 min").replace("%1", str(size)), size)
        self.bucket_box.setCurrentIndex(1)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Zone")))
        bar.addWidget(self.zone_box, 1)
        bar.addWidget(QLabel(self.tr("Per")))
        bar.addWidget(self.bucket_box)
        bar.addStretch(2)
        self.traffic_plot = _plot(self.tr("People"), font)
        self.traffic_plot.addLegend(offset=(-8, 4))
        self.entry_bars = pg.BarGraphItem(x=[], height=[], width=0.1, brush=ENTRY_GREEN, pen=pg.mkPen(None),
                                          name=self.tr("Entries"))
        self.exit_bars = pg.BarGraphItem(x=[], height=[], width=0.1, brush=EXIT_GREY, pen=pg.mkPen(None),
                                         name=self.tr("Exits (scanned and inferred)"))
        self.traffic_plot.addItem(self.entry_bars)
        self.traffic_plot.addItem(self.exit_bars)
        self.traffic_time = _TimeChart(self.traffic_plot)
        column = QVBoxLayout(traffic_page)
        column.setContentsMargins(4, 4, 4, 4)
        column.addLayout(bar)
        column.addWidget(self.traffic_plot, 1)
        self.addTab(traffic_page, self.tr("Entries && exits"))
        self.zone_box.currentIndexChanged.connect(lambda _i: self._draw_current())
        self.bucket_box.currentIndexChanged.connect(lambda _i: self._draw_current())

        # occupancy over the day, as a share of each zone's capacity
        self.occupancy_plot = _plot(self.tr("% of capacity"), font)
        self.occupancy_plot.addLegend(offset=(-8, 4), colCount=3)
        for level, colour in ((80, "#fb8c00"), (100, "#e53935")):
            self.occupancy_plot.addItem(pg.InfiniteLine(level, angle=0, movable=False,
                                                        pen=pg.mkPen(colour, width=1, style=Qt.PenStyle.DashLine)))
        self.occupancy_time = _TimeChart(self.occupancy_plot)
        self.occupancy_lines: dict[str, pg.PlotDataItem] = {}
        self.addTab(self.occupancy_plot, self.tr("Occupancy"))

        self.class_plot = _plot(self.tr("Admitted"), font)
        self.class_bars = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.class_plot.addItem(self.class_bars)
        self.addTab(self.class_plot, self.tr("Visitor classes"))

        self.dwell_plot = _plot(self.tr("Minutes"), font)
        self.dwell_bars = pg.BarGraphItem(x=[], height=[], width=0.6, brush="#5c6bc0")
        self.dwell_plot.addItem(self.dwell_bars)
        self.addTab(self.dwell_plot, self.tr("Median stay"))
        self.class_colours = {code: style.colour for code, style in load_class_styles().items()}  # as on badges
        self.shown: dict[str, object] = {}  # what each chart holds now (tests read it)
        self._shown_day: tuple[TrafficDay, Snapshot, int, int] | None = None
        self.currentChanged.connect(lambda _page: self._draw_current())

    # --- filling -------------------------------------------------------------------------------

    def set_zones(self, names: dict[str, str], colours: dict[str, str]) -> None:
        """The zones to chart (hall first), with their display names and plan colours."""
        self.zone_names = names
        chosen = self.zone_box.currentData() or HALL
        self.zone_box.blockSignals(True)
        self.zone_box.clear()
        for zone_id, name in names.items():
            self.zone_box.addItem(name, zone_id)
        self.zone_box.setCurrentIndex(max(0, self.zone_box.findData(chosen)))
        self.zone_box.blockSignals(False)
        for line in self.occupancy_lines.values():
            self.occupancy_plot.removeItem(line)
        self.occupancy_plot.plotItem.legend.clear()
        self.occupancy_lines = {}
        for zone_id, name in names.items():
            pen = pg.mkPen(colours.get(zone_id, "#607d8b"), width=3 if zone_id == HALL else 2)
            self.occupancy_lines[zone_id] = self.occupancy_plot.plot([], [], pen=pen, name=name)

    def show_day(self, day: TrafficDay, snapshot: Snapshot, first_hour: int, last_hour: int) -> None:
        """Draw the chart on show; the others are drawn when their tab is picked (a refresh a
        second then costs one chart, not four)."""
        self._shown_day = (day, snapshot, first_hour, last_hour)
        self._draw_current()

    def _draw_current(self) -> None:
        if self._shown_day is None:
            return
        day, snapshot, first_hour, last_hour = self._shown_day
        page = self.currentIndex()
        if page == 0:
            self._traffic(day, snapshot.minute)
            self.traffic_time.mark(snapshot, first_hour, last_hour)
        elif page == 1:
            self._occupancy(day, snapshot)
            self.occupancy_time.mark(snapshot, first_hour, last_hour)
        elif page == 2:
            self._classes(day.classes_admitted(snapshot.minute))
        else:
            self._dwell(day, snapshot)

    def _occupancy(self, day: TrafficDay, snapshot: Snapshot) -> None:
        capacity = {f.id: f.capacity for f in [snapshot.hall, *snapshot.zones]}
        for zone_id, line in self.occupancy_lines.items():
            values = day.occupancy_line(zone_id, snapshot.minute)
            share = [100 * v / capacity[zone_id] if capacity.get(zone_id) else 0.0 for v in values]
            line.setData([m / 60 for m in range(len(share))], share)
        highest = max((max(line.yData) for line in self.occupancy_lines.values()
                       if line.yData is not None and len(line.yData)), default=0.0)
        _fit_y(self.occupancy_plot, 0, max(100.0, highest))  # the 100 % line always in sight
        self.shown["occupancy_now"] = {z: float(line.yData[-1]) for z, line in self.occupancy_lines.items()
                                       if line.yData is not None and len(line.yData)}

    def _traffic(self, day: TrafficDay, minute: int) -> None:
        zone_id = self.zone_box.currentData() or HALL
        size = self.bucket_box.currentData() or 15
        entries, exits = day.timeline(zone_id, minute, size)
        starts = [(i * size + size / 2) / 60 for i in range(len(entries))]
        width = size / 60 * 0.8
        self.entry_bars.setOpts(x=starts, height=entries, width=width)
        self.exit_bars.setOpts(x=starts, height=[-n for n in exits], width=width)
        _fit_y(self.traffic_plot, -max(exits, default=0), max(entries, default=0))
        self.shown["traffic"] = (zone_id, size, sum(entries), sum(exits))

    def _classes(self, admitted: dict[str, int]) -> None:
        codes = list(admitted)
        self.class_bars.setOpts(x=list(range(len(codes))), height=[admitted[c] for c in codes],
                                brushes=[pg.mkBrush(self.class_colours.get(c, "#607d8b")) for c in codes])
        self.class_plot.getAxis("bottom").setTicks([[(i, class_label(c)) for i, c in enumerate(codes)]])
        self.class_plot.setXRange(-0.6, max(len(codes), 1) - 0.4, padding=0)
        _fit_y(self.class_plot, 0, max(admitted.values(), default=0))
        self.shown["classes"] = admitted

    def _dwell(self, day: TrafficDay, snapshot: Snapshot) -> None:
        zones = list(snapshot.zones)
        stays: list[float] = []
        for zone in zones:
            seconds = day.median_dwell_s(zone.id, snapshot.minute)
            stays.append(0.0 if seconds is None else seconds / 60)
        self.dwell_bars.setOpts(x=list(range(len(zones))), height=stays)
        self.dwell_plot.getAxis("bottom").setTicks([[(i, self.zone_names.get(z.id, z.name))
                                                     for i, z in enumerate(zones)]])
        self.dwell_plot.setXRange(-0.6, max(len(zones), 1) - 0.4, padding=0)
        _fit_y(self.dwell_plot, 0, max(stays, default=0))
        self.shown["dwell_min"] = dict(zip((z.id for z in zones), stays, strict=True))

