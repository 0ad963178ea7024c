"""The big numbers across the top of the dashboard, and the alert banner above them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from expo_console.domain.traffic_stats import Alert, clock
from expo_console.services.traffic.day import Snapshot


class Tile(QFrame):
    """A caption, one big figure, and a line under it that says what the figure is out of."""

    def __init__(self, caption: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.caption = QLabel(caption)
        self.caption.setObjectName("tileCaption")
        self.value = QLabel("—")
        self.value.setObjectName(name)
        self.value.setProperty("tileValue", True)
        self.detail = QLabel("")
        self.detail.setObjectName("tileDetail")
        self.detail.setWordWrap(True)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 6, 10, 6)
        column.setSpacing(1)
        for label in (self.caption, self.value, self.detail):
            column.addWidget(label)

    def show_value(self, value: str, detail: str = "", tooltip: str = "") -> None:
        self.value.setText(value)
        self.detail.setText(detail)
        self.setToolTip(tooltip)


class AlertBanner(QLabel):
    """Hidden while every zone has room; red when one is full, amber when one is at 80 %."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("alertBanner")
        self.setWordWrap(True)
        self.hide()

    def show_alerts(self, active: Sequence[Alert], names: dict[str, str], counts: dict[str, tuple[int, int]]) -> None:
        if not active:
            self.hide()
            self.setText("")
            return
        ordered = sorted(active, key=lambda a: (-a.level, a.start))
        parts = []
        for alert in ordered:
            inside, capacity = counts.get(alert.zone, (alert.peak, 0))
            # the alert counts the most inside within each minute, the table the count at its end
            template = self.tr("%1 FULL since %4: %2 / %3 now, %5 at most") if alert.level >= 1.0 else \
                self.tr("%1 over 80% since %4: %2 / %3 now, %5 at most")
            parts.append(template.replace("%1", names.get(alert.zone, alert.zone)).replace("%2", f"{inside:,}")
                         .replace("%3", f"{capacity:,}").replace("%4", clock(alert.start))
                         .replace("%5", f"{alert.peak:,}"))
        self.setText("⚠ " + "   ·   ".join(parts))
        self.setProperty("level", "full" if ordered[0].level >= 1.0 else "filling")
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()


class TileRow(QWidget):
    """The six figures an operations manager reads first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tiles = {
            "hall": Tile(self.tr("In the hall now"), "tileHall"),
            "admitted": Tile(self.tr("Admitted today"), "tileAdmitted"),
            "zones": Tile(self.tr("Unique visitors per zone"), "tileZones"),
            "buyers": Tile(self.tr("Buyers on site"), "tileBuyers"),
            "inferred": Tile(self.tr("Exits inferred"), "tileInferred"),
            "peak": Tile(self.tr("Peak hour"), "tilePeak"),
        }
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for tile in self.tiles.values():
            row.addWidget(tile)

    def show_snapshot(self, snapshot: Snapshot, names: dict[str, str]) -> None:
        hall = snapshot.hall
        self.tiles["hall"].show_value(f"{hall.occupancy:,}", self.tr("of %1 (%2)").replace(
            "%1", f"{hall.capacity:,}").replace("%2", f"{hall.ratio:.0%}"))
        self.tiles["admitted"].show_value(f"{hall.unique_visitors:,}", self.tr("%1 entries through the gates")
                                          .replace("%1", f"{hall.entries:,}"))
        ranked = sorted(snapshot.zones, key=lambda z: -z.unique_visitors)
        lines = [f"{names.get(z.id, z.name)} {z.unique_visitors:,}" for z in ranked]
        self.tiles["zones"].show_value(f"{sum(z.unique_visitors for z in snapshot.zones):,}",
                                       " · ".join(lines[:2]), "\n".join(lines))
        self.tiles["buyers"].show_value(f"{snapshot.buyers_on_site:,}", self.tr("domestic and overseas buyers"))
        exits = hall.exits + sum(z.exits for z in snapshot.zones)
        inferred = hall.inferred_exits + sum(z.inferred_exits for z in snapshot.zones)
        share = f"{inferred / exits:.0%}" if exits else "—"
        self.tiles["inferred"].show_value(share, self.tr("%1 of %2 exits nobody scanned").replace(
            "%1", f"{inferred:,}").replace("%2", f"{exits:,}"))
        peak = snapshot.peak_hour
        if peak is None:
            self.tiles["peak"].show_value("—", self.tr("nobody yet"))
        else:
            self.tiles["peak"].show_value(f"{peak[0]:02d}–{peak[0] + 1:02d}",
                                          self.tr("%1 came in").replace("%1", f"{peak[1]:,}"))
