"""The dashboard's tables: zones now, the alert log, the desks' throughput, and the day's
admission conflicts (badges let in at two desks while they were apart).

They refresh every second. A refresh with the same number of rows only signals dataChanged, so a
selected row and the scroll position stay where the operator left them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from expo_console.domain.traffic_stats import Alert, clock, occupancy_colour
from expo_console.services.checkin.admission_conflicts import AdmissionConflict, ConflictScan
from expo_console.services.store import parse_utc_stamp
from expo_console.services.traffic.day import Snapshot, StationFigures, ZoneFigures

Index = QModelIndex | QPersistentModelIndex
NUMBER_ALIGN = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
ZONE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class _RowsModel(QAbstractTableModel):
    """Read-only rows of display texts under `headers` (set, translated, by each model);
    `numbers` are the right-aligned columns."""

    numbers: frozenset[int] = frozenset()

    def __init__(self) -> None:
        super().__init__()
        self.headers: Sequence[str] = ()
        self.rows: list[list[str]] = []
        self.keys: list[str] = []
        self.backgrounds: list[dict[int, str]] = []
        self.tooltips: list[str] = []

    def _replace(self, rows: list[list[str]], keys: list[str], backgrounds: list[dict[int, str]] | None = None,
                 tooltips: list[str] | None = None) -> None:
        backgrounds = backgrounds or [{} for _ in rows]
        tooltips = tooltips or ["" for _ in rows]
        if keys == self.keys:
            if rows != self.rows or backgrounds != self.backgrounds or tooltips != self.tooltips:
                self.rows, self.backgrounds, self.tooltips = rows, backgrounds, tooltips
                if rows:
                    self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, self.columnCount() - 1))
            return
        self.beginResetModel()
        self.rows, self.keys, self.backgrounds, self.tooltips = rows, keys, backgrounds, tooltips
        self.endResetModel()

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
        if role == Qt.ItemDataRole.BackgroundRole and column in self.backgrounds[row]:
            return QColor(self.backgrounds[row][column])
        if role == Qt.ItemDataRole.ToolTipRole and self.tooltips[row]:
            return self.tooltips[row]
        if role == ZONE_ID_ROLE:
            return self.keys[row]
        return None


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


class ZoneTableModel(_RowsModel):
    COL_ZONE, COL_INSIDE, COL_FULL, COL_ENTRIES, COL_EXITS, COL_UNIQUE, COL_STAY = range(7)
    numbers = frozenset(range(1, 7))

    def __init__(self, english: bool = True) -> None:
        super().__init__()
        self.english = english
        self.headers = (self.tr("Zone"), self.tr("Inside"), self.tr("Full"), self.tr("Entries"),
                        self.tr("Exits"), self.tr("Unique"), self.tr("Stay"))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("Zone, and the whole hall first"), self.tr("People inside now / the zone's capacity"),
                    self.tr("Share of capacity"), self.tr("Entries today"),
                    self.tr("Exits today; in brackets those inferred because nobody scanned out"),
                    self.tr("Different visitors who came in today"),
                    self.tr("Median stay of the visits whose end was seen"))[section]
        return super().headerData(section, orientation, role)

    def show(self, snapshot: Snapshot, dwell_s: Callable[[str], float | None]) -> None:
        rows, keys, backgrounds, tooltips = [], [], [], []
        for figures in [snapshot.hall, *snapshot.zones]:
            rows.append(self._row(figures, dwell_s(figures.id), figures is snapshot.hall))
            keys.append(figures.id)
            backgrounds.append({self.COL_FULL: occupancy_colour(figures.ratio)} if figures.capacity else {})
            tooltips.append(self._causes(figures))
        self._replace(rows, keys, backgrounds, tooltips)

    def _row(self, figures: ZoneFigures, dwell: float | None, is_hall: bool) -> list[str]:
        name = self.tr("Whole hall") if is_hall else (figures.name_en if self.english and figures.name_en
                                                      else figures.name)
        stay = "—" if dwell is None else self.tr("%1 min").replace("%1", f"{dwell / 60:.0f}")
        exits = f"{figures.exits:,} ({figures.inferred_exits:,})"
        return [name, f"{figures.occupancy:,} / {figures.capacity:,}", _share(figures.occupancy, figures.capacity),
                f"{figures.entries:,}", exits, f"{figures.unique_visitors:,}", stay]

    def _causes(self, figures: ZoneFigures) -> str:
        share = self.tr("%1 of %2 exits inferred (nobody scanned out)").replace(
            "%1", f"{figures.inferred_exits:,}").replace("%2", f"{figures.exits:,}")
        if not figures.inferred_by_cause:
            return share
        names = {"passback": self.tr("entered another zone"), "left_hall": self.tr("left the hall"),
                 "timeout": self.tr("stayed past the dwell timeout"), "correction": self.tr("head count"),
                 "closing": self.tr("hall closed")}
        parts = [f"{names.get(cause, cause)}: {count:,}" for cause, count in figures.inferred_by_cause.items()]
        return share + "\n" + self.tr("Now: %1").replace("%1", ", ".join(parts))


class AlertLogModel(_RowsModel):
    numbers = frozenset({4})

    def __init__(self, english: bool = True) -> None:
        super().__init__()
        self.english = english
        self.headers = (self.tr("Zone"), self.tr("Alert"), self.tr("Started"), self.tr("Ended"),
                        self.tr("Most inside"))

    def show(self, alerts: Sequence[Alert], names: dict[str, str]) -> None:
        newest_first = sorted(alerts, key=lambda a: (a.start, a.level), reverse=True)
        rows = [[names.get(a.zone, a.zone), self.level_text(a.level), clock(a.start),
                 self.tr("still on") if a.end is None else clock(a.end), f"{a.peak:,}"] for a in newest_first]
        keys = [f"{a.zone}@{a.level}@{a.start}" for a in newest_first]
        backgrounds = [{1: "#ef9a9a" if a.level >= 1.0 else "#ffe0b2"} for a in newest_first]
        self._replace(rows, keys, backgrounds)

    def level_text(self, level: float) -> str:
        return self.tr("Full (100%)") if level >= 1.0 else self.tr("Filling (80%)")


class DeskModel(_RowsModel):
    numbers = frozenset(range(1, 5))

    def __init__(self) -> None:
        super().__init__()
        self.headers = (self.tr("Station"), self.tr("Scans last minute"), self.tr("Per minute (5 min)"),
                        self.tr("Busy"), self.tr("Queue"))

    def show(self, stations: Sequence[StationFigures]) -> None:
        rows, backgrounds = [], []
        for station in stations:
            queue = station.queue
            if queue.waiting is None:
                waiting = self.tr("growing")
            else:
                waiting = self.tr("~%1 people, ~%2 s").replace("%1", f"{queue.waiting:.0f}") \
                    .replace("%2", f"{queue.wait_s or 0:.0f}")
            rows.append([station.station, f"{station.scans_last_minute:,}", f"{queue.per_minute:.1f}",
                         f"{queue.utilisation:.0%}", waiting])
            backgrounds.append({4: occupancy_colour(queue.utilisation)} if queue.per_minute else {})
        self._replace(rows, [s.station for s in stations], backgrounds)


class ConflictModel(_RowsModel):
    """One row per conflict: the badge, its visitor (name, then company), and each admission as
    two lines (when in the event's time and at which gate; then the station and the desk), so the
    narrow pane beside the charts keeps every part readable."""

    COL_BADGE, COL_VISITOR, COL_FIRST, COL_AGAIN = range(4)

    def __init__(self, zone: ZoneInfo) -> None:
        super().__init__()
        self.zone = zone
        self.conflicts: list[AdmissionConflict] = []
        self.headers = (self.tr("Badge"), self.tr("Visitor"), self.tr("First admitted"), self.tr("Admitted again"))

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> object:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.ToolTipRole:
            return (self.tr("The badge's serial number"), self.tr("Who the badge belongs to"),
                    self.tr("The first admission: when (event time), at which gate, station and desk"),
                    self.tr("The admission the first would have refused, made at another desk that could not "
                            "know of it"))[section]
        return super().headerData(section, orientation, role)

    def show(self, conflicts: Sequence[AdmissionConflict]) -> None:
        self.conflicts = list(conflicts)
        rows, tips = [], []
        for conflict in conflicts:
            first, again = conflict.first, conflict.second
            visitor = "\n".join(p for p in (conflict.visitor_name, conflict.company) if p) or "—"
            rows.append([f"#{conflict.badge_serial}" if conflict.badge_serial is not None else "—", visitor,
                         self._admission(first), self._admission(again)])
            tips.append("\n".join((self._detail(self.tr("First admitted"), first),
                                   self._detail(self.tr("Admitted again"), again))))
        self._replace(rows, [f"{c.first.scan_id}/{c.second.scan_id}" for c in conflicts], tooltips=tips)

    def _admission(self, scan: ConflictScan) -> str:
        return f"{self._clock(scan)} {scan.gate}\n" + self.tr("Desk %1 · %2").replace("%1", scan.desk_id) \
            .replace("%2", scan.station)

    def _detail(self, title: str, scan: ConflictScan) -> str:
        return self.tr("%1: %2 at %3, station %4, desk %5").replace("%1", title).replace("%2", self._clock(scan)) \
            .replace("%3", scan.gate).replace("%4", scan.station).replace("%5", scan.desk_id)

    def _clock(self, scan: ConflictScan) -> str:
        return parse_utc_stamp(scan.scanned_at).astimezone(self.zone).strftime("%H:%M")
