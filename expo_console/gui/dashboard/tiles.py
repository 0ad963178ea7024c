"""The big numbers across the top of the dashboard, and the alert banner above them."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

from expo_console.domain.traffic_stats import Alert


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
                         .replace("%3", f"{capacity:,}").replace("%4", f"{alert.start // 60:02d}:{alert.start % 60:02d}")
                         .replace("%5", f"{alert.peak:,}"))
        self.setText("⚠ " + "   ·   ".join(parts))
        self.setProperty("level", "full" if ordered[0].level >= 1.0 else "filling")
        self.style().unpolish(self)
        self.style().polish(self)
        self.show()
